"""Triad meetings: three a year, planned ahead and recorded afterwards."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, schools
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, School, User
from triads import calendar
from triads.interfaces import arrangements
from triads.interfaces.arrangements import Arrangement, When, arrangement_of
from triads.models import Meeting, MeetingAttendee, Triad
from triads.types import ArrangementChange, MeetingStatus, TriadsAction


@dataclass(frozen=True)
class MeetingDetails:
    held_on: date | None
    host_school_id: int | None
    attendee_ids: list[int]
    guests: str
    agenda: str
    notes: str
    agreed_actions: str
    follow_ups: str
    recorded: bool
    # The times, place and link; None keeps what is saved.
    arrangement: Arrangement | None = None


def list_meetings(la: LocalAuthority, triad: Triad) -> list[Meeting]:
    stmt = (select(Meeting).where(Meeting.la_id == la.id, Meeting.triad_id == triad.id)
            .order_by(Meeting.number))
    return list(db.session.scalars(stmt))


def get_meeting(la: LocalAuthority, triad: Triad, meeting_id: int) -> Meeting:
    meeting = db.session.scalar(select(Meeting).where(
        Meeting.id == meeting_id, Meeting.la_id == la.id, Meeting.triad_id == triad.id))
    if meeting is None:
        raise NotFound()
    return meeting


def update_meeting(la: LocalAuthority, cohort: Cohort, triad: Triad, meeting: Meeting,
                   details: MeetingDetails, people_ids: set[int], version: int | None,
                   page_url: str | None = None) -> Meeting:
    """Save the meeting. With `page_url` (the meeting's page, for the e-mails), the people involved
    get a calendar invitation when a planned meeting is arranged, moved or called off."""
    expect_version(meeting, version)
    arrangement = details.arrangement or arrangement_of(meeting)
    before = When(meeting.held_on, arrangement_of(meeting))
    errors = arrangements.check(arrangement, details.held_on, "held_on", "meeting")
    errors.update(arrangements.in_year(cohort, details.held_on, "held_on", "The date of the meeting"))
    if details.recorded and details.held_on is None:
        errors["held_on"] = "Enter the date the meeting was held"
    if details.recorded and details.held_on and details.held_on > utcnow().date():
        errors["held_on"] = "A meeting can only be recorded as held on or before today"
    if details.host_school_id is not None and details.host_school_id not in triad.school_ids:
        errors["host_school"] = "The host must be one of the triad's schools"
    if any(uid not in people_ids for uid in details.attendee_ids):
        errors["attendees"] = "Choose attendees from the triad's people"
    if errors:
        raise Invalid(errors)
    arrangements.arrange(meeting, meeting.held_on, details.held_on, arrangement)
    meeting.held_on = details.held_on
    meeting.host_school_id = details.host_school_id
    meeting.guests = details.guests
    meeting.agenda = details.agenda
    meeting.notes = details.notes
    meeting.agreed_actions = details.agreed_actions
    meeting.follow_ups = details.follow_ups
    meeting.status = MeetingStatus.RECORDED if details.recorded else MeetingStatus.PLANNED
    # Keep the rows of people who stay: the unit of work inserts before it deletes, so replacing
    # a row with an equal one would break the (meeting, user) unique constraint.
    wanted = list(dict.fromkeys(details.attendee_ids))
    kept = [a for a in meeting.attendees if a.user_id in wanted]
    have = {a.user_id for a in kept}
    meeting.attendees = kept + [MeetingAttendee(la_id=la.id, user_id=uid)
                                for uid in wanted if uid not in have]
    # Always write the meeting row, so a change of attendees alone still moves the version on.
    meeting.updated_at = utcnow()
    flag_modified(meeting, "updated_at")  # even when the clock reads the same
    flush_or_conflict()
    change = arrangements.change_between(before, When(meeting.held_on, arrangement))
    sent = 0
    if page_url and change is not None and meeting.status is MeetingStatus.PLANNED:
        sent = _invite(la, cohort, triad, meeting, change, before, page_url)
    audit.record(la, TriadsAction.MEETING_RECORDED if details.recorded else TriadsAction.MEETING_PLANNED, meeting,
                 triad_id=triad.id, number=meeting.number, **({"invitations": sent} if sent else {}))
    return meeting


# --- calendar invitations -------------------------------------------------------------------------


def meeting_occasion(la: LocalAuthority, cohort: Cohort, triad: Triad, meeting: Meeting, page_url: str,
                     when: When | None = None, cancelled: bool = False) -> calendar.Occasion | None:
    """The meeting as a calendar sees it (as it was `when`, for a cancellation); None while it has no
    date. Names the triad, its schools and the host, never anyone else."""
    when = when or When(meeting.held_on, arrangement_of(meeting))
    if when.day is None:
        return None
    names = sorted(schools.get_school(la, sid).name for sid in triad.school_ids)
    host = schools.get_school(la, meeting.host_school_id).name if meeting.host_school_id else None
    description = (f"Meeting {meeting.number} of 3 of the {triad.name}, {cohort.academic_year}: "
                   f"{meeting.purpose.lower()}.\nSchools: {', '.join(names)}.")
    if host:
        description += f"\nHost school: {host}."
    arrangement = when.arrangement
    return calendar.Occasion(
        uid=calendar.uid("triad-meeting", meeting.id, meeting.created_at), sequence=meeting.invite_sequence,
        day=when.day, start_time=arrangement.start_time, end_time=arrangement.end_time,
        summary=f"Triad meeting {meeting.number}: {meeting.purpose} ({triad.name})", description=description,
        # With no place given the meeting is at the host school, unless it is online only.
        place=arrangement.place or ("" if arrangement.online_link else host or ""),
        online_link=arrangement.online_link, url=page_url,
        cancelled=cancelled)


def meeting_invitation(la: LocalAuthority, cohort: Cohort, triad: Triad, meeting: Meeting, page_url: str,
                       person: User) -> bytes | None:
    """The .ics file for one person; None while the meeting has no date."""
    occasion = meeting_occasion(la, cohort, triad, meeting, page_url)
    return arrangements.invitation_file(occasion, person) if occasion else None


def meeting_people(la: LocalAuthority, triad: Triad) -> list[tuple[User, str]]:
    """Who a meeting's invitation goes to, with why: the triad's SENCOs and headteachers, and the
    LA's SEND leads."""
    stmt = (select(User, School, RoleAssignment.role)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(School, School.id == RoleAssignment.school_id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True), User.active.is_(True),
                   RoleAssignment.role.in_([Role.SENCO, Role.HEADTEACHER]),
                   RoleAssignment.school_id.in_(triad.school_ids))
            .order_by(School.name, User.name))
    people = [(user, f"you are the {ROLE_WORDS[role]} at {school.name}, in the {triad.name}")
              for user, school, role in db.session.execute(stmt)]
    return people + la_leads(la)


