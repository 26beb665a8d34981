"""The summary page, the print view, and the PDF, Word and Excel downloads of a self-evaluation."""

from flask import flash, g, redirect, render_template, request, url_for

from app.auth.decorators import la_role_required
from app.exports import xlsx_response
from app.forms import render_form, save
from app.pdf import pdf_response
from app.tenancy import current_la
from app.word import docx_response
from selfeval import access, bp, charts, documents, interfaces
from selfeval.access import Need
from selfeval.forms.evaluations import SummaryForm
from selfeval.framework.colours import level_class

bp.add_app_template_global(level_class, "level_class")


@bp.route("/<int:self_evaluation_id>/summary", methods=["GET", "POST"])
@la_role_required(*access.READERS)
def summary(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id, Need.ANSWER if request.method == "POST" else Need.VIEW)
    evaluation = ctx.evaluation
    form = SummaryForm()
    form.offer(ctx.variant, ctx.scale, interfaces.school_ratings(evaluation), evaluation,
               interfaces.suggested_lists(evaluation))
    if form.validate_on_submit() and save(
        form, lambda: interfaces.confirm_summary(current_la, evaluation, form.strengths.data,
                                                 form.development.data, form.version.data),
        record=evaluation,
    ):
        flash("Strengths and areas for development have been confirmed.")
        return redirect(url_for("selfeval.summary", self_evaluation_id=evaluation.id))
    previous = interfaces.previous_of(current_la, evaluation)
    figure = charts.area_profile(ctx.scale, ctx.variant.areas, interfaces.area_judgements(evaluation),
                                 interfaces.area_judgements(previous) if previous else None)
    g.allow_inline_style = True  # plotly.js positions its chart with inline styles
    return render_form(
        "selfeval/summary.html", form, ctx=ctx, rows=interfaces.profile_rows(evaluation, previous),
        previous=previous, chart_json=figure.to_json(),
        confirmed=bool(evaluation.confirmed_strengths or evaluation.confirmed_development),
        statements=form.statements, may_edit=ctx.can_confirm_summary,
    )


def _print_html(ctx, pdf: bool) -> str:
    previous = interfaces.previous_of(current_la, ctx.evaluation)
    return render_template("selfeval/print.html", ctx=ctx, rows=interfaces.profile_rows(ctx.evaluation, previous),
                           comments=interfaces.list_comments(current_la, ctx.evaluation), pdf=pdf)


@bp.get("/<int:self_evaluation_id>/print")
@la_role_required(*access.READERS)
def print_view(self_evaluation_id: int):
    return _print_html(access.load(self_evaluation_id), pdf=False)


@bp.get("/<int:self_evaluation_id>/self-evaluation.pdf")
@la_role_required(*access.READERS)
def pdf(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id)
    return pdf_response(_print_html(ctx, pdf=True),
                        f"self-evaluation-{ctx.school.urn}-{ctx.cohort.start_year}.pdf")


@bp.get("/<int:self_evaluation_id>/summary.docx")
@la_role_required(*access.READERS)
def summary_docx(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id)
    return docx_response(documents.summary(current_la, ctx),
                         f"self-evaluation-summary-{ctx.school.urn}-{ctx.cohort.start_year}.docx")


@bp.get("/<int:self_evaluation_id>/export.xlsx")
@la_role_required(*access.READERS)
def export(self_evaluation_id: int):
    ctx = access.load(self_evaluation_id)
    filename = f"self-evaluation-{ctx.school.urn}-{ctx.cohort.start_year}.xlsx"
    return xlsx_response(
        filename, interfaces.export_sheets(current_la, ctx.evaluation),
        note=f"{ctx.school.name} (URN {ctx.school.urn}), SEND self-evaluation {ctx.cohort.academic_year}, "
             f"{ctx.evaluation.status.label}. Framework {ctx.framework.title} {ctx.framework.version}, "
             f"{ctx.variant.title}.",
    )
