"""Cohort-wide rows: the LA's overview of a cohort's progress, and the flat rows dashboards.data
builds its frames from. Each is a fixed number of queries whatever the number of schools."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import lazyload

from app.extensions import db
from app.models import Cohort, LocalAuthority, School
from selfeval.models import AreaResponse, EvidenceFile, SelfEvaluation, StatementRating, VoiceResponse
from selfeval.types import SelfEvaluationStatus


@dataclass(frozen=True)
class CohortRow:
    school: School
    evaluation: SelfEvaluation | None
    areas_completed: int
    voices: int


def cohort_overview(la: LocalAuthority, cohort: Cohort) -> list[CohortRow]:
    """Every school in the cohort with its self-evaluation state, in four queries in all. The
    answers and the framework are not loaded (they load if a caller reads them): counting completed
    areas in the database keeps a cohort of 130 schools from pulling 8,000 ratings, and a copy of
    the framework's definition per row, into memory."""
    school_ids = [m.school_id for m in cohort.members]
    evaluations = {
        e.school_id: e for e in db.session.scalars(
            select(SelfEvaluation).options(lazyload(SelfEvaluation.areas),
                                           lazyload(SelfEvaluation.framework_version))
            .where(SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort.id))
    }
    ids = [e.id for e in evaluations.values()]
    voices = dict(db.session.execute(
        select(VoiceResponse.self_evaluation_id, func.count(VoiceResponse.id))
        .where(VoiceResponse.la_id == la.id, VoiceResponse.self_evaluation_id.in_(ids),
               VoiceResponse.submitted_at.is_not(None))
        .group_by(VoiceResponse.self_evaluation_id)
    ).all()) if ids else {}
    completed = dict(db.session.execute(
        select(AreaResponse.self_evaluation_id, func.count(AreaResponse.id))
        .where(AreaResponse.la_id == la.id, AreaResponse.self_evaluation_id.in_(ids),
               AreaResponse.completed.is_(True))
        .group_by(AreaResponse.self_evaluation_id)
    ).all()) if ids else {}
    schools = {s.id: s for s in db.session.scalars(
        select(School).where(School.la_id == la.id, School.id.in_(school_ids)))}
    rows = []
    for school in sorted(schools.values(), key=lambda s: s.name):
        evaluation = evaluations.get(school.id)
        rows.append(CohortRow(
            school=school, evaluation=evaluation,
            areas_completed=completed.get(evaluation.id, 0) if evaluation else 0,
            voices=voices.get(evaluation.id, 0) if evaluation else 0,
        ))
    return rows


class EvaluationAreaRow(NamedTuple):
    """One saved area of a self-evaluation; a self-evaluation with no area saved yet gives one
    row with the area fields None. A named tuple: a cohort has about a thousand, and a frozen
    dataclass costs several times as much to build."""

    cohort_id: int
    school_id: int
    self_evaluation_id: int
    status_label: str
    submitted: bool
    submitted_at: datetime | None
    updated_at: datetime
    framework_version_id: int
    variant_id: str
    area_id: str | None
    judgement: int | None
    completed: bool
    carried_forward: bool
    area_updated_at: datetime | None


def evaluation_area_rows(la: LocalAuthority, cohort_ids: list[int]) -> list[EvaluationAreaRow]:
    """Every self-evaluation of these cohorts with its saved areas, in one query."""
    if not cohort_ids:
        return []
    stmt = (
        select(SelfEvaluation.cohort_id, SelfEvaluation.school_id, SelfEvaluation.id,
               SelfEvaluation.status, SelfEvaluation.submitted_at, SelfEvaluation.updated_at,
               SelfEvaluation.framework_version_id, SelfEvaluation.variant_id, AreaResponse.area_id,
               AreaResponse.judgement, AreaResponse.completed, AreaResponse.carried_forward,
               AreaResponse.updated_at)
        .outerjoin(AreaResponse, (AreaResponse.self_evaluation_id == SelfEvaluation.id)
                   & (AreaResponse.la_id == la.id))
        .where(SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id.in_(cohort_ids))
        .order_by(SelfEvaluation.id, AreaResponse.area_id)
    )
    submitted = SelfEvaluationStatus.SUBMITTED
    return [
        EvaluationAreaRow(cohort_id, school_id, evaluation_id, status.label, status is submitted,
                          submitted_at, updated_at, version_id, variant_id, area_id, judgement,
                          bool(completed), bool(carried), area_updated)
        for (cohort_id, school_id, evaluation_id, status, submitted_at, updated_at, version_id,
             variant_id, area_id, judgement, completed, carried, area_updated)
        in db.session.execute(stmt)
    ]


