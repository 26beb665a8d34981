"""Triads and the schools in them."""

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned


class Triad(TenantOwned, Versioned, Base):
    """Three (sometimes four) schools of one cohort, one of them the coach school."""

    __tablename__ = "triad"
    __table_args__ = (UniqueConstraint("cohort_id", "name"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    coach_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))

    members: Mapped[list["TriadMember"]] = relationship(
        back_populates="triad", lazy="selectin", cascade="all, delete-orphan",
        order_by="TriadMember.id",
    )

    @property
    def school_ids(self) -> list[int]:
        return [m.school_id for m in self.members]


class TriadMember(TenantOwned, Base):
    __tablename__ = "triad_member"
    # A school is in at most one triad of a cohort: the database itself refuses a second.
    __table_args__ = (UniqueConstraint("cohort_id", "school_id"),)

    triad_id: Mapped[int] = mapped_column(ForeignKey("triad.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)

    triad: Mapped[Triad] = relationship(back_populates="members", lazy="raise")
