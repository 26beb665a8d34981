"""The part of every page that is the same from one request to the next, made once.

Every signed-in page starts with the same header: the service name, the person's menu and the
sign-out button. Its HTML depends only on the menu (app.navigation) and the sign-out form's CSRF
token, so it is rendered once per distinct menu and kept, with the token put in on each request.
"""

import secrets
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from flask import current_app, render_template
from flask.templating import Environment
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.navigation import navigation

HEADER_TEMPLATE = "_header.html"
HEADERS_KEPT = 2048  # distinct menus (a menu differs by person's roles, LA and section)
# Where a form's CSRF value goes in a menu kept once drawn (the sign-out button) and in a page kept
# once drawn (app/kept_pages.py); random, so no page text can hold it by chance.
CSRF_SLOT = f"csrf-{secrets.token_hex(12)}"


class PageEnvironment(Environment):
    """Flask's template environment with each template's globals in a plain dict.

    Jinja keeps them in a ChainMap over the environment's globals; every `{% from ... import %}`
    then compares the importing and the imported template's globals key by key through it, which
    on a page with twenty imports costs more than drawing the header. Every global is registered
    while the app is made, before the first template is loaded, so a copy loses nothing."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def _headers() -> OrderedDict:
    return current_app.extensions.setdefault("page_headers", OrderedDict())


def page_header() -> Markup:
    """The header with this person's menu, the section of this page marked in it."""
    items = navigation()
    key = tuple((i["href"], i["text"], i["active"], i["current"]) for i in items)
    kept = _headers()
    html = kept.get(key)
    if html is None:
        html = render_template(HEADER_TEMPLATE, items=items, token=CSRF_SLOT)
        kept[key] = html
        if len(kept) > HEADERS_KEPT:
            kept.popitem(last=False)
    if CSRF_SLOT not in html:
        return Markup(html)  # noqa: S704 - rendered by Jinja, autoescaped
    # Only a page with the sign-out button asks for a token: asking would start a session. (While
    # a page to keep is drawn, the token is the slot itself: app/kept_pages.py.)
    return Markup(html.replace(CSRF_SLOT, escape(generate_csrf())))  # noqa: S704 - as above


def init_app(app) -> None:
    app.add_template_global(page_header)
