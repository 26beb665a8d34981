"""Production settings, response headers (CSP with a nonce), CSRF, and the styled error pages."""

import importlib.util
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.interfaces import invitations, outbox
from app.models import AuditEvent, Role, School
from config import DEFAULT_SECRET
from tests.conftest import RequestInOwnContextClient, sign_in
from tests.factories import PASSWORD
from tests.pages import heading, page, snapshot, value

pytestmark = [pytest.mark.real_commits, pytest.mark.one_database]

ROOT = Path(__file__).resolve().parents[2]
LA_A = "/la/authority-a"
NEW_SCHOOL = {"urn": "123456", "name": "Brook Lane", "phase": "PRIMARY", "school_type": "ACADEMY"}


@contextmanager
def separate_app(app, config_name: str = "test", **overrides):
    """Another app on the same database. create_app binds the one shared `db` to its own engine,
    so the suite's engine is put back afterwards."""
    engine = db.engine
    db.session.remove()
    other = create_app(config_name, DATABASE_URL=app.config["DATABASE_URL"], **overrides)
    other.test_client_class = RequestInOwnContextClient
    try:
        with other.app_context():
            yield other
    finally:
        db.session.remove()
        other_engine, db.engine = db.engine, engine
        db.session.configure(bind=engine)
        other_engine.dispose()


def csrf_token(response) -> str:
    return page(response).find("input", attrs={"name": "csrf_token"})["value"]


def is_styled_page(soup) -> bool:
    """Our layout: the GOV.UK template, our stylesheet, the service name in the header."""
    return (
        soup.find("link", href=re.compile(r"/static/css/app\.css")) is not None
        and "SEND Triads" in soup.find("header").get_text()
        and soup.find("footer") is not None
    )


# --- production settings ----------------------------------------------------------------------


@pytest.mark.parametrize("secret", [DEFAULT_SECRET, "", None])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app("production", SECRET_KEY=secret, DATABASE_URL="sqlite:///:memory:")


def test_production_refuses_to_start_when_the_environment_has_no_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(APP_ENV="production", DATABASE_URL="sqlite:///:memory:", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", "from app import create_app; create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "RuntimeError: SECRET_KEY must be set in the environment for production" in result.stderr


def test_production_secret_key_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    # A fresh copy of config.py, as a worker would load it; the suite's own `config` is untouched.
    spec = importlib.util.spec_from_file_location("config_as_deployed", ROOT / "config.py")
    deployed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(deployed)
    assert deployed.ProductionConfig.SECRET_KEY == "from-the-environment"


def test_production_starts_with_a_secret_key_and_marks_cookies_secure(app, world):
    with separate_app(app, "production", SECRET_KEY="a-long-random-production-secret") as production:
        response = production.test_client().get("/sign-in")
        assert response.status_code == 200
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-session=")
        attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
        assert {"secure", "httponly", "path"} <= attributes
        assert "domain" not in attributes, "__Host- cookies must not name a domain"
        assert "SameSite=Lax" in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert production.config["REMEMBER_COOKIE_SECURE"] and production.config["WTF_CSRF_ENABLED"]


def test_session_cookie_is_http_only_and_same_site_everywhere(app, world):
    response = app.test_client().post(
        "/sign-in", data={"email": world["a"]["lead"].email, "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- Content-Security-Policy ------------------------------------------------------------------


def csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {name: values for name, *values in (d.split() for d in header.split(";") if d.strip())}


def check_page_security(response, where: str) -> str:
    """Asserts the hardening every HTML page needs; returns the page's nonce."""
    policy = csp(response)
    assert policy, f"{where}: no Content-Security-Policy"
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], where
    nonces = [s.removeprefix("'nonce-").rstrip("'") for s in scripts if s.startswith("'nonce-")]
    assert len(nonces) == 1, f"{where}: script-src has no nonce"
    inline = [s for s in page(response).find_all("script") if not s.get("src")]
    assert inline, f"{where}: the layout's inline script is missing"
    assert all(s.get("nonce") == nonces[0] for s in inline), f"{where}: an inline script lacks the nonce"
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["X-Frame-Options"] == "DENY", where
    assert response.headers["Cache-Control"] == "no-store", where
    return nonces[0]


@pytest.fixture
def every_get_url(app, world):
    """Every GET route, with LA A's objects where the foundation has them. Other ids are filled
    with values that do not exist: the styled 404 page is an HTML response too."""
    a = world["a"]
    invitation = invitations.create_invitation(
        a["la"], "p@example.org", "P", Role.QUALITY_ASSURER, None, a["lead"], app.config["INVITATION_MAX_AGE"]
    )
    message = outbox.store("p@example.org", "Subject", "Body", a["la"].id)
    db.session.commit()
    known = {
        "la_slug": "authority-a",
        "school_id": a["school"].id,
        "user_id": a["senco"].id,
        "assignment_id": a["senco"].roles[0].id,
        "invitation_id": invitation.id,
        "message_id": message.id,
        "fmt": "csv",
        "token": "not-a-valid-token",
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        values = {}
        for name in rule.arguments:
            converter = type(rule._converters[name]).__name__
            values[name] = known.get(name, 999999 if converter in ("IntegerConverter", "IdConverter") else "x")
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **values))
    return urls


def test_every_html_page_has_a_strict_csp_whose_nonce_matches_its_inline_script(app, world, every_get_url):
    person = world["a"]["lead"]
    from app.interfaces import users

    users.grant_role(person, Role.PLATFORM_ADMIN)
    db.session.commit()
    visitors = {"signed in": sign_in(app.test_client(), person), "visitor": app.test_client()}
    nonces, checked = set(), 0
    for url in every_get_url:
        for who, client in visitors.items():
            with client.get(url) as response:  # closed: file downloads hold an open file
                if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
                    nonces.add(check_page_security(response, f"{who} GET {url}"))
                    checked += 1
    assert checked >= 40
    assert len(nonces) == checked, "every response must get a fresh nonce"


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 500])
def test_error_pages_carry_the_same_policy(app, world, status, monkeypatch):
    response = error_response(app, world, status, monkeypatch)
    assert response.status_code == status
    check_page_security(response, f"the {status} page")


