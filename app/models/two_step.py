"""Two-step sign-in: a person's authenticator secret and their one-time recovery codes."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class TwoStepSecret(Base):
    """The shared secret of a person's authenticator app. Kept readable, as TOTP needs it to work
    out each code; it is shown only while being set up, never once the person has confirmed it."""

    __tablename__ = "two_step_secret"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(String(64))
    # None while being set up: two-step sign-in is on only once a code from the app has matched.
    confirmed_at: Mapped[datetime | None]
    # The 30-second step of the last code accepted: a code is taken only for a later step, so one
    # seen over a shoulder or in a proxy's log cannot be used again.
    last_step: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def is_on(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(Base):
    """One of the codes a person keeps for when their phone is lost; each signs in once. Hashed
    like a password."""

    __tablename__ = "recovery_code"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None]
