"""E-mail notifications and reminders: the one way any code tells a person something by e-mail
that is not a sign-in matter (invitations and password resets go straight out through app.mail).

* `notify(la, user, kind, subject, body, href, key)` queues one thing for one person, in the
  transaction of the change that caused it (a plan shared, a comment made, a meeting moved), if the
  person has not opted out of that kind. The same key on the same day is queued once.
* `queue_reminders(today)` asks every feature what is waiting for each person
  (`app.features.waiting_for`) and queues a reminder once per task and window: a week before it is
  due, on the day, and a week after if it is still not done.
* `send_digests(today)` gathers each person's queued notifications into one e-mail a day.

How a digest is sent, so that a run stopped halfway loses and repeats nothing:
1. Claim (one transaction): the person's digest row for the day is created or re-claimed (a unique
   (person, day) row and its version stop two runs claiming it at once), the queued notifications
   are attached to it and the message is rendered. Committed.
2. Send: `app.mail.send`. Without a mail server this writes the outbox row in the session, so the
   outbox message and step 3 commit together or not at all.
3. Mark sent (one transaction): the digest and its notifications are marked sent. Committed.
If step 2 or 3 fails, the claim is released (FAILED) and the next run sends it again. If the process
dies between 1 and 3, the claim goes stale after `REMINDER_CLAIM_TIMEOUT` and the next run sends it
again. With SMTP the one window that can repeat a message is a server that accepted it before the
commit in step 3 failed: we chose to send again (at least once) rather than risk a person never
hearing that something is waiting for them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app import features, mail
from app.db import utcnow
from app.extensions import db
from app.interfaces.errors import expect_version, flush_or_conflict
from app.interfaces.outbox import Attachment  # a calendar invitation, say, sent with the digest
from app.models import (
    DigestStatus,
    DueState,
    LocalAuthority,
    Notification,
    NotificationDigest,
    NotificationKind,
    NotificationOptOut,
    NotificationStatus,
    Role,
    RoleAssignment,
    Topic,
    User,
)

# Reminder windows: a week before, on the day, and a week after a due date still not met. The
# "overdue" and "due soon" themselves come from the task's state (app.models.cohort.due_state).
REMIND_BEFORE_DAYS = 7
REMIND_AFTER_DAYS = 7
# A claim older than this was left by a run that died; the next run sends it again.
CLAIM_TIMEOUT = timedelta(minutes=10)
SERVICE_NAME = "SEND Triads"


# --- what each person chose ---------------------------------------------------------------------


def chosen_topics(user: User) -> set[Topic]:
    opted_out = set(db.session.scalars(select(NotificationOptOut.topic).where(
        NotificationOptOut.user_id == user.id)))
    return set(Topic) - opted_out


def wants(user: User, kind: NotificationKind | Topic) -> bool:
    """Whether the person gets this kind of e-mail: an active account that has not opted out."""
    topic = kind.topic if isinstance(kind, NotificationKind) else kind
    return user.is_active and topic in chosen_topics(user)


def save_topics(user: User, chosen: Iterable[Topic], version: int | None) -> None:
    """What the person chose on their account page: every topic not chosen is opted out of."""
    expect_version(user, version)
    chosen = set(chosen)
    db.session.execute(delete(NotificationOptOut).where(NotificationOptOut.user_id == user.id))
    for topic in Topic:
        if topic not in chosen:
            db.session.add(NotificationOptOut(user_id=user.id, topic=topic))
    # The choice is part of the account: its version moves on, so a stale account form is refused.
    user.updated_at = utcnow()
    flag_modified(user, "updated_at")
    flush_or_conflict()


# --- who is told, and why ---------------------------------------------------------------------


def people_at(la: LocalAuthority, school_ids: Iterable[int], *roles: Role) -> list[User]:
    """Active people holding one of these roles at one of these schools of the LA."""
    ids = list(set(school_ids))
    if not ids:
        return []
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.school_id.in_(ids),
                   RoleAssignment.active.is_(True), RoleAssignment.role.in_(roles), User.active.is_(True))
            .distinct().order_by(User.name, User.id))
    return list(db.session.scalars(stmt))


def people_of_la(la: LocalAuthority, *roles: Role) -> list[User]:
    """Active people holding one of these LA-wide roles (the LA SEND lead, say) in the LA."""
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.school_id.is_(None),
                   RoleAssignment.active.is_(True), RoleAssignment.role.in_(roles), User.active.is_(True))
            .distinct().order_by(User.name, User.id))
    return list(db.session.scalars(stmt))


def _phrase(assignment: RoleAssignment, la: LocalAuthority) -> str:
    school = assignment.school.name if assignment.school is not None else ""
    return {
        Role.SENCO: f"the SENCO of {school}",
        Role.HEADTEACHER: f"the headteacher of {school}",
        Role.LA_LEAD: f"an LA SEND lead for {la.name}",
        Role.QUALITY_ASSURER: f"a quality assurer for {la.name}",
    }.get(assignment.role, f"{assignment.role.label} in {la.name}")


def role_phrase(la: LocalAuthority, user: User, school_id: int | None = None) -> str:
    """Why this person hears about this: "the SENCO of Birchwood Primary", "an LA SEND lead for
    Northmere". Their role at `school_id` when they hold one, else their LA-wide role."""
    mine = [a for a in user.active_roles() if a.la_id == la.id]
    at_school = [a for a in mine if school_id is not None and a.school_id == school_id]
    la_wide = [a for a in mine if a.school_id is None]
    chosen = (at_school or la_wide or mine)
    if not chosen:
        return f"someone with a role in {la.name}"
    return _phrase(sorted(chosen, key=lambda a: a.role.name)[0], la)


