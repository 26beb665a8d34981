"""plan sign-off rule: who signs off a cohort's action plans when a school has no headteacher

Revision ID: a9492ad84c99
Revises: 9088c21a7d40
Create Date: 2026-12-02 09:00:00
"""

from alembic import op
import sqlalchemy as sa
import app.db


revision = 'a9492ad84c99'
down_revision = '9088c21a7d40'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_sign_off_rule',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.Enum('HEADTEACHER_ONLY', 'SENCO_NAMING_HEAD', name='signoff', native_enum=False, length=40), nullable=False),
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_plan_sign_off_rule_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_plan_sign_off_rule_la_id_local_authority'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_sign_off_rule')),
    sa.UniqueConstraint('cohort_id', name=op.f('uq_plan_sign_off_rule_cohort_id'))
    )
    with op.batch_alter_table('plan_sign_off_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_sign_off_rule_la_id'), ['la_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_sign_off_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_sign_off_rule_la_id'))
    op.drop_table('plan_sign_off_rule')
