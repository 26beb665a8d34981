"""Keeps the network's summary counts (selfeval/models/network.py) equal to the ratings.

Each count is one grouped INSERT ... SELECT over the LA's own submitted self-evaluations (about
140 schools), run in the transaction of the change that calls for it, so a crash leaves the
figures and the submissions consistent. A change in one year recounts that year and the next,
whose change from the year before reads both.
"""

from sqlalchemy import Select, delete, func, insert, literal_column, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Cohort, School
from selfeval.models import AreaResponse, NetworkCountRow, NetworkRevision, SelfEvaluation, StatementRating
from selfeval.types import NetworkCountKind, SelfEvaluationStatus

_COLUMNS = ["la_id", "start_year", "kind", "key", "phase", "value", "schools"]


def _text(value: str):
    # Inline constants, so that the INSERT ... SELECT binds nothing whose type a database must guess.
    return literal_column(f"'{value}'")


def _submitted(stmt: Select, la_ids: list[int] | None, years: list[int] | None) -> Select:
    stmt = (stmt.join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
            .where(SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED))
    if la_ids is not None:
        stmt = stmt.where(SelfEvaluation.la_id.in_(la_ids))
    if years is not None:
        stmt = stmt.where(Cohort.start_year.in_(years))
    return stmt


def recounts(la_ids: list[int] | None, years: list[int] | None) -> list[Select]:
    """The grouped SELECTs giving every summary row of these LAs and years (all when None), in
    the columns of `_COLUMNS`."""
    la, year = SelfEvaluation.la_id, Cohort.start_year
    schools = _submitted(
        select(la, year, _text(NetworkCountKind.SCHOOLS.name), _text(""), _text(""), literal_column("0"),
               func.count(SelfEvaluation.school_id.distinct())).select_from(SelfEvaluation),
        la_ids, years).group_by(la, year)
    levels = _submitted(
        select(la, year, _text(NetworkCountKind.AREA_LEVEL.name), AreaResponse.area_id, School.phase,
               AreaResponse.judgement, func.count())
        .select_from(AreaResponse).join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id),
        la_ids, years).join(School, School.id == SelfEvaluation.school_id).where(
        AreaResponse.judgement.is_not(None)).group_by(la, year, AreaResponse.area_id, School.phase,
                                                      AreaResponse.judgement)
    # One rating per statement per self-evaluation, and one self-evaluation per school per year,
    # so counting rows counts schools, without the cost of a DISTINCT.
    ratings = _submitted(
        select(la, year, _text(NetworkCountKind.STATEMENT_RATING.name), StatementRating.statement_id,
               _text(""), StatementRating.rating, func.count())
        .select_from(StatementRating)
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id),
        la_ids, years).where(StatementRating.rating.is_not(None)).group_by(
        la, year, StatementRating.statement_id, StatementRating.rating)
    # A school's change is counted in the later year, against its own submission of the year
    # before in the same LA.
    before_eval, before_area, before_cohort = aliased(SelfEvaluation), aliased(AreaResponse), aliased(Cohort)
    change = AreaResponse.judgement - before_area.judgement
    changes = _submitted(
        select(la, year, _text(NetworkCountKind.AREA_CHANGE.name), AreaResponse.area_id, _text(""), change,
               func.count())
        .select_from(AreaResponse).join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id),
        la_ids, years).join(
        before_eval, (before_eval.school_id == SelfEvaluation.school_id) & (before_eval.la_id == SelfEvaluation.la_id)
        & (before_eval.status == SelfEvaluationStatus.SUBMITTED)).join(
        before_cohort, (before_cohort.id == before_eval.cohort_id) & (before_cohort.start_year == year - 1)).join(
        before_area, (before_area.self_evaluation_id == before_eval.id)
        & (before_area.area_id == AreaResponse.area_id)).where(
        AreaResponse.judgement.is_not(None), before_area.judgement.is_not(None)).group_by(
        la, year, AreaResponse.area_id, change)
    return [schools, levels, ratings, changes]


def _replace(la_ids: list[int] | None, years: list[int] | None) -> None:
    db.session.flush()  # the change that called for the recount must be in what it reads
    gone = delete(NetworkCountRow)
    if la_ids is not None:
        gone = gone.where(NetworkCountRow.la_id.in_(la_ids))
    if years is not None:
        gone = gone.where(NetworkCountRow.start_year.in_(years))
    plain = {"synchronize_session": False}
    db.session.execute(gone, execution_options=plain)
    for recount in recounts(la_ids, years):
        db.session.execute(insert(NetworkCountRow).from_select(_COLUMNS, recount, include_defaults=False),
                           execution_options=plain)
    _next_revision()


def _next_revision() -> None:
    bumped = db.session.execute(update(NetworkRevision).values(revision=NetworkRevision.revision + 1),
                                execution_options={"synchronize_session": False})
    if bumped.rowcount == 0:  # a database made from the models, not the migrations
        db.session.add(NetworkRevision(id=1, revision=1))
        db.session.flush()


def evaluation_changed(la_id: int, cohort_id: int) -> None:
    """A self-evaluation of the LA's cohort was submitted, reopened or removed."""
    start_year = db.session.scalar(select(Cohort.start_year).where(Cohort.id == cohort_id))
    if start_year is not None:
        _replace([la_id], [start_year, start_year + 1])


def rebuild(la_id: int | None = None) -> int:
    """Recount one LA's rows for every year (every LA's when None); the number of rows now kept.
    For a school's phase changing, an LA's records loaded, bulk seeding, and repair."""
    la_ids = None if la_id is None else [la_id]
    _replace(la_ids, None)
    counted = select(func.count(NetworkCountRow.id))
    return db.session.scalar(counted if la_ids is None else counted.where(NetworkCountRow.la_id.in_(la_ids))) or 0

