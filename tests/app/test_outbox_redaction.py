"""The outbox in production keeps no usable link: messages are sent, then stored with every link
removed, so the platform administrator who reads the outbox cannot take over an account. In
development and the demo it keeps them, because with no mail server that is how links arrive."""

import pytest

from app import mail
from app.extensions import db
from app.interfaces import outbox as outbox_messages
from tests.pages import outbox, page, text_of

RESET = "https://triads.example/reset-password/eyJ1IjoxMn0.Zx9a.Q2b"
INVITE = mail.Attachment("invite.ics", f"BEGIN:VCALENDAR\r\nURL:{RESET}\r\nEND:VCALENDAR\r\n",
                         "text/calendar; method=REQUEST")
BODY = f"Choose a new password: {RESET}\n\nOr start at http://localhost:5000/la/northmere/?x=1 today."


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def production_mail(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example")
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "")
    monkeypatch.setitem(app.config, "OUTBOX_REDACT_LINKS", True)
    return FakeSMTP.sent


def test_production_config_redacts_and_the_others_do_not():
    from config import DevelopmentConfig, ProductionConfig, TestConfig

    assert ProductionConfig.OUTBOX_REDACT_LINKS is True
    assert DevelopmentConfig.OUTBOX_REDACT_LINKS is False and TestConfig.OUTBOX_REDACT_LINKS is False


def test_in_production_the_message_is_sent_whole_and_stored_without_its_links(app, production_mail):
    mail.send("someone@example.org", "Reset your password", BODY, None, [INVITE])
    (sent,) = production_mail
    assert RESET in sent.get_body(("plain",)).get_content()
    (stored,) = outbox()
    assert RESET not in stored.body and "localhost:5000" not in stored.body
    assert stored.body == ("Choose a new password: [link removed after sending]\n\n"
                           "Or start at [link removed after sending] today.")
    assert stored.attachments[0].content == "BEGIN:VCALENDAR\r\nURL:[link removed after sending]\r\nEND:VCALENDAR\r\n"


def test_the_production_outbox_page_says_links_are_removed(app, production_mail, signed_in):
    mail.send("someone@example.org", "Reset your password", BODY)
    message = outbox()[0]
    db.session.commit()
    admin = signed_in(None, "admin")
    listing = text_of(page(admin.get("/admin/outbox")).find("main"))
    assert "with every link removed after sending" in listing and "No mail server is configured" not in listing
    shown = page(admin.get(f"/admin/outbox/{message.id}"))
    assert RESET not in str(shown) and "[link removed after sending]" in text_of(shown.find("main"))
    assert not shown.select("main .app-email-body a")


def test_in_development_the_outbox_keeps_the_links_and_says_so(app, signed_in):
    assert not app.config["MAIL_SERVER"] and not app.config["OUTBOX_REDACT_LINKS"]
    mail.send("someone@example.org", "Reset your password", BODY, None, [INVITE])
    message = outbox()[0]
    assert RESET in message.body and RESET in message.attachments[0].content
    db.session.commit()
    admin = signed_in(None, "admin")
    listing = text_of(page(admin.get("/admin/outbox")).find("main"))
    assert "The links in them work" in listing and "in production the links are removed" in listing
    assert RESET in [a["href"] for a in page(admin.get(f"/admin/outbox/{message.id}")).select("main a")]


@pytest.mark.parametrize("text", [
    "http://a.example/x?token=abc", "HTTPS://A.EXAMPLE/Y", "www.example.org/reset/abc", "<https://x.example/a>"])
def test_every_kind_of_link_is_removed(text):
    assert "example" not in outbox_messages.redact_links(f"before {text} after")