# The columns of each row `statement_rows` returns, in order; a row is also read by these names.
STATEMENT_ROW_COLUMNS = ("cohort_id", "school_id", "self_evaluation_id", "framework_version_id",
                         "variant_id", "area_id", "statement_id", "rating", "has_evidence_note")


def _has_text(column):
    return case((func.length(func.trim(column)) > 0, 1), else_=0)


def statement_rows(la: LocalAuthority, cohort_ids: list[int],
                   submitted_only: bool = True) -> list[tuple]:
    """Every statement rating of these cohorts' self-evaluations (submitted ones only, unless
    asked), in one query, as plain tuples with the columns STATEMENT_ROW_COLUMNS (has_evidence_note
    is 1 or 0). The evidence note itself is not read, only whether there is one.

    Tuples rather than objects: a cohort of 140 schools has about 8,000 ratings, and pandas builds
    a frame from tuples far faster than from result rows or dataclasses."""
    if not cohort_ids:
        return []
    stmt = (
        select(SelfEvaluation.cohort_id, SelfEvaluation.school_id,
               SelfEvaluation.id.label("self_evaluation_id"),
               SelfEvaluation.framework_version_id, SelfEvaluation.variant_id,
               AreaResponse.area_id, StatementRating.statement_id, StatementRating.rating,
               _has_text(StatementRating.evidence).label("has_evidence_note"))
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .where(StatementRating.la_id == la.id, SelfEvaluation.la_id == la.id,
               SelfEvaluation.cohort_id.in_(cohort_ids))
        .order_by(SelfEvaluation.id, StatementRating.statement_id)
    )
    if submitted_only:
        stmt = stmt.where(SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)
    return list(map(tuple, db.session.execute(stmt)))


@dataclass(frozen=True)
class EvidenceCount:
    cohort_id: int
    school_id: int
    area_id: str
    notes: int  # statements with an evidence note
    files: int  # evidence files uploaded to the area


def evidence_counts(la: LocalAuthority, cohort_ids: list[int]) -> list[EvidenceCount]:
    """Evidence behind each school's answers, per area: two grouped queries."""
    if not cohort_ids:
        return []
    key = (SelfEvaluation.cohort_id, SelfEvaluation.school_id, AreaResponse.area_id)
    scope = (SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id.in_(cohort_ids))
    notes = db.session.execute(
        select(*key, func.sum(_has_text(StatementRating.evidence)))
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .where(StatementRating.la_id == la.id, *scope).group_by(*key))
    files = db.session.execute(
        select(*key, func.count(EvidenceFile.id))
        .join(AreaResponse, AreaResponse.id == EvidenceFile.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .where(EvidenceFile.la_id == la.id, *scope).group_by(*key))
    counts: dict[tuple, list[int]] = {}
    for cohort_id, school_id, area_id, n in notes:
        counts.setdefault((cohort_id, school_id, area_id), [0, 0])[0] = int(n or 0)
    for cohort_id, school_id, area_id, n in files:
        counts.setdefault((cohort_id, school_id, area_id), [0, 0])[1] = int(n or 0)
    return [EvidenceCount(*k, notes=v[0], files=v[1]) for k, v in sorted(counts.items())]


