"""cohort timetable

Revision ID: 5d1e7a9c3b20
Revises: 038848326a7b
Create Date: 2026-12-02 08:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '5d1e7a9c3b20'
down_revision = '038848326a7b'
branch_labels = None
depends_on = None

MILESTONES = ('launch_on', 'self_evaluation_due', 'meeting_1_by', 'plan_signed_off_by', 'meeting_2_by',
              'qa_visits_from', 'qa_visits_to', 'meeting_3_by', 'celebration_on')


def upgrade() -> None:
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        for name in MILESTONES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        for name in reversed(MILESTONES):
            batch_op.drop_column(name)
