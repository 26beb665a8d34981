"""Pages kept once drawn, until the data under them changes.

A cohort's report at 140 schools reads thousands of rows and draws a table of 140 rows and eleven
columns: tens of milliseconds, for a page that stays the same until someone of the LA saves
something. A view marked `@kept` is drawn once and kept in this process, keyed on:

- the page (its address with its query string) and the person (so whatever decides what a person
  sees of it, their roles, their cohorts, is in the key by construction),
- the LA's data revision and row 0's (app/data_revisions.py: raised in the transaction of any write
  of the LA's data, on whichever server), read in one statement before the page is drawn,
- today's date (what is overdue changes at midnight).

Who may see a page is decided by the person's roles and the LA's data, both under the revisions in
the key, so a kept page is one its person was allowed when it was drawn and still is; the role
check of the LA's pages (la_role_required) runs on every request all the same, and the dashboards
check access to the cohort before they look for a kept page. What changes from one request to the
next is put in as the page is sent: the forms' CSRF token (the sign-out button's and the page's
own forms') and the script nonce. A page is not kept when it carried a message shown once (a
flash), when it is not a 200 HTML page, or when drawing it read a table whose writes raise no
revision (data_revisions.NOT_READ_BY_KEPT_PAGES: the activity log, notifications, sessions...).

A page of fixed text (`@kept_text`: the accessibility statement) reads no data, so it is keyed on
the page and the person's name and roles (its header) alone, and costs a signed-in request no
more than finding who is signed in; if drawing it reads anything at all, it is not kept.
"""

import functools
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, g, make_response, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app import data_revisions
from app.db import utcnow
from app.security import csp_nonce
from app.templating import CSRF_SLOT

# Where the script nonce goes while a kept page is drawn; random, so no page text holds it by chance.
NONCE_SLOT = f"nonce-{secrets.token_hex(12)}"


_SLOTS = re.compile(f"({NONCE_SLOT}|{CSRF_SLOT})")


@dataclass(frozen=True, slots=True)
class Kept:
    """A page as UTF-8 pieces, with the slot names between them (every odd piece); or a download,
    one piece, with the headers that name it."""

    pieces: tuple[bytes | str, ...]
    inline_style: bool  # the page's charts need inline styles (its Content-Security-Policy says so)
    headers: tuple[tuple[str, str], ...] = ()  # a download's type, name and caching; none for a page

    @classmethod
    def of(cls, html: str, inline_style: bool) -> "Kept":
        split = _SLOTS.split(html)
        return cls(tuple(p if n % 2 else p.encode() for n, p in enumerate(split)), inline_style)

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.pieces)

    def filled(self) -> bytes:
        """With this request's script nonce and CSRF token put in."""
        fresh = {NONCE_SLOT: csp_nonce().encode()}
        if CSRF_SLOT in self.pieces:
            # Only a page with a form asks for a token: asking would start a session.
            fresh[CSRF_SLOT] = generate_csrf().encode()
        return b"".join(fresh[p] if isinstance(p, str) else p for p in self.pieces)


class Shelf:
    """The pages kept in this process, the least recently used leaving first past the budget."""

    def __init__(self, budget_bytes: int):
        self.budget = budget_bytes
        self.used = 0
        self.pages: OrderedDict[tuple, Kept] = OrderedDict()

    def get(self, key: tuple) -> Kept | None:
        found = self.pages.get(key)
        if found is not None:
            self.pages.move_to_end(key)
        return found

    def put(self, key: tuple, page: Kept) -> None:
        size = page.size
        if size > self.budget:
            return
        old = self.pages.pop(key, None)
        if old is not None:
            self.used -= old.size
        self.pages[key] = page
        self.used += size
        while self.used > self.budget:
            _, dropped = self.pages.popitem(last=False)
            self.used -= dropped.size

    def clear(self) -> None:
        self.pages.clear()
        self.used = 0


def _shelf() -> Shelf:
    shelf = current_app.extensions.get("kept_pages")
    if shelf is None:
        shelf = current_app.extensions["kept_pages"] = Shelf(current_app.config["KEPT_PAGES_MB"] * 1024 * 1024)
    return shelf


def forget(app) -> None:
    """Drops every page the app keeps in this process (for the tests, whose revisions repeat as
    they roll back)."""
    app.extensions.pop("kept_pages", None)


def _data_key() -> tuple:
    la = g.get("current_la")
    return (request.endpoint, request.full_path, current_user.id,
            data_revisions.current([la.id] if la is not None else []), utcnow().date())


def _text_key() -> tuple:
    # Only the header differs from one person to the next: by their name and roles.
    return (request.endpoint, request.full_path, current_user.id, current_user.name,
            tuple(current_user.active_roles()))


def _send(page: Kept):
    if page.inline_style:
        g.allow_inline_style = True
    response = make_response(page.filled())
    if page.headers:
        response.headers.update(page.headers)
    else:
        response.mimetype = "text/html"
    return response


# What a download's response says of itself, kept with its bytes.
DOWNLOAD_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")


def _keepable(response) -> Kept | None:
    """What of a view's response can be kept: a 200 HTML page, or a file to save made in memory
    (app.exports.download) as it is."""
    if response.status_code != 200:
        return None
    if response.mimetype == "text/html" and not response.direct_passthrough:
        return Kept.of(response.get_data(as_text=True), bool(g.get("allow_inline_style")))
    if "attachment" not in response.headers.get("Content-Disposition", "") or not response.is_sequence:
        return None
    return Kept((response.get_data(),), False,
                tuple((name, response.headers[name]) for name in DOWNLOAD_HEADERS if name in response.headers))


def kept(view):
    """Marks a GET view whose page depends only on the data, the person and the date (see above),
    and reads no table of data_revisions.NOT_READ_BY_KEPT_PAGES."""
    return _keeping(view, _data_key, data_revisions.DATA_PAGE)


def kept_text(view):
    """Marks a GET view whose page is fixed text (the accessibility statement): kept per person and
    their roles, with no database read at all. Drawn again, and not kept, if it reads anything."""
    return _keeping(view, _text_key, data_revisions.TEXT_PAGE)


def _keeping(view, key_of, kind: str):
    @functools.wraps(view)
    def page(*args, **kwargs):
        if (not current_app.config["KEPT_PAGES_MB"] or request.method != "GET"
                or not current_user.is_authenticated or session.get("_flashes")):
            return view(*args, **kwargs)
        key = key_of()
        shelf = _shelf()
        found = shelf.get(key)
        if found is not None:
            return _send(found)
        # Flask-WTF hands out the token it keeps in g under the field's name: the page's forms get
        # the slot, and the request's own token is made as the page is sent.
        token_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        token = g.pop(token_name, None)
        g.csp_nonce = NONCE_SLOT
        setattr(g, data_revisions.DRAWING_KEPT_PAGE, kind)
        setattr(g, token_name, CSRF_SLOT)
        try:
            response = make_response(view(*args, **kwargs))
        finally:
            g.pop(data_revisions.DRAWING_KEPT_PAGE, None)
            g.pop("csp_nonce", None)
            g.pop(token_name, None)
            if token is not None:
                setattr(g, token_name, token)
        unwatched = g.pop("kept_page_reads_unwatched", False)
        found = None if unwatched else _keepable(response)
        if found is None:
            if not response.direct_passthrough:
                response.set_data(Kept.of(response.get_data(as_text=True), False).filled())
            return response
        shelf.put(key, found)
        return _send(found)

    return page
