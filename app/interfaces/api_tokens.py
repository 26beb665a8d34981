"""Data feed tokens: made, listed, revoked, and checked on every request to the feed.

A token is `stf_` and 43 characters of a 32-byte secret from `secrets`. The database keeps only
its SHA-256 hash (the secret has 256 bits of entropy, so a fast hash is enough: there is nothing
to guess) and its first characters, for people to tell tokens apart.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, select, update
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid
from app.models import ApiToken, AuditEvent, LocalAuthority, User
from app.models.audit import CoreAction

SCHEME = "stf_"  # "SEND Triads feed": recognisable in a leaked file, and by secret scanners
TOKEN = re.compile(r"^stf_[A-Za-z0-9_-]{43}$")
PREFIX_LENGTH = 12  # "stf_" and 8 characters of the secret


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    created_by: str | None  # the name of who made it


def create_token(la: LocalAuthority | None, name: str, user: User) -> tuple[ApiToken, str]:
    """A new token for the LA's feed (or, with no LA, the network's) and its secret, which is
    returned here and never again."""
    name = name.strip()
    if not name:
        raise Invalid({"name": "Enter a name for the token"})
    secret = SCHEME + secrets.token_urlsafe(32)
    token = ApiToken(name=name, la_id=la.id if la else None, created_by_id=user.id,
                     token_hash=_hash(secret), prefix=secret[:PREFIX_LENGTH])
    db.session.add(token)
    db.session.flush()
    audit.record(la, CoreAction.API_TOKEN_CREATED, token, name=name, prefix=token.prefix)
    return token, secret


def _scope(la: LocalAuthority | None):
    return ApiToken.la_id == la.id if la is not None else ApiToken.la_id.is_(None)


def list_tokens(la: LocalAuthority | None) -> list[TokenRow]:
    """The LA's tokens (or the network's), those in use first, newest first."""
    stmt = (select(ApiToken, User.name).outerjoin(User, User.id == ApiToken.created_by_id)
            .where(_scope(la))
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()))
    return [TokenRow(token, name) for token, name in db.session.execute(stmt)]


def get_token(la: LocalAuthority | None, token_id: int) -> ApiToken:
    token = db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, _scope(la)))
    if token is None:
        raise NotFound()
    return token


def revoke_token(la: LocalAuthority | None, token: ApiToken, user: User) -> None:
    if token.revoked:
        raise Invalid({"token": f"{token.name} was revoked already"})
    token.revoked_at = utcnow()
    token.revoked_by_id = user.id
    db.session.flush()
    audit.record(la, CoreAction.API_TOKEN_REVOKED, token, name=token.name, prefix=token.prefix)


# --- on every request to the feed -------------------------------------------------------------


def authenticate(secret: str) -> ApiToken | None:
    """The token this secret opens, if it is well formed, known and not revoked."""
    if not TOKEN.match(secret):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    return token if token is not None and not token.revoked else None


def window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


def count_request(token: ApiToken, now: datetime, window: timedelta) -> int:
    """Count one request in the token's current window and note when it was last used; returns
    the requests in the window so far, this one included. One UPDATE, atomic on both databases,
    so workers in other processes count into the same window."""
    started = window_start(now, window)
    stmt = (update(ApiToken).where(ApiToken.id == token.id)
            .values(window_requests=case((ApiToken.window_started_at == started, ApiToken.window_requests + 1),
                                         else_=1),
                    window_started_at=started, last_used_at=now)
            .returning(ApiToken.window_requests)
            .execution_options(synchronize_session=False))
    return int(db.session.execute(stmt).scalar_one())


def record_use(token: ApiToken, path: str, status: int) -> None:
    """Every read of the feed, in the trail of the LA whose token it was. Written here rather than
    by audit.record, which names the signed-in person: the feed has none, whatever cookie a
    browser sends along."""
    db.session.add(AuditEvent(la_id=token.la_id, actor_id=None, action=CoreAction.API_TOKEN_USED.key,
                              entity=type(token).__name__, entity_id=token.id,
                              detail={"prefix": token.prefix, "path": path[:500], "status": status}))
