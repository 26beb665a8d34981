"""A school's self-evaluation: starting it, answering one area at a time, submitting and reopening,
and the coach school's (or the LA's) comments on its areas."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import EditConflict, Invalid, expect_version, flush_or_conflict
from app.models import Cohort, CohortSchool, LocalAuthority, School, User
from selfeval import framework as fw
from selfeval.interfaces import network_summary
from selfeval.interfaces.frameworks import current_framework, framework_of
from selfeval.models import AreaComment, AreaResponse, FrameworkVersion, SelfEvaluation, StatementRating
from selfeval.types import AreaStatus, SelfEvaluationAction, SelfEvaluationStatus

LOCKED = "This self-evaluation has been submitted, so it is locked"


@dataclass(frozen=True)
class AreaAnswers:
    ratings: dict[str, tuple[int | None, str]]  # statement id -> (rating, evidence note)
    judgement: int | None
    rationale: str
    strengths: str
    development: str
    completed: bool


def get_self_evaluation(la: LocalAuthority, self_evaluation_id: int) -> SelfEvaluation:
    found = db.session.scalar(
        select(SelfEvaluation).where(
            SelfEvaluation.id == self_evaluation_id, SelfEvaluation.la_id == la.id
        )
    )
    if found is None:
        raise NotFound()
    return found


def find_self_evaluation(la: LocalAuthority, school_id: int, cohort_id: int) -> SelfEvaluation | None:
    return db.session.scalar(
        select(SelfEvaluation).where(
            SelfEvaluation.la_id == la.id,
            SelfEvaluation.school_id == school_id,
            SelfEvaluation.cohort_id == cohort_id,
        )
    )


def list_for_school(la: LocalAuthority, school_id: int) -> list[SelfEvaluation]:
    stmt = (
        select(SelfEvaluation)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(SelfEvaluation.la_id == la.id, SelfEvaluation.school_id == school_id)
        .order_by(Cohort.start_year.desc())
    )
    return list(db.session.scalars(stmt))


def previous_self_evaluation(la: LocalAuthority, school_id: int, cohort: Cohort) -> SelfEvaluation | None:
    stmt = (
        select(SelfEvaluation)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(
            SelfEvaluation.la_id == la.id,
            SelfEvaluation.school_id == school_id,
            Cohort.start_year < cohort.start_year,
        )
        .order_by(Cohort.start_year.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def start(la: LocalAuthority, school: School, cohort: Cohort, user: User | None) -> SelfEvaluation:
    """Begin a school's self-evaluation for a cohort year, carrying last year's answers forward."""
    existing = find_self_evaluation(la, school.id, cohort.id)
    if existing is not None:
        return existing
    version = current_framework(la)
    if version is None:
        raise Invalid({"framework": "No self-evaluation framework is loaded"})
    framework = framework_of(version)
    variant = framework.variant_for_phase(school.phase.name)
    previous = previous_self_evaluation(la, school.id, cohort)
    evaluation = SelfEvaluation(
        la_id=la.id, school_id=school.id, cohort_id=cohort.id, framework_version_id=version.id,
        variant_id=variant.id, previous_id=previous.id if previous else None,
        started_by_id=user.id if user else None,
    )
    db.session.add(evaluation)
    db.session.flush()
    if previous is not None:
        _carry_forward(la, evaluation, previous, variant)
    audit.record(la, SelfEvaluationAction.EVALUATION_STARTED, evaluation, school_id=school.id,
                 cohort_id=cohort.id, carried_forward_from=evaluation.previous_id)
    return evaluation


def _carry_forward(la: LocalAuthority, evaluation: SelfEvaluation, previous: SelfEvaluation,
                   variant: fw.Variant) -> None:
    """Copy last year's answers where the statement still exists, marked as last year's."""
    statement_ids = {s.id for area in variant.areas for s in area.statements}
    area_ids = {area.id for area in variant.areas}
    for old in previous.areas:
        if old.area_id not in area_ids:
            continue
        area = AreaResponse(
            la_id=la.id, area_id=old.area_id, judgement=old.judgement, rationale=old.rationale,
            strengths=old.strengths, development=old.development, completed=False,
            carried_forward=True,
        )
        area.ratings = [
            StatementRating(la_id=la.id, statement_id=r.statement_id, rating=r.rating,
                            evidence=r.evidence)
            for r in old.ratings
            if r.statement_id in statement_ids
        ]
        evaluation.areas.append(area)
    db.session.flush()


def variant_of(evaluation: SelfEvaluation) -> fw.Variant:
    return framework_of(evaluation.framework_version).variant(evaluation.variant_id)


def area_response(evaluation: SelfEvaluation, area_id: str) -> AreaResponse | None:
    return next((a for a in evaluation.areas if a.area_id == area_id), None)


def area_status(evaluation: SelfEvaluation, area_id: str) -> AreaStatus:
    response = area_response(evaluation, area_id)
    if response is None:
        return AreaStatus.NOT_STARTED
    return AreaStatus.COMPLETED if response.completed else AreaStatus.IN_PROGRESS


def incomplete_areas(evaluation: SelfEvaluation) -> list[fw.Area]:
    variant = variant_of(evaluation)
    return [a for a in variant.areas if area_status(evaluation, a.id) is not AreaStatus.COMPLETED]


def area_problems(scale: fw.Scale, area: fw.Area, answers: AreaAnswers) -> dict[str, str]:
    """What stops an area being marked complete, keyed `rating-<statement id>`, `judgement` or
    `rationale`."""
    problems = {}
    for statement in area.statements:
        rating, _ = answers.ratings.get(statement.id, (None, ""))
        if rating is None:
            problems[f"rating-{statement.id}"] = f"Rate: {statement.text}"
    if answers.judgement is None:
        problems["judgement"] = f"Choose an overall judgement for {area.title}"
    if not answers.rationale.strip():
        problems["rationale"] = "Give a short reason for the overall judgement"
    return problems


def save_area(la: LocalAuthority, evaluation: SelfEvaluation, area: fw.Area, answers: AreaAnswers,
              version: int | None) -> AreaResponse:
    """Save one area. Raises EditConflict if someone saved it since `version` was read."""
    if evaluation.submitted:
        raise Invalid({"status": LOCKED})
    scale = framework_of(evaluation.framework_version).scale
    for rating, _ in answers.ratings.values():
        if rating is not None and not scale.contains(rating):
            raise Invalid({"ratings": f"Rating {rating} is not on the scale"})
    if answers.judgement is not None and not scale.contains(answers.judgement):
        raise Invalid({"judgement": f"Judgement {answers.judgement} is not on the scale"})

    response = area_response(evaluation, area.id)
    if response is None:
        if version not in (None, 0):
            raise EditConflict()
        response = AreaResponse(la_id=la.id, area_id=area.id)
        evaluation.areas.append(response)
    else:
        expect_version(response, version)
    response.judgement = answers.judgement
    response.rationale = answers.rationale
    response.strengths = answers.strengths
    response.development = answers.development
    response.completed = answers.completed
    response.carried_forward = False
    by_id = {r.statement_id: r for r in response.ratings}
    for statement in area.statements:
        rating, evidence = answers.ratings.get(statement.id, (None, ""))
        row = by_id.get(statement.id)
        if row is None:
            response.ratings.append(StatementRating(
                la_id=la.id, statement_id=statement.id, rating=rating, evidence=evidence))
        else:
            row.rating, row.evidence = rating, evidence
    flush_or_conflict()
    audit.record(la, SelfEvaluationAction.EVALUATION_AREA_SAVED, evaluation, area=area.id,
                 completed=answers.completed)
    return response


def submit(la: LocalAuthority, evaluation: SelfEvaluation, user: User, version: int | None) -> None:
    expect_version(evaluation, version)
    missing = incomplete_areas(evaluation)
    if missing:
        raise Invalid({"areas": "Complete every area before you submit: " + ", ".join(a.title for a in missing)})
    evaluation.status = SelfEvaluationStatus.SUBMITTED
    evaluation.submitted_at = utcnow()
    evaluation.submitted_by_id = user.id
    flush_or_conflict()
    network_summary.evaluation_changed(la.id, evaluation.cohort_id)
    audit.record(la, SelfEvaluationAction.EVALUATION_SUBMITTED, evaluation)


def reopen(la: LocalAuthority, evaluation: SelfEvaluation, reason: str, version: int | None) -> None:
    expect_version(evaluation, version)
    evaluation.status = SelfEvaluationStatus.IN_PROGRESS
    evaluation.reopened_reason = reason
    evaluation.submitted_at = None
    flush_or_conflict()
    network_summary.evaluation_changed(la.id, evaluation.cohort_id)
    audit.record(la, SelfEvaluationAction.EVALUATION_REOPENED, evaluation, reason=reason)


def school_ratings(evaluation: SelfEvaluation) -> dict[str, int | None]:
    return {r.statement_id: r.rating for area in evaluation.areas for r in area.ratings}


def school_name_for(evaluation: SelfEvaluation) -> str:
    school = db.session.get(School, evaluation.school_id)
    return school.name if school else ""


# --- comments on areas ----------------------------------------------------------------------------


def add_comment(la: LocalAuthority, evaluation: SelfEvaluation, area_id: str, body: str,
                user: User) -> AreaComment:
    comment = AreaComment(la_id=la.id, self_evaluation_id=evaluation.id, area_id=area_id,
                          body=body, author_id=user.id)
    db.session.add(comment)
    db.session.flush()
    audit.record(la, SelfEvaluationAction.EVALUATION_COMMENTED, evaluation, area=area_id)
    return comment


def list_comments(la: LocalAuthority, evaluation: SelfEvaluation,
                  area_id: str | None = None) -> list[tuple[AreaComment, str]]:
    """Comments with their author's name, oldest first; one area's only when `area_id` is given."""
    stmt = (
        select(AreaComment, User.name)
        .outerjoin(User, User.id == AreaComment.author_id)
        .where(AreaComment.la_id == la.id, AreaComment.self_evaluation_id == evaluation.id)
        .order_by(AreaComment.created_at, AreaComment.id)
    )
    if area_id is not None:
        stmt = stmt.where(AreaComment.area_id == area_id)
    return [(comment, name or "Former user") for comment, name in db.session.execute(stmt)]


# --- light look-ups, for pages that show where a self-evaluation stands, not its answers -----------


@dataclass(frozen=True)
class EvaluationState:
    """A self-evaluation's status and dates, read without its areas, ratings or framework."""

    id: int
    school_id: int
    cohort_id: int
    status: SelfEvaluationStatus
    submitted_at: datetime | None
    framework_version_id: int
    variant_id: str

    @property
    def submitted(self) -> bool:
        return self.status is SelfEvaluationStatus.SUBMITTED


