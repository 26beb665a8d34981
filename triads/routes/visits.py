"""QA visit screens. The LA lead assigns quality assurers to a cohort and sees every visit; an
assurer schedules and writes up visits in the cohorts they are assigned to; the visited schools
read the report, comment on the draft, respond to the final report and add next steps to their
action plan. Who may do what: triads.access."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, LA_STAFF, SCHOOL_STAFF
from app.auth.principal import signed_in_user
from app.forms import VersionedForm, press, refuse_button, render_form, save, show_errors
from app.interfaces import cohorts, schools
from app.kept_pages import kept
from app.models import Cohort, Role
from app.tenancy import current_la
from app.word import docx_response
from selfeval import interfaces as selfeval
from triads import access, visits_bp
from triads import interfaces as triad_data
from triads.documents import visits as visit_documents
from triads.forms import arrangements
from triads.forms.visits import (
    AssurersForm,
    CommentForm,
    RearrangeForm,
    RecordForm,
    ResponseForm,
    ScheduleForm,
    StepForm,
)
from triads.interfaces import plans, visits
from triads.routes.meetings import calendar_file
from triads.types import VisitStatus

FINAL = "This report is final. Reopen it before you change it."


def _areas(cohort: Cohort):
    version = selfeval.current_framework(current_la)
    return selfeval.framework_of(version).default_variant.areas if version else ()


def _visit_url(ctx: access.VisitContext, anchor: str = "") -> str:
    return url_for("visits.visit", visit_id=ctx.visit.id) + anchor


def _page_url(visit_id: int) -> str:
    """The visit's page, in full, for e-mails and calendar files."""
    return url_for("visits.visit", visit_id=visit_id, _external=True)


# --- lists and assurers ------------------------------------------------------------------------


