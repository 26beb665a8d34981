"""Resolves `/la/<la_slug>/...` into `current_la` for the request.

The LA is loaded once, before any view runs, and only if the signed-in user holds an active role
in it. Anyone else gets a 404, so an LA's existence is not revealed by guessing its slug.
"""

from flask import Flask, abort, current_app, g
from flask_login import current_user
from werkzeug.local import LocalProxy

from app.models import LocalAuthority, Role, RoleAssignment

current_la: LocalAuthority = LocalProxy(lambda: g.current_la)  # type: ignore[assignment]


def la_roles() -> list[RoleAssignment]:
    """The current user's active role assignments in the current LA."""
    return g.get("la_roles", [])


def has_la_role(*roles: Role) -> bool:
    return any(assignment.role in roles for assignment in la_roles())


def school_ids_for(*roles: Role) -> set[int]:
    return {a.school_id for a in la_roles() if a.role in roles and a.school_id is not None}


def init_app(app: Flask) -> None:
    @app.url_value_preprocessor
    def pull_la_slug(endpoint, values) -> None:
        if values and "la_slug" in values:
            g.la_slug = values.pop("la_slug")

    @app.url_defaults
    def add_la_slug(endpoint, values) -> None:
        if "la_slug" in values or "current_la" not in g:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "la_slug"):
            values["la_slug"] = g.current_la.slug

    @app.before_request
    def load_current_la():
        slug = g.get("la_slug")
        if slug is None:
            return None
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        from app.interfaces.local_authorities import get_la_by_slug

        la = get_la_by_slug(slug)
        roles = [
            assignment
            for assignment in current_user.active_roles()
            if la is not None and assignment.la_id == la.id
        ]
        if la is None or not roles:
            abort(404)
        g.current_la = la
        g.la_roles = roles
        return None
