"""Action-plan screens: start from the self-evaluation, priorities, actions, progress, the
workflow from draft to year-end review, print and PDF."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA
from app.interfaces import cohorts, concurrency, schools
from app.models import Role
from app.pdf import pdf_response
from app.tenancy import current_la
from selfeval import interfaces as selfeval
from triads import form_saving, interfaces, plan_context, plans_bp
from triads.forms.plans import (
    ActionForm,
    AdvanceForm,
    CoachCommentForm,
    CriterionReviewForm,
    PriorityForm,
    ProgressForm,
    ResolveForm,
    StartPlanForm,
)
from triads.interfaces import plans
from triads.models import ActionStatus, CriterionOutcome

CONFLICT = ("Someone else saved this since you opened the page. Your text is still in the form; "
            "check it and save again")



def _area_choices(plan) -> tuple[list[SelectChoice], set[str]]:
    evaluation = selfeval.find_self_evaluation(current_la, plan.school_id, plan.cohort_id)
    if evaluation is not None:
        areas = selfeval.variant_of(evaluation).areas
    else:
        version = selfeval.current_framework(current_la)
        areas = selfeval.framework_of(version).default_variant.areas if version else ()
    return ([SelectChoice("", "Choose an area")]
            + [SelectChoice(a.id, f"{a.number}. {a.title}") for a in areas], {a.id for a in areas})


def _area_titles(plan) -> dict[str, str]:
    choices, _ = _area_choices(plan)
    return {c.value: c.label for c in choices if c.value}


def _require_edit(ctx) -> None:
    if not ctx.can_edit:
        abort(403)


# --- a school's plans -----------------------------------------------------------------------------


@plans_bp.get("/schools/<int:school_id>")
@la_role_required(*ANYONE_IN_LA)
def school(school_id: int):
    school = schools.get_school(current_la, school_id)
    rows = []
    for cohort in cohorts.cohorts_of_school(current_la, school.id):
        plan = plans.find_plan(current_la, school.id, cohort.id)
        visible = plan_context.can_view_plans_of(school.id, cohort.id, plan.status if plan else None)
        rows.append((cohort, plan if visible else None))
    if not plan_context.own_school(school.id) and not plan_context.is_la_staff() \
            and not any(plan for _, plan in rows):
        abort(403)
    return render_template("triads/plans/school.html", school=school, rows=rows,
                           can_start=plan_context.own_school(school.id))


@plans_bp.route("/schools/<int:school_id>/cohorts/<int:cohort_id>/start", methods=["GET", "POST"])
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def start(school_id: int, cohort_id: int):
    school = schools.get_school(current_la, school_id)
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not plan_context.own_school(school.id):
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
        else:
            plan = plans.start_plan(current_la, school, cohort, current_user,
                                    [by_value[v] for v in form.priorities.data or []])
            flash("Your action plan has been started as a draft.")
            return redirect(url_for("plans.plan", plan_id=plan.id))
    return render_template("triads/plans/start.html", school=school, cohort=cohort, form=form,
                           has_suggestions=bool(suggestions)), 400 if form.errors else 200


# --- one plan ----------------------------------------------------------------------------------------


@plans_bp.get("/<int:plan_id>")
@la_role_required(*ANYONE_IN_LA)
def plan(plan_id: int):
    ctx = plan_context.load(plan_id)
    step = plans.next_step(ctx.plan)
    staff = {u.id: u.name for u in plans.school_staff(current_la, ctx.plan.school_id)}
    return render_template(
        "triads/plans/plan.html", ctx=ctx, step=step, may_advance=bool(step and ctx.may_take(step[1])),
        advance_form=AdvanceForm(version=ctx.plan.version), areas=_area_titles(ctx.plan),
        owners=staff, history=plans.transitions(current_la, ctx.plan),
        comment_form=CoachCommentForm() if ctx.is_coach else None,
        short_plan=plans.SHORT_PLAN, today=plans.utcnow().date(),
    )


@plans_bp.post("/<int:plan_id>/advance")
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def advance(plan_id: int):
    ctx = plan_context.load(plan_id)
    step = plans.next_step(ctx.plan)
    if step is None or not ctx.may_take(step[1]):
        abort(403)
    form = AdvanceForm()
    form.validate_on_submit()
    try:
        plans.advance(current_la, ctx.plan, current_user, form.version.data)
    except concurrency.EditConflict:
        flash("The plan changed since you opened it. Check it and try again.")
    except interfaces.Invalid as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"The plan is now: {ctx.plan.status.label}.")
    return redirect(url_for("plans.plan", plan_id=ctx.plan.id))


@plans_bp.post("/<int:plan_id>/sign-again")
@la_role_required(Role.HEADTEACHER)
def sign_again(plan_id: int):
    ctx = plan_context.load(plan_id)
    if not ctx.is_headteacher or not ctx.plan.changed_since_sign_off:
        abort(403)
    plans.sign_again(current_la, ctx.plan, current_user)
    flash("You have signed off the changes.")
    return redirect(url_for("plans.plan", plan_id=ctx.plan.id))


# --- priorities -------------------------------------------------------------------------------------


@plans_bp.route("/<int:plan_id>/priorities/new", methods=["GET", "POST"])
@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>", methods=["GET", "POST"])
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def priority(plan_id: int, priority_id: int | None = None):
    ctx = plan_context.load(plan_id)
    _require_edit(ctx)
    existing = plans.get_priority(ctx.plan, priority_id) if priority_id else None
    form = PriorityForm()
    form.area.choices, area_ids = _area_choices(ctx.plan)
    if request.method == "GET" and existing is not None:
        form.area.data = existing.area_id
        form.title.data = existing.title
        form.intended_outcome.data = existing.intended_outcome
        form.criteria.data = "\n".join(c.text for c in existing.criteria)
        form.version.data = existing.version
    status = 200
    if form.validate_on_submit():
        details = plans.PriorityDetails(form.area.data, form.title.data,
                                        form.intended_outcome.data or "", form.criteria_list())
        status = form_saving.save(
            form, lambda: plans.save_priority(current_la, ctx.plan, existing, details, area_ids,
                                              form.version.data),
            record=existing, conflict_field="title", conflict=CONFLICT) or 200
        if status == 200:
            flash("The priority has been saved.")
            return redirect(url_for("plans.plan", plan_id=ctx.plan.id))
    elif form.errors:
        status = 400
    return render_template("triads/plans/priority_form.html", ctx=ctx, form=form, priority=existing,
                           count=len(ctx.plan.priorities), short_plan=plans.SHORT_PLAN), status


@plans_bp.post("/<int:plan_id>/priorities/<int:priority_id>/delete")
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def delete_priority(plan_id: int, priority_id: int):
    ctx = plan_context.load(plan_id)
    _require_edit(ctx)
    priority = plans.get_priority(ctx.plan, priority_id)
    try:
        plans.delete_priority(current_la, ctx.plan, priority)
    except interfaces.Invalid as exc:
        flash(" ".join(exc.errors.values()))
    else:
        flash(f"The priority ‘{priority.title}’ has been removed.")
    return redirect(url_for("plans.plan", plan_id=ctx.plan.id))


# --- actions and progress ----------------------------------------------------------------------


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/new", methods=["GET", "POST"])
@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/<int:action_id>",
                methods=["GET", "POST"])
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def action(plan_id: int, priority_id: int, action_id: int | None = None):
    ctx = plan_context.load(plan_id)
    _require_edit(ctx)
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
    status = 200
    if form.validate_on_submit():
        try:
            owner_id = int(form.owner.data) if form.owner.data else None
        except ValueError:
            owner_id = -1
        details = plans.ActionDetails(form.description.data, owner_id, form.starts_on.data,
                                      form.due_on.data, form.resources.data or "",
                                      ActionStatus[form.status.data])
        status = form_saving.save(
            form, lambda: plans.save_action(current_la, ctx.plan, ctx.cohort, priority, existing,
                                            details, form.version.data),
            record=existing, conflict_field="description", conflict=CONFLICT) or 200
        if status == 200:
            flash("The action has been saved.")
            return redirect(url_for("plans.plan", plan_id=ctx.plan.id) + f"#priority-{priority.id}")
    elif form.errors:
        status = 400
    return render_template("triads/plans/action_form.html", ctx=ctx, form=form, priority=priority,
                           action=existing), status


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/actions/<int:action_id>/progress",
                methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def progress(plan_id: int, priority_id: int, action_id: int):
    ctx = plan_context.load(plan_id)
    priority = plans.get_priority(ctx.plan, priority_id)
    action = plans.get_action(priority, action_id)
    form = ProgressForm()
    if request.method == "POST":
        _require_edit(ctx)
    if request.method == "GET":
        form.status.data = action.status.name
    if form.validate_on_submit():
        try:
            plans.add_progress_note(current_la, ctx.plan, action, ActionStatus[form.status.data],
                                    form.body.data, current_user)
        except interfaces.Invalid as exc:
            form_saving.show_errors(form, exc.errors)
        else:
            flash("Your progress note has been added.")
            return redirect(url_for("plans.progress", plan_id=ctx.plan.id, priority_id=priority.id,
                                    action_id=action.id))
    return render_template("triads/plans/progress.html", ctx=ctx, form=form, priority=priority,
                           action=action, authors=plans.author_names(action)), \
        400 if form.errors else 200


# --- the coach's comments and the year-end review ------------------------------------------


@plans_bp.post("/<int:plan_id>/priorities/<int:priority_id>/comments")
@la_role_required(Role.SENCO)
def comment(plan_id: int, priority_id: int):
    ctx = plan_context.load(plan_id)
    if not ctx.is_coach:
        abort(403)
    priority = plans.get_priority(ctx.plan, priority_id)
    form = CoachCommentForm()
    if form.validate_on_submit():
        plans.add_comment(current_la, ctx.plan, priority, form.body.data, current_user)
        flash("Your comment has been added.")
        return redirect(url_for("plans.plan", plan_id=ctx.plan.id) + f"#priority-{priority.id}")
    return render_template("triads/plans/comment_form.html", ctx=ctx, form=form, priority=priority), 400


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/comments/<int:comment_id>/resolve",
                methods=["GET", "POST"])
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def resolve(plan_id: int, priority_id: int, comment_id: int):
    ctx = plan_context.load(plan_id)
    _require_edit(ctx)
    priority = plans.get_priority(ctx.plan, priority_id)
    comment = next((c for c in priority.comments if c.id == comment_id), None)
    if comment is None:
        abort(404)
    form = ResolveForm()
    if form.validate_on_submit():
        plans.resolve_comment(current_la, ctx.plan, comment, form.response.data, current_user)
        flash("The comment has been marked as resolved.")
        return redirect(url_for("plans.plan", plan_id=ctx.plan.id) + f"#priority-{priority.id}")
    return render_template("triads/plans/resolve.html", ctx=ctx, form=form, priority=priority,
                           comment=comment), 400 if form.errors else 200


@plans_bp.route("/<int:plan_id>/priorities/<int:priority_id>/criteria/<int:criterion_id>",
                methods=["GET", "POST"])
@la_role_required(Role.SENCO, Role.HEADTEACHER)
def review(plan_id: int, priority_id: int, criterion_id: int):
    ctx = plan_context.load(plan_id)
    _require_edit(ctx)
    priority = plans.get_priority(ctx.plan, priority_id)
    criterion = next((c for c in priority.criteria if c.id == criterion_id), None)
    if criterion is None:
        abort(404)
    form = CriterionReviewForm()
    if request.method == "GET":
        form.outcome.data = criterion.outcome.name if criterion.outcome else None
        form.impact.data = criterion.impact
        form.version.data = criterion.version
    status = 200
    if form.validate_on_submit():
        status = form_saving.save(
            form, lambda: plans.review_criterion(current_la, ctx.plan, criterion,
                                                 CriterionOutcome[form.outcome.data],
                                                 form.impact.data, form.version.data),
            record=criterion, conflict_field="impact", conflict=CONFLICT) or 200
        if status == 200:
            flash("The review has been saved.")
            return redirect(url_for("plans.plan", plan_id=ctx.plan.id) + f"#priority-{priority.id}")
    elif form.errors:
        status = 400
    return render_template("triads/plans/review.html", ctx=ctx, form=form, priority=priority,
                           criterion=criterion), status


# --- print and PDF ----------------------------------------------------------------------------


def _print_html(ctx, pdf: bool) -> str:
    staff = {u.id: u.name for u in plans.school_staff(current_la, ctx.plan.school_id)}
    return render_template("triads/plans/print.html", ctx=ctx, areas=_area_titles(ctx.plan),
                           owners=staff, pdf=pdf)


@plans_bp.get("/<int:plan_id>/print")
@la_role_required(*ANYONE_IN_LA)
def print_view(plan_id: int):
    return _print_html(plan_context.load(plan_id), pdf=False)


@plans_bp.get("/<int:plan_id>/action-plan.pdf")
@la_role_required(*ANYONE_IN_LA)
def pdf(plan_id: int):
    ctx = plan_context.load(plan_id)
    return pdf_response(_print_html(ctx, pdf=True),
                        f"action-plan-{ctx.school.urn}-{ctx.cohort.start_year}.pdf")


