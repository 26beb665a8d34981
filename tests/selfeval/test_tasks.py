"""What the self-evaluation puts in each person's "waiting for you" (selfeval.tasks): the SENCO's
self-evaluation to start, areas to confirm and the self-evaluation to submit, the LA lead's schools
not submitted; for the right people only, dated by the cohort's timetable on a fixed day, gone once
done; and the SENCO's home going straight to this year's self-evaluation."""

from datetime import UTC, date, datetime

import pytest

from app import features
from app.extensions import db
from app.interfaces import cohorts
from app.models import DueState, Role
from selfeval import interfaces as selfeval
from selfeval import tasks
from tests.conftest import sign_in
from tests.pages import page
from tests.selfeval.conftest import base_url

TODAY = date(2026, 10, 20)  # in 2026/27, the `cohort` fixture's year; its self-evaluations are due 31 October


@pytest.fixture
def people(world, cohort, make):
    a, b = world["a"], world["b"]
    elsewhere = make.school(a["la"], name="School A Elsewhere")  # in LA A, not in the cohort
    return {
        "senco": a["senco"], "head": a["head"], "lead": a["lead"], "qa": a["qa"],
        "other_senco": make.user(Role.SENCO, school=a["other_school"], name="Senco Two"),
        "elsewhere_senco": make.user(Role.SENCO, school=elsewhere, name="Senco Elsewhere"),
        "b_lead": b["lead"], "b_senco": b["senco"], "b_head": b["head"], "b_qa": b["qa"],
    }


def waiting(app, person, la, today: date = TODAY, kinds=None) -> list[features.Task]:
    db.session.expire_all()
    with app.test_request_context():
        found = features.waiting_for(la, person, person.active_roles(), today)
    return [t for t in found if t.kind.startswith("selfeval.") and (kinds is None or t.kind in kinds)]


def who_has(app, people, la, kind: str, today: date = TODAY) -> set[str]:
    return {name for name, person in people.items() if waiting(app, person, la, today, {kind})}


def answer(world, evaluation, areas: int) -> None:
    for area in selfeval.variant_of(evaluation).areas[:areas]:
        existing = selfeval.area_response(evaluation, area.id)
        selfeval.save_area(world["a"]["la"], evaluation, area, selfeval.AreaAnswers(
            {s.id: (3, "") for s in area.statements}, 3, "Because", "", "", True),
            existing.version if existing else 0)
    db.session.commit()


def test_the_schools_senco_is_asked_to_confirm_its_areas_and_no_one_else(app, world, cohort, evaluation, people):
    la = world["a"]["la"]
    [task] = waiting(app, people["senco"], la)
    assert task.kind == tasks.CONFIRM_AREAS
    assert task.title == "Confirm or complete 8 areas of School A One's self-evaluation"
    assert task.href == f"/la/{la.slug}/self-evaluation/{evaluation.id}"
    assert task.key == f"{tasks.CONFIRM_AREAS}:school-{world['a']['school'].id}:cohort-{cohort.id}"
    assert (task.due, task.state, task.school_id) == (date(2026, 10, 31), DueState.DUE_SOON, world["a"]["school"].id)
    assert who_has(app, people, la, tasks.CONFIRM_AREAS) == {"senco"}
    # The head reads the self-evaluation but does not answer it; nor does anyone in LA B.
    for name in ("head", "qa", "other_senco", "elsewhere_senco"):
        assert not any(t.key == task.key for t in waiting(app, people[name], la)), name
    for name in ("b_lead", "b_senco", "b_head", "b_qa"):
        assert waiting(app, people[name], world["b"]["la"]) == [], name

    answer(world, evaluation, 3)
    [fewer] = waiting(app, people["senco"], la)
    assert fewer.title.startswith("Confirm or complete 5 areas") and fewer.key == task.key


def test_a_school_not_started_is_asked_to_start_and_one_outside_the_cohort_is_not(app, world, cohort, people):
    la, other = world["a"]["la"], world["a"]["other_school"]
    [start] = waiting(app, people["other_senco"], la)
    assert start.kind == tasks.START and start.title == "Start School A Two's self-evaluation for 2026/27"
    assert start.href == f"/la/{la.slug}/self-evaluation/schools/{other.id}"
    assert who_has(app, people, la, tasks.START) == {"senco", "other_senco"}  # neither has started
    assert waiting(app, people["elsewhere_senco"], la) == []


