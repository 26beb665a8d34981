"""Template globals and filters: navigation, dates, enums."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, g, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.models import Phase, Role, SchoolType

LONDON = ZoneInfo("Europe/London")


def govuk_date(value: date | datetime | None, with_time: bool = False) -> str:
    """27 March 2026 (and the time in London, if asked and known)."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return f"{value.day} {value:%B %Y}"
    local = value.astimezone(LONDON) if value.tzinfo else value
    text = f"{local.day} {local:%B %Y}"
    if with_time:
        hour = local.hour % 12 or 12
        text += f" at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"
    return text


ACTIONS = {
    "la.created": "Local authority created",
    "school.created": "School added",
    "school.updated": "School details changed",
    "school.deleted": "School removed",
    "schools.imported": "Schools imported",
    "invitation.sent": "Invitation sent",
    "invitation.resent": "Invitation sent again",
    "invitation.revoked": "Invitation cancelled",
    "invitation.accepted": "Invitation accepted",
    "role.granted": "Role given",
    "role.changed": "Role changed",
    "role.removed": "Role removed",
    "user.deactivated": "Person deactivated",
    "user.reactivated": "Person reactivated",
    "user.password_changed": "Password changed",
    "cohort.created": "Cohort created",
    "cohort.updated": "Cohort's schools changed",
    "cohort.copied": "Cohort copied into the next year",
    "triad.created": "Triad created",
    "triad.updated": "Triad changed",
    "triad.deleted": "Triad removed",
    "meeting.planned": "Triad meeting planned",
    "meeting.recorded": "Triad meeting recorded",
    "framework.loaded": "Self-evaluation framework loaded",
    "self_evaluation.started": "Self-evaluation started",
    "self_evaluation.area_saved": "Self-evaluation area saved",
    "self_evaluation.submitted": "Self-evaluation submitted",
    "self_evaluation.reopened": "Self-evaluation reopened",
    "self_evaluation.commented": "Comment on a self-evaluation",
    "self_evaluation.summary_confirmed": "Strengths and areas for development confirmed",
    "voice.invited": "Views asked for",
    "voice.closed": "Link for views closed",
    "evidence.uploaded": "Evidence file uploaded",
    "evidence.deleted": "Evidence file deleted",
    "plan.started": "Action plan started",
    "plan.advanced": "Action plan moved on",
    "plan.priority_saved": "Priority saved",
    "plan.priority_deleted": "Priority removed",
    "plan.action_saved": "Action saved",
    "plan.progress_noted": "Progress noted",
    "plan.coach_commented": "Coach commented on a plan",
    "plan.comment_resolved": "Coach's comment resolved",
    "plan.criterion_reviewed": "Impact reviewed",
    "celebration.event_saved": "Celebration of learning set up or changed",
    "celebration.summary_saved": "Celebration report's introduction saved",
    "celebration.published": "Celebration report published",
    "celebration.withdrawn": "Celebration report withdrawn",
    "celebration.contribution_saved": "Triad's celebration contribution saved",
    "celebration.story_added": "Impact story added",
    "celebration.story_changed": "Impact story changed",
    "celebration.story_removed": "Impact story removed",
}


def describe_action(action: str) -> str:
    return ACTIONS.get(action, action)


def describe_detail(detail: dict) -> str:
    parts = []
    for key, value in (detail or {}).items():
        label = key.replace("_", " ")
        if isinstance(value, dict) and set(value) == {"from", "to"}:
            parts.append(f"{label}: {value['from']} → {value['to']}")
        elif isinstance(value, list):
            parts.append(f"{label}: {len(value)}")
        else:
            parts.append(f"{label}: {value}")
    return "; ".join(parts)


def script_json(text: str) -> Markup:
    """JSON made safe to sit inside a <script> element: no '<', '>' or '&' survive literally."""
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))  # noqa: S704


def navigation() -> list[dict]:
    """Service navigation items for the signed-in user, current page marked."""
    if not current_user.is_authenticated:
        return []
    items = [{"href": url_for("home.index"), "text": "Home"}]
    la = g.get("current_la")
    if la is not None:
        roles = {a.role for a in g.get("la_roles", [])}
        if roles & {Role.LA_LEAD, Role.QUALITY_ASSURER}:
            items.append({"href": url_for("admin.schools", la_slug=la.slug), "text": "Schools"})
        if roles & {Role.LA_LEAD, Role.QUALITY_ASSURER}:
            items.append({"href": url_for("admin.cohorts", la_slug=la.slug), "text": "Cohorts"})
        if Role.LA_LEAD in roles:
            items.append({"href": url_for("admin.people", la_slug=la.slug), "text": "People"})
            items.append({"href": url_for("admin.activity", la_slug=la.slug), "text": "Activity"})
    if current_user.has_global_role(Role.PLATFORM_ADMIN):
        items.append({"href": url_for("admin.las"), "text": "Local authorities"})
        items.append({"href": url_for("admin.outbox"), "text": "Outbox"})
    items.append({"href": url_for("auth.account"), "text": "Your account"})
    path = request.path
    best = max((i for i in items if path.startswith(i["href"])), key=lambda i: len(i["href"]),
               default=None)
    for item in items:
        item["active"] = item is best
    return items


def init_app(app: Flask) -> None:
    app.add_template_filter(govuk_date)
    app.add_template_filter(describe_action)
    app.add_template_filter(describe_detail)
    app.add_template_filter(script_json)
    app.add_template_global(navigation)
    app.add_template_global(Role)
    app.add_template_global(Phase)
    app.add_template_global(SchoolType)

    @app.context_processor
    def inject_la():
        roles = {a.role for a in g.get("la_roles", [])}
        return {
            "current_la": g.get("current_la"),
            "has_lead": Role.LA_LEAD in roles,
            "has_qa": Role.QUALITY_ASSURER in roles,
        }
