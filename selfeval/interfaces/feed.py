"""Rows for the data feed: a cohort's self-evaluations, and the area judgements and statement
ratings of those submitted, a page at a time. Each page is a count and one SELECT, whatever the
cohort's size, plus one query for the framework versions the page names (each parsed once per process)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from app.extensions import db
from app.models import Cohort, CohortSchool, LocalAuthority
from selfeval import framework as fw
from selfeval.interfaces.frameworks import framework_of
from selfeval.models import AreaResponse, FrameworkVersion, SelfEvaluation, StatementRating
from selfeval.types import SelfEvaluationStatus


@dataclass(frozen=True)
class EvaluationState:
    """A school of the cohort and where its self-evaluation stands (no self-evaluation: all None)."""

    school_id: int
    self_evaluation_id: int | None
    status: SelfEvaluationStatus | None
    submitted_at: datetime | None
    updated_at: datetime | None
    framework_version_id: int | None
    variant_id: str | None
    areas_completed: int


def evaluation_states(la: LocalAuthority, cohort: Cohort, offset: int,
                      limit: int) -> tuple[list[EvaluationState], int]:
    """Every school of the cohort, in school id order, with its self-evaluation's state."""
    members = (CohortSchool.la_id == la.id, CohortSchool.cohort_id == cohort.id)
    total = db.session.scalar(select(func.count(CohortSchool.id)).where(*members)) or 0
    completed = (select(func.count(AreaResponse.id))
                 .where(AreaResponse.self_evaluation_id == SelfEvaluation.id, AreaResponse.la_id == la.id,
                        AreaResponse.completed.is_(True))
                 .correlate(SelfEvaluation).scalar_subquery())
    stmt = (select(CohortSchool.school_id, SelfEvaluation.id, SelfEvaluation.status, SelfEvaluation.submitted_at,
                   SelfEvaluation.updated_at, SelfEvaluation.framework_version_id, SelfEvaluation.variant_id,
                   completed)
            .outerjoin(SelfEvaluation, and_(SelfEvaluation.school_id == CohortSchool.school_id,
                                            SelfEvaluation.cohort_id == CohortSchool.cohort_id,
                                            SelfEvaluation.la_id == la.id))
            .where(*members).order_by(CohortSchool.school_id).offset(offset).limit(limit))
    return [EvaluationState(*row[:7], areas_completed=int(row[7] or 0)) for row in db.session.execute(stmt)], total


def _submitted(la: LocalAuthority, cohort: Cohort) -> tuple:
    return (SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort.id,
            SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)


@dataclass(frozen=True)
class AreaJudgement:
    self_evaluation_id: int
    school_id: int
    framework_version_id: int
    variant_id: str
    area_id: str
    judgement: int | None
    completed: bool
    updated_at: datetime


def submitted_area_judgements(la: LocalAuthority, cohort: Cohort, offset: int,
                              limit: int) -> tuple[list[AreaJudgement], int]:
    """Each saved area of the cohort's submitted self-evaluations, by school then area. Drafts are
    left out, as on the dashboards: a draft may still hold last year's answers, carried forward."""
    scope = (*_submitted(la, cohort), AreaResponse.la_id == la.id)
    joined = select(func.count(AreaResponse.id)).join(
        SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
    total = db.session.scalar(joined.where(*scope)) or 0
    stmt = (select(SelfEvaluation.id, SelfEvaluation.school_id, SelfEvaluation.framework_version_id,
                   SelfEvaluation.variant_id, AreaResponse.area_id, AreaResponse.judgement,
                   AreaResponse.completed, AreaResponse.updated_at)
            .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
            .where(*scope).order_by(SelfEvaluation.school_id, AreaResponse.area_id)
            .offset(offset).limit(limit))
    return [AreaJudgement(*row[:6], completed=bool(row[6]), updated_at=row[7])
            for row in db.session.execute(stmt)], total


@dataclass(frozen=True)
class RatingRow:
    self_evaluation_id: int
    school_id: int
    framework_version_id: int
    variant_id: str
    area_id: str
    statement_id: str
    rating: int | None
    has_evidence_note: bool


def submitted_statement_ratings(la: LocalAuthority, cohort: Cohort, offset: int,
                                limit: int) -> tuple[list[RatingRow], int]:
    """Each statement rating of the cohort's submitted self-evaluations, by school then statement.
    The evidence note is not read, only whether there is one."""
    scope = (*_submitted(la, cohort), StatementRating.la_id == la.id)
    joins = ((AreaResponse, AreaResponse.id == StatementRating.area_response_id),
             (SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id))
    count = select(func.count(StatementRating.id))
    for model, on in joins:
        count = count.join(model, on)
    total = db.session.scalar(count.where(*scope)) or 0
    has_note = case((func.length(func.trim(StatementRating.evidence)) > 0, 1), else_=0)
    stmt = select(SelfEvaluation.id, SelfEvaluation.school_id, SelfEvaluation.framework_version_id,
                  SelfEvaluation.variant_id, AreaResponse.area_id, StatementRating.statement_id,
                  StatementRating.rating, has_note)
    for model, on in joins:
        stmt = stmt.join(model, on)
    stmt = (stmt.where(*scope).order_by(SelfEvaluation.school_id, StatementRating.statement_id)
            .offset(offset).limit(limit))
    return [RatingRow(*row[:7], has_evidence_note=bool(row[7])) for row in db.session.execute(stmt)], total


def frameworks(version_ids: set[int]) -> dict[int, fw.Framework]:
    """The parsed frameworks of these versions: one query, each parsed once per process."""
    if not version_ids:
        return {}
    return {version.id: framework_of(version)
            for version in db.session.scalars(select(FrameworkVersion).where(FrameworkVersion.id.in_(version_ids)))}
