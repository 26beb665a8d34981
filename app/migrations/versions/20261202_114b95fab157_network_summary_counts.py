"""network summary counts: the network's figures kept per LA and year, filled from the ratings

Revision ID: 114b95fab157
Revises: ead0a826c945
Create Date: 2026-12-02 17:00:00
"""

from alembic import op
import sqlalchemy as sa

import app.db


revision = '114b95fab157'
down_revision = 'ead0a826c945'
branch_labels = None
depends_on = None

# The counts as selfeval/interfaces/network_summary.py keeps them, from every submitted
# self-evaluation; plain SQL that SQLite and PostgreSQL both run.
FILL = [
    """INSERT INTO network_count (la_id, start_year, kind, key, phase, value, schools)
       SELECT e.la_id, c.start_year, 'SCHOOLS', '', '', 0, COUNT(DISTINCT e.school_id)
       FROM self_evaluation e JOIN cohort c ON c.id = e.cohort_id
       WHERE e.status = 'SUBMITTED'
       GROUP BY e.la_id, c.start_year""",
    """INSERT INTO network_count (la_id, start_year, kind, key, phase, value, schools)
       SELECT e.la_id, c.start_year, 'AREA_LEVEL', a.area_id, s.phase, a.judgement, COUNT(*)
       FROM area_response a JOIN self_evaluation e ON e.id = a.self_evaluation_id
       JOIN cohort c ON c.id = e.cohort_id JOIN school s ON s.id = e.school_id
       WHERE e.status = 'SUBMITTED' AND a.judgement IS NOT NULL
       GROUP BY e.la_id, c.start_year, a.area_id, s.phase, a.judgement""",
    """INSERT INTO network_count (la_id, start_year, kind, key, phase, value, schools)
       SELECT e.la_id, c.start_year, 'STATEMENT_RATING', r.statement_id, '', r.rating, COUNT(*)
       FROM statement_rating r JOIN area_response a ON a.id = r.area_response_id
       JOIN self_evaluation e ON e.id = a.self_evaluation_id JOIN cohort c ON c.id = e.cohort_id
       WHERE e.status = 'SUBMITTED' AND r.rating IS NOT NULL
       GROUP BY e.la_id, c.start_year, r.statement_id, r.rating""",
    """INSERT INTO network_count (la_id, start_year, kind, key, phase, value, schools)
       SELECT e.la_id, c.start_year, 'AREA_CHANGE', a.area_id, '', a.judgement - pa.judgement, COUNT(*)
       FROM area_response a JOIN self_evaluation e ON e.id = a.self_evaluation_id
       JOIN cohort c ON c.id = e.cohort_id
       JOIN self_evaluation pe ON pe.school_id = e.school_id AND pe.la_id = e.la_id AND pe.status = 'SUBMITTED'
       JOIN cohort pc ON pc.id = pe.cohort_id AND pc.start_year = c.start_year - 1
       JOIN area_response pa ON pa.self_evaluation_id = pe.id AND pa.area_id = a.area_id
       WHERE e.status = 'SUBMITTED' AND a.judgement IS NOT NULL AND pa.judgement IS NOT NULL
       GROUP BY e.la_id, c.start_year, a.area_id, a.judgement - pa.judgement""",
]


def upgrade() -> None:
    op.create_table('network_count',
    sa.Column('la_id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('SCHOOLS', 'AREA_LEVEL', 'STATEMENT_RATING', 'AREA_CHANGE', name='networkcountkind', native_enum=False, length=40), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('phase', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('schools', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['la_id'], ['local_authority.id'], name=op.f('fk_network_count_la_id_local_authority'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_count')),
    sa.UniqueConstraint('la_id', 'start_year', 'kind', 'key', 'phase', 'value', name=op.f('uq_network_count_la_id_start_year_kind_key_phase_value')),
    )
    with op.batch_alter_table('network_count', schema=None) as batch_op:
        batch_op.create_index('ix_network_count_kind_start_year_key',
                              ['kind', 'start_year', 'key', 'phase', 'value', 'la_id', 'schools'], unique=False)
    for statement in FILL:
        op.execute(statement)
    op.create_table('network_revision',
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_revision')),
    )
    op.execute("INSERT INTO network_revision (id, revision) VALUES (1, 1)")


def downgrade() -> None:
    op.drop_table('network_revision')
    with op.batch_alter_table('network_count', schema=None) as batch_op:
        batch_op.drop_index('ix_network_count_kind_start_year_key')
    op.drop_table('network_count')
