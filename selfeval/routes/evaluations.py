"""Frameworks, a school's self-evaluations, answering an area, submitting and reopening."""

from flask import flash, redirect, render_template, request, url_for

from app.auth.decorators import la_role_required
from app.auth.principal import signed_in_user
from app.forms import VersionedForm, press, refuse_button, render_form, save
from app.interfaces import cohorts
from app.kept_pages import kept
from app.tenancy import current_la
from selfeval import access, bp, interfaces
from selfeval.access import Need
from selfeval.forms.evaluations import CommentForm, ReopenForm, area_form_class
from selfeval.forms.frameworks import FrameworkUploadForm

# --- frameworks ---------------------------------------------------------------------------------


@bp.route("/frameworks", methods=["GET", "POST"])
@la_role_required(access.LEAD)
def frameworks():
    form = FrameworkUploadForm()
    if form.validate_on_submit() and save(
        form, lambda: interfaces.load_framework(form.text, form.filename, current_la, signed_in_user())
    ):
        flash(f"{form.saved.title}, version {form.saved.version}, has been loaded.")
        return redirect(url_for("selfeval.framework", version_id=form.saved.id))
    return render_form("selfeval/frameworks.html", form, problems=form.problems,
                       versions=interfaces.list_frameworks(current_la))


@bp.get("/frameworks/<int:version_id>")
@la_role_required(*access.READERS)
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
@la_role_required(*access.READERS)
def school_index(school_id: int):
    page = access.load_school(school_id)
    return render_template("selfeval/school_index.html", school=page.school, rows=page.rows,
                           can_start=page.can_start,
                           has_framework=interfaces.current_framework(current_la) is not None)


@bp.get("/schools/<int:school_id>/this-year")
@la_role_required(*access.READERS)
def this_year(school_id: int):
    """Home's way in: straight to the school's self-evaluation for the year running today, or to
    its years (where its SENCO starts this year's) when there is none to open."""
    page = access.load_school(school_id)
    cohort = cohorts.choose_cohort([c for c, _, _ in page.rows], None)  # the one running today
    evaluation = next((e for c, e, _ in page.rows if cohort is not None and c.id == cohort.id), None)
    if evaluation is not None:
        return redirect(url_for("selfeval.task_list", self_evaluation_id=evaluation.id))
    return redirect(url_for("selfeval.school_index", school_id=page.school.id))


@bp.post("/schools/<int:school_id>/cohorts/<int:cohort_id>/start")
@la_role_required(access.EDITOR)
def start(school_id: int, cohort_id: int):
    school, cohort = access.load_start(school_id, cohort_id)
    if interfaces.current_framework(current_la) is None:
        return refuse_button("There is no self-evaluation framework to start from yet. Ask your local "
                             "authority's SEND lead to load one.",
                             url_for("selfeval.school_index", school_id=school.id))
    evaluation = interfaces.start(current_la, school, cohort, signed_in_user())
    if evaluation.previous_id:
        flash("Last year's answers have been copied in for you to confirm or change.")
    return redirect(url_for("selfeval.task_list", self_evaluation_id=evaluation.id))


@bp.get("/<int:self_evaluation_id>")
@la_role_required(*access.READERS)
@kept
def task_list(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id)
    return render_template("selfeval/task_list.html", ctx=ctx,
                           submit_form=VersionedForm(version=ctx.evaluation.version))


@bp.route("/<int:self_evaluation_id>/areas/<area_id>", methods=["GET", "POST"])
@la_role_required(*access.READERS)
def area(self_evaluation_id: int, area_id: str):
    ctx = access.load(self_evaluation_id, Need.CHANGE if request.method == "POST" else Need.VIEW)
    area = ctx.area(area_id)
    response = interfaces.area_response(ctx.evaluation, area.id)
    form = area_form_class(area, ctx.scale)()
    if request.method == "GET":
        form.fill(response)
    if form.validate_on_submit():
        answers = form.answers()
        problems = interfaces.area_problems(ctx.scale, area, answers) if answers.completed else {}
        form.show_problems(problems)
        if not problems and save(
            form, lambda: interfaces.save_area(current_la, ctx.evaluation, area, answers, form.version.data),
            record=response,
        ):
            flash(f"{area.title}: your answers have been saved.")
            return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    # Read after any refused save: the page shows what is saved now, beside the person's answers.
    views = interfaces.views_by_statement(interfaces.voice_responses(current_la, ctx.evaluation))
    return render_form(
        "selfeval/area.html", form, ctx=ctx, area=area, response=response, views=views,
        divergent=interfaces.divergent_statements(area, response, views),
        comments=interfaces.list_comments(current_la, ctx.evaluation, area.id),
        comment_form=CommentForm() if ctx.can_comment else None,
    )


@bp.post("/<int:self_evaluation_id>/submit")
@la_role_required(access.EDITOR)
def submit(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id, Need.ANSWER)
    back = url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id)
    if ctx.evaluation.submitted:
        return refuse_button("This self-evaluation has already been submitted.", back)
    missing = interfaces.incomplete_areas(ctx.evaluation)
    if missing:
        return refuse_button("Complete every area before you submit. Not completed yet: "
                             + ", ".join(f"{a.number}. {a.title}" for a in missing) + ".", back)
    form = VersionedForm()
    if refused := press(lambda: interfaces.submit(current_la, ctx.evaluation, signed_in_user(), form.version.data),
                        to=back):
        return refused
    flash("Your self-evaluation has been submitted. Your triad, quality assurer and LA can now read it.")
    return redirect(url_for("selfeval.summary", self_evaluation_id=ctx.evaluation.id))


@bp.route("/<int:self_evaluation_id>/reopen", methods=["GET", "POST"])
@la_role_required(access.LEAD)
def reopen(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id, Need.REOPEN)
    if not ctx.evaluation.submitted:
        already_open = "This self-evaluation is not submitted, so it is already open."
        back = url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id)
        if request.method == "GET":  # followed a link, pressed nothing: on to the task list
            flash(already_open)
            return redirect(back)
        return refuse_button(already_open, back)
    form = ReopenForm()
    if request.method == "GET":
        form.version.data = ctx.evaluation.version
    if form.validate_on_submit() and save(
        form, lambda: interfaces.reopen(current_la, ctx.evaluation, form.reason.data, form.version.data),
        record=ctx.evaluation,
    ):
        flash(f"{ctx.school.name}'s self-evaluation has been reopened.")
        return redirect(url_for("selfeval.task_list", self_evaluation_id=ctx.evaluation.id))
    return render_form("selfeval/reopen.html", form, ctx=ctx)


@bp.get("/")
@bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*access.COHORT_VIEWERS)
def overview(cohort_id: int | None = None):
    """Folded into the cohort's one status page (the cohort overview), which shows every school's
    self-evaluation beside its triad, plan and meetings: old links and bookmarks land there, on the
    same cohort, with the self-evaluation filter they ask for (?evaluation=)."""
    args = {key: request.args[key] for key in ("cohort", "evaluation") if request.args.get(key)}
    if cohort_id is not None:
        cohort = access.load_cohort(cohort_id)  # another LA's cohort, or one this person does not read: 404
        args.pop("cohort", None)
        return redirect(url_for("plans.overview", cohort_id=cohort.id, **args))
    return redirect(url_for("plans.overview", **args))
