"""Who must sign in with two steps, and the short wait between the password and the code.

The password alone signs nobody in whose two-step sign-in is on, or who must have it: the
person is remembered in the session as waiting (for a few minutes, not signed in) and sent to
give a code, or to set two-step sign-in up first."""

import time

from flask import redirect, session, url_for
from werkzeug.wrappers import Response

from app.auth.permissions import TWO_STEP_ALWAYS, holds
from app.interfaces import two_step as two_step_data
from app.interfaces import users
from app.models import User

WAITING = "two_step_waiting"
WAIT_SECONDS = 300


def must_use(user: User) -> bool:
    """The platform administrator always; anyone with an active role in an LA that requires it."""
    roles = user.active_roles()
    return holds(roles, *TWO_STEP_ALWAYS) or any(a.la is not None and a.la.requires_two_step for a in roles)


def may_turn_off(user: User) -> bool:
    return not must_use(user)


def hold_for_second_step(user: User, next_url: str | None) -> Response | None:
    """After the password: where to send a person who needs a second step, or None to sign in."""
    if two_step_data.is_on(user):
        setting_up = False
    elif must_use(user):
        setting_up = True
        two_step_data.start_setup(user)
    else:
        return None
    session[WAITING] = {"user": user.id, "until": time.time() + WAIT_SECONDS, "next": next_url,
                        "setting_up": setting_up}
    return redirect(url_for("auth.two_step_setup" if setting_up else "auth.two_step_code"))


def waiting_user(setting_up: bool = False) -> User | None:
    """The person who gave their password and still owes a code (or a setup), if not too long ago."""
    held = session.get(WAITING)
    if not isinstance(held, dict) or held.get("until", 0) < time.time():
        return None
    if bool(held.get("setting_up")) is not setting_up:
        return None
    user = users.get_user(held.get("user"))
    return user if user is not None and user.is_active else None


def next_after_waiting() -> str | None:
    held = session.get(WAITING)
    return held.get("next") if isinstance(held, dict) else None


def stop_waiting() -> None:
    session.pop(WAITING, None)


def summary(user: User) -> dict:
    """What the account page says about the person's two-step sign-in."""
    on = two_step_data.is_on(user)
    return {"on": on, "required": must_use(user),
            "recovery_codes_left": two_step_data.recovery_codes_left(user) if on else 0}
