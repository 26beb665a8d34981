from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, Versioned


class LocalAuthority(Versioned, Base):
    """The tenant."""

    __tablename__ = "local_authority"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)

    def __repr__(self) -> str:
        return f"<LocalAuthority {self.slug}>"
