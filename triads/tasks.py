"""What triads, action plans and QA visits ask of each person today (app.features.register_tasks).

- a school's staff: start the action plan, share it, answer the coach's comments, record the first
  progress, record progress on actions due or overdue, the year-end review, comment on a draft QA
  report; the headteacher signs the plan off (and again after a change);
- the coach school's SENCO: partner plans waiting for review;
- a quality assurer, in the cohorts assigned to them: triads and schools with no visit yet, visits
  to write up and reports to finalise;
- the LA lead: schools behind the timetable (plans not signed off), plans stuck at a step,
  overdue actions, visits not arranged, a cohort with no quality assurer, triads without a coach
  and schools in no triad.

Only the cohort running today counts, and every date and "overdue" comes from its timetable (or,
for an action, its own due date) through `due_state`. Who is asked is decided by triads.access,
the rules the pages use, asked record by record on data read once for the whole cohort: a fixed
number of queries per person and LA, whatever the number of schools.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for

from app.auth import scope as staff_scope
from app.features import Task
from app.interfaces import cohorts
from app.models import (
    Cohort,
    DueState,
    LocalAuthority,
    Milestone,
    RoleAssignment,
    User,
    academic_year_of,
    due_state,
)
from app.models.cohort import DUE_SOON
from triads import access
from triads import interfaces as triad_data
from triads.interfaces import plans, visits
from triads.interfaces import tasks as data
from triads.interfaces.triads import Triad
from triads.types import PlanStatus, VisitStatus

# Kinds, stable: reminders remember what they have sent by the task's key, which starts with them.
PLAN_START = "plans.start"
PLAN_SHARE = "plans.share"
PLAN_COACH_REVIEW = "plans.coach_review"
PLAN_SIGN_OFF = "plans.sign_off"
PLAN_SIGN_AGAIN = "plans.sign_again"
PLAN_FIRST_PROGRESS = "plans.first_progress"
PLAN_YEAR_END_REVIEW = "plans.year_end_review"
PLAN_ANSWER_COMMENTS = "plans.answer_comments"
ACTION_PROGRESS = "plans.action_progress"
LEAD_ACTIONS_OVERDUE = "plans.actions_overdue"
LEAD_PLAN_STUCK = "plans.stuck"
LEAD_NOT_SIGNED_OFF = "plans.not_signed_off"
VISIT_COMMENT = "visits.comment_draft"
VISIT_SCHEDULE = "visits.schedule"
VISIT_WRITE_UP = "visits.write_up"
VISIT_FINALISE = "visits.finalise"
LEAD_VISITS_NOT_ARRANGED = "visits.not_arranged"
LEAD_NO_ASSURER = "visits.no_assurer"
LEAD_NO_COACH = "triads.no_coach"
LEAD_NOT_IN_TRIAD = "triads.not_in_triad"

# A plan shared for review or reviewed by the coach is stuck once it has waited this long.
STUCK_AFTER = timedelta(days=14)
SIGNED_OFF_OR_LATER = {PlanStatus.SIGNED_OFF, PlanStatus.IN_PROGRESS, PlanStatus.REVIEWED}
MEETINGS = (Milestone.MEETING_1, Milestone.MEETING_2, Milestone.MEETING_3)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Year:
    """One person's view of the cohort running today, and the tasks found so far."""

    la: LocalAuthority
    person: User
    mine: list[RoleAssignment]
    today: date
    cohort: Cohort
    schools: dict[int, cohorts.SchoolName]
    triads: list[Triad]
    tasks: list[Task]

    def url(self, endpoint: str, **values) -> str:
        return url_for(endpoint, la_slug=self.la.slug, **values)

    def by(self, milestone: Milestone) -> tuple[date, DueState]:
        return self.cohort.timetable[milestone], self.cohort.timetable.state(milestone, False, self.today)

    def next_meeting(self) -> Milestone:
        return next((m for m in MEETINGS if self.cohort.timetable[m] >= self.today), Milestone.MEETING_3)

    def add(self, kind: str, thing: str, title: str, href: str, due: date | None, state: DueState,
            school_id: int | None = None) -> None:
        self.tasks.append(Task(kind, f"{kind}:{thing}", title, href, self.la.id, due, state, school_id))

    def add_by(self, kind: str, thing: str, title: str, href: str, milestone: Milestone,
               school_id: int | None = None) -> None:
        self.add(kind, thing, title, href, *self.by(milestone), school_id)

    @property
    def triad_of(self) -> dict[int, Triad]:
        return {school_id: t for t in self.triads for school_id in t.school_ids}


