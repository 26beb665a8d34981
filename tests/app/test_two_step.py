"""Two-step sign-in: setting it up, signing in with a code or a recovery code, each used once,
the attempt limits, an LA's requirement, the administrator's, and resets."""

import re
import time

from sqlalchemy import select

from app import one_time_codes
from app.extensions import db
from app.interfaces import two_step
from app.models import AuditEvent, CoreAction, RecoveryCode, TwoStepSecret
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.pages import banner, error_summary, field_error, heading, page

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def turn_on(user, secret: str = SECRET) -> list[str]:
    """Two-step sign-in on, as if confirmed with the code of the step before now: any code a test
    reads "now" is still unused. Returns the recovery codes."""
    two_step.start_setup(user, secret)
    recovery = two_step.confirm_setup(user, one_time_codes.code_for(secret, time.time() - 30))
    db.session.commit()
    return recovery


def now_code(secret: str = SECRET) -> str:
    return one_time_codes.code_for(secret)


def wrong_code(secret: str = SECRET) -> str:
    valid = {one_time_codes.code_for(secret, time.time() + 30 * offset) for offset in (-1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444") if code not in valid)


def password_step(client, user, next_url: str | None = None):
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": user.email, "password": PASSWORD})


def signed_in_now(client) -> bool:
    return client.get("/account").status_code == 200


def actions(user) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_id == user.id, AuditEvent.entity == "User")
        .order_by(AuditEvent.id)))


# --- setting it up ----------------------------------------------------------------------------


