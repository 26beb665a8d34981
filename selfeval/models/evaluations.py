"""A school's self-evaluation for a cohort year: its areas, statement ratings and comments on them."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from selfeval.models.frameworks import FrameworkVersion
from selfeval.types import SelfEvaluationStatus


class SelfEvaluation(TenantOwned, Versioned, Base):
    """One school's self-evaluation for one cohort year."""

    __tablename__ = "self_evaluation"
    __table_args__ = (UniqueConstraint("school_id", "cohort_id"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    framework_version_id: Mapped[int] = mapped_column(ForeignKey("framework_version.id"))
    variant_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[SelfEvaluationStatus] = mapped_column(
        string_enum(SelfEvaluationStatus), default=SelfEvaluationStatus.IN_PROGRESS
    )
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="SET NULL")
    )
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reopened_reason: Mapped[str | None] = mapped_column(Text)
    # Statement ids the SENCO confirmed on the summary page.
    confirmed_strengths: Mapped[list] = mapped_column(JSON, default=list)
    confirmed_development: Mapped[list] = mapped_column(JSON, default=list)

    framework_version: Mapped[FrameworkVersion] = relationship(lazy="joined")
    areas: Mapped[list["AreaResponse"]] = relationship(
        back_populates="self_evaluation", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def submitted(self) -> bool:
        return self.status is SelfEvaluationStatus.SUBMITTED


class AreaResponse(TenantOwned, Versioned, Base):
    """The school's answers for one of the eight areas; saved (and locked) one area at a time."""

    __tablename__ = "area_response"
    __table_args__ = (UniqueConstraint("self_evaluation_id", "area_id"),)

    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[str] = mapped_column(String(40))
    judgement: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    development: Mapped[str] = mapped_column(Text, default="")
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    # True while the answers are last year's, copied forward and not yet confirmed or changed.
    carried_forward: Mapped[bool] = mapped_column(Boolean, default=False)

    self_evaluation: Mapped[SelfEvaluation] = relationship(back_populates="areas", lazy="raise")
    ratings: Mapped[list["StatementRating"]] = relationship(
        back_populates="area_response", lazy="selectin", cascade="all, delete-orphan"
    )

    def rating_for(self, statement_id: str) -> "StatementRating | None":
        return next((r for r in self.ratings if r.statement_id == statement_id), None)


class StatementRating(TenantOwned, Base):
    __tablename__ = "statement_rating"
    __table_args__ = (
        UniqueConstraint("area_response_id", "statement_id"),
        Index("ix_statement_rating_la_id_statement_id", "la_id", "statement_id"),
    )

    area_response_id: Mapped[int] = mapped_column(
        ForeignKey("area_response.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[str] = mapped_column(String(80))
    rating: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(Text, default="")

    area_response: Mapped[AreaResponse] = relationship(back_populates="ratings", lazy="raise")


class AreaComment(TenantOwned, Base):
    """A coach school SENCO's (or the LA's) comment on one area of a submitted self-evaluation."""

    __tablename__ = "area_comment"

    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
