"""When a session starts and ends: every rule of it, in one place.

A sign-in makes a row on the server (app/models/user_session.py) and the cookie carries only its
token, so ending the row ends the session at once, wherever the cookie has been copied to.

- Sign-out ends this session; a password change ends the person's other sessions (keeps this one);
  a password reset, deactivation and "sign out everywhere" (by the platform administrator, or the LA
  lead for people in their LA) end them all.
- A session also ends after SESSION_IDLE_MINUTES without a request, and PERMANENT_SESSION_LIFETIME
  after it started, whatever its use.
- A form posted just after its session ended is kept on the server, and offered once to the next
  session of the same person, so what they typed survives signing in again.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.auth.principal import Principal, principal_from_rows, principal_of
from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, user_sessions
from app.interfaces.errors import Invalid
from app.models import LocalAuthority, User, UserSession
from app.models.audit import CoreAction

# "Last used" is written at most this often: a request a second must not be a write a second.
TOUCH_EVERY = timedelta(minutes=1)
# A form posted after its session ended is kept this long, and only when it is no bigger than this.
KEEP_FORM_FOR = timedelta(days=1)
KEEP_FORM_MAX_CHARS = 200_000
# Not kept: the form is sent again with a fresh CSRF token.
NOT_KEPT = {"csrf_token"}


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def _lifetime() -> timedelta:
    return current_app.config["PERMANENT_SESSION_LIFETIME"]


def is_live(row: UserSession, user: User, now: datetime) -> bool:
    return (row.ended_at is None and user.is_active and now < row.expires_at
            and now - row.last_used_at < idle_limit())


# --- starting and loading ---------------------------------------------------------------------


def start_session(user: User) -> UserSession:
    """Signs the person in: a new session on the server, its token in the cookie. The session this
    browser had before ends (the cookie no longer names it); text kept from a form it could not
    save comes along, if it was this person's (never another person's)."""
    previous = user_sessions.find(session.get("_user_id") or "")
    row, token = user_sessions.create(user, lifetime=_lifetime(), device=describe_device(
        request.user_agent.string), address=request.remote_addr or "")
    if previous is not None:
        if previous[0].user_id == user.id and previous[0].kept_form:
            user_sessions.move_kept_form(previous[0], row)
        user_sessions.end(previous[0])
    login_user(principal_of(user, token, row.id))
    g.person = user
    return row


def is_live_row(found, now: datetime) -> bool:
    """The same rule as `is_live`, on `user_sessions.find_signed_in`'s row."""
    return (found.ended_at is None and found.user_active and now < found.expires_at
            and now - found.last_used_at < idle_limit())


def load_user(token: str) -> Principal | None:
    """Flask-Login's user loader: the live session the cookie names, and its person with their
    roles (plain values: app/auth/principal.py). One statement; "last used" is written (and
    committed at once, before the view does anything) once a minute."""
    rows = user_sessions.find_signed_in(token)
    if not rows:
        return None
    found, now = rows[0], utcnow()
    if not is_live_row(found, now):
        g.ended_session_id = found.session_id  # the unauthorized handler may keep a form posted to it
        return None
    if now - found.last_used_at >= TOUCH_EVERY:
        user_sessions.touch(found.session_id, now)
        db.session.commit()
    return principal_from_rows(rows, token)


def current_session() -> UserSession | None:
    if not current_user.is_authenticated or current_user.session_id is None:
        return None
    return db.session.get(UserSession, current_user.session_id)


# --- ending -----------------------------------------------------------------------------------


def end_current_session() -> None:
    """Sign-out: this session ends on the server, and the cookie forgets it."""
    row = current_session()
    if row is not None:
        user_sessions.end(row)
    logout_user()


def end_other_sessions(user: User) -> int:
    """After a password change: every other session of the person ends; this one carries on."""
    return user_sessions.end_all(user, keep=current_session())


def end_all_sessions(user: User) -> int:
    """After a password reset or deactivation: every session of the person ends."""
    return user_sessions.end_all(user)


def sign_out_everywhere(user: User, la: LocalAuthority | None) -> int:
    """The platform administrator's or an LA lead's "sign out everywhere" for a person: audited, in
    the LA's activity when a lead did it. Not for oneself: the account page has "Sign out all other
    sessions"."""
    if current_user.is_authenticated and current_user.id == user.id:
        raise Invalid({"": "To sign yourself out elsewhere, use Sign out all other sessions on your account page."})
    ended = user_sessions.end_all(user)
    audit.record(la, CoreAction.USER_SIGNED_OUT_EVERYWHERE, user, sessions=ended)
    return ended