def path_for(endpoint: str, **values) -> str:
    """A path inside the service, from a request or from the reminders command alike."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


# --- queueing -------------------------------------------------------------------------------------


def notify(la: LocalAuthority, user: User, kind: NotificationKind, subject: str, body: str, href: str,
           key: str, *, school_id: int | None = None, reason: str | None = None,
           attachment: Attachment | None = None, day: date | None = None) -> Notification | None:
    """Queue one thing for one person, for the day's digest. Call it from an interface, in the
    transaction of the change: if the change is rolled back, so is the notification.

    `key` names the event ("plan-12:shared", "meeting-7:v3"); the same key on the same day is
    queued once. `reason` says who the person is to this ("the SENCO of X, the coach school of the
    North triad"); by default their role at `school_id`, or in the LA. Text and subject must never
    carry a child's name. Returns None when the person opted out of this kind (or is inactive)."""
    day = day or utcnow().date()
    return _queue(la, user, kind, f"{key}@{day.isoformat()}", day, subject, body, href,
                  reason or role_phrase(la, user, school_id), attachment)


def _queue(la: LocalAuthority, user: User, kind: NotificationKind, key: str, day: date, subject: str,
           body: str, href: str, reason: str, attachment: Attachment | None) -> Notification | None:
    if not wants(user, kind):
        return None
    existing = db.session.scalar(select(Notification).where(
        Notification.user_id == user.id, Notification.key == key))
    if existing is not None:
        return existing
    item = Notification(
        la_id=la.id, user_id=user.id, kind=kind, key=key, day=day, subject=subject[:200], body=body,
        href=href[:500], reason=reason[:300], status=NotificationStatus.QUEUED,
        attachment_name=attachment.filename if attachment else None,
        attachment_type=attachment.content_type if attachment else None,
        attachment_body=attachment.content if attachment else None,
    )
    # In a savepoint: two requests queueing the same thing at the same instant must not make the
    # change that caused it fail; the second one simply finds it queued.
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        return db.session.scalar(select(Notification).where(
            Notification.user_id == user.id, Notification.key == key))
    return item


def forget_queued() -> int:
    """Drop every notification still waiting for its digest; how many. For seeded histories: their
    events are written today but happened on earlier days, whose e-mails are long gone."""
    return db.session.execute(
        delete(Notification).where(Notification.status == NotificationStatus.QUEUED)).rowcount


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def reminder_window(task: features.Task, today: date) -> str | None:
    """Which reminder a task is due today, if any: "before", "today" or "after"."""
    if task.due is None or task.state is DueState.DONE:
        return None
    days = (task.due - today).days
    if days == 0:
        return "today"
    if task.state is DueState.DUE_SOON and 0 < days <= REMIND_BEFORE_DAYS:
        return "before"
    if task.state is DueState.OVERDUE and -days >= REMIND_AFTER_DAYS:
        return "after"
    return None


def _reminder_text(task: features.Task, window: str, today: date) -> tuple[str, str]:
    due = _long_date(task.due)
    if window == "today":
        return f"Due today: {task.title}", f"This is due today, {due}."
    if window == "before":
        days = (task.due - today).days
        return f"Due in {days} day{'s' if days != 1 else ''}: {task.title}", f"This is due on {due}."
    return f"Overdue: {task.title}", f"This was due on {due} and is not done yet."


def people_in_la(la: LocalAuthority) -> list[tuple[User, list[RoleAssignment]]]:
    """Every active person with an active role in the LA, with those roles."""
    stmt = (select(User, RoleAssignment).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True), User.active.is_(True))
            .order_by(User.id, RoleAssignment.id))
    found: dict[int, tuple[User, list[RoleAssignment]]] = {}
    for user, assignment in db.session.execute(stmt):
        found.setdefault(user.id, (user, []))[1].append(assignment)
    return list(found.values())