def waiting(la: LocalAuthority, person: User, assignments: Sequence[RoleAssignment], today: date) -> list[Task]:
    mine = [a for a in assignments if a.active and a.la_id == la.id]
    own = access.own_school_ids(la, mine)
    leads = access.leads(la, mine)
    assures = access.is_quality_assurer(la, mine)
    if not (own or leads or assures):
        return []
    cohort = cohorts.cohort_for_year(la, academic_year_of(today))  # the cohort running today
    if cohort is None:
        return []
    year = _Year(la, person, mine, today, cohort, cohorts.school_names(la, cohort),
                 triad_data.list_triads(la, cohort), [])
    own &= set(year.schools)
    if own or leads:
        _plans(year, own, leads)
        _actions(year, own, leads)
    assured = visits.assigned_cohort_ids(la, person) if assures else set()
    if own or leads or access.assures(mine, cohort, assured):
        _visits(year, assured, leads)
    if leads:
        _triads(year)
    return year.tasks


# --- action plans -----------------------------------------------------------------------------------


def _plans(year: _Year, own: set[int], leads: bool) -> None:
    triad_of = year.triad_of
    # Whose plans this person may be asked about: their own schools' and their triads' (as coach).
    near = set(own) | {s for school_id in own if school_id in triad_of for s in triad_of[school_id].school_ids}
    states = data.plan_states(year.la, year.cohort, None if leads else near)
    scope = staff_scope.scope_for(year.la, year.person, year.mine)
    planned = {s.plan.school_id for s in states}

    for school_id in sorted(own - planned, key=lambda s: year.schools[s].name):
        school = year.schools[school_id]
        if access.may_start_plan(year.mine, school):
            year.add_by(PLAN_START, f"school-{school_id}:cohort-{year.cohort.id}",
                        f"Start {school.name}'s action plan",
                        year.url("plans.start", school_id=school_id, cohort_id=year.cohort.id),
                        Milestone.MEETING_1, school_id)

    for state in states:
        plan, school = state.plan, year.schools.get(state.plan.school_id)
        if school is None:
            continue  # a school since taken out of the cohort
        triad = triad_of.get(school.id)
        if not access.reads_plan(year.mine, plan, triad, scope):
            continue
        ctx = access.plan_context(year.mine, plan, school, year.cohort, triad)
        href = year.url("plans.plan", plan_id=plan.id)
        thing = f"plan-{plan.id}"
        step = plans.next_step(plan)
        if step is not None and ctx.may_advance:
            target, actor = step
            if actor == "coach":
                year.add_by(PLAN_COACH_REVIEW, thing, f"Review {school.name}'s action plan as its coach",
                            href, Milestone.PLAN_SIGNED_OFF, school.id)
            elif actor == "headteacher":
                year.add_by(PLAN_SIGN_OFF, thing, f"Sign off {school.name}'s action plan", href,
                            Milestone.PLAN_SIGNED_OFF, school.id)
            elif target is PlanStatus.SHARED:
                year.add_by(PLAN_SHARE, thing, f"Share {school.name}'s action plan with the triad", href,
                            Milestone.PLAN_SIGNED_OFF, school.id)
            elif target is PlanStatus.IN_PROGRESS:
                year.add_by(PLAN_FIRST_PROGRESS, thing, f"Record the first progress on {school.name}'s action plan",
                            href, year.next_meeting(), school.id)
            elif target is PlanStatus.REVIEWED:
                due, due_now = year.by(Milestone.MEETING_3)
                if due_now is not DueState.UPCOMING:  # the year-end review belongs to the summer
                    year.add(PLAN_YEAR_END_REVIEW, thing, f"Review the impact of {school.name}'s action plan",
                             href, due, due_now, school.id)
        if ctx.may_sign_again:
            year.add(PLAN_SIGN_AGAIN, thing, f"Sign off the changes to {school.name}'s action plan", href,
                     None, DueState.UPCOMING, school.id)
        if ctx.can_edit and state.open_comments and plan.status in plans.EDITABLE:
            milestone = (year.next_meeting() if plan.status in SIGNED_OFF_OR_LATER
                         else Milestone.PLAN_SIGNED_OFF)
            comments = _plural(state.open_comments, "comment") if state.open_comments > 1 else "comment"
            year.add_by(PLAN_ANSWER_COMMENTS, thing, f"Answer the coach's {comments} on {school.name}'s action plan",
                        href, milestone, school.id)
        if leads and plan.status in (PlanStatus.SHARED, PlanStatus.COACH_REVIEWED) and state.since:
            due = state.since.date() + STUCK_AFTER
            if due_state(due, False, year.today) is DueState.OVERDUE:
                waited = (year.today - state.since.date()).days
                year.add(LEAD_PLAN_STUCK, thing,
                         f"{school.name}'s action plan has been at “{plan.status.label}” for {waited} days",
                         href, due, DueState.OVERDUE, school.id)

    if leads:
        behind = [s for s in year.schools if s not in {st.plan.school_id for st in states
                                                        if st.plan.status in SIGNED_OFF_OR_LATER}]
        due, state = year.by(Milestone.PLAN_SIGNED_OFF)
        if behind and state in (DueState.OVERDUE, DueState.DUE_SOON):
            year.add(LEAD_NOT_SIGNED_OFF, f"cohort-{year.cohort.id}",
                     f"{_plural(len(behind), 'school')} of {year.cohort.name} "
                     f"{'has' if len(behind) == 1 else 'have'} no signed-off action plan",
                     year.url("plans.overview", cohort_id=year.cohort.id), due, state)


