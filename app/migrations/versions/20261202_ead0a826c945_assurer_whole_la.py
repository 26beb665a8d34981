"""assurer whole LA: the lead may grant a quality assurer every cohort of the LA

Revision ID: ead0a826c945
Revises: b71b3d727168
Create Date: 2026-12-02 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'ead0a826c945'
down_revision = 'b71b3d727168'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('whole_la', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('role_assignment', schema=None) as batch_op:
        batch_op.drop_column('whole_la')
