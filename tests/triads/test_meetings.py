"""Triad meetings: planned ahead and recorded afterwards by the triad's own people and the LA
lead; read by quality assurers; refused with a message at the field when the input is wrong."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.forms import CONFLICT
from app.interfaces.errors import EditConflict, Invalid
from app.models import AuditEvent
from tests.conftest import sign_in
from tests.pages import banner, error_summary, field_error, heading, page, snapshot, text_of, value
from triads import interfaces as triads
from triads.models import Meeting
from triads.types import MeetingStatus


def meeting_form(programme, day="14", month="10", year="2025", host="one", attendees=(),
                 recorded="no", **overrides) -> dict:
    data = {
        "held_on": [day, month, year],
        "host_school": programme.ids(host)[0] if host else "",
        "attendees": list(attendees),
        "guests": "Educational psychologist",
        "agenda": "Draft each school's action plan",
        "notes": "",
        "agreed_actions": "",
        "follow_ups": "",
        "recorded": recorded,
        "version": str(programme.meeting(programme.north, 1).version),
    }
    data.update(overrides)
    return data


def saved(programme, number=1) -> Meeting:
    db.session.expire_all()
    return programme.meeting(programme.north, number)


@pytest.fixture
def senco(signed_in, programme):
    return signed_in("a", "senco")


def test_the_triad_page_lists_its_three_meetings(senco, programme, monkeypatch):
    # 20 November 2025: meeting 1 is due by 30 November (the timetable's default), so due soon.
    monkeypatch.setattr("app.models.cohort.utcnow", lambda: datetime(2025, 11, 20, 12, 0, tzinfo=UTC))
    soup = page(senco.get(programme.triad_url(programme.north)))
    rows = [text_of(r) for r in soup.find("caption", string="The triad's meetings").parent.select("tbody tr")]
    assert rows == ["1. Action planning Planned Due soon Not set Not decided",
                    "2. Progress review Planned Not set Not decided",
                    "3. Final review and preparation for the celebration Planned Not set Not decided"]


def test_a_meeting_not_held_by_its_date_in_the_timetable_is_overdue(senco, programme, monkeypatch):
    monkeypatch.setattr("app.models.cohort.utcnow", lambda: datetime(2025, 12, 2, 12, 0, tzinfo=UTC))
    soup = page(senco.get(programme.triad_url(programme.north)))
    rows = soup.find("caption", string="The triad's meetings").parent.select("tbody tr")
    assert [text_of(r.select_one(".app-due-tag")) for r in rows] == ["Overdue", "", ""]


def test_senco_plans_a_meeting_ahead(senco, programme, today):
    url = programme.meeting_url(programme.north, 1, "/edit")
    form = page(senco.get(url))
    assert heading(form) == "Action planning"
    assert value(form, "recorded") == "no"
    hosts = [o["value"] for o in form.select("select[name=host_school] option")]
    assert hosts == ["", *programme.ids("one", "three", "two")], "the triad's schools, by name"
    response = senco.post(url, data=meeting_form(programme, day="8", month="12", year="2025"))
    assert response.status_code == 302
    meeting = saved(programme)
    assert meeting.status is MeetingStatus.PLANNED
    assert meeting.held_on.isoformat() == "2025-12-08", "a planned meeting may be in the future"
    assert meeting.host_school_id == programme.schools["one"].id
    assert meeting.agenda == "Draft each school's action plan"
    shown = page(senco.get(response.location))
    assert "Meeting 1 has been saved" in banner(shown)
    assert "8 December 2025" in text_of(shown)
    assert "School A One" in text_of(shown)


def test_senco_records_a_meeting_afterwards_with_attendees(senco, world, programme, today):
    url = programme.meeting_url(programme.north, 1, "/edit")
    form = page(senco.get(url))
    people = {text_of(label): label.find_previous_sibling("input")["value"]
              for label in form.select("input[name=attendees] + label")}
    assert set(people) == {"Senco A (School A One)", "Head A (School A One)"}
    data = meeting_form(programme, day="20", month="11", year="2025", recorded="yes",
                        attendees=people.values(), notes="Line one\nLine two <b>not bold</b>",
                        agreed_actions="Each school drafts its plan", follow_ups="Check plans in January")
    assert senco.post(url, data=data).status_code == 302
    meeting = saved(programme)
    assert meeting.status is MeetingStatus.RECORDED
    assert {a.user_id for a in meeting.attendees} == {world["a"]["senco"].id, world["a"]["head"].id}
    shown = senco.get(programme.meeting_url(programme.north, 1))
    body = shown.get_data(as_text=True)
    assert "Line one<br>Line two &lt;b&gt;not bold&lt;/b&gt;" in body
    assert "Senco A (School A One)" in text_of(page(shown))
    assert "meeting.recorded" in db.session.scalars(select(AuditEvent.action)).all()
    triad_page = page(senco.get(programme.triad_url(programme.north)))
    assert "1. Action planning Recorded 20 November 2025 School A One" in text_of(triad_page)

    # Saved again with the same people (and one fewer): no clash with the rows already there.
    data.update(version=str(meeting.version), attendees=[str(world["a"]["senco"].id)])
    assert senco.post(url, data=data).status_code == 302
    assert {a.user_id for a in saved(programme).attendees} == {world["a"]["senco"].id}
    data.update(version=str(saved(programme).version), attendees=[str(world["a"]["senco"].id)])
    assert senco.post(url, data=data).status_code == 302


@pytest.mark.parametrize("date_parts, recorded, message", [
    (("31", "8", "2025"), "no", "The date of the meeting must be within the cohort's academic year 2025/26 "
                                "(1 September 2025 to 31 August 2026)"),
    (("1", "9", "2026"), "no", "The date of the meeting must be within the cohort's academic year 2025/26 "
                               "(1 September 2025 to 31 August 2026)"),
    (("", "", ""), "yes", "Enter the date the meeting was held"),
    (("21", "11", "2025"), "yes", "A meeting can only be recorded as held on or before today"),
    (("31", "2", "2026"), "no", "Date of the meeting must be a real date, like 27 3 2026"),
    (("", "11", "2025"), "no", "Date of the meeting must include a day"),
    (("1", "", "2025"), "no", "Date of the meeting must include a month"),
    (("", "", "2025"), "no", "Date of the meeting must include a day and a month"),
    (("x", "y", "z"), "no", "Date of the meeting must be a real date, like 27 3 2026"),
    (("1", "1", "99999"), "no", "Date of the meeting must be a real date, like 27 3 2026"),
])
def test_bad_dates_are_refused_at_the_field(senco, programme, today, date_parts, recorded, message):
    url = programme.meeting_url(programme.north, 1, "/edit")
    before = snapshot()
    day, month, year = date_parts
    response = senco.post(url, data=meeting_form(programme, day=day, month=month, year=year,
                                                 recorded=recorded, notes="Keep my notes"))
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "held_on") == message
    assert message in error_summary(soup)
    assert value(soup, "notes") == "Keep my notes"
    assert snapshot() == before


@pytest.mark.parametrize("held_on, missing", [(["1"], "a month and a year"), (["1", "2"], "a year")])
def test_a_date_with_missing_parts_is_a_message_not_a_crash(senco, programme, today, held_on, missing):
    before = snapshot()
    data = meeting_form(programme)
    data["held_on"] = held_on
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"), data=data)
    assert response.status_code == 400
    assert field_error(page(response), "held_on") == f"Date of the meeting must include {missing}"
    assert snapshot() == before


@pytest.mark.parametrize("held_on, saved_as", [([], None), (["14", "10", "2025", "99"], "2025-10-14")])
def test_no_date_parts_or_extra_parts_are_no_crash_either(senco, programme, today, held_on, saved_as):
    data = meeting_form(programme)
    data["held_on"] = held_on
    assert senco.post(programme.meeting_url(programme.north, 1, "/edit"), data=data).status_code == 302
    held = saved(programme).held_on
    assert (held.isoformat() if held else None) == saved_as


def test_a_host_outside_the_triad_is_refused(senco, world, programme, today):
    url = programme.meeting_url(programme.north, 1, "/edit")
    before = snapshot()
    for host in (programme.ids("four")[0], str(programme.outsider.id), str(world["b"]["school"].id),
                 "abc", "-1", "1 OR 1=1"):
        response = senco.post(url, data=meeting_form(programme, host=None, host_school=host))
        assert response.status_code == 400, host
        assert field_error(page(response), "host_school") == "Choose the host from the triad's schools"
    assert snapshot() == before


def test_the_interfaces_refuse_a_host_or_attendee_outside_the_triad(programme, today):
    meeting = programme.meeting(programme.north, 1)
    details = triads.MeetingDetails(today, programme.schools["four"].id, [programme.south_senco.id],
                                    "", "", "", "", "", True)
    with pytest.raises(Invalid) as refused:
        triads.update_meeting(programme.la, programme.cohort, programme.north, meeting, details,
                              {p.id for p, _ in triads.triad_people(programme.la, programme.north)},
                              meeting.version)
    assert refused.value.errors == {"host_school": "The host must be one of the triad's schools",
                                    "attendees": "Choose attendees from the triad's people"}


def test_a_tampered_attendee_is_refused(senco, world, programme, today):
    url = programme.meeting_url(programme.north, 1, "/edit")
    before = snapshot()
    for attendee in (str(programme.south_senco.id), str(world["b"]["senco"].id), str(world["a"]["lead"].id),
                     "abc", ""):
        data = meeting_form(programme, attendees=[str(world["a"]["senco"].id), attendee])
        response = senco.post(url, data=data)
        assert response.status_code == 400, attendee
        assert field_error(page(response), "attendees") == "Choose people who attended from the list"
    assert snapshot() == before


@pytest.mark.parametrize("field, text, message", [
    ("notes", "x" * 4001, "Notes must be 4000 characters or fewer"),
    ("agenda", "x" * 4001, "Agenda must be 4000 characters or fewer"),
    ("guests", "x" * 1001, "Guests must be 1000 characters or fewer"),
    ("follow_ups", "Call\x00back", "Follow-ups must only contain printable characters"),
    ("agreed_actions", "\x1b[31mred", "Agreed actions must only contain printable characters"),
])
def test_long_or_hostile_text_is_refused(senco, programme, today, field, text, message):
    before = snapshot()
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"),
                          data=meeting_form(programme, **{field: text}))
    assert response.status_code == 400
    assert field_error(page(response), field) == message
    assert snapshot() == before


def test_recorded_must_be_yes_or_no(senco, programme, today):
    before = snapshot()
    for bad in ("", "maybe", "YES"):
        response = senco.post(programme.meeting_url(programme.north, 1, "/edit"),
                              data=meeting_form(programme, recorded=bad))
        assert response.status_code == 400
        assert field_error(page(response), "recorded") == "Select whether the meeting has taken place"
    assert snapshot() == before


def test_markup_in_text_is_kept_as_text_and_shown_escaped(senco, programme, today):
    url = programme.meeting_url(programme.north, 2, "/edit")
    data = meeting_form(programme, agenda="<script>alert(1)</script>",
                        version=str(programme.meeting(programme.north, 2).version))
    assert senco.post(url, data=data).status_code == 302
    assert saved(programme, 2).agenda == "<script>alert(1)</script>"
    body = senco.get(programme.meeting_url(programme.north, 2)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_two_people_saving_one_meeting_never_overwrite_each_other(signed_in, programme, today):
    senco, head = signed_in("a", "senco"), signed_in("a", "head")
    url = programme.meeting_url(programme.north, 1, "/edit")
    version = value(page(senco.get(url)), "version")
    assert value(page(head.get(url)), "version") == version
    first = senco.post(url, data=meeting_form(programme, notes="Saved first", version=version))
    assert first.status_code == 302
    response = head.post(url, data=meeting_form(programme, notes="Typed by the head", version=version))
    soup = page(response)
    assert response.status_code == 409
    assert CONFLICT in " ".join(error_summary(soup))
    assert "Saved first" in text_of(soup), "what the other person saved is shown"
    assert value(soup, "notes") == "Typed by the head"
    assert saved(programme).notes == "Saved first"
    # The re-shown form carries the newest version, so saving again works.
    response = head.post(url, data=meeting_form(programme, notes="Typed by the head",
                                                version=value(soup, "version")))
    assert response.status_code == 302
    assert saved(programme).notes == "Typed by the head"


def test_a_change_of_attendees_alone_moves_the_version_on(world, programme, today):
    meeting = programme.meeting(programme.north, 1)
    people = {p.id for p, _ in triads.triad_people(programme.la, programme.north)}
    first = triads.MeetingDetails(None, None, [], "", "", "", "", "", False)
    triads.update_meeting(programme.la, programme.cohort, programme.north, meeting, first, people,
                          meeting.version)
    db.session.commit()
    stale = meeting.version
    second = triads.MeetingDetails(None, None, [world["a"]["senco"].id], "", "", "", "", "", False)
    triads.update_meeting(programme.la, programme.cohort, programme.north, meeting, second, people, stale)
    db.session.commit()
    assert meeting.version == stale + 1
    with pytest.raises(EditConflict):
        triads.update_meeting(programme.la, programme.cohort, programme.north, meeting, first, people, stale)


# --- who may ------------------------------------------------------------------------------------


def test_quality_assurer_reads_meetings_but_cannot_change_them(signed_in, programme, world, today):
    from triads.interfaces import visits

    visits.assign_assurer(programme.la, programme.cohort, world["a"]["qa"].id)  # they read assigned cohorts
    db.session.commit()
    client = signed_in("a", "qa")
    shown = page(client.get(programme.meeting_url(programme.north, 1)))
    assert heading(shown) == "Action planning"
    assert not shown.select("a[href$='/edit']")
    before = snapshot()
    url = programme.meeting_url(programme.north, 1, "/edit")
    assert client.get(url).status_code == 403
    assert client.post(url, data=meeting_form(programme)).status_code == 403
    assert snapshot() == before


def test_lead_and_headteacher_may_record_meetings(signed_in, programme, today):
    for number, role in ((1, "lead"), (2, "head")):
        client = signed_in("a", role)
        url = programme.meeting_url(programme.north, number, "/edit")
        data = meeting_form(programme, notes=f"By {role}",
                            version=str(programme.meeting(programme.north, number).version))
        assert client.post(url, data=data).status_code == 302, role
        assert saved(programme, number).notes == f"By {role}"


def test_people_of_another_triad_can_neither_read_nor_change_its_meetings(app, programme, today):
    client = sign_in(app.test_client(), programme.south_senco)
    before = snapshot()
    for suffix in ("", "/edit"):
        assert client.get(programme.meeting_url(programme.north, 1, suffix)).status_code == 403
    assert client.post(programme.meeting_url(programme.north, 1, "/edit"),
                       data=meeting_form(programme)).status_code == 403
    assert snapshot() == before
    assert client.get(programme.meeting_url(programme.south, 1)).status_code == 200


def test_a_meeting_must_be_loaded_through_its_own_triad(senco, programme, today):
    south_meeting = programme.meeting(programme.south, 1)
    before = snapshot()
    wrong = f"{programme.triad_url(programme.north)}/meetings/{south_meeting.id}"
    assert senco.get(wrong).status_code == 404
    assert senco.post(f"{wrong}/edit", data=meeting_form(programme)).status_code == 404
    assert snapshot() == before


def test_a_meeting_of_another_la_is_not_found(signed_in, world, programme, make, today):
    from app.interfaces import cohorts

    b = world["b"]
    third = make.school(b["la"])
    cohort_b = cohorts.create_cohort(b["la"], 2025, [b["school"], b["other_school"], third])
    triad_b = triads.create_triad(b["la"], cohort_b, "B", [b["school"].id, b["other_school"].id, third.id],
                                  third.id)
    db.session.commit()
    meeting_b = triads.list_meetings(b["la"], triad_b)[0]
    client = signed_in("a", "lead")
    before = snapshot()
    for url in (f"{programme.base}/{triad_b.id}/meetings/{meeting_b.id}",
                f"{programme.triad_url(programme.north)}/meetings/{meeting_b.id}"):
        assert client.get(url).status_code == 404
        assert client.post(f"{url}/edit", data=meeting_form(programme)).status_code == 404
    assert snapshot() == before


def test_every_error_shows_at_once_not_one_layer_at_a_time(senco, programme, today):
    # A bad host (a field rule) with an end before the start and a link that is not https (rules
    # between fields): all three are shown on the first try.
    before = snapshot()
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"), data=meeting_form(
        programme, host="", start_time="14:00", end_time="13:00", online_link="http://meet.example.org",
        recorded="maybe", notes="Keep my notes"))
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "end_time") == "The end time must be after the start time"
    assert field_error(soup, "online_link").startswith("Enter an online meeting link that starts with https://")
    assert field_error(soup, "recorded") == "Select whether the meeting has taken place"
    assert value(soup, "notes") == "Keep my notes"
    assert snapshot() == before


def test_a_date_outside_the_year_shows_with_the_times(senco, programme, today):
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"), data=meeting_form(
        programme, day="1", month="9", year="2026", start_time="10:00", end_time="9:00"))
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "held_on").startswith("The date of the meeting must be within the cohort's academic year")
    assert field_error(soup, "end_time") == "The end time must be after the start time"
