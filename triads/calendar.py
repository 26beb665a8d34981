"""Calendar invitations for triad meetings and QA visits: iCalendar files (RFC 5545) carrying the
scheduling methods of RFC 5546, so a calendar adds the event, replaces it when it moves and
removes it when it is called off. Pure: plain values in, the file's bytes out; no Flask, no
database (the import contracts hold it to that).

Choices, for Outlook and Google Calendar alike:
- Times are written in UTC ("20260330T090000Z"). Both accept UTC everywhere, without a VTIMEZONE
  block; a TZID needs one, and Outlook has misread generated VTIMEZONE rules before. The event is
  a single occurrence, so nothing is lost: the wall-clock time in London is what we convert from
  (a meeting at 10:00 on 30 March 2026, after the clocks go forward, is 09:00Z) and each calendar
  shows it in its own zone. A record with a date and no times yet becomes an all-day event.
- METHOD:REQUEST with an ORGANIZER (the service's own address) and the person as ATTENDEE with
  RSVP=FALSE: a request without an organizer is not an invitation to Outlook, and the service does
  not collect replies.
- The UID is the record's kind, id and creation time, so it is the same in every file for that
  meeting, across deployments too; SEQUENCE is the record's count of changes of time or place.
  A cancellation is METHOD:CANCEL with STATUS:CANCELLED, the same UID and a higher SEQUENCE.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

LONDON = ZoneInfo("Europe/London")
PRODID = "-//SEND Triads//Triad meetings and QA visits//EN"
FILENAME = "invite.ics"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Occasion:
    """One meeting or visit as a calendar sees it. Times are London wall-clock on `day`."""

    uid: str
    sequence: int
    day: date
    start_time: time | None
    end_time: time | None
    summary: str
    description: str
    place: str = ""
    online_link: str = ""
    url: str = ""
    cancelled: bool = False

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"

    @property
    def content_type(self) -> str:
        return f"text/calendar; method={self.method}"

    @property
    def timed(self) -> bool:
        return self.start_time is not None and self.end_time is not None

    @property
    def starts(self) -> datetime | date:
        return in_london(self.day, self.start_time) if self.timed else self.day

    @property
    def ends(self) -> datetime | date:
        return in_london(self.day, self.end_time) if self.timed else self.day + timedelta(days=1)


def uid(kind: str, record_id: int, created: datetime) -> str:
    return f"{kind}-{record_id}-{created.astimezone(UTC):%Y%m%dT%H%M%SZ}@send-triads"


def in_london(day: date, at: time) -> datetime:
    """The instant (in UTC) of a wall-clock time in London on a day, summer time or not."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def clock(at: time) -> str:
    """10am, 2:30pm, midday (GOV.UK style)."""
    if at == time(12, 0):
        return "midday"
    if at == time(0, 0):
        return "midnight"
    hour = at.hour % 12 or 12
    minutes = f":{at.minute:02d}" if at.minute else ""
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"


def describe_times(start: time | None, end: time | None) -> str:
    """10am to midday ("" when no time is set)"""
    if start and end:
        return f"{clock(start)} to {clock(end)}"
    return f"from {clock(start)}" if start else ""


def describe_when(day: date, start: time | None, end: time | None) -> str:
    """Friday 20 March 2026, 10am to midday"""
    times = describe_times(start, end)
    return f"{day:%A} {day.day} {day:%B %Y}" + (f", {times}" if times else "")


def describe_where(place: str, online_link: str) -> str:
    if place and online_link:
        return f"{place}, or online: {online_link}"
    if online_link:
        return f"Online: {online_link}"
    return place or "Not decided yet"


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for name, value in params.items():
        address.params[name.upper()] = value
    return address


def invitation(occasion: Occasion, organizer: Person, attendee: Person | None, now: datetime) -> bytes:
    """The .ics file: one event, for one person (or for nobody in particular when `attendee` is
    None), stamped `now`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", occasion.method)
    event = Event()
    event.add("uid", occasion.uid)
    event.add("sequence", occasion.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", occasion.starts)
    event.add("dtend", occasion.ends)
    event.add("summary", occasion.summary)
    description = occasion.description
    if occasion.online_link:
        description += f"\n\nJoin online: {occasion.online_link}"
    if occasion.url:
        description += f"\n\nDetails in SEND Triads: {occasion.url}"
    event.add("description", description)
    location = occasion.place or occasion.online_link
    if location:
        event.add("location", location)
    if occasion.url:
        event.add("url", occasion.url)
    event.add("status", "CANCELLED" if occasion.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(organizer))
    if attendee is not None:
        event.add("attendee", _address(attendee, cutype="INDIVIDUAL", role="REQ-PARTICIPANT",
                                       partstat="NEEDS-ACTION", rsvp="FALSE"))
    calendar.add_component(event)
    return calendar.to_ical()
