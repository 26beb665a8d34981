"""Triad and meeting screens.

The LA lead manages triads; quality assurers read every triad; a school's SENCO and headteacher
read their own triad and plan and record its meetings. Anyone else in the LA gets a 403.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, SCHOOL_STAFF, can_view_school
from app.interfaces import cohorts, concurrency, schools, users
from app.models import Cohort, Role
from app.tenancy import current_la, has_la_role, la_roles, school_ids_for
from selfeval import access as selfeval_access
from selfeval import interfaces as selfeval
from triads import bp, form_saving, plan_context
from triads import interfaces as triad_data
from triads.forms.triads import ConfirmForm, MeetingForm, TriadForm, school_choices
from triads.models import MeetingStatus, Triad

TRIAD_CONFLICT = (
    "Someone else changed this triad since you opened the page. Their version is shown below; "
    "your changes are still in the form. Check them and save again."
)
MEETING_CONFLICT = (
    "Someone else saved this meeting since you opened the page. What they saved is shown below; "
    "your text is still in the form. Check it and save again."
)


# --- who may do what ---------------------------------------------------------------------------


def _in_triad(triad: Triad) -> bool:
    return bool(school_ids_for(*SCHOOL_STAFF) & set(triad.school_ids))


def _load_triad(triad_id: int) -> tuple[Triad, Cohort]:
    """The triad, if the user may read it: LA staff, or someone from one of its schools."""
    triad = triad_data.get_triad(current_la, triad_id)
    if not (has_la_role(Role.LA_LEAD, Role.QUALITY_ASSURER) or _in_triad(triad)):
        abort(403)
    return triad, cohorts.get_cohort(current_la, triad.cohort_id)


def _can_edit_meetings(triad: Triad) -> bool:
    return has_la_role(Role.LA_LEAD) or _in_triad(triad)



# --- triads ------------------------------------------------------------------------------------


def _school_statuses(cohort: Cohort) -> dict[int, str]:
    return {row.school.id: row.evaluation.status.label if row.evaluation else "Not started"
            for row in selfeval.cohort_overview(current_la, cohort)}


@bp.get("/cohorts/<int:cohort_id>")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
def cohort_triads(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    triads = triad_data.list_triads(current_la, cohort)
    held = triad_data.recorded_counts(current_la, [t.id for t in triads])
    schools_by_id = {s.id: s for s in cohorts.cohort_schools(cohort)}
    in_triad = {sid for t in triads for sid in t.school_ids}
    return render_template(
        "triads/triads/list.html", cohort=cohort, triads=triads, held=held, schools=schools_by_id,
        statuses=_school_statuses(cohort),
        unplaced=[s for s in schools_by_id.values() if s.id not in in_triad],
    )


def _triad_form(cohort: Cohort, triad: Triad | None) -> tuple[TriadForm, dict[int, str]]:
    """The form, offering the cohort's schools not in another triad; and those that are."""
    form = TriadForm(obj=triad) if triad is not None and request.method == "GET" else TriadForm()
    own = set(triad.school_ids) if triad else set()
    elsewhere = {sid: name for sid, name in triad_data.triad_names_by_school(cohort).items()
                 if sid not in own}
    cohort_schools = cohorts.cohort_schools(cohort)
    offered = school_choices([s for s in cohort_schools if s.id not in elsewhere])
    in_cohort = {str(s.id) for s in cohort_schools}
    form.schools.choices, form.schools.allowed = offered, in_cohort
    form.coach.choices, form.coach.allowed = offered, in_cohort
    if triad is not None and request.method == "GET":
        form.schools.data = [str(sid) for sid in triad.school_ids]
        form.coach.data = str(triad.coach_school_id) if triad.coach_school_id else None
    taken = {s.name: elsewhere[s.id] for s in cohort_schools if s.id in elsewhere}
    return form, taken


@bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def new_triad(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    form, taken = _triad_form(cohort, None)
    if form.validate_on_submit():
        try:
            triad = triad_data.create_triad(current_la, cohort, form.name.data, form.schools.ids,
                                            form.coach.selected_id)
        except triad_data.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash(f"{triad.name} has been created, with its three meetings ready to plan.")
            return redirect(url_for("triads.triad", triad_id=triad.id))
    return render_template("triads/triads/form.html", form=form, cohort=cohort, triad=None,
                           taken=taken), 400 if form.errors else 200


@bp.get("/<int:triad_id>")
@la_role_required(*ANYONE_IN_LA)
def triad(triad_id: int):
    triad, cohort = _load_triad(triad_id)
    roles = la_roles()
    schools_in_triad = []
    for school_id in triad.school_ids:
        school = schools.get_school(current_la, school_id)
        evaluation = selfeval.find_self_evaluation(current_la, school.id, cohort.id)
        visible = evaluation is not None and selfeval_access.can_view(
            roles, school.id, evaluation.submitted, selfeval_access.triad_links(school.id, cohort.id))
        schools_in_triad.append((school, evaluation, visible))
    # A triad has three or four schools: one look-up each is cheaper than building a batch query.
    plans = {}
    for school, _, _ in schools_in_triad:
        plan = triad_data.plans.find_plan(current_la, school.id, cohort.id)
        if plan is not None and plan_context.can_view_plans_of(school.id, cohort.id, plan.status):
            plans[school.id] = plan
    meetings = triad_data.list_meetings(current_la, triad)
    return render_template(
        "triads/triads/show.html", triad=triad, cohort=cohort, schools=schools_in_triad, plans=plans,
        people=triad_data.triad_people(current_la, triad), meetings=meetings,
        names={school.id: school.name for school, _, _ in schools_in_triad},
        can_edit_meetings=_can_edit_meetings(triad),
    )


@bp.route("/<int:triad_id>/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_triad(triad_id: int):
    triad, cohort = _load_triad(triad_id)
    form, taken = _triad_form(cohort, triad)
    page = {"cohort": cohort, "triad": triad, "taken": taken}
    if form.validate_on_submit():
        try:
            triad_data.update_triad(current_la, cohort, triad, form.name.data, form.schools.ids,
                                    form.coach.selected_id, form.version.data)
        except concurrency.EditConflict:
            form.version.data = triad.version
            names = {s.id: s.name for s in cohorts.cohort_schools(cohort)}
            return render_template("triads/triads/form.html", form=form, conflict=TRIAD_CONFLICT,
                                   names=names, **page), 409
        except triad_data.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash(f"{triad.name} has been saved.")
            return redirect(url_for("triads.triad", triad_id=triad.id))
    return render_template("triads/triads/form.html", form=form, **page), 400 if form.errors else 200


@bp.route("/<int:triad_id>/delete", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def delete_triad(triad_id: int):
    triad, cohort = _load_triad(triad_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = triad.name
        triad_data.delete_triad(current_la, triad)
        flash(f"{name} has been deleted. Its schools can now join another triad.")
        return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    recorded = [m for m in triad_data.list_meetings(current_la, triad) if m.status is MeetingStatus.RECORDED]
    return render_template("triads/triads/delete.html", triad=triad, cohort=cohort, recorded=recorded)


@bp.get("/schools/<int:school_id>")
@la_role_required(*ANYONE_IN_LA)
def school_triads(school_id: int):
    """A school's triads, newest cohort first: where a SENCO's "your triad" link lands."""
    school = schools.get_school(current_la, school_id)
    if not can_view_school(la_roles(), school.id):
        abort(403)
    found = []
    for cohort in cohorts.cohorts_of_school(current_la, school.id):
        triad = triad_data.triad_of_school(current_la.id, school.id, cohort.id)
        if triad is not None:
            found.append((cohort, triad))
    return render_template("triads/triads/school.html", school=school, found=found)


# --- meetings ----------------------------------------------------------------------------------


def _load_meeting(triad_id: int, meeting_id: int):
    triad, cohort = _load_triad(triad_id)
    return triad, cohort, triad_data.get_meeting(current_la, triad, meeting_id)


def _people_choices(triad: Triad, meeting) -> tuple[list[SelectChoice], dict[int, str]]:
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


@bp.get("/<int:triad_id>/meetings/<int:meeting_id>")
@la_role_required(*ANYONE_IN_LA)
def meeting(triad_id: int, meeting_id: int):
    triad, cohort, meeting = _load_meeting(triad_id, meeting_id)
    _, labels = _people_choices(triad, meeting)
    host = schools.get_school(current_la, meeting.host_school_id) if meeting.host_school_id else None
    return render_template("triads/meetings/show.html", triad=triad, cohort=cohort, meeting=meeting,
                           host=host, attendees=[labels[a.user_id] for a in meeting.attendees],
                           can_edit=_can_edit_meetings(triad))


@bp.route("/<int:triad_id>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD, *SCHOOL_STAFF)
def edit_meeting(triad_id: int, meeting_id: int):
    triad, cohort, meeting = _load_meeting(triad_id, meeting_id)
    if not _can_edit_meetings(triad):
        abort(403)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    people, labels = _people_choices(triad, meeting)
    form.attendees.choices = people
    form.host_school.choices = [SelectChoice("", "Not decided yet"), *school_choices(sorted(
        (schools.get_school(current_la, sid) for sid in triad.school_ids), key=lambda s: s.name))]
    if request.method == "GET":
        form.host_school.data = str(meeting.host_school_id) if meeting.host_school_id else ""
        form.attendees.data = [str(a.user_id) for a in meeting.attendees]
        form.recorded.data = "yes" if meeting.status is MeetingStatus.RECORDED else "no"
    page = {"triad": triad, "cohort": cohort, "meeting": meeting}
    if form.validate_on_submit():
        details = triad_data.MeetingDetails(
            held_on=form.held_on.data, host_school_id=form.host_school_id,
            attendee_ids=form.attendees.ids, guests=form.guests.data or "", agenda=form.agenda.data or "",
            notes=form.notes.data or "", agreed_actions=form.agreed_actions.data or "",
            follow_ups=form.follow_ups.data or "", recorded=form.recorded.data == "yes",
        )
        try:
            triad_data.update_meeting(current_la, cohort, triad, meeting, details, set(labels),
                                      form.version.data)
        except concurrency.EditConflict:
            form.version.data = meeting.version
            host = schools.get_school(current_la, meeting.host_school_id) if meeting.host_school_id else None
            return render_template("triads/meetings/form.html", form=form, conflict=MEETING_CONFLICT,
                                   host=host, attendees=[labels[a.user_id] for a in meeting.attendees],
                                   **page), 409
        except triad_data.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash(f"Meeting {meeting.number} has been saved"
                  f"{' as held' if meeting.status is MeetingStatus.RECORDED else ''}.")
            return redirect(url_for("triads.meeting", triad_id=triad.id, meeting_id=meeting.id))
    return render_template("triads/meetings/form.html", form=form, **page), 400 if form.errors else 200
