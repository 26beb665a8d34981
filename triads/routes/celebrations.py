"""Celebration of learning screens.

The LA lead sets up each cohort's celebration (date, in person or online, venue), writes the
report's introduction, publishes the report and may withdraw it to change it. A triad's
contribution and impact stories are written by the LA lead or by the SENCO or headteacher of one
of the triad's schools (the coach school's included); other schools get a 403. Quality assurers
assigned to the cohort read everything. Before the report is published, school staff in the cohort
see only their own triad's part; once it is published, every school in the cohort reads it all.
"""

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app import exports
from app.auth.decorators import la_role_required
from app.auth.permissions import ANYONE_IN_LA, SCHOOL_STAFF
from app.interfaces import cohorts, concurrency
from app.models import Cohort, Role
from app.pdf import pdf_response
from app.tenancy import current_la, has_la_role, school_ids_for
from triads import celebrations_bp, form_saving, interfaces
from triads.forms.celebrations import (
    ContributionForm,
    EventForm,
    StoryForm,
    SummaryForm,
    VersionedForm,
    WithdrawForm,
)
from triads.forms.triads import ConfirmForm
from triads.interfaces import celebrations, visits
from triads.models import Celebration, Triad

CONFLICT = ("Someone else saved this since you opened the page. Your text is still in the form; "
            "check it and save again")


# --- who may do what ---------------------------------------------------------------------------


@dataclass
class CelebrationContext:
    cohort: Cohort
    celebration: Celebration | None
    triads: list[Triad]
    is_lead: bool
    is_assurer: bool
    in_cohort: bool
    own_triad_ids: set[int] = field(default_factory=set)

    @property
    def published(self) -> bool:
        return self.celebration is not None and self.celebration.published

    @property
    def reads_all(self) -> bool:
        """The whole report: the LA, or anyone in the cohort once it is published."""
        return self.is_lead or self.is_assurer or (self.in_cohort and self.published)

    def reads_triad(self, triad_id: int) -> bool:
        return self.reads_all or triad_id in self.own_triad_ids

    def edits_triad(self, triad_id: int) -> bool:
        return (self.celebration is not None and not self.published
                and (self.is_lead or triad_id in self.own_triad_ids))


def _load(cohort_id: int) -> CelebrationContext:
    cohort = cohorts.get_cohort(current_la, cohort_id)
    own_schools = school_ids_for(*SCHOOL_STAFF)
    triads = interfaces.list_triads(current_la, cohort)
    ctx = CelebrationContext(
        cohort=cohort, celebration=celebrations.find_celebration(current_la, cohort), triads=triads,
        is_lead=has_la_role(Role.LA_LEAD),
        is_assurer=has_la_role(Role.QUALITY_ASSURER)
        and visits.is_assigned(current_la, cohort.id, current_user.id),
        in_cohort=bool(own_schools & {m.school_id for m in cohort.members}),
        own_triad_ids={t.id for t in triads if own_schools & set(t.school_ids)},
    )
    if not (ctx.is_lead or ctx.is_assurer or ctx.in_cohort):
        abort(403)
    return ctx


def _require_celebration(ctx: CelebrationContext) -> Celebration:
    if ctx.celebration is None:
        abort(404)
    return ctx.celebration


def _load_triad(cohort_id: int, triad_id: int) -> tuple[CelebrationContext, Triad]:
    """The triad, through the cohort in the address; only for those who may change its part."""
    ctx = _load(cohort_id)
    _require_celebration(ctx)
    triad = next((t for t in ctx.triads if t.id == triad_id), None)
    if triad is None:
        abort(404)
    if not (ctx.is_lead or triad.id in ctx.own_triad_ids):
        abort(403)
    return ctx, triad


def _locked(ctx: CelebrationContext):
    """A published report is changed only after it is withdrawn: a GET is sent back to the
    report with a message, a POST refused."""
    if not ctx.published:
        return None
    if request.method == "GET":
        flash(celebrations.PUBLISHED + ".")
        return redirect(url_for("celebrations.celebration", cohort_id=ctx.cohort.id))
    abort(403)


def _back(ctx: CelebrationContext, anchor: str = ""):
    return redirect(url_for("celebrations.celebration", cohort_id=ctx.cohort.id) + anchor)


