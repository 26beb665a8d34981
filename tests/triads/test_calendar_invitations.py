"""Times and places for triad meetings and QA visits, and the calendar invitations that carry
them: the .ics files parse with the real iCalendar library, keep London's wall-clock time across
the clock change, keep their UID and raise their SEQUENCE when they move, cancel when called off,
go by e-mail to the people involved, and are refused to everyone else."""

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, Role
from tests.conftest import sign_in
from tests.pages import field_error, outbox, page, text_of
from triads import calendar
from triads.interfaces import visits
from triads.models import Meeting, QAVisit

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)  # inside the programme's 2025/26 year


@pytest.fixture
def now(monkeypatch):
    from triads.interfaces import arrangements, meetings

    for module in (arrangements, meetings):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)
    return NOW


def parse(ics: bytes | str):
    """The file's calendar and its one event, read by the icalendar library."""
    parsed = Calendar.from_ical(ics)
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    return parsed, events[0]


def invitations(since: int = 0) -> list[tuple[OutboxMessage, Calendar, object]]:
    found = []
    for message in outbox()[since:]:
        assert len(message.attachments) == 1, message.subject
        attachment = message.attachments[0]
        assert attachment.filename == "invite.ics"
        parsed, event = parse(attachment.content)
        assert attachment.content_type == f"text/calendar; method={parsed['METHOD']}"
        found.append((message, parsed, event))
    return found


# --- the file itself -----------------------------------------------------------------------------


def occasion(day: date, start=time(10), end=time(12), **overrides) -> calendar.Occasion:
    values = {"uid": "triad-meeting-1-20250901T000000Z@send-triads", "sequence": 0, "day": day,
              "start_time": start, "end_time": end, "summary": "Triad meeting 2: Progress review (North)",
              "description": "Meeting 2 of 3", "place": "School A One", "online_link": "",
              "url": "http://localhost/la/a/triads/1/meetings/2"}
    values.update(overrides)
    return calendar.Occasion(**values)


@pytest.mark.parametrize(("day", "utc_start", "utc_end"), [
    (date(2026, 3, 20), datetime(2026, 3, 20, 10, tzinfo=UTC), datetime(2026, 3, 20, 12, tzinfo=UTC)),
    # British Summer Time began on 29 March 2026: 10:00 in London is 09:00 UTC.
    (date(2026, 3, 30), datetime(2026, 3, 30, 9, tzinfo=UTC), datetime(2026, 3, 30, 11, tzinfo=UTC)),
    # ... and ended on 25 October 2026.
    (date(2026, 10, 26), datetime(2026, 10, 26, 10, tzinfo=UTC), datetime(2026, 10, 26, 12, tzinfo=UTC)),
])
def test_london_wall_clock_times_become_the_right_instants(day, utc_start, utc_end):
    person = calendar.Person("Senco A", "senco@a.example.org")
    ics = calendar.invitation(occasion(day), calendar.Person("SEND Triads", "no-reply@x.invalid"), person, NOW)
    parsed, event = parse(ics)
    assert parsed["METHOD"] == "REQUEST" and parsed["VERSION"] == "2.0"
    assert event.decoded("DTSTART") == utc_start and event.decoded("DTEND") == utc_end
    assert event["DTSTART"].to_ical().endswith(b"Z"), "written in UTC, which every calendar accepts"
    assert event["UID"] == "triad-meeting-1-20250901T000000Z@send-triads"
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:no-reply@x.invalid"
    assert str(event["ATTENDEE"]) == "mailto:senco@a.example.org"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert event["LOCATION"] == "School A One"
    assert event["URL"] == "http://localhost/la/a/triads/1/meetings/2"


def test_a_date_without_times_is_an_all_day_event_and_a_link_alone_is_the_location():
    ics = calendar.invitation(occasion(date(2026, 3, 30), None, None, place="",
                                       online_link="https://meet.example.org/n"),
                              calendar.Person("SEND Triads", "no-reply@x.invalid"), None, NOW)
    _, event = parse(ics)
    assert event.decoded("DTSTART") == date(2026, 3, 30) and event.decoded("DTEND") == date(2026, 3, 31)
    assert event["LOCATION"] == "https://meet.example.org/n"
    assert "Join online: https://meet.example.org/n" in str(event["DESCRIPTION"])
    assert "ATTENDEE" not in event


