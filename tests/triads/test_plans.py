"""Action plans: from the self-evaluation to the year-end review, as the right roles."""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.forms import CONFLICT
from app.interfaces import cohorts
from app.models import Role
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.pages import banner, error_summary
from triads import interfaces as triads
from triads.interfaces import visits
from triads.types import ActionStatus, CriterionOutcome, PlanStatus


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def setting(world, make):
    """LA A: a cohort of three schools in a triad (School Two the coach), a submitted
    self-evaluation for School One, and a coach SENCO."""
    a = world["a"]
    selfeval.load_bundled_frameworks()
    third = make.school(a["la"], name="School A Three")
    cohort = cohorts.create_cohort(a["la"], 2026, [a["school"], a["other_school"], third])
    triad = triads.create_triad(a["la"], cohort, "North triad",
                                [a["school"].id, a["other_school"].id, third.id], a["other_school"].id)
    evaluation = selfeval.start(a["la"], a["school"], cohort, a["senco"])
    for n, area in enumerate(selfeval.variant_of(evaluation).areas):
        selfeval.save_area(a["la"], evaluation, area, selfeval.AreaAnswers(
            {s.id: (1 if n in (5, 6) else 3, "") for s in area.statements}, 2, "r", "", "", True), 0)
    db.session.commit()
    coach = make.user(Role.SENCO, school=a["other_school"], name="Coach Senco")
    stranger = make.user(Role.SENCO, school=make.school(a["la"], name="Outside School"))
    return {"la": a["la"], "cohort": cohort, "triad": triad, "school": a["school"], "coach": coach,
            "stranger": stranger, "third": third}


def page_errors(response) -> list[str]:
    assert response.status_code == 400
    return [li.get_text(" ", strip=True) for li in soup(response).select(".govuk-error-summary__list li")]


def plans_url(setting, suffix=""):
    return f"/la/{setting['la'].slug}/plans{suffix}"


def start_plan(client, setting, choose=None):
    url = plans_url(setting, f"/schools/{setting['school'].id}/cohorts/{setting['cohort'].id}/start")
    page = soup(client.get(url))
    suggested = [i["value"] for i in page.select("input[name=priorities]")]
    response = client.post(url, data={"priorities": suggested if choose is None else choose})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return triads.plans.find_plan(setting["la"], setting["school"].id, setting["cohort"].id), suggested