def _actions(year: _Year, own: set[int], leads: bool) -> None:
    """The school's own staff (who may change its plan: access.plan_context) each action due within
    the fortnight or overdue; the LA lead each school's overdue actions, counted."""
    if own:
        for action in data.actions_due(year.la, year.cohort, own, year.today + DUE_SOON):
            school = year.schools[action.school_id]
            year.add(ACTION_PROGRESS, f"action-{action.action_id}",
                     f"Record progress on “{_short(action.description)}” ({school.name})",
                     year.url("plans.progress", plan_id=action.plan_id, priority_id=action.priority_id,
                              action_id=action.action_id),
                     action.due_on, due_state(action.due_on, False, year.today), school.id)
    if leads:
        overdue: dict[int, list[data.ActionDue]] = defaultdict(list)
        for action in data.actions_due(year.la, year.cohort, None, year.today - timedelta(days=1)):
            overdue[action.plan_id].append(action)
        for plan_id, late in overdue.items():
            school = year.schools.get(late[0].school_id)
            if school is None:
                continue
            oldest = min(a.due_on for a in late)
            year.add(LEAD_ACTIONS_OVERDUE, f"plan-{plan_id}",
                     f"{school.name}: {_plural(len(late), 'overdue action')}",
                     year.url("plans.plan", plan_id=plan_id), oldest,
                     due_state(oldest, False, year.today), school.id)


# --- QA visits --------------------------------------------------------------------------------------


