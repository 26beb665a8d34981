"""A cohort, and the programme's one rule for "now": the academic year runs from 1 September to
31 August, so 2 December 2026 is in 2026/27, and the cohort running today is that year's."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned, utcnow
from app.models.school import School

FIRST_MONTH = 9  # September


def academic_year_label(start_year: int) -> str:
    """2025 -> "2025/26", as English schools write it."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def academic_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_academic_year() -> int:
    return academic_year_of(utcnow().date())


def academic_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, FIRST_MONTH, 1), date(start_year + 1, FIRST_MONTH - 1, 31)


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

    @property
    def bounds(self) -> tuple[date, date]:
        """The first and last day of the cohort's academic year."""
        return academic_year_bounds(self.start_year)


def current_cohort(cohorts: Sequence[Cohort]) -> Cohort | None:
    """This academic year's cohort; else the latest that has begun; else the first."""
    year = current_academic_year()
    begun = [c for c in cohorts if c.start_year <= year]
    return max(begun, key=lambda c: c.start_year) if begun else (cohorts[0] if cohorts else None)


class CohortSchool(TenantOwned, Base):
    __tablename__ = "cohort_school"
    __table_args__ = (UniqueConstraint("cohort_id", "school_id"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)

    cohort: Mapped[Cohort] = relationship(back_populates="members", lazy="raise")
    school: Mapped[School] = relationship(lazy="selectin")
