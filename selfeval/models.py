import secrets
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import Labelled, string_enum


class FrameworkVersion(Base):
    """One loaded framework file. Never edited: a new wording is a new version, so existing
    self-evaluations keep the framework they were made with."""

    __tablename__ = "framework_version"
    __table_args__ = (UniqueConstraint("la_id", "key", "version"),)

    # None for the frameworks that ship with the service; an LA's id for one its lead loaded.
    la_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_authority.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    definition: Mapped[dict] = mapped_column(JSON)
    source_text: Mapped[str] = mapped_column(Text)
    loaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class SelfEvaluationStatus(Labelled):
    IN_PROGRESS = "In progress"
    SUBMITTED = "Submitted"


class AreaStatus(Labelled):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"


class VoiceKind(Labelled):
    HEADTEACHER = "Headteacher"
    SENIOR_LEADER = "Senior leader"
    TEACHER = "Teacher"
    TEACHING_ASSISTANT = "Teaching assistant"
    GOVERNOR = "Governor"
    PARENT = "Parent or carer"
    PUPIL = "Pupil"

    @property
    def anonymous(self) -> bool:
        """Parents and pupils answer without an account and without giving a name."""
        return self in (VoiceKind.PARENT, VoiceKind.PUPIL)


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


class EvidenceFile(TenantOwned, Base):
    """Stored in the database so every worker sees it and backups include it; 5 MB at most."""

    __tablename__ = "evidence_file"

    area_response_id: Mapped[int] = mapped_column(
        ForeignKey("area_response.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[str | None] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class VoiceInvitation(TenantOwned, Versioned, Base):
    """A link asking for views on chosen areas: e-mailed to one person, or a school-only link
    that many (parents, pupils) can use, each answer kept separately."""

    __tablename__ = "voice_invitation"

    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[VoiceKind] = mapped_column(string_enum(VoiceKind))
    area_ids: Mapped[list] = mapped_column(JSON)
    email: Mapped[str | None] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(120))
    multi_use: Mapped[bool] = mapped_column(Boolean, default=False)
    nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    closed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    responses: Mapped[list["VoiceResponse"]] = relationship(
        back_populates="invitation", lazy="selectin", cascade="all, delete-orphan"
    )


class VoiceResponse(TenantOwned, Base):
    """One person's answers through a voice invitation."""

    __tablename__ = "voice_response"

    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("voice_invitation.id", ondelete="CASCADE"), index=True
    )
    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[VoiceKind] = mapped_column(string_enum(VoiceKind))
    respondent_name: Mapped[str | None] = mapped_column(String(120))  # None when anonymous
    submitted_at: Mapped[datetime | None]

    invitation: Mapped[VoiceInvitation] = relationship(back_populates="responses", lazy="raise")
    ratings: Mapped[list["VoiceRating"]] = relationship(
        back_populates="response", lazy="selectin", cascade="all, delete-orphan"
    )


class VoiceRating(TenantOwned, Base):
    __tablename__ = "voice_rating"
    __table_args__ = (UniqueConstraint("response_id", "statement_id"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("voice_response.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[str] = mapped_column(String(80))
    rating: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[VoiceResponse] = relationship(back_populates="ratings", lazy="raise")


class AreaComment(TenantOwned, Base):
    """A coach school SENCO's (or the LA's) comment on one area of a submitted self-evaluation."""

    __tablename__ = "area_comment"

    self_evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("self_evaluation.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
