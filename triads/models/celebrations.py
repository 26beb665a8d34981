"""The celebration of learning: one end-of-year event per cohort, each triad's contribution to it
(representative, key learnings, evidence of impact, next steps and impact stories) and the report
the LA lead publishes from them."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from triads.types import CelebrationFormat, CelebrationStatus, ChangeKind


class Celebration(TenantOwned, Versioned, Base):
    """A cohort's celebration of learning: the event, and the report the LA lead shares."""

    __tablename__ = "celebration"
    # One celebration per cohort: the unique constraint's index also serves look-ups by cohort.
    __table_args__ = (UniqueConstraint("cohort_id"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    format: Mapped[CelebrationFormat] = mapped_column(string_enum(CelebrationFormat))
    venue: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CelebrationStatus] = mapped_column(string_enum(CelebrationStatus),
                                                      default=CelebrationStatus.DRAFT)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None]
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")

    contributions: Mapped[list["TriadContribution"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="TriadContribution.id")

    @property
    def published(self) -> bool:
        return self.status is CelebrationStatus.PUBLISHED


class TriadContribution(TenantOwned, Versioned, Base):
    """What one triad brings to the celebration."""

    __tablename__ = "celebration_contribution"
    __table_args__ = (UniqueConstraint("celebration_id", "triad_id"),)

    celebration_id: Mapped[int] = mapped_column(ForeignKey("celebration.id", ondelete="CASCADE"), index=True)
    triad_id: Mapped[int] = mapped_column(ForeignKey("triad.id", ondelete="CASCADE"), index=True)
    representative: Mapped[str] = mapped_column(String(200), default="")
    representative_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"))
    key_learnings: Mapped[str] = mapped_column(Text, default="")
    evidence_of_impact: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")

    stories: Mapped[list["ImpactStory"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ImpactStory.id")


class ImpactStory(TenantOwned, Versioned, Base):
    """A story of impact, tagged with framework areas (ids) and kinds of change (ChangeKind names)."""

    __tablename__ = "celebration_impact_story"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("celebration_contribution.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    story: Mapped[str] = mapped_column(Text)
    areas: Mapped[list] = mapped_column(JSON, default=list)
    kinds: Mapped[list] = mapped_column(JSON, default=list)

    @property
    def change_kinds(self) -> list[ChangeKind]:
        return [ChangeKind[name] for name in self.kinds if name in ChangeKind.__members__]