def test_a_cancellation_is_method_cancel_with_status_cancelled():
    ics = calendar.invitation(occasion(date(2026, 3, 30), sequence=3, cancelled=True),
                              calendar.Person("SEND Triads", "no-reply@x.invalid"), None, NOW)
    parsed, event = parse(ics)
    assert parsed["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 3


# --- triad meetings --------------------------------------------------------------------------------


def meeting_form(programme, day=("20", "3", "2026"), start="10:00", end="12pm", place="The library",
                 link="", recorded="no", number=1, **overrides) -> dict:
    data = {"held_on": list(day), "start_time": start, "end_time": end, "place": place, "online_link": link,
            "host_school": programme.ids("one")[0], "attendees": [], "guests": "",
            "agenda": "Talk about one pupil's transition", "notes": "", "agreed_actions": "", "follow_ups": "",
            "recorded": recorded, "version": str(saved(programme, number).version)}
    data.update(overrides)
    return data


def saved(programme, number=1) -> Meeting:
    db.session.expire_all()
    return programme.meeting(programme.north, number)


@pytest.fixture
def senco(signed_in, programme):
    return signed_in("a", "senco")


def test_arranging_a_meeting_sends_each_person_involved_an_invitation(senco, world, programme, now):
    url = programme.meeting_url(programme.north, 1, "/edit")
    response = senco.post(url, data=meeting_form(programme, link="https://meet.example.org/north-1"))
    assert response.status_code == 302
    meeting = saved(programme)
    assert (meeting.start_time, meeting.end_time) == (time(10), time(12))
    assert meeting.place == "The library" and meeting.invite_sequence == 0
    sent = invitations()
    a = world["a"]
    # The triad's SENCOs and headteachers (only School A One has accounts in North) and the lead;
    # not the quality assurer, not the South triad's SENCO.
    assert sorted(m.recipient for m, _, _ in sent) == sorted([a["senco"].email, a["head"].email, a["lead"].email])
    for message, parsed, event in sent:
        assert parsed["METHOD"] == "REQUEST"
        assert event.decoded("DTSTART") == datetime(2026, 3, 20, 10, tzinfo=UTC)
        assert event["UID"] == calendar.uid("triad-meeting", meeting.id, meeting.created_at)
        assert str(event["ATTENDEE"]) == f"mailto:{message.recipient}"
        assert event["SUMMARY"] == "Triad meeting 1: Action planning (North)"
        assert message.subject == "Arranged: Meeting 1 of the North, Friday 20 March 2026, 10am to midday"
        assert "You are getting this email because you are" in message.body
        assert f"/la/{a['la'].slug}/triads/{programme.north.id}/meetings/{meeting.id}" in message.body
        assert "https://meet.example.org/north-1" in message.body
        # Free text may name a child: none of it goes into the e-mail or the file.
        for text in (message.body, message.attachments[0].content):
            assert "pupil" not in text
    reasons = {m.recipient: m.body for m, _, _ in sent}
    assert "you are the SENCO at School A One, in the North" in reasons[a["senco"].email]
    assert "you are an LA SEND lead for Authority A" in reasons[a["lead"].email]
    shown = text_of(page(senco.get(programme.meeting_url(programme.north, 1))))
    assert "10am to midday" in shown and "The library" in shown and "Add to your calendar (.ics)" in shown


def test_moving_a_meeting_keeps_its_uid_and_raises_its_sequence(senco, programme, now):
    url = programme.meeting_url(programme.north, 1, "/edit")
    assert senco.post(url, data=meeting_form(programme)).status_code == 302
    first = invitations()
    assert senco.post(url, data=meeting_form(programme)).status_code == 302
    assert len(outbox()) == len(first), "saving the same time and place again sends nothing"
    # Across the clock change: 10:00 in London on 30 March 2026 is 09:00 UTC.
    assert senco.post(url, data=meeting_form(programme, day=("30", "3", "2026"))).status_code == 302
    moved = invitations(len(first))
    assert len(moved) == len(first) and saved(programme).invite_sequence == 1
    for (_, _, before), (message, _, after) in zip(first, moved, strict=True):
        assert after["UID"] == before["UID"]
        assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
        assert after.decoded("DTSTART") == datetime(2026, 3, 30, 9, tzinfo=UTC)
        assert message.subject.startswith("Changed: Meeting 1 of the North, Monday 30 March 2026")
    assert senco.post(url, data=meeting_form(programme, day=("30", "3", "2026"), place="Hall")).status_code == 302
    placed = invitations(2 * len(first))
    assert {e["SEQUENCE"] for _, _, e in placed} == {2} and {e["LOCATION"] for _, _, e in placed} == {"Hall"}


def test_taking_out_the_date_calls_the_meeting_off(senco, programme, now):
    url = programme.meeting_url(programme.north, 1, "/edit")
    senco.post(url, data=meeting_form(programme))
    arranged = len(outbox())
    response = senco.post(url, data=meeting_form(programme, day=("", "", ""), start="", end=""))
    assert response.status_code == 302
    cancelled = invitations(arranged)
    assert len(cancelled) == arranged
    for message, parsed, event in cancelled:
        assert parsed["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == datetime(2026, 3, 20, 10, tzinfo=UTC), "the one being called off"
        assert message.subject.startswith("Called off: Meeting 1 of the North")
    # With no date, there is nothing to download: the page says so.
    download = senco.get(programme.meeting_url(programme.north, 1, "/invite.ics"))
    assert download.status_code == 302


def test_recording_a_held_meeting_or_a_past_date_sends_nothing(senco, programme, now):
    url = programme.meeting_url(programme.north, 1, "/edit")
    response = senco.post(url, data=meeting_form(programme, day=("14", "11", "2025"), recorded="yes"))
    assert response.status_code == 302
    assert outbox() == []


def test_people_who_may_read_the_meeting_download_its_invitation(app, senco, world, programme, now):
    url = programme.meeting_url(programme.north, 1, "/edit")
    senco.post(url, data=meeting_form(programme, link="https://meet.example.org/n"))
    ics_url = programme.meeting_url(programme.north, 1, "/invite.ics")
    response = senco.get(ics_url)
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8; method=REQUEST"
    assert response.headers["Content-Disposition"] == "attachment; filename=triad-meeting-1.ics"
    _, event = parse(response.data)
    assert str(event["ATTENDEE"]) == f"mailto:{world['a']['senco'].email}"
    assert event.decoded("DTSTART") == datetime(2026, 3, 20, 10, tzinfo=UTC)
    visits.assign_assurer(world["a"]["la"], programme.cohort, world["a"]["qa"].id)  # they read assigned cohorts
    db.session.commit()
    for role in ("lead", "qa", "head"):
        assert sign_in(app.test_client(), world["a"][role]).get(ics_url).status_code == 200, role
    # A school outside the triad, and anyone from another LA, get nothing.
    assert sign_in(app.test_client(), programme.south_senco).get(ics_url).status_code == 403
    for role in ("lead", "senco"):
        assert sign_in(app.test_client(), world["b"][role]).get(ics_url).status_code == 404, role


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"start_time": "14:00", "end_time": "13:30"}, "end_time", "The end time must be after the start time"),
    ({"start_time": "25:00"}, "start_time", "Start time must be a real time, like 9:30am or 14:00"),
    ({"end_time": ""}, "end_time", "Enter the end time"),
    ({"online_link": "http://meet.example.org/n"}, "online_link",
     "Enter an online meeting link that starts with https://, like https://meet.example.org/triad-meeting"),
    ({"held_on": ["", "", ""]}, "held_on", "Enter the date of the meeting as well as its times"),
    ({"place": "Room <b>"}, "place", "Place must not contain < or >"),
])
def test_bad_times_and_places_are_refused_at_the_field(senco, programme, now, changes, field, message):
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"),
                          data=meeting_form(programme, **changes))
    assert response.status_code == 400
    assert field_error(page(response), field) == message
    assert outbox() == [] and saved(programme).start_time is None


