"""Action-plan screens: start from the self-evaluation, priorities, actions, progress, the
workflow from draft to year-end review, print, PDF and Word. Who may do what: triads.access."""

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, SCHOOL_STAFF
from app.auth.principal import signed_in_user
from app.forms import VersionedForm, press, refuse_button, render_form, save
from app.interfaces import cohorts, invitations, schools
from app.kept_pages import kept
from app.models import Role, due_state
from app.pdf import pdf_response
from app.tenancy import current_la
from app.word import docx_response
from selfeval import interfaces as selfeval
from triads import access, plans_bp
from triads.documents import plans as plan_documents
from triads.forms.plans import (
    ActionForm,
    CoachCommentForm,
    CriterionReviewForm,
    PriorityForm,
    ProgressForm,
    ResolveForm,
    SignOffForm,
    SignOffRuleForm,
    StartPlanForm,
)
from triads.interfaces import plans
from triads.types import ActionStatus, CriterionOutcome, PlanStatus, SignOff


def _area_choices(plan) -> tuple[list[SelectChoice], set[str]]:
    # The variant only, not the self-evaluation's answers.
    variant = selfeval.evaluation_variant(current_la, plan.school_id, plan.cohort_id)
    if variant is not None:
        areas = variant.areas
    else:
        version = selfeval.current_framework(current_la)
        areas = selfeval.framework_of(version).default_variant.areas if version else ()
    return ([SelectChoice("", "Choose an area")]
            + [SelectChoice(a.id, f"{a.number}. {a.title}") for a in areas], {a.id for a in areas})


def _area_titles(plan) -> dict[str, str]:
    choices, _ = _area_choices(plan)
    return {c.value: c.label for c in choices if c.value}


def _plan_url(ctx: access.PlanContext, priority=None) -> str:
    anchor = f"#priority-{priority.id}" if priority is not None else ""
    return url_for("plans.plan", plan_id=ctx.plan.id) + anchor


# --- a school's plans -----------------------------------------------------------------------------


@plans_bp.get("/schools/<int:school_id>")
@la_role_required(*ANYONE_IN_LA)
@kept
def school(school_id: int):
    school = schools.get_school(current_la, school_id)
    rows = []
    for cohort in access.current_school_cohorts(school):
        plan = plans.find_plan(current_la, school.id, cohort.id)
        rows.append((cohort, plan if plan is not None and access.current_reads_plan(plan) else None))
    if not access.current_lists_plans_of(school, reads_any=any(plan for _, plan in rows)):
        abort(404 if access.current_hides_school(school.id) else 403)
    return render_template("triads/plans/school.html", school=school, rows=rows,
                           can_start=access.current_may_start_plan(school))