def evaluation_states(la: LocalAuthority, cohort_id: int, school_ids: Iterable[int]) -> dict[int, EvaluationState]:
    """School id -> the state of its self-evaluation for the cohort, for several schools in one
    query; a school that has not started is missing."""
    ids = list(school_ids)
    if not ids:
        return {}
    stmt = (select(SelfEvaluation.id, SelfEvaluation.school_id, SelfEvaluation.cohort_id, SelfEvaluation.status,
                   SelfEvaluation.submitted_at, SelfEvaluation.framework_version_id, SelfEvaluation.variant_id)
            .where(SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort_id,
                   SelfEvaluation.school_id.in_(ids)))
    return {row.school_id: EvaluationState(*row) for row in db.session.execute(stmt)}


def submitted_count(la: LocalAuthority, cohort_id: int) -> int:
    """How many of the cohort's schools have submitted their self-evaluation for it."""
    return db.session.scalar(
        select(func.count(SelfEvaluation.id))
        .join(CohortSchool, (CohortSchool.cohort_id == SelfEvaluation.cohort_id)
              & (CohortSchool.school_id == SelfEvaluation.school_id))
        .where(SelfEvaluation.la_id == la.id, SelfEvaluation.cohort_id == cohort_id,
               SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)) or 0


def evaluation_variant(la: LocalAuthority, school_id: int, cohort_id: int) -> fw.Variant | None:
    """The framework variant a school's self-evaluation for the cohort uses, without its answers
    (the framework's text is parsed once per process: frameworks.framework_of)."""
    found = db.session.execute(
        select(SelfEvaluation.variant_id, FrameworkVersion)
        .join(FrameworkVersion, FrameworkVersion.id == SelfEvaluation.framework_version_id)
        .where(SelfEvaluation.la_id == la.id, SelfEvaluation.school_id == school_id,
               SelfEvaluation.cohort_id == cohort_id)
    ).first()
    return framework_of(found.FrameworkVersion).variant(found.variant_id) if found else None
