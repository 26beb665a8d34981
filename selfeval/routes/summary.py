"""The summary page, the print view and the Excel export of a self-evaluation."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.auth.decorators import la_role_required
from app.exports import xlsx_response
from app.interfaces import concurrency
from app.pdf import pdf_response
from app.tenancy import current_la, la_roles
from selfeval import access, bp, charts, context, interfaces
from selfeval import framework as fw
from selfeval.forms import SummaryForm
from selfeval.routes.evaluations import ANYONE_IN_LA

CANDIDATES = 10  # offer the highest and lowest ten (and anything chosen), not every statement


def _judgements(evaluation) -> dict[str, int | None]:
    return {a.area_id: a.judgement for a in evaluation.areas} if evaluation else {}


def profile_rows(ctx, previous) -> list[dict]:
    ratings = interfaces.school_ratings(ctx.evaluation)
    now, before = _judgements(ctx.evaluation), _judgements(previous)
    rows = []
    for area in ctx.variant.areas:
        current = now.get(area.id)
        last = before.get(area.id) if previous else None
        rows.append({
            "area": area,
            "judgement": current,
            "mean": fw.area_mean(ratings, area),
            "previous": last,
            "change": (current - last) if current is not None and last is not None else None,
        })
    return rows


@bp.route("/<int:self_evaluation_id>/summary", methods=["GET", "POST"])
@la_role_required(*ANYONE_IN_LA)
def summary(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    evaluation = ctx.evaluation
    previous = (interfaces.get_self_evaluation(current_la, evaluation.previous_id)
                if evaluation.previous_id else None)
    ratings = interfaces.school_ratings(evaluation)
    suggested_strengths, suggested_development = fw.strengths_and_development(ctx.variant, ratings)
    statements = [s for a in ctx.variant.areas for s in a.statements if ratings.get(s.id)]
    ranked = [sid for sid, _ in fw.rank_statements({s.id: ratings[s.id] for s in statements})]
    by_id = {s.id: s for s in statements}

    def choices(candidates):
        return [SelectChoice(sid, f"{by_id[sid].text} ({ctx.scale.label(ratings[sid])})")
                for sid in dict.fromkeys(candidates) if sid in by_id]


    form = SummaryForm()
    form.strengths.choices = choices(
        [*ranked[:CANDIDATES], *evaluation.confirmed_strengths, *suggested_strengths])
    form.development.choices = choices(
        [*reversed(ranked[-CANDIDATES:]), *evaluation.confirmed_development, *suggested_development])
    if request.method == "POST":
        if not (ctx.can_edit or _can_confirm_after_submit(ctx)):
            abort(403)
        if form.validate_on_submit():
            try:
                interfaces.confirm_summary(current_la, evaluation, form.strengths.data,
                                           form.development.data, form.version.data)
            except concurrency.EditConflict:
                form.development.errors = ["The self-evaluation changed since you opened this "
                                           "page. Check the lists and confirm again"]
            else:
                flash("Strengths and areas for development have been confirmed.")
                return redirect(url_for("selfeval.summary", self_evaluation_id=evaluation.id))
    else:
        form.strengths.data = evaluation.confirmed_strengths or suggested_strengths
        form.development.data = evaluation.confirmed_development or suggested_development
        form.version.data = evaluation.version

    rows = profile_rows(ctx, previous)
    figure = charts.area_profile(ctx.scale, ctx.variant.areas, _judgements(evaluation),
                                 _judgements(previous) if previous else None)
    g.allow_inline_style = True  # plotly.js positions its chart with inline styles
    return render_template(
        "selfeval/summary.html", ctx=ctx, form=form, rows=rows, previous=previous,
        chart_json=figure.to_json(), confirmed=bool(evaluation.confirmed_strengths
                                                    or evaluation.confirmed_development),
        statements=by_id,
        may_edit=ctx.can_edit or _can_confirm_after_submit(ctx),
    ), 400 if form.errors else 200


def _can_confirm_after_submit(ctx) -> bool:
    """The SENCO may confirm the lists after submitting too: they feed the action plan."""
    return ctx.evaluation.submitted and access.can_edit(la_roles(), ctx.school.id)


def _print_html(ctx, pdf: bool) -> str:
    previous = (interfaces.get_self_evaluation(current_la, ctx.evaluation.previous_id)
                if ctx.evaluation.previous_id else None)
    return render_template("selfeval/print.html", ctx=ctx, rows=profile_rows(ctx, previous),
                           comments=interfaces.list_comments(current_la, ctx.evaluation), pdf=pdf)


@bp.get("/<int:self_evaluation_id>/print")
@la_role_required(*ANYONE_IN_LA)
def print_view(self_evaluation_id: int):
    return _print_html(context.load(self_evaluation_id), pdf=False)


@bp.get("/<int:self_evaluation_id>/self-evaluation.pdf")
@la_role_required(*ANYONE_IN_LA)
def pdf(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    return pdf_response(_print_html(ctx, pdf=True),
                        f"self-evaluation-{ctx.school.urn}-{ctx.cohort.start_year}.pdf")


@bp.get("/<int:self_evaluation_id>/export.xlsx")
@la_role_required(*ANYONE_IN_LA)
def export(self_evaluation_id: int):
    ctx = context.load(self_evaluation_id)
    evaluation = ctx.evaluation
    label = ctx.scale.label
    area_rows, statement_rows = [], []
    for area in ctx.variant.areas:
        response = interfaces.area_response(evaluation, area.id)
        area_rows.append([
            area.number, area.title, interfaces.area_status(evaluation, area.id).label,
            label(response.judgement) if response and response.judgement else "",
            response.rationale if response else "", response.strengths if response else "",
            response.development if response else "",
        ])
        for statement in area.statements:
            saved = response.rating_for(statement.id) if response else None
            statement_rows.append([
                area.title, statement.id, statement.text,
                saved.rating if saved and saved.rating else "",
                label(saved.rating) if saved and saved.rating else "",
                saved.evidence if saved else "",
            ])
    voice_rows = [
        [response.kind.label, rating.statement_id, rating.rating or "", rating.comment]
        for response in interfaces.voice_responses(current_la, evaluation)
        for rating in response.ratings
    ]
    filename = f"self-evaluation-{ctx.school.urn}-{ctx.cohort.start_year}.xlsx"
    return xlsx_response(filename, {
        "Areas": (["Number", "Area", "Status", "Judgement", "Why", "Strengths",
                   "Areas for development"], area_rows),
        "Statements": (["Area", "Statement id", "Statement", "Rating", "Rating label",
                        "Evidence"], statement_rows),
        "Other voices": (["Who", "Statement id", "Rating", "Comment"], voice_rows),
    }, note=f"{ctx.school.name} (URN {ctx.school.urn}), SEND self-evaluation "
            f"{ctx.cohort.academic_year}, {evaluation.status.label}. Framework "
            f"{ctx.framework.title} {ctx.framework.version}, {ctx.variant.title}.")
