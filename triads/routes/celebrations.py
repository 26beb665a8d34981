"""Celebration of learning screens. The LA lead sets up each cohort's celebration, writes the
report's introduction, publishes the report and may withdraw it to change it; each triad writes its
contribution and impact stories. Who may read and write which part: triads.access."""

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app import exports
from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, LEAD_AND_SCHOOL_STAFF
from app.auth.principal import signed_in_user
from app.forms import ConfirmForm, VersionedForm, press, refuse_button, render_form, save
from app.interfaces import cohorts
from app.models import Cohort, Role
from app.pdf import pdf_response
from app.tenancy import current_la
from app.word import docx_response
from triads import access, celebrations_bp
from triads.access import CelebrationContext
from triads.documents import celebrations as celebration_documents
from triads.forms.celebrations import ContributionForm, EventForm, StoryForm, SummaryForm, WithdrawForm
from triads.interfaces import celebrations
from triads.interfaces.triads import Triad


def _require_celebration(ctx: CelebrationContext):
    if ctx.celebration is None:
        abort(404)
    return ctx.celebration


def _locked(ctx: CelebrationContext):
    """A published report is changed only after it is withdrawn: a GET is sent back to the
    report with the reason, a POST refused."""
    if not ctx.published:
        return None
    if request.method == "GET":
        return refuse_button(celebrations.PUBLISHED + ".", _report_url(ctx))
    abort(403)


def _report_url(ctx: CelebrationContext, anchor: str = "") -> str:
    return url_for("celebrations.celebration", cohort_id=ctx.cohort.id) + anchor


def _back(ctx: CelebrationContext, anchor: str = ""):
    return redirect(_report_url(ctx, anchor))


def _form_page(ctx: CelebrationContext, form, action, template: str, *, record, field: str, done: str,
               anchor: str = "", **context):
    """Check the form and save it through `action`: back to the celebration when saved, else the
    form again (app.forms.render_form)."""
    if form.validate_on_submit() and save(form, action, record=record, conflict_field=field):
        flash(done)
        return _back(ctx, anchor)
    return render_form(template, form, ctx=ctx, **context)


# --- lists and the report -----------------------------------------------------------------------


@celebrations_bp.get("/")
@la_role_required(*ANYONE_IN_LA)
def index():
    shown = access.current_celebration_cohorts(cohorts.list_cohorts(current_la))
    return render_template("triads/celebrations/index.html", cohorts=shown,
                           found=celebrations.celebrations_by_cohort(current_la),
                           is_lead=access.current_leads())


def _report(ctx: CelebrationContext):
    areas = celebrations.area_titles(current_la)
    return celebrations.build_report(current_la, ctx.cohort, ctx.celebration, areas), areas