def test_setting_up_shows_a_qr_code_and_refuses_a_wrong_code_beside_the_field(app, world, signed_in):
    lead = signed_in("a", "lead")
    assert "Off." in page(lead.get("/account")).select_one("#two-step").find_next("p").get_text()
    intro = lead.get("/account/two-step/set-up")
    assert intro.status_code == 200 and "authenticator app" in intro.get_data(as_text=True)
    assert lead.post("/account/two-step/start").status_code == 303

    setup = page(lead.get("/account/two-step/set-up"))
    svg = setup.select_one("svg[role=img]")
    assert svg is not None and svg.find("title") is not None
    assert not setup.select("main img"), "drawn in the page: no image request carries the secret"
    key = setup.select_one("#setup-key").get_text(strip=True)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    secret = key.replace(" ", "")
    assert secret == two_step.pending_secret(world["a"]["lead"])

    refused = lead.post("/account/two-step/set-up", data={"code": wrong_code(secret)})
    assert refused.status_code == 400
    soup = page(refused)
    assert "not right" in field_error(soup, "code") and error_summary(soup)
    assert not two_step.is_on(world["a"]["lead"])

    done = lead.post("/account/two-step/set-up", data={"code": now_code(secret)})
    assert done.status_code == 302
    shown = page(lead.get(done.location))
    codes = [li.get_text(strip=True) for li in shown.select("#recovery-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes)
    # Once only: the page again, the setup page and the account page show neither codes nor secret.
    assert not page(lead.get(done.location)).select("#recovery-codes li")
    again = lead.get("/account/two-step/set-up")
    assert again.status_code == 302 and again.location.endswith("/account")
    account = lead.get("/account").get_data(as_text=True)
    assert secret not in account and key not in account and "10 recovery codes left" in account
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)
    assert actions(world["a"]["lead"])[-1] == CoreAction.TWO_STEP_ON.key


def test_a_code_with_letters_is_refused_and_nothing_is_kept(app, world, signed_in):
    lead = signed_in("a", "lead")
    lead.post("/account/two-step/start")
    response = lead.post("/account/two-step/set-up", data={"code": "12ab56"})
    assert response.status_code == 400
    assert field_error(page(response), "code") == "Enter the 6-digit code from your authenticator app"


# --- signing in -------------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_after_the_password(app, world):
    senco = world["a"]["senco"]
    turn_on(senco)
    client = app.test_client()
    response = password_step(client, senco, next_url="/account/emails")
    assert response.status_code == 302 and response.location.endswith("/sign-in/two-step")
    assert not signed_in_now(client), "the password alone signs nobody in"
    assert heading(page(client.get("/sign-in/two-step"))) == "Enter your code"

    response = client.post("/sign-in/two-step", data={"code": now_code()})
    assert response.status_code == 302 and response.location == "/account/emails"
    assert signed_in_now(client)


def test_a_code_cannot_be_used_twice(app, world):
    senco = world["a"]["senco"]
    turn_on(senco)
    code = now_code()
    first = app.test_client()
    password_step(first, senco)
    assert first.post("/sign-in/two-step", data={"code": code}).status_code == 302

    second = app.test_client()
    password_step(second, senco)
    replay = second.post("/sign-in/two-step", data={"code": code})
    assert replay.status_code == 400
    assert "used already" in field_error(page(replay), "code")
    assert not signed_in_now(second)


def test_a_recovery_code_signs_in_once(app, world):
    senco = world["a"]["senco"]
    recovery = turn_on(senco)
    client = app.test_client()
    password_step(client, senco)
    response = client.post("/sign-in/two-step", data={"code": one_time_codes.shown(recovery[3]).lower()})
    assert response.status_code == 302
    assert "9 left" in banner(page(client.get(response.location)))
    assert two_step.recovery_codes_left(senco) == 9
    assert CoreAction.RECOVERY_CODE_USED.key in actions(senco)

    again = app.test_client()
    password_step(again, senco)
    assert again.post("/sign-in/two-step", data={"code": recovery[3]}).status_code == 400
    assert again.post("/sign-in/two-step", data={"code": recovery[4]}).status_code == 302


def test_wrong_codes_count_against_the_sign_in_limit(app, world):
    senco = world["a"]["senco"]
    turn_on(senco)
    client = app.test_client()
    password_step(client, senco)
    limit = app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert client.post("/sign-in/two-step", data={"code": wrong_code()}).status_code == 400
    blocked = client.post("/sign-in/two-step", data={"code": now_code()})
    assert blocked.status_code == 429 and "too many times" in field_error(page(blocked), "code")
    assert not signed_in_now(client)
    # Nor does starting again with the password help.
    assert password_step(app.test_client(), senco).status_code == 429


def test_the_wait_for_a_code_runs_out(app, world, monkeypatch):
    senco = world["a"]["senco"]
    turn_on(senco)
    client = app.test_client()
    password_step(client, senco)
    later = time.time() + 301
    monkeypatch.setattr("app.auth.two_step.time.time", lambda: later)
    response = client.post("/sign-in/two-step", data={"code": now_code()})
    assert response.status_code == 302 and response.location.endswith("/sign-in")
    assert not signed_in_now(client)


def test_a_person_without_two_step_signs_in_with_the_password(app, world):
    client = app.test_client()
    assert password_step(client, world["a"]["head"]).location == "/"
    assert signed_in_now(client)


# --- required -----------------------------------------------------------------------------------


def test_an_la_lead_can_require_two_step_and_its_people_set_it_up_first(app, world, signed_in):
    la = world["a"]["la"]
    lead = signed_in("a", "lead")
    response = lead.post(f"/la/{la.slug}/two-step-sign-in", data={"required": "yes", "version": str(la.version)})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == CoreAction.LA_TWO_STEP_REQUIREMENT_CHANGED.key))
    assert event.la_id == la.id and event.detail["required"] is True

    client = app.test_client()
    response = password_step(client, world["a"]["senco"], next_url="/account/emails")
    assert response.location.endswith("/account/two-step/set-up")
    assert not signed_in_now(client), "nothing else is reached before setting up"
    setup = page(client.get("/account/two-step/set-up"))
    assert "needs two-step sign-in" in setup.get_text()
    secret = setup.select_one("#setup-key").get_text(strip=True).replace(" ", "")
    done = client.post("/account/two-step/set-up", data={"code": now_code(secret)})
    assert done.status_code == 302
    codes_page = page(client.get(done.location))
    assert len(codes_page.select("#recovery-codes li")) == 10
    assert codes_page.select_one("a.govuk-button")["href"] == "/account/emails"
    assert signed_in_now(client)
    # Required: it cannot be turned off, only reset by the lead.
    assert "cannot be turned off" in client.get("/account/two-step/turn-off").get_data(as_text=True)

    other_la = app.test_client()
    assert password_step(other_la, world["b"]["senco"]).location == "/"


