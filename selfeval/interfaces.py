"""Typed access to self-evaluation data. Other packages (triads, dashboards) use only this module."""

from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased, lazyload
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, concurrency
from app.models import Cohort, LocalAuthority, School, User
from selfeval import framework as fw
from selfeval.models import (
    AreaComment,
    AreaResponse,
    AreaStatus,
    EvidenceFile,
    FrameworkVersion,
    SelfEvaluation,
    SelfEvaluationStatus,
    StatementRating,
    VoiceInvitation,
    VoiceKind,
    VoiceRating,
    VoiceResponse,
)


class DuplicateFramework(ValueError):
    pass


def load_framework(text: str, filename: str, la: LocalAuthority | None = None,
                   loaded_by: User | None = None) -> FrameworkVersion:
    """Parse, validate and store a framework file. Raises fw.FrameworkError or DuplicateFramework."""
    parsed = fw.parse(text, filename)
    owner = FrameworkVersion.la_id == la.id if la else FrameworkVersion.la_id.is_(None)
    existing = db.session.scalar(
        select(FrameworkVersion).where(
            owner, FrameworkVersion.key == parsed.key, FrameworkVersion.version == parsed.version
        )
    )
    if existing is not None:
        raise DuplicateFramework(
            f"Version {parsed.version} of '{parsed.title}' is already loaded. "
            "Give the file a new version number to load a changed wording."
        )
    version = FrameworkVersion(
        la_id=la.id if la else None,
        key=parsed.key,
        version=parsed.version,
        title=parsed.title,
        filename=filename[:200],
        definition=fw.to_dict(parsed),
        source_text=text,
        loaded_by_id=loaded_by.id if loaded_by else None,
    )
    db.session.add(version)
    db.session.flush()
    audit.record(la, "framework.loaded", version, key=parsed.key, version=parsed.version)
    return version


def load_bundled_frameworks() -> list[FrameworkVersion]:
    """Load every framework file that ships with the service and is not loaded yet."""
    loaded = []
    for path in fw.bundled_files():
        try:
            loaded.append(load_framework(path.read_text(encoding="utf-8"), path.name))
        except DuplicateFramework:
            continue
    return loaded


def list_frameworks(la: LocalAuthority) -> list[FrameworkVersion]:
    """The frameworks an LA may use: those that ship with the service and the LA's own."""
    stmt = (
        select(FrameworkVersion)
        .where(or_(FrameworkVersion.la_id.is_(None), FrameworkVersion.la_id == la.id))
        .order_by(FrameworkVersion.created_at.desc(), FrameworkVersion.id.desc())
    )
    return list(db.session.scalars(stmt))


def get_framework_version(la: LocalAuthority, version_id: int) -> FrameworkVersion:
    version = db.session.get(FrameworkVersion, version_id)
    if version is None or version.la_id not in (None, la.id):
        raise NotFound()
    return version


def framework_of(version: FrameworkVersion) -> fw.Framework:
    """The parsed framework, rebuilt once per request however often a page asks for it."""
    cache = g.setdefault("frameworks", {})
    if version.id not in cache:
        cache[version.id] = fw.from_dict(version.definition)
    return cache[version.id]


# --- self-evaluations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaAnswers:
    ratings: dict[str, tuple[int | None, str]]  # statement id -> (rating, evidence note)
    judgement: int | None
    rationale: str
    strengths: str
    development: str
    completed: bool


