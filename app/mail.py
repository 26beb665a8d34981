"""Sends mail over SMTP when MAIL_SERVER is set; otherwise keeps it in the outbox table."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from app.interfaces import outbox


def send(recipient: str, subject: str, body: str, la_id: int | None = None) -> None:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        outbox.store(recipient, subject, body, la_id)
        return
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
