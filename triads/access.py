"""Who may see or do what in the triads package: every rule, in one place.

A route's decorator has already let in only the roles it names (403), in the LA of the address
(404). The rules here decide the rest, record by record. What LA staff read is limited to the
cohorts of their `CohortScope` (the one rule, app/auth/permissions.py `cohort_scope`: a quality
assurer reads the cohorts assigned to them unless the lead grants the whole LA); a record outside
it is a 404, as if it were another LA's. They take the person's role assignments
(and a quality assurer's assigned cohorts) rather than the request, so that they can answer for many
records at once ("what is waiting for this person"), and read only the assignments in the record's
LA. The `current_*` and `load_*` wrappers answer for the person signed in; `load_*` gives 404 when
the LA has no such record and 403 when the person may not see it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from flask_login import current_user

from app.auth import scope as staff_scope
from app.auth.permissions import (
    LA_STAFF,
    SCHOOL_READERS,
    SCHOOL_STAFF,
    CohortScope,
    can_view_school,
    holds,
    school_ids,
)
from app.interfaces import cohorts, schools
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, School
from app.tenancy import current_la, la_roles
from selfeval import access as selfeval_access
from triads import interfaces
from triads.interfaces import celebrations, plans, visits
from triads.interfaces.celebrations import Celebration
from triads.interfaces.meetings import Meeting
from triads.interfaces.plans import ActionPlan, Leaders, PlanSummary
from triads.interfaces.triads import Triad
from triads.interfaces.visits import QAVisit
from triads.types import PlanStatus, SignOff, VisitStatus


def _in_la(la_id: int, assignments: Iterable[RoleAssignment]) -> list[RoleAssignment]:
    return [a for a in assignments if a.la_id == la_id]


def leads(la: LocalAuthority, assignments: Iterable[RoleAssignment]) -> bool:
    """The LA's SEND lead: manages triads and celebrations, and sees every visit."""
    return holds(_in_la(la.id, assignments), Role.LA_LEAD)


def is_quality_assurer(la: LocalAuthority, assignments: Iterable[RoleAssignment]) -> bool:
    return holds(_in_la(la.id, assignments), Role.QUALITY_ASSURER)


def own_school_ids(la: LocalAuthority, assignments: Iterable[RoleAssignment]) -> set[int]:
    """The schools whose SENCO or headteacher this person is."""
    return school_ids(_in_la(la.id, assignments), *SCHOOL_STAFF)


def assures(assignments: Iterable[RoleAssignment], cohort: Cohort, assured_cohort_ids: set[int]) -> bool:
    """A quality assurer the LA has assigned to this cohort."""
    return holds(_in_la(cohort.la_id, assignments), Role.QUALITY_ASSURER) and cohort.id in assured_cohort_ids


# --- triads and their meetings ------------------------------------------------------------------


def in_triad(assignments: Iterable[RoleAssignment], triad: Triad, roles=SCHOOL_STAFF) -> bool:
    """The SENCO or headteacher (or, with `roles`, other staff) of one of the triad's schools, the
    coach school's included."""
    return bool(school_ids(_in_la(triad.la_id, assignments), *roles) & set(triad.school_ids))


def staff_reads(assignments: Iterable[RoleAssignment], scope: CohortScope, cohort_id: int) -> bool:
    """LA staff, in a cohort of their scope."""
    return holds(assignments, *LA_STAFF) and scope.covers(cohort_id)


def hidden_by_scope(assignments: Iterable[RoleAssignment], scope: CohortScope, cohort_id: int) -> bool:
    """LA staff asking about a cohort outside their scope: answered as if it did not exist (404)."""
    return holds(assignments, *LA_STAFF) and not scope.covers(cohort_id)


def reads_triad(assignments: Iterable[RoleAssignment], triad: Triad, scope: CohortScope) -> bool:
    """LA staff read every triad of the cohorts in their scope; a school's staff read its own."""
    assignments = list(assignments)
    return (staff_reads(_in_la(triad.la_id, assignments), scope, triad.cohort_id)
            or in_triad(assignments, triad, SCHOOL_READERS))


def edits_meetings(assignments: Iterable[RoleAssignment], triad: Triad) -> bool:
    """The LA lead and the triad's own schools plan and record its meetings."""
    assignments = list(assignments)
    return holds(_in_la(triad.la_id, assignments), Role.LA_LEAD) or in_triad(assignments, triad)


