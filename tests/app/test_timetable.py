"""The cohort's timetable: the LA lead sets the year's dates (defaults until then), each in the
cohort's academic year, saved with a version and audited date by date; everyone in the LA's
staff reads it on the cohort page."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.interfaces import cohorts
from app.interfaces.errors import EditConflict, Invalid
from app.models import AuditEvent, Cohort, DueState, Milestone, current_academic_year, due_state
from tests.pages import banner, error_summary, field_error, heading, page, text_of, value

LA_A = "/la/authority-a"
NOW = current_academic_year()


@pytest.fixture
def cohort(world):
    a = world["a"]
    made = cohorts.create_cohort(a["la"], NOW, [a["school"], a["other_school"]])
    db.session.commit()
    return made


def url(cohort) -> str:
    return f"{LA_A}/cohorts/{cohort.id}/timetable"


def fresh(cohort) -> Cohort:
    db.session.expire_all()
    return db.session.get(Cohort, cohort.id)


def form_values(cohort, **changes: date) -> dict:
    """The form as drawn (every date as the cohort has it), with some dates changed."""
    dates = {**{m.value: d for m, d in fresh(cohort).timetable.dates.items()}, **changes}
    values = {"version": str(fresh(cohort).version)}
    for key, day in dates.items():
        values[key] = [str(day.day), str(day.month), str(day.year)]
    return values


# --- the form -----------------------------------------------------------------------------------


def test_the_form_opens_with_the_defaults_where_the_lead_set_no_date(signed_in, cohort):
    cohort.meeting_1_by = date(NOW, 11, 20)
    db.session.commit()
    soup = page(signed_in("a", "lead").get(url(cohort)))
    assert heading(soup) == f"Timetable for {cohort.academic_year}"
    assert value(soup, "meeting_1_by") == "20"  # the day box of the lead's own date
    days = [i["value"] for i in soup.select("input[name=self_evaluation_due]")]
    assert days == ["31", "10", str(NOW)]  # the default
    hint = text_of(soup.find(id="self_evaluation_due-hint"))
    assert f"Programme default: 31 October {NOW}" in hint


def test_lead_sets_dates_and_the_cohort_page_shows_them(signed_in, cohort):
    lead = signed_in("a", "lead")
    response = lead.post(url(cohort), data=form_values(
        cohort, meeting_1_by=date(NOW, 11, 20), celebration_on=date(NOW + 1, 7, 3)))
    assert response.status_code == 302 and response.location.endswith(f"/cohorts/{cohort.id}")
    saved = fresh(cohort)
    assert saved.meeting_1_by == date(NOW, 11, 20) and saved.celebration_on == date(NOW + 1, 7, 3)
    assert saved.self_evaluation_due is None  # left at the default: still follows it
    soup = page(lead.get(response.location))
    assert "2 dates changed" in banner(soup)
    rows = {text_of(r.select_one("dt")): text_of(r.select_one("dd"))
            for r in soup.select(".app-timetable .govuk-summary-list__row")}
    assert rows["Meeting 1 (action planning) by"] == f"20 November {NOW}"
    assert rows["Self-evaluations submitted by"] == f"31 October {NOW} (programme default)"
    assert soup.find("a", string="Change the timetable")["href"] == url(cohort)


def test_entering_the_default_again_resets_a_date_to_follow_the_default(signed_in, cohort):
    cohort.plan_signed_off_by = date(NOW, 12, 1)
    db.session.commit()
    response = signed_in("a", "lead").post(url(cohort), data=form_values(
        cohort, plan_signed_off_by=Milestone.PLAN_SIGNED_OFF.default_for(NOW)))
    assert response.status_code == 302
    assert fresh(cohort).plan_signed_off_by is None


def test_quality_assurer_reads_the_timetable_but_cannot_change_it(signed_in, cohort, world):
    from triads.interfaces import visits

    visits.assign_assurer(world["a"]["la"], cohort, world["a"]["qa"].id)  # they read assigned cohorts
    db.session.commit()
    qa = signed_in("a", "qa")
    soup = page(qa.get(f"{LA_A}/cohorts/{cohort.id}"))
    assert soup.select(".app-timetable") and not soup.find("a", string="Change the timetable")
    assert qa.get(url(cohort)).status_code == 403
    before = fresh(cohort).version
    assert qa.post(url(cohort), data=form_values(cohort, meeting_1_by=date(NOW, 11, 1))).status_code == 403
    assert fresh(cohort).version == before
    for role in ("senco", "head"):
        assert signed_in("a", role).get(url(cohort)).status_code == 403


# --- refusals, at the field ---------------------------------------------------------------------


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("meeting_1_by", ["", "", ""], "Enter the date for ‘Meeting 1 (action planning) by’"),
    ("meeting_1_by", ["31", "11", "2026"], "Meeting 1 (action planning) by must be a real date"),
    ("meeting_1_by", ["3", "", "2026"], "Meeting 1 (action planning) by must include a month"),
    ("launch_on", ["x", "y", "z"], "Launch must be a real date"),
])
def test_bad_dates_are_refused_at_their_field(signed_in, cohort, field, typed, message):
    before = fresh(cohort).version
    response = signed_in("a", "lead").post(url(cohort), data={**form_values(cohort), field: typed})
    assert response.status_code == 400
    soup = page(response)
    assert field_error(soup, field).startswith(message)
    assert any(m.startswith(message) for m in error_summary(soup))
    assert [i["value"] for i in soup.select(f"input[name={field}]")] == typed  # as typed
    assert fresh(cohort).version == before


def test_a_date_outside_the_cohorts_academic_year_is_refused(signed_in, cohort):
    response = signed_in("a", "lead").post(url(cohort), data=form_values(
        cohort, launch_on=date(NOW, 8, 31), celebration_on=date(NOW + 1, 9, 1)))
    assert response.status_code == 400
    soup = page(response)
    year = cohort.academic_year
    assert field_error(soup, "launch_on") == (
        f"Launch must be in the {year} academic year, between 1 September {NOW} and 31 August {NOW + 1}")
    assert field_error(soup, "celebration_on").startswith("Celebration of learning must be in the")
    assert fresh(cohort).launch_on is None and fresh(cohort).celebration_on is None


def test_qa_visits_from_after_to_is_refused_at_to(signed_in, cohort):
    response = signed_in("a", "lead").post(url(cohort), data=form_values(
        cohort, qa_visits_from=date(NOW + 1, 4, 1), qa_visits_to=date(NOW + 1, 3, 1)))
    assert response.status_code == 400
    assert field_error(page(response), "qa_visits_to") == (
        f"QA visits by must be the same as or after QA visits from (1 April {NOW + 1})")
    assert fresh(cohort).qa_visits_from is None


def test_dates_out_of_the_usual_order_are_saved_with_a_warning(signed_in, cohort):
    lead = signed_in("a", "lead")
    response = lead.post(url(cohort), data=form_values(cohort, meeting_1_by=date(NOW, 10, 15)))
    assert response.status_code == 302
    soup = page(lead.get(response.location))
    assert (f"Check the order: Meeting 1 (action planning) by (15 October {NOW}) is before "
            f"self-evaluations submitted by (31 October {NOW})") in banner(soup)
    assert "is before" in text_of(page(lead.get(url(cohort))).select_one(".govuk-warning-text"))


def test_a_stale_save_is_refused_with_409_and_the_lead_keeps_their_dates(signed_in, world, cohort):
    lead = signed_in("a", "lead")
    stale = form_values(cohort, meeting_2_by=date(NOW + 1, 3, 1))
    other = signed_in("a", "lead").post(url(cohort), data=form_values(cohort, meeting_3_by=date(NOW + 1, 6, 1)))
    assert other.status_code == 302
    response = lead.post(url(cohort), data=stale)
    assert response.status_code == 409
    soup = page(response)
    assert "Saved by someone else" in banner(soup) and f"Meeting 3 by: 1 June {NOW + 1}" in banner(soup)
    assert [i["value"] for i in soup.select("input[name=meeting_2_by]")] == ["1", "3", str(NOW + 1)]
    assert value(soup, "version") == str(fresh(cohort).version)
    saved = fresh(cohort)
    assert saved.meeting_2_by is None and saved.meeting_3_by == date(NOW + 1, 6, 1)
    # Saving again, now over the other person's version, is a deliberate choice: it saves.
    again = {**stale, "version": value(soup, "version")}
    assert lead.post(url(cohort), data=again).status_code == 302
    assert fresh(cohort).meeting_2_by == date(NOW + 1, 3, 1)


def test_a_cohort_of_another_la_has_no_timetable_page(signed_in, world, make):
    b = world["b"]
    theirs = cohorts.create_cohort(b["la"], NOW, [b["school"]])
    db.session.commit()
    lead = signed_in("a", "lead")
    assert lead.get(f"{LA_A}/cohorts/{theirs.id}/timetable").status_code == 404
    assert lead.post(f"{LA_A}/cohorts/{theirs.id}/timetable", data=form_values(theirs)).status_code == 404


# --- the interface and its audit ----------------------------------------------------------------


def test_each_changed_date_is_audited_from_and_to(world, cohort):
    la = world["a"]["la"]
    dates = dict(cohort.timetable.dates)
    dates[Milestone.MEETING_1] = date(NOW, 11, 20)
    dates[Milestone.QA_VISITS_TO] = date(NOW + 1, 5, 1)
    changed = cohorts.set_timetable(la, cohort, dates, cohort.version)
    assert changed == [Milestone.MEETING_1, Milestone.QA_VISITS_TO]
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cohort.timetable_changed"))
    assert event.entity == "Cohort" and event.entity_id == cohort.id
    assert event.detail == {"meeting_1_by": {"from": f"{NOW}-11-30", "to": f"{NOW}-11-20"},
                            "qa_visits_to": {"from": f"{NOW + 1}-05-31", "to": f"{NOW + 1}-05-01"}}


def test_saving_no_change_audits_nothing_but_moves_the_version_on(world, cohort):
    before = cohort.version
    assert cohorts.set_timetable(world["a"]["la"], cohort, dict(cohort.timetable.dates), before) == []
    assert cohort.version == before + 1
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cohort.timetable_changed")).all()


def test_the_interface_refuses_a_stale_version_and_missing_dates(world, cohort):
    la = world["a"]["la"]
    with pytest.raises(EditConflict):
        cohorts.set_timetable(la, cohort, dict(cohort.timetable.dates), cohort.version - 1)
    dates = dict(cohort.timetable.dates)
    del dates[Milestone.LAUNCH]
    with pytest.raises(Invalid) as refused:
        cohorts.set_timetable(la, cohort, dates, cohort.version)
    assert set(refused.value.errors) == {"launch_on"}


def test_the_activity_page_names_the_change(signed_in, world, cohort):
    lead = signed_in("a", "lead")
    lead.post(url(cohort), data=form_values(cohort, meeting_1_by=date(NOW, 11, 20)))
    text = text_of(page(lead.get(f"{LA_A}/activity")))
    assert "Cohort's timetable changed" in text and f"meeting 1 by: {NOW}-11-30 → {NOW}-11-20" in text


# --- the one rule, read from the timetable ----------------------------------------------------


def test_due_state_reads_the_timetable(cohort):
    due = cohort.timetable[Milestone.SELF_EVALUATION_DUE]
    assert cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, False, due) is DueState.DUE_SOON
    assert due_state(due, False, due - timedelta(days=15)) is DueState.UPCOMING
    assert cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, False, date(NOW + 1, 1, 1)) is DueState.OVERDUE
    assert cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, True, date(NOW + 1, 1, 1)) is DueState.DONE
    assert cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, False, date(NOW, 9, 1)) is DueState.UPCOMING
