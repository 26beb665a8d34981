"""meeting and visit times and places, calendar invitation sequence, outbox attachments

Revision ID: 9088c21a7d40
Revises: 5d1e7a9c3b20
Create Date: 2026-12-03 09:00:00
"""

from alembic import op
import sqlalchemy as sa
import app.db


revision = '9088c21a7d40'
down_revision = '5d1e7a9c3b20'
branch_labels = None
depends_on = None

ARRANGED = ('triad_meeting', 'qa_visit')


def upgrade() -> None:
    for table in ARRANGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('start_time', sa.Time(), nullable=True))
            batch_op.add_column(sa.Column('end_time', sa.Time(), nullable=True))
            batch_op.add_column(sa.Column('place', sa.String(length=200), server_default='', nullable=False))
            batch_op.add_column(sa.Column('online_link', sa.String(length=500), server_default='', nullable=False))
            batch_op.add_column(sa.Column('invite_sequence', sa.Integer(), server_default='0', nullable=False))

    op.create_table('outbox_attachment',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_outbox_attachment_message_id_outbox_message'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_attachment'))
    )
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_attachment_message_id'), ['message_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_attachment_message_id'))
    op.drop_table('outbox_attachment')

    for table in reversed(ARRANGED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in ('invite_sequence', 'online_link', 'place', 'end_time', 'start_time'):
                batch_op.drop_column(name)