def sees_contacts(assignments: Iterable[RoleAssignment], triad: Triad, cohort: Cohort,
                  assured_cohort_ids: set[int]) -> bool:
    """The triad's people's roles and e-mail addresses, so partners can reach each other: the
    triad's own schools (the coach school's included), the LA lead, and the quality assurers
    assigned to the cohort. Other LA staff see the names only."""
    assignments = list(assignments)
    return (in_triad(assignments, triad) or holds(_in_la(triad.la_id, assignments), Role.LA_LEAD)
            or assures(assignments, cohort, assured_cohort_ids))


def reads_evaluation(assignments: Iterable[RoleAssignment], triad: Triad, school_id: int,
                     submitted: bool, scope: CohortScope) -> bool:
    """A triad school's self-evaluation, by the self-evaluation's own rule."""
    return selfeval_access.can_view(_in_la(triad.la_id, assignments), school_id, submitted,
                                    interfaces.links_in(triad, school_id), scope.covers(triad.cohort_id))


# --- action plans -------------------------------------------------------------------------------


def may_start_plan(assignments: Iterable[RoleAssignment], school: School | cohorts.SchoolName) -> bool:
    """A school's own SENCO and headteacher write its plan."""
    return school.id in school_ids(_in_la(school.la_id, assignments), *SCHOOL_STAFF)


def reads_plan(assignments: Iterable[RoleAssignment], plan: ActionPlan | PlanSummary, triad: Triad | None,
               scope: CohortScope) -> bool:
    """LA staff (in the cohorts of their scope) and the school's own staff; the triad's other
    schools once the plan is shared, never a draft. `triad` is the plan's school's triad in the
    plan's cohort."""
    mine = _in_la(plan.la_id, assignments)
    own = school_ids(mine, *SCHOOL_STAFF)
    if staff_reads(mine, scope, plan.cohort_id) or plan.school_id in school_ids(mine, *SCHOOL_READERS):
        return True
    if plan.status is PlanStatus.DRAFT:
        return False
    return triad is not None and bool(own & set(triad.school_ids))


def lists_plans_of(assignments: Iterable[RoleAssignment], school: School, reads_any: bool,
                   staff_reads_school: bool) -> bool:
    """A school's plans page: its own staff, LA staff who read the school (one of its cohorts is
    in their scope), and anyone who may read one of its plans."""
    mine = _in_la(school.la_id, assignments)
    return (reads_any or (holds(mine, *LA_STAFF) and staff_reads_school)
            or school.id in school_ids(mine, *SCHOOL_READERS))


def senco_signs_off(rule: SignOff, has_headteacher: bool) -> bool:
    """Whether a school's SENCO signs its plan off for the headteacher: only where the school has
    no active headteacher account and the cohort's rule (the LA lead's choice) says so."""
    return rule is SignOff.SENCO_NAMING_HEAD and not has_headteacher


def signs_off_as(assignments: Iterable[RoleAssignment], la_id: int, school_id: int, rule: SignOff,
                 has_headteacher: bool) -> Role | None:
    """Who signs off a school's action plan, the one rule: its headteacher (or another senior
    leader invited with that role); where the school has no headteacher account and the cohort's
    rule allows it, its SENCO, naming the headteacher who agreed the plan. The role this person
    signs off in, or None."""
    mine = _in_la(la_id, assignments)
    if school_id in school_ids(mine, Role.HEADTEACHER):
        return Role.HEADTEACHER
    if senco_signs_off(rule, has_headteacher) and school_id in school_ids(mine, Role.SENCO):
        return Role.SENCO
    return None


@dataclass
class PlanContext:
    """A plan with its school, cohort and triad, and what this person may do with it."""

    plan: ActionPlan
    school: School
    cohort: Cohort
    triad: Triad | None
    can_edit: bool
    is_coach: bool
    is_headteacher: bool
    is_la: bool
    is_lead: bool = False
    sign_off: SignOff = SignOff.HEADTEACHER_ONLY  # the cohort's rule
    leaders: Leaders = field(default_factory=Leaders)  # the school's headteachers and SENCOs
    signs_as: Role | None = None  # the role this person signs the plan off in, if any
    today: date | None = None

    def may_take(self, actor: str) -> bool:
        """Whether this person may take a workflow step that `actor` takes (plans.TRANSITIONS)."""
        return {"school": self.can_edit, "coach": self.is_coach,
                "headteacher": self.signs_as is not None}.get(actor, False)

    @property
    def may_advance(self) -> bool:
        step = plans.next_step(self.plan)
        return step is not None and self.may_take(step[1])

    @property
    def names_head(self) -> bool:
        """Signs off for the headteacher, naming them: the SENCO under the cohort's rule."""
        return self.signs_as is Role.SENCO

    @property
    def may_sign_again(self) -> bool:
        return self.signs_as is not None and self.plan.changed_since_sign_off

    @property
    def senco_signs_off(self) -> bool:
        """The school's SENCO signs off (the school has no headteacher account, and the rule allows)."""
        return senco_signs_off(self.sign_off, bool(self.leaders.headteachers))

    @property
    def review_opens(self) -> date:
        return plans.year_end_review_opens(self.cohort)

    @property
    def review_open(self) -> bool:
        """The year-end review is the main action only from the summer term (plans.year_end_review_opens)."""
        return (self.today or plans.today()) >= self.review_opens


