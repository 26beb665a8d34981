"""Template globals and filters: navigation (app.navigation), dates, enums."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, g
from markupsafe import Markup

from app.models import AuditAction, Cohort, Phase, Role, SchoolType
from app.navigation import navigation
from app.numbers import number_text

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


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 school', '2 schools'; '1 local authority', '3 local authorities' (given the plural)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def cohort_caption(cohort: Cohort) -> str:
    """A cohort's name, with its academic year unless the name already says it: "Peer review
    2026/27", "Second wave · 2026/27"."""
    if cohort.academic_year in cohort.name:
        return cohort.name
    return f"{cohort.name} · {cohort.academic_year}"


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


def init_app(app: Flask) -> None:
    app.add_template_filter(govuk_date)
    app.add_template_filter(plural)
    app.add_template_filter(number_text)
    app.add_template_filter(cohort_caption)
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
