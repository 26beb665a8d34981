"""The outbox: mail kept in the database, either instead of sending it (no mail server: development,
the demo) or, with its links removed, as the record of what was sent (production)."""

import re
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


REDACTED = "[link removed after sending]"
# Any web address: invitation, password-reset and voice links carry their token in the path or
# the query, and any other link may too, so none is kept.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def redact_links(text: str) -> str:
    return _LINK.sub(REDACTED, text)


def store_redacted(recipient: str, subject: str, body: str, la_id: int | None,
                   attachments: Iterable[Attachment] = ()) -> OutboxMessage:
    """A copy of a sent message with every link replaced by REDACTED, in its body and attachments
    (a calendar invitation's URL line)."""
    return store(recipient, redact_links(subject), redact_links(body), la_id,
                 [Attachment(a.filename, redact_links(a.content), a.content_type) for a in attachments])


def list_messages(limit: int = 200) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.scalars(stmt))


def get_message(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound()
    return message