def current_framework(la: LocalAuthority,
                      versions: list[FrameworkVersion] | None = None) -> FrameworkVersion | None:
    """The framework new self-evaluations use: the LA's newest own one, else the newest shipped.
    Pass `versions` (from list_frameworks) to save the query."""
    versions = list_frameworks(la) if versions is None else versions
    own = [v for v in versions if v.la_id == la.id]
    return (own or versions or [None])[0]


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
        raise LookupError("No self-evaluation framework is loaded")
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
    audit.record(la, "self_evaluation.started", evaluation, school_id=school.id,
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


def area_response(evaluation: SelfEvaluation, area_id: str) -> AreaResponse | None:
    return next((a for a in evaluation.areas if a.area_id == area_id), None)


def area_status(evaluation: SelfEvaluation, area_id: str) -> AreaStatus:
    response = area_response(evaluation, area_id)
    if response is None:
        return AreaStatus.NOT_STARTED
    return AreaStatus.COMPLETED if response.completed else AreaStatus.IN_PROGRESS


def area_problems(scale: fw.Scale, area: fw.Area, answers: AreaAnswers) -> dict[str, str]:
    """What stops an area being marked complete, keyed by form field name."""
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
        raise PermissionError("A submitted self-evaluation is locked")
    scale = framework_of(evaluation.framework_version).scale
    for rating, _ in answers.ratings.values():
        if rating is not None and not scale.contains(rating):
            raise ValueError(f"Rating {rating} is not on the scale")
    if answers.judgement is not None and not scale.contains(answers.judgement):
        raise ValueError(f"Judgement {answers.judgement} is not on the scale")

    response = area_response(evaluation, area.id)
    if response is None:
        if version not in (None, 0):
            raise concurrency.EditConflict()
        response = AreaResponse(la_id=la.id, area_id=area.id)
        evaluation.areas.append(response)
    else:
        concurrency.expect_version(response, version)
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
    concurrency.flush()
    audit.record(la, "self_evaluation.area_saved", evaluation, area=area.id,
                 completed=answers.completed)
    return response


def incomplete_areas(evaluation: SelfEvaluation) -> list[fw.Area]:
    variant = variant_of(evaluation)
    return [a for a in variant.areas if area_status(evaluation, a.id) is not AreaStatus.COMPLETED]


def variant_of(evaluation: SelfEvaluation) -> fw.Variant:
    return framework_of(evaluation.framework_version).variant(evaluation.variant_id)


def submit(la: LocalAuthority, evaluation: SelfEvaluation, user: User, version: int | None) -> None:
    concurrency.expect_version(evaluation, version)
    missing = incomplete_areas(evaluation)
    if missing:
        raise ValueError(", ".join(a.title for a in missing))
    evaluation.status = SelfEvaluationStatus.SUBMITTED
    evaluation.submitted_at = utcnow()
    evaluation.submitted_by_id = user.id
    concurrency.flush()
    audit.record(la, "self_evaluation.submitted", evaluation)


def reopen(la: LocalAuthority, evaluation: SelfEvaluation, reason: str, version: int | None) -> None:
    concurrency.expect_version(evaluation, version)
    evaluation.status = SelfEvaluationStatus.IN_PROGRESS
    evaluation.reopened_reason = reason
    evaluation.submitted_at = None
    concurrency.flush()
    audit.record(la, "self_evaluation.reopened", evaluation, reason=reason)


def school_ratings(evaluation: SelfEvaluation) -> dict[str, int | None]:
    return {r.statement_id: r.rating for area in evaluation.areas for r in area.ratings}


# --- other voices -------------------------------------------------------------------------------


def create_voice_invitation(la: LocalAuthority, evaluation: SelfEvaluation, kind: VoiceKind,
                            area_ids: list[str], email: str | None, name: str | None,
                            user: User | None) -> VoiceInvitation:
    """An e-mailed invitation is for one named person; a link without e-mail is a school-only
    link that many people (typically parents or pupils) can use, each answer kept apart."""
    invitation = VoiceInvitation(
        la_id=la.id, self_evaluation_id=evaluation.id, kind=kind, area_ids=list(area_ids),
        email=email or None, name=None if kind.anonymous else (name or None),
        multi_use=not email, created_by_id=user.id if user else None,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(la, "voice.invited", invitation, kind=kind, areas=list(area_ids),
                 email=email or None)
    return invitation


def list_voice_invitations(la: LocalAuthority, evaluation: SelfEvaluation) -> list[VoiceInvitation]:
    stmt = (
        select(VoiceInvitation)
        .where(VoiceInvitation.la_id == la.id, VoiceInvitation.self_evaluation_id == evaluation.id)
        .order_by(VoiceInvitation.created_at, VoiceInvitation.id)
    )
    return list(db.session.scalars(stmt))


def get_voice_invitation(la: LocalAuthority, evaluation: SelfEvaluation,
                         invitation_id: int) -> VoiceInvitation:
    invitation = db.session.scalar(
        select(VoiceInvitation).where(
            VoiceInvitation.id == invitation_id,
            VoiceInvitation.la_id == la.id,
            VoiceInvitation.self_evaluation_id == evaluation.id,
        )
    )
    if invitation is None:
        raise NotFound()
    return invitation


def open_voice_invitation(invitation_id: int, nonce: str) -> VoiceInvitation | None:
    """For the public answer page: the invitation named by a signed link, if still open."""
    invitation = db.session.get(VoiceInvitation, invitation_id)
    if invitation is None or invitation.nonce != nonce or invitation.closed_at is not None:
        return None
    if not invitation.multi_use and any(r.submitted_at for r in invitation.responses):
        return None
    return invitation


def evaluation_for_voice(invitation: VoiceInvitation) -> SelfEvaluation:
    return db.session.get(SelfEvaluation, invitation.self_evaluation_id)


def close_voice_invitation(la: LocalAuthority, invitation: VoiceInvitation) -> None:
    invitation.closed_at = utcnow()
    db.session.flush()
    audit.record(la, "voice.closed", invitation)


def record_voice(invitation: VoiceInvitation, ratings: dict[str, tuple[int | None, str]],
                 respondent_name: str | None) -> VoiceResponse:
    """Keep one person's answers. Anonymous kinds never store a name."""
    evaluation = evaluation_for_voice(invitation)
    scale = framework_of(evaluation.framework_version).scale
    for rating, _ in ratings.values():
        if rating is not None and not scale.contains(rating):
            raise ValueError(f"Rating {rating} is not on the scale")
    response = VoiceResponse(
        la_id=invitation.la_id, invitation_id=invitation.id, self_evaluation_id=evaluation.id,
        kind=invitation.kind, submitted_at=utcnow(),
        respondent_name=None if invitation.kind.anonymous else (respondent_name or invitation.name),
    )
    response.ratings = [
        VoiceRating(la_id=invitation.la_id, statement_id=statement_id, rating=rating,
                    comment=comment)
        for statement_id, (rating, comment) in ratings.items()
    ]
    db.session.add(response)
    db.session.flush()
    return response


def voice_responses(la: LocalAuthority, evaluation: SelfEvaluation) -> list[VoiceResponse]:
    stmt = (
        select(VoiceResponse)
        .where(
            VoiceResponse.la_id == la.id,
            VoiceResponse.self_evaluation_id == evaluation.id,
            VoiceResponse.submitted_at.is_not(None),
        )
        .order_by(VoiceResponse.submitted_at)
    )
    return list(db.session.scalars(stmt))


def views_by_statement(responses: list[VoiceResponse]) -> dict[str, list[tuple[VoiceKind, int | None, str]]]:
    """Every other voice's rating and comment, per statement."""
    views: dict[str, list] = {}
    for response in responses:
        for rating in response.ratings:
            views.setdefault(rating.statement_id, []).append(
                (response.kind, rating.rating, rating.comment)
            )
    return views


# --- evidence files and comments -----------------------------------------------------------------


def add_evidence(la: LocalAuthority, response: AreaResponse, statement_id: str | None,
                 filename: str, content_type: str, data: bytes, user: User | None) -> EvidenceFile:
    evidence = EvidenceFile(
        la_id=la.id, area_response_id=response.id, statement_id=statement_id,
        filename=filename[:200], content_type=content_type[:100], size=len(data), data=data,
        uploaded_by_id=user.id if user else None,
    )
    db.session.add(evidence)
    db.session.flush()
    audit.record(la, "evidence.uploaded", evidence, filename=evidence.filename,
                 area_response_id=response.id)
    return evidence


def list_evidence(la: LocalAuthority, evaluation: SelfEvaluation) -> list[EvidenceFile]:
    area_ids = [a.id for a in evaluation.areas]
    if not area_ids:
        return []
    stmt = (
        select(EvidenceFile)
        .where(EvidenceFile.la_id == la.id, EvidenceFile.area_response_id.in_(area_ids))
        .order_by(EvidenceFile.created_at)
    )
    return list(db.session.scalars(stmt))


def get_evidence(la: LocalAuthority, evaluation: SelfEvaluation, evidence_id: int) -> EvidenceFile:
    for evidence in list_evidence(la, evaluation):
        if evidence.id == evidence_id:
            return evidence
    raise NotFound()


def delete_evidence(la: LocalAuthority, evidence: EvidenceFile) -> None:
    audit.record(la, "evidence.deleted", evidence, filename=evidence.filename)
    db.session.delete(evidence)
    db.session.flush()


def add_comment(la: LocalAuthority, evaluation: SelfEvaluation, area_id: str, body: str,
                user: User) -> AreaComment:
    comment = AreaComment(la_id=la.id, self_evaluation_id=evaluation.id, area_id=area_id,
                          body=body, author_id=user.id)
    db.session.add(comment)
    db.session.flush()
    audit.record(la, "self_evaluation.commented", evaluation, area=area_id)
    return comment


def list_comments(la: LocalAuthority, evaluation: SelfEvaluation) -> list[tuple[AreaComment, str]]:
    stmt = (
        select(AreaComment, User.name)
        .outerjoin(User, User.id == AreaComment.author_id)
        .where(AreaComment.la_id == la.id, AreaComment.self_evaluation_id == evaluation.id)
        .order_by(AreaComment.created_at, AreaComment.id)
    )
    return [(comment, name or "Former user") for comment, name in db.session.execute(stmt)]


def confirm_summary(la: LocalAuthority, evaluation: SelfEvaluation, strengths: list[str],
                    development: list[str], version: int | None) -> None:
    concurrency.expect_version(evaluation, version)
    evaluation.confirmed_strengths = list(strengths)
    evaluation.confirmed_development = list(development)
    concurrency.flush()
    audit.record(la, "self_evaluation.summary_confirmed", evaluation,
                 strengths=list(strengths), development=list(development))


def school_name_for(evaluation: SelfEvaluation) -> str:
    school = db.session.get(School, evaluation.school_id)
    return school.name if school else ""


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


def areas_for_development(evaluation: SelfEvaluation, limit: int = 3) -> list[tuple[str, str]]:
    """(area id, its lowest-rated statement id) for the areas rated below the school's own
    average, lowest first; a flat profile gives its single lowest area. Unrated areas are left out."""
    variant = variant_of(evaluation)
    ratings = school_ratings(evaluation)
    means = [(fw.area_mean(ratings, area), position, area) for position, area in enumerate(variant.areas)]
    rated = [(mean, position, area) for mean, position, area in means if mean is not None]
    if not rated:
        return []
    overall = sum(mean for mean, _, _ in rated) / len(rated)
    chosen = sorted((item for item in rated if item[0] < overall), key=lambda item: item[:2])
    chosen = chosen[:limit] or [min(rated, key=lambda item: item[:2])]
    result = []
    for _, _, area in chosen:
        answered = [(ratings[s.id], n, s.id) for n, s in enumerate(area.statements)
                    if ratings.get(s.id) is not None]
        result.append((area.id, min(answered)[2]))
    return result


# --- cohort-wide rows for the dashboards ---------------------------------------------------------
# Flat rows, a fixed number of queries whatever the number of schools, for dashboards.data.


@dataclass(frozen=True)
class EvaluationAreaRow:
    """One saved area of a self-evaluation; a self-evaluation with no area saved yet gives one
    row with the area fields None."""

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
    return [
        EvaluationAreaRow(cohort_id, school_id, evaluation_id, status.label,
                          status is SelfEvaluationStatus.SUBMITTED, submitted_at, updated_at,
                          version_id, variant_id, area_id, judgement, bool(completed),
                          bool(carried), area_updated)
        for (cohort_id, school_id, evaluation_id, status, submitted_at, updated_at, version_id,
             variant_id, area_id, judgement, completed, carried, area_updated)
        in db.session.execute(stmt)
    ]


@dataclass(frozen=True)
class StatementRow:
    cohort_id: int
    school_id: int
    self_evaluation_id: int
    framework_version_id: int
    variant_id: str
    area_id: str
    statement_id: str
    rating: int | None
    has_evidence_note: bool


def _has_text(column):
    return case((func.length(func.trim(column)) > 0, 1), else_=0)


def statement_rows(la: LocalAuthority, cohort_ids: list[int],
                   submitted_only: bool = True) -> list[StatementRow]:
    """Every statement rating of these cohorts' self-evaluations (submitted ones only, unless
    asked), in one query. The evidence note itself is not read, only whether there is one."""
    if not cohort_ids:
        return []
    stmt = (
        select(SelfEvaluation.cohort_id, SelfEvaluation.school_id, SelfEvaluation.id,
               SelfEvaluation.framework_version_id, SelfEvaluation.variant_id,
               AreaResponse.area_id, StatementRating.statement_id, StatementRating.rating,
               _has_text(StatementRating.evidence))
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .where(StatementRating.la_id == la.id, SelfEvaluation.la_id == la.id,
               SelfEvaluation.cohort_id.in_(cohort_ids))
        .order_by(SelfEvaluation.id, StatementRating.statement_id)
    )
    if submitted_only:
        stmt = stmt.where(SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)
    return [StatementRow(*row[:8], has_evidence_note=bool(row[8]))
            for row in db.session.execute(stmt)]


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


# --- the programme network's anonymised benchmarks ----------------------------------------------
# Counts only: no school or LA identity leaves these queries, and each query is one grouped
# SELECT whatever the number of schools, so the network view stays cheap at national scale.


@dataclass(frozen=True)
class NetworkCount:
    key: str  # an area id or a statement id
    phase: str  # the schools' phase (label), or "" when not split by phase
    value: int  # a level, a rating, or a change in level
    schools: int


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


def network_area_levels(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools judged each area at each level, by phase, in submitted self-evaluations."""
    if not la_ids:
        return []
    stmt = (
        select(AreaResponse.area_id, School.phase, AreaResponse.judgement, func.count())
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .join(School, School.id == SelfEvaluation.school_id)
        .where(*_submitted_in(la_ids, start_year), AreaResponse.judgement.is_not(None))
        .group_by(AreaResponse.area_id, School.phase, AreaResponse.judgement)
    )
    return [NetworkCount(area_id, phase.label, int(level), int(n))
            for area_id, phase, level, n in db.session.execute(stmt)]


def network_statement_ratings(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools gave each statement each rating, in submitted self-evaluations."""
    if not la_ids:
        return []
    stmt = (
        # One rating per statement per self-evaluation, and one self-evaluation per school per
        # year, so counting rows counts schools, without the cost of a DISTINCT.
        select(StatementRating.statement_id, StatementRating.rating, func.count())
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(*_submitted_in(la_ids, start_year), StatementRating.rating.is_not(None))
        .group_by(StatementRating.statement_id, StatementRating.rating)
    )
    return [NetworkCount(statement_id, "", int(rating), int(n))
            for statement_id, rating, n in db.session.execute(stmt)]


def network_area_changes(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """For schools that submitted in this year and the year before, in the same LA: how many
    schools' judgement of each area changed by how much."""
    if not la_ids:
        return []
    before_eval, before_area, before_cohort = aliased(SelfEvaluation), aliased(AreaResponse), aliased(Cohort)
    change = (AreaResponse.judgement - before_area.judgement).label("change")
    stmt = (
        select(AreaResponse.area_id, change, func.count())
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
        .group_by(AreaResponse.area_id, change)
    )
    return [NetworkCount(area_id, "", int(delta), int(n)) for area_id, delta, n in db.session.execute(stmt)]


def network_fingerprint(la_ids: list[int]) -> tuple[int, datetime | None]:
    """Changes whenever a self-evaluation of these LAs is submitted, reopened or removed: what a
    cache of the network's figures is keyed on."""
    if not la_ids:
        return 0, None
    count, latest = db.session.execute(
        select(func.count(SelfEvaluation.id), func.max(SelfEvaluation.submitted_at))
        .where(SelfEvaluation.la_id.in_(la_ids), SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)).one()
    return int(count), latest
