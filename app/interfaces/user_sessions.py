"""Sessions on the server: made at sign-in, found for every request, ended by sign-out and the
rest. When a session ends is decided in app/auth/sessions.py; this module only reads and writes."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.models import LocalAuthority, RoleAssignment, School, User, UserSession


def _hash(token: str) -> str:
    # The token has 256 bits of entropy, so a fast hash is enough (as for data feed tokens).
    return hashlib.sha256(token.encode()).hexdigest()


def create(user: User, *, lifetime: timedelta, device: str, address: str) -> tuple[UserSession, str]:
    """A new live session and its token (for the cookie; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(user_id=user.id, token_hash=_hash(token), created_at=now, last_used_at=now,
                      expires_at=now + lifetime, device=device[:120], address=address[:64])
    db.session.add(row)
    db.session.flush()
    return row, token


# Built once: it runs on every request. The person comes with their roles, each role's LA and
# school, in the same statement, rather than one statement per relationship.
_FIND = (select(UserSession, User).join(User, User.id == UserSession.user_id)
         .options(joinedload(User.roles).options(joinedload(RoleAssignment.la), joinedload(RoleAssignment.school)))
         .where(UserSession.token_hash == bindparam("token_hash")))


def find(token: str) -> tuple[UserSession, User] | None:
    """The session a cookie names, live or not, with its person and their roles, as objects to
    change (at sign-in: the session the browser had before)."""
    if not token:
        return None
    found = db.session.execute(_FIND, {"token_hash": _hash(token)}).unique().first()
    return (found[0], found[1]) if found else None


_SESSION, _USER, _ROLE = UserSession.__table__, User.__table__, RoleAssignment.__table__
_LA, _SCHOOL = LocalAuthority.__table__, School.__table__
# Built once, run for every signed-in request: plain rows (no ORM objects), one per active role.
_SIGNED_IN = (
    select(_SESSION.c.id.label("session_id"), _SESSION.c.ended_at, _SESSION.c.expires_at, _SESSION.c.last_used_at,
           _USER.c.id.label("user_id"), _USER.c.name.label("user_name"), _USER.c.email.label("user_email"),
           _USER.c.active.label("user_active"), _ROLE.c.id.label("role_id"), _ROLE.c.role, _ROLE.c.la_id,
           _ROLE.c.school_id, _ROLE.c.whole_la, _LA.c.slug.label("la_slug"), _LA.c.name.label("la_name"),
           _SCHOOL.c.name.label("school_name"))
    .select_from(_SESSION.join(_USER, _USER.c.id == _SESSION.c.user_id)
                 .outerjoin(_ROLE, (_ROLE.c.user_id == _USER.c.id) & _ROLE.c.active)
                 .outerjoin(_LA, _LA.c.id == _ROLE.c.la_id)
                 .outerjoin(_SCHOOL, _SCHOOL.c.id == _ROLE.c.school_id))
    .where(_SESSION.c.token_hash == bindparam("token_hash")))


def find_signed_in(token: str) -> list:
    """The session a cookie names, live or not, with its person and their active roles, each role's
    LA and school named: plain rows, one per role (one with no role for a person holding none)."""
    if not token:
        return []
    return db.session.execute(_SIGNED_IN, {"token_hash": _hash(token)}).all()


def touch(session_id: int, now: datetime) -> None:
    # A plain UPDATE: nothing else in the ORM session rides along.
    db.session.execute(update(UserSession).where(UserSession.id == session_id).values(last_used_at=now))


def _live(now: datetime, idle_since: datetime):
    return (UserSession.ended_at.is_(None), UserSession.expires_at > now, UserSession.last_used_at > idle_since)


def list_live(user: User, *, now: datetime, idle_since: datetime) -> list[UserSession]:
    """The person's sessions still in use, the most recently used first."""
    return list(db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id, *_live(now, idle_since))
        .order_by(UserSession.last_used_at.desc(), UserSession.id.desc())))


def get_own(user: User, session_id: int) -> UserSession:
    """One of the person's own sessions; anyone else's is not found."""
    row = db.session.scalar(
        select(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id))
    if row is None:
        raise NotFound()
    return row


def end(row: UserSession) -> None:
    if row.ended_at is None:
        row.ended_at = utcnow()
        row.kept_form = None
        db.session.flush()


def end_all(user: User, *, keep: UserSession | None = None) -> int:
    """Ends every session of the person that has not ended (but `keep`); how many were ended."""
    conditions = [UserSession.user_id == user.id, UserSession.ended_at.is_(None)]
    if keep is not None:
        conditions.append(UserSession.id != keep.id)
    result = db.session.execute(
        update(UserSession).where(*conditions).values(ended_at=utcnow(), kept_form=None)
        .execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount or 0


def keep_form(row: UserSession, kept: dict) -> None:
    row.kept_form = kept
    db.session.flush()


def move_kept_form(source: UserSession, target: UserSession) -> None:
    target.kept_form, source.kept_form = source.kept_form, None
    db.session.flush()


def take_kept_form(row: UserSession) -> dict | None:
    """What was kept, once: it leaves the record as it is read."""
    kept, row.kept_form = row.kept_form, None
    db.session.flush()
    return kept


def purge(*, dead_before: datetime, forget_forms_before: datetime) -> tuple[int, int]:
    """Deletes sessions that ended, expired or were last used before `dead_before`, and forgets
    the kept form text of every session not used since `forget_forms_before`. Both counts."""
    removed = db.session.execute(delete(UserSession).where(or_(
        UserSession.ended_at < dead_before, UserSession.expires_at < dead_before,
        UserSession.last_used_at < dead_before))).rowcount or 0
    forgotten = db.session.execute(
        update(UserSession).where(UserSession.kept_form.is_not(None),
                                  UserSession.last_used_at < forget_forms_before)
        .values(kept_form=None)).rowcount or 0
    db.session.flush()
    return removed, forgotten
