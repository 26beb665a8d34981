"""QA visits: assurers assigned per cohort schedule and write up visits; the school comments on the
draft, responds to the final report and turns next steps into plan actions."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.forms import CHANGED, CONFLICT
from app.interfaces import cohorts, users
from app.interfaces.errors import Invalid
from app.models import Role
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.pages import banner, error_summary, field_error, page, text_of, value
from triads import interfaces as triads
from triads.interfaces import visits
from triads.models import Action, QAVisit
from triads.types import PlanStatus, Rigour, VisitStatus


@pytest.fixture
def qa(world, make):
    """LA A's 2025/26 cohort: School One (visited), Two (coach) and Three in a triad, with LA A's
    assurer assigned and a stranger school outside the triad."""
    a = world["a"]
    selfeval.load_bundled_frameworks()
    third = make.school(a["la"], name="School A Three")
    stranger = make.school(a["la"], name="Stranger School")
    cohort = cohorts.create_cohort(a["la"], 2025, [a["school"], a["other_school"], third, stranger])
    triad = triads.create_triad(a["la"], cohort, "North triad",
                                [a["school"].id, a["other_school"].id, third.id], a["other_school"].id)
    visits.assign_assurer(a["la"], cohort, a["qa"].id)
    db.session.commit()
    stranger_senco = make.user(Role.SENCO, school=stranger, name="Stranger Senco")
    return {"la": a["la"], "cohort": cohort, "triad": triad, "school": a["school"],
            "stranger_senco": stranger_senco, "base": f"/la/{a['la'].slug}/visits"}


def url(qa, suffix=""):
    return qa["base"] + suffix


def schedule(client, qa, when=("3", "3", "2026"), target=None, **extra):
    return client.post(url(qa, f"/cohorts/{qa['cohort'].id}/new"), data={
        "target": target or f"school-{qa['school'].id}", "planned_on": list(when), **extra})


def report_data(**overrides):
    data = {
        "held_on": ["3", "3", "2026"], "headteacher_present": "yes",
        "attendees": "Headteacher, SENCO", "focus_areas": ["monitoring", "leadership"],
        "evidence_seen": "Provision map and minutes", "working_well": "Senior leadership of SEND",
        "needs_to_change": "Impact measures", "challenge": "How do you know?",
        "reassurance": "Judgements match the evidence", "rigour": "RIGOROUS",
        "rigour_reason": "Several voices", "next_steps": "Link the provision map to progress\nTrain TAs",
    }
    data.update(overrides)
    return data


def make_visit(qa, world, status=VisitStatus.DRAFT) -> QAVisit:
    la, cohort = qa["la"], qa["cohort"]
    visit = visits.schedule_visit(la, cohort, world["a"]["qa"].id, date(2026, 3, 3),
                                  school_id=qa["school"].id)
    if status is not VisitStatus.SCHEDULED:
        visits.record_visit(la, cohort, visit, visits.VisitReport(
            date(2026, 3, 3), True, "Head", ["monitoring"], "", "Working well", "", "", "",
            Rigour.RIGOROUS, "Reason", ["Link the provision map to progress"]),
            {"monitoring"}, visit.version)
    if status is VisitStatus.FINAL:
        visits.finalise(la, visit, visit.version)
    db.session.commit()
    return visit


def visit_count() -> int:
    return db.session.scalar(select(func.count(QAVisit.id)))


# --- scheduling ----------------------------------------------------------------------------------


def test_assurer_schedules_a_visit_in_the_cohort_year(app, world, qa):
    client = sign_in(app.test_client(), world["a"]["qa"])
    response = schedule(client, qa)
    assert response.status_code == 302
    visit = db.session.scalar(select(QAVisit))
    assert visit.status is VisitStatus.SCHEDULED and visit.assurer_id == world["a"]["qa"].id
    # The date has passed by the machine clock, so the visit waits to be written up.
    tables = page(client.get(url(qa, "/"))).find_all("table")
    assert "School A One" in text_of(next(t for t in tables if "To write up" in text_of(t)))


def test_scheduling_outside_the_cohort_year_is_refused(app, world, qa):
    client = sign_in(app.test_client(), world["a"]["qa"])
    response = schedule(client, qa, when=("5", "9", "2026"))
    assert response.status_code == 400
    assert "within the cohort's academic year 2025/26" in field_error(page(response), "planned_on")
    assert visit_count() == 0


def test_a_triad_visit_and_a_tampered_target_are_checked(app, world, qa, make):
    client = sign_in(app.test_client(), world["a"]["qa"])
    assert schedule(client, qa, target=f"triad-{qa['triad'].id}").status_code == 302
    other_la_school = world["b"]["school"]
    for target in (f"school-{other_la_school.id}", "triad-999999", "school-x", "nonsense"):
        response = schedule(client, qa, target=target)
        assert response.status_code == 400, target
        assert error_summary(page(response))
    assert visit_count() == 1


def test_an_assurer_not_assigned_to_the_cohort_is_refused(app, world, qa, make):
    unassigned = make.user(Role.QUALITY_ASSURER, la=qa["la"], name="Unassigned Assurer")
    client = sign_in(app.test_client(), unassigned)
    assert client.get(url(qa, f"/cohorts/{qa['cohort'].id}/new")).status_code == 403
    assert schedule(client, qa).status_code == 403
    with pytest.raises(Invalid, match="assigned to this cohort"):
        visits.schedule_visit(qa["la"], qa["cohort"], unassigned.id, date(2026, 3, 3),
                              school_id=qa["school"].id)
    assert visit_count() == 0


def test_an_assurer_assigned_only_in_another_la_is_refused(app, world, qa, make):
    b = world["b"]
    both = make.user(Role.QUALITY_ASSURER, la=b["la"], name="Two-LA Assurer")
    users.grant_role(both, Role.QUALITY_ASSURER, la=qa["la"])
    b_cohort = cohorts.create_cohort(b["la"], 2025, [b["school"]])
    visits.assign_assurer(b["la"], b_cohort, both.id)
    db.session.commit()
    client = sign_in(app.test_client(), both)
    assert schedule(client, qa).status_code == 403
    # The LA lead cannot pick them either: they are not assigned to A's cohort.
    lead = sign_in(app.test_client(), world["a"]["lead"])
    response = schedule(lead, qa, assurer=str(both.id))
    assert response.status_code == 400
    assert visit_count() == 0
    # Each LA's list shows only that LA's visits.
    visits.schedule_visit(b["la"], b_cohort, both.id, date(2026, 1, 5), school_id=b["school"].id)
    db.session.commit()
    assert "School B One" in client.get(f"/la/{b['la'].slug}/visits/").get_data(as_text=True)
    assert "School B One" not in client.get(url(qa, "/")).get_data(as_text=True)


def test_lead_assigns_only_quality_assurers(app, world, qa, make):
    other = make.user(Role.QUALITY_ASSURER, la=qa["la"], name="Second Assurer")
    lead = sign_in(app.test_client(), world["a"]["lead"])
    address = url(qa, f"/cohorts/{qa['cohort'].id}/assurers")
    boxes = [i["value"] for i in page(lead.get(address)).select("input[name=assurers]")]
    assert str(other.id) in boxes and str(world["a"]["senco"].id) not in boxes
    assert lead.post(address, data={"assurers": [str(other.id)]}).status_code == 302
    assert [u.id for u in visits.assurers_of(qa["la"], qa["cohort"])] == [other.id]
    tampered = lead.post(address, data={"assurers": [str(world["a"]["senco"].id)]})
    assert tampered.status_code == 400
    assert [u.id for u in visits.assurers_of(qa["la"], qa["cohort"])] == [other.id]
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.get(address).status_code == 403


def test_the_visits_page_says_who_is_assigned_to_each_cohort(app, world, qa, make):
    make.user(Role.QUALITY_ASSURER, la=qa["la"], name="Another Assurer")  # in the LA, not assigned
    unassigned = cohorts.create_cohort(qa["la"], 2026, [qa["school"]])
    db.session.commit()
    lead = sign_in(app.test_client(), world["a"]["lead"])
    rows = {r.get_text(" ", strip=True).split(" (")[0]: r.select_one(".app-assurers").get_text(" ", strip=True)
            for r in page(lead.get(url(qa, "/"))).select("main li") if r.select_one(".app-assurers")}
    assert rows == {qa["cohort"].name: f"Quality assurer: {world['a']['qa'].name}",
                    unassigned.name: "No quality assurer assigned yet"}


# --- writing up, the draft, the final report ------------------------------------------------------


def test_assurer_records_a_draft_and_personal_data_hint_is_shown(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.SCHEDULED)
    client = sign_in(app.test_client(), world["a"]["qa"])
    form = page(client.get(url(qa, f"/{visit.id}/record")))
    assert "must not" in form.get_text() or "Do not include a child's name" in form.get_text()
    assert len(form.select("input[name=focus_areas]")) == 8
    response = client.post(url(qa, f"/{visit.id}/record"),
                           data={**report_data(), "version": str(visit.version)})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT and visit.rigour is Rigour.RIGOROUS
    assert visit.focus_areas == ["leadership", "monitoring"]
    assert [s.text for s in visit.next_steps] == ["Link the provision map to progress", "Train TAs"]


def test_editing_a_final_visit_is_refused_until_reopened(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    client = sign_in(app.test_client(), world["a"]["qa"])
    assert client.post(url(qa, f"/{visit.id}/finalise"),
                       data={"version": str(visit.version)}).status_code == 302
    db.session.refresh(visit)
    assert visit.status is VisitStatus.FINAL and visit.finalised_at is not None
    response = client.post(url(qa, f"/{visit.id}/record"),
                           data={**report_data(working_well="Changed"), "version": str(visit.version)})
    assert response.status_code == 400
    assert "Reopen it before you change it" in response.get_data(as_text=True)
    db.session.refresh(visit)
    assert visit.working_well == "Working well"
    with pytest.raises(Invalid):
        visits.record_visit(qa["la"], qa["cohort"], visit, visits.VisitReport(
            date(2026, 3, 3), None, "", [], "", "x", "", "", "", None, "", []), set(), visit.version)
    db.session.rollback()
    assert client.post(url(qa, f"/{visit.id}/reopen"),
                       data={"version": str(visit.version)}).status_code == 302
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT
    response = client.post(url(qa, f"/{visit.id}/record"),
                           data={**report_data(working_well="Changed"), "version": str(visit.version)})
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.working_well == "Changed"


def test_school_comments_on_the_draft(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    head = sign_in(app.test_client(), world["a"]["head"])
    shown = page(head.get(url(qa, f"/{visit.id}")))
    assert "Working well" in shown.get_text()
    response = head.post(url(qa, f"/{visit.id}/comments"), data={"body": "Please mention our survey"})
    assert response.status_code == 302
    assessor = sign_in(app.test_client(), world["a"]["qa"])
    assert "Please mention our survey" in assessor.get(url(qa, f"/{visit.id}")).get_data(as_text=True)
    empty = head.post(url(qa, f"/{visit.id}/comments"), data={"body": "   "})
    assert empty.status_code == 400 and field_error(page(empty), "body") == "Enter your comment"
    db.session.refresh(visit)
    assert len(visit.comments) == 1


def test_school_responds_only_once_the_report_is_final(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    senco = sign_in(app.test_client(), world["a"]["senco"])
    early = senco.post(url(qa, f"/{visit.id}/response"),
                       data={"response": "Too early", "version": str(visit.version)})
    assert early.status_code == 403
    visits.finalise(qa["la"], visit, visit.version)
    db.session.commit()
    refused = senco.post(url(qa, f"/{visit.id}/comments"), data={"body": "Late comment"})
    assert refused.status_code == 400
    response = senco.post(url(qa, f"/{visit.id}/response"),
                          data={"response": "We agree", "version": str(visit.version)})
    assert response.status_code == 302
    db.session.refresh(visit)
    assert visit.school_response == "We agree" and visit.school_responded_at is not None
    assert len(visit.comments) == 0


def test_next_step_becomes_an_action_in_the_school_plan(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.FINAL)
    step = visit.next_steps[0]
    senco = sign_in(app.test_client(), world["a"]["senco"])
    address = url(qa, f"/{visit.id}/steps/{step.id}/action")
    no_plan = senco.post(address, data={})
    assert no_plan.status_code == 303 and no_plan.location.endswith(f"/visits/{visit.id}")
    assert "Start the action plan first" in banner(page(senco.get(no_plan.location)))
    plan = triads.plans.start_plan(qa["la"], qa["school"], qa["cohort"], world["a"]["senco"], [])
    priority = triads.plans.save_priority(qa["la"], plan, None, triads.plans.PriorityDetails(
        "monitoring", "Provision map", "", ["Reviewed termly"]), {"monitoring"}, None)
    db.session.commit()
    button = page(senco.get(url(qa, f"/{visit.id}")))
    assert "Add to our action plan" in button.get_text()
    response = senco.post(address, data={"priority": str(priority.id)})
    assert response.status_code == 302 and f"/plans/{plan.id}" in response.location
    db.session.refresh(step)
    assert step.action_id is not None
    plan_page = senco.get(f"/la/{qa['la'].slug}/plans/{plan.id}").get_data(as_text=True)
    assert "Link the provision map to progress" in plan_page
    again = senco.post(address, data={"priority": str(priority.id)})
    assert again.status_code == 303
    assert "already in an action plan" in banner(page(senco.get(again.location)))
    assert db.session.scalar(select(func.count(Action.id))) == 1


# --- access --------------------------------------------------------------------------------------


def test_access_to_a_visit(app, world, qa, make):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    address = url(qa, f"/{visit.id}")
    assert sign_in(app.test_client(), qa["stranger_senco"]).get(address).status_code == 403
    coach = make.user(Role.SENCO, school=world["a"]["other_school"], name="Coach Senco")
    assert sign_in(app.test_client(), coach).get(address).status_code == 403
    stranger = sign_in(app.test_client(), qa["stranger_senco"])
    assert stranger.post(address + "/comments", data={"body": "x"}).status_code == 403
    b_qa = sign_in(app.test_client(), world["b"]["qa"])
    assert b_qa.get(address).status_code == 404
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.get(address).status_code == 200
    assert "School A One" in lead.get(url(qa, "/")).get_data(as_text=True)
    # The lead reads the report but does not write it; the school cannot finalise it.
    assert lead.post(address + "/record", data=report_data()).status_code == 403
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.post(address + "/finalise", data={"version": str(visit.version)}).status_code == 403
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT


def test_a_triad_visit_is_open_to_every_school_of_the_triad(app, world, qa, make):
    visit = visits.schedule_visit(qa["la"], qa["cohort"], world["a"]["qa"].id, date(2026, 3, 3),
                                  triad_id=qa["triad"].id)
    db.session.commit()
    coach = make.user(Role.SENCO, school=world["a"]["other_school"], name="Coach Senco")
    assert sign_in(app.test_client(), coach).get(url(qa, f"/{visit.id}")).status_code == 200
    stranger = sign_in(app.test_client(), qa["stranger_senco"])
    assert stranger.get(url(qa, f"/{visit.id}")).status_code == 403


# --- optimistic locking and bad input --------------------------------------------------------------


def test_conflicting_saves_give_409_and_keep_the_typed_text(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    client = sign_in(app.test_client(), world["a"]["qa"])
    stale = visit.version
    visits.record_visit(qa["la"], qa["cohort"], visit, visits.VisitReport(
        date(2026, 3, 4), True, "", [], "", "Saved elsewhere", "", "", "", Rigour.RIGOROUS, "r", []),
        {"monitoring"}, visit.version)
    db.session.commit()
    response = client.post(url(qa, f"/{visit.id}/record"), data={
        **report_data(working_well="My careful words"), "version": str(stale)})
    assert response.status_code == 409
    shown = page(response)
    assert value(shown, "working_well") == "My careful words"
    assert CONFLICT in " ".join(error_summary(shown))
    assert field_error(shown, "evidence_seen") == CONFLICT
    db.session.refresh(visit)
    assert visit.working_well == "Saved elsewhere"


@pytest.mark.parametrize("overrides, field, message", [
    ({"held_on": ["", "", ""]}, "held_on", "Enter the date the visit took place"),
    ({"held_on": ["31", "2", "2026"]}, "held_on", "must be a real date"),
    ({"held_on": ["1", "10", "2026"]}, "held_on", "within the cohort's academic year"),
    ({"working_well": "x" * 4001}, "working_well", "4000 characters or fewer"),
    ({"challenge": "bad\x00byte"}, "challenge", "printable characters"),
    ({"focus_areas": ["monitoring", "made-up"]}, "focus_areas", "from the list"),
    ({"rigour": "SUPERB"}, "rigour", "Choose a judgement"),
    ({"headteacher_present": "maybe"}, "headteacher_present", "Choose yes or no"),
    ({"next_steps": "\n".join(f"Step {n}" for n in range(11))}, "next_steps", "at most 10"),
])
def test_bad_report_input_is_refused_with_a_message(app, world, qa, overrides, field, message):
    visit = make_visit(qa, world, VisitStatus.SCHEDULED)
    client = sign_in(app.test_client(), world["a"]["qa"])
    before = (visit.version, visit.status)
    response = client.post(url(qa, f"/{visit.id}/record"),
                           data={**report_data(**overrides), "version": str(visit.version)})
    assert response.status_code == 400
    assert message in field_error(page(response), field)
    db.session.refresh(visit)
    assert (visit.version, visit.status) == before and visit.next_steps == []


def test_a_report_shows_every_error_at_once(app, world, qa):
    # Before, the date's year and the number of next steps were checked only once every field
    # rule passed: a person put right one layer of mistakes, then met the next.
    visit = make_visit(qa, world, VisitStatus.SCHEDULED)
    client = sign_in(app.test_client(), world["a"]["qa"])
    response = client.post(url(qa, f"/{visit.id}/record"), data={**report_data(
        held_on=["1", "10", "2026"], rigour="SUPERB",
        next_steps="\n".join(f"Step {n}" for n in range(11))), "version": str(visit.version)})
    shown = page(response)
    assert response.status_code == 400
    assert "within the cohort's academic year" in field_error(shown, "held_on")
    assert "Choose a judgement" in field_error(shown, "rigour")
    assert "at most 10" in field_error(shown, "next_steps")


def test_hostile_text_is_stored_as_text_and_escaped(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.SCHEDULED)
    client = sign_in(app.test_client(), world["a"]["qa"])
    hostile = "<script>alert(1)</script>"
    response = client.post(url(qa, f"/{visit.id}/record"),
                           data={**report_data(working_well=hostile), "version": str(visit.version)})
    assert response.status_code == 302
    body = client.get(url(qa, f"/{visit.id}")).get_data(as_text=True)
    assert hostile not in body and "&lt;script&gt;" in body


def test_tampered_ids_are_not_found(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.FINAL)
    other = visits.schedule_visit(qa["la"], qa["cohort"], world["a"]["qa"].id, date(2026, 3, 4),
                                  school_id=qa["school"].id)
    db.session.commit()
    senco = sign_in(app.test_client(), world["a"]["senco"])
    step = visit.next_steps[0]
    assert senco.post(url(qa, f"/{other.id}/steps/{step.id}/action")).status_code == 404
    assert senco.get(url(qa, "/999999")).status_code == 404
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.get(url(qa, "/cohorts/999999/assurers")).status_code == 404
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_last_rigour_per_school(app, world, qa):
    make_visit(qa, world, VisitStatus.FINAL)
    found = visits.last_rigour_by_school(qa["la"])
    assert found == {qa["school"].id: (Rigour.RIGOROUS, date(2026, 3, 3))}


def test_lead_schedules_for_an_assigned_assurer_and_every_change_is_audited(app, world, qa):
    from app.models import AuditEvent

    lead = sign_in(app.test_client(), world["a"]["lead"])
    response = schedule(lead, qa, assurer=str(world["a"]["qa"].id))
    assert response.status_code == 302
    visit = db.session.scalar(select(QAVisit))
    assert visit.assurer_id == world["a"]["qa"].id
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.la_id == qa["la"].id)))
    assert {"qa.assurer_assigned", "qa.visit_scheduled"} <= actions


def test_the_demo_has_visits_in_every_state(app):
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
        db.session.commit()
    found = list(db.session.scalars(select(QAVisit)))
    assert sorted(v.status.name for v in found) == ["DRAFT", "DRAFT", "FINAL", "FINAL", "FINAL", "FINAL",
                                                     "SCHEDULED"]
    assert any(s.action_id for v in found for s in v.next_steps)
    assert any(v.comments for v in found if v.status is VisitStatus.DRAFT)
    assert any(v.school_response for v in found)


def test_lead_may_reopen_a_final_report_but_the_school_may_not(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.FINAL)
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.post(url(qa, f"/{visit.id}/reopen"), data={"version": str(visit.version)}).status_code == 403
    lead = sign_in(app.test_client(), world["a"]["lead"])
    stale = lead.post(url(qa, f"/{visit.id}/reopen"), data={"version": str(visit.version - 1)})
    assert stale.status_code == 303 and stale.location.endswith(f"/visits/{visit.id}")
    assert CHANGED in banner(page(lead.get(stale.location)))
    db.session.refresh(visit)
    assert visit.status is VisitStatus.FINAL
    assert lead.post(url(qa, f"/{visit.id}/reopen"), data={"version": str(visit.version)}).status_code == 302
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT and visit.finalised_at is None


# --- refused buttons: back to the report with a 303 and the reason, nothing kept -----------------


def test_a_stale_finalise_answers_303_and_the_reason_shows_on_the_report(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.DRAFT)
    client = sign_in(app.test_client(), world["a"]["qa"])
    response = client.post(url(qa, f"/{visit.id}/finalise"), data={"version": str(visit.version - 1)})
    assert response.status_code == 303 and response.location.endswith(f"/visits/{visit.id}")
    assert CHANGED in banner(page(client.get(response.location)))
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT and visit.finalised_at is None


def test_finalising_an_incomplete_report_answers_303_and_says_what_is_missing(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.SCHEDULED)
    client = sign_in(app.test_client(), world["a"]["qa"])
    assert client.post(url(qa, f"/{visit.id}/record"), data={
        **report_data(rigour="", rigour_reason=""), "version": str(visit.version)}).status_code == 302
    db.session.refresh(visit)
    response = client.post(url(qa, f"/{visit.id}/finalise"), data={"version": str(visit.version)})
    assert response.status_code == 303
    shown = banner(page(client.get(response.location)))
    assert "Before you finalise, record the judgement of rigour and the reason for the judgement" in shown
    db.session.refresh(visit)
    assert visit.status is VisitStatus.DRAFT


def test_a_next_step_refused_by_a_closed_plan_adds_nothing(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.FINAL)
    step = visit.next_steps[0]
    plan = triads.plans.start_plan(qa["la"], qa["school"], qa["cohort"], world["a"]["senco"], [])
    priority = triads.plans.save_priority(qa["la"], plan, None, triads.plans.PriorityDetails(
        "monitoring", "Provision map", "", ["Reviewed termly"]), {"monitoring"}, None)
    plan.status = PlanStatus.REVIEWED
    db.session.commit()
    senco = sign_in(app.test_client(), world["a"]["senco"])
    response = senco.post(url(qa, f"/{visit.id}/steps/{step.id}/action"), data={"priority": str(priority.id)})
    assert response.status_code == 303
    assert "reviewed at year end and is closed" in banner(page(senco.get(response.location)))
    assert db.session.scalar(select(func.count(Action.id))) == 0
    db.session.refresh(step)
    assert step.action_id is None


# --- a refused form: shown again with what was typed ---------------------------------------------


def test_a_stale_response_answers_409_and_keeps_the_school_s_words(app, world, qa):
    visit = make_visit(qa, world, VisitStatus.FINAL)
    senco = sign_in(app.test_client(), world["a"]["senco"])
    opened = value(page(senco.get(url(qa, f"/{visit.id}/response"))), "version")
    visits.respond(qa["la"], visit, "The head's response", visit.version)
    db.session.commit()
    response = senco.post(url(qa, f"/{visit.id}/response"),
                          data={"response": "The SENCO's words", "version": opened})
    assert response.status_code == 409
    shown = page(response)
    assert CONFLICT in " ".join(error_summary(shown))
    assert value(shown, "response") == "The SENCO's words"
    assert value(shown, "version") == str(visit.version), "saving again is a deliberate choice"
    db.session.refresh(visit)
    assert visit.school_response == "The head's response"
