"""privacy notice and retention: each LA's own privacy notice, numbered, and how many years a finished
cohort's records are kept

Revision ID: b71b3d727168
Revises: ac9a64c85a7c
Create Date: 2026-12-02 10:00:00
"""

from alembic import op
import sqlalchemy as sa
import app.db


revision = 'b71b3d727168'
down_revision = 'ac9a64c85a7c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('local_authority', schema=None) as batch_op:
        batch_op.add_column(sa.Column('privacy_notice', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('privacy_notice_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('privacy_notice_changed_at', app.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('retention_years', sa.Integer(), server_default='6', nullable=False))
        batch_op.create_check_constraint('retention_years_range', 'retention_years BETWEEN 1 AND 10')


def downgrade() -> None:
    with op.batch_alter_table('local_authority', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_local_authority_retention_years_range'), type_='check')
        batch_op.drop_column('retention_years')
        batch_op.drop_column('privacy_notice_changed_at')
        batch_op.drop_column('privacy_notice_version')
        batch_op.drop_column('privacy_notice')
