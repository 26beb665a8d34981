"""E-mail notifications and reminders: what is queued for a person, the one digest a day that
carries it, and what each person chose not to get.

A notification is written in the same transaction as the change that caused it (a plan shared, a
comment made) or by the reminders command, and waits in `notification` until the day's digest takes
it. `send-reminders` gathers each person's waiting notifications into one `notification_digest` a
day: claimed first, then sent, so a run that stops halfway neither loses nor repeats a message.
"""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantOwned, Versioned
from app.models.enums import Labelled, string_enum


class Topic(Labelled):
    """What a person chooses to get, on their account page. Everyone gets all of them until they
    choose otherwise."""

    WAITING = "Things waiting for me"
    REMINDERS = "Reminders before and after due dates"
    INVITATIONS = "Meeting and visit invitations"

    @property
    def hint(self) -> str:
        return {
            Topic.WAITING: "When a plan is shared with you for review, your coach comments on your plan, "
                           "a plan is signed off or a draft QA report is ready for you to read.",
            Topic.REMINDERS: "A week before something is due, on the day, and a week after if it "
                             "is still not done.",
            Topic.INVITATIONS: "When a triad meeting or a QA visit you are part of is arranged, moved "
                               "or cancelled, with a calendar invitation.",
        }[self]


class NotificationKind(Labelled):
    """Each kind of notification, and the topic a person chooses it by."""

    PLAN_SHARED = "An action plan shared for your review"
    PLAN_COMMENTED = "A coach's comment on your action plan"
    PLAN_SIGNED_OFF = "An action plan signed off"
    QA_DRAFT_READY = "A draft QA report ready for comments"
    MEETING = "A triad meeting arranged, moved or cancelled"
    VISIT = "A QA visit arranged, moved or cancelled"
    REMINDER = "A reminder of something due"

    @property
    def topic(self) -> Topic:
        if self is NotificationKind.REMINDER:
            return Topic.REMINDERS
        if self in (NotificationKind.MEETING, NotificationKind.VISIT):
            return Topic.INVITATIONS
        return Topic.WAITING


class NotificationStatus(Labelled):
    QUEUED = "Waiting for the day's e-mail"
    SENT = "Sent"
    NOT_WANTED = "Not sent: the person chose not to get these"


class DigestStatus(Labelled):
    CLAIMED = "Being sent"
    SENT = "Sent"
    FAILED = "Failed; sent again by the next run"


class Notification(TenantOwned, Base):
    """One thing to tell one person, about one LA's work. Never a child's name: the text comes
    from records that carry none (plan, school and triad names, task titles)."""

    __tablename__ = "notification"
    # Once per person and key: an event's key carries its day ("plan-12:shared@2026-12-03"), a
    # reminder's its task, due date and window, so queueing the same thing again is a no-op.
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(string_enum(NotificationKind))
    key: Mapped[str] = mapped_column(String(250))
    day: Mapped[date] = mapped_column(Date)  # the day it was queued for; sent in that day's digest or later
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    href: Mapped[str] = mapped_column(String(500))  # a path inside the service
    reason: Mapped[str] = mapped_column(String(300))  # "the SENCO of Birchwood Primary"
    status: Mapped[NotificationStatus] = mapped_column(
        string_enum(NotificationStatus), default=NotificationStatus.QUEUED, index=True)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_digest.id", ondelete="SET NULL"), index=True)
    sent_at: Mapped[datetime | None]
    # An invitation's calendar file, sent with the digest that carries it.
    attachment_name: Mapped[str | None] = mapped_column(String(120))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_body: Mapped[str | None] = mapped_column(Text)


class NotificationDigest(Versioned, Base):
    """The one e-mail a person gets on a day. Claimed (the version guards against two runs
    claiming it at once), then sent; a failed send is released for the next run."""

    __tablename__ = "notification_digest"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[DigestStatus] = mapped_column(string_enum(DigestStatus))
    claimed_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    subject: Mapped[str] = mapped_column(String(200), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")


class NotificationOptOut(Base):
    """A topic a person chose not to get. No row: they get it (the default is on)."""

    __tablename__ = "notification_opt_out"
    __table_args__ = (UniqueConstraint("user_id", "topic"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    topic: Mapped[Topic] = mapped_column(string_enum(Topic))
