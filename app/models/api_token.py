"""Tokens for the read-only data feed: an LA's (for its reporting tools) or the programme network's."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class ApiToken(Base):
    """A bearer token for the data feed. Only a SHA-256 hash of the secret is kept: the secret is
    shown once, when the token is made, and cannot be read back from the database."""

    __tablename__ = "api_token"

    name: Mapped[str] = mapped_column(String(120))
    # The LA whose feed it reads; None for a programme analyst's token for the network's benchmarks.
    la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authority.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret, so a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The rate limit's fixed window, kept on the row so that it holds across worker processes.
    window_started_at: Mapped[datetime | None]
    window_requests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def network(self) -> bool:
        return self.la_id is None

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}>"
