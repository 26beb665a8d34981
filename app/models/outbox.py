from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