def end_own_session(user: User, session_id: int) -> None:
    """"End" beside one of the person's other sessions on their account page. Another person's
    session id is not found (404); the session in use is ended by signing out."""
    row = user_sessions.get_own(user, session_id)
    this = current_session()
    if this is not None and row.id == this.id:
        raise Invalid({"": "To end the session you are using, sign out."})
    if not is_live(row, user, utcnow()):
        raise Invalid({"": "That session had already ended."})
    user_sessions.end(row)


def live_sessions(user: User) -> list[UserSession]:
    now = utcnow()
    return user_sessions.list_live(user, now=now, idle_since=now - idle_limit())


def purge(older_than: timedelta = timedelta(days=30)) -> tuple[int, int]:
    """For cron: deletes sessions dead for longer than `older_than`, and forgets form text kept for
    longer than a day."""
    now = utcnow()
    return user_sessions.purge(dead_before=now - older_than, forget_forms_before=now - KEEP_FORM_FOR)


# --- a form posted after its session ended ----------------------------------------------------


def unauthorized():
    """Flask-Login's answer to a request that needs a person signed in. A form posted to a session
    that has just ended (the cookie still names it) is kept, and the sign-in page says so; anything
    else goes to sign in and comes back.

    The cookie is the guard: it is SameSite=Lax, so another site's form never arrives with it, and
    its CSRF token (kept in the cookie) still has to match before a view, or this, runs."""
    ended_id = g.get("ended_session_id")
    if request.method == "POST" and ended_id is not None:
        ended = db.session.get(UserSession, ended_id)
        kept = _kept_form()
        if kept is not None:
            user_sessions.keep_form(ended, kept)
        # The page refuses the post (401), and a refused request rolls back: keep what was kept.
        db.session.commit()
        from app.auth.forms import SignInForm

        return render_template(
            "auth/sign_in.html", form=SignInForm(formdata=None), signed_out=True, kept=kept,
            idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
            action=url_for("auth.sign_in", next=url_for("auth.kept_form") if kept else _here()),
        ), 401
    if ended_id is not None:
        flash("You were signed out. Sign in again to carry on.")
    else:
        flash(current_app.login_manager.login_message)
    return redirect(url_for("auth.sign_in", next=_here()))


def _here() -> str:
    return request.full_path.rstrip("?")


def _kept_form() -> dict | None:
    fields = [[name, value] for name, value in request.form.items(multi=True) if name not in NOT_KEPT]
    if not fields or sum(len(value) for _, value in fields) > KEEP_FORM_MAX_CHARS:
        return None
    return {"path": _here(), "fields": fields, "files": bool(request.files),
            "kept_at": utcnow().isoformat()}


@dataclass(frozen=True)
class KeptText:
    label: str
    text: str


def kept_texts(kept: dict) -> list[KeptText]:
    """What the person typed, to read and copy: the fields holding words, by readable names."""
    shown = []
    for name, value in kept["fields"]:
        # Numbers, coded choices (ON_TRACK) and the form's own fields are not what anyone typed.
        if name in ("version", "submit") or not re.search(r"[^\W\d_]", value) or re.fullmatch(r"[A-Z_]+", value):
            continue
        label = re.sub(r"[-_]+", " ", name).strip().capitalize() or "Text"
        shown.append(KeptText(label, value))
    return shown


def take_kept_form() -> dict | None:
    """The form kept for this session, once, if it was kept less than a day ago."""
    row = current_session()
    kept = user_sessions.take_kept_form(row) if row is not None and row.kept_form else None
    try:
        fresh = kept is not None and utcnow() - datetime.fromisoformat(kept["kept_at"]) < KEEP_FORM_FOR
    except (KeyError, TypeError, ValueError):
        fresh = False
    return kept if fresh else None


# --- what the account page shows --------------------------------------------------------------


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"))


def describe_device(user_agent: str) -> str:
    """"Firefox on Windows", from the User-Agent header: enough to tell one's sessions apart."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    if browser or system:
        return browser or system
    return "An unrecognised browser"
