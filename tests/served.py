"""The service as production runs it, for tests that need real concurrency or a real crash: gunicorn
(the README's command) in a process of its own against a test database, and a person's browser as
an HTTP client that signs in through the form and fills in forms as the page draws them.

A test that serves its database this way writes for real, so it is marked `real_commits`: the
server's commits are seen by the test's own session, and the tables are emptied afterwards.
"""

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests
from bs4 import BeautifulSoup

from bench.load import servers

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "triads-demo-2026"  # noqa: S105 - the demo's published password


@contextmanager
def gunicorn(database_url: str, workdir: Path, *, workers: int = 2):
    """`gunicorn -w 2 wsgi:app` on a free loopback port, as development config (real CSRF, the
    app's own error pages), against `database_url`."""
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    with servers.gunicorn("app", "wsgi:app", env, workdir, workers=workers,
                          options=("--preload", "--graceful-timeout", "2")) as server:
        yield server


@dataclass
class FormPage:
    """A form as a page draws it: where it posts and what a browser would send unchanged."""

    status: int
    action: str
    fields: dict[str, str | list[str]] = field(default_factory=dict)
    soup: BeautifulSoup | None = None

    def value(self, name: str):
        return self.fields.get(name)


class Browser:
    """One person in one browser: a cookie jar, signed in through the sign-in form."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "send-triads-tests"
        self._csrf: str | None = None

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.url(path), timeout=30, **kwargs)

    def post(self, path: str, data, **kwargs) -> requests.Response:
        return self.http.post(self.url(path), data=data, allow_redirects=False, timeout=30, **kwargs)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> "Browser":
        page = self.form("/sign-in")
        response = self.post(page.action, {**page.fields, "email": email, "password": password})
        assert response.status_code in (302, 303), f"{email} was not signed in: {response.status_code}"
        assert "/sign-in" not in response.headers.get("Location", ""), f"{email} was held at sign-in"
        return self

    def csrf_token(self) -> str:
        """This session's CSRF token (one serves every form of the session), read once."""
        if self._csrf is None:
            self._csrf = self.form("/account", having="csrf_token").fields["csrf_token"]
        return self._csrf

    def form(self, path: str, *, having: str | None = None) -> FormPage:
        """The page's form (the first that posts and has a field named `having`, if given), with
        the values it would send as drawn: text, hidden and selected values, checked boxes."""
        response = self.get(path)
        soup = BeautifulSoup(response.text, "html.parser")
        for form in soup.find_all("form"):
            if (form.get("method") or "get").lower() != "post":
                continue
            if having and form.find(attrs={"name": having}) is None:
                continue
            return FormPage(response.status_code, form.get("action") or path, fields_of(form), soup)
        raise AssertionError(f"no form{' with ' + having if having else ''} on {path} ({response.status_code})")


def fields_of(form) -> dict[str, str | list[str]]:
    fields: dict[str, str | list[str]] = {}

    def add(name: str, value: str, many: bool = False) -> None:
        # A name drawn more than once (a date's day, month and year; checkboxes) sends a list.
        if many or name in fields:
            held = fields.get(name, [])
            fields[name] = [*([held] if isinstance(held, str) else held), value]
        else:
            fields[name] = value

    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        kind = (element.get("type") or "text").lower()
        if element.name == "textarea":
            add(name, element.get_text())
        elif element.name == "select":
            chosen = element.find_all("option", selected=True) or element.find_all("option")[:1]
            for option in chosen:
                add(name, option.get("value", option.get_text()), many=element.has_attr("multiple"))
        elif kind in ("checkbox",):
            if element.has_attr("checked"):
                add(name, element.get("value", "on"), many=True)
        elif kind == "radio":
            if element.has_attr("checked"):
                add(name, element.get("value", "on"))
        elif kind in ("submit", "button", "image", "file", "reset"):
            continue
        else:
            add(name, element.get("value", ""))
    return fields
