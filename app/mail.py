"""Sends mail over SMTP when MAIL_SERVER is set; otherwise keeps it in the outbox table.

With OUTBOX_REDACT_LINKS (on in production) the outbox keeps a copy of every message after it is
sent, with its links removed: an invitation or password-reset link in the outbox would let the
platform administrator, who reads it, take over the account. In development and the demo the
outbox keeps the links, because with no mail server that is how people get them.
"""

import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import parseaddr

from flask import current_app

from app.interfaces import outbox
from app.interfaces.outbox import Attachment


def send(recipient: str, subject: str, body: str, la_id: int | None = None,
         attachments: Sequence[Attachment] = ()) -> None:
    config = current_app.config
    redact = config.get("OUTBOX_REDACT_LINKS", False)
    if not config["MAIL_SERVER"] and not redact:
        outbox.store(recipient, subject, body, la_id, attachments)
        return
    if config["MAIL_SERVER"]:
        message = build_message(config["MAIL_FROM"], recipient, subject, body, attachments)
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    if redact:
        outbox.store_redacted(recipient, subject, body, la_id, attachments)


def sender() -> tuple[str, str]:
    """The service's own name and address (MAIL_FROM), e.g. for a calendar invitation's organizer."""
    name, address = parseaddr(current_app.config["MAIL_FROM"])
    return name or "SEND Triads", address


def _media_type(content_type: str) -> tuple[str, str, dict[str, str]]:
    kind, *parameters = (part.strip() for part in content_type.split(";"))
    maintype, _, subtype = kind.lower().partition("/")
    params = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name:
            params[name.strip().lower()] = value.strip().strip('"')
    return maintype, subtype, params


def build_message(sender: str, recipient: str, subject: str, body: str,
                  attachments: Sequence[Attachment] = ()) -> EmailMessage:
    """The message as it goes over SMTP. A calendar invitation goes twice, the way Outlook and
    Gmail send their own: as a text/calendar alternative to the text, which mail clients show as
    an invitation with its buttons, and as an .ics attachment people can save and open."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    parsed = [(attachment, *_media_type(attachment.content_type)) for attachment in attachments]
    invitation = next((p for p in parsed if p[1:3] == ("text", "calendar") and "method" in p[3]), None)
    if invitation is not None:
        # Alternatives first: once a file is attached the message is multipart/mixed.
        attachment, _, _, params = invitation
        message.add_alternative(attachment.content, subtype="calendar",
                                params={k: v for k, v in params.items() if k != "charset"})
    for attachment, maintype, subtype, params in parsed:
        if (attachment, maintype, subtype, params) == invitation:
            # The saved copy as application/ics, so no client takes it for a second invitation.
            message.add_attachment(attachment.content.encode(), maintype="application", subtype="ics",
                                   filename=attachment.filename)
        elif maintype == "text":
            message.add_attachment(attachment.content, subtype=subtype, filename=attachment.filename,
                                   params={k: v for k, v in params.items() if k != "charset"})
        else:
            message.add_attachment(attachment.content.encode(), maintype=maintype, subtype=subtype,
                                   filename=attachment.filename)
    return message


__all__ = ["Attachment", "build_message", "send", "sender"]
