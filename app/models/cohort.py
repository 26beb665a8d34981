"""A cohort, and the programme's one rule for "now": the academic year runs from 1 September to
31 August, so 2 December 2026 is in 2026/27, and the cohort running today is that year's."""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
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


class Milestone(enum.Enum):
    """The dates of the programme year. Each has its words and a default (month, day, whether it falls
    in the second calendar year of the academic year), so a new cohort has a sensible timetable
    before the LA lead changes it."""

    def __new__(cls, key: str, label: str, month: int, day: int, next_year: bool):
        member = object.__new__(cls)
        member._value_ = key
        member.label = label
        member.default = (month, day, next_year)
        return member

    LAUNCH = ("launch_on", "Launch", 9, 30, False)
    SELF_EVALUATION_DUE = ("self_evaluation_due", "Self-evaluations submitted by", 10, 31, False)
    MEETING_1 = ("meeting_1_by", "Meeting 1 (action planning) by", 11, 30, False)
    PLAN_SIGNED_OFF = ("plan_signed_off_by", "Action plans signed off by", 12, 15, False)
    MEETING_2 = ("meeting_2_by", "Meeting 2 by", 3, 31, True)
    QA_VISITS_FROM = ("qa_visits_from", "QA visits from", 2, 1, True)
    QA_VISITS_TO = ("qa_visits_to", "QA visits by", 5, 31, True)
    MEETING_3 = ("meeting_3_by", "Meeting 3 by", 6, 30, True)
    CELEBRATION = ("celebration_on", "Celebration of learning", 7, 10, True)

    def default_for(self, start_year: int) -> date:
        month, day, next_year = self.default
        return date(start_year + (1 if next_year else 0), month, day)


DUE_SOON = timedelta(days=14)


class DueState(enum.Enum):
    """How a piece of work stands against its date: the one rule behind every "overdue",
    "due soon" and "behind" in the service."""

    DONE = "Done"
    OVERDUE = "Overdue"
    DUE_SOON = "Due soon"
    UPCOMING = "Upcoming"

    @property
    def label(self) -> str:
        return self.value


def due_state(due: date | None, done: bool, today: date | None = None) -> DueState:
    if done:
        return DueState.DONE
    if due is None:
        return DueState.UPCOMING
    today = today or utcnow().date()
    if today > due:
        return DueState.OVERDUE
    return DueState.DUE_SOON if due - today <= DUE_SOON else DueState.UPCOMING


@dataclass(frozen=True)
class Timetable:
    """A cohort's dates, the LA lead's where set, else the programme year's defaults."""

    start_year: int
    dates: dict[Milestone, date]

    def __getitem__(self, milestone: Milestone) -> date:
        return self.dates[milestone]

    def state(self, milestone: Milestone, done: bool, today: date | None = None) -> DueState:
        return due_state(self.dates[milestone], done, today)

    def rows(self) -> list[tuple[Milestone, date]]:
        return sorted(self.dates.items(), key=lambda item: item[1])


class Cohort(TenantOwned, Versioned, Base):
    """The schools of one LA taking part in one programme year."""

    __tablename__ = "cohort"
    __table_args__ = (UniqueConstraint("la_id", "start_year"),)

    start_year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    # The timetable as the LA lead set it; None means the programme year's default (Milestone).
    launch_on: Mapped[date | None] = mapped_column(Date)
    self_evaluation_due: Mapped[date | None] = mapped_column(Date)
    meeting_1_by: Mapped[date | None] = mapped_column(Date)
    plan_signed_off_by: Mapped[date | None] = mapped_column(Date)
    meeting_2_by: Mapped[date | None] = mapped_column(Date)
    qa_visits_from: Mapped[date | None] = mapped_column(Date)
    qa_visits_to: Mapped[date | None] = mapped_column(Date)
    meeting_3_by: Mapped[date | None] = mapped_column(Date)
    celebration_on: Mapped[date | None] = mapped_column(Date)

    # Loaded when asked for: most pages that load a cohort never list its schools, and loading
    # them with every cohort made each of those pages cost more the larger the cohort.
    members: Mapped[list["CohortSchool"]] = relationship(
        back_populates="cohort", lazy="select", cascade="all, delete-orphan"
    )

    @property
    def academic_year(self) -> str:
        return academic_year_label(self.start_year)

    @property
    def bounds(self) -> tuple[date, date]:
        """The first and last day of the cohort's academic year."""
        return academic_year_bounds(self.start_year)

    @property
    def timetable(self) -> Timetable:
        return Timetable(self.start_year, {
            m: getattr(self, m.value) or m.default_for(self.start_year) for m in Milestone
        })

    @property
    def has_started(self) -> bool:
        """False for next year's cohort until its academic year begins ("starts September")."""
        return self.start_year <= current_academic_year()


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
