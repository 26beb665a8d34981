"""What triads, action plans and QA visits put in each person's "waiting for you" (triads.tasks):
every kind for the right person and for no one else (another LA, another school, a partner that is
not the coach, a school outside the cohort, an assurer not assigned), its state from the cohort's
timetable on a fixed day, its leaving the list once done, and a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from app import features
from app.extensions import db
from app.interfaces import cohorts
from app.models import DueState, Milestone, Role
from tests.conftest import sign_in
from tests.pages import page, text_of
from tests.triads.conftest import TODAY
from triads import interfaces as triads
from triads import tasks
from triads.interfaces import plans, visits
from triads.types import ActionStatus, PlanStatus, Rigour

STEPS = [PlanStatus.SHARED, PlanStatus.COACH_REVIEWED, PlanStatus.SIGNED_OFF]


@pytest.fixture
def people(world, programme, make):
    """Everyone whose list is asked about, by what they are to the North triad's School One."""
    a, b = world["a"], world["b"]
    schools = programme.schools
    return {
        "senco": a["senco"],  # School One's SENCO
        "head": a["head"],  # School One's headteacher
        "coach": make.user(Role.SENCO, school=schools["two"], name="Coach Two"),  # North's coach school
        "partner": make.user(Role.SENCO, school=schools["three"], name="Senco Three"),  # North, not the coach
        "south_coach": programme.south_senco,  # the other triad's coach
        "five": make.user(Role.SENCO, school=schools["five"], name="Senco Five"),
        "outsider": make.user(Role.SENCO, school=programme.outsider, name="Senco Seven"),  # not in the cohort
        "lead": a["lead"],
        "qa": a["qa"],
        "other_qa": make.user(Role.QUALITY_ASSURER, la=a["la"], name="Unassigned Assurer"),
        "b_lead": b["lead"], "b_senco": b["senco"], "b_head": b["head"], "b_qa": b["qa"],
    }


def waiting(app, person, la, today: date = TODAY) -> list[features.Task]:
    """Everything waiting for the person in the LA, from every registered provider."""
    db.session.expire_all()
    with app.test_request_context():
        return features.waiting_for(la, person, person.active_roles(), today)


def of_kind(app, person, la, kind: str, today: date = TODAY) -> list[features.Task]:
    return [t for t in waiting(app, person, la, today) if t.kind == kind]


def who_has(app, people, la, kind: str, key: str | None = None, today: date = TODAY) -> set[str]:
    """The names in `people` whose list holds a task of this kind (and key)."""
    return {name for name, person in people.items()
            if any(key is None or t.key == key for t in of_kind(app, person, la, kind, today))}


def plan_at(programme, people, key: str, status: PlanStatus):
    """School `key`'s plan, with one priority and one action, moved on to `status`."""
    la, cohort, school = programme.la, programme.cohort, programme.schools[key]
    plan = plans.start_plan(la, school, cohort, people["senco"], [])
    plans.save_priority(la, plan, None, plans.PriorityDetails("outcomes", "Priority", "", ["Criterion"]),
                        {"outcomes"}, None)
    for _ in STEPS[: STEPS.index(status) + 1] if status in STEPS else []:
        plans.advance(la, plan, people["senco"], plan.version)
    db.session.commit()
    return plan


def add_action(programme, plan, due_on: date, status=ActionStatus.NOT_STARTED, text="An action"):
    action = plans.save_action(programme.la, plan, programme.cohort, plan.priorities[0], None,
                               plans.ActionDetails(text, None, date(2025, 9, 1), due_on, "", status), None)
    db.session.commit()
    return action


# --- action plans ---------------------------------------------------------------------------------


def test_each_school_is_asked_to_start_its_own_plan(app, world, programme, people):
    la, one, three = programme.la, programme.schools["one"], programme.schools["three"]
    start_one = f"{tasks.PLAN_START}:school-{one.id}:cohort-{programme.cohort.id}"
    assert who_has(app, people, la, tasks.PLAN_START, start_one) == {"senco", "head"}
    start_three = f"{tasks.PLAN_START}:school-{three.id}:cohort-{programme.cohort.id}"
    assert who_has(app, people, la, tasks.PLAN_START, start_three) == {"partner"}
    # A school outside the cohort has no plan to start this year; nor has anyone in LA B here.
    assert of_kind(app, people["outsider"], la, tasks.PLAN_START) == []
    assert of_kind(app, people["b_senco"], world["b"]["la"], tasks.PLAN_START) == []
    [task] = of_kind(app, people["senco"], la, tasks.PLAN_START)
    assert task.href == f"/la/{la.slug}/plans/schools/{one.id}/cohorts/{programme.cohort.id}/start"
    assert task.due == programme.cohort.timetable[Milestone.MEETING_1] and task.school_id == one.id