def plan_context(assignments: Iterable[RoleAssignment], plan: ActionPlan, school: School, cohort: Cohort,
                 triad: Triad | None, sign_off: SignOff = SignOff.HEADTEACHER_ONLY,
                 leaders: Leaders | None = None, today: date | None = None) -> PlanContext:
    """`leaders`: the school's headteachers and SENCOs (plans.school_leaders); None when the caller
    does not know, which counts as a school with a headteacher."""
    mine = _in_la(plan.la_id, assignments)
    coach_id = triad.coach_school_id if triad else None
    has_head = leaders is None or bool(leaders.headteachers)
    return PlanContext(
        plan=plan, school=school, cohort=cohort, triad=triad,
        can_edit=plan.school_id in school_ids(mine, *SCHOOL_STAFF),
        # The coach school's SENCO comments on its partners' plans, not on its own.
        is_coach=coach_id is not None and coach_id != plan.school_id
        and coach_id in school_ids(mine, Role.SENCO),
        is_headteacher=plan.school_id in school_ids(mine, Role.HEADTEACHER),
        is_la=holds(mine, *LA_STAFF),
        is_lead=holds(mine, Role.LA_LEAD),
        sign_off=sign_off,
        leaders=leaders if leaders is not None else Leaders(),
        signs_as=signs_off_as(mine, plan.la_id, plan.school_id, sign_off, has_head),
        today=today,
    )


# --- QA visits ----------------------------------------------------------------------------------


@dataclass
class VisitContext:
    """A visit with its cohort and the schools it covers, and what this person may do with it."""

    visit: QAVisit
    cohort: Cohort
    school_ids: list[int]
    title: str
    is_lead: bool
    is_assurer: bool  # the visit's own assurer, still assigned to its cohort
    assures_cohort: bool
    own_school_ids: list[int]  # the visited schools this person is SENCO or headteacher of

    @property
    def is_school(self) -> bool:
        return bool(self.own_school_ids)

    @property
    def may_read(self) -> bool:
        return self.is_lead or self.assures_cohort or self.is_school

    @property
    def may_reopen(self) -> bool:
        return self.is_assurer or self.is_lead

    @property
    def may_rearrange(self) -> bool:
        """Move, change the place of or call off a visit not yet written up: its assurer or the lead."""
        return (self.is_assurer or self.is_lead) and self.visit.status is VisitStatus.SCHEDULED

    @property
    def may_respond(self) -> bool:
        """The school responds to the final report."""
        return self.is_school and self.visit.status is VisitStatus.FINAL


def visit_context(assignments: Iterable[RoleAssignment], user_id: int, assured_cohort_ids: set[int],
                  visit: QAVisit, cohort: Cohort, visited_school_ids: list[int], title: str) -> VisitContext:
    mine = _in_la(visit.la_id, assignments)
    own = school_ids(mine, *SCHOOL_STAFF)
    assigned = assures(mine, cohort, assured_cohort_ids)
    return VisitContext(
        visit=visit, cohort=cohort, school_ids=visited_school_ids, title=title,
        is_lead=holds(mine, Role.LA_LEAD),
        is_assurer=visit.assurer_id == user_id and assigned,
        assures_cohort=assigned,
        own_school_ids=[s for s in visited_school_ids if s in own],
    )


def may_schedule(assignments: Iterable[RoleAssignment], cohort: Cohort, assured_cohort_ids: set[int]) -> bool:
    """The lead schedules any visit; an assurer only in the cohorts they are assigned to."""
    assignments = list(assignments)
    return holds(_in_la(cohort.la_id, assignments), Role.LA_LEAD) or assures(assignments, cohort,
                                                                           assured_cohort_ids)


# --- the celebration of learning ----------------------------------------------------------------