@plans_bp.route("/schools/<int:school_id>/cohorts/<int:cohort_id>/start", methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def start(school_id: int, cohort_id: int):
    school = schools.get_school(current_la, school_id)
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not access.current_may_start_plan(school):
        abort(403)
    if cohort.id not in {c.id for c in cohorts.cohorts_of_school(current_la, school.id)}:
        abort(404)
    existing = plans.find_plan(current_la, school.id, cohort.id)
    if existing is not None:
        return redirect(url_for("plans.plan", plan_id=existing.id))
    suggestions = plans.suggestions(current_la, school, cohort)
    by_value = {f"{s.area_id}|{s.statement_id or ''}": s for s in suggestions}
    form = StartPlanForm()
    form.priorities.choices = [SelectChoice(value, s.title) for value, s in by_value.items()]
    if request.method == "GET":
        form.priorities.data = list(by_value)
    if form.validate_on_submit():
        if any(value not in by_value for value in form.priorities.data or []):
            form.priorities.errors = ["Choose priorities from the list"]
        elif save(form, lambda: plans.start_plan(current_la, school, cohort, signed_in_user(),
                                                 [by_value[v] for v in form.priorities.data or []])):
            flash("Your action plan has been started as a draft.")
            return redirect(url_for("plans.plan", plan_id=form.saved.id))
    return render_form("triads/plans/start.html", form, school=school, cohort=cohort,
                       has_suggestions=bool(suggestions))


# --- one plan ----------------------------------------------------------------------------------------


@plans_bp.get("/<int:plan_id>")
@la_role_required(*ANYONE_IN_LA)
@kept
def plan(plan_id: int):
    ctx = access.load_plan(plan_id)
    staff = {u.id: u.name for u in plans.school_staff(current_la, ctx.plan.school_id)}
    today = plans.today()
    # A plan reviewed at year end is closed: its actions are no longer due (as plans.overdue_actions).
    closed = ctx.plan.status is PlanStatus.REVIEWED
    due = {a.id: due_state(a.due_on, closed or a.status is ActionStatus.DONE, today)
           for p in ctx.plan.priorities for a in p.actions}
    return render_template(
        "triads/plans/plan.html", ctx=ctx, step=plans.next_step(ctx.plan), may_advance=ctx.may_advance,
        advance_form=VersionedForm(version=ctx.plan.version), areas=_area_titles(ctx.plan),
        owners=staff, history=plans.transitions(current_la, ctx.plan), due=due,
        changes=plans.changes_since_sign_off(current_la, ctx.plan),
        comment_form=CoachCommentForm() if ctx.is_coach else None,
        short_plan=plans.SHORT_PLAN, today=today,
    )


def _sign_off_url(ctx: access.PlanContext) -> str:
    return url_for("plans.sign_off", plan_id=ctx.plan.id)


@plans_bp.post("/<int:plan_id>/advance")
@la_role_required(*SCHOOL_STAFF)
def advance(plan_id: int):
    ctx = access.load_plan(plan_id)
    if not ctx.may_advance:
        abort(403)
    step = plans.next_step(ctx.plan)
    if step is not None and step[0] is PlanStatus.SIGNED_OFF and ctx.names_head:
        return refuse_button("Name the headteacher who agreed the plan to sign it off.", _sign_off_url(ctx))
    form = VersionedForm()
    if refused := press(lambda: plans.advance(current_la, ctx.plan, signed_in_user(), form.version.data),
                        to=_plan_url(ctx)):
        return refused
    flash(f"The plan is now: {ctx.plan.status.label}.")
    return redirect(_plan_url(ctx))


@plans_bp.post("/<int:plan_id>/sign-again")
@la_role_required(*SCHOOL_STAFF)
def sign_again(plan_id: int):
    ctx = access.load_plan(plan_id)
    if not ctx.may_sign_again:
        abort(403)
    if ctx.names_head:
        return refuse_button("Name the headteacher who agreed the changes to sign them off.",
                             _sign_off_url(ctx))
    form = VersionedForm()
    if refused := press(lambda: plans.sign_again(current_la, ctx.plan, signed_in_user(), form.version.data),
                        to=_plan_url(ctx)):
        return refused
    flash("You have signed off the changes.")
    return redirect(_plan_url(ctx))


@plans_bp.route("/<int:plan_id>/sign-off", methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def sign_off(plan_id: int):
    """The SENCO signs off for the headteacher, naming them, where the cohort's rule allows it
    (triads.access.signs_off_as). Anyone else opening the page is sent back to the plan."""
    ctx = access.load_plan(plan_id)
    again = ctx.plan.status is not PlanStatus.COACH_REVIEWED
    waiting = not again or ctx.may_sign_again
    if request.method == "GET" and not (ctx.names_head and waiting):
        return redirect(_plan_url(ctx))
    if not ctx.names_head:
        abort(403)
    if not waiting:
        return refuse_button("This plan is not waiting to be signed off.", _plan_url(ctx))
    form = SignOffForm()
    if request.method == "GET":
        form.version.data = ctx.plan.version
    if form.validate_on_submit():
        name = form.headteacher.data
        if again:
            done = save(form, lambda: plans.sign_again(current_la, ctx.plan, signed_in_user(), form.version.data,
                                                       headteacher=name), record=ctx.plan)
        else:
            done = save(form, lambda: plans.advance(current_la, ctx.plan, signed_in_user(), form.version.data,
                                                    headteacher=name), record=ctx.plan)
        if done:
            flash(f"You have signed off the {'changes' if again else 'plan'}, agreed by {name}.")
            return redirect(_plan_url(ctx))
    return render_form("triads/plans/sign_off.html", form, ctx=ctx, again=again,
                       changes=plans.changes_since_sign_off(current_la, ctx.plan) if again else [])


# --- who signs off, per cohort: the LA lead's choice ------------------------------------------


@plans_bp.route("/cohorts/<int:cohort_id>/sign-off", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def sign_off_rule(cohort_id: int):
    cohort = cohorts.get_cohort(current_la, cohort_id)
    current = plans.sign_off_rule(current_la, cohort)
    form = SignOffRuleForm()
    if request.method == "GET":
        form.rule.data = (current.rule if current else SignOff.HEADTEACHER_ONLY).name
        form.version.data = current.version if current else 0
    if form.validate_on_submit() and save(
            form, lambda: plans.set_sign_off(current_la, cohort, SignOff[form.rule.data], form.version.data),
            record=lambda: plans.sign_off_rule(current_la, cohort)):
        flash("Who signs off action plans in this cohort has been saved.")
        return redirect(url_for("plans.sign_off_rule", cohort_id=cohort.id))
    open_heads = {i.school_id for i in invitations.list_open_invitations(current_la)
                  if i.role is Role.HEADTEACHER}
    return render_form("triads/plans/sign_off_rule.html", form, cohort=cohort,
                       without_head=plans.schools_without_headteacher(current_la, cohort),
                       open_heads=open_heads, rule=current.rule if current else SignOff.HEADTEACHER_ONLY)


# --- priorities -------------------------------------------------------------------------------------


@plans_bp.route("/<int:plan_id>/priorities/new", methods=["GET", "POST"])
@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>", methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def priority(plan_id: int, priority_id: int | None = None):
    ctx = access.load_plan(plan_id, to_edit=True)
    existing = plans.get_priority(ctx.plan, priority_id) if priority_id else None
    form = PriorityForm()
    form.area.choices, area_ids = _area_choices(ctx.plan)
    if request.method == "GET" and existing is not None:
        form.area.data = existing.area_id
        form.title.data = existing.title
        form.intended_outcome.data = existing.intended_outcome
        form.criteria.data = "\n".join(c.text for c in existing.criteria)
        form.version.data = existing.version
    if form.validate_on_submit():
        details = plans.PriorityDetails(form.area.data, form.title.data,
                                        form.intended_outcome.data or "", form.criteria_list())
        if save(form, lambda: plans.save_priority(current_la, ctx.plan, existing, details, area_ids,
                                                  form.version.data),
                record=existing, conflict_field="title"):
            flash("The priority has been saved.")
            return redirect(_plan_url(ctx))
    return render_form("triads/plans/priority_form.html", form, ctx=ctx, priority=existing,
                       count=len(ctx.plan.priorities), short_plan=plans.SHORT_PLAN)


@plans_bp.post("/<int:plan_id>/priorities/<int:priority_id>/delete")
@la_role_required(*SCHOOL_STAFF)
def delete_priority(plan_id: int, priority_id: int):
    ctx = access.load_plan(plan_id, to_edit=True)
    priority = plans.get_priority(ctx.plan, priority_id)
    title = priority.title
    if refused := press(lambda: plans.delete_priority(current_la, ctx.plan, priority), to=_plan_url(ctx)):
        return refused
    flash(f"The priority ‘{title}’ has been removed.")
    return redirect(_plan_url(ctx))


# --- actions and progress ----------------------------------------------------------------------


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/new", methods=["GET", "POST"])
@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/<int:action_id>",
                methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def action(plan_id: int, priority_id: int, action_id: int | None = None):
    ctx = access.load_plan(plan_id, to_edit=True)
    priority = plans.get_priority(ctx.plan, priority_id)
    existing = plans.get_action(priority, action_id) if action_id else None
    form = ActionForm()
    form.owner.choices = [SelectChoice("", "Not assigned yet")] + [
        SelectChoice(str(u.id), u.name) for u in plans.school_staff(current_la, ctx.plan.school_id)]
    if request.method == "GET":
        if existing is not None:
            form.description.data = existing.description
            form.owner.data = str(existing.owner_id or "")
            form.starts_on.data, form.due_on.data = existing.starts_on, existing.due_on
            form.resources.data = existing.resources
            form.status.data = existing.status.name
            form.version.data = existing.version
        else:
            form.status.data = ActionStatus.NOT_STARTED.name
    if form.validate_on_submit():
        try:
            owner_id = int(form.owner.data) if form.owner.data else None
        except ValueError:
            owner_id = -1  # not one of the school's people: the interface says so at the field
        details = plans.ActionDetails(form.description.data, owner_id, form.starts_on.data,
                                      form.due_on.data, form.resources.data or "",
                                      ActionStatus[form.status.data])
        if save(form, lambda: plans.save_action(current_la, ctx.plan, ctx.cohort, priority, existing,
                                                details, form.version.data),
                record=existing, conflict_field="description"):
            flash("The action has been saved.")
            return redirect(_plan_url(ctx, priority))
    return render_form("triads/plans/action_form.html", form, ctx=ctx, priority=priority, action=existing)


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/<int:action_id>/progress",
                methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def progress(plan_id: int, priority_id: int, action_id: int):
    ctx = access.load_plan(plan_id)
    priority = plans.get_priority(ctx.plan, priority_id)
    action = plans.get_action(priority, action_id)
    if request.method == "POST" and not ctx.can_edit:
        abort(403)
    form = ProgressForm()
    if request.method == "GET":
        form.status.data = action.status.name
    if form.validate_on_submit() and save(form, lambda: plans.add_progress_note(
            current_la, ctx.plan, action, ActionStatus[form.status.data], form.body.data, signed_in_user())):
        flash("Your progress note has been added.")
        return redirect(url_for("plans.progress", plan_id=ctx.plan.id, priority_id=priority.id,
                                action_id=action.id))
    return render_form("triads/plans/progress.html", form, ctx=ctx, priority=priority, action=action,
                       authors=plans.author_names(action))


# --- the coach's comments and the year-end review ------------------------------------------


@plans_bp.post("/<int:plan_id>/priorities/<int:priority_id>/comments")
@la_role_required(Role.SENCO)
def comment(plan_id: int, priority_id: int):
    ctx = access.load_plan(plan_id)
    if not ctx.is_coach:
        abort(403)
    priority = plans.get_priority(ctx.plan, priority_id)
    form = CoachCommentForm()
    if form.validate_on_submit() and save(form, lambda: plans.add_comment(
            current_la, ctx.plan, priority, form.body.data, signed_in_user())):
        flash("Your comment has been added.")
        return redirect(_plan_url(ctx, priority))
    return render_form("triads/plans/comment_form.html", form, ctx=ctx, priority=priority)


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/comments/<int:comment_id>/resolve",
                methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def resolve(plan_id: int, priority_id: int, comment_id: int):
    ctx = access.load_plan(plan_id, to_edit=True)
    priority = plans.get_priority(ctx.plan, priority_id)
    comment = next((c for c in priority.comments if c.id == comment_id), None)
    if comment is None:
        abort(404)
    form = ResolveForm()
    if form.validate_on_submit() and save(form, lambda: plans.resolve_comment(
            current_la, ctx.plan, comment, form.response.data, signed_in_user())):
        flash("The comment has been marked as resolved.")
        return redirect(_plan_url(ctx, priority))
    return render_form("triads/plans/resolve.html", form, ctx=ctx, priority=priority, comment=comment)


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/criteria/<int:criterion_id>",
                methods=["GET", "POST"])
@la_role_required(*SCHOOL_STAFF)
def review(plan_id: int, priority_id: int, criterion_id: int):
    ctx = access.load_plan(plan_id, to_edit=True)
    priority = plans.get_priority(ctx.plan, priority_id)
    criterion = next((c for c in priority.criteria if c.id == criterion_id), None)
    if criterion is None:
        abort(404)
    form = CriterionReviewForm()
    if request.method == "GET":
        form.outcome.data = criterion.outcome.name if criterion.outcome else None
        form.impact.data = criterion.impact
        form.version.data = criterion.version
    if form.validate_on_submit() and save(form, lambda: plans.review_criterion(
            current_la, ctx.plan, criterion, CriterionOutcome[form.outcome.data], form.impact.data,
            form.version.data), record=criterion, conflict_field="impact"):
        flash("The review has been saved.")
        return redirect(_plan_url(ctx, priority))
    return render_form("triads/plans/review.html", form, ctx=ctx, priority=priority, criterion=criterion)


# --- print, PDF and Word ----------------------------------------------------------------------------


def _print_html(ctx, pdf: bool) -> str:
    staff = {u.id: u.name for u in plans.school_staff(current_la, ctx.plan.school_id)}
    return render_template("triads/plans/print.html", ctx=ctx, areas=_area_titles(ctx.plan),
                           owners=staff, pdf=pdf)


@plans_bp.get("/<int:plan_id>/print")
@la_role_required(*ANYONE_IN_LA)
def print_view(plan_id: int):
    return _print_html(access.load_plan(plan_id), pdf=False)


@plans_bp.get("/<int:plan_id>/action-plan.pdf")
@la_role_required(*ANYONE_IN_LA)
def pdf(plan_id: int):
    ctx = access.load_plan(plan_id)
    return pdf_response(_print_html(ctx, pdf=True),
                        f"action-plan-{ctx.school.urn}-{ctx.cohort.start_year}.pdf")


@plans_bp.get("/<int:plan_id>/action-plan.docx")
@la_role_required(*ANYONE_IN_LA)
def docx(plan_id: int):
    ctx = access.load_plan(plan_id)
    return docx_response(plan_documents.action_plan(current_la, ctx, _area_titles(ctx.plan)),
                         f"action-plan-{ctx.school.urn}-{ctx.cohort.start_year}.docx")