def test_the_plan_moves_from_the_school_to_its_coach_to_its_head(app, programme, people):
    la = programme.la
    plan = plan_at(programme, people, "one", PlanStatus.DRAFT)
    key = f"plan-{plan.id}"
    assert who_has(app, people, la, tasks.PLAN_SHARE, f"{tasks.PLAN_SHARE}:{key}") == {"senco", "head"}

    plans.advance(la, plan, people["senco"], plan.version)  # shared with the triad
    db.session.commit()
    assert who_has(app, people, la, tasks.PLAN_SHARE) == set()
    # Only the coach school's SENCO: not a partner, not the other triad's coach, not the lead.
    assert who_has(app, people, la, tasks.PLAN_COACH_REVIEW) == {"coach"}
    [review] = of_kind(app, people["coach"], la, tasks.PLAN_COACH_REVIEW)
    assert review.href == f"/la/{la.slug}/plans/{plan.id}" and "School A One" in review.title

    comment = plans.add_comment(la, plan, plan.priorities[0], "What will parents notice?", people["coach"])
    db.session.commit()
    assert who_has(app, people, la, tasks.PLAN_ANSWER_COMMENTS) == {"senco", "head"}

    plans.advance(la, plan, people["coach"], plan.version)  # reviewed by the coach
    db.session.commit()
    assert who_has(app, people, la, tasks.PLAN_COACH_REVIEW) == set()
    assert who_has(app, people, la, tasks.PLAN_SIGN_OFF) == {"head"}

    plans.resolve_comment(la, plan, comment, "We added a survey.", people["senco"])
    db.session.commit()
    assert who_has(app, people, la, tasks.PLAN_ANSWER_COMMENTS) == set()


def test_the_heads_sign_off_leaves_their_list_and_the_school_records_progress(app, programme, people,
                                                                             monkeypatch):
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2025, 11, 20, 9, 0, tzinfo=UTC))
    la = programme.la
    plan = plan_at(programme, people, "one", PlanStatus.COACH_REVIEWED)
    head = sign_in(app.test_client(), people["head"])
    home = page(head.get("/"))
    link = home.find("a", string=f"Sign off {programme.schools['one'].name}'s action plan")
    assert link is not None and link["href"] == f"/la/{la.slug}/plans/{plan.id}"
    assert head.post(f"/la/{la.slug}/plans/{plan.id}/advance", data={"version": plan.version}).status_code == 302
    assert "Sign off" not in text_of(page(head.get("/")).find(id="waiting").find_next("ul"))
    assert who_has(app, people, la, tasks.PLAN_SIGN_OFF) == set()
    assert who_has(app, people, la, tasks.PLAN_FIRST_PROGRESS) == {"senco", "head"}


def test_sign_off_is_due_by_the_timetables_date(app, programme, people):
    la, cohort = programme.la, programme.cohort
    plan_at(programme, people, "one", PlanStatus.COACH_REVIEWED)
    due = cohort.timetable[Milestone.PLAN_SIGNED_OFF]
    assert due == date(2025, 12, 15)  # the programme's default
    for today, state in ((date(2025, 11, 20), DueState.UPCOMING), (date(2025, 12, 5), DueState.DUE_SOON),
                         (date(2025, 12, 16), DueState.OVERDUE)):
        [task] = of_kind(app, people["head"], la, tasks.PLAN_SIGN_OFF, today)
        assert (task.due, task.state) == (due, state), today
    # The lead's date wins over the default.
    cohorts.get_cohort(la, cohort.id).plan_signed_off_by = date(2025, 11, 25)
    db.session.commit()
    [task] = of_kind(app, people["head"], la, tasks.PLAN_SIGN_OFF)
    assert (task.due, task.state) == (date(2025, 11, 25), DueState.DUE_SOON)


