from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.school import School


def academic_year_label(start_year: int) -> str:
    """2025 -> "2025/26", as English schools write it."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class Cohort(TenantOwned, Versioned, Base):
    """The schools of one LA taking part in one programme year."""

    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("la_id", "start_year"),)

    start_year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))

    members: Mapped[list["CohortSchool"]] = relationship(
        back_populates="cohort", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def academic_year(self) -> str:
        return academic_year_label(self.start_year)


class CohortSchool(TenantOwned, Base):
    __tablename__ = "cohort_school"
    __table_args__ = (UniqueConstraint("cohort_id", "school_id"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)

    cohort: Mapped[Cohort] = relationship(back_populates="members", lazy="raise")
    school: Mapped[School] = relationship(lazy="selectin")