def test_plan_starts_from_the_lowest_rated_areas(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    plan, suggested = start_plan(senco, setting)
    assert [s.split("|")[0] for s in suggested] == ["monitoring", "resources"]
    assert [p.area_id for p in plan.priorities] == ["monitoring", "resources"]
    assert plan.status is PlanStatus.DRAFT


def test_the_senco_can_drop_a_suggestion_and_tampering_is_refused(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    url = plans_url(setting, f"/schools/{setting['school'].id}/cohorts/{setting['cohort'].id}/start")
    bad = senco.post(url, data={"priorities": ["made-up|x"]})
    assert bad.status_code == 400
    assert triads.plans.find_plan(setting["la"], setting["school"].id, setting["cohort"].id) is None
    plan, suggested = start_plan(senco, setting, choose=[])
    assert plan.priorities == []


def add_priority(client, setting, plan, title="Provision map links support to progress"):
    return client.post(plans_url(setting, f"/{plan.id}/priorities/new"), data={
        "area": "monitoring", "title": title, "intended_outcome": "Leaders see impact",
        "criteria": "Map reviewed termly\nEvery intervention has an entry and exit measure"})


def add_action(client, setting, plan, priority, **overrides):
    data = {"description": "Train TAs on the new map", "owner": str(setting["owner"]),
            "starts_on": ["1", "10", "2026"], "due_on": ["1", "12", "2026"],
            "resources": "Two twilight sessions", "status": "NOT_STARTED"}
    data.update(overrides)
    return client.post(plans_url(setting, f"/{plan.id}/priorities/{priority.id}/actions/new"), data=data)


def test_the_whole_year_as_the_right_roles(app, world, setting, monkeypatch):
    a = world["a"]
    setting["owner"] = a["senco"].id
    senco = sign_in(app.test_client(), a["senco"])
    head = sign_in(app.test_client(), a["head"])
    coach = sign_in(app.test_client(), setting["coach"])
    plan, _ = start_plan(senco, setting, choose=[])
    assert coach.get(plans_url(setting, f"/{plan.id}")).status_code == 403  # a draft is private

    assert add_priority(senco, setting, plan).status_code == 302
    db.session.expire_all()
    priority = plan.priorities[0]
    assert add_action(senco, setting, plan, priority).status_code == 302

    def advance(client):
        db.session.expire_all()
        return client.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)})

    assert advance(coach).status_code == 403
    assert advance(senco).status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.SHARED

    # The coach comments per priority; the school resolves it before sign-off.
    assert coach.post(plans_url(setting, f"/{plan.id}/priorities/{priority.id}/comments"),
                      data={"body": "Add a measure for parents"}).status_code == 302
    assert advance(head).status_code == 403  # not the head's step yet
    assert advance(coach).status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.COACH_REVIEWED
    assert advance(senco).status_code == 403  # only the headteacher signs off
    refused = head.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)},
                        follow_redirects=True)
    assert "Resolve the coach" in refused.get_data(as_text=True)
    comment = priority.comments[0]
    resolve_url = plans_url(setting, f"/{plan.id}/priorities/{priority.id}/comments/{comment.id}/resolve")
    assert senco.post(resolve_url, data={"response": ""}).status_code == 400
    assert senco.post(resolve_url, data={"response": "Added a parent survey"}).status_code == 302
    assert advance(head).status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.SIGNED_OFF and plan.signed_off_at is not None

    # A change after sign-off is visible.
    assert add_priority(senco, setting, plan, title="Deploy TAs strategically").status_code == 302
    db.session.expire_all()
    assert plan.changed_since_sign_off
    plan_page = senco.get(plans_url(setting, f"/{plan.id}")).get_data(as_text=True)
    assert "changed since the headteacher signed it off" in plan_page

    # Progress notes keep their history and move the plan into progress.
    action = priority.actions[0]
    progress_url = plans_url(setting, f"/{plan.id}/priorities/{priority.id}/actions/{action.id}/progress")
    assert senco.post(progress_url, data={"status": "ON_TRACK", "body": "First session done"}).status_code == 302
    assert senco.post(progress_url, data={"status": "AT_RISK", "body": "Cover problems"}).status_code == 302
    db.session.expire_all()
    assert [n.status for n in action.notes] == [ActionStatus.ON_TRACK, ActionStatus.AT_RISK]
    assert plan.status is PlanStatus.IN_PROGRESS
    page = senco.get(progress_url).get_data(as_text=True)
    assert "First session done" in page and "Cover problems" in page

    # Year-end review: not before the summer term (1 June), then impact against each success
    # criterion, then the plan closes.
    monkeypatch.setattr(triads.plans, "today", lambda: date(2027, 5, 31))
    early = senco.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)},
                       follow_redirects=True)
    assert "The year-end review opens on 1 June 2027" in early.get_data(as_text=True)
    monkeypatch.setattr(triads.plans, "today", lambda: date(2027, 6, 10))
    refused = senco.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)},
                         follow_redirects=True)
    assert "Record the impact" in refused.get_data(as_text=True)
    for p in plan.priorities:
        for c in p.criteria:
            url = plans_url(setting, f"/{plan.id}/priorities/{p.id}/criteria/{c.id}")
            assert senco.post(url, data={"outcome": "MET", "impact": "Seen in data",
                                         "version": str(c.version)}).status_code == 302
    assert advance(senco).status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.REVIEWED
    steps = [t.to_status for t, _ in triads.plans.transitions(setting["la"], plan)]
    assert steps[:4] == [PlanStatus.DRAFT, PlanStatus.SHARED, PlanStatus.COACH_REVIEWED, PlanStatus.SIGNED_OFF]
    assert steps[-1] is PlanStatus.REVIEWED


