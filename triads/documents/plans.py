"""A school's action plan as a Word document: priorities, success criteria and their year-end
review, actions, the coach's comments and the school's responses, who signed it off and when."""

from app.models import LocalAuthority
from app.word import WordDocument, text_of
from triads.access import PlanContext
from triads.interfaces import plans
from triads.types import PlanStatus


def _signed_off(ctx: PlanContext, history, names: dict[int, str]) -> str:
    """When and by whom, with the note of the step that signed it (a first sign-off, or changes
    signed off again): "15 December 2026 by Tom Ellery (agreed by the headteacher, Martin Osei)"."""
    plan = ctx.plan
    if plan.signed_off_at is None:
        return "Not yet"
    text = text_of(plan.signed_off_at)
    signer = names.get(plan.signed_off_by_id)
    if signer:
        text += f" by {signer}"
    step = next((t for t, _ in reversed(history) if t.actor_id == plan.signed_off_by_id
                 and (t.to_status is PlanStatus.SIGNED_OFF or t.from_status is t.to_status)), None)
    if step is not None and step.note:
        text += f" ({step.note})"
    return text


def action_plan(la: LocalAuthority, ctx: PlanContext, areas: dict[str, str]) -> WordDocument:
    """`areas`: the framework's area titles by id, as the plan page shows them."""
    plan, school = ctx.plan, ctx.school
    owners = {u.id: u.name for u in plans.school_staff(la, plan.school_id)}
    names = plans.people_on_plan(plan)
    history = plans.transitions(la, plan)
    doc = WordDocument(f"SEND action plan {ctx.cohort.academic_year}: {school.name}",
                       subject=f"{school.name} (URN {school.urn}), {la.name}")
    doc.facts([
        ("School", f"{school.name} (URN {school.urn})"),
        ("Local authority", la.name),
        ("Triad", ctx.triad.name if ctx.triad else "Not in a triad yet"),
        ("Status", plan.status),
        ("Signed off", _signed_off(ctx, history, names)),
    ])
    if plan.changed_since_sign_off:
        doc.paragraph("This plan has changed since it was signed off.")
        doc.bullets(plans.changes_since_sign_off(la, plan))
    if not plan.priorities:
        doc.paragraph("No priorities yet.")
    for number, priority in enumerate(plan.priorities, start=1):
        doc.heading(f"Priority {number}: {priority.title}", 1)
        doc.facts([("Area", areas.get(priority.area_id, priority.area_id)),
                   ("Intended outcome", priority.intended_outcome)])
        doc.heading("Success criteria", 2)
        if priority.criteria:
            doc.table(["Success criterion", "Year-end review", "Impact"],
                      [(c.text, c.outcome or "Not reviewed yet", c.impact) for c in priority.criteria],
                      title=f"Success criteria of priority {number}")
        else:
            doc.paragraph("None yet.")
        doc.heading("Actions", 2)
        if priority.actions:
            doc.table(["Action", "Owner", "Starts", "Due", "Status"],
                      [([a.description] + ([f"Resources: {a.resources}"] if a.resources else []),
                        owners.get(a.owner_id, "Not assigned"), a.starts_on, a.due_on, a.status)
                       for a in priority.actions],
                      title=f"Actions of priority {number}")
        else:
            doc.paragraph("No actions yet.")
        if priority.comments:
            doc.heading("Coach's comments", 2)
            for comment in priority.comments:
                doc.paragraph(comment.body, label=f"{names.get(comment.author_id, 'The coach')}, "
                                                  f"{text_of(comment.created_at)}")
                if comment.resolved_at:
                    by = names.get(comment.resolved_by_id)
                    doc.paragraph(comment.response or "No response written.",
                                  label=f"Resolved {text_of(comment.resolved_at)}" + (f" by {by}" if by else ""))
                else:
                    doc.paragraph("Not yet resolved.")
    doc.heading("History", 1)
    doc.table(["Date", "Step", "By", "Note"],
              [(t.created_at, t.to_status, name or "System", t.note) for t, name in history],
              title="The plan's history: each step, when and by whom")
    return doc
