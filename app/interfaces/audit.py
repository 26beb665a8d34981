from collections.abc import Iterable

from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.models import AuditAction, AuditEvent, LocalAuthority, User


def record(la: LocalAuthority | None, action: AuditAction, entity: object, **detail) -> None:
    actor = current_user if current_user and current_user.is_authenticated else None
    db.session.add(
        AuditEvent(
            la_id=la.id if la is not None else None,
            actor_id=actor.id if actor is not None else None,
            action=action.key,
            entity=type(entity).__name__,
            entity_id=getattr(entity, "id", None),
            detail={key: _plain(value) for key, value in detail.items()},
        )
    )


def _plain(value):
    if hasattr(value, "name") and hasattr(value, "value"):  # an Enum member
        return value.name
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def list_events(la: LocalAuthority, limit: int = 200,
                leave_out: Iterable[AuditAction] = ()) -> list[tuple[AuditEvent, str | None]]:
    """The LA's latest events, each with the name of the person who acted, without the actions
    in `leave_out`."""
    stmt = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.la_id == la.id, AuditEvent.action.not_in([a.key for a in leave_out]))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [(event, name) for event, name in db.session.execute(stmt)]
