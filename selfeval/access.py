"""Who may see and do what with a school's self-evaluation: every rule of this package, in one place.

The rules are pure: they take the person's role assignments in the LA (and what is known of the
record), so they can be asked about many self-evaluations at once, as "what is waiting for this
person" will.
`load`, `load_school`, `load_start` and `load_voice` answer for the request: 404 when the record is
not in this LA, or is in a cohort outside what this person reads as LA staff (a quality assurer
reads the cohorts assigned to them unless the lead grants the whole LA: app/auth/scope.py), 403
when it is not this person's to see or do.

Triads live in a package this one may not import. The triads package registers a lookup here
instead, telling which schools are a school's triad partners and which is its coach.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

from flask import abort, current_app, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.auth import scope as staff_scope
from app.auth.permissions import ANYONE_IN_LA, LA_STAFF, SCHOOL_READERS, SCHOOL_STAFF, holds, school_ids
from app.interfaces import cohorts, schools
from app.models import Cohort, Role, RoleAssignment, School
from app.tenancy import current_la, la_roles
from selfeval import framework as fw
from selfeval import interfaces
from selfeval.types import AreaStatus, VoiceKind

# The roles the route guards require (the access test reads them off the routes); the rules below
# then decide for each self-evaluation.
READERS = ANYONE_IN_LA  # a self-evaluation's pages, then `can_view`
EDITOR = Role.SENCO  # starts, answers, asks for views and submits, for their own school only
LEAD = Role.LA_LEAD  # loads frameworks and reopens a submitted self-evaluation
COHORT_VIEWERS = LA_STAFF  # every school's progress in a cohort

LOCKED = ("This self-evaluation has been submitted, so it can no longer be changed. The local "
          "authority's SEND lead can reopen it.")


# --- the triad package's extension point ---------------------------------------------------------


@dataclass(frozen=True)
class TriadLinks:
    partner_school_ids: frozenset[int] = field(default_factory=frozenset)
    coach_school_ids: frozenset[int] = field(default_factory=frozenset)


TriadLookup = Callable[[int, int], TriadLinks]  # (school_id, cohort_id) -> links
_triad_lookup: TriadLookup = lambda school_id, cohort_id: TriadLinks()  # noqa: E731


def register_triad_lookup(lookup: TriadLookup) -> None:
    global _triad_lookup
    _triad_lookup = lookup


def registered_triad_lookup() -> TriadLookup:
    return _triad_lookup


def triad_links(school_id: int, cohort_id: int) -> TriadLinks:
    return _triad_lookup(school_id, cohort_id)


# --- the rules -----------------------------------------------------------------------------------


def sees_every_school(assignments: Iterable[RoleAssignment]) -> bool:
    return holds(assignments, *LA_STAFF)


def can_view(assignments: Iterable[RoleAssignment], school_id: int, submitted: bool, links: TriadLinks,
             in_scope: bool) -> bool:
    """`in_scope`: the self-evaluation's cohort is one this person reads as LA staff."""
    assignments = list(assignments)
    if in_scope and sees_every_school(assignments):
        return True
    if school_id in school_ids(assignments, *SCHOOL_READERS):
        return True
    # Triad partners' SENCOs and heads read each other's work once it is submitted, not drafts.
    return submitted and bool(school_ids(assignments, *SCHOOL_STAFF) & links.partner_school_ids)


def schools_answered_for(assignments: Iterable[RoleAssignment]) -> set[int]:
    """The schools whose self-evaluation this person answers: their own, as its SENCO."""
    return school_ids(assignments, EDITOR)


def answers_for(assignments: Iterable[RoleAssignment], school_id: int) -> bool:
    return school_id in schools_answered_for(assignments)


def can_change(assignments: Iterable[RoleAssignment], school_id: int, submitted: bool) -> bool:
    # Submitting locks the answers; the LA lead reopens them if they need changing.
    return not submitted and answers_for(assignments, school_id)


def can_confirm_summary(assignments: Iterable[RoleAssignment], school_id: int) -> bool:
    # After submitting too: the confirmed areas for development feed the action plan.
    return answers_for(assignments, school_id)


def can_comment(assignments: Iterable[RoleAssignment], submitted: bool, links: TriadLinks) -> bool:
    assignments = list(assignments)
    if holds(assignments, LEAD):
        return submitted
    return submitted and bool(school_ids(assignments, Role.SENCO) & links.coach_school_ids)


def can_reopen(assignments: Iterable[RoleAssignment], submitted: bool) -> bool:
    return submitted and holds(assignments, LEAD)


# --- for the person signed in, in the LA of the request ------------------------------------------


class Need(Enum):
    VIEW = "view"
    CHANGE = "change"  # the school's SENCO, while it is in progress
    # The school's SENCO, whatever the state: a button refused for the state (submitted) says why,
    # and the summary's lists may be confirmed after submitting.
    ANSWER = "answer"
    COMMENT = "comment"
    REOPEN = "reopen"  # the LA lead; reopening what is not submitted is refused with a message


@dataclass
class EvaluationContext:
    """A self-evaluation with everything its pages need, and what this person may do with it."""

    evaluation: Any  # a SelfEvaluation; this layer gets records from interfaces, never models
    school: School
    cohort: Cohort
    framework: fw.Framework
    variant: fw.Variant
    links: TriadLinks
    is_schools_senco: bool
    can_edit: bool
    can_confirm_summary: bool
    can_comment: bool
    can_reopen: bool

    @property
    def scale(self) -> fw.Scale:
        return self.framework.scale

    def area(self, area_id: str) -> fw.Area:
        for area in self.variant.areas:
            if area.id == area_id:
                return area
        abort(404)

    def statuses(self) -> list[tuple[fw.Area, AreaStatus]]:
        return [(a, interfaces.area_status(self.evaluation, a.id)) for a in self.variant.areas]