def test_the_platform_administrator_always_sets_up_two_step(app, world):
    client = app.test_client()
    response = password_step(client, world["admin"])
    assert response.location.endswith("/account/two-step/set-up")
    assert not signed_in_now(client)
    assert client.get("/admin/local-authorities").status_code == 302


# --- turning off and resetting ------------------------------------------------------------------


def test_turning_off_needs_the_password_and_a_code(app, world):
    head = world["a"]["head"]
    turn_on(head)
    client = sign_in(app.test_client(), head)
    wrong = client.post("/account/two-step/turn-off", data={"password": "not my password", "code": now_code()})
    assert wrong.status_code == 400 and "not correct" in field_error(page(wrong), "password")
    assert two_step.is_on(head)
    done = client.post("/account/two-step/turn-off", data={"password": PASSWORD, "code": now_code()})
    assert done.status_code == 302
    assert not two_step.is_on(head) and not db.session.scalars(select(RecoveryCode)).all()
    assert actions(head)[-1] == CoreAction.TWO_STEP_OFF.key
    assert password_step(app.test_client(), head).location == "/"


def test_the_lead_resets_a_persons_two_step_sign_in(app, world, signed_in):
    senco = world["a"]["senco"]
    turn_on(senco)
    lead = signed_in("a", "lead")
    person_page = f"/la/{world['a']['la'].slug}/people/{senco.id}"
    assert "Reset two-step sign-in" in lead.get(person_page).get_data(as_text=True)
    response = lead.post(f"{person_page}/two-step/reset")
    assert response.status_code == 303 and response.location == person_page
    assert "has been reset" in banner(page(lead.get(person_page)))
    assert db.session.scalar(select(TwoStepSecret).where(TwoStepSecret.user_id == senco.id)) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == CoreAction.TWO_STEP_RESET.key))
    assert event.la_id == world["a"]["la"].id and event.entity_id == senco.id

    again = lead.post(f"{person_page}/two-step/reset")
    assert again.status_code == 303
    assert "does not have two-step" in page(lead.get(person_page)).get_text()


def test_a_lead_of_another_la_cannot_reset(app, world, signed_in):
    senco = world["a"]["senco"]
    turn_on(senco)
    other = signed_in("b", "lead")
    for slug in (world["a"]["la"].slug, world["b"]["la"].slug):
        response = other.post(f"/la/{slug}/people/{senco.id}/two-step/reset")
        assert response.status_code == 404
    assert two_step.is_on(senco)
    school_staff = signed_in("a", "senco")
    assert school_staff.post(f"/la/{world['a']['la'].slug}/people/{senco.id}/two-step/reset").status_code == 403
    assert two_step.is_on(senco)


def test_the_administrator_resets_anyone_by_email(app, world, signed_in):
    head = world["b"]["head"]
    turn_on(head)
    admin = signed_in(None, "admin")
    unknown = admin.post("/admin/two-step-sign-in", data={"email": "nobody@example.org"})
    assert unknown.status_code == 400 and "no account" in field_error(page(unknown), "email")
    done = admin.post("/admin/two-step-sign-in", data={"email": head.email})
    assert done.status_code == 302 and not two_step.is_on(head)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == CoreAction.TWO_STEP_RESET.key))
    assert event.la_id is None and event.actor_id == world["admin"].id
    assert signed_in("a", "lead").get("/admin/two-step-sign-in").status_code == 403


# --- the codes themselves -----------------------------------------------------------------------


def test_codes_match_only_within_one_step_either_side():
    now = 1_700_000_000
    step = now // 30
    assert one_time_codes.matching_step(SECRET, one_time_codes.code_for(SECRET, now), now) == step
    assert one_time_codes.matching_step(SECRET, one_time_codes.code_for(SECRET, now - 30), now) == step - 1
    assert one_time_codes.matching_step(SECRET, one_time_codes.code_for(SECRET, now + 30), now) == step + 1
    assert one_time_codes.matching_step(SECRET, one_time_codes.code_for(SECRET, now - 90), now) is None
    assert one_time_codes.read_code(" abcde-fghjk ") == "ABCDEFGHJK"
