"""What the triads package gives the data feed: a cohort's triads, action plans with their
priorities and actions, meetings, QA visits, and each school's completion against the timetable.
Every "overdue" and "due soon" here is the cohort's timetable and `due_state`, as on the pages."""

from app.features import SCHOOL_REFERENCE as SCHOOL_ID
from app.features import FeedField, FeedPage, FeedRequest, FeedResource, FeedScope
from app.models import DueState, Milestone, due_state
from triads.interfaces import analysis, overview
from triads.interfaces import feed as rows_of
from triads.types import ActionStatus, MeetingStatus, PlanStatus, Rigour, VisitStatus

TRIAD_ID = FeedField("triad_id", "integer", "The triad's id; stable.")
PLAN_ID = FeedField("plan_id", "integer", "The action plan's id; stable.")
PRIORITY_ID = FeedField("priority_id", "integer", "The priority's id; stable.")


def _due(name: str, what: str) -> FeedField:
    return FeedField.coded(name, DueState, f"How {what} stands against the cohort's timetable "
                                           "(due soon: within 14 days).")


def _slice(found: list, request: FeedRequest) -> list:
    return found[request.offset:request.offset + request.limit]


# --- triads -----------------------------------------------------------------------------------


def _triads(request: FeedRequest) -> FeedPage:
    found, total = rows_of.triad_members(request.la, request.cohort, request.offset, request.limit)
    return FeedPage([{"triad_id": r.triad_id, "triad_name": r.triad_name, "school_id": r.school_id,
                      "is_coach_school": r.school_id == r.coach_school_id,
                      "coach_school_id": r.coach_school_id} for r in found], total)


TRIADS = FeedResource(
    name="triads",
    scope=FeedScope.COHORT,
    path="triads",
    summary="The cohort's triads and their schools",
    description="One row per school in each triad of the cohort, by triad then school.",
    fields=(
        TRIAD_ID,
        FeedField("triad_name", "string", "The triad's name."),
        SCHOOL_ID,
        FeedField("is_coach_school", "boolean", "Whether this school is the triad's coach school."),
        FeedField("coach_school_id", "integer", "The triad's coach school; null until one is chosen.",
                  nullable=True),
    ),
    rows=_triads,
)


# --- action plans -----------------------------------------------------------------------------


def _plans(request: FeedRequest) -> FeedPage:
    found, total = rows_of.plans(request.la, request.cohort, request.offset, request.limit)
    return FeedPage([{"plan_id": p.plan_id, "school_id": p.school_id, "status": p.status,
                      "signed_off_at": p.signed_off_at, "changed_since_sign_off": p.changed_since_sign_off,
                      "priorities": p.priorities, "last_changed_at": p.updated_at} for p in found], total)


ACTION_PLANS = FeedResource(
    name="action_plans",
    scope=FeedScope.COHORT,
    path="action-plans",
    summary="Each school's action plan and where it stands",
    description="One row per action plan in the cohort (a school that has not started one has none).",
    fields=(
        PLAN_ID,
        SCHOOL_ID,
        FeedField.coded("status", PlanStatus, "The plan's step in its workflow."),
        FeedField("signed_off_at", "date-time", "When the headteacher signed it off; null until then.",
                  nullable=True),
        FeedField("changed_since_sign_off", "boolean", "Whether it changed after it was signed off."),
        FeedField("priorities", "integer", "How many priorities it has."),
        FeedField("last_changed_at", "date-time", "When the plan itself was last changed."),
    ),
    rows=_plans,
)


def _priorities(request: FeedRequest) -> FeedPage:
    found, total = rows_of.priorities(request.la, request.cohort, request.offset, request.limit)
    return FeedPage([{"priority_id": p.priority_id, "plan_id": p.plan_id, "school_id": p.school_id,
                      "position": p.position, "area_id": p.area_id, "statement_id": p.statement_id,
                      "title": p.title, "intended_outcome": p.intended_outcome} for p in found], total)


PRIORITIES = FeedResource(
    name="priorities",
    scope=FeedScope.COHORT,
    path="priorities",
    summary="The priorities of every action plan",
    description="One row per priority of each plan in the cohort, in id order.",
    fields=(
        PRIORITY_ID,
        PLAN_ID,
        SCHOOL_ID,
        FeedField("position", "integer", "Its place in the plan's order."),
        FeedField("area_id", "string", "The self-evaluation area it addresses (as in /area-judgements)."),
        FeedField("statement_id", "string", "The statement it was drawn from, if any.", nullable=True),
        FeedField("title", "string", "The priority, in the school's words."),
        FeedField("intended_outcome", "string", "What the school wants to be true at the year's end."),
    ),
    rows=_priorities,
)


