"""data revision: a number per LA raised by every write of that LA's data, for pages kept once drawn

Revision ID: 5d1e7c0a9b42
Revises: 114b95fab157
Create Date: 2026-12-02 20:30:00
"""

from alembic import op
import sqlalchemy as sa

import app.db


revision = '5d1e7c0a9b42'
down_revision = '114b95fab157'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_revision',
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_revision')),
    sa.UniqueConstraint('la_id', name=op.f('uq_data_revision_la_id')),
    )


def downgrade() -> None:
    op.drop_table('data_revision')
