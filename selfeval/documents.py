"""A school's self-evaluation summary as a Word document: the judgement in each area against last
year, the strengths and areas for development (as confirmed, else as suggested), then each area's
statements, ratings, evidence, overall judgement and the comments on it, as the print view shows
them, and who submitted it and when."""

from app.interfaces import users
from app.models import LocalAuthority
from app.numbers import number_text
from app.word import Shaded, WordDocument, text_of
from selfeval import interfaces
from selfeval.access import EvaluationContext
from selfeval.framework.colours import level_style


def _judgement(ctx: EvaluationContext, value: int | None, empty: str = "Not given") -> Shaded | str:
    """A level in its colour from the one scale, as on the summary page; no level is just words."""
    style = level_style(ctx.scale, value)
    if style is None:
        return empty
    return Shaded(f"{value}. {ctx.scale.label(value)}", style.fill, style.text)


def _change(change: int | None) -> str:
    if change is None:
        return "–"
    return f"Up {change}" if change > 0 else f"Down {-change}" if change < 0 else "No change"


def _submitted(evaluation) -> str:
    if not evaluation.submitted_at:
        return "Not yet"
    person = users.get_user(evaluation.submitted_by_id) if evaluation.submitted_by_id else None
    return text_of(evaluation.submitted_at) + (f" by {person.name}" if person else "")


def _strengths_and_development(doc: WordDocument, ctx: EvaluationContext) -> None:
    evaluation = ctx.evaluation
    statements = {s.id: s.text for a in ctx.variant.areas for s in a.statements}
    confirmed = bool(evaluation.confirmed_strengths or evaluation.confirmed_development)
    suggested = interfaces.suggested_lists(evaluation)
    strengths = evaluation.confirmed_strengths if confirmed else suggested[0]
    development = evaluation.confirmed_development if confirmed else suggested[1]
    doc.heading("Strengths and areas for development", 1)
    if not confirmed:
        doc.paragraph("Not yet confirmed by the school; these are the highest and lowest rated statements.")
    doc.heading("Strengths to share", 2)
    doc.bullets([statements[s] for s in strengths if s in statements], empty="None yet")
    doc.heading("Areas for development", 2)
    doc.bullets([statements[s] for s in development if s in statements], empty="None yet")


def summary(la: LocalAuthority, ctx: EvaluationContext) -> WordDocument:
    evaluation, school = ctx.evaluation, ctx.school
    previous = interfaces.previous_of(la, evaluation)
    label = ctx.scale.label
    doc = WordDocument(f"SEND self-evaluation summary {ctx.cohort.academic_year}: {school.name}",
                       subject=f"{school.name} (URN {school.urn}), {la.name}")
    doc.facts([
        ("School", f"{school.name} (URN {school.urn})"),
        ("Local authority", la.name),
        ("Status", evaluation.status),
        ("Submitted", _submitted(evaluation)),
        ("Framework", f"{ctx.framework.title}, version {ctx.framework.version} ({ctx.variant.title})"),
    ])
    doc.heading("Judgements by area", 1)
    header = ["Area", "Judgement", "Average statement rating"] + (["Last year", "Change"] if previous else [])
    doc.table(header, [
        [f"{row.area.number}. {row.area.title}", _judgement(ctx, row.judgement),
         number_text(row.mean, 1) if row.mean is not None else "No ratings"]
        + ([_judgement(ctx, row.previous), _change(row.change)] if previous else [])
        for row in interfaces.profile_rows(evaluation, previous)
    ], title="Overall judgement in each area" + (" compared with last year" if previous else ""))
    _strengths_and_development(doc, ctx)

    comments = interfaces.list_comments(la, evaluation)
    responses = {r.area_id: r for r in evaluation.areas}
    for area in ctx.variant.areas:
        response = responses.get(area.id)
        doc.heading(f"{area.number}. {area.title}", 1)
        rows = []
        for statement in area.statements:
            saved = response.rating_for(statement.id) if response else None
            rows.append((statement.text, _judgement(ctx, saved.rating if saved else None, "Not rated"),
                         saved.evidence if saved else ""))
        doc.table(["Statement", "Rating", "Evidence"], rows, title=f"Statements in {area.title}")
        if response:
            doc.facts([
                ("Overall judgement", label(response.judgement) if response.judgement else "Not given"),
                ("Why", response.rationale or "–"),
                ("Strengths", response.strengths or "–"),
                ("Areas for development", response.development or "–"),
            ])
        for comment, author in comments:
            if comment.area_id == area.id:
                doc.paragraph(comment.body, label=f"Comment from {author}, {text_of(comment.created_at)}")
    return doc