ROLE_WORDS = {Role.SENCO: "SENCO", Role.HEADTEACHER: "headteacher"}


def la_leads(la: LocalAuthority) -> list[tuple[User, str]]:
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True), User.active.is_(True),
                   RoleAssignment.role == Role.LA_LEAD)
            .distinct().order_by(User.name))
    return [(user, f"you are an LA SEND lead for {la.name}") for user in db.session.scalars(stmt)]


def _invite(la: LocalAuthority, cohort: Cohort, triad: Triad, meeting: Meeting, change: ArrangementChange,
            before: When, page_url: str) -> int:
    cancelled = change is ArrangementChange.CANCELLED
    occasion = meeting_occasion(la, cohort, triad, meeting, page_url, before if cancelled else None, cancelled)
    if occasion is None or occasion.day < arrangements.today():
        return 0  # nothing to put in anyone's calendar, or only the past
    return arrangements.send_invitations(la, occasion, change, f"Meeting {meeting.number} of the {triad.name}",
                                         meeting_people(la, triad))


def triad_people(la: LocalAuthority, triad: Triad) -> list[tuple[User, School]]:
    stmt = (select(User, School)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(School, School.id == RoleAssignment.school_id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True),
                   RoleAssignment.role.in_([Role.SENCO, Role.HEADTEACHER]),
                   RoleAssignment.school_id.in_(triad.school_ids))
            .order_by(School.name, User.name))
    return list(dict.fromkeys((u, s) for u, s in db.session.execute(stmt)))


def recorded_counts(la: LocalAuthority, triad_ids: list[int]) -> dict[int, int]:
    """How many of each triad's meetings have been recorded as held, in one query."""
    from sqlalchemy import func

    if not triad_ids:
        return {}
    stmt = (select(Meeting.triad_id, func.count(Meeting.id))
            .where(Meeting.la_id == la.id, Meeting.triad_id.in_(triad_ids),
                   Meeting.status == MeetingStatus.RECORDED)
            .group_by(Meeting.triad_id))
    return dict(db.session.execute(stmt).all())
