"""Triad meeting screens: anyone who may read the triad reads its meetings; the LA lead and the
triad's own schools plan and record them (triads.access)."""

from flask import Response, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, LEAD_AND_SCHOOL_STAFF
from app.auth.principal import signed_in_user
from app.exports import download
from app.forms import render_form, save
from app.interfaces import schools, users
from app.tenancy import current_la
from triads import access, bp, calendar
from triads import interfaces as triad_data
from triads.forms import arrangements
from triads.forms.fields import school_choices
from triads.forms.meetings import MeetingForm
from triads.interfaces.meetings import Meeting, meeting_invitation
from triads.interfaces.triads import Triad
from triads.types import MeetingStatus


def _people_choices(triad: Triad, meeting: Meeting) -> tuple[list[SelectChoice], dict[int, str]]:
    """The triad's SENCOs and headteachers, and anyone recorded at the meeting who has since left."""
    names: dict[int, str] = {}
    places: dict[int, list[str]] = {}
    for person, school in triad_data.triad_people(current_la, triad):
        names[person.id] = person.name
        places.setdefault(person.id, []).append(school.name)
    labels = {uid: f"{names[uid]} ({', '.join(places[uid])})" for uid in names}
    for attendee in meeting.attendees:
        if attendee.user_id not in labels:
            person = users.get_user(attendee.user_id)
            name = person.name if person else "A former member"
            labels[attendee.user_id] = f"{name} (no longer in the triad)"
    return [SelectChoice(str(uid), label) for uid, label in labels.items()], labels


def _host(meeting: Meeting):
    return schools.get_school(current_la, meeting.host_school_id) if meeting.host_school_id else None


@bp.app_template_filter("times_of")
def times_of(record) -> str:
    """A meeting's or visit's times in London, as the pages show them: "10am to midday"."""
    return calendar.describe_times(record.start_time, record.end_time)


def _page_url(triad: Triad, meeting: Meeting) -> str:
    return url_for("triads.meeting", triad_id=triad.id, meeting_id=meeting.id, _external=True)


@bp.get("/<int:triad_id>/meetings/<int:meeting_id>/invite.ics")
@la_role_required(*ANYONE_IN_LA)
def meeting_invite(triad_id: int, meeting_id: int):
    """The meeting's calendar invitation, for whoever may read the meeting."""
    triad, cohort, meeting = access.load_meeting(triad_id, meeting_id)
    ics = meeting_invitation(current_la, cohort, triad, meeting, _page_url(triad, meeting), signed_in_user())
    if ics is None:
        flash(f"Meeting {meeting.number} has no date yet, so there is nothing to add to your calendar.")
        return redirect(url_for("triads.meeting", triad_id=triad.id, meeting_id=meeting.id))
    return calendar_file(ics, f"triad-meeting-{meeting.number}.ics")


def calendar_file(ics: bytes, filename: str) -> Response:
    response = download(ics, "text/calendar", filename, cache_control="private, no-store")
    response.content_type = "text/calendar; charset=utf-8; method=REQUEST"
    return response


@bp.get("/<int:triad_id>/meetings/<int:meeting_id>")
@la_role_required(*ANYONE_IN_LA)
def meeting(triad_id: int, meeting_id: int):
    triad, cohort, meeting = access.load_meeting(triad_id, meeting_id)
    _, labels = _people_choices(triad, meeting)
    return render_template("triads/meetings/show.html", triad=triad, cohort=cohort, meeting=meeting,
                           host=_host(meeting), attendees=[labels[a.user_id] for a in meeting.attendees],
                           can_edit=access.current_edits_meetings(triad))


@bp.route("/<int:triad_id>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@la_role_required(*LEAD_AND_SCHOOL_STAFF)
def edit_meeting(triad_id: int, meeting_id: int):
    triad, cohort, meeting = access.load_meeting(triad_id, meeting_id, to_edit=True)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    form.cohort = cohort
    people, labels = _people_choices(triad, meeting)
    form.attendees.choices = people
    form.host_school.choices = [SelectChoice("", "Not decided yet"), *school_choices(sorted(
        (schools.get_school(current_la, sid) for sid in triad.school_ids), key=lambda s: s.name))]
    if request.method == "GET":
        form.host_school.data = str(meeting.host_school_id) if meeting.host_school_id else ""
        form.attendees.data = [str(a.user_id) for a in meeting.attendees]
        form.recorded.data = "yes" if meeting.status is MeetingStatus.RECORDED else "no"
        arrangements.fill(form, meeting)
    if form.validate_on_submit():
        details = triad_data.MeetingDetails(
            held_on=form.held_on.data, host_school_id=form.host_school_id,
            attendee_ids=form.attendees.ids, guests=form.guests.data or "", agenda=form.agenda.data or "",
            notes=form.notes.data or "", agreed_actions=form.agreed_actions.data or "",
            follow_ups=form.follow_ups.data or "", recorded=form.recorded.data == "yes",
            arrangement=arrangements.arrangement_of(form),
        )
        if save(form, lambda: triad_data.update_meeting(current_la, cohort, triad, meeting, details,
                                                        set(labels), form.version.data,
                                                        page_url=_page_url(triad, meeting)), record=meeting):
            flash(f"Meeting {meeting.number} has been saved"
                  f"{' as held' if meeting.status is MeetingStatus.RECORDED else ''}.")
            return redirect(url_for("triads.meeting", triad_id=triad.id, meeting_id=meeting.id))
    page = {"triad": triad, "cohort": cohort, "meeting": meeting}
    if form.conflict:  # the page shows what the other person saved, above the form
        page.update(host=_host(meeting), attendees=[labels.get(a.user_id, "") for a in meeting.attendees])
    return render_form("triads/meetings/form.html", form, **page)
