import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import Role, string_enum
from app.models.school import School
from app.models.user import User


class Invitation(TenantOwned, Versioned, Base):
    """An e-mailed offer of a role in an LA. The link is signed, expires and works once."""

    __tablename__ = "invitation"

    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(string_enum(Role))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Part of the signed token: a re-sent invitation gets a new nonce, so older links stop working.
    nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    school: Mapped[School | None] = relationship(lazy="selectin")
    invited_by: Mapped[User | None] = relationship(lazy="selectin")

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
