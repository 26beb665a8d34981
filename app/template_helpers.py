"""Template globals and filters: navigation, dates, enums."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, g, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.models import AuditAction, Phase, Role, SchoolType

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




def describe_action(action: str) -> str:
    return AuditAction.describe(action)


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