def test_the_lead_hears_of_plans_not_signed_off_only_near_or_after_the_date(app, programme, people):
    la = programme.la
    plan_at(programme, people, "one", PlanStatus.SIGNED_OFF)
    assert of_kind(app, people["lead"], la, tasks.LEAD_NOT_SIGNED_OFF) == []  # 15 December is far off
    [soon] = of_kind(app, people["lead"], la, tasks.LEAD_NOT_SIGNED_OFF, date(2025, 12, 5))
    assert soon.state is DueState.DUE_SOON and soon.title.startswith("5 schools of")
    [late] = of_kind(app, people["lead"], la, tasks.LEAD_NOT_SIGNED_OFF, date(2025, 12, 16))
    assert late.state is DueState.OVERDUE and late.href == f"/la/{la.slug}/plans/cohorts/{programme.cohort.id}"
    everyone_else = {k: v for k, v in people.items() if k != "lead"}
    assert who_has(app, everyone_else, la, tasks.LEAD_NOT_SIGNED_OFF, today=date(2025, 12, 16)) == set()


def test_the_lead_sees_plans_stuck_at_a_step_for_more_than_a_fortnight(app, world, programme, people):
    la = programme.la
    plan = plan_at(programme, people, "one", PlanStatus.SHARED)
    for transition, _ in plans.transitions(la, plan):
        transition.created_at = datetime(2025, 11, 1, 10, 0, tzinfo=UTC)
    db.session.commit()
    assert of_kind(app, people["lead"], la, tasks.LEAD_PLAN_STUCK, date(2025, 11, 15)) == []  # 14 days
    [stuck] = of_kind(app, people["lead"], la, tasks.LEAD_PLAN_STUCK)
    assert stuck.state is DueState.OVERDUE and "19 days" in stuck.title and "Shared with triad" in stuck.title
    assert who_has(app, people, la, tasks.LEAD_PLAN_STUCK) == {"lead"}
    assert of_kind(app, people["b_lead"], world["b"]["la"], tasks.LEAD_PLAN_STUCK) == []


def test_actions_due_soon_or_overdue_go_to_the_school_and_overdue_ones_to_the_lead(app, programme, people):
    la = programme.la
    plan = plan_at(programme, people, "one", PlanStatus.SIGNED_OFF)
    late = add_action(programme, plan, date(2025, 11, 10), text="Train the lunchtime staff")
    soon = add_action(programme, plan, date(2025, 11, 28))
    add_action(programme, plan, date(2026, 1, 30))  # not yet due: no task
    add_action(programme, plan, date(2025, 11, 1), ActionStatus.DONE)  # done: no task
    found = {t.key: t for t in of_kind(app, people["senco"], la, tasks.ACTION_PROGRESS)}
    assert {k: (t.due, t.state) for k, t in found.items()} == {
        f"{tasks.ACTION_PROGRESS}:action-{late.id}": (date(2025, 11, 10), DueState.OVERDUE),
        f"{tasks.ACTION_PROGRESS}:action-{soon.id}": (date(2025, 11, 28), DueState.DUE_SOON),
    }
    first = found[f"{tasks.ACTION_PROGRESS}:action-{late.id}"]
    assert "Train the lunchtime staff" in first.title
    assert first.href == f"/la/{la.slug}/plans/{plan.id}/priorities/{plan.priorities[0].id}/actions/{late.id}/progress"
    assert who_has(app, people, la, tasks.ACTION_PROGRESS) == {"senco", "head"}
    [counted] = of_kind(app, people["lead"], la, tasks.LEAD_ACTIONS_OVERDUE)
    assert counted.title == "School A One: 1 overdue action" and counted.due == date(2025, 11, 10)
    assert who_has(app, people, la, tasks.LEAD_ACTIONS_OVERDUE) == {"lead"}
    # Recording it done takes it off the list.
    plans.add_progress_note(la, plan, late, ActionStatus.DONE, "Done.", people["senco"])
    db.session.commit()
    assert [t.key for t in of_kind(app, people["senco"], la, tasks.ACTION_PROGRESS)] == [
        f"{tasks.ACTION_PROGRESS}:action-{soon.id}"]
    assert of_kind(app, people["lead"], la, tasks.LEAD_ACTIONS_OVERDUE) == []


# --- QA visits --------------------------------------------------------------------------------------