def test_action_dates_out_of_order_and_an_owner_from_another_school_are_refused(app, world, setting):
    a = world["a"]
    senco = sign_in(app.test_client(), a["senco"])
    plan, _ = start_plan(senco, setting, choose=[])
    add_priority(senco, setting, plan)
    db.session.expire_all()
    priority = plan.priorities[0]
    setting["owner"] = a["senco"].id
    backwards = add_action(senco, setting, plan, priority, starts_on=["1", "12", "2026"],
                           due_on=["1", "10", "2026"], description="Keep this text")
    assert backwards.status_code == 400
    body = backwards.get_data(as_text=True)
    assert "same as or after the start date" in body and "Keep this text" in body
    outsider = add_action(senco, setting, plan, priority, owner=str(setting["coach"].id))
    assert outsider.status_code == 400 and "school&#39;s own people" in outsider.get_data(as_text=True)
    # Dates out of order beside an empty description: both said at once.
    both = page_errors(add_action(senco, setting, plan, priority, starts_on=["1", "12", "2026"],
                                  due_on=["1", "10", "2026"], description=""))
    assert both == ["Describe the action", "The due date must be the same as or after the start date"]
    impossible = add_action(senco, setting, plan, priority, due_on=["31", "2", "2027"])
    assert impossible.status_code == 400 and "real date" in impossible.get_data(as_text=True)
    db.session.expire_all()
    assert priority.actions == []


def test_two_people_editing_one_priority_never_overwrite(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    head = sign_in(app.test_client(), world["a"]["head"])
    plan, _ = start_plan(senco, setting, choose=[])
    add_priority(senco, setting, plan)
    db.session.expire_all()
    priority = plan.priorities[0]
    url = plans_url(setting, f"/{plan.id}/priorities/{priority.id}")
    data = {"area": "monitoring", "intended_outcome": "", "criteria": "One", "version": str(priority.version)}
    assert senco.post(url, data={**data, "title": "SENCO's wording"}).status_code == 302
    second = head.post(url, data={**data, "title": "Head's wording"})
    assert second.status_code == 409 and "Head&#39;s wording" in second.get_data(as_text=True)
    db.session.expire_all()
    assert priority.title == "SENCO's wording"


def test_more_than_five_priorities_warns_and_nonsense_is_refused(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    plan, _ = start_plan(senco, setting, choose=[])
    for n in range(6):
        assert add_priority(senco, setting, plan, title=f"Priority {n}").status_code == 302
    page = senco.get(plans_url(setting, f"/{plan.id}")).get_data(as_text=True)
    assert "A plan works best with 5 or fewer" in page
    bad = senco.post(plans_url(setting, f"/{plan.id}/priorities/new"),
                     data={"area": "not-an-area", "title": "", "criteria": "\n".join(["x"] * 7)})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Enter the priority" in text and "at most 6 success criteria" in text


def test_who_sees_a_plan(app, world, setting):
    a = world["a"]
    senco = sign_in(app.test_client(), a["senco"])
    plan, _ = start_plan(senco, setting, choose=[])
    add_priority(senco, setting, plan)
    url = plans_url(setting, f"/{plan.id}")
    # A quality assurer reads the plans of the cohorts they are assigned to, no other.
    assert sign_in(app.test_client(), a["qa"]).get(url).status_code == 404
    visits.assign_assurer(a["la"], setting["cohort"], a["qa"].id)
    db.session.commit()
    for role in ("lead", "qa", "head"):
        assert sign_in(app.test_client(), a[role]).get(url).status_code == 200, role
    stranger = sign_in(app.test_client(), setting["stranger"])
    coach = sign_in(app.test_client(), setting["coach"])
    assert stranger.get(url).status_code == 403 and coach.get(url).status_code == 403
    db.session.expire_all()
    senco.post(url + "/advance", data={"version": str(plan.version)})
    assert coach.get(url).status_code == 200  # shared with the triad
    assert stranger.get(url).status_code == 403  # never outside it
    # Reading is not editing: the coach cannot change the plan.
    assert add_priority(coach, setting, plan).status_code == 403


def test_print_and_pdf(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    plan, _ = start_plan(senco, setting)
    printed = senco.get(plans_url(setting, f"/{plan.id}/print"))
    assert printed.status_code == 200 and plan.priorities[0].title in printed.get_data(as_text=True)
    pdf = senco.get(plans_url(setting, f"/{plan.id}/action-plan.pdf"))
    assert pdf.data.startswith(b"%PDF")


def test_overdue_actions_are_listed(app, world, setting):
    a = world["a"]
    plan = triads.plans.start_plan(setting["la"], a["school"], setting["cohort"], a["senco"], [])
    priority = triads.plans.save_priority(setting["la"], plan, None, triads.plans.PriorityDetails(
        "outcomes", "P", "", ["c"]), {"outcomes"}, None)
    details = triads.plans.ActionDetails("Late one", None, date(2026, 9, 1), date(2026, 9, 30), "",
                                         ActionStatus.ON_TRACK)
    triads.plans.save_action(setting["la"], plan, setting["cohort"], priority, None, details, None)
    done = triads.plans.ActionDetails("Done one", None, None, date(2026, 9, 30), "", ActionStatus.DONE)
    triads.plans.save_action(setting["la"], plan, setting["cohort"], priority, None, done, None)
    overdue = triads.plans.overdue_actions(setting["la"], today=date(2026, 10, 5))
    assert [row[0].description for row in overdue] == ["Late one"]
    assert triads.plans.overdue_actions(setting["la"], [setting["third"].id], today=date(2026, 10, 5)) == []


def test_sharing_an_empty_plan_answers_303_and_says_why(app, world, setting):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    plan, _ = start_plan(senco, setting, choose=[])
    response = senco.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)})
    assert response.status_code == 303 and response.location.endswith(f"/plans/{plan.id}")
    assert "Add at least one priority before you share the plan" in banner(soup(senco.get(response.location)))
    db.session.expire_all()
    assert plan.status is PlanStatus.DRAFT