@dataclass
class CelebrationContext:
    """A cohort's celebration (if set up) and its triads, and what this person may do with them."""

    cohort: Cohort
    celebration: Celebration | None
    triads: list[Triad]
    is_lead: bool
    is_assurer: bool
    in_cohort: bool
    own_triad_ids: set[int] = field(default_factory=set)

    @property
    def published(self) -> bool:
        return self.celebration is not None and self.celebration.published

    @property
    def may_read(self) -> bool:
        return self.is_lead or self.is_assurer or self.in_cohort

    @property
    def reads_all(self) -> bool:
        """The whole report: the LA, or anyone in the cohort once it is published."""
        return self.is_lead or self.is_assurer or (self.in_cohort and self.published)

    def reads_triad(self, triad_id: int) -> bool:
        return self.reads_all or triad_id in self.own_triad_ids

    def writes_triad(self, triad_id: int) -> bool:
        """A triad's part is written by the lead or by the triad's own schools."""
        return self.is_lead or triad_id in self.own_triad_ids

    def edits_triad(self, triad_id: int) -> bool:
        """Whether to offer the change links: only while the report is a draft."""
        return self.celebration is not None and not self.published and self.writes_triad(triad_id)


def celebration_context(assignments: Iterable[RoleAssignment], assured_cohort_ids: set[int], cohort: Cohort,
                        celebration: Celebration | None, triads: list[Triad]) -> CelebrationContext:
    mine = _in_la(cohort.la_id, assignments)
    own = school_ids(mine, *SCHOOL_STAFF)
    return CelebrationContext(
        cohort=cohort, celebration=celebration, triads=triads,
        is_lead=holds(mine, Role.LA_LEAD),
        is_assurer=assures(mine, cohort, assured_cohort_ids),
        in_cohort=bool(school_ids(mine, *SCHOOL_READERS) & {m.school_id for m in cohort.members}),
        own_triad_ids={t.id for t in triads if own & set(t.school_ids)},
    )


def celebration_cohorts(assignments: Iterable[RoleAssignment], assured_cohort_ids: set[int],
                        every: list[Cohort]) -> list[Cohort]:
    """Of these cohorts, in order, those whose celebration this person may open."""
    assignments = list(assignments)
    return [c for c in every
            if holds(_in_la(c.la_id, assignments), Role.LA_LEAD) or assures(assignments, c, assured_cohort_ids)
            or school_ids(_in_la(c.la_id, assignments), *SCHOOL_READERS) & {m.school_id for m in c.members}]


# --- for the person signed in, in the LA of the request -------------------------------------------


def _assured_cohort_ids() -> set[int]:
    """The cohorts this quality assurer assures: those in their scope (every cohort of the LA once
    the lead grants the whole LA). Nobody else costs a query."""
    if not is_quality_assurer(current_la, la_roles()):
        return set()
    scope = staff_scope.current_scope()
    if scope.every:
        return {c.id for c in cohorts.list_cohorts(current_la)}
    return set(scope.cohort_ids)


def _not_found_or_forbidden(cohort_id: int) -> None:
    abort(404 if hidden_by_scope(la_roles(), staff_scope.current_scope(), cohort_id) else 403)


def current_scope() -> CohortScope:
    return staff_scope.current_scope()


def load_cohort(cohort_id: int) -> Cohort:
    """A cohort's LA-staff pages (its overview, its downloads): 404 outside this person's scope."""
    return staff_scope.load_cohort(cohort_id)


def current_readable_cohorts(every: list[Cohort]) -> list[Cohort]:
    return staff_scope.readable_cohorts(every)


def current_school_cohorts(school: School) -> list[Cohort]:
    """A school's cohorts, less those outside the scope of someone who reaches the school only
    as LA staff (its own people, and its triad partners, go by the records' own rules)."""
    every = cohorts.cohorts_of_school(current_la, school.id)
    roles = la_roles()
    if holds(roles, *LA_STAFF) and school.id not in school_ids(roles, *SCHOOL_READERS):
        return staff_scope.readable_cohorts(every)
    return every


def current_hides_school(school_id: int) -> bool:
    return staff_scope.hides_school(school_id)


def current_leads() -> bool:
    return leads(current_la, la_roles())


def current_is_quality_assurer() -> bool:
    return is_quality_assurer(current_la, la_roles())


def current_own_school_ids() -> set[int]:
    return own_school_ids(current_la, la_roles())


def load_school(school_id: int) -> School:
    """A school, for LA staff and its own staff."""
    school = schools.get_school(current_la, school_id)
    if not can_view_school(la_roles(), school.id):
        abort(403)
    if staff_scope.hides_school(school.id):
        abort(404)
    return school