def _visits(year: _Year, assured: set[int], leads: bool) -> None:
    triads = {t.id: t for t in year.triads}
    covered: set[int] = set()
    for state in data.cohort_visits(year.la, year.cohort):
        visit = state.visit
        if visit.school_id is not None:
            school_ids = [visit.school_id]
            school = year.schools.get(visit.school_id)
            title = school.name if school else "a school"
        else:
            triad = triads.get(visit.triad_id)
            school_ids = triad.school_ids if triad else []
            title = f"{triad.name} (whole triad)" if triad else "a triad"
        covered.update(school_ids)
        ctx = access.visit_context(year.mine, year.person.id, assured, visit, year.cohort, school_ids, title)
        href = year.url("visits.visit", visit_id=visit.id)
        thing = f"visit-{visit.id}"
        waiting_schools = [s for s in ctx.own_school_ids if s not in state.commented_school_ids]
        if ctx.is_school and visit.status is VisitStatus.DRAFT and waiting_schools:
            year.add_by(VISIT_COMMENT, thing, f"Read the draft QA report on {title} and comment on it", href,
                        Milestone.QA_VISITS_TO, waiting_schools[0])
        if ctx.is_assurer and visit.status is VisitStatus.SCHEDULED and visit.planned_on < year.today:
            year.add_by(VISIT_WRITE_UP, thing, f"Write up the QA visit to {title}",
                        year.url("visits.record", visit_id=visit.id), Milestone.QA_VISITS_TO, visit.school_id)
        if ctx.is_assurer and visit.status is VisitStatus.DRAFT:
            year.add_by(VISIT_FINALISE, thing, f"Finalise the QA report on {title}", href,
                        Milestone.QA_VISITS_TO, visit.school_id)

    if not access.may_schedule(year.mine, year.cohort, assured):
        return
    unvisited = [s for s in year.schools if s not in covered]
    schedule = year.url("visits.schedule", cohort_id=year.cohort.id)
    if access.assures(year.mine, year.cohort, assured):
        by_triad: dict[int | None, list[int]] = defaultdict(list)
        triad_of = year.triad_of
        for school_id in unvisited:
            by_triad[triad_of[school_id].id if school_id in triad_of else None].append(school_id)
        for triad in year.triads:
            if by_triad.get(triad.id):
                names = sorted(year.schools[s].name for s in by_triad[triad.id])
                year.add_by(VISIT_SCHEDULE, f"triad-{triad.id}",
                            f"Arrange a QA visit in {triad.name}: no visit yet to {', '.join(names)}",
                            schedule, Milestone.QA_VISITS_FROM)
        for school_id in by_triad.get(None, []):
            year.add_by(VISIT_SCHEDULE, f"school-{school_id}",
                        f"Arrange a QA visit to {year.schools[school_id].name}", schedule,
                        Milestone.QA_VISITS_FROM, school_id)
    if leads:
        thing = f"cohort-{year.cohort.id}"
        if not data.cohort_has_assurer(year.la, year.cohort):
            year.add_by(LEAD_NO_ASSURER, thing, f"Assign a quality assurer to {year.cohort.name}",
                        year.url("visits.assurers", cohort_id=year.cohort.id), Milestone.QA_VISITS_FROM)
        if unvisited:
            year.add_by(LEAD_VISITS_NOT_ARRANGED, thing,
                        f"{_plural(len(unvisited), 'school')} of {year.cohort.name} "
                        f"{'has' if len(unvisited) == 1 else 'have'} no QA visit arranged",
                        year.url("visits.index"), Milestone.QA_VISITS_FROM)


# --- triads -----------------------------------------------------------------------------------------


def _triads(year: _Year) -> None:
    for triad in year.triads:
        if triad.coach_school_id is None:
            year.add_by(LEAD_NO_COACH, f"triad-{triad.id}", f"Choose a coach school for {triad.name}",
                        year.url("triads.edit_triad", triad_id=triad.id), Milestone.LAUNCH)
    placed = set(year.triad_of)
    outside = [s for s in year.schools if s not in placed]
    if outside:
        year.add_by(LEAD_NOT_IN_TRIAD, f"cohort-{year.cohort.id}",
                    f"{_plural(len(outside), 'school')} of {year.cohort.name} "
                    f"{'is' if len(outside) == 1 else 'are'} not in a triad",
                    year.url("triads.cohort_triads", cohort_id=year.cohort.id), Milestone.LAUNCH)
