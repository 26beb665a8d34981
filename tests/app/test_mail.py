"""Mail with attachments: kept in the outbox without a mail server, and sent over SMTP as a
multipart message that calendar clients read as an invitation. The SMTP test talks to a real
SMTP server (aiosmtpd) started on this machine."""

import email
import socket
from email import policy

import pytest
from icalendar import Calendar

from app import mail
from app.extensions import db
from tests.pages import outbox, page, text_of

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
       "UID:x@send-triads\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260330T090000Z\r\nSEQUENCE:1\r\n"
       "SUMMARY:Triad meeting 2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
INVITE = mail.Attachment("invite.ics", ICS, "text/calendar; method=REQUEST")


def test_without_a_mail_server_the_message_and_its_attachment_go_to_the_outbox(app):
    mail.send("someone@example.org", "Arranged: meeting 2", "Hello", None, [INVITE])
    mail.send("other@example.org", "No attachment", "Hello")  # the callers from before still work
    first, second = outbox()
    assert [(a.filename, a.content_type, a.content) for a in first.attachments] == [
        ("invite.ics", "text/calendar; method=REQUEST", ICS)]
    assert second.attachments == []


def test_the_outbox_page_shows_what_was_attached(signed_in):
    mail.send("someone@example.org", "Arranged: meeting 2", "Hello", None, [INVITE])
    message = outbox()[0]
    db.session.commit()
    shown = page(signed_in(None, "admin").get(f"/admin/outbox/{message.id}"))
    assert "invite.ics (text/calendar; method=REQUEST)" in text_of(shown.select_one(".govuk-details__summary"))
    assert "SUMMARY:Triad meeting 2" in text_of(shown.select_one(".govuk-details pre"))


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.rcpt_tos, envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler.messages
    controller.stop()


def test_over_smtp_an_invitation_is_a_multipart_message_with_text_calendar(app, monkeypatch, smtp_server):
    port, received = smtp_server
    for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_USERNAME": "", "MAIL_FROM": "SEND Triads <no-reply@send-triads.example>"}.items():
        monkeypatch.setitem(app.config, key, value)
    mail.send("senco@example.org", "Arranged: meeting 2", "Meeting 2 has been arranged.", None, [INVITE])
    assert outbox() == [], "sent over SMTP, not kept"
    [(recipients, raw)] = received
    assert recipients == ["senco@example.org"]
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    alternative, attached = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, invitation = alternative.get_payload()
    assert text.get_content_type() == "text/plain" and "has been arranged" in text.get_content()
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST"
    assert attached.get_content_type() == "application/ics" and attached.get_filename() == "invite.ics"
    for part in (invitation.get_content(), attached.get_content()):
        event = Calendar.from_ical(part).walk("VEVENT")[0]
        assert event["UID"] == "x@send-triads" and event["SEQUENCE"] == 1