def test_an_assigned_assurer_is_asked_to_arrange_visits_triad_by_triad(app, programme, people):
    la, cohort = programme.la, programme.cohort
    assert who_has(app, people, la, tasks.VISIT_SCHEDULE) == set()  # nobody assigned yet
    assert who_has(app, people, la, tasks.LEAD_NO_ASSURER) == {"lead"}
    visits.assign_assurer(la, cohort, people["qa"].id)
    db.session.commit()
    assert who_has(app, people, la, tasks.LEAD_NO_ASSURER) == set()
    keys = {t.key for t in of_kind(app, people["qa"], la, tasks.VISIT_SCHEDULE)}
    assert keys == {f"{tasks.VISIT_SCHEDULE}:triad-{programme.north.id}",
                    f"{tasks.VISIT_SCHEDULE}:triad-{programme.south.id}"}
    # Not an assurer left unassigned, not LA B's, not the schools; the lead hears of it in one line.
    assert who_has(app, people, la, tasks.VISIT_SCHEDULE) == {"qa"}
    [lead_line] = of_kind(app, people["lead"], la, tasks.LEAD_VISITS_NOT_ARRANGED)
    assert lead_line.title.startswith("6 schools of") and lead_line.due == date(2026, 2, 1)

    visits.schedule_visit(la, cohort, people["qa"].id, date(2026, 2, 10), triad_id=programme.north.id)
    visits.schedule_visit(la, cohort, people["qa"].id, date(2026, 2, 12), school_id=programme.schools["four"].id)
    db.session.commit()
    [south] = of_kind(app, people["qa"], la, tasks.VISIT_SCHEDULE)
    assert south.key == f"{tasks.VISIT_SCHEDULE}:triad-{programme.south.id}"
    assert "School A Five, School A Six" in south.title and "Four" not in south.title
    assert of_kind(app, people["lead"], la, tasks.LEAD_VISITS_NOT_ARRANGED)[0].title.startswith("2 schools")


def test_a_visit_is_written_up_by_its_assurer_and_its_draft_commented_on_by_its_school(app, programme, people):
    la, cohort, four = programme.la, programme.cohort, programme.schools["four"]
    visits.assign_assurer(la, cohort, people["qa"].id)
    visits.assign_assurer(la, cohort, people["other_qa"].id)
    visit = visits.schedule_visit(la, cohort, people["qa"].id, date(2025, 11, 12), school_id=four.id)
    db.session.commit()
    # The visit has happened: its own assurer writes it up, not another assigned to the cohort.
    assert who_has(app, people, la, tasks.VISIT_WRITE_UP) == {"qa"}
    assert of_kind(app, people["qa"], la, tasks.VISIT_WRITE_UP, date(2025, 11, 12)) == []  # not before
    [write_up] = of_kind(app, people["qa"], la, tasks.VISIT_WRITE_UP)
    assert write_up.href == f"/la/{la.slug}/visits/{visit.id}/record"

    visits.record_visit(la, cohort, visit, visits.VisitReport(
        date(2025, 11, 12), True, "Head", ["outcomes"], "", "Working well", "", "", "", Rigour.RIGOROUS,
        "Reason", []), {"outcomes"}, visit.version)
    db.session.commit()
    assert who_has(app, people, la, tasks.VISIT_WRITE_UP) == set()
    assert who_has(app, people, la, tasks.VISIT_FINALISE) == {"qa"}
    # The visited school's staff, not its triad partners nor School One.
    assert who_has(app, people, la, tasks.VISIT_COMMENT) == {"south_coach"}

    visits.add_comment(la, visit, "Could it mention our survey?", people["south_coach"])
    db.session.commit()
    assert who_has(app, people, la, tasks.VISIT_COMMENT) == set()
    visits.finalise(la, visit, visit.version)
    db.session.commit()
    assert who_has(app, people, la, tasks.VISIT_FINALISE) == set()


def test_a_draft_of_a_whole_triad_visit_waits_for_each_school_that_has_not_commented(app, programme, people):
    la, cohort = programme.la, programme.cohort
    visits.assign_assurer(la, cohort, people["qa"].id)
    visit = visits.schedule_visit(la, cohort, people["qa"].id, date(2025, 11, 12), triad_id=programme.north.id)
    visits.record_visit(la, cohort, visit, visits.VisitReport(
        date(2025, 11, 12), True, "", [], "", "", "", "", "", None, "", []), set(), visit.version)
    db.session.commit()
    assert who_has(app, people, la, tasks.VISIT_COMMENT) == {"senco", "head", "coach", "partner"}
    visits.add_comment(la, visit, "Thank you", people["head"])
    db.session.commit()
    # School One has answered (its head for its SENCO too); the other North schools have not.
    assert who_has(app, people, la, tasks.VISIT_COMMENT) == {"coach", "partner"}


# --- the LA lead's triads -------------------------------------------------------------------------


