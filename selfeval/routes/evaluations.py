from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA
from app.interfaces import cohorts, concurrency, schools
from app.models import Role
from app.tenancy import current_la, la_roles
from selfeval import access, bp, context, interfaces
from selfeval import framework as fw
from selfeval.forms import (
    CommentForm,
    FrameworkUploadForm,
    ReopenForm,
    SubmitForm,
    area_form_class,
    evidence_field_name,
    rating_field_name,
)

MAX_FRAMEWORK_BYTES = 1024 * 1024
CONFLICT = (
    "Someone else saved this area since you opened it. Your answers are still below; the "
    "summary above shows what they saved. Check and save again."
)


# --- frameworks ---------------------------------------------------------------------------------


@bp.route("/frameworks", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def frameworks():
    form = FrameworkUploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.read(MAX_FRAMEWORK_BYTES + 1)
        filename = upload.filename or "framework.yaml"
        if len(raw) > MAX_FRAMEWORK_BYTES:
            form.file.errors = ["The file must be smaller than 1 MB"]
        elif not filename.lower().endswith((".yaml", ".yml")):
            form.file.errors = ["The selected file must be a YAML file (.yaml or .yml)"]
        else:
            try:
                loaded = interfaces.load_framework(
                    raw.decode("utf-8-sig"), filename, current_la, current_user
                )
            except UnicodeDecodeError:
                form.file.errors = ["The file must be saved as UTF-8 text"]
            except fw.FrameworkError as exc:
                problems = list(exc.messages)
                form.file.errors = [
                    f"The framework file has {len(problems)} problem"
                    f"{'s' if len(problems) != 1 else ''}. Nothing has been loaded. "
                    "Fix the lines listed below and upload it again"
                ]
            except interfaces.DuplicateFramework as exc:
                form.file.errors = [str(exc)]
            else:
                flash(f"{loaded.title}, version {loaded.version}, has been loaded.")
                return redirect(url_for("selfeval.framework", version_id=loaded.id))
    return render_template(
        "selfeval/frameworks.html", form=form, problems=problems,
        versions=interfaces.list_frameworks(current_la),
    ), 400 if form.errors else 200


@bp.get("/frameworks/<int:version_id>")
@la_role_required(*ANYONE_IN_LA)
def framework(version_id: int):
    version = interfaces.get_framework_version(current_la, version_id)
    parsed = interfaces.framework_of(version)
    variant_id = request.args.get("variant", "")
    if variant_id not in parsed.variants:
        variant_id = next(iter(parsed.variants))
    return render_template("selfeval/framework.html", version=version, framework=parsed,
                           variant=parsed.variant(variant_id))


# --- a school's self-evaluations ----------------------------------------------------------------


@bp.get("/schools/<int:school_id>")
@la_role_required(*ANYONE_IN_LA)
def school_index(school_id: int):
    school = schools.get_school(current_la, school_id)
    roles = la_roles()
    evaluations = {e.cohort_id: e for e in interfaces.list_for_school(current_la, school.id)}
    rows = []
    for cohort in cohorts.cohorts_of_school(current_la, school.id):
        evaluation = evaluations.get(cohort.id)
        links = access.triad_links(school.id, cohort.id)
        visible = access.can_view(roles, school.id, bool(evaluation and evaluation.submitted), links)
        rows.append((cohort, evaluation if visible else None, visible))
    if not any(visible for _, _, visible in rows) and not access.can_view(
        roles, school.id, False, access.TriadLinks()
    ):
        abort(403)
    return render_template("selfeval/school_index.html", school=school, rows=rows,
                           can_start=access.can_edit(roles, school.id),
                           has_framework=interfaces.current_framework(current_la) is not None)


@bp.post("/schools/<int:school_id>/cohorts/<int:cohort_id>/start")
@la_role_required(Role.SENCO)
def start(school_id: int, cohort_id: int):
    school = schools.get_school(current_la, school_id)
    cohort = cohorts.get_cohort(current_la, cohort_id)
    if not access.can_edit(la_roles(), school.id):
        abort(403)
    if cohort.id not in {c.id for c in cohorts.cohorts_of_school(current_la, school.id)}:
        abort(404)
    evaluation = interfaces.start(current_la, school, cohort, current_user)
    if evaluation.previous_id:
        flash("Last year's answers have been copied in for you to confirm or change.")
    return redirect(url_for("selfeval.task_list", self_evaluation_id=evaluation.id))


@bp.get("/<int:self_evaluation_id>")
@la_role_required(*ANYONE_IN_LA)
def task_list(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    return render_template("selfeval/task_list.html", ctx=ctx,
                           submit_form=SubmitForm(version=ctx.evaluation.version))


def _area_answers(form, area) -> interfaces.AreaAnswers:
    ratings = {}
    for index, statement in enumerate(area.statements, start=1):
        ratings[statement.id] = (form[rating_field_name(index)].value,
                                 form[evidence_field_name(index)].data or "")
    return interfaces.AreaAnswers(
        ratings=ratings, judgement=form.judgement.value, rationale=form.rationale.data or "",
        strengths=form.strengths.data or "", development=form.development.data or "",
        completed=form.completed.data == "yes",
    )


def _fill_from_saved(form, area, response) -> None:
    for index, statement in enumerate(area.statements, start=1):
        saved = response.rating_for(statement.id) if response else None
        form[rating_field_name(index)].data = str(saved.rating) if saved and saved.rating else None
        form[evidence_field_name(index)].data = saved.evidence if saved else ""
    if response is not None:
        form.judgement.data = str(response.judgement) if response.judgement else None
        form.rationale.data = response.rationale
        form.strengths.data = response.strengths
        form.development.data = response.development
        form.completed.data = "yes" if response.completed else None
        form.version.data = response.version
    else:
        form.version.data = 0


@bp.route("/<int:self_evaluation_id>/areas/<area_id>", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def area(self_evaluation_id: int, area_id: str):
    ctx = context.load(self_evaluation_id)
    area = ctx.area(area_id)
    response = interfaces.area_response(ctx.evaluation, area.id)
    views = interfaces.views_by_statement(interfaces.voice_responses(current_la, ctx.evaluation))
    own = {s.id: (response.rating_for(s.id).rating if response and response.rating_for(s.id) else None)
           for s in area.statements}
    divergent = {statement_id for statement_id, _ in fw.most_divergent(
        own, {sid: [rating for _, rating, _ in v] for sid, v in views.items()}, count=3)}
    page = {
        "ctx": ctx, "area": area, "response": response, "views": views, "divergent": divergent,
        "comments": [(c, name) for c, name in interfaces.list_comments(current_la, ctx.evaluation)
                     if c.area_id == area.id],
        "comment_form": CommentForm() if ctx.can_comment else None,
    }

    if request.method == "POST" and not ctx.can_edit:
        abort(403)
    form = area_form_class(area, ctx.scale)()
    if request.method == "GET":
        _fill_from_saved(form, area, response)
    status = 200
    if form.validate_on_submit():
        answers = _area_answers(form, area)
        problems = interfaces.area_problems(ctx.scale, area, answers) if answers.completed else {}
        for field_name, message in problems.items():
            field = _field_for_problem(form, area, field_name)
            field.errors = [*field.errors, message]
        if not problems:
            try:
                interfaces.save_area(current_la, ctx.evaluation, area, answers, form.version.data)
            except concurrency.EditConflict:
                form.version.data = response.version if response else 0
                return render_template("selfeval/area.html", form=form, conflict=CONFLICT,
                                       **page), 409
            flash(f"{area.title}: your answers have been saved.")
            return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    if form.errors:
        status = 400
    return render_template("selfeval/area.html", form=form, **page), status


def _field_for_problem(form, area, field_name: str):
    if field_name.startswith("rating-"):
        statement_id = field_name.removeprefix("rating-")
        index = next(i for i, s in enumerate(area.statements, start=1) if s.id == statement_id)
        return form[rating_field_name(index)]
    return form[field_name]


@bp.post("/<int:self_evaluation_id>/submit")
@la_role_required(Role.SENCO)
def submit(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    if not ctx.can_edit:
        abort(403)
    form = SubmitForm()
    form.validate_on_submit()
    missing = interfaces.incomplete_areas(ctx.evaluation)
    if missing:
        return render_template(
            "selfeval/task_list.html", ctx=ctx, submit_form=form,
            submit_errors=[(a, f"Complete {a.title} before you submit") for a in missing],
        ), 400
    try:
        interfaces.submit(current_la, ctx.evaluation, current_user, form.version.data)
    except concurrency.EditConflict:
        flash("The self-evaluation changed since you opened this page. Check it and submit again.")
        return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    flash("Your self-evaluation has been submitted. Your triad, quality assurer and LA can now read it.")
    return redirect(url_for("selfeval.summary", self_evaluation_id=ctx.evaluation.id))


@bp.route("/<int:self_evaluation_id>/reopen", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def reopen(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    if not ctx.evaluation.submitted:
        flash("This self-evaluation is not submitted, so it is already open.")
        return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    form = ReopenForm()
    if request.method == "GET":
        form.version.data = ctx.evaluation.version
    if form.validate_on_submit():
        try:
            interfaces.reopen(current_la, ctx.evaluation, form.reason.data, form.version.data)
        except concurrency.EditConflict:
            form.reason.errors = ["The self-evaluation changed since you opened this page. "
                                  "Check it and try again"]
            form.version.data = ctx.evaluation.version
            return render_template("selfeval/reopen.html", ctx=ctx, form=form), 409
        else:
            flash(f"{ctx.school.name}'s self-evaluation has been reopened.")
            return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    return render_template("selfeval/reopen.html", ctx=ctx, form=form), 400 if form.errors else 200


@bp.get("/")
@bp.get("/cohorts/<int:cohort_id>")
@la_role_required(Role.LA_LEAD, Role.QUALITY_ASSURER)
def overview(cohort_id: int | None = None):
    all_cohorts = cohorts.list_cohorts(current_la)
    if cohort_id is not None:
        cohort = cohorts.get_cohort(current_la, cohort_id)
    elif all_cohorts:
        cohort = all_cohorts[0]
    else:
        cohort = None
    rows = interfaces.cohort_overview(current_la, cohort) if cohort else []
    return render_template("selfeval/overview.html", cohort=cohort, cohorts=all_cohorts, rows=rows)
