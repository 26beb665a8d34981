"""Triad screens. The LA lead manages triads; quality assurers read every triad; a school's SENCO
and headteacher read their own (triads.access)."""

from flask import flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, LA_STAFF
from app.forms import ConfirmForm, render_form, save
from app.interfaces import cohorts
from app.kept_pages import kept
from app.models import Cohort, Role
from app.tenancy import current_la
from selfeval import interfaces as selfeval
from triads import access, bp
from triads import interfaces as triad_data
from triads.forms.fields import school_choices
from triads.forms.triads import COACH_LATER, TriadForm
from triads.interfaces.triads import Triad
from triads.types import MeetingStatus


def _school_statuses(cohort: Cohort) -> dict[int, str]:
    return {row.school.id: row.evaluation.status.label if row.evaluation else "Not started"
            for row in selfeval.cohort_overview(current_la, cohort)}


@bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*LA_STAFF)
def cohort_triads(cohort_id: int):
    cohort = access.load_cohort(cohort_id)
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
    form.coach.choices = [*offered, SelectChoice(COACH_LATER, "Not decided yet: choose it later")]
    form.coach.allowed = in_cohort | {COACH_LATER}
    if triad is not None and request.method == "GET":
        form.schools.data = [str(sid) for sid in triad.school_ids]
        form.coach.data = str(triad.coach_school_id) if triad.coach_school_id else COACH_LATER
    taken = {s.name: elsewhere[s.id] for s in cohort_schools if s.id in elsewhere}
    return form, taken


@bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def new_triad(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    form, taken = _triad_form(cohort, None)
    if form.validate_on_submit() and save(form, lambda: triad_data.create_triad(
            current_la, cohort, form.name.data, form.schools.ids, form.coach_id)):
        triad = form.saved
        flash(f"{triad.name} has been created, with its three meetings ready to plan.")
        return redirect(url_for("triads.triad", triad_id=triad.id))
    return render_form("triads/triads/form.html", form, cohort=cohort, triad=None, taken=taken)


@bp.get("/<int:triad_id>")
@la_role_required(*ANYONE_IN_LA)
@kept
def triad(triad_id: int):
    triad, cohort = access.load_triad(triad_id)
    # Where each school's self-evaluation and plan stand, not their contents: three queries in all.
    triad_schools = triad_data.triad_schools(current_la, triad)
    evaluations = selfeval.evaluation_states(current_la, cohort.id, triad.school_ids)
    schools_in_triad = []
    for school in triad_schools:
        evaluation = evaluations.get(school.id)
        visible = evaluation is not None and access.current_reads_evaluation(triad, school.id,
                                                                             evaluation.submitted)
        schools_in_triad.append((school, evaluation, visible))
    plans = {school_id: plan for school_id, plan
             in triad_data.plans.plan_summaries(current_la, cohort.id, triad.school_ids).items()
             if access.current_reads_plan(plan, triad)}
    meetings = triad_data.list_meetings(current_la, triad)
    return render_template(
        "triads/triads/show.html", triad=triad, cohort=cohort, schools=schools_in_triad, plans=plans,
        people=triad_data.triad_contacts(current_la, triad), meetings=meetings,
        sees_contacts=access.current_sees_contacts(triad, cohort),
        names={school.id: school.name for school, _, _ in schools_in_triad},
        can_edit_meetings=access.current_edits_meetings(triad),
        meeting_due={m.id: triad_data.overview.meeting_due(cohort, m) for m in meetings},
    )


@bp.route("/<int:triad_id>/edit", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def edit_triad(triad_id: int):
    triad, cohort = access.load_triad(triad_id)
    form, taken = _triad_form(cohort, triad)
    if form.validate_on_submit() and save(form, lambda: triad_data.update_triad(
            current_la, cohort, triad, form.name.data, form.schools.ids, form.coach_id,
            form.version.data), record=triad):
        flash(f"{triad.name} has been saved.")
        return redirect(url_for("triads.triad", triad_id=triad.id))
    # After a conflict the page says what the other person saved, school names and all.
    names = {s.id: s.name for s in cohorts.cohort_schools(cohort)} if form.conflict else {}
    return render_form("triads/triads/form.html", form, cohort=cohort, triad=triad, taken=taken, names=names)


@bp.route("/<int:triad_id>/delete", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def delete_triad(triad_id: int):
    triad, cohort = access.load_triad(triad_id)
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
    school = access.load_school(school_id)
    found = []
    for cohort in access.current_school_cohorts(school):
        triad = triad_data.triad_of_school(current_la.id, school.id, cohort.id)
        if triad is not None:
            found.append((cohort, triad))
    return render_template("triads/triads/school.html", school=school, found=found)
