"""QA visit screens.

The LA lead assigns quality assurers to a cohort and sees every visit. A quality assurer schedules
and records visits only for the cohorts they are assigned to. The visited school's SENCO and
headteacher (every school of the triad, for a triad visit) read the report, comment on the draft,
respond to the final report and add next steps to their action plan. Other schools get a 403.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, SCHOOL_STAFF
from app.interfaces import cohorts, concurrency, schools
from app.models import Cohort, Role
from app.tenancy import current_la, has_la_role, school_ids_for
from selfeval import interfaces as selfeval
from triads import form_saving, interfaces, visits_bp
from triads.forms.visits import (
    AssurersForm,
    CommentForm,
    RecordForm,
    ResponseForm,
    ScheduleForm,
    StepForm,
    VersionedForm,
)
from triads.interfaces import plans, visits
from triads.models import QAVisit, VisitStatus

CONFLICT = ("Someone else saved this report since you opened the page. Your text is still in the "
            "form; check it and save again")


# --- who may do what ---------------------------------------------------------------------------


@dataclass
class VisitContext:
    visit: QAVisit
    cohort: Cohort
    school_ids: list[int]
    title: str
    is_lead: bool
    is_assurer: bool
    own_school_ids: list[int]

    @property
    def is_school(self) -> bool:
        return bool(self.own_school_ids)


def _may_assure(cohort_id: int) -> bool:
    return has_la_role(Role.QUALITY_ASSURER) and visits.is_assigned(current_la, cohort_id,
                                                                    current_user.id)


def _target_title(visit: QAVisit) -> str:
    if visit.school_id is not None:
        return schools.get_school(current_la, visit.school_id).name
    return interfaces.get_triad(current_la, visit.triad_id).name + " (whole triad)"


def _load(visit_id: int) -> VisitContext:
    visit = visits.get_visit(current_la, visit_id)
    cohort = cohorts.get_cohort(current_la, visit.cohort_id)
    school_ids = visits.visit_school_ids(current_la, visit)
    own = [s for s in school_ids if s in school_ids_for(*SCHOOL_STAFF)]
    ctx = VisitContext(
        visit=visit, cohort=cohort, school_ids=school_ids, title=_target_title(visit),
        is_lead=has_la_role(Role.LA_LEAD),
        is_assurer=visit.assurer_id == current_user.id and _may_assure(cohort.id),
        own_school_ids=own,
    )
    if not (ctx.is_lead or _may_assure(cohort.id) or ctx.is_school):
        abort(403)
    return ctx



def _areas(cohort: Cohort):
    version = selfeval.current_framework(current_la)
    return selfeval.framework_of(version).default_variant.areas if version else ()


# --- lists and assurers ------------------------------------------------------------------------


@visits_bp.get("/")
@la_role_required(*ANYONE_IN_LA)
def index():
    lists = None
    if has_la_role(Role.LA_LEAD):
        lists = visits.visits_for_all(current_la)
    elif has_la_role(Role.QUALITY_ASSURER):
        lists = visits.visits_for_assurer(current_la, current_user)
    own = sorted(school_ids_for(*SCHOOL_STAFF))
    school_visits = []
    if lists is None:
        seen = set()
        for school_id in own:
            for visit in visits.visits_for_school(current_la, school_id):
                if visit.id not in seen:
                    seen.add(visit.id)
                    school_visits.append(visit)
    assigned = visits.assigned_cohort_ids(current_la, current_user)
    all_cohorts = cohorts.list_cohorts(current_la)
    schedulable = [c for c in all_cohorts if has_la_role(Role.LA_LEAD)
                   or (has_la_role(Role.QUALITY_ASSURER) and c.id in assigned)]
    every = [*(lists.upcoming + lists.to_write_up + lists.finished if lists else []), *school_visits]
    return render_template(
        "triads/visits/index.html", lists=lists, school_visits=school_visits,
        titles={v.id: _target_title(v) for v in every}, cohorts=schedulable,
        is_lead=has_la_role(Role.LA_LEAD),
    )


@visits_bp.route("/cohorts/<int:cohort_id>/assurers", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def assurers(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    people = visits.quality_assurers(current_la)
    form = AssurersForm()
    form.assurers.choices = [SelectChoice(str(u.id), f"{u.name} ({u.email})") for u in people]
    if request.method == "GET":
        form.assurers.data = [str(u.id) for u in visits.assurers_of(current_la, cohort)]
    if form.validate_on_submit():
        try:
            visits.set_assurers(current_la, cohort, set(form.assurers.ids))
        except interfaces.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash(f"The quality assurers for {cohort.name} have been saved.")
            return redirect(url_for("visits.index"))
    return render_template("triads/visits/assurers.html", cohort=cohort, form=form,
                           people=people), 400 if form.errors else 200


@visits_bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
def schedule(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    is_lead = has_la_role(Role.LA_LEAD)
    if not is_lead and not _may_assure(cohort.id):
        abort(403)
    form = ScheduleForm()
    form.target.choices = (
        [SelectChoice("", "Choose a school or triad")]
        + [SelectChoice(f"school-{s.id}", s.name) for s in cohorts.cohort_schools(cohort)]
        + [SelectChoice(f"triad-{t.id}", f"{t.name} (whole triad)")
           for t in interfaces.list_triads(current_la, cohort)])
    assigned = visits.assurers_of(current_la, cohort)
    form.assurer.choices = [SelectChoice(str(u.id), u.name) for u in assigned]
    if not is_lead:
        # An assurer schedules only their own visits, whatever the request says.
        form.assurer.choices = [SelectChoice(str(current_user.id), current_user.name)]
        form.assurer.data = str(current_user.id)
    if request.method == "GET" and not form.assurer.data and form.assurer.choices:
        form.assurer.data = form.assurer.choices[0].value
    if form.validate_on_submit():
        kind, _, raw_id = form.target.data.partition("-")
        target_id = int(raw_id)
        assurer_id = int(form.assurer.data) if form.assurer.data else current_user.id
        try:
            visit = visits.schedule_visit(
                current_la, cohort, assurer_id, form.planned_on.data,
                school_id=target_id if kind == "school" else None,
                triad_id=target_id if kind == "triad" else None)
        except interfaces.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash("The visit has been scheduled.")
            return redirect(url_for("visits.visit", visit_id=visit.id))
    return render_template("triads/visits/schedule.html", cohort=cohort, form=form,
                           is_lead=is_lead, has_assurers=bool(assigned)), 400 if form.errors else 200


# --- one visit -------------------------------------------------------------------------------------


def _step_forms(ctx: VisitContext) -> dict:
    """The school's "Add to our action plan" form, with the plan's priorities to choose from."""
    if not ctx.own_school_ids or ctx.visit.status is not VisitStatus.FINAL:
        return {}
    plan = plans.find_plan(current_la, ctx.own_school_ids[0], ctx.cohort.id)
    form = StepForm()
    form.priority.choices = [SelectChoice(str(p.id), p.title) for p in plan.priorities] if plan else []
    return {"form": form, "plan": plan}


@visits_bp.get("/<int:visit_id>")
@la_role_required(*ANYONE_IN_LA)
def visit(visit_id: int):
    ctx = _load(visit_id)
    return _render_visit(ctx)


def _render_visit(ctx: VisitContext, comment_form=None, status: int = 200):
    areas = {a.id: f"{a.number}. {a.title}" for a in _areas(ctx.cohort)}
    comment_form = comment_form or (CommentForm() if ctx.is_school else None)
    return render_template(
        # `form` is the one whose errors the page's error summary lists.
        "triads/visits/visit.html", ctx=ctx, visit=ctx.visit, form=comment_form,
        focus=[areas.get(a, a) for a in ctx.visit.focus_areas or []],
        names=visits.comment_authors(ctx.visit),
        status_form=VersionedForm(version=ctx.visit.version),
        comment_form=comment_form,
        step=_step_forms(ctx),
    ), status


@visits_bp.route("/<int:visit_id>/record", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def record(visit_id: int):
    ctx = _load(visit_id)
    if not ctx.is_assurer:
        if request.method == "GET":
            return redirect(url_for("visits.visit", visit_id=ctx.visit.id))
        abort(403)
    visit = ctx.visit
    if visit.status is VisitStatus.FINAL and request.method == "GET":
        flash("This report is final. Reopen it before you change it.")
        return redirect(url_for("visits.visit", visit_id=visit.id))
    areas = _areas(ctx.cohort)
    form = RecordForm()
    form.focus_areas.choices = [SelectChoice(a.id, f"{a.number}. {a.title}") for a in areas]
    if request.method == "GET":
        form.held_on.data = visit.held_on or (visit.planned_on if visit.planned_on <= plans.utcnow().date()
                                              else None)
        form.headteacher_present.data = {True: "yes", False: "no"}.get(visit.headteacher_present, "")
        form.attendees.data = visit.attendees
        form.focus_areas.data = list(visit.focus_areas or [])
        for name in ("evidence_seen", "working_well", "needs_to_change", "challenge", "reassurance",
                     "rigour_reason"):
            getattr(form, name).data = getattr(visit, name)
        form.rigour.data = visit.rigour.name if visit.rigour else ""
        form.next_steps.data = "\n".join(s.text for s in visit.next_steps)
        form.version.data = visit.version
    status = 200
    if visit.status is VisitStatus.FINAL:
        # Refused before anything is read; the interface refuses it too.
        flash("This report is final. Reopen it before you change it.")
        return render_template("triads/visits/record.html", ctx=ctx, visit=visit, form=form), 400
    if form.validate_on_submit():
        report = visits.VisitReport(
            form.held_on.data, form.present, form.attendees.data or "", form.focus_areas.values,
            form.evidence_seen.data or "", form.working_well.data or "",
            form.needs_to_change.data or "", form.challenge.data or "", form.reassurance.data or "",
            form.rigour_value, form.rigour_reason.data or "", form.steps())
        status = form_saving.save(
            form, lambda: visits.record_visit(current_la, ctx.cohort, visit, report,
                                              {a.id for a in areas}, form.version.data),
            record=visit, conflict_field="evidence_seen", conflict=CONFLICT) or 200
        if status == 200:
            flash("The draft report has been saved. The school can now read it and comment.")
            return redirect(url_for("visits.visit", visit_id=visit.id))
    elif form.errors:
        status = 400
    return render_template("triads/visits/record.html", ctx=ctx, visit=visit, form=form), status


@visits_bp.post("/<int:visit_id>/finalise")
@la_role_required(Role.QUALITY_ASSURER)
def finalise(visit_id: int):
    ctx = _load(visit_id)
    if not ctx.is_assurer:
        abort(403)
    return _change_status(ctx, visits.finalise, "The report is final. The school can now respond.")


@visits_bp.post("/<int:visit_id>/reopen")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
def reopen(visit_id: int):
    ctx = _load(visit_id)
    if not (ctx.is_assurer or ctx.is_lead):
        abort(403)
    return _change_status(ctx, visits.reopen, "The report has been reopened as a draft.")


def _change_status(ctx: VisitContext, change, done: str):
    form = VersionedForm()
    form.validate_on_submit()
    try:
        change(current_la, ctx.visit, form.version.data)
    except concurrency.EditConflict:
        flash("The report changed since you opened it. Check it and try again.")
    except interfaces.Invalid as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(done)
    return redirect(url_for("visits.visit", visit_id=ctx.visit.id))


# --- the school's part -----------------------------------------------------------------------------


@visits_bp.post("/<int:visit_id>/comments")
@la_role_required(*SCHOOL_STAFF)
def comment(visit_id: int):
    ctx = _load(visit_id)
    if not ctx.is_school:
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            visits.add_comment(current_la, ctx.visit, form.body.data, current_user)
        except interfaces.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash("Your comment has been added. The quality assurer will see it before finalising.")
            return redirect(url_for("visits.visit", visit_id=ctx.visit.id) + "#comments")
    return _render_visit(ctx, comment_form=form, status=400)


@visits_bp.route("/<int:visit_id>/response", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def response(visit_id: int):
    ctx = _load(visit_id)
    if not ctx.is_school or ctx.visit.status is not VisitStatus.FINAL:
        if request.method == "GET":
            return redirect(url_for("visits.visit", visit_id=ctx.visit.id))
        abort(403)
    form = ResponseForm()
    if request.method == "GET":
        form.response.data = ctx.visit.school_response
        form.version.data = ctx.visit.version
    status = 200
    if form.validate_on_submit():
        status = form_saving.save(
            form, lambda: visits.respond(current_la, ctx.visit, form.response.data, form.version.data),
            record=ctx.visit, conflict_field="response", conflict=CONFLICT) or 200
        if status == 200:
            flash("The school's response has been saved.")
            return redirect(url_for("visits.visit", visit_id=ctx.visit.id))
    elif form.errors:
        status = 400
    return render_template("triads/visits/response.html", ctx=ctx, visit=ctx.visit, form=form), status


@visits_bp.post("/<int:visit_id>/steps/<int:step_id>/action")
@la_role_required(*SCHOOL_STAFF)
def step_to_action(visit_id: int, step_id: int):
    ctx = _load(visit_id)
    if not ctx.is_school:
        abort(403)
    step = visits.get_next_step(ctx.visit, step_id)
    school_id = ctx.own_school_ids[0]
    plan = plans.find_plan(current_la, school_id, ctx.cohort.id)
    form = StepForm()
    form.priority.choices = [SelectChoice(str(p.id), p.title) for p in plan.priorities] if plan else []
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors))
        return redirect(url_for("visits.visit", visit_id=ctx.visit.id)), 400
    try:
        visits.step_to_action(current_la, ctx.cohort, ctx.visit, step, school_id,
                              int(form.priority.data) if form.priority.data else None)
    except interfaces.Invalid as exc:
        flash(" ".join(exc.errors.values()))
        return redirect(url_for("visits.visit", visit_id=ctx.visit.id)), 400
    flash("The next step has been added to your action plan.")
    return redirect(url_for("plans.plan", plan_id=plan.id))
