"""Demo triads, meetings and action plans in several states. Dates are worked out from today,
so the demo stays current: meeting 1 held, meeting 2 planned, some actions overdue."""

from datetime import time, timedelta

from app.db import utcnow
from app.models import Cohort, LocalAuthority, School, User
from triads import interfaces
from triads.interfaces import plans
from triads.interfaces.arrangements import Arrangement
from triads.types import ActionStatus, CriterionOutcome, PlanStatus, SignOff

TRIADS = [  # name, then URNs with the coach school first
    ("Ashgrove triad", ["990101", "990102", "990103"]),
    ("Beacon Hill triad", ["990104", "990105", "990106"]),
    ("Elmfield triad", ["990107", "990108", "990109"]),
    ("Fernbank triad", ["990110", "990111", "990112"]),
]
# This year's plan state per school; schools not listed have not started a plan.
THIS_YEAR = {
    "990102": PlanStatus.IN_PROGRESS, "990104": PlanStatus.SIGNED_OFF,
    "990105": PlanStatus.SHARED, "990106": PlanStatus.DRAFT, "990107": PlanStatus.SHARED,
    "990109": PlanStatus.COACH_REVIEWED, "990110": PlanStatus.IN_PROGRESS,
}
LAST_YEAR_REVIEWED = ["990102", "990104", "990110"]
ACTIONS = [  # description, days after the year starts, days from today it is due
    ("Review the provision map with SLT each half-term", 10, 40),
    ("Train teaching assistants in precision teaching", 20, -10),
    ("Survey parents of pupils on SEN support", 30, 90),
]
# This year's plans were written after meeting 1: their steps are dated then, so the plans still
# waiting for their coach or head show the LA lead as stuck.
PLANS_WRITTEN_DAYS_AGO = 20
# Northmere lets a SENCO sign off for the headteacher where the school has no headteacher account
# (triads.access.signs_off_as), naming the head who agreed the plan; these are the heads named.
HEADS_NAMED = {"990102": "Martin Osei", "990104": "Claire Dunmore", "990110": "Fiona Marsh"}
# A change after Beacon Hill's plan was signed off, so its page shows what changed.
CHANGED_AFTER_SIGN_OFF = {"990104": "Invite parents to a coffee morning on the new SEN support plans"}
STEPS = [PlanStatus.SHARED, PlanStatus.COACH_REVIEWED, PlanStatus.SIGNED_OFF,
         PlanStatus.IN_PROGRESS, PlanStatus.REVIEWED]


def seed(la: LocalAuthority, previous: Cohort, current: Cohort, by_urn: dict[str, School],
         sencos: dict[str, User]) -> dict[str, int]:
    counts = {"triads": 0, "meetings_recorded": 0, "action_plans": 0}
    everyone = {user.id for user in sencos.values()}
    for cohort in (previous, current):
        for name, urns in TRIADS:
            triad = interfaces.create_triad(la, cohort, name, [by_urn[u].id for u in urns],
                                            by_urn[urns[0]].id)
            counts["triads"] += 1
            counts["meetings_recorded"] += _meetings(la, cohort, triad, urns, by_urn, sencos,
                                                     everyone, finished=cohort is previous)
    for cohort in (previous, current):
        plans.set_sign_off(la, cohort, SignOff.SENCO_NAMING_HEAD, None)
    for urn, state in THIS_YEAR.items():
        plan = _plan(la, current, by_urn[urn], state, sencos, coach=_coach_of(urn, sencos))
        _date_history(la, plan, days_ago=PLANS_WRITTEN_DAYS_AGO)
    for urn in LAST_YEAR_REVIEWED:
        _plan(la, previous, by_urn[urn], PlanStatus.REVIEWED, sencos, coach=_coach_of(urn, sencos))
    counts["action_plans"] = len(THIS_YEAR) + len(LAST_YEAR_REVIEWED)
    return counts


def group_without_coach(la: LocalAuthority, cohort: Cohort, name: str, schools: list[School]) -> None:
    """A triad whose coach school is still to be chosen."""
    interfaces.create_triad(la, cohort, name, [school.id for school in schools], None)


def _coach_of(urn: str, sencos: dict[str, User]) -> User:
    return next(sencos[urns[0]] for _, urns in TRIADS if urn in urns)


