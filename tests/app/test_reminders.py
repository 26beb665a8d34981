"""E-mail notifications and reminders: one digest a day per person, sent once however often
`send-reminders` runs, and once more, never twice, after a run that stopped halfway."""

import smtplib
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app import features
from app.extensions import db
from app.interfaces import notifications, outbox
from app.models import (
    DigestStatus,
    Notification,
    NotificationDigest,
    NotificationKind,
    NotificationStatus,
    OutboxMessage,
    Topic,
    due_state,
)
from tests.conftest import sign_in
from tests.pages import error_summary, page

DAY = date(2026, 1, 12)  # a Monday in the spring term


@pytest.fixture
def tasks(monkeypatch):
    """A stand-in for the feature packages' task providers: tasks[(la_id, user_id)] is what is
    waiting for that person in that LA, with its due date; state comes from the one due rule."""
    waiting: dict[tuple[int, int], list[tuple[str, date]]] = {}

    def provider(la, person, assignments, today):
        return [features.Task(kind="test.thing", key=key, title=f"Confirm the areas for {key}",
                              href=f"/la/{la.slug}/things/{key}", la_id=la.id, due=due,
                              state=due_state(due, False, today))
                for key, due in waiting.get((la.id, person.id), [])]

    monkeypatch.setattr(features, "_task_providers", [provider])
    return waiting


def run(app, day: date = DAY):
    return app.test_cli_runner().invoke(args=["send-reminders", "--today", day.isoformat(),
                                              "--base-url", "https://send-triads.example"])


def sent_to(email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)
                                   .order_by(OutboxMessage.id)))


def outbox_count() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


def event(la, user, key="plan-1:shared", day=DAY, kind=NotificationKind.PLAN_SHARED):
    queued = notifications.notify(la, user, kind, "School A One's action plan is ready for your review",
                                  "School A One has shared its action plan with you.",
                                  f"/la/{la.slug}/plans/1", key, day=day)
    db.session.commit()
    return queued


def test_send_reminders_run_twice_sends_each_message_once(app, world, tasks):
    a = world["a"]
    tasks[(a["la"].id, a["senco"].id)] = [("areas", DAY + timedelta(days=3))]
    event(a["la"], a["senco"])

    first = run(app)
    assert first.exit_code == 0, first.output
    assert "queued 1 reminder; sent 1 e-mail" in first.output
    again = run(app)
    assert again.exit_code == 0, again.output
    assert "queued 0 reminders; sent 0 e-mails" in again.output

    [message] = sent_to(a["senco"].email)
    assert message.subject.startswith("SEND Triads: ")
    body = message.body
    # Both things, in one message, each with its link and why it was sent.
    assert "There are 2 things for you" in body
    assert "Open it: https://send-triads.example/la/authority-a/plans/1" in body
    assert "Open it: https://send-triads.example/la/authority-a/things/areas" in body
    assert "Due in 3 days: Confirm the areas for areas" in body
    assert ("You are getting this because you are the SENCO of School A One and chose "
            "“Things waiting for me”.") in body
    assert ("You are getting this because you are the SENCO of School A One and chose "
            "“Reminders before and after due dates”.") in body
    assert "Change this on your account page: https://send-triads.example/account/emails" in body
    assert message.la_id == a["la"].id
    assert outbox_count() == 1


def test_a_reminder_is_sent_once_per_window_before_on_and_after_the_due_date(app, world, tasks):
    a = world["a"]
    due = DAY + timedelta(days=10)
    tasks[(a["la"].id, a["head"].id)] = [("plan", due)]
    for offset in range(0, 20):  # cron every day from ten days before to nine days after
        assert run(app, DAY + timedelta(days=offset)).exit_code == 0
    subjects = [m.subject for m in sent_to(a["head"].email)]
    assert subjects == ["SEND Triads: Due in 7 days: Confirm the areas for plan",
                        "SEND Triads: Due today: Confirm the areas for plan",
                        "SEND Triads: Overdue: Confirm the areas for plan"]
    assert "This was due on Thursday 22 January 2026 and is not done yet." in sent_to(a["head"].email)[2].body


def test_a_moved_due_date_starts_its_reminders_again(app, world, tasks):
    a = world["a"]
    tasks[(a["la"].id, a["senco"].id)] = [("plan", DAY + timedelta(days=2))]
    run(app)
    tasks[(a["la"].id, a["senco"].id)] = [("plan", DAY + timedelta(days=9))]
    run(app, DAY + timedelta(days=3))
    assert [m.subject for m in sent_to(a["senco"].email)] == [
        "SEND Triads: Due in 2 days: Confirm the areas for plan",
        "SEND Triads: Due in 6 days: Confirm the areas for plan"]