# --- CSRF -------------------------------------------------------------------------------------


def test_forms_without_a_csrf_token_are_refused_when_csrf_is_on(app, world):
    with separate_app(app, WTF_CSRF_ENABLED=True) as protected:
        visitor = protected.test_client()
        response = visitor.post("/sign-in", data={"email": world["a"]["lead"].email, "password": PASSWORD})
        soup = page(response)
        assert response.status_code == 400
        assert heading(soup) == "There is a problem with your request"
        assert is_styled_page(soup)
        check_page_security(response, "the CSRF refusal")

        lead = protected.test_client()
        token = csrf_token(lead.get("/sign-in"))
        response = lead.post(
            "/sign-in", data={"email": world["a"]["lead"].email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302, "the same form with its token is accepted"

        before = snapshot()
        assert lead.post(f"{LA_A}/schools/new", data=NEW_SCHOOL).status_code == 400
        assert lead.post("/sign-out").status_code == 400, "another site must not sign people out"
        assert lead.get("/account").status_code == 200
        assert snapshot() == before

        token = csrf_token(lead.get(f"{LA_A}/schools/new"))
        assert lead.post(f"{LA_A}/schools/new", data={**NEW_SCHOOL, "csrf_token": token}).status_code == 302


def test_a_token_from_another_session_is_refused(app, world):
    with separate_app(app, WTF_CSRF_ENABLED=True) as protected:
        someone_else = csrf_token(protected.test_client().get("/sign-in"))
        response = protected.test_client().post(
            "/sign-in",
            data={"email": world["a"]["lead"].email, "password": PASSWORD, "csrf_token": someone_else},
        )
        assert response.status_code == 400


# --- error pages ------------------------------------------------------------------------------


def error_response(app, world, status: int, monkeypatch):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    if status == 400:
        with separate_app(app, WTF_CSRF_ENABLED=True) as protected:
            return protected.test_client().post("/password-reset", data={"email": "a@example.org"})
    if status == 403:
        return sign_in(app.test_client(), world["a"]["qa"]).get(f"{LA_A}/people")
    if status == 404:
        return lead.get("/no-such-page")
    if status == 405:
        return lead.get("/sign-out")
    if status == 413:
        monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
        return lead.post(f"{LA_A}/schools/new", data={**NEW_SCHOOL, "name": "x" * 2048})
    if status == 500:
        from app.interfaces import schools

        real_create = schools.create_school

        def create_then_fail(la, data):
            real_create(la, data)  # the row is written (flushed) before the failure...
            raise RuntimeError("simulated failure after a write")

        monkeypatch.setattr(schools, "create_school", create_then_fail)
        return lead.post(f"{LA_A}/schools/new", data=NEW_SCHOOL)
    raise AssertionError(status)


@pytest.mark.parametrize(
    ("status", "title"),
    [
        (400, "There is a problem with your request"),
        (403, "You do not have permission to see this page"),
        (404, "Page not found"),
        (405, "This action is not allowed here"),
        (413, "The file or form you sent is too large"),
        (500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_are_styled_and_say_what_happened(app, world, status, title, monkeypatch):
    response = error_response(app, world, status, monkeypatch)
    soup = page(response)
    assert response.status_code == status
    assert heading(soup) == title
    assert is_styled_page(soup)
    assert soup.find("a", href="/"), "an error page offers a way back"


@pytest.mark.both_databases
def test_a_crash_after_a_write_shows_the_500_page_and_saves_nothing(app, world, monkeypatch, caplog):
    before = snapshot()
    response = error_response(app, world, 500, monkeypatch)
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Nothing you sent in this request has been saved" in page(response).get_text()
    assert "simulated failure" not in body and "Traceback" not in body, "no internals in the page"
    after = snapshot()
    after.pop("sign_in_attempt"), before.pop("sign_in_attempt")
    after.pop("user_account"), before.pop("user_account")  # signing in to make the request
    after.pop("user_session"), before.pop("user_session")  # and the session it made
    assert after == before
    assert db.session.scalar(select(func.count(School.id))) == 4
    assert (
        db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "school.created")) == 4
    )
    assert "Unhandled error" in caplog.text


@pytest.mark.both_databases
def test_two_saves_racing_on_a_unique_constraint_get_a_409_page_and_nothing_half_saved(
        app, world, monkeypatch):
    """The check before saving passes for both; the database refuses the second."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.interfaces import schools as school_data
    from app.models import School

    a = world["a"]
    lead = sign_in(app.test_client(), a["lead"])
    monkeypatch.setattr(school_data, "urn_taken", lambda *args, **kwargs: False)
    before = db.session.scalar(select(func.count(School.id)))
    response = lead.post(f"/la/{a['la'].slug}/schools/new", data={
        "urn": a["school"].urn, "name": "Racing School", "phase": "PRIMARY", "school_type": "ACADEMY"})
    # The form again, with what was typed, saying someone else saved first.
    assert response.status_code == 409
    shown = page(response)
    assert value(shown, "name") == "Racing School"
    assert "Someone else saved this since you opened the page" in shown.get_text()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(School.id))) == before