def test_the_lead_hears_of_triads_without_a_coach_and_schools_in_no_triad(app, programme, people):
    la, cohort = programme.la, programme.cohort
    assert who_has(app, people, la, tasks.LEAD_NO_COACH) == set()
    assert who_has(app, people, la, tasks.LEAD_NOT_IN_TRIAD) == set()
    triads.get_triad(la, programme.north.id).coach_school_id = None  # the coach school was deleted
    current = cohorts.get_cohort(la, cohort.id)
    cohorts.update_cohort(la, current, current.name, [*cohorts.cohort_schools(current), programme.outsider],
                          current.version)
    db.session.commit()
    [no_coach] = of_kind(app, people["lead"], la, tasks.LEAD_NO_COACH)
    assert no_coach.href == f"/la/{la.slug}/triads/{programme.north.id}/edit" and "North" in no_coach.title
    assert no_coach.state is DueState.OVERDUE  # the triads were due at the launch, 30 September
    [outside] = of_kind(app, people["lead"], la, tasks.LEAD_NOT_IN_TRIAD)
    assert outside.title.startswith("1 school of") and "is not in a triad" in outside.title
    assert who_has(app, people, la, tasks.LEAD_NO_COACH) == {"lead"}
    assert who_has(app, people, la, tasks.LEAD_NOT_IN_TRIAD) == {"lead"}


# --- every task -----------------------------------------------------------------------------------


def test_nothing_from_one_la_reaches_another_or_another_year(app, world, programme, people):
    la = programme.la
    plan = plan_at(programme, people, "one", PlanStatus.SHARED)
    add_action(programme, plan, date(2025, 11, 10))
    visits.assign_assurer(la, programme.cohort, people["qa"].id)
    db.session.commit()
    b_la = world["b"]["la"]
    for name in ("b_lead", "b_senco", "b_head", "b_qa"):
        assert waiting(app, people[name], la) == []  # they hold no role in LA A
        assert all(t.la_id == b_la.id for t in waiting(app, people[name], b_la))
    for name in ("senco", "head", "coach", "lead", "qa"):
        mine = waiting(app, people[name], la)
        assert mine and all(t.la_id == la.id and t.href.startswith(f"/la/{la.slug}/") for t in mine), name
        assert waiting(app, people[name], b_la) == []
        # Only the cohort running today: in 2026/27 this 2025/26 cohort asks nothing.
        assert waiting(app, people[name], la, date(2026, 11, 20)) == []


def test_keys_are_unique_for_each_person_and_stable_from_day_to_day(app, programme, people):
    la = programme.la
    plan_at(programme, people, "one", PlanStatus.SHARED)
    plan = plan_at(programme, people, "four", PlanStatus.SIGNED_OFF)
    add_action(programme, plan, date(2025, 11, 10))
    visits.assign_assurer(la, programme.cohort, people["qa"].id)
    db.session.commit()
    for name in ("coach", "south_coach", "lead", "qa"):
        first = [t.key for t in waiting(app, people[name], la)]
        assert first and len(first) == len(set(first)), name
        assert all(t.key.startswith(t.kind + ":") for t in waiting(app, people[name], la)), name
        later = [t.key for t in waiting(app, people[name], la, TODAY + timedelta(days=3))]
        assert set(later) == set(first), name


def count_statements(client, url: str) -> int:
    statements = []

    def listen(*args, **kwargs):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return len(statements)


def test_the_leads_home_costs_the_same_queries_for_one_plan_or_many(app, programme, people, make, monkeypatch):
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2025, 11, 20, 9, 0, tzinfo=UTC))
    la, cohort = programme.la, programme.cohort
    visits.assign_assurer(la, cohort, people["qa"].id)
    plan = plan_at(programme, people, "one", PlanStatus.SHARED)
    add_action(programme, plan, date(2025, 11, 10))
    visits.schedule_visit(la, cohort, people["qa"].id, date(2025, 11, 12), school_id=programme.schools["six"].id)
    db.session.commit()
    lead = sign_in(app.test_client(), people["lead"])
    few = count_statements(lead, "/")
    for key, status in (("two", PlanStatus.DRAFT), ("three", PlanStatus.COACH_REVIEWED),
                        ("four", PlanStatus.SIGNED_OFF), ("five", PlanStatus.SHARED)):
        more = plan_at(programme, people, key, status)
        add_action(programme, more, date(2025, 11, 12))
        add_action(programme, more, date(2025, 11, 25))
        plans.add_comment(la, more, more.priorities[0], "A question", people["coach"])
    visits.schedule_visit(la, cohort, people["qa"].id, date(2025, 11, 12), school_id=programme.schools["five"].id)
    visits.schedule_visit(la, cohort, people["qa"].id, date(2025, 11, 13), triad_id=programme.north.id)
    db.session.commit()
    assert count_statements(lead, "/") == few
    assert count_statements(sign_in(app.test_client(), people["qa"]), "/") <= few