def _actions(request: FeedRequest) -> FeedPage:
    found, total = rows_of.actions(request.la, request.cohort, request.offset, request.limit)
    return FeedPage([{
        "action_id": a.action_id, "priority_id": a.priority_id, "plan_id": a.plan_id, "school_id": a.school_id,
        "area_id": a.area_id, "description": a.description, "starts_on": a.starts_on, "due_on": a.due_on,
        "status": a.status, "progress": analysis.action_progress(a.status, a.due_on, request.today),
        "due_state": due_state(a.due_on, a.status is ActionStatus.DONE, request.today),
        "progress_notes": a.progress_notes, "last_progress_at": a.last_noted_at,
    } for a in found], total)


ACTIONS = FeedResource(
    name="actions",
    scope=FeedScope.COHORT,
    path="actions",
    summary="Every action and its progress",
    description="One row per action of each plan in the cohort, in id order.",
    fields=(
        FeedField("action_id", "integer", "The action's id; stable."),
        PRIORITY_ID,
        PLAN_ID,
        SCHOOL_ID,
        FeedField("area_id", "string", "The area of the action's priority."),
        FeedField("description", "string", "The action, in the school's words."),
        FeedField("starts_on", "date", "When it starts.", nullable=True),
        FeedField("due_on", "date", "When it is due.", nullable=True),
        FeedField.coded("status", ActionStatus, "The status the school gave it."),
        FeedField.coded("progress", analysis.Progress, "Where it stands, as the plan pages say: an action "
                                                      "past its date and not done is at risk."),
        _due("due_state", "the action"),
        FeedField("progress_notes", "integer", "How many progress notes it has."),
        FeedField("last_progress_at", "date-time", "When progress was last noted.", nullable=True),
    ),
    rows=_actions,
)


# --- meetings and QA visits -------------------------------------------------------------------


def _meetings(request: FeedRequest) -> FeedPage:
    found, total = rows_of.meetings(request.la, request.cohort, request.offset, request.limit)
    timetable = request.cohort.timetable
    return FeedPage([{
        "meeting_id": m.id, "triad_id": m.triad_id, "number": m.number, "purpose": m.purpose,
        "status": m.status, "held_on": m.held_on, "start_time": m.start_time, "end_time": m.end_time,
        "due_by": timetable[overview.MEETINGS[m.number - 1]] if 1 <= m.number <= 3 else None,
        "due_state": overview.meeting_due(request.cohort, m, request.today) if 1 <= m.number <= 3 else None,
    } for m in found], total)


MEETINGS = FeedResource(
    name="meetings",
    scope=FeedScope.COHORT,
    path="meetings",
    summary="Every triad meeting, planned and held",
    description="One row per meeting of each triad in the cohort (three a year), in id order.",
    fields=(
        FeedField("meeting_id", "integer", "The meeting's id; stable."),
        TRIAD_ID,
        FeedField("number", "integer", "Meeting 1, 2 or 3."),
        FeedField("purpose", "string", "What the meeting is for."),
        FeedField.coded("status", MeetingStatus, "Whether it is only planned or recorded as held."),
        FeedField("held_on", "date", "Its date, planned or held; null until set.", nullable=True),
        FeedField("start_time", "time", "Its start, UK time (HH:MM).", nullable=True),
        FeedField("end_time", "time", "Its end, UK time (HH:MM).", nullable=True),
        FeedField("due_by", "date", "The cohort's timetable date for this meeting.", nullable=True),
        FeedField.coded("due_state", DueState, "How it stands against that date (done once recorded).",
                        nullable=True),
    ),
    rows=_meetings,
)


def _visits(request: FeedRequest) -> FeedPage:
    found, total = rows_of.visits(request.la, request.cohort, request.offset, request.limit)
    timetable = request.cohort.timetable
    final = VisitStatus.FINAL
    return FeedPage([{
        "visit_id": v.id, "school_id": v.school_id, "triad_id": v.triad_id, "planned_on": v.planned_on,
        "held_on": v.held_on, "start_time": v.start_time, "end_time": v.end_time, "status": v.status,
        "rigour": v.rigour if v.status is final else None, "finalised_at": v.finalised_at,
        "due_by": timetable[Milestone.QA_VISITS_TO],
        "due_state": timetable.state(Milestone.QA_VISITS_TO, v.status is final, request.today),
    } for v in found], total)


