from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class Attachment:
    """A text file sent with a message. `content_type` carries its parameters, e.g.
    "text/calendar; method=REQUEST" for a calendar invitation."""

    filename: str
    content: str
    content_type: str = "text/plain"


def store(recipient: str, subject: str, body: str, la_id: int | None,
          attachments: Iterable[Attachment] = ()) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body, la_id=la_id)
    message.attachments = [OutboxAttachment(filename=a.filename, content_type=a.content_type, content=a.content)
                           for a in attachments]
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
