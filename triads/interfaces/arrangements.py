"""When and where a triad meeting or a QA visit takes place: the rules for its times, place and
online link, the count of changes a calendar needs (SEQUENCE), and the e-mails that carry the
calendar invitation to the people involved. Meetings and visits each say who those people are
and what to call the occasion (triads.interfaces.meetings and .visits)."""

import re
from dataclasses import dataclass
from datetime import date, time
from urllib.parse import urlsplit

from app import mail
from app.db import utcnow
from app.interfaces import notifications
from app.models import LocalAuthority, NotificationKind, User
from triads import calendar
from triads.models.arrangements import LINK_MAX, PLACE_MAX  # noqa: F401  (the forms read them here)
from triads.types import ArrangementChange

# A place is one line of plain text: no control characters, line breaks included.
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Arrangement:
    """Times are wall-clock times in London on the record's date."""

    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    online_link: str = ""


@dataclass(frozen=True)
class When:
    """A record's date with its arrangement: what a calendar holds for it."""

    day: date | None
    arrangement: Arrangement


def arrangement_of(record) -> Arrangement:
    return Arrangement(record.start_time, record.end_time, record.place or "", record.online_link or "")


def check(arrangement: Arrangement, day: date | None, day_field: str, what: str) -> dict[str, str]:
    """Messages for the fields in error; `day_field` and `what` ("meeting", "visit") name the date."""
    errors: dict[str, str] = {}
    start, end = arrangement.start_time, arrangement.end_time
    if (start or end) and day is None:
        errors[day_field] = f"Enter the date of the {what} as well as its times"
    if end and not start:
        errors["start_time"] = "Enter the start time"
    if start and not end:
        errors["end_time"] = "Enter the end time"
    if start and end and end <= start:
        errors["end_time"] = "The end time must be after the start time"
    place = arrangement.place
    if len(place) > PLACE_MAX:
        errors["place"] = f"Place must be {PLACE_MAX} characters or fewer"
    elif "<" in place or ">" in place or CONTROL_CHARS.search(place):
        errors["place"] = "Place must be plain text, without < or >"
    link = arrangement.online_link
    if link:
        parts = urlsplit(link)
        if len(link) > LINK_MAX:
            errors["online_link"] = f"Online meeting link must be {LINK_MAX} characters or fewer"
        elif (parts.scheme != "https" or not parts.hostname or not link.lower().startswith("https://")
              or any(ch.isspace() or ch in '<>"\\' for ch in link) or CONTROL_CHARS.search(link)):
            errors["online_link"] = ("Enter an online meeting link that starts with https://, like "
                                     "https://meet.example.org/triad-meeting")
    return errors


def in_year(cohort, day: date | None, field: str, label: str) -> dict[str, str]:
    """The message when a meeting's, visit's or celebration's date is outside its cohort's year."""
    start, end = cohort.bounds
    if day is not None and not start <= day <= end:
        return {field: f"{label} must be within the cohort's academic year {cohort.academic_year} "
                       f"(1 September {start.year} to 31 August {end.year})"}
    return {}


def change_between(before: When, after: When) -> ArrangementChange | None:
    if before == after or (before.day is None and after.day is None):
        return None
    if after.day is None:
        return ArrangementChange.CANCELLED
    if before.day is None:
        return ArrangementChange.ARRANGED
    return ArrangementChange.MOVED


def arrange(record, before_day: date | None, after_day: date | None, arrangement: Arrangement) -> None:
    """Put the arrangement on the record (its date is set by the caller) and count the change: the
    first arrangement goes out as SEQUENCE 0, and every change after it, a cancellation included,
    goes up by one so calendars replace what they hold."""
    before = When(before_day, arrangement_of(record))
    record.start_time, record.end_time = arrangement.start_time, arrangement.end_time
    record.place, record.online_link = arrangement.place, arrangement.online_link
    change = change_between(before, When(after_day, arrangement))
    if change is not None and (change is not ArrangementChange.ARRANGED or record.invite_sequence):
        record.invite_sequence = (record.invite_sequence or 0) + 1


def today() -> date:
    return utcnow().date()


def organizer() -> calendar.Person:
    name, address = mail.sender()
    return calendar.Person(name, address)


def invitation_file(occasion: calendar.Occasion, person: User | None) -> bytes:
    attendee = calendar.Person(person.name, person.email) if person is not None else None
    return calendar.invitation(occasion, organizer(), attendee, utcnow())


def send_invitations(la: LocalAuthority, occasion: calendar.Occasion, change: ArrangementChange,
                     what: str, people: list[tuple[User, str]],
                     kind: NotificationKind = NotificationKind.MEETING) -> int:
    """E-mail each person (with why they are getting it) the invitation, its update or its
    cancellation, at once rather than in the daily digest: a calendar entry is only useful on
    time. Whoever opted out of `kind` on their account page gets nothing. `what` names the
    occasion ("Meeting 2 of the North triad"); nothing here or in the calendar file names a child.
    Returns how many were sent."""
    when = calendar.describe_when(occasion.day, occasion.start_time, occasion.end_time)
    where = calendar.describe_where(occasion.place, occasion.online_link)
    if change is ArrangementChange.CANCELLED:
        subject = f"Called off: {what}, {when}"
        details = (f"{what}, which was arranged for {when}, has been called off.\n\n"
                   "Open the attached update to take it out of your calendar.")
    else:
        subject = f"{'Changed' if change is ArrangementChange.MOVED else 'Arranged'}: {what}, {when}"
        details = (f"{what} has been {change.value}.\n\nWhen: {when}\nWhere: {where}\n\n"
                   "Open the attached invitation to add it to your calendar. If it changes, you will "
                   "get an update that replaces it.")
    sent = 0
    organizer_ = organizer()
    now = utcnow()
    seen: set[int] = set()
    for person, reason in people:
        if person.id in seen or not person.email or not notifications.wants(person, kind):
            continue
        seen.add(person.id)
        ics = calendar.invitation(occasion, organizer_, calendar.Person(person.name, person.email), now)
        body = (f"Hello {person.name},\n\n{details}\n\nYou are getting this email because {reason}.\n\n"
                f"See it in SEND Triads: {occasion.url}\n\nSEND Triads\n")
        mail.send(person.email, subject[:200], body, la.id,
                  [mail.Attachment(calendar.FILENAME, ics.decode(), occasion.content_type)])
        sent += 1
    return sent