@celebrations_bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*ANYONE_IN_LA)
def celebration(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    report, areas = _report(ctx) if ctx.celebration else (None, {})
    version = ctx.celebration.version if ctx.celebration else None
    return render_template("triads/celebrations/celebration.html", ctx=ctx, report=report,
                           areas=areas, status_form=VersionedForm(version=version))


# --- the LA lead's part --------------------------------------------------------------------------


@celebrations_bp.route("/cohorts/<int:cohort_id>/event", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def event(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    if (locked := _locked(ctx)) is not None:
        return locked
    existing = ctx.celebration
    form = EventForm()
    if request.method == "GET" and existing is not None:
        form.held_on.data = existing.held_on
        form.format.data = existing.format.name
        form.venue.data = existing.venue
        form.version.data = existing.version
    return _form_page(ctx, form, lambda: celebrations.save_event(
        current_la, ctx.cohort, existing,
        celebrations.EventDetails(form.held_on.data, form.format_value, form.venue.data or ""),
        form.version.data), "triads/celebrations/event.html",
        record=lambda: celebrations.find_celebration(current_la, ctx.cohort), field="venue",
        done=f"The celebration of learning for {ctx.cohort.academic_year} has been saved.")


@celebrations_bp.route("/cohorts/<int:cohort_id>/summary", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def summary(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    celebration = _require_celebration(ctx)
    if (locked := _locked(ctx)) is not None:
        return locked
    form = SummaryForm()
    suggested = False
    if request.method == "GET":
        form.version.data = celebration.version
        form.summary.data = celebration.summary
        if not celebration.summary:
            form.summary.data = celebrations.suggested_summary(_report(ctx)[0])
            suggested = True
    return _form_page(ctx, form, lambda: celebrations.save_summary(
        current_la, celebration, form.summary.data, form.version.data),
        "triads/celebrations/summary.html", record=celebration, field="summary",
        done="The introduction has been saved.", suggested=suggested)


@celebrations_bp.post("/cohorts/<int:cohort_id>/publish")
@la_role_required(Role.LA_LEAD)
def publish(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    celebration = _require_celebration(ctx)
    form = VersionedForm()
    if refused := press(lambda: celebrations.publish(current_la, celebration, signed_in_user(), form.version.data),
                        to=_report_url(ctx)):
        return refused
    flash("The report has been published. Every school in the cohort and its quality assurers "
          "can now read it.")
    return _back(ctx)


@celebrations_bp.route("/cohorts/<int:cohort_id>/withdraw", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def withdraw(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    celebration = _require_celebration(ctx)
    if not celebration.published:
        if request.method == "GET":
            return _back(ctx)
        # Someone withdrew it a moment ago (two leads pressing at once): refused, not forbidden.
        return refuse_button("The report is not published, so there is nothing to withdraw.", _report_url(ctx))
    form = WithdrawForm()
    if request.method == "GET":
        form.version.data = celebration.version
    return _form_page(ctx, form, lambda: celebrations.withdraw(
        current_la, celebration, form.reason.data, form.version.data),
        "triads/celebrations/withdraw.html", record=celebration, field="reason",
        done="The report has been withdrawn. It is a draft again: schools see only their own "
             "triad's part until you publish it.")


# --- a triad's contribution and its impact stories -----------------------------------------------


def _school_choices(cohort: Cohort, triad: Triad) -> list[SelectChoice]:
    names = {m.school_id: m.school.name for m in cohort.members}
    return [SelectChoice("", "Choose a school")] + [
        SelectChoice(str(sid), names.get(sid, "A school no longer in the cohort")) for sid in triad.school_ids]


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>", methods=["GET", "POST"])
@la_role_required(*LEAD_AND_SCHOOL_STAFF)
def contribution(cohort_id: int, triad_id: int):
    ctx, triad = access.load_celebration_triad(cohort_id, triad_id)
    if (locked := _locked(ctx)) is not None:
        return locked
    existing = celebrations.contribution_for(ctx.celebration, triad.id)
    form = ContributionForm()
    form.representative_school.choices = _school_choices(ctx.cohort, triad)
    if request.method == "GET" and existing is not None:
        form.representative.data = existing.representative
        form.representative_school.data = (str(existing.representative_school_id)
                                           if existing.representative_school_id else "")
        for name in ("key_learnings", "evidence_of_impact", "next_steps"):
            getattr(form, name).data = getattr(existing, name)
        form.version.data = existing.version
    return _form_page(ctx, form, lambda: celebrations.save_contribution(
        current_la, ctx.celebration, triad, celebrations.ContributionDetails(
            form.representative.data or "", form.school_id, form.key_learnings.data or "",
            form.evidence_of_impact.data or "", form.next_steps.data or ""), form.version.data),
        "triads/celebrations/contribution.html",
        record=lambda: celebrations.contribution_for(ctx.celebration, triad.id), field="key_learnings",
        done=f"{triad.name}'s contribution has been saved.",
        anchor=f"#triad-{triad.id}", triad=triad)


def _story_form(areas: dict[str, str]) -> StoryForm:
    form = StoryForm()
    form.areas.choices = [SelectChoice(area_id, title) for area_id, title in areas.items()]
    return form


def _story_details(form: StoryForm) -> celebrations.StoryDetails:
    return celebrations.StoryDetails(form.title.data or "", form.story.data or "",
                                     form.values(form.areas), form.values(form.kinds))


def _story_page(cohort_id: int, triad_id: int, story_id: int | None):
    """Add a story (no id) or change one."""
    ctx, triad = access.load_celebration_triad(cohort_id, triad_id)
    story = celebrations.get_story(ctx.celebration, triad.id, story_id) if story_id is not None else None
    if (locked := _locked(ctx)) is not None:
        return locked
    areas = celebrations.area_titles(current_la)
    form = _story_form(areas)
    if story is None:
        def action():
            celebrations.add_story(current_la, ctx.celebration, triad, _story_details(form), list(areas))
        done, anchor = "The impact story has been added.", f"#triad-{triad.id}"
    else:
        def action():
            celebrations.update_story(current_la, ctx.celebration, story, _story_details(form),
                                      list(areas), form.version.data)
        done, anchor = "The impact story has been saved.", f"#story-{story.id}"
        if request.method == "GET":
            form.title.data, form.story.data = story.title, story.story
            form.areas.data, form.kinds.data = list(story.areas), list(story.kinds)
            form.version.data = story.version
    return _form_page(ctx, form, action, "triads/celebrations/story.html", record=story, field="story",
                      done=done, anchor=anchor, triad=triad, story=story)


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>/stories/new",
                       methods=["GET", "POST"])
@la_role_required(*LEAD_AND_SCHOOL_STAFF)
def new_story(cohort_id: int, triad_id: int):
    return _story_page(cohort_id, triad_id, None)


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>/stories/<int:story_id>",
                       methods=["GET", "POST"])
@la_role_required(*LEAD_AND_SCHOOL_STAFF)
def edit_story(cohort_id: int, triad_id: int, story_id: int):
    return _story_page(cohort_id, triad_id, story_id)


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>/stories/<int:story_id>/delete",
                       methods=["GET", "POST"])
@la_role_required(*LEAD_AND_SCHOOL_STAFF)
def delete_story(cohort_id: int, triad_id: int, story_id: int):
    ctx, triad = access.load_celebration_triad(cohort_id, triad_id)
    story = celebrations.get_story(ctx.celebration, triad.id, story_id)
    if (locked := _locked(ctx)) is not None:
        return locked
    form = ConfirmForm()
    if form.validate_on_submit():
        celebrations.delete_story(current_la, ctx.celebration, triad.id, story)
        flash(f"The impact story “{story.title}” has been removed.")
        return _back(ctx, f"#triad-{triad.id}")
    return render_template("triads/celebrations/delete_story.html", ctx=ctx, triad=triad,
                           story=story, form=form)


# --- print, PDF, Word and the stories spreadsheet -------------------------------------------------


def _shared_report(cohort_id: int):
    ctx = access.load_celebration(cohort_id)
    _require_celebration(ctx)
    if not ctx.reads_all:
        abort(403)
    return ctx, *_report(ctx)


def _print_html(cohort_id: int, pdf: bool) -> tuple[str, CelebrationContext]:
    ctx, report, areas = _shared_report(cohort_id)
    return render_template("triads/celebrations/print.html", ctx=ctx, report=report, areas=areas,
                           pdf=pdf), ctx


@celebrations_bp.get("/cohorts/<int:cohort_id>/print")
@la_role_required(*ANYONE_IN_LA)
def print_view(cohort_id: int):
    return _print_html(cohort_id, pdf=False)[0]


@celebrations_bp.get("/cohorts/<int:cohort_id>/celebration-report.pdf")
@la_role_required(*ANYONE_IN_LA)
def pdf(cohort_id: int):
    html, ctx = _print_html(cohort_id, pdf=True)
    return pdf_response(html, f"celebration-of-learning-{current_la.slug}-{ctx.cohort.start_year}.pdf")


@celebrations_bp.get("/cohorts/<int:cohort_id>/celebration-report.docx")
@la_role_required(*ANYONE_IN_LA)
def docx(cohort_id: int):
    ctx, report, areas = _shared_report(cohort_id)
    return docx_response(celebration_documents.celebration_report(current_la, report, areas),
                         f"celebration-of-learning-{current_la.slug}-{ctx.cohort.start_year}.docx")


@celebrations_bp.get("/cohorts/<int:cohort_id>/impact-stories.xlsx")
@la_role_required(*ANYONE_IN_LA)
def export_stories(cohort_id: int):
    ctx, report, areas = _shared_report(cohort_id)
    sheets = {
        "Impact stories": (["Triad", "Title", "Story", "Areas", "Kinds of change", "Representative"],
                           celebrations.story_rows(report, areas)),
        "By area": (["Area", "Stories"], report.stories_by_area),
        "By kind of change": (["Kind of change", "Stories"],
                              [(kind.label, n) for kind, n in report.stories_by_kind]),
    }
    note = (f"Impact stories from the celebration of learning, {ctx.cohort.name} "
            f"{ctx.cohort.academic_year}. A story may be about several areas and kinds of change.")
    return exports.xlsx_response(f"impact-stories-{current_la.slug}-{ctx.cohort.start_year}.xlsx",
                                 sheets, note)

