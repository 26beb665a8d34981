from datetime import timedelta

from sqlalchemy import delete, func, select

from app.db import utcnow
from app.extensions import db
from app.models import SignInAttempt


def record(email: str, address: str, succeeded: bool) -> None:
    db.session.add(SignInAttempt(email=email[:254], address=address[:64], succeeded=succeeded))
    db.session.flush()


def recent_failures(*, window: timedelta, email: str | None = None, address: str | None = None) -> int:
    """Failures since the last success (per e-mail) or in the window (per address)."""
    since = utcnow() - window
    conditions = [SignInAttempt.created_at >= since, SignInAttempt.succeeded.is_(False)]
    if email is not None:
        conditions.append(SignInAttempt.email == email)
        last_success = db.session.scalar(
            select(func.max(SignInAttempt.created_at)).where(
                SignInAttempt.email == email, SignInAttempt.succeeded.is_(True)
            )
        )
        if last_success is not None:
            conditions.append(SignInAttempt.created_at > last_success)
    if address is not None:
        conditions.append(SignInAttempt.address == address)
    return db.session.scalar(select(func.count(SignInAttempt.id)).where(*conditions)) or 0


def purge_older_than(age: timedelta) -> int:
    result = db.session.execute(delete(SignInAttempt).where(SignInAttempt.created_at < utcnow() - age))
    return result.rowcount or 0