# --- QA visits -------------------------------------------------------------------------------------


@pytest.fixture
def assured(world, programme):
    visits.assign_assurer(programme.la, programme.cohort, world["a"]["qa"].id)
    db.session.commit()
    return f"/la/{programme.la.slug}/visits"


def schedule_form(programme, day=("30", "3", "2026"), **overrides) -> dict:
    data = {"target": f"school-{programme.schools['one'].id}", "planned_on": list(day),
            "start_time": "9:30am", "end_time": "midday", "place": "", "online_link": ""}
    data.update(overrides)
    return data


def only_visit() -> QAVisit:
    db.session.expire_all()
    return db.session.scalars(select(QAVisit)).one()


def test_scheduling_moving_and_calling_off_a_visit(app, signed_in, world, programme, assured, now):
    assurer = signed_in("a", "qa")
    response = assurer.post(f"{assured}/cohorts/{programme.cohort.id}/new", data=schedule_form(programme))
    assert response.status_code == 302
    visit = only_visit()
    a = world["a"]
    scheduled = invitations()
    assert sorted(m.recipient for m, _, _ in scheduled) == sorted(
        [a["senco"].email, a["head"].email, a["qa"].email, a["lead"].email])
    _, _, event = scheduled[0]
    assert event["SUMMARY"] == "QA visit: School A One" and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)  # 9:30am BST
    reasons = {m.recipient: m.body for m, _, _ in scheduled}
    assert "you are the quality assurer making the visit" in reasons[a["qa"].email]
    assert "you are the headteacher at School A One, the school being visited" in reasons[a["head"].email]

    # Moved to a winter date: 9:30am is 09:30 UTC, same UID, SEQUENCE 1.
    response = assurer.post(f"{assured}/{visit.id}/arrangements", data={
        "planned_on": ["20", "3", "2026"], "start_time": "9:30", "end_time": "11:00", "place": "",
        "online_link": "https://meet.example.org/qa", "version": str(visit.version)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    moved = invitations(len(scheduled))
    assert len(moved) == 4
    for _, _, after in moved:
        assert after["UID"] == event["UID"] and after["SEQUENCE"] == 1
        assert after.decoded("DTSTART") == datetime(2026, 3, 20, 9, 30, tzinfo=UTC)
        assert after["LOCATION"] == "https://meet.example.org/qa"

    # Anyone involved downloads the current file from the visit's page.
    ics_url = f"{assured}/{visit.id}/invite.ics"
    download = signed_in("a", "senco").get(ics_url)
    assert download.status_code == 200
    _, current = parse(download.data)
    assert current["SEQUENCE"] == 1 and current["UID"] == event["UID"]
    assert "Add to your calendar (.ics)" in text_of(page(signed_in("a", "senco").get(f"{assured}/{visit.id}")))

    # Called off: a cancellation with a higher SEQUENCE, and the visit is gone.
    confirm = assurer.get(f"{assured}/{visit.id}/cancel")
    assert confirm.status_code == 200
    response = assurer.post(f"{assured}/{visit.id}/cancel", data={"version": str(only_visit().version)})
    assert response.status_code == 303
    cancelled = invitations(len(scheduled) + len(moved))
    assert len(cancelled) == 4
    for message, parsed, after in cancelled:
        assert parsed["METHOD"] == "CANCEL" and after["STATUS"] == "CANCELLED"
        assert after["UID"] == event["UID"] and after["SEQUENCE"] == 2
        assert message.subject.startswith("Called off: The QA visit to School A One")
    assert db.session.scalar(select(func.count(QAVisit.id))) == 0


def test_who_may_download_move_or_call_off_a_visit(app, signed_in, world, programme, assured, now, make):
    signed_in("a", "qa").post(f"{assured}/cohorts/{programme.cohort.id}/new", data=schedule_form(programme))
    visit = only_visit()
    ics_url, move_url = f"{assured}/{visit.id}/invite.ics", f"{assured}/{visit.id}/arrangements"
    assert signed_in("a", "lead").get(move_url).status_code == 200
    assert signed_in("a", "senco").get(move_url).status_code == 403
    assert signed_in("a", "senco").post(f"{assured}/{visit.id}/cancel", data={"version": "1"}).status_code == 403
    stranger = make.user(Role.SENCO, school=programme.outsider, name="Stranger Senco")
    assert sign_in(app.test_client(), stranger).get(ics_url).status_code == 403
    assert sign_in(app.test_client(), programme.south_senco).get(ics_url).status_code == 403
    for role in ("lead", "qa", "senco"):
        assert signed_in("b", role).get(ics_url).status_code == 404, role
        assert signed_in("b", role).get(move_url).status_code == 404, role


def test_a_visit_written_up_keeps_its_date_and_place(signed_in, programme, assured, now):
    assurer = signed_in("a", "qa")
    assurer.post(f"{assured}/cohorts/{programme.cohort.id}/new", data=schedule_form(programme, day=("3", "11", "2025")))
    visit = only_visit()
    visits.record_visit(programme.la, programme.cohort, visit, visits.VisitReport(
        date(2025, 11, 3), True, "", [], "", "", "", "", "", None, "", []), set(), visit.version)
    db.session.commit()
    page_response = assurer.get(f"{assured}/{visit.id}/arrangements")
    assert page_response.status_code == 302
    response = assurer.post(f"{assured}/{visit.id}/arrangements", data={
        "planned_on": ["4", "11", "2025"], "start_time": "", "end_time": "", "place": "", "online_link": "",
        "version": str(only_visit().version)})
    assert response.status_code == 400
    assert "can no longer change" in field_error(page(response), "planned_on")
    assert only_visit().planned_on == date(2025, 11, 3)


def test_visit_times_are_checked_when_scheduling(signed_in, programme, assured, now):
    response = signed_in("a", "qa").post(f"{assured}/cohorts/{programme.cohort.id}/new",
                                         data=schedule_form(programme, start_time="2pm", end_time="2pm"))
    assert response.status_code == 400
    assert field_error(page(response), "end_time") == "The end time must be after the start time"
    assert db.session.scalar(select(func.count(QAVisit.id))) == 0 and outbox() == []


def test_a_person_who_opted_out_of_invitations_is_not_sent_one(senco, world, programme, now):
    from app.interfaces import notifications
    from app.models.notification import Topic

    head = world["a"]["head"]
    notifications.save_topics(head, [t for t in Topic if t is not Topic.INVITATIONS], head.version)
    db.session.commit()
    response = senco.post(programme.meeting_url(programme.north, 1, "/edit"), data=meeting_form(programme))
    assert response.status_code == 302
    recipients = sorted(m.recipient for m, _, _ in invitations())
    assert recipients == sorted([world["a"]["senco"].email, world["a"]["lead"].email])


# --- read by a calendar client -------------------------------------------------------------------


def in_calcurse(tmp_path, ics: bytes | str, day: date) -> list[str]:
    """The invitation imported into calcurse, a calendar client from Debian, in a diary of its own
    set to London time; what the client shows for the day: "10:00 12:00 summary"."""
    import os
    import shutil
    import subprocess

    if shutil.which("calcurse") is None:
        pytest.skip("calcurse is not installed: `make debian-tools` installs it")
    (tmp_path / "invite.ics").write_bytes(ics if isinstance(ics, bytes) else ics.encode())
    for folder in ("data", "config"):
        (tmp_path / folder).mkdir()
    client = ["calcurse", "-D", str(tmp_path / "data"), "-C", str(tmp_path / "config")]
    env = {**os.environ, "TZ": "Europe/London"}
    imported = subprocess.run([*client, "-i", str(tmp_path / "invite.ics")], env=env, capture_output=True,
                              text=True, timeout=30, check=True)
    assert "1 app" in imported.stdout and "0 skipped" in imported.stdout, imported.stdout
    shown = subprocess.run([*client, "-Q", "--filter-type", "apt", "--days", "1", "--from", f"{day:%m/%d/%Y}",
                            "--format-apt", "%(start:%Y-%m-%d %H:%M) %(end:%H:%M) %m\\n"],
                           env=env, capture_output=True, text=True, timeout=30, check=True)
    return [line for line in shown.stdout.splitlines() if line[:1].isdigit() and " " in line]


@pytest.mark.parametrize("day", [date(2026, 3, 20), date(2026, 3, 30), date(2026, 10, 26)])
def test_a_calendar_client_shows_the_london_times_either_side_of_the_clock_change(tmp_path, day):
    ics = calendar.invitation(occasion(day), calendar.Person("SEND Triads", "no-reply@x.invalid"),
                              calendar.Person("Senco A", "senco@a.example.org"), NOW)
    shown = in_calcurse(tmp_path, ics, day)
    assert shown == [f"{day.isoformat()} 10:00 12:00 Triad meeting 2: Progress review (North)"]
