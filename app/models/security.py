from sqlalchemy import Boolean, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class SignInAttempt(Base):
    """Kept in the database so that limits hold across every worker process."""

    __tablename__ = "sign_in_attempt"
    __table_args__ = (
        Index("ix_sign_in_attempt_email_created_at", "email", "created_at"),
        Index("ix_sign_in_attempt_address_created_at", "address", "created_at"),
    )

    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean)
