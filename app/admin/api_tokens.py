"""Data feed tokens: the LA lead's for the LA's feed, the programme analyst's for the network's.

A new token's secret is shown once, on the page after the form: it crosses that one redirect in
the signed session cookie (never in the database, which keeps only its hash) and is taken out of
the session by the page that shows it.
"""

from flask import flash, redirect, render_template, session, url_for

from app import features
from app.admin import bp
from app.auth.decorators import global_role_required, la_role_required
from app.auth.permissions import FEED_TOKEN_MANAGERS, NETWORK_FEED_TOKEN_MANAGERS
from app.auth.principal import signed_in_user
from app.features import FeedScope
from app.forms import ConfirmForm, Form, press, render_form, save, submit, text
from app.interfaces import api_tokens as tokens
from app.models import LocalAuthority
from app.tenancy import current_la

SHOWN_ONCE = "api_token_shown_once"


class ApiTokenForm(Form):
    name = text("Name", max_length=120, required="Enter a name for the token",
                hint="Say what will use it, so you know which token to revoke: for example, "
                     "Power BI SEND dashboard")
    submit = submit("Create token")


def _urls(la: LocalAuthority | None) -> dict:
    if la is None:
        return {"list": url_for("admin.network_api_tokens"), "created": "admin.network_api_token_created",
                "revoke": "admin.revoke_network_api_token"}
    return {"list": url_for("admin.api_tokens"), "created": "admin.api_token_created",
            "revoke": "admin.revoke_api_token"}


def _tokens_page(la: LocalAuthority | None):
    form = ApiTokenForm()
    if form.validate_on_submit() and save(form, lambda: tokens.create_token(la, form.name.data, signed_in_user())):
        token, secret = form.saved
        session[SHOWN_ONCE] = {"id": token.id, "secret": secret}
        return redirect(url_for(_urls(la)["created"], token_id=token.id))
    return render_form("admin/api_tokens.html", form, la=la, tokens=tokens.list_tokens(la), urls=_urls(la))


def _created_page(la: LocalAuthority | None, token_id: int):
    token = tokens.get_token(la, token_id)
    shown = session.get(SHOWN_ONCE)
    secret = None
    if isinstance(shown, dict) and shown.get("id") == token.id:
        secret = session.pop(SHOWN_ONCE)["secret"]
    example = _example_url(la)
    return render_template("admin/api_token_created.html", la=la, token=token, secret=secret, urls=_urls(la),
                           example_url=example)


def _example_url(la: LocalAuthority | None) -> str:
    """A first address to try the token on: the LA's cohorts, or the network's first resource."""
    if la is not None:
        return url_for("api.cohorts", la=la.slug, _external=True)
    network = [r for r in features.feed_resources() if r.scope is FeedScope.NETWORK]
    return url_for(f"api.{network[0].name}" if network else "api.openapi", _external=True)


def _revoke_page(la: LocalAuthority | None, token_id: int):
    token = tokens.get_token(la, token_id)
    urls = _urls(la)
    form = ConfirmForm()
    if form.validate_on_submit():
        refused = press(lambda: tokens.revoke_token(la, token, signed_in_user()), to=urls["list"])
        if refused is not None:
            return refused
        flash(f"{token.name} has been revoked: it no longer opens the data feed.")
        return redirect(urls["list"], code=303)
    return render_template("admin/api_token_revoke.html", la=la, token=token, form=form, urls=urls)


@bp.route("/la/<la_slug>/api-tokens", methods=["GET", "POST"])
@la_role_required(*FEED_TOKEN_MANAGERS)
def api_tokens():
    return _tokens_page(current_la._get_current_object())


@bp.get("/la/<la_slug>/api-tokens/<int:token_id>/created")
@la_role_required(*FEED_TOKEN_MANAGERS)
def api_token_created(token_id: int):
    return _created_page(current_la._get_current_object(), token_id)


@bp.route("/la/<la_slug>/api-tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@la_role_required(*FEED_TOKEN_MANAGERS)
def revoke_api_token(token_id: int):
    return _revoke_page(current_la._get_current_object(), token_id)


@bp.route("/network/api-tokens", methods=["GET", "POST"])
@global_role_required(*NETWORK_FEED_TOKEN_MANAGERS)
def network_api_tokens():
    return _tokens_page(None)


@bp.get("/network/api-tokens/<int:token_id>/created")
@global_role_required(*NETWORK_FEED_TOKEN_MANAGERS)
def network_api_token_created(token_id: int):
    return _created_page(None, token_id)


@bp.route("/network/api-tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@global_role_required(*NETWORK_FEED_TOKEN_MANAGERS)
def revoke_network_api_token(token_id: int):
    return _revoke_page(None, token_id)