def load(self_evaluation_id: int, need: Need = Need.VIEW) -> EvaluationContext:
    """The self-evaluation, if it is in this LA (else 404), this person may see it and do `need`
    (else 403)."""
    evaluation = interfaces.get_self_evaluation(current_la, self_evaluation_id)
    school = schools.get_school(current_la, evaluation.school_id)
    cohort = cohorts.get_cohort(current_la, evaluation.cohort_id)
    links = triad_links(school.id, cohort.id)
    roles = la_roles()
    in_scope = staff_scope.current_staff_reads(cohort.id)
    if not can_view(roles, school.id, evaluation.submitted, links, in_scope):
        abort(404 if sees_every_school(roles) and not in_scope else 403)
    framework = interfaces.framework_of(evaluation.framework_version)
    ctx = EvaluationContext(
        evaluation=evaluation,
        school=school,
        cohort=cohort,
        framework=framework,
        variant=framework.variant(evaluation.variant_id),
        links=links,
        is_schools_senco=answers_for(roles, school.id),
        can_edit=can_change(roles, school.id, evaluation.submitted),
        can_confirm_summary=can_confirm_summary(roles, school.id),
        can_comment=can_comment(roles, evaluation.submitted, links) and current_user.is_authenticated,
        can_reopen=can_reopen(roles, evaluation.submitted),
    )
    allowed = {
        Need.VIEW: True,
        Need.CHANGE: ctx.can_edit,
        Need.ANSWER: ctx.is_schools_senco,
        Need.COMMENT: ctx.can_comment,
        Need.REOPEN: holds(roles, LEAD),
    }[need]
    if not allowed:
        abort(403)
    return ctx


@dataclass
class SchoolEvaluations:
    school: School
    rows: list[tuple[Cohort, Any, bool]]  # (cohort, its self-evaluation if visible, else None; visible)
    can_start: bool


def load_school(school_id: int) -> SchoolEvaluations:
    """A school's self-evaluations year by year, each shown only to those who may see it."""
    school = schools.get_school(current_la, school_id)
    roles = la_roles()
    evaluations = {e.cohort_id: e for e in interfaces.list_for_school(current_la, school.id)}
    own = school.id in school_ids(roles, *SCHOOL_READERS)
    rows = []
    for cohort in cohorts.cohorts_of_school(current_la, school.id):
        evaluation = evaluations.get(cohort.id)
        links = triad_links(school.id, cohort.id)
        in_scope = staff_scope.current_staff_reads(cohort.id)
        visible = can_view(roles, school.id, bool(evaluation and evaluation.submitted), links, in_scope)
        if not visible and not own and sees_every_school(roles) and not in_scope:
            continue  # a cohort outside what this person reads as LA staff is not mentioned at all
        rows.append((cohort, evaluation if visible else None, visible))
    # The school's own staff and the LA's always get the list; anyone else only if it shows them something.
    if not any(visible for _, _, visible in rows) and not own:
        if not sees_every_school(roles):
            abort(403)
        if not staff_scope.current_reads_school(school.id):
            abort(404)
    return SchoolEvaluations(school=school, rows=rows, can_start=answers_for(roles, school.id))


def load_cohort(cohort_id: int) -> Cohort:
    """A cohort's LA-staff pages: 404 for a cohort outside what this person reads as LA staff."""
    return staff_scope.load_cohort(cohort_id)


def load_start(school_id: int, cohort_id: int) -> tuple[School, Cohort]:
    """The school and the cohort year its SENCO starts a self-evaluation for: 403 unless this person
    is the school's SENCO, 404 unless the school is in that cohort."""
    school = schools.get_school(current_la, school_id)
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not answers_for(la_roles(), school.id):
        abort(403)
    if cohort.id not in {c.id for c in cohorts.cohorts_of_school(current_la, school.id)}:
        abort(404)
    return school, cohort


# --- links for other voices ----------------------------------------------------------------------
# A link is its own permission: whoever holds an open, signed link may answer, without an account,
# while the self-evaluation is in progress.

LINK_MAX_AGE = timedelta(days=120)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="voice")


def voice_link(invitation) -> str:
    token = _serializer().dumps({"v": invitation.id, "n": invitation.nonce})
    return url_for("voice.answer", token=token, _external=True)


@dataclass
class VoiceContext:
    invitation: Any  # a VoiceInvitation
    framework: fw.Framework
    areas: list[fw.Area]
    statements: list[fw.Statement]
    school_name: str

    @property
    def scale(self) -> fw.Scale:
        return self.framework.scale

    @property
    def pupil(self) -> bool:
        return self.invitation.kind is VoiceKind.PUPIL


def load_voice(token: str) -> VoiceContext | None:
    """What the link asks about, or None when it is forged, expired, closed or used up, or the
    self-evaluation has been submitted."""
    if len(token) > 300:
        return None
    try:
        data = _serializer().loads(token, max_age=int(LINK_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("v"), int):
        return None
    invitation = interfaces.open_voice_invitation(data["v"], str(data.get("n")))
    if invitation is None:
        return None
    evaluation = interfaces.evaluation_for_voice(invitation)
    if evaluation.submitted:
        return None
    framework = interfaces.framework_of(evaluation.framework_version)
    areas, statements = interfaces.statements_for(invitation, framework.variant(evaluation.variant_id))
    return VoiceContext(invitation=invitation, framework=framework, areas=areas, statements=statements,
                        school_name=interfaces.school_name_for(evaluation))
