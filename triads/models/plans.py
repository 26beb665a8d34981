"""Each school's action plan: priorities, success criteria, actions, progress notes, the coach's
comments and the plan's workflow history."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import string_enum
from triads.types import ActionStatus, CriterionOutcome, PlanStatus, SignOff


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


class SignOffRule(TenantOwned, Versioned, Base):
    """Who signs off a cohort's plans when a school has no headteacher account, as the LA lead chose.
    No row: only a headteacher (SignOff.HEADTEACHER_ONLY)."""

    __tablename__ = "plan_sign_off_rule"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), unique=True)
    rule: Mapped[SignOff] = mapped_column(string_enum(SignOff), default=SignOff.HEADTEACHER_ONLY)
