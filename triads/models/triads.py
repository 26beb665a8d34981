"""Triads, their meetings, and each school's action plan."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import Labelled, string_enum


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


class MeetingStatus(Labelled):
    PLANNED = "Planned"
    RECORDED = "Recorded"


MEETING_PURPOSES = {
    1: "Action planning",
    2: "Progress review",
    3: "Final review and preparation for the celebration",
}


class Meeting(TenantOwned, Versioned, Base):
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


class PlanStatus(Labelled):
    DRAFT = "Draft"
    SHARED = "Shared with triad"
    COACH_REVIEWED = "Coach reviewed"
    SIGNED_OFF = "Signed off"
    IN_PROGRESS = "In progress"
    REVIEWED = "Reviewed at year end"


class ActionStatus(Labelled):
    NOT_STARTED = "Not started"
    ON_TRACK = "On track"
    AT_RISK = "At risk"
    OFF_TRACK = "Off track"
    DONE = "Done"


class CriterionOutcome(Labelled):
    MET = "Met"
    PARTLY_MET = "Partly met"
    NOT_MET = "Not met"


class ActionPlan(TenantOwned, Versioned, Base):
    """One school's plan for one cohort year."""

    __tablename__ = "action_plan"
    __table_args__ = (UniqueConstraint("school_id", "cohort_id"),)

    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    status: Mapped[PlanStatus] = mapped_column(string_enum(PlanStatus), default=PlanStatus.DRAFT)
    signed_off_at: Mapped[datetime | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Set when a signed-off plan is changed, so the change is visible until the head signs again.
    changed_since_sign_off: Mapped[bool] = mapped_column(Boolean, default=False)

    priorities: Mapped[list["Priority"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Priority.position"
    )


class Priority(TenantOwned, Versioned, Base):
    __tablename__ = "plan_priority"

    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    area_id: Mapped[str] = mapped_column(String(40))
    statement_id: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    intended_outcome: Mapped[str] = mapped_column(Text, default="")

    criteria: Mapped[list["SuccessCriterion"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="SuccessCriterion.id"
    )
    actions: Mapped[list["Action"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Action.id"
    )
    comments: Mapped[list["PriorityComment"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PriorityComment.id"
    )


class SuccessCriterion(TenantOwned, Versioned, Base):
    """How we will know; reviewed for impact at the year's end."""

    __tablename__ = "plan_success_criterion"

    priority_id: Mapped[int] = mapped_column(ForeignKey("plan_priority.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[CriterionOutcome | None] = mapped_column(string_enum(CriterionOutcome))
    impact: Mapped[str] = mapped_column(Text, default="")


class Action(TenantOwned, Versioned, Base):
    __tablename__ = "plan_action"
    __table_args__ = (Index("ix_plan_action_la_id_due_on", "la_id", "due_on"),)

    priority_id: Mapped[int] = mapped_column(ForeignKey("plan_priority.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    owner_name: Mapped[str] = mapped_column(String(120), default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    resources: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(string_enum(ActionStatus), default=ActionStatus.NOT_STARTED)

    notes: Mapped[list["ProgressNote"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ProgressNote.id"
    )


class ProgressNote(TenantOwned, Base):
    """Dated progress on an action. Never edited: the history is the point."""

    __tablename__ = "plan_progress_note"

    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[ActionStatus] = mapped_column(string_enum(ActionStatus))
    body: Mapped[str] = mapped_column(Text)


class PriorityComment(TenantOwned, Base):
    """The coach school's comment on a priority, resolved by the school."""

    __tablename__ = "plan_priority_comment"

    priority_id: Mapped[int] = mapped_column(ForeignKey("plan_priority.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    response: Mapped[str] = mapped_column(Text, default="")


class PlanTransition(TenantOwned, Base):
    """Each step of a plan's workflow, with who and when."""

    __tablename__ = "plan_transition"

    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plan.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[PlanStatus | None] = mapped_column(string_enum(PlanStatus))
    to_status: Mapped[PlanStatus] = mapped_column(string_enum(PlanStatus))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")


# QA visits and the celebration of learning live in their own modules; imported here so every
# table is on Base.metadata.