def test_one_digest_per_person_per_day_and_later_news_waits_for_tomorrow(app, world, tasks):
    a = world["a"]
    event(a["la"], a["senco"], "plan-1:shared")
    event(a["la"], a["senco"], "plan-1:comment-4", kind=NotificationKind.PLAN_COMMENTED)
    event(a["la"], a["senco"], "plan-1:shared")  # the same event again the same day: queued once
    run(app)
    assert len(sent_to(a["senco"].email)) == 1
    assert "There are 2 things for you" in sent_to(a["senco"].email)[0].body

    event(a["la"], a["senco"], "plan-1:signed-off", kind=NotificationKind.PLAN_SIGNED_OFF)
    run(app)
    assert len(sent_to(a["senco"].email)) == 1  # today's digest has gone
    run(app, DAY + timedelta(days=1))
    [_, tomorrow] = sent_to(a["senco"].email)
    assert "There is 1 thing for you" in tomorrow.body


def test_a_person_who_opted_out_gets_nothing_of_that_kind(app, world, tasks):
    a = world["a"]
    senco, head = a["senco"], a["head"]
    notifications.save_topics(senco, {Topic.INVITATIONS}, senco.version)
    db.session.commit()
    tasks[(a["la"].id, senco.id)] = [("areas", DAY)]
    assert event(a["la"], senco) is None
    # Queued while the head still wanted it, then opted out before the day's e-mail: never sent.
    assert event(a["la"], head) is not None
    notifications.save_topics(head, {Topic.REMINDERS, Topic.INVITATIONS}, head.version)
    db.session.commit()

    assert run(app).exit_code == 0
    assert sent_to(senco.email) == [] and sent_to(head.email) == []
    assert db.session.scalar(select(Notification.status).where(Notification.user_id == head.id)) \
        is NotificationStatus.NOT_WANTED
    # What they still want still comes.
    assert event(a["la"], senco, "meeting-2:v1", kind=NotificationKind.MEETING) is not None
    run(app, DAY + timedelta(days=1))
    assert len(sent_to(senco.email)) == 1


def test_a_deactivated_person_gets_nothing(app, world, tasks):
    a = world["a"]
    event(a["la"], a["senco"])
    a["senco"].active = False
    db.session.commit()
    run(app)
    assert sent_to(a["senco"].email) == []


def test_the_lead_of_another_la_gets_nothing_about_this_la(app, world, tasks):
    a, b = world["a"], world["b"]
    tasks[(a["la"].id, a["lead"].id)] = [("behind", DAY)]
    # A provider that wrongly answered with another LA's task for B's lead is not believed.
    tasks[(b["la"].id, b["lead"].id)] = []
    leaky = features._task_providers[0]

    def provider(la, person, assignments, today):
        found = list(leaky(la, person, assignments, today))
        if person.id == b["lead"].id:
            found.append(features.Task(kind="test.thing", key="leak", title="School A One is behind",
                                       href="/la/authority-a/x", la_id=a["la"].id, due=today,
                                       state=due_state(today, False, today)))
        return found

    features._task_providers[:] = [provider]
    assert run(app).exit_code == 0
    assert len(sent_to(a["lead"].email)) == 1
    assert sent_to(b["lead"].email) == []
    assert "an LA SEND lead for Authority A" in sent_to(a["lead"].email)[0].body


def test_a_person_in_two_las_gets_one_digest_naming_each_la(app, world, make, tasks):
    from app.interfaces import users
    from app.models import Role

    a, b = world["a"], world["b"]
    users.grant_role(a["qa"], Role.QUALITY_ASSURER, la=b["la"])
    db.session.commit()
    event(a["la"], a["qa"], "visit-1:draft", kind=NotificationKind.QA_DRAFT_READY)
    event(b["la"], a["qa"], "visit-9:draft", kind=NotificationKind.QA_DRAFT_READY)
    run(app)
    [message] = sent_to(a["qa"].email)
    assert "Authority A\n" in message.body and "Authority B\n" in message.body
    assert message.la_id is None


