import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, Versioned
from app.models.enums import Role, string_enum
from app.models.local_authority import LocalAuthority
from app.models.school import School


def new_session_key() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Versioned, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # Rotated when the password changes, so that a password-reset link made before stops working.
    session_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_key)
    last_signed_in_at: Mapped[datetime | None]

    roles: Mapped[list["RoleAssignment"]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )

    # The token of the sign-in this object was loaded for (app/auth/sessions.py): what Flask-Login
    # puts in the cookie, so that the cookie names one session, not the person.
    session_token = None

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def active_roles(self) -> list["RoleAssignment"]:
        return [r for r in self.roles if r.active]

    def has_global_role(self, role: Role) -> bool:
        return any(r.role is role for r in self.active_roles())

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RoleAssignment(Versioned, Base):
    """One role held by one user, scoped to nothing (global), an LA, or a school (and its LA)."""

    __tablename__ = "role_assignment"
    __table_args__ = (Index("ix_role_assignment_la_id_role", "la_id", "role"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(string_enum(Role))
    la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authority.id", ondelete="CASCADE"))
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # A quality assurer reads only the cohorts they are assigned to, unless the LA lead grants them
    # every cohort of the LA (app/auth/permissions.py cohort_scope). Meaningless for other roles.
    whole_la: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    user: Mapped[User] = relationship(back_populates="roles", lazy="raise")
    la: Mapped[LocalAuthority | None] = relationship(lazy="selectin")
    school: Mapped[School | None] = relationship(lazy="selectin")

    @property
    def description(self) -> str:
        return role_description(self.role, self.la, self.school)


def role_description(role: Role, la, school) -> str:
    """"SENCO, Ashgrove Primary": a role with the school, or else the LA, it is held in."""
    if school is not None:
        return f"{role.label}, {school.name}"
    if la is not None:
        return f"{role.label}, {la.name}"
    return role.label
