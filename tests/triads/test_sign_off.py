"""Who signs off an action plan (triads.access.signs_off_as), the lead's choice per cohort, the
schools without a headteacher account, and the plan page's main action by date and state."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from tests.conftest import sign_in
from tests.dashboards.test_kept_pages import Statements
from tests.pages import page, text_of, value
from triads.interfaces import plans
from triads.types import ActionStatus, PlanStatus, SignOff


def _plan_at(programme, school_key, senco, coach, status=PlanStatus.COACH_REVIEWED):
    """A plan with a priority and an action, moved on to `status` through the interfaces."""
    la, cohort = programme.la, programme.cohort
    school = programme.schools[school_key]
    plan = plans.start_plan(la, school, cohort, senco, [])
    priority = plans.save_priority(la, plan, None, plans.PriorityDetails(
        "outcomes", "Pupils' progress is tracked", "", ["Termly reviews"]), {"outcomes"}, None)
    plans.save_action(la, plan, cohort, priority, None, plans.ActionDetails(
        "Train TAs", senco.id, date(2025, 9, 10), date(2025, 10, 1), "", ActionStatus.ON_TRACK), None)
    order = [PlanStatus.SHARED, PlanStatus.COACH_REVIEWED, PlanStatus.SIGNED_OFF, PlanStatus.IN_PROGRESS]
    for target in order[: order.index(status) + 1]:
        who = coach if target is PlanStatus.COACH_REVIEWED else senco
        if target is PlanStatus.IN_PROGRESS:
            plans.add_progress_note(la, plan, priority.actions[0], ActionStatus.ON_TRACK, "Going", senco)
            continue
        plans.advance(la, plan, who, plan.version, headteacher="Dana Head" if target is PlanStatus.SIGNED_OFF
                      and who.id == senco.id and not _has_head(programme, school) else None)
    db.session.commit()
    return plan


def _has_head(programme, school) -> bool:
    return bool(plans.school_leaders(programme.la, [school.id])[school.id].headteachers)


@pytest.fixture
def five(programme, make):
    """School A Five (South triad) has a SENCO and no headteacher; its plan waits for sign-off."""
    senco = make.user(Role.SENCO, school=programme.schools["five"], name="Senco Five")
    plan = _plan_at(programme, "five", senco, programme.south_senco)
    return senco, plan


def url(programme, suffix: str) -> str:
    return f"/la/{programme.la.slug}/plans{suffix}"


def set_rule(client, programme, rule: SignOff):
    form = page(client.get(url(programme, f"/cohorts/{programme.cohort.id}/sign-off")))
    return client.post(url(programme, f"/cohorts/{programme.cohort.id}/sign-off"),
                       data={"rule": rule.name, "version": value(form, "version")})


def test_by_default_nobody_signs_off_where_the_school_has_no_headteacher(app, programme, five, signed_in):
    senco, plan = five
    client = sign_in(app.test_client(), senco)
    assert client.post(url(programme, f"/{plan.id}/advance"), data={"version": plan.version}).status_code == 403
    assert client.post(url(programme, f"/{plan.id}/sign-off"),
                       data={"headteacher": "Dana Head", "version": plan.version}).status_code == 403
    card = text_of(page(client.get(url(programme, f"/{plan.id}"))).find(id="who-signs-off"))
    assert "Nobody can sign off this plan yet" in card and "Ask your LA SEND lead to invite" in card
    lead_page = page(signed_in("a", "lead").get(url(programme, f"/{plan.id}")))
    invite = lead_page.find(id="who-signs-off").select_one("a[href*='/people/invite']")
    assert invite["href"] == (f"/la/{programme.la.slug}/people/invite?role=HEADTEACHER"
                              f"&school={programme.schools['five'].id}")


def test_the_leads_rule_lets_the_senco_sign_off_naming_the_head(app, programme, five, signed_in):
    senco, plan = five
    lead = signed_in("a", "lead")
    assert set_rule(lead, programme, SignOff.SENCO_NAMING_HEAD).status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "plan.sign_off_rule_set")).one()
    assert event.detail == {"before": "HEADTEACHER_ONLY", "after": "SENCO_NAMING_HEAD"}

    client = sign_in(app.test_client(), senco)
    plan_page = page(client.get(url(programme, f"/{plan.id}")))
    assert "lets the SENCO (Senco Five) sign off" in text_of(plan_page.find(id="who-signs-off"))
    assert "Sign off the plan for the headteacher" in [text_of(a) for a in plan_page.select("#next-step a")]
    # The one-click button is not for the SENCO: the head must be named.
    pressed = client.post(url(programme, f"/{plan.id}/advance"), data={"version": plan.version})
    assert pressed.status_code == 303 and pressed.location.endswith(f"/{plan.id}/sign-off")
    empty = client.post(url(programme, f"/{plan.id}/sign-off"), data={"headteacher": " ", "version": plan.version})
    assert empty.status_code == 400 and "Enter the name of the headteacher" in empty.get_data(as_text=True)
    done = client.post(url(programme, f"/{plan.id}/sign-off"),
                       data={"headteacher": "Dana Head", "version": plan.version})
    assert done.status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.SIGNED_OFF and plan.signed_off_by_id == senco.id
    last, by = plans.transitions(programme.la, plan)[-1]
    assert last.note == "agreed by the headteacher, Dana Head" and by == "Senco Five"
    history = text_of(page(client.get(url(programme, f"/{plan.id}"))))
    assert "Signed off (agreed by the headteacher, Dana Head), by Senco Five" in history


def test_the_rule_does_not_let_a_senco_sign_off_where_the_school_has_a_headteacher(
        app, world, programme, signed_in):
    # School A One has the world's SENCO and headteacher.
    set_rule(signed_in("a", "lead"), programme, SignOff.SENCO_NAMING_HEAD)
    plan = _plan_at(programme, "one", world["a"]["senco"], world["a"]["senco"])  # coach: any SENCO
    senco = signed_in("a", "senco")
    assert senco.post(url(programme, f"/{plan.id}/advance"), data={"version": plan.version}).status_code == 403
    assert senco.post(url(programme, f"/{plan.id}/sign-off"),
                      data={"headteacher": "Someone", "version": plan.version}).status_code == 403
    assert senco.get(url(programme, f"/{plan.id}/sign-off")).status_code == 302  # back to the plan
    card = text_of(page(senco.get(url(programme, f"/{plan.id}"))).find(id="who-signs-off"))
    assert card == "Who signs off this plan The headteacher: Head A."
    head = signed_in("a", "head")
    assert head.post(url(programme, f"/{plan.id}/advance"), data={"version": plan.version}).status_code == 302
    db.session.expire_all()
    assert plan.status is PlanStatus.SIGNED_OFF


def test_the_lead_sees_schools_without_a_headteacher_and_can_invite_one(app, programme, signed_in):
    lead = signed_in("a", "lead")
    soup = page(lead.get(url(programme, f"/cohorts/{programme.cohort.id}/sign-off")))
    rows = [text_of(r.find("th")) for r in soup.find(id="schools-without-headteacher").select("tbody tr")]
    assert rows == sorted(f"School A {n}" for n in ("Four", "Five", "Six", "Three", "Two"))  # One has a head
    link = soup.find("a", href=lambda h: h and f"school={programme.schools['two'].id}" in h)
    form = page(lead.get(link["href"]))
    assert value(form, "role") == "HEADTEACHER" and value(form, "school") == str(programme.schools["two"].id)
    assert signed_in("a", "senco").get(url(programme, f"/cohorts/{programme.cohort.id}/sign-off")).status_code == 403


def test_the_senco_signs_changes_off_again_for_the_head_and_the_page_says_what_changed(
        app, programme, five, signed_in):
    senco, plan = five
    set_rule(signed_in("a", "lead"), programme, SignOff.SENCO_NAMING_HEAD)
    client = sign_in(app.test_client(), senco)
    client.post(url(programme, f"/{plan.id}/sign-off"), data={"headteacher": "Dana Head", "version": plan.version})
    db.session.expire_all()
    priority = plan.priorities[0]
    added = client.post(url(programme, f"/{plan.id}/priorities/{priority.id}/actions/new"), data={
        "description": "Coffee morning for parents", "owner": "", "starts_on": ["1", "12", "2025"],
        "due_on": ["1", "1", "2026"], "resources": "", "status": "NOT_STARTED"})
    assert added.status_code == 302
    soup = page(client.get(url(programme, f"/{plan.id}")))
    assert [text_of(li) for li in soup.select("#changes-since-sign-off li")] == [
        "Action added: Coffee morning for parents"]
    # The page reads its changes from the activity log, written with each change: it is kept
    # (app/kept_pages.py) and drawn again after the next change. (The page above showed the
    # save's message once, so was not kept; this one is.)
    client.get(url(programme, f"/{plan.id}"))
    with Statements() as statements:
        client.get(url(programme, f"/{plan.id}"))
    assert statements.seen and not statements.reading("audit_event")
    client.post(url(programme, f"/{plan.id}/priorities/{priority.id}/actions/new"), data={
        "description": "Parents' forum", "owner": "", "starts_on": ["1", "12", "2025"],
        "due_on": ["1", "1", "2026"], "resources": "", "status": "NOT_STARTED"})
    soup = page(client.get(url(programme, f"/{plan.id}")))
    assert [text_of(li) for li in soup.select("#changes-since-sign-off li")] == [
        "Action added: Coffee morning for parents", "Action added: Parents' forum"]
    db.session.expire_all()
    again = client.post(url(programme, f"/{plan.id}/sign-off"),
                        data={"headteacher": "Dana Head", "version": plan.version})
    assert again.status_code == 302
    db.session.expire_all()
    assert not plan.changed_since_sign_off
    assert plans.transitions(programme.la, plan)[-1][0].note == (
        "Changes signed off again, agreed by the headteacher, Dana Head")


@pytest.mark.parametrize(("today", "main_button"), [
    (date(2026, 5, 31), None),
    (date(2026, 6, 1), "Complete the year-end review"),
])
def test_the_year_end_review_is_the_main_action_only_from_the_summer_term(
        app, world, programme, signed_in, monkeypatch, today, main_button):
    plan = _plan_at(programme, "one", world["a"]["senco"], world["a"]["senco"], PlanStatus.SIGNED_OFF)
    head = signed_in("a", "head")  # School One's plan is signed off by its head
    plans.add_progress_note(programme.la, plan, plan.priorities[0].actions[0], ActionStatus.ON_TRACK, "Go",
                            world["a"]["senco"])
    db.session.commit()
    assert head is not None
    monkeypatch.setattr(plans, "today", lambda: today)
    soup = page(signed_in("a", "senco").get(url(programme, f"/{plan.id}")))
    step = soup.find(id="next-step")
    buttons = [text_of(b) for b in step.select("button")]
    assert buttons == ([main_button] if main_button else [])
    if main_button is None:
        assert "The year-end review opens on 1 June 2026" in text_of(step)


def test_an_earlier_meeting_3_opens_the_year_end_review_four_weeks_before_it(programme):
    assert plans.year_end_review_opens(programme.cohort) == date(2026, 6, 1)
    programme.cohort.meeting_3_by = date(2026, 5, 20)
    assert plans.year_end_review_opens(programme.cohort) == date(2026, 4, 22)


def test_an_overdue_action_says_overdue_not_on_track(app, world, programme, signed_in, monkeypatch):
    plan = _plan_at(programme, "one", world["a"]["senco"], world["a"]["senco"], PlanStatus.SHARED)
    monkeypatch.setattr(plans, "today", lambda: date(2025, 11, 20))  # the action was due on 1 October
    soup = page(signed_in("a", "senco").get(url(programme, f"/{plan.id}")))
    row = soup.find("td", string=lambda s: s and "Train TAs" in s).find_parent("tr")
    status = text_of(row.find_all("td")[3])
    assert status == "Overdue"
    assert "On track" not in text_of(row)
