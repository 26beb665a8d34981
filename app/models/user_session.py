"""One sign-in: the server's half of a session, so that signing out ends it everywhere at once."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base
from app.models.user import User


class UserSession(Base):
    """The browser's cookie holds a random token; only its SHA-256 hash is kept here, so a copy of
    this table cannot be replayed as anyone's cookie. A session is live until it is ended (sign-out,
    password change or reset, deactivation, "sign out everywhere"), its absolute lifetime passes
    (`expires_at`) or it goes unused for longer than the idle limit (judged from `last_used_at`)."""

    __tablename__ = "user_session"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    # What the person sees on their account page to tell their sessions apart.
    device: Mapped[str] = mapped_column(String(120), default="", server_default="")
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # A form posted after this session had ended ({"path", "fields", "kept_at", ...}), handed to
    # the next session of the same person once, so that what they typed is not lost.
    kept_form: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    user: Mapped[User] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"