def _meetings(la, cohort, triad, urns, by_urn, sencos, everyone, finished: bool) -> int:
    start, _ = cohort.bounds
    today = utcnow().date()
    recorded = 0
    for meeting in interfaces.list_meetings(la, triad):
        held_on = start + timedelta(days=35 + 110 * (meeting.number - 1))
        if not finished and meeting.number == 3:
            continue  # this year's last meeting is not planned yet
        held = held_on <= today and (finished or meeting.number == 1)
        host = by_urn[urns[meeting.number - 1]]
        # After school, at the host school; this year's second Ashgrove triad meeting is online.
        online = not finished and meeting.number == 2 and triad.name == "Ashgrove triad"
        arrangement = Arrangement(
            time(15, 45), time(17, 15), "" if online else f"{host.name}, staff room",
            "https://meet.example.org/ashgrove-triad-meeting-2" if online else "")
        interfaces.update_meeting(la, cohort, triad, meeting, interfaces.MeetingDetails(
            held_on=held_on, host_school_id=by_urn[urns[meeting.number - 1]].id,
            attendee_ids=[sencos[u].id for u in urns], guests="Ruth Adeyemi (quality assurer)",
            agenda=f"{meeting.purpose}. Each school presents where it is.",
            notes="Schools shared their self-evaluations and agreed priorities." if held else "",
            agreed_actions="Each school finishes its plan before the next meeting." if held else "",
            follow_ups="The coach visits each partner school this half-term." if held else "",
            recorded=held, arrangement=arrangement,
        ), everyone, meeting.version)
        recorded += int(held)
    return recorded


def _date_history(la, plan, days_ago: int) -> None:
    when = utcnow() - timedelta(days=days_ago)
    for transition, _ in plans.transitions(la, plan):
        transition.created_at = when


def _plan(la, cohort, school, state, sencos, coach):
    senco = sencos[school.urn]
    plan = plans.start_plan(la, school, cohort, senco, plans.suggestions(la, school, cohort)[:3])
    start, _ = cohort.bounds
    today = utcnow().date()
    for n, priority in enumerate(plan.priorities):
        plans.save_priority(la, plan, priority, plans.PriorityDetails(
            priority.area_id, priority.title,
            "Pupils with SEND make better progress because their support is planned and reviewed.",
            ["Every intervention has an entry and exit measure", "Termly reviews show the impact"],
        ), {priority.area_id}, priority.version)
        description, starts_after, due_from_today = ACTIONS[n % len(ACTIONS)]
        starts = start + timedelta(days=starts_after)
        due = max(starts, today + timedelta(days=due_from_today) if cohort.start_year == start.year
                  and state is not PlanStatus.REVIEWED else start + timedelta(days=250))
        plans.save_action(la, plan, cohort, priority, None, plans.ActionDetails(
            description, senco.id, starts, due, "Staff time", ActionStatus.NOT_STARTED), None)
    for target in STEPS[: STEPS.index(state) + 1] if state in STEPS else []:
        if target is PlanStatus.COACH_REVIEWED and plan.priorities:
            comment = plans.add_comment(la, plan, plan.priorities[0],
                                        "Could a success criterion say what parents will notice?", coach)
            plans.resolve_comment(la, plan, comment, "We added a parent survey.", senco)
        if target is PlanStatus.IN_PROGRESS:
            for priority in plan.priorities:
                for action in priority.actions:
                    plans.add_progress_note(la, plan, action, ActionStatus.ON_TRACK,
                                            "Started as planned.", senco)
            continue  # the first progress note moves a signed-off plan into progress
        if target is PlanStatus.REVIEWED:
            for priority in plan.priorities:
                for criterion in priority.criteria:
                    plans.review_criterion(la, plan, criterion, CriterionOutcome.MET,
                                           "Seen in termly tracking and pupil voice.", criterion.version)
        if target is PlanStatus.SIGNED_OFF:
            _sign_off(la, plan, cohort, school, senco, then_change=state is PlanStatus.SIGNED_OFF)
            continue
        plans.advance(la, plan, coach if target is PlanStatus.COACH_REVIEWED else senco, plan.version)
    if state in (PlanStatus.SHARED, PlanStatus.IN_PROGRESS) and coach is not senco and plan.priorities:
        # Coaching goes on all year: a comment the school has still to answer.
        plans.add_comment(la, plan, plan.priorities[-1], "What will the first half-term look like?", coach)
    return plan


def _sign_off(la, plan, cohort, school, senco, then_change: bool) -> None:
    """By the school's headteacher if it has an account, else by the SENCO naming the head, as the
    cohort's rule allows; then, for some schools, a change the head has still to sign off."""
    heads = plans.school_leaders(la, [school.id])[school.id].headteachers
    if heads:
        plans.advance(la, plan, heads[0], plan.version)
    else:
        plans.advance(la, plan, senco, plan.version, headteacher=HEADS_NAMED.get(school.urn, "the headteacher"))
    change = CHANGED_AFTER_SIGN_OFF.get(school.urn) if then_change else None
    if change and plan.priorities:
        start = utcnow().date()
        plans.save_action(la, plan, cohort, plan.priorities[0], None, plans.ActionDetails(
            change, senco.id, start, start + timedelta(days=30), "", ActionStatus.NOT_STARTED), None)
