"""Route guards. LA-scoped routes are already limited to the LA's people by app.tenancy (404);
these add the role check inside it (403)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from app.models import Role
from app.tenancy import has_la_role


def la_role_required(*roles: Role) -> Callable:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_la_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_la_roles = roles  # read by the access test
        return wrapped

    return decorator


def global_role_required(*roles: Role) -> Callable:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not any(current_user.has_global_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_global_roles = roles
        return wrapped

    return decorator
