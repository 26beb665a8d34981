"""A QA visit's report as a Word document: the visit, the assurer's findings and judgement of
rigour, the agreed next steps, the school's comments on the draft and its response to the final
report, and when the assurer finalised it."""

from app.models import LocalAuthority
from app.word import WordDocument, text_of
from triads import calendar
from triads.access import VisitContext
from triads.interfaces import visits
from triads.types import VisitStatus

NOT_RECORDED = "Not recorded"
FINDINGS = (  # heading, the visit's field
    ("Evidence seen", "evidence_seen"),
    ("What is working well", "working_well"),
    ("What needs to change", "needs_to_change"),
    ("Challenge given", "challenge"),
    ("Reassurance given", "reassurance"),
)


def has_report(ctx: VisitContext) -> bool:
    """A report exists once the assurer has written the visit up (a draft or final)."""
    return ctx.visit.status is not VisitStatus.SCHEDULED


def visit_report(la: LocalAuthority, ctx: VisitContext, focus: list[str]) -> WordDocument:
    """`focus`: the titles of the visit's focus areas, as the visit page shows them."""
    visit = ctx.visit
    names = visits.comment_authors(visit)
    assurer = names.get(visit.assurer_id, "")
    doc = WordDocument(f"QA visit report {ctx.cohort.academic_year}: {ctx.title}",
                       subject=f"{ctx.title}, {la.name}")
    if visit.status is VisitStatus.DRAFT:
        doc.paragraph("This is a draft. The school can read it and comment before the quality "
                      "assurer finalises it.")
    doc.facts([
        ("Visited", ctx.title),
        ("Local authority", la.name),
        ("Status", visit.status),
        ("Quality assurer", assurer),
        ("Planned for", visit.planned_on),
        ("Held on", visit.held_on or "Not yet"),
        ("Time", calendar.describe_times(visit.start_time, visit.end_time)),
        ("Place", visit.place or ("The school" if visit.school_id else "")),
        ("Headteacher present", {True: "Yes", False: "No"}.get(visit.headteacher_present, NOT_RECORDED)),
        ("Who attended", visit.attendees or NOT_RECORDED),
        ("Focus areas", "; ".join(focus) if focus else "None chosen"),
        ("Finalised", f"{text_of(visit.finalised_at)}" + (f" by {assurer}" if assurer else "")
         if visit.finalised_at else "Not yet"),
    ])
    doc.heading("Findings", 1)
    for heading, name in FINDINGS:
        doc.heading(heading, 2)
        doc.paragraphs(getattr(visit, name), empty=NOT_RECORDED)
    doc.heading("Rigour of the process", 2)
    doc.paragraph(visit.rigour or "Not judged yet", label="Judgement")
    doc.paragraph(visit.rigour_reason or NOT_RECORDED, label="Reason")
    doc.heading("Agreed next steps", 1)
    doc.bullets([s.text + (" (in the school's action plan)" if s.action_id else "") for s in visit.next_steps],
                empty="None recorded.")
    doc.heading("The school's comments on the draft", 1)
    for comment in visit.comments:
        doc.paragraph(comment.body, label=f"{names.get(comment.author_id, 'Someone')}, "
                                          f"{text_of(comment.created_at)}")
    if not visit.comments:
        doc.paragraph("No comments.")
    if visit.status is VisitStatus.FINAL:
        doc.heading("The school's response", 1)
        if visit.school_response:
            doc.paragraphs(visit.school_response)
            doc.paragraph(visit.school_responded_at, label="Responded")
        else:
            doc.paragraph("No response yet.")
    return doc