def _form_page(ctx: CelebrationContext, form, action, template: str, *, record, field: str, done: str,
               anchor: str = "", **context):
    """Check the form and save it through `action`: back to the celebration when saved, else the
    form again, 400 for refused input and 409 when someone saved first."""
    status = 200
    if form.validate_on_submit():
        status = form_saving.save(form, action, record=record, conflict_field=field, conflict=CONFLICT)
        if status is None:
            flash(done)
            return _back(ctx, anchor)
    elif form.errors:
        status = 400
    return render_template(template, ctx=ctx, form=form, **context), status


# --- lists and the report -----------------------------------------------------------------------


@celebrations_bp.get("/")
@la_role_required(*ANYONE_IN_LA)
def index():
    every = cohorts.list_cohorts(current_la)
    if has_la_role(Role.LA_LEAD):
        shown = every
    else:
        assigned = (visits.assigned_cohort_ids(current_la, current_user)
                    if has_la_role(Role.QUALITY_ASSURER) else set())
        own = school_ids_for(*SCHOOL_STAFF)
        shown = [c for c in every if c.id in assigned or own & {m.school_id for m in c.members}]
    return render_template("triads/celebrations/index.html", cohorts=shown,
                           found=celebrations.celebrations_by_cohort(current_la),
                           is_lead=has_la_role(Role.LA_LEAD))


def _report(ctx: CelebrationContext):
    areas = celebrations.area_titles(current_la)
    return celebrations.build_report(current_la, ctx.cohort, ctx.celebration, areas), areas


@celebrations_bp.get("/cohorts/<int:cohort_id>")
@la_role_required(*ANYONE_IN_LA)
def celebration(cohort_id: int):
    ctx = _load(cohort_id)
    report, areas = _report(ctx) if ctx.celebration else (None, {})
    version = ctx.celebration.version if ctx.celebration else None
    return render_template("triads/celebrations/celebration.html", ctx=ctx, report=report,
                           areas=areas, status_form=VersionedForm(version=version))


# --- the LA lead's part --------------------------------------------------------------------------


@celebrations_bp.route("/cohorts/<int:cohort_id>/event", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def event(cohort_id: int):
    ctx = _load(cohort_id)
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
        form.version.data), "triads/celebrations/event.html", record=existing, field="venue",
        done=f"The celebration of learning for {ctx.cohort.academic_year} has been saved.")


@celebrations_bp.route("/cohorts/<int:cohort_id>/summary", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def summary(cohort_id: int):
    ctx = _load(cohort_id)
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
    ctx = _load(cohort_id)
    celebration = _require_celebration(ctx)
    form = VersionedForm()
    form.validate_on_submit()
    try:
        celebrations.publish(current_la, celebration, current_user, form.version.data)
    except concurrency.EditConflict:
        flash("The celebration changed since you opened the page. Check it and publish again.")
        return _back(ctx), 409
    except interfaces.Invalid as exc:
        flash(" ".join(exc.errors.values()) + ".")
        return _back(ctx), 400
    flash("The report has been published. Every school in the cohort and its quality assurers "
          "can now read it.")
    return _back(ctx)


@celebrations_bp.route("/cohorts/<int:cohort_id>/withdraw", methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD)
def withdraw(cohort_id: int):
    ctx = _load(cohort_id)
    celebration = _require_celebration(ctx)
    if not celebration.published:
        if request.method == "GET":
            return _back(ctx)
        abort(403)
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
@la_role_required(Role.LA_LEAD, *SCHOOL_STAFF)
def contribution(cohort_id: int, triad_id: int):
    ctx, triad = _load_triad(cohort_id, triad_id)
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
        "triads/celebrations/contribution.html", record=existing, field="key_learnings",
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
    ctx, triad = _load_triad(cohort_id, triad_id)
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
@la_role_required(Role.LA_LEAD, *SCHOOL_STAFF)
def new_story(cohort_id: int, triad_id: int):
    return _story_page(cohort_id, triad_id, None)


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>/stories/<int:story_id>",
                       methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD, *SCHOOL_STAFF)
def edit_story(cohort_id: int, triad_id: int, story_id: int):
    return _story_page(cohort_id, triad_id, story_id)


@celebrations_bp.route("/cohorts/<int:cohort_id>/triads/<int:triad_id>/stories/<int:story_id>/delete",
                       methods=["GET", "POST"])
@la_role_required(Role.LA_LEAD, *SCHOOL_STAFF)
def delete_story(cohort_id: int, triad_id: int, story_id: int):
    ctx, triad = _load_triad(cohort_id, triad_id)
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


# --- print, PDF and the stories spreadsheet -------------------------------------------------------


def _shared_report(cohort_id: int):
    ctx = _load(cohort_id)
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