def test_a_run_stopped_halfway_then_rerun_sends_every_message_exactly_once(app, world, tasks, monkeypatch):
    a, b = world["a"], world["b"]
    people = [a["senco"], a["head"], b["senco"]]
    for person in people:
        la = a["la"] if person is not b["senco"] else b["la"]
        event(la, person, f"plan-{person.id}:shared")
    store, calls = outbox.store, []

    def failing_second(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return store(*args, **kwargs)

    monkeypatch.setattr(outbox, "store", failing_second)
    stopped = run(app)
    assert stopped.exit_code == 1
    assert "1 e-mail could not be sent" in stopped.output
    assert outbox_count() == 2  # the first and the third; the second rolled back whole

    monkeypatch.setattr(outbox, "store", store)
    assert run(app).exit_code == 0
    assert run(app).exit_code == 0
    assert sorted(m.recipient for m in db.session.scalars(select(OutboxMessage))) == sorted(
        p.email for p in people)
    assert db.session.scalar(select(func.count(Notification.id)).where(
        Notification.status != NotificationStatus.SENT)) == 0


def test_an_interrupted_run_leaves_nothing_claimed_and_a_rerun_sends_the_rest_once(app, world, tasks,
                                                                                   monkeypatch):
    a = world["a"]
    people = [a["senco"], a["head"], a["lead"]]
    for person in people:
        event(a["la"], person, f"plan-{person.id}:shared")
    store, calls = outbox.store, []

    def interrupted(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return store(*args, **kwargs)

    monkeypatch.setattr(outbox, "store", interrupted)
    assert run(app).exit_code != 0
    assert outbox_count() == 1
    monkeypatch.setattr(outbox, "store", store)
    run(app)
    run(app)
    assert sorted(m.recipient for m in db.session.scalars(select(OutboxMessage))) == sorted(
        p.email for p in people)


def test_a_claim_left_by_a_run_that_died_is_sent_once_after_it_goes_stale(app, world, tasks, monkeypatch):
    a = world["a"]
    event(a["la"], a["senco"])
    # The process died after claiming the digest, before sending it.
    with app.test_request_context():
        claimed = notifications._claim(a["senco"].id, DAY, notifications.utcnow(), "https://x", "https://x/a")
    assert claimed is not None
    run(app)
    assert sent_to(a["senco"].email) == []  # it may still be sending: left alone
    monkeypatch.setitem(app.config, "REMINDER_CLAIM_TIMEOUT", timedelta(0))
    run(app)
    run(app)
    assert len(sent_to(a["senco"].email)) == 1
    digest = db.session.scalar(select(NotificationDigest).where(NotificationDigest.user_id == a["senco"].id))
    assert digest.status is DigestStatus.SENT and digest.attempts == 2


class FakeSMTP:
    """Records what the mail server accepted; refuses the message to `refuse` once."""

    accepted: list = []
    refuse: set = set()

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, *args):
        pass

    def send_message(self, message):
        if message["To"] in FakeSMTP.refuse:
            FakeSMTP.refuse.discard(message["To"])
            raise smtplib.SMTPRecipientsRefused({message["To"]: (450, b"try later")})
        FakeSMTP.accepted.append((message["To"], message["Subject"]))


def test_over_smtp_a_refused_send_is_sent_once_by_the_next_run(app, world, tasks, monkeypatch):
    a = world["a"]
    people = [a["senco"], a["head"], a["lead"]]
    for person in people:
        event(a["la"], person, f"plan-{person.id}:shared")
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example")
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.accepted, FakeSMTP.refuse = [], {a["head"].email}

    assert run(app).exit_code == 1
    assert sorted(to for to, _ in FakeSMTP.accepted) == sorted([a["senco"].email, a["lead"].email])
    digest = db.session.scalar(select(NotificationDigest).where(NotificationDigest.user_id == a["head"].id))
    assert digest.status is DigestStatus.FAILED
    assert run(app).exit_code == 0
    assert run(app).exit_code == 0
    assert sorted(to for to, _ in FakeSMTP.accepted) == sorted(p.email for p in people)
    assert outbox_count() == 0


# --- the account page ------------------------------------------------------------------------


def test_everyone_gets_every_kind_until_they_choose(app, world):
    client = sign_in(app.test_client(), world["a"]["senco"])
    soup = page(client.get("/account/emails"))
    boxes = soup.select("input[name=topics]")
    assert [b["value"] for b in boxes] == ["WAITING", "REMINDERS", "INVITATIONS"]
    assert all(b.has_attr("checked") for b in boxes)
    account = page(client.get("/account"))
    assert "Reminders before and after due dates" in account.get_text()


def test_a_person_chooses_which_emails_they_get(app, world):
    senco = world["a"]["senco"]
    client = sign_in(app.test_client(), senco)
    response = client.post("/account/emails", data={"topics": ["WAITING"], "version": senco.version})
    assert response.status_code == 302
    db.session.refresh(senco)
    assert notifications.chosen_topics(senco) == {Topic.WAITING}
    soup = page(client.get("/account/emails"))
    assert [b["value"] for b in soup.select("input[name=topics][checked]")] == ["WAITING"]
    # None at all is a choice too.
    assert client.post("/account/emails", data={"version": senco.version}).status_code == 302
    db.session.refresh(senco)
    assert notifications.chosen_topics(senco) == set()
    assert "None, except invitations to join and password resets" in page(client.get("/account")).get_text()


def test_a_tampered_or_stale_choice_is_refused(app, world):
    senco = world["a"]["senco"]
    client = sign_in(app.test_client(), senco)
    bad = client.post("/account/emails", data={"topics": ["EVERYTHING"], "version": senco.version})
    assert bad.status_code == 400
    assert error_summary(page(bad)) == ["Choose e-mails from the list"]
    stale = client.post("/account/emails", data={"topics": ["WAITING"], "version": senco.version - 1})
    assert stale.status_code == 409
    db.session.refresh(senco)
    assert notifications.chosen_topics(senco) == set(Topic)


def test_the_demo_starts_with_reminders_only_not_its_history(app):
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
        db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert run(app, date.today()).exit_code == 0
    kinds = set(db.session.scalars(select(Notification.kind)))
    assert kinds == {NotificationKind.REMINDER}
