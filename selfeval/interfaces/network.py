"""The programme network's anonymised benchmarks.

Counts only: no school identity leaves these queries, and each query is one grouped SELECT
whatever the number of schools, so the network view stays cheap at national scale. Counts are
grouped by LA as well, only so that the benchmarks can tell how many LAs stand behind a figure
(dashboards/benchmarks.py hides any figure with too few); no figure carries an LA's id.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Cohort, School
from selfeval.models import AreaResponse, SelfEvaluation, StatementRating
from selfeval.types import SelfEvaluationStatus


@dataclass(frozen=True)
class NetworkCount:
    key: str  # an area id or a statement id
    phase: str  # the schools' phase (label), or "" when not split by phase
    value: int  # a level, a rating, or a change in level
    schools: int
    la: int = 0  # the LA the schools are in: for counting LAs, never shown


def _submitted_in(la_ids: list[int], start_year: int):
    return (SelfEvaluation.la_id.in_(la_ids), Cohort.start_year == start_year,
            SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)


def network_years(la_ids: list[int]) -> list[int]:
    """Academic years (start year) in which these LAs' schools submitted self-evaluations."""
    if not la_ids:
        return []
    return list(db.session.scalars(
        select(Cohort.start_year).join(SelfEvaluation, SelfEvaluation.cohort_id == Cohort.id)
        .where(SelfEvaluation.la_id.in_(la_ids), SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)
        .distinct().order_by(Cohort.start_year.desc())))


def network_totals(la_ids: list[int], start_year: int) -> tuple[int, int]:
    """(LAs, schools) with a submitted self-evaluation in the year."""
    if not la_ids:
        return 0, 0
    las, schools = db.session.execute(
        select(func.count(SelfEvaluation.la_id.distinct()), func.count(SelfEvaluation.school_id.distinct()))
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(*_submitted_in(la_ids, start_year))).one()
    return int(las), int(schools)


def network_las(la_ids: list[int], start_year: int) -> set[int]:
    """Of these LAs, those with a submitted self-evaluation in the year."""
    if not la_ids:
        return set()
    return set(db.session.scalars(
        select(SelfEvaluation.la_id).join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(*_submitted_in(la_ids, start_year)).distinct()))


def network_area_levels(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools judged each area at each level, by phase, in submitted self-evaluations."""
    if not la_ids:
        return []
    stmt = (
        select(AreaResponse.area_id, School.phase, AreaResponse.judgement, SelfEvaluation.la_id, func.count())
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .join(School, School.id == SelfEvaluation.school_id)
        .where(*_submitted_in(la_ids, start_year), AreaResponse.judgement.is_not(None))
        .group_by(AreaResponse.area_id, School.phase, AreaResponse.judgement, SelfEvaluation.la_id)
    )
    return [NetworkCount(area_id, phase.label, int(level), int(n), la)
            for area_id, phase, level, la, n in db.session.execute(stmt)]


def network_statement_ratings(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools gave each statement each rating, in submitted self-evaluations."""
    if not la_ids:
        return []
    stmt = (
        # One rating per statement per self-evaluation, and one self-evaluation per school per
        # year, so counting rows counts schools, without the cost of a DISTINCT.
        select(StatementRating.statement_id, StatementRating.rating, SelfEvaluation.la_id, func.count())
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(*_submitted_in(la_ids, start_year), StatementRating.rating.is_not(None))
        .group_by(StatementRating.statement_id, StatementRating.rating, SelfEvaluation.la_id)
    )
    return [NetworkCount(statement_id, "", int(rating), int(n), la)
            for statement_id, rating, la, n in db.session.execute(stmt)]


def network_area_changes(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """For schools that submitted in this year and the year before, in the same LA: how many
    schools' judgement of each area changed by how much. The caller passes only the LAs present
    in both years."""
    if not la_ids:
        return []
    before_eval, before_area, before_cohort = aliased(SelfEvaluation), aliased(AreaResponse), aliased(Cohort)
    change = (AreaResponse.judgement - before_area.judgement).label("change")
    stmt = (
        select(AreaResponse.area_id, change, SelfEvaluation.la_id, func.count())
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .join(before_eval, (before_eval.school_id == SelfEvaluation.school_id)
              & (before_eval.la_id == SelfEvaluation.la_id)
              & (before_eval.status == SelfEvaluationStatus.SUBMITTED))
        .join(before_cohort, (before_cohort.id == before_eval.cohort_id)
              & (before_cohort.start_year == start_year - 1))
        .join(before_area, (before_area.self_evaluation_id == before_eval.id)
              & (before_area.area_id == AreaResponse.area_id))
        .where(*_submitted_in(la_ids, start_year), AreaResponse.judgement.is_not(None),
               before_area.judgement.is_not(None))
        .group_by(AreaResponse.area_id, change, SelfEvaluation.la_id)
    )
    return [NetworkCount(area_id, "", int(delta), int(n), la) for area_id, delta, la, n in db.session.execute(stmt)]


def network_fingerprint(la_ids: list[int]) -> tuple[int, datetime | None]:
    """Changes whenever a self-evaluation of these LAs is submitted, reopened or removed: what a
    cache of the network's figures is keyed on."""
    if not la_ids:
        return 0, None
    count, latest = db.session.execute(
        select(func.count(SelfEvaluation.id), func.max(SelfEvaluation.submitted_at))
        .where(SelfEvaluation.la_id.in_(la_ids), SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)).one()
    return int(count), latest
