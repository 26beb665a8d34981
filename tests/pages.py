"""Reading pages as a person would: the heading, the error summary, field errors, typed values,
and the emails the app sent (kept in the outbox table when no mail server is configured)."""

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.db import Base
from app.extensions import db
from app.models import OutboxMessage


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split()) if element is not None else ""


def heading(soup: BeautifulSoup) -> str:
    return text_of(soup.find("h1"))


def error_summary(soup: BeautifulSoup) -> list[str]:
    summary = soup.select_one(".govuk-error-summary")
    if summary is None:
        return []
    return [text_of(item) for item in summary.select(".govuk-error-summary__list li")]


def field_error(soup: BeautifulSoup, field_id: str) -> str:
    """The message shown above a field, without the visually hidden 'Error:' prefix."""
    message = soup.find(id=f"{field_id}-error")
    return text_of(message).removeprefix("Error:").strip()


def field_errors(soup: BeautifulSoup) -> list[str]:
    return [text_of(p).removeprefix("Error:").strip() for p in soup.select(".govuk-error-message")]


def value(soup: BeautifulSoup, name: str) -> str | None:
    """What the form shows in a field: an input's value, a select's chosen option, a checked radio."""
    fields = soup.find_all(attrs={"name": name})
    for field in fields:
        if field.name == "select":
            chosen = field.find("option", selected=True)
            return chosen.get("value") if chosen else None
        if field.name == "textarea":
            return field.get_text()
        if field.get("type") == "radio":
            if field.has_attr("checked"):
                return field.get("value")
            continue
        return field.get("value")
    return None


def banner(soup: BeautifulSoup) -> str:
    return " ".join(text_of(b) for b in soup.select(".govuk-notification-banner"))


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    """The path of the one link in an email, to follow with the test client."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, message.body
    parts = urlsplit(links[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def snapshot() -> dict:
    """Every row of every table, read on a fresh connection."""
    db.session.expire_all()
    state = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(table.select().order_by(*table.primary_key.columns)).all()
            state[table.name] = [tuple(row) for row in rows]
    return state


def file_upload(field: str, filename: str, content: bytes) -> dict:
    """Keyword arguments for client.post() that send one file as multipart/form-data.

    Built by hand: Werkzeug's test client spools bodies over 500 KB to a temporary file it
    never closes, which pytest (warnings as errors) reports as a ResourceWarning.
    """
    boundary = "send-triads-test-boundary-7d3f"
    assert boundary.encode() not in content
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return {
        "data": head + content + f"\r\n--{boundary}--\r\n".encode(),
        "content_type": f"multipart/form-data; boundary={boundary}",
    }
