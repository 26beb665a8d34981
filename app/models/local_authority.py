from sqlalchemy import Boolean, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Versioned


class LocalAuthority(Versioned, Base):
    """The tenant."""

    __tablename__ = "local_authority"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)
    # The programme analyst sees an LA's figures, anonymised, only once its lead has opted in.
    shares_benchmarks: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def __repr__(self) -> str:
        return f"<LocalAuthority {self.slug}>"
