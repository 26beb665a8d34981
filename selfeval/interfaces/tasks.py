"""What "waiting for you" reads of a cohort's self-evaluations: where each school's stands, in a
fixed number of queries whatever the cohort's size. Who is waiting for what: selfeval.tasks."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import lazyload

from app.extensions import db
from app.models import Cohort, LocalAuthority
from selfeval.interfaces.frameworks import framework_of
from selfeval.models import AreaResponse, SelfEvaluation
from selfeval.types import SelfEvaluationStatus


@dataclass(frozen=True)
class EvaluationProgress:
    """How far a school's self-evaluation has got: what its SENCO still has to do."""

    evaluation_id: int
    school_id: int
    submitted: bool
    areas_to_confirm: int  # areas not yet completed: carried forward from last year, started or untouched


def evaluation_progress(la: LocalAuthority, cohort: Cohort,
                        school_ids: Collection[int] | None = None) -> dict[int, EvaluationProgress]:
    """School id -> its self-evaluation's state in this cohort, for the schools that started one:
    two queries (the self-evaluations with their framework, and the completed areas counted)."""
    stmt = (select(SelfEvaluation).options(lazyload(SelfEvaluation.areas))
            .where(SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort.id))
    if school_ids is not None:
        stmt = stmt.where(SelfEvaluation.school_id.in_(list(school_ids)))
    evaluations = list(db.session.scalars(stmt))
    if not evaluations:
        return {}
    completed = dict(db.session.execute(
        select(AreaResponse.self_evaluation_id, func.sum(case((AreaResponse.completed.is_(True), 1), else_=0)))
        .where(AreaResponse.la_id == la.id, AreaResponse.self_evaluation_id.in_([e.id for e in evaluations]))
        .group_by(AreaResponse.self_evaluation_id)).all())
    states = {}
    for evaluation in evaluations:
        areas = len(framework_of(evaluation.framework_version).variant(evaluation.variant_id).areas)
        states[evaluation.school_id] = EvaluationProgress(
            evaluation.id, evaluation.school_id, evaluation.submitted,
            max(0, areas - int(completed.get(evaluation.id) or 0)))
    return states


def submitted_school_ids(la: LocalAuthority, cohort: Cohort) -> set[int]:
    """The schools of the cohort that have submitted their self-evaluation, in one query."""
    return set(db.session.scalars(select(SelfEvaluation.school_id).where(
        SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort.id,
        SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)))
