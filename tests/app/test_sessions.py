"""Sessions that end on the server: sign-out, password change and reset, deactivation, "sign out
everywhere", inactivity and lifetime; the account page's list; a form kept across signing in again."""

from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from app.auth.sessions import TOUCH_EVERY, describe_device
from app.db import utcnow
from app.extensions import db
from app.models import AuditEvent, UserSession
from app.models.audit import CoreAction
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.pages import banner, heading, page, value

LA_A = "/la/authority-a"


def copy_of(app, client):
    """Another browser holding a copy of `client`'s cookie, as an attacker who took it would."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def signed_in_now(client) -> bool:
    return client.get("/account").status_code == 200


def sessions_of(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)
                                   .order_by(UserSession.id)))


def set_times(user, **values) -> None:
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id).values(**values))
    db.session.commit()


# --- a copied cookie stops working -----------------------------------------------------------


def test_a_cookie_copied_before_sign_out_stops_working_at_once(app, world):
    browser = sign_in(app.test_client(), world["a"]["senco"])
    copied = copy_of(app, browser)
    assert signed_in_now(copied)

    assert browser.post("/sign-out").status_code == 302
    assert not signed_in_now(browser)
    assert not signed_in_now(copied)
    [row] = sessions_of(world["a"]["senco"])
    assert row.ended_at is not None


def test_password_change_ends_the_other_sessions_and_keeps_this_one(app, world):
    person = world["a"]["lead"]
    here, elsewhere = sign_in(app.test_client(), person), sign_in(app.test_client(), person)
    copied_here = copy_of(app, here)
    response = here.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new passphrase",
        "confirm_password": "a brand new passphrase"})
    assert response.status_code == 302
    assert signed_in_now(here) and signed_in_now(copied_here)
    assert not signed_in_now(elsewhere)


def test_deactivation_ends_every_session_of_the_person(app, world):
    senco = world["a"]["senco"]
    browsers = [sign_in(app.test_client(), senco) for _ in range(2)]
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.post(f"{LA_A}/people/{senco.id}/deactivate").status_code == 302
    assert not any(signed_in_now(b) for b in browsers)
    assert all(row.ended_at is not None for row in sessions_of(senco))


def test_password_reset_ends_every_session(app, world):
    from app.auth import tokens

    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    link = f"/password-reset/{tokens.make_reset_token(senco.id, senco.session_key)}"
    response = app.test_client().post(link, data={"new_password": "another long passphrase",
                                                  "confirm_password": "another long passphrase"})
    assert response.status_code == 302
    assert not signed_in_now(browser)


# --- sign out everywhere ----------------------------------------------------------------------


def test_la_lead_signs_a_person_out_everywhere_after_confirming(app, world):
    senco = world["a"]["senco"]
    browsers = [sign_in(app.test_client(), senco) for _ in range(2)]
    lead = sign_in(app.test_client(), world["a"]["lead"])
    person_page = page(lead.get(f"{LA_A}/people/{senco.id}"))
    assert person_page.find("a", string=lambda s: s and s.strip() == "Sign out everywhere")

    confirm = page(lead.get(f"{LA_A}/people/{senco.id}/sign-out-everywhere"))
    assert heading(confirm) == "Sign Senco A out everywhere?"
    assert "2 sessions in use" in confirm.get_text(" ")
    assert all(signed_in_now(b) for b in browsers), "asking first ends nothing"

    response = lead.post(f"{LA_A}/people/{senco.id}/sign-out-everywhere")
    assert response.status_code == 303 and response.location == f"{LA_A}/people/{senco.id}"
    assert "Senco A has been signed out everywhere." in banner(page(lead.get(response.location)))
    assert not any(signed_in_now(b) for b in browsers)
    assert signed_in_now(lead)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == CoreAction.USER_SIGNED_OUT_EVERYWHERE.key))
    assert (event.la_id, event.entity_id, event.actor_id) == (world["a"]["la"].id, senco.id, world["a"]["lead"].id)
    assert "Signed out everywhere" in page(lead.get(f"{LA_A}/activity")).get_text()


def test_la_lead_cannot_sign_themselves_out_everywhere_from_the_people_pages(app, world):
    lead_person = world["a"]["lead"]
    lead = sign_in(app.test_client(), lead_person)
    response = lead.post(f"{LA_A}/people/{lead_person.id}/sign-out-everywhere")
    assert response.status_code == 303
    assert "Sign out all other sessions" in banner(page(lead.get(response.location)))
    assert signed_in_now(lead)


def test_platform_admin_finds_anyone_by_email_and_signs_them_out_everywhere(app, world):
    senco = world["b"]["senco"]
    browser = sign_in(app.test_client(), senco)
    admin = sign_in(app.test_client(), world["admin"])
    assert page(admin.get("/admin/local-authorities")).find("a", href="/admin/people/personal-data")

    unknown = page(admin.get("/admin/people/personal-data?email=nobody@example.org"))
    assert "No account has that email address" in unknown.get_text()
    found = page(admin.get(f"/admin/people/personal-data?email={senco.email.upper()}"))
    link = found.find("a", string="Sign Senco B out everywhere")["href"]
    assert "Sign Senco B out everywhere?" in page(admin.get(link)).get_text()

    response = admin.post(f"/admin/people/{senco.id}/sign-out-everywhere")
    assert response.status_code == 303
    assert not signed_in_now(browser)
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == CoreAction.USER_SIGNED_OUT_EVERYWHERE.key))
    assert event.la_id is None and event.entity_id == senco.id
    assert admin.post("/admin/people/999999/sign-out-everywhere").status_code == 404


# --- inactivity and lifetime ------------------------------------------------------------------


def test_a_session_unused_for_longer_than_the_idle_limit_has_ended(app, world):
    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    idle = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
    set_times(senco, last_used_at=utcnow() - idle + timedelta(minutes=2))
    assert signed_in_now(browser), "used within the limit"
    set_times(senco, last_used_at=utcnow() - idle - timedelta(seconds=1))
    response = browser.get(f"{LA_A}/schools")
    assert response.status_code == 302 and response.location.startswith("/sign-in?next=")
    assert "You were signed out. Sign in again to carry on." in banner(page(browser.get(response.location)))


def test_a_session_ends_at_its_lifetime_however_busy(app, world):
    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    [row] = sessions_of(senco)
    assert row.expires_at - row.created_at == app.config["PERMANENT_SESSION_LIFETIME"]
    set_times(senco, expires_at=utcnow() - timedelta(seconds=1))
    assert not signed_in_now(browser)


def test_last_used_is_written_at_most_once_a_minute(app, world):
    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    recently = utcnow() - TOUCH_EVERY / 2
    set_times(senco, last_used_at=recently)
    browser.get("/account")
    assert sessions_of(senco)[0].last_used_at == recently.replace(microsecond=recently.microsecond)
    set_times(senco, last_used_at=utcnow() - TOUCH_EVERY * 3)
    browser.get("/account")  # a GET: the time is committed by the loader itself
    assert utcnow() - sessions_of(senco)[0].last_used_at < TOUCH_EVERY


def _statements_for(browser, path: str) -> list[str]:
    statements: list[str] = []

    def note(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert browser.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return statements


def test_loading_the_person_for_a_request_reads_the_session_person_and_roles_in_one_statement(app, world):
    browser = sign_in(app.test_client(), world["a"]["senco"])
    statements = _statements_for(browser, "/accessibility")
    assert len(statements) == 1, statements
    loader = statements[0]
    assert "FROM user_session JOIN user_account" in loader
    assert "role_assignment" in loader and "local_authority" in loader and "school" in loader


def test_a_page_that_shows_the_account_reads_the_person_once_more(app, world):
    browser = sign_in(app.test_client(), world["a"]["senco"])
    statements = _statements_for(browser, "/account")
    touching_sessions = [s for s in statements if "user_session" in s]
    assert len(touching_sessions) == 2, touching_sessions  # the loader's join, and the account's list
    assert "JOIN user_account" in touching_sessions[0]
    assert not any(s.lstrip().startswith("UPDATE") for s in statements), "used a moment ago: no write"
    person_reads = [s for s in statements if s.lstrip().startswith("SELECT") and "FROM user_account" in s
                    and "user_session" not in s]
    assert len(person_reads) == 1, person_reads


# --- the account page -------------------------------------------------------------------------


def test_account_page_lists_active_sessions_and_ends_one(app, world):
    lead = world["a"]["lead"]
    here = sign_in(app.test_client(), lead)
    other = sign_in(app.test_client(), lead)
    ended = sign_in(app.test_client(), lead)
    assert ended.post("/sign-out").status_code == 302

    soup = page(here.get("/account"))
    rows = soup.select("table.govuk-table tbody tr")
    texts = [row.get_text(" ", strip=True) for row in rows if "127.0.0.1" in row.get_text()]
    assert len(texts) == 2, "ended sessions are not listed"
    assert sum("This session" in t for t in texts) == 1
    ends = soup.select("form[action^='/account/sessions/'][action$='/end'] button")
    assert len(ends) == 1 and ends[0].get_text(strip=True).startswith("End")
    assert soup.find("button", string=lambda s: s and "Sign out all other sessions" in s)

    action = soup.select_one("form[action^='/account/sessions/'][action$='/end']")["action"]
    response = here.post(action)
    assert response.status_code == 303
    assert "That session has been signed out." in banner(page(here.get("/account")))
    assert not signed_in_now(other) and signed_in_now(here)
    assert "already ended" in banner(page(here.get(here.post(action).location)))


def test_sign_out_all_other_sessions_keeps_this_one(app, world):
    lead = world["a"]["lead"]
    here = sign_in(app.test_client(), lead)
    others = [sign_in(app.test_client(), lead) for _ in range(2)]
    assert here.post("/account/sessions/end-others").status_code == 303
    assert signed_in_now(here) and not any(signed_in_now(o) for o in others)


def test_the_session_in_use_is_ended_by_signing_out_not_from_the_list(app, world):
    lead = world["a"]["lead"]
    here = sign_in(app.test_client(), lead)
    [row] = sessions_of(lead)
    response = here.post(f"/account/sessions/{row.id}/end")
    assert response.status_code == 303
    assert "sign out" in banner(page(here.get(response.location)))
    assert signed_in_now(here)


# --- a form posted after the session ended ----------------------------------------------------


def test_text_posted_after_the_session_ended_survives_signing_in_again(app, world):
    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    version = value(page(browser.get("/account")), "version")
    set_times(senco, last_used_at=utcnow() - timedelta(hours=2))

    typed = "Ms Senco, after a long afternoon\nof typing"
    response = browser.post("/account", data={"name": typed, "version": version})
    soup = page(response)
    assert response.status_code == 401
    assert heading(soup) == "You were signed out"
    assert "What you typed has been kept" in soup.get_text()
    assert typed not in response.get_data(as_text=True), "not shown until the person signs in again"
    action = soup.select_one("main form[method=post]")["action"]
    assert action == "/sign-in?next=/account/kept"

    signed = browser.post(action, data={"email": senco.email, "password": PASSWORD})
    assert signed.status_code == 302 and signed.location == "/account/kept"
    kept = page(browser.get("/account/kept"))
    assert heading(kept) == "What you typed before you were signed out"
    assert typed in [t.get_text() for t in kept.select("textarea")]
    resend = kept.select_one("main form[method=post]")
    assert resend["action"] == "/account"
    fields = {i["name"]: i["value"] for i in resend.select("input[type=hidden]")}
    assert fields["name"] == typed and fields["version"] == version and "csrf_token" in fields

    saved = browser.post("/account", data=fields)
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(senco), senco.id).name == typed.strip()
    assert browser.get("/account/kept").status_code == 302, "shown once"


def test_kept_text_goes_only_to_the_same_person(app, world):
    senco, other = world["a"]["senco"], world["a"]["head"]
    browser = sign_in(app.test_client(), senco)
    set_times(senco, last_used_at=utcnow() - timedelta(hours=2))
    assert browser.post("/account", data={"name": "Private words", "version": "1"}).status_code == 401
    assert browser.post("/sign-in?next=/account/kept",
                        data={"email": other.email, "password": PASSWORD}).status_code == 302
    response = browser.get("/account/kept")
    assert response.status_code == 302
    assert "Private words" not in browser.get("/").get_data(as_text=True)


@pytest.mark.one_database
def test_a_form_posted_after_the_session_ended_is_not_refused_by_the_csrf_check(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    senco = world["a"]["senco"]
    browser = sign_in(app.test_client(), senco)
    soup = page(browser.get("/account"))
    token, version = value(soup, "csrf_token"), value(soup, "version")
    set_times(senco, last_used_at=utcnow() - timedelta(hours=2))
    response = browser.post("/account", data={"csrf_token": token, "name": "Kept", "version": version})
    assert response.status_code == 401
    assert heading(page(response)) == "You were signed out"
    # Without the cookie (another site's form), nothing is kept: the CSRF check refuses it.
    assert app.test_client().post("/account", data={"name": "Forged"}).status_code == 400


def test_a_post_with_no_session_at_all_goes_to_sign_in_as_before(app, world):
    response = app.test_client().post(f"{LA_A}/schools/new", data={"name": "x"})
    assert response.status_code == 302 and response.location.startswith("/sign-in?next=")


# --- purging, and what the list shows --------------------------------------------------------


def test_purge_deletes_sessions_dead_for_thirty_days_and_keeps_the_rest(app, world):
    senco, lead = world["a"]["senco"], world["a"]["lead"]
    sign_in(app.test_client(), senco)
    live = sign_in(app.test_client(), lead)
    long_ago = utcnow() - timedelta(days=31)
    set_times(senco, ended_at=long_ago, last_used_at=long_ago, expires_at=long_ago)
    result = app.test_cli_runner().invoke(args=["sessions", "purge"])
    assert result.exit_code == 0, result.output
    assert "Removed 1 sessions" in result.output
    assert sessions_of(senco) == [] and len(sessions_of(lead)) == 1
    assert signed_in_now(live)


@pytest.mark.parametrize(("agent", "described"), [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.0 Safari/605.1.15", "Safari on macOS"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/131.0 Mobile/15E148 Safari/604.1", "Chrome on iPhone"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"),
    ("curl/8.5.0", "An unrecognised browser"),
    ("", "An unrecognised browser"),
])
def test_devices_are_described_in_words(agent, described):
    assert describe_device(agent) == described


def test_the_administrators_search_shows_hostile_text_back_as_text(app, world):
    admin = sign_in(app.test_client(), world["admin"])
    for typed in ("<script>@alert(1)</script>", "'; DROP TABLE user_account; --@x", "a\x00b@x", "é@" * 400,
                  "not an address"):
        response = admin.get("/admin/people/personal-data", query_string={"email": typed})
        assert response.status_code == 200
        assert "<script>" not in response.get_data(as_text=True)
        assert page(response).select_one(".govuk-error-summary"), typed


def test_a_form_posted_to_an_la_page_after_the_session_ended_is_kept_too(app, world):
    lead = world["a"]["lead"]
    browser = sign_in(app.test_client(), lead)
    set_times(lead, ended_at=utcnow())  # signed out elsewhere
    response = browser.post(f"{LA_A}/schools/new", data={"name": "A school typed in full", "urn": "123456"})
    assert response.status_code == 401
    assert browser.post("/sign-in?next=/account/kept",
                        data={"email": lead.email, "password": PASSWORD}).status_code == 302
    kept = page(browser.get("/account/kept"))
    assert "A school typed in full" in [t.get_text() for t in kept.select("textarea")]
    assert "123456" not in [t.get_text() for t in kept.select("textarea")], "numbers are not shown to copy"
    assert kept.select_one("main form[method=post]")["action"] == f"{LA_A}/schools/new"


@pytest.mark.one_database
def test_pages_with_long_text_say_how_long_the_idle_limit_is(app, world):
    from flask import render_template_string
    from flask_login import login_user

    from app.forms import Form, long_text, text

    class Long(Form):
        notes = long_text("Notes")

    class Short(Form):
        name = text("Name", max_length=10)

    template = '{% extends "base.html" %}{% block title %}T{% endblock %}{% block main_content %}{% endblock %}'
    with app.test_request_context():
        login_user(world["a"]["senco"])
        long_page = render_template_string(template, form=Long(formdata=None))
        short_page = render_template_string(template, form=Short(formdata=None))
    assert "You will be signed out after 60 minutes without saving." in long_page
    assert "You will be signed out after" not in short_page
