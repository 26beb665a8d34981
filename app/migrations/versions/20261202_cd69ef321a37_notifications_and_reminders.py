"""notifications and reminders: queued notifications, daily digests, e-mail preferences

Revision ID: cd69ef321a37
Revises: a9492ad84c99
Create Date: 2026-12-02 10:00:00
"""

from alembic import op
import sqlalchemy as sa
import app.db


revision = 'cd69ef321a37'
down_revision = 'a9492ad84c99'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification_digest',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('CLAIMED', 'SENT', 'FAILED', name='digeststatus', native_enum=False,
                                length=40), nullable=False),
    sa.Column('claimed_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('sent_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('subject', sa.String(length=200), server_default='', nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_digest_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digest')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_notification_digest_user_id_day'))
    )
    with op.batch_alter_table('notification_digest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_digest_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('PLAN_SHARED', 'PLAN_COMMENTED', 'PLAN_SIGNED_OFF', 'QA_DRAFT_READY', 'MEETING',
                              'VISIT', 'REMINDER', name='notificationkind', native_enum=False, length=40),
              nullable=False),
    sa.Column('key', sa.String(length=250), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('href', sa.String(length=500), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('status', sa.Enum('QUEUED', 'SENT', 'NOT_WANTED', name='notificationstatus', native_enum=False,
                                length=40), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('attachment_name', sa.String(length=120), nullable=True),
    sa.Column('attachment_type', sa.String(length=100), nullable=True),
    sa.Column('attachment_body', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['digest_id'], ['notification_digest.id'], name=op.f('fk_notification_digest_id_notification_digest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_notification_la_id_local_authority'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_notification_user_id_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_digest_id'), ['digest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_la_id'), ['la_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)

    op.create_table('notification_opt_out',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.Enum('WAITING', 'REMINDERS', 'INVITATIONS', name='topic', native_enum=False, length=40),
              nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_opt_out_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_opt_out')),
    sa.UniqueConstraint('user_id', 'topic', name=op.f('uq_notification_opt_out_user_id_topic'))
    )
    with op.batch_alter_table('notification_opt_out', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_opt_out_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notification_opt_out', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_opt_out_user_id'))
    op.drop_table('notification_opt_out')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))
        batch_op.drop_index(batch_op.f('ix_notification_status'))
        batch_op.drop_index(batch_op.f('ix_notification_la_id'))
        batch_op.drop_index(batch_op.f('ix_notification_digest_id'))
    op.drop_table('notification')

    with op.batch_alter_table('notification_digest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_digest_user_id'))
    op.drop_table('notification_digest')
