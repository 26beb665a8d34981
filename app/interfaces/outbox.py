from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import OutboxMessage


def store(recipient: str, subject: str, body: str, la_id: int | None) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, la_id=la_id)
    db.session.add(message)
    db.session.flush()
    return message


def list_messages(limit: int = 200) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def get_message(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound()
    return message