QA_VISITS = FeedResource(
    name="qa_visits",
    scope=FeedScope.COHORT,
    path="qa-visits",
    summary="Quality-assurance visits and their reports' state",
    description="One row per QA visit in the cohort, to a school or to a whole triad, in id order.",
    fields=(
        FeedField("visit_id", "integer", "The visit's id; stable."),
        FeedField("school_id", "integer", "The school visited; null for a visit to a whole triad.", nullable=True),
        FeedField("triad_id", "integer", "The triad visited; null for a visit to one school.", nullable=True),
        FeedField("planned_on", "date", "The date it was arranged for."),
        FeedField("held_on", "date", "The date it was held; null until written up.", nullable=True),
        FeedField("start_time", "time", "Its start, UK time (HH:MM).", nullable=True),
        FeedField("end_time", "time", "Its end, UK time (HH:MM).", nullable=True),
        FeedField.coded("status", VisitStatus, "Scheduled, written up as a draft, or final."),
        FeedField.coded("rigour", Rigour, "The assurer's judgement of rigour, once the report is final.",
                        nullable=True),
        FeedField("finalised_at", "date-time", "When the report was made final.", nullable=True),
        FeedField("due_by", "date", "The cohort's timetable date by which QA visits are done."),
        FeedField.coded("due_state", DueState, "How it stands against that date (done once final)."),
    ),
    rows=_visits,
)


# --- completion against the timetable ---------------------------------------------------------


def _completion(request: FeedRequest) -> FeedPage:
    # The LA lead's cohort overview, row for row: a fixed number of queries for the whole cohort
    # (at most a few hundred schools), then the page.
    found = sorted(overview.cohort_overview(request.la, request.cohort), key=lambda row: row.school.id)
    timetable = request.cohort.timetable
    rows = []
    for row in _slice(found, request):
        held = row.meetings_held
        rows.append({
            "school_id": row.school.id, "triad_id": row.triad.id if row.triad else None,
            "is_coach_school": row.is_coach,
            "self_evaluation_due_by": timetable[Milestone.SELF_EVALUATION_DUE],
            "self_evaluation_state": row.self_evaluation_due,
            "plan_status": row.plan.status if row.plan else None,
            "plan_due_by": timetable[Milestone.PLAN_SIGNED_OFF], "plan_state": row.plan_due,
            "meetings_held": held,
            "next_meeting_due_by": timetable[overview.MEETINGS[held]] if row.triad and held < 3 else None,
            "meeting_state": row.meeting_due if row.triad else None,
            "overdue_actions": row.overdue,
        })
    return FeedPage(rows, len(found))


COMPLETION = FeedResource(
    name="completion",
    scope=FeedScope.COHORT,
    path="completion",
    summary="Each school's progress against the cohort's timetable",
    description=("One row per school of the cohort, in school id order, as the LA lead's cohort overview shows it: "
                 "the self-evaluation, the plan's sign-off and the triad's next meeting, each against "
                 "its timetable date, and overdue actions."),
    fields=(
        SCHOOL_ID,
        FeedField("triad_id", "integer", "The school's triad; null if it is in none.", nullable=True),
        FeedField("is_coach_school", "boolean", "Whether the school is its triad's coach school."),
        FeedField("self_evaluation_due_by", "date", "Timetable: self-evaluations submitted by."),
        _due("self_evaluation_state", "the self-evaluation (done once submitted)"),
        FeedField.coded("plan_status", PlanStatus, "The action plan's step; null if not started.", nullable=True),
        FeedField("plan_due_by", "date", "Timetable: action plans signed off by."),
        _due("plan_state", "the plan (done once signed off)"),
        FeedField("meetings_held", "integer", "How many of the triad's three meetings are recorded."),
        FeedField("next_meeting_due_by", "date", "Timetable date of the triad's next meeting; null when all "
                                                 "three are held or the school is in no triad.", nullable=True),
        FeedField.coded("meeting_state", DueState, "How the triad's next meeting stands against its date; "
                                                   "null if the school is in no triad.", nullable=True),
        FeedField("overdue_actions", "integer", "How many of the school's plan actions are overdue."),
    ),
    rows=_completion,
)

RESOURCES = (TRIADS, ACTION_PLANS, PRIORITIES, ACTIONS, MEETINGS, QA_VISITS, COMPLETION)