def queue_reminders(today: date) -> int:
    """Queue today's reminders for everyone in every LA; returns how many were new. Each is queued
    once per task, due date and window, however often this runs."""
    queued = 0
    for la in db.session.scalars(select(LocalAuthority).order_by(LocalAuthority.id)):
        for user, assignments in people_in_la(la):
            if Topic.REMINDERS not in chosen_topics(user):
                continue
            for task in features.waiting_for(la, user, assignments, today):
                window = reminder_window(task, today)
                if window is None or task.la_id != la.id:  # a provider answers for this LA only
                    continue
                key = f"reminder:{task.key}:{task.due.isoformat()}:{window}"
                if db.session.scalar(select(Notification.id).where(
                        Notification.user_id == user.id, Notification.key == key)) is not None:
                    continue
                subject, body = _reminder_text(task, window, today)
                if _queue(la, user, NotificationKind.REMINDER, key, today, subject, body, task.href,
                          role_phrase(la, user, task.school_id), None) is not None:
                    queued += 1
        db.session.commit()  # one LA at a time: a later failure keeps what was queued
    return queued


# --- sending --------------------------------------------------------------------------------------


@dataclass
class DigestRun:
    sent: int = 0
    failed: int = 0
    waiting: int = 0  # people whose digest for the day was already sent or is being sent


def _claim_timeout() -> timedelta:
    return current_app.config.get("REMINDER_CLAIM_TIMEOUT", CLAIM_TIMEOUT)


def pending_people(today: date) -> list[int]:
    return list(db.session.scalars(
        select(Notification.user_id).where(Notification.status == NotificationStatus.QUEUED,
                                           Notification.day <= today)
        .distinct().order_by(Notification.user_id)))


def render_digest(user: User, items: Sequence[Notification], las: dict[int, LocalAuthority],
                  base_url: str, account_url: str) -> tuple[str, str]:
    """The day's e-mail: each item with what it is, the link to it and why it was sent."""
    first = items[0]
    subject = first.subject if len(items) == 1 else f"{first.subject}, and {len(items) - 1} more"
    count = "is 1 thing" if len(items) == 1 else f"are {len(items)} things"
    lines = [f"Hello {user.name},", "", f"There {count} for you in {SERVICE_NAME}.", ""]
    several_las = len({i.la_id for i in items}) > 1
    current_la = None
    for number, item in enumerate(items, start=1):
        if several_las and item.la_id != current_la:
            current_la = item.la_id
            lines += [las[item.la_id].name, "-" * len(las[item.la_id].name), ""]
        lines += [
            f"{number}. {item.subject}",
            item.body,
            f"Open it: {base_url.rstrip('/')}{item.href}",
            f"You are getting this because you are {item.reason} and chose "
            f"“{item.kind.topic.label}”.",
            "",
        ]
    lines += [f"Change this on your account page: {account_url}", "", SERVICE_NAME]
    return f"{SERVICE_NAME}: {subject}"[:200], "\n".join(lines)


def _order(items: list[Notification], las: dict[int, LocalAuthority]) -> list[Notification]:
    kinds = list(NotificationKind)
    return sorted(items, key=lambda i: (las[i.la_id].name, kinds.index(i.kind), i.day, i.id))