def test_a_stale_review_answers_409_and_keeps_the_typed_impact(app, world, setting):
    la, senco_user = setting["la"], world["a"]["senco"]
    plan = triads.plans.start_plan(la, setting["school"], setting["cohort"], senco_user, [])
    priority = triads.plans.save_priority(la, plan, None, triads.plans.PriorityDetails(
        "monitoring", "Provision map", "", ["Reviewed termly"]), {"monitoring"}, None)
    plan.status = PlanStatus.IN_PROGRESS
    db.session.commit()
    criterion = priority.criteria[0]
    senco = sign_in(app.test_client(), senco_user)
    address = plans_url(setting, f"/{plan.id}/priorities/{priority.id}/criteria/{criterion.id}")
    opened = soup(senco.get(address)).find("input", attrs={"name": "version"})["value"]
    triads.plans.review_criterion(la, plan, criterion, CriterionOutcome.MET, "The head's view",
                                  criterion.version)
    db.session.commit()
    response = senco.post(address, data={"outcome": "PARTLY_MET", "impact": "My careful words",
                                         "version": opened})
    assert response.status_code == 409
    page = soup(response)
    assert CONFLICT in " ".join(error_summary(page))
    assert page.find("textarea", attrs={"name": "impact"}).get_text() == "My careful words"
    db.session.expire_all()
    assert criterion.impact == "The head's view"


def test_the_coachs_plan_page_has_one_primary_button(app, world, setting):
    """The coach's main action (mark the plan as reviewed) is the one primary button; commenting
    on each priority is secondary."""
    senco = sign_in(app.test_client(), world["a"]["senco"])
    coach = sign_in(app.test_client(), setting["coach"])
    plan, _ = start_plan(senco, setting)
    assert len(plan.priorities) == 2
    senco.post(plans_url(setting, f"/{plan.id}/advance"), data={"version": str(plan.version)})
    page = soup(coach.get(plans_url(setting, f"/{plan.id}")))
    buttons = page.select("main .govuk-button")
    primary = [b.get_text(" ", strip=True) for b in buttons
               if not {"govuk-button--secondary", "govuk-button--warning"} & set(b["class"])]
    assert primary == ["Mark as reviewed by the coach"]
    assert [b.get_text(strip=True) for b in buttons].count("Add comment") == 2