def load_triad(triad_id: int) -> tuple[Triad, Cohort]:
    triad = interfaces.get_triad(current_la, triad_id)
    if not reads_triad(la_roles(), triad, staff_scope.current_scope()):
        _not_found_or_forbidden(triad.cohort_id)
    return triad, cohorts.get_cohort(current_la, triad.cohort_id)


def current_edits_meetings(triad: Triad) -> bool:
    return edits_meetings(la_roles(), triad)


def current_sees_contacts(triad: Triad, cohort: Cohort) -> bool:
    return sees_contacts(la_roles(), triad, cohort, _assured_cohort_ids())


def current_reads_evaluation(triad: Triad, school_id: int, submitted: bool) -> bool:
    return reads_evaluation(la_roles(), triad, school_id, submitted, staff_scope.current_scope())


def load_meeting(triad_id: int, meeting_id: int, *, to_edit: bool = False) -> tuple[Triad, Cohort, Meeting]:
    """A meeting, through its triad in the address."""
    triad, cohort = load_triad(triad_id)
    meeting = interfaces.get_meeting(current_la, triad, meeting_id)
    if to_edit and not edits_meetings(la_roles(), triad):
        abort(403)
    return triad, cohort, meeting


def current_reads_plan(plan: ActionPlan | PlanSummary, triad: Triad | None = None) -> bool:
    """`triad`, when the caller has it, saves looking it up."""
    if triad is None:
        triad = interfaces.triad_of_school(current_la.id, plan.school_id, plan.cohort_id)
    return reads_plan(la_roles(), plan, triad, staff_scope.current_scope())


def current_may_start_plan(school: School) -> bool:
    return may_start_plan(la_roles(), school)


def current_lists_plans_of(school: School, reads_any: bool) -> bool:
    return lists_plans_of(la_roles(), school, reads_any, staff_scope.current_reads_school(school.id))


def load_plan(plan_id: int, *, to_edit: bool = False) -> PlanContext:
    """A plan, if this person may read it; with `to_edit`, only for the school's own staff."""
    plan = plans.get_plan(current_la, plan_id)
    school = schools.get_school(current_la, plan.school_id)
    cohort = cohorts.get_cohort(current_la, plan.cohort_id)
    triad = interfaces.triad_of_school(current_la.id, school.id, cohort.id)
    if not reads_plan(la_roles(), plan, triad, staff_scope.current_scope()):
        _not_found_or_forbidden(cohort.id)
    ctx = plan_context(la_roles(), plan, school, cohort, triad, plans.sign_off_of(current_la, cohort),
                       plans.school_leaders(current_la, [school.id])[school.id])
    if to_edit and not ctx.can_edit:
        abort(403)
    return ctx


def load_visit(visit_id: int) -> VisitContext:
    visit = visits.get_visit(current_la, visit_id)
    cohort = cohorts.get_cohort(current_la, visit.cohort_id)
    ctx = visit_context(la_roles(), current_user.id, _assured_cohort_ids(), visit, cohort,
                        visits.visit_school_ids(current_la, visit), visits.visit_title(current_la, visit))
    if not ctx.may_read:
        _not_found_or_forbidden(cohort.id)
    return ctx


def current_may_schedule(cohort: Cohort) -> bool:
    return may_schedule(la_roles(), cohort, _assured_cohort_ids())


def current_schedulable(every: list[Cohort]) -> list[Cohort]:
    assured = _assured_cohort_ids()
    return [c for c in every if may_schedule(la_roles(), c, assured)]


def load_celebration(cohort_id: int) -> CelebrationContext:
    cohort = cohorts.get_cohort(current_la, cohort_id)
    ctx = celebration_context(la_roles(), _assured_cohort_ids(), cohort,
                              celebrations.find_celebration(current_la, cohort),
                              interfaces.list_triads(current_la, cohort))
    if not ctx.may_read:
        _not_found_or_forbidden(cohort.id)
    return ctx


def load_celebration_triad(cohort_id: int, triad_id: int) -> tuple[CelebrationContext, Triad]:
    """A triad's part of the celebration, through the cohort in the address: 404 before the
    celebration is set up, 403 for anyone who may not write it."""
    ctx = load_celebration(cohort_id)
    triad = next((t for t in ctx.triads if t.id == triad_id), None)
    if ctx.celebration is None or triad is None:
        abort(404)
    if not ctx.writes_triad(triad.id):
        abort(403)
    return ctx, triad


def current_celebration_cohorts(every: list[Cohort]) -> list[Cohort]:
    return celebration_cohorts(la_roles(), _assured_cohort_ids(), every)