@visits_bp.get("/")
@la_role_required(*ANYONE_IN_LA)
@kept
def index():
    lists = None
    if access.current_leads():
        lists = visits.visits_for_all(current_la)
    elif access.current_is_quality_assurer():
        lists = visits.visits_for_assurer(current_la, signed_in_user())
    school_visits = []
    if lists is None:
        seen = set()
        for school_id in sorted(access.current_own_school_ids()):
            for visit in visits.visits_for_school(current_la, school_id):
                if visit.id not in seen:
                    seen.add(visit.id)
                    school_visits.append(visit)
    every = [*(lists.upcoming + lists.to_write_up + lists.finished if lists else []), *school_visits]
    schedulable = access.current_schedulable(cohorts.list_cohorts(current_la))
    return render_template(
        "triads/visits/index.html", lists=lists, school_visits=school_visits,
        titles=visits.visit_titles(current_la, every),
        cohorts=schedulable, is_lead=access.current_leads(),
        assurers=visits.assurers_by_cohort(current_la, [c.id for c in schedulable]),
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
    if form.validate_on_submit() and save(form, lambda: visits.set_assurers(current_la, cohort,
                                                                            set(form.assurers.ids))):
        flash(f"The quality assurers for {cohort.name} have been saved.")
        return redirect(url_for("visits.index"))
    return render_form("triads/visits/assurers.html", form, cohort=cohort, people=people)


@visits_bp.route("/cohorts/<int:cohort_id>/new", methods=["GET", "POST"])
@la_role_required(*LA_STAFF)
def schedule(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not access.current_may_schedule(cohort):
        abort(403)
    is_lead = access.current_leads()
    form = ScheduleForm()
    form.cohort = cohort
    form.target.choices = (
        [SelectChoice("", "Choose a school or triad")]
        + [SelectChoice(f"school-{s.id}", s.name) for s in cohorts.cohort_schools(cohort)]
        + [SelectChoice(f"triad-{t.id}", f"{t.name} (whole triad)")
           for t in triad_data.list_triads(current_la, cohort)])
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
        if save(form, lambda: visits.schedule_visit(
                current_la, cohort, assurer_id, form.planned_on.data,
                school_id=target_id if kind == "school" else None,
                triad_id=target_id if kind == "triad" else None,
                arrangement=arrangements.arrangement_of(form), link_to=_page_url)):
            flash("The visit has been scheduled. The people involved have been sent a calendar invitation.")
            return redirect(url_for("visits.visit", visit_id=form.saved.id))
    return render_form("triads/visits/schedule.html", form, cohort=cohort, is_lead=is_lead,
                       has_assurers=bool(assigned))


# --- one visit -------------------------------------------------------------------------------------


def _step_forms(ctx: access.VisitContext) -> dict:
    """The school's "Add to our action plan" form, with the plan's priorities to choose from."""
    if not ctx.own_school_ids or ctx.visit.status is not VisitStatus.FINAL:
        return {}
    plan = plans.find_plan(current_la, ctx.own_school_ids[0], ctx.cohort.id)
    form = StepForm()
    form.priority.choices = [SelectChoice(str(p.id), p.title) for p in plan.priorities] if plan else []
    return {"form": form, "plan": plan}


def _focus(ctx: access.VisitContext) -> list[str]:
    areas = {a.id: f"{a.number}. {a.title}" for a in _areas(ctx.cohort)}
    return [areas.get(a, a) for a in ctx.visit.focus_areas or []]


def _visit_page(ctx: access.VisitContext, comment_form: CommentForm | None) -> dict:
    """The report page; `comment_form` is the form whose errors its error summary lists."""
    return {
        "ctx": ctx, "visit": ctx.visit, "focus": _focus(ctx),
        "names": visits.comment_authors(ctx.visit), "status_form": VersionedForm(version=ctx.visit.version),
        "comment_form": comment_form, "step": _step_forms(ctx),
    }


@visits_bp.get("/<int:visit_id>")
@la_role_required(*ANYONE_IN_LA)
@kept
def visit(visit_id: int):
    ctx = access.load_visit(visit_id)
    comment_form = CommentForm() if ctx.is_school else None
    return render_template("triads/visits/visit.html", form=comment_form, **_visit_page(ctx, comment_form))


@visits_bp.get("/<int:visit_id>/invite.ics")
@la_role_required(*ANYONE_IN_LA)
def visit_invite(visit_id: int):
    """The visit's calendar invitation, for whoever may read the visit."""
    ctx = access.load_visit(visit_id)
    ics = visits.visit_invitation(current_la, ctx.cohort, ctx.visit, _page_url(ctx.visit.id), signed_in_user())
    return calendar_file(ics, f"qa-visit-{ctx.visit.planned_on.isoformat()}.ics")


@visits_bp.get("/<int:visit_id>/visit-report.docx")
@la_role_required(*ANYONE_IN_LA)
def report_docx(visit_id: int):
    """The report as a Word document, for whoever may read the visit, once it is written up."""
    ctx = access.load_visit(visit_id)
    if not visit_documents.has_report(ctx):
        abort(404)
    visit = ctx.visit
    visited = (schools.get_school(current_la, visit.school_id).urn if visit.school_id is not None
               else f"triad-{visit.triad_id}")
    return docx_response(visit_documents.visit_report(current_la, ctx, _focus(ctx)),
                         f"qa-visit-report-{visited}-{(visit.held_on or visit.planned_on).isoformat()}.docx")


WRITTEN_UP = "This visit has been written up, so its date and place can no longer change."


def _load_to_rearrange(visit_id: int):
    """The visit, for its assurer or the lead. Opening the page for a visit already written up
    goes back to the visit with the reason (a POST is refused by the interface)."""
    ctx = access.load_visit(visit_id)
    if not (ctx.is_assurer or ctx.is_lead):
        abort(403)
    refused = None
    if not ctx.may_rearrange and request.method == "GET":
        flash(WRITTEN_UP, "refused")
        refused = redirect(_visit_url(ctx))
    return ctx, refused


@visits_bp.route("/<int:visit_id>/arrangements", methods=["GET", "POST"])
@la_role_required(*LA_STAFF)
def rearrange(visit_id: int):
    ctx, refused = _load_to_rearrange(visit_id)
    if refused:
        return refused
    form = RearrangeForm()
    form.cohort = ctx.cohort
    if request.method == "GET":
        form.planned_on.data = ctx.visit.planned_on
        arrangements.fill(form, ctx.visit)
        form.version.data = ctx.visit.version
    if form.validate_on_submit() and save(form, lambda: visits.rearrange_visit(
            current_la, ctx.cohort, ctx.visit, form.planned_on.data, arrangements.arrangement_of(form),
            form.version.data, page_url=_page_url(ctx.visit.id)), record=ctx.visit):
        flash("The visit has been changed. The people involved have been sent the update.")
        return redirect(_visit_url(ctx))
    return render_form("triads/visits/arrangements.html", form, ctx=ctx, visit=ctx.visit)


@visits_bp.route("/<int:visit_id>/cancel", methods=["GET", "POST"])
@la_role_required(*LA_STAFF)
def cancel(visit_id: int):
    ctx, refused = _load_to_rearrange(visit_id)
    if refused:
        return refused
    form = VersionedForm(version=ctx.visit.version) if request.method == "GET" else VersionedForm()
    if request.method == "POST":
        title = ctx.title
        if refused := press(lambda: visits.cancel_visit(current_la, ctx.cohort, ctx.visit, form.version.data,
                                                        page_url=_page_url(ctx.visit.id)), to=_visit_url(ctx)):
            return refused
        flash(f"The visit to {title} has been called off. The people involved have been sent a cancellation.")
        return redirect(url_for("visits.index"), code=303)
    return render_template("triads/visits/cancel.html", form=form, ctx=ctx, visit=ctx.visit)


@visits_bp.route("/<int:visit_id>/record", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def record(visit_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.is_assurer:
        if request.method == "GET":
            return redirect(_visit_url(ctx))
        abort(403)
    visit = ctx.visit
    if visit.status is VisitStatus.FINAL and request.method == "GET":
        return refuse_button(FINAL, _visit_url(ctx))
    areas = _areas(ctx.cohort)
    form = RecordForm()
    form.cohort = ctx.cohort
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
    if visit.status is VisitStatus.FINAL:
        # Refused before anything is read (the interface refuses it too), with what was typed still
        # in the form.
        form.refused = True
        show_errors(form, {"visit": FINAL})
        return render_form("triads/visits/record.html", form, ctx=ctx, visit=visit)
    if form.validate_on_submit():
        report = visits.VisitReport(
            form.held_on.data, form.present, form.attendees.data or "", form.focus_areas.values,
            form.evidence_seen.data or "", form.working_well.data or "",
            form.needs_to_change.data or "", form.challenge.data or "", form.reassurance.data or "",
            form.rigour_value, form.rigour_reason.data or "", form.steps())
        if save(form, lambda: visits.record_visit(current_la, ctx.cohort, visit, report,
                                                  {a.id for a in areas}, form.version.data),
                record=visit, conflict_field="evidence_seen"):
            flash("The draft report has been saved. The school can now read it and comment.")
            return redirect(_visit_url(ctx))
    return render_form("triads/visits/record.html", form, ctx=ctx, visit=visit)


@visits_bp.post("/<int:visit_id>/finalise")
@la_role_required(Role.QUALITY_ASSURER)
def finalise(visit_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.is_assurer:
        abort(403)
    return _change_status(ctx, visits.finalise, "The report is final. The school can now respond.")


@visits_bp.post("/<int:visit_id>/reopen")
@la_role_required(*LA_STAFF)
def reopen(visit_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.may_reopen:
        abort(403)
    return _change_status(ctx, visits.reopen, "The report has been reopened as a draft.")


def _change_status(ctx: access.VisitContext, change, done: str):
    form = VersionedForm()
    if refused := press(lambda: change(current_la, ctx.visit, form.version.data), to=_visit_url(ctx)):
        return refused
    flash(done)
    return redirect(_visit_url(ctx))


# --- the school's part -----------------------------------------------------------------------------


@visits_bp.post("/<int:visit_id>/comments")
@la_role_required(*SCHOOL_STAFF)
def comment(visit_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.is_school:
        abort(403)
    form = CommentForm()
    if form.validate_on_submit() and save(form, lambda: visits.add_comment(current_la, ctx.visit,
                                                                           form.body.data, signed_in_user())):
        flash("Your comment has been added. The quality assurer will see it before finalising.")
        return redirect(_visit_url(ctx, "#comments"))
    return render_form("triads/visits/visit.html", form, **_visit_page(ctx, form))


@visits_bp.route("/<int:visit_id>/response", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def response(visit_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.may_respond:
        if request.method == "GET":
            return redirect(_visit_url(ctx))
        abort(403)
    form = ResponseForm()
    if request.method == "GET":
        form.response.data = ctx.visit.school_response
        form.version.data = ctx.visit.version
    if form.validate_on_submit() and save(form, lambda: visits.respond(
            current_la, ctx.visit, form.response.data, form.version.data),
            record=ctx.visit, conflict_field="response"):
        flash("The school's response has been saved.")
        return redirect(_visit_url(ctx))
    return render_form("triads/visits/response.html", form, ctx=ctx, visit=ctx.visit)


@visits_bp.post("/<int:visit_id>/steps/<int:step_id>/action")
@la_role_required(*SCHOOL_STAFF)
def step_to_action(visit_id: int, step_id: int):
    ctx = access.load_visit(visit_id)
    if not ctx.is_school:
        abort(403)
    step = visits.get_next_step(ctx.visit, step_id)
    school_id = ctx.own_school_ids[0]
    plan = plans.find_plan(current_la, school_id, ctx.cohort.id)
    form = StepForm()
    form.priority.choices = [SelectChoice(str(p.id), p.title) for p in plan.priorities] if plan else []
    if not form.validate_on_submit():
        return refuse_button(" ".join(e for errors in form.errors.values() for e in errors), _visit_url(ctx))
    if refused := press(lambda: visits.step_to_action(
            current_la, ctx.cohort, ctx.visit, step, school_id,
            int(form.priority.data) if form.priority.data else None), to=_visit_url(ctx)):
        return refused
    flash("The next step has been added to your action plan.")
    return redirect(url_for("plans.plan", plan_id=plan.id))
