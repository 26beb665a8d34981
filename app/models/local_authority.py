from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Versioned


class LocalAuthority(Versioned, Base):
    """The tenant."""

    __tablename__ = "local_authority"
    # The range the lead's form states (app/data_protection.py); the database holds to it too.
    __table_args__ = (CheckConstraint("retention_years BETWEEN 1 AND 10", name="retention_years_range"),)

    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)
    # The programme analyst sees an LA's figures, anonymised, only once its lead has opted in.
    shares_benchmarks: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The lead may require two-step sign-in of everyone holding a role in the LA.
    requires_two_step: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The LA is the data controller: its own privacy notice (None until its lead writes one, when
    # the service's default text in the LA's name stands), numbered so readers can cite the one they read.
    privacy_notice: Mapped[str | None] = mapped_column(Text)
    privacy_notice_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    privacy_notice_changed_at: Mapped[datetime | None]
    # How many years after a cohort's academic year ends its records are kept (the retention job).
    retention_years: Mapped[int] = mapped_column(Integer, default=6, server_default="6")

    def __repr__(self) -> str:
        return f"<LocalAuthority {self.slug}>"
