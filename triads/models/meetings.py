"""A triad's meetings: three a year, planned ahead and recorded afterwards."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from triads.models.arrangements import Arranged
from triads.types import MeetingStatus

MEETING_PURPOSES = {
    1: "Action planning",
    2: "Progress review",
    3: "Final review and preparation for the celebration",
}


class Meeting(Arranged, TenantOwned, Versioned, Base):
    __tablename__ = "triad_meeting"
    __table_args__ = (UniqueConstraint("triad_id", "number"),)

    triad_id: Mapped[int] = mapped_column(ForeignKey("triad.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date | None] = mapped_column(Date)
    host_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))
    status: Mapped[MeetingStatus] = mapped_column(string_enum(MeetingStatus), default=MeetingStatus.PLANNED)
    agenda: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    agreed_actions: Mapped[str] = mapped_column(Text, default="")
    follow_ups: Mapped[str] = mapped_column(Text, default="")
    guests: Mapped[str] = mapped_column(Text, default="")

    attendees: Mapped[list["MeetingAttendee"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def purpose(self) -> str:
        return MEETING_PURPOSES.get(self.number, "Triad meeting")


class MeetingAttendee(TenantOwned, Base):
    __tablename__ = "triad_meeting_attendee"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("triad_meeting.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
