from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base


class OutboxMessage(Base):
    """Mail that was not sent over SMTP because no server is configured (development, demo)."""

    __tablename__ = "outbox_message"

    la_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_authority.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        cascade="all, delete-orphan", order_by="OutboxAttachment.id")


class OutboxAttachment(Base):
    """A file that went with an outbox message (a calendar invitation, say), kept as text."""

    __tablename__ = "outbox_attachment"

    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    # The full media type with its parameters, e.g. "text/calendar; method=REQUEST".
    content_type: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
