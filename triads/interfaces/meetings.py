"""Triad meetings: three a year, planned ahead and recorded afterwards."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, concurrency
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, School, User
from triads.interfaces.common import Invalid
from triads.models import Meeting, MeetingAttendee, MeetingStatus, Triad


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
                   details: MeetingDetails, people_ids: set[int], version: int | None) -> Meeting:
    concurrency.expect_version(meeting, version)
    errors = {}
    start, end = cohort.bounds
    if details.held_on and not start <= details.held_on <= end:
        errors["held_on"] = (f"The date must be in the {cohort.academic_year} academic year, "
                             f"between {start:%-d %B %Y} and {end:%-d %B %Y}")
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
    concurrency.flush()
    audit.record(la, "meeting.recorded" if details.recorded else "meeting.planned", meeting,
                 triad_id=triad.id, number=meeting.number)
    return meeting


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
