"""Quality-assurance visits: the assurers the LA assigns to a cohort, their visits to a school or a
whole triad, the agreed next steps and the school's comments on the draft report."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from triads.models.arrangements import Arranged
from triads.types import Rigour, VisitStatus


class CohortAssurer(TenantOwned, Base):
    """A quality assurer the LA lead has assigned to a cohort."""

    __tablename__ = "qa_cohort_assurer"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)


class QAVisit(Arranged, TenantOwned, Versioned, Base):
    """A visit to one school or to a whole triad (exactly one of the two)."""

    __tablename__ = "qa_visit"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    assurer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    triad_id: Mapped[int | None] = mapped_column(ForeignKey("triad.id", ondelete="CASCADE"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[VisitStatus] = mapped_column(string_enum(VisitStatus), default=VisitStatus.SCHEDULED)
    headteacher_present: Mapped[bool | None] = mapped_column(Boolean)
    attendees: Mapped[str] = mapped_column(Text, default="")
    focus_areas: Mapped[list] = mapped_column(JSON, default=list)
    evidence_seen: Mapped[str] = mapped_column(Text, default="")
    working_well: Mapped[str] = mapped_column(Text, default="")
    needs_to_change: Mapped[str] = mapped_column(Text, default="")
    challenge: Mapped[str] = mapped_column(Text, default="")
    reassurance: Mapped[str] = mapped_column(Text, default="")
    rigour: Mapped[Rigour | None] = mapped_column(string_enum(Rigour))
    rigour_reason: Mapped[str] = mapped_column(Text, default="")
    finalised_at: Mapped[datetime | None]
    school_response: Mapped[str] = mapped_column(Text, default="")
    school_responded_at: Mapped[datetime | None]

    next_steps: Mapped[list["QANextStep"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="QANextStep.id")
    comments: Mapped[list["QAVisitComment"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="QAVisitComment.id")


class QANextStep(TenantOwned, Base):
    """An agreed next step; `action_id` is set once the school turns it into a plan action."""

    __tablename__ = "qa_next_step"

    visit_id: Mapped[int] = mapped_column(ForeignKey("qa_visit.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("plan_action.id", ondelete="SET NULL"))


class QAVisitComment(TenantOwned, Base):
    """The school's comment on the draft report, before the assurer finalises it."""

    __tablename__ = "qa_visit_comment"

    visit_id: Mapped[int] = mapped_column(ForeignKey("qa_visit.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
