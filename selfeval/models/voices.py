"""Other voices: links asking for views, and the answers given through them."""

import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from selfeval.types import VoiceKind


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