def _claim(user_id: int, today: date, now: datetime, base_url: str,
           account_url: str) -> tuple[User, NotificationDigest, list[Notification]] | None:
    """Step 1: attach the person's queued notifications to the day's digest and render it.
    None when there is nothing to send, or the day's digest was sent or is being sent."""
    user = db.session.get(User, user_id)
    items = list(db.session.scalars(select(Notification).where(
        Notification.user_id == user_id, Notification.status == NotificationStatus.QUEUED,
        Notification.day <= today)))
    digest = db.session.scalar(select(NotificationDigest).where(
        NotificationDigest.user_id == user_id, NotificationDigest.day == today))
    if digest is not None and (digest.status is DigestStatus.SENT or (
            digest.status is DigestStatus.CLAIMED and digest.claimed_at > now - _claim_timeout())):
        db.session.rollback()
        return None
    topics = chosen_topics(user) if user.is_active else set()
    keep = []
    for item in items:
        if item.kind.topic in topics:
            keep.append(item)
        else:  # opted out (or deactivated) since it was queued: never sent
            item.status, item.digest_id = NotificationStatus.NOT_WANTED, None
    if not keep:
        db.session.commit()
        return None
    if digest is None:
        digest = NotificationDigest(user_id=user.id, day=today, status=DigestStatus.CLAIMED,
                                    claimed_at=now, attempts=1)
        db.session.add(digest)
    else:
        digest.status, digest.claimed_at, digest.attempts = DigestStatus.CLAIMED, now, digest.attempts + 1
    # The claim itself, before anything else flushes it: a run on another machine that read the
    # same day's digest (or its absence) at the same moment is stopped here by the unique
    # (person, day) row or the version, and leaves the person to the run that claimed first.
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        return None
    las = {la.id: la for la in db.session.scalars(
        select(LocalAuthority).where(LocalAuthority.id.in_({i.la_id for i in keep})))}
    keep = _order(keep, las)
    digest.subject, digest.body = render_digest(user, keep, las, base_url, account_url)
    try:
        db.session.flush()
        for item in keep:
            item.digest_id = digest.id
        db.session.commit()
    except (IntegrityError, StaleDataError):  # another run claimed it first
        db.session.rollback()
        return None
    return user, digest, keep


def _send(user: User, digest: NotificationDigest, items: list[Notification], now: datetime) -> None:
    """Steps 2 and 3: send, then mark sent."""
    la_ids = {i.la_id for i in items}
    attachments = [Attachment(i.attachment_name, i.attachment_body, i.attachment_type or "text/plain")
                   for i in items if i.attachment_name and i.attachment_body is not None]
    mail.send(user.email, digest.subject, digest.body, la_ids.pop() if len(la_ids) == 1 else None,
              attachments)
    digest.status, digest.sent_at = DigestStatus.SENT, now
    for item in items:
        item.status, item.sent_at = NotificationStatus.SENT, now
    db.session.commit()


def _release(digest_id: int) -> None:
    """A send that failed: the next run sends it again."""
    db.session.rollback()
    digest = db.session.get(NotificationDigest, digest_id)
    if digest is not None and digest.status is DigestStatus.CLAIMED:
        digest.status = DigestStatus.FAILED
        db.session.commit()


def send_digests(today: date, base_url: str, now: datetime | None = None) -> DigestRun:
    """Send each person with something queued their one e-mail of the day."""
    now = now or utcnow()
    run = DigestRun()
    account_url = base_url.rstrip("/") + path_for("auth.email_preferences")
    for user_id in pending_people(today):
        claimed = _claim(user_id, today, now, base_url, account_url)
        if claimed is None:
            run.waiting += 1
            continue
        user, digest, items = claimed
        try:
            _send(user, digest, items, now)
        except Exception:
            # One address the server refuses, or a failed commit, must not stop everyone else's.
            current_app.logger.exception("Reminder e-mail to user %s failed; the next run sends it", user_id)
            _release(digest.id)
            run.failed += 1
            continue
        except BaseException:
            _release(digest.id)  # interrupted: leave nothing claimed that a rerun must wait for
            raise
        run.sent += 1
    return run