def test_the_state_comes_from_the_timetable_on_the_day(app, world, cohort, evaluation, people):
    la = world["a"]["la"]
    for today, state in ((date(2026, 9, 20), DueState.UPCOMING), (date(2026, 10, 17), DueState.DUE_SOON),
                         (date(2026, 10, 31), DueState.DUE_SOON), (date(2026, 11, 1), DueState.OVERDUE)):
        [task] = waiting(app, people["senco"], la, today)
        assert task.state is state, today
    cohorts.get_cohort(la, cohort.id).self_evaluation_due = date(2026, 10, 15)  # the lead's own date
    db.session.commit()
    [task] = waiting(app, people["senco"], la)
    assert (task.due, task.state) == (date(2026, 10, 15), DueState.OVERDUE)
    # Another year's cohort asks nothing: only the cohort running today counts.
    assert waiting(app, people["senco"], la, date(2027, 10, 20)) == []


def test_the_lead_hears_of_schools_not_submitted_near_and_after_the_date(app, world, cohort, evaluation, people):
    la = world["a"]["la"]
    assert waiting(app, people["lead"], la, date(2026, 9, 20)) == []  # far off: nothing to chase yet
    [late] = waiting(app, people["lead"], la, date(2026, 11, 2))
    assert late.kind == tasks.NOT_SUBMITTED and late.state is DueState.OVERDUE
    assert late.title == f"2 schools of {cohort.name} have not submitted a self-evaluation"
    assert late.href == f"/la/{la.slug}/self-evaluation/cohorts/{cohort.id}?evaluation=NOT_SUBMITTED"
    assert who_has(app, people, la, tasks.NOT_SUBMITTED) == {"lead"}
    assert waiting(app, people["b_lead"], world["b"]["la"]) == []


def test_submitting_takes_the_task_off_the_list(app, world, cohort, evaluation, people, monkeypatch):
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    la = world["a"]["la"]
    answer(world, evaluation, 8)
    [submit] = waiting(app, people["senco"], la)
    assert submit.kind == tasks.SUBMIT and submit.title == "Submit School A One's self-evaluation"
    senco = sign_in(app.test_client(), people["senco"])
    home = page(senco.get("/"))
    assert home.find("a", string=submit.title)["href"] == submit.href
    db.session.refresh(evaluation)
    assert senco.post(f"{base_url(world, evaluation)}/submit",
                      data={"version": str(evaluation.version)}).status_code == 302
    assert waiting(app, people["senco"], la) == []
    assert page(senco.get("/")).find("a", string=submit.title) is None
    [late] = waiting(app, people["lead"], la)
    assert late.title.startswith("1 school of") and "has not submitted" in late.title


def self_evaluation_buttons(client) -> list:
    return [a for a in page(client.get("/")).select("a.govuk-button") if "self-evaluation" in a.get_text()]


def test_the_sencos_home_goes_straight_to_this_years_self_evaluation(app, world, cohort, evaluation, people,
                                                                     monkeypatch):
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2026, 10, 20, 9, 0, tzinfo=UTC))
    la, school, other = world["a"]["la"], world["a"]["school"], world["a"]["other_school"]
    senco = sign_in(app.test_client(), people["senco"])
    [button] = self_evaluation_buttons(senco)
    assert button["href"] == f"/la/{la.slug}/self-evaluation/schools/{school.id}/this-year"
    opened = senco.get(button["href"])
    assert opened.status_code == 302 and opened.location.endswith(base_url(world, evaluation))
    # Not started: the school's years, where its SENCO starts this one.
    not_started = sign_in(app.test_client(), people["other_senco"]).get(
        f"/la/{la.slug}/self-evaluation/schools/{other.id}/this-year")
    assert not_started.status_code == 302
    assert not_started.location.endswith(f"/la/{la.slug}/self-evaluation/schools/{other.id}")
    # The head has no button (the SENCO answers), and another school's SENCO may not follow it.
    assert self_evaluation_buttons(sign_in(app.test_client(), people["head"])) == []
    assert sign_in(app.test_client(), people["elsewhere_senco"]).get(button["href"]).status_code == 403
