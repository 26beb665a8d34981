"""Signing in and out, sign-in limits, invitations and password resets."""

from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from sqlalchemy import func, select

from app.auth.routes import GENERIC_FAILURE, TOO_MANY
from app.db import utcnow
from app.extensions import db
from app.interfaces import users
from app.models import Invitation, Role, RoleAssignment, SignInAttempt, User
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.pages import error_summary, field_error, heading, link_in, outbox, page, value

pytestmark = pytest.mark.real_sign_in

NEW_PASSWORD = "a brand new passphrase"
LA_A = "/la/authority-a"


def attempt(client, email: str, password: str):
    return client.post("/sign-in", data={"email": email, "password": password})


def refusal(response) -> tuple[int, list[str], str]:
    soup = page(response)
    return response.status_code, error_summary(soup), field_error(soup, "email")


def invite(app, world, email: str, role: str = "QUALITY_ASSURER", school: str = "") -> str:
    """LA A's lead invites someone; returns the path of the link in the email."""
    lead = sign_in(app.test_client(), world["a"]["lead"])
    response = lead.post(
        f"{LA_A}/people/invite",
        data={"name": "Invited Person", "email": email, "role": role, "school": school},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return link_in([m for m in outbox() if m.recipient == email][-1])


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def failures_recorded() -> int:
    return db.session.scalar(select(func.count(SignInAttempt.id)).where(SignInAttempt.succeeded.is_(False)))


# --- signing in -------------------------------------------------------------------------------


def test_correct_password_signs_in_and_lands_on_home(client, world):
    response = attempt(client, world["a"]["lead"].email, PASSWORD)
    assert response.status_code == 302
    assert response.location == "/"
    home = page(client.get("/"))
    assert "Authority A" in home.get_text()
    assert user_by_email(world["a"]["lead"].email).last_signed_in_at is not None


def test_email_is_matched_whatever_its_case_and_spaces(client, world):
    response = attempt(client, f"  {world['a']['lead'].email.upper()} ", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_is_refused_without_saying_whether_account_exists(client, world):
    response = attempt(client, world["a"]["lead"].email, "not the password")
    soup = page(response)
    assert response.status_code == 400
    assert error_summary(soup) == [GENERIC_FAILURE]
    assert field_error(soup, "email") == GENERIC_FAILURE
    assert value(soup, "email") == world["a"]["lead"].email
    assert not value(soup, "password"), "a password must never be sent back in the page"
    assert client.get("/account").status_code == 302


def test_unknown_email_gets_the_identical_refusal(client, world):
    known = attempt(client, world["a"]["lead"].email, "not the password")
    unknown = attempt(client, "nobody@example.org", "not the password")
    assert refusal(unknown) == refusal(known)


def test_account_is_limited_after_too_many_failures_even_with_the_right_password(app, client, world):
    email = world["a"]["lead"].email
    limit = app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert attempt(client, email, "not the password").status_code == 400
    response = attempt(client, email, PASSWORD)
    soup = page(response)
    assert response.status_code == 429
    assert error_summary(soup) == [TOO_MANY]
    assert client.get("/account").status_code == 302
    # Other people are not locked out by one person's failures.
    assert attempt(client, world["a"]["qa"].email, PASSWORD).status_code == 302


def test_email_without_an_account_is_limited_the_same_way(app, client, world):
    limit = app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
    for email in (world["a"]["lead"].email, "nobody@example.org"):
        for _ in range(limit):
            attempt(client, email, "not the password")
    known = attempt(client, world["a"]["lead"].email, PASSWORD)
    unknown = attempt(client, "nobody@example.org", PASSWORD)
    assert refusal(unknown) == refusal(known) == (429, [TOO_MANY], TOO_MANY)


def test_a_successful_sign_in_resets_the_count_for_that_account(app, client, world):
    email = world["a"]["lead"].email
    limit = app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit - 1):
        attempt(client, email, "not the password")
    sign_in(app.test_client(), world["a"]["lead"])
    for _ in range(limit - 1):
        assert attempt(client, email, "not the password").status_code == 400
    assert attempt(client, email, PASSWORD).status_code == 302


def test_one_client_address_is_limited_across_different_emails(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_MAX_FAILURES_PER_ADDRESS", 3)
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    for n in range(3):
        assert attempt(guesser, f"guess{n}@example.org", "password guess").status_code == 400
    response = attempt(guesser, world["a"]["lead"].email, PASSWORD)
    assert response.status_code == 429
    assert error_summary(page(response)) == [TOO_MANY]
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    assert attempt(elsewhere, world["a"]["lead"].email, PASSWORD).status_code == 302


def test_sign_in_limits_are_kept_in_the_database_not_the_process(app, world):
    email = world["a"]["lead"].email
    limit = app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        attempt(app.test_client(), email, "not the password")
    assert failures_recorded() == limit
    # A fresh client (a new browser, or a request served by another worker) is still refused...
    assert attempt(app.test_client(), email, PASSWORD).status_code == 429
    # ...and the refusal comes from those rows: without them the same request succeeds.
    db.session.execute(SignInAttempt.__table__.delete())
    db.session.commit()
    assert attempt(app.test_client(), email, PASSWORD).status_code == 302


# --- deactivation and sessions ----------------------------------------------------------------


def deactivate(app, world, person) -> None:
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.post(f"{LA_A}/people/{person.id}/deactivate").status_code == 302


def test_deactivated_person_cannot_sign_in(app, client, world):
    deactivate(app, world, world["a"]["senco"])
    response = attempt(client, world["a"]["senco"].email, PASSWORD)
    assert response.status_code == 400
    assert "deactivated" in field_error(page(response), "email")
    assert client.get("/account").status_code == 302


def test_deactivation_ends_a_session_that_is_already_signed_in(app, world):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.get("/account").status_code == 200
    deactivate(app, world, world["a"]["senco"])
    response = senco.get("/account")
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/sign-in"


def test_changing_password_signs_out_other_sessions_but_keeps_this_one(app, world):
    lead = world["a"]["lead"]
    here, elsewhere = sign_in(app.test_client(), lead), sign_in(app.test_client(), lead)
    response = here.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302
    assert attempt(app.test_client(), lead.email, PASSWORD).status_code == 400
    assert attempt(app.test_client(), lead.email, NEW_PASSWORD).status_code == 302


def test_password_is_not_changed_without_the_current_one(app, world):
    here = sign_in(app.test_client(), world["a"]["lead"])
    response = here.post(
        "/account/password",
        data={
            "current_password": "a wrong guess here",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert field_error(page(response), "current_password") == "Your current password is not correct"
    assert attempt(app.test_client(), world["a"]["lead"].email, PASSWORD).status_code == 302


def test_sign_out_is_post_only(app, world):
    client = sign_in(app.test_client(), world["a"]["lead"])
    assert client.get("/sign-out").status_code == 405
    assert client.get("/account").status_code == 200, "a GET (say, an <img> on another site) signed us out"
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/\t/evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_parameter_cannot_send_people_to_another_site(client, world, target):
    response = client.post(
        f"/sign-in?next={quote(target)}", data={"email": world["a"]["lead"].email, "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.location
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location and "evil.example" not in urlsplit(location).netloc


def test_next_parameter_returns_to_a_page_on_this_site(client, world):
    response = client.post(
        f"/sign-in?next={quote(LA_A + '/schools?q=one')}",
        data={"email": world["a"]["lead"].email, "password": PASSWORD},
    )
    assert response.location == LA_A + "/schools?q=one"


def test_la_page_sends_visitor_to_sign_in_and_back(client, world):
    response = client.get(f"{LA_A}/schools")
    assert response.status_code == 302
    back = client.post(response.location, data={"email": world["a"]["lead"].email, "password": PASSWORD})
    assert back.location == f"{LA_A}/schools"


# --- invitations ------------------------------------------------------------------------------


def accept(client, link: str, name: str = "New Person", password: str = NEW_PASSWORD):
    return client.post(link, data={"name": name, "new_password": password, "confirm_password": password})


def test_invited_person_creates_account_gets_role_and_is_signed_in(app, world):
    link = invite(app, world, "new.senco@example.org", role="SENCO", school=str(world["a"]["school"].id))
    visitor = app.test_client()
    form = page(visitor.get(link))
    assert heading(form) == "Create your account"
    assert value(form, "name") == "Invited Person"

    response = accept(visitor, link, name="Newly Invited")
    assert response.status_code == 302
    assert "Authority A" in page(visitor.get("/")).get_text()
    person = user_by_email("new.senco@example.org")
    assert person.name == "Newly Invited"
    assert [(r.role, r.school_id, r.active) for r in person.roles] == [
        (Role.SENCO, world["a"]["school"].id, True)
    ]
    assert db.session.scalar(select(Invitation.accepted_at)) is not None
    assert attempt(app.test_client(), "new.senco@example.org", NEW_PASSWORD).status_code == 302


def test_invitation_form_problems_are_shown_and_nothing_is_created(app, world):
    link = invite(app, world, "new.qa@example.org")
    response = app.test_client().post(
        link,
        data={
            "name": "Typed Name",
            "new_password": NEW_PASSWORD,
            "confirm_password": "something else entirely",
        },
    )
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "confirm_password") == "The passwords do not match"
    assert value(soup, "name") == "Typed Name"
    assert user_by_email("new.qa@example.org") is None


@pytest.mark.parametrize("how", ["link older than INVITATION_MAX_AGE", "invitation past expires_at"])
def test_expired_invitation_is_refused(app, world, monkeypatch, how):
    link = invite(app, world, "late@example.org")
    if how == "invitation past expires_at":
        db.session.scalar(select(Invitation)).expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    else:
        monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", timedelta(seconds=-1))
    visitor = app.test_client()
    assert visitor.get(link).status_code == 400
    response = accept(visitor, link)
    assert response.status_code == 400
    assert heading(page(response)) == "This link cannot be used"
    assert user_by_email("late@example.org") is None


def test_invitation_link_works_only_once(app, world):
    link = invite(app, world, "once@example.org")
    assert accept(app.test_client(), link).status_code == 302
    again = app.test_client()
    assert again.get(link).status_code == 400
    response = accept(again, link, name="Someone Else", password="another new passphrase")
    assert response.status_code == 400
    assert user_by_email("once@example.org").name == "New Person"
    assert attempt(app.test_client(), "once@example.org", "another new passphrase").status_code == 400


def test_resent_invitation_makes_the_old_link_stop_working(app, world):
    old_link = invite(app, world, "resent@example.org")
    lead = sign_in(app.test_client(), world["a"]["lead"])
    invitation_id = db.session.scalar(select(Invitation.id))
    assert lead.post(f"{LA_A}/invitations/{invitation_id}/resend").status_code == 302
    new_link = link_in(outbox()[-1])
    assert new_link != old_link
    assert accept(app.test_client(), old_link).status_code == 400
    assert accept(app.test_client(), new_link).status_code == 302


def test_revoked_invitation_is_refused(app, world):
    link = invite(app, world, "revoked@example.org")
    lead = sign_in(app.test_client(), world["a"]["lead"])
    invitation_id = db.session.scalar(select(Invitation.id))
    assert lead.post(f"{LA_A}/invitations/{invitation_id}/revoke").status_code == 302
    assert accept(app.test_client(), link).status_code == 400
    assert user_by_email("revoked@example.org") is None


def test_invitation_to_an_existing_account_adds_the_role(app, world):
    b_lead = world["b"]["lead"]
    link = invite(app, world, b_lead.email, role="QUALITY_ASSURER")
    visitor = app.test_client()
    assert heading(page(visitor.get(link))) == "Accept your invitation"
    response = visitor.post(link)
    assert response.status_code == 302
    roles = {(r.role, r.la_id) for r in user_by_email(b_lead.email).roles}
    assert roles == {(Role.LA_LEAD, world["b"]["la"].id), (Role.QUALITY_ASSURER, world["a"]["la"].id)}
    # Their password is unchanged, and the new LA is theirs to open.
    client = sign_in(app.test_client(), b_lead)
    assert client.get(f"{LA_A}/schools").status_code == 200


# --- password reset ---------------------------------------------------------------------------


def request_reset(client, email: str):
    return client.post("/password-reset", data={"email": email})


def test_password_reset_link_from_the_email_sets_a_new_password_once(app, client, world):
    lead = world["a"]["lead"]
    response = request_reset(client, lead.email)
    assert response.status_code == 200
    assert heading(page(response)) == "Check your email"
    [message] = outbox()
    assert message.recipient == lead.email
    link = link_in(message)

    assert heading(page(client.get(link))) == "Choose a new password"
    response = client.post(link, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert attempt(app.test_client(), lead.email, PASSWORD).status_code == 400
    assert attempt(app.test_client(), lead.email, NEW_PASSWORD).status_code == 302

    again = client.post(
        link, data={"new_password": "yet another passphrase", "confirm_password": "yet another passphrase"}
    )
    assert again.status_code == 400
    assert heading(page(again)) == "This link cannot be used"
    assert attempt(app.test_client(), lead.email, NEW_PASSWORD).status_code == 302


def test_password_reset_ends_sessions_signed_in_elsewhere(app, client, world):
    lead = world["a"]["lead"]
    elsewhere = sign_in(app.test_client(), lead)
    request_reset(client, lead.email)
    link = link_in(outbox()[-1])
    client.post(link, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert elsewhere.get("/account").status_code == 302


def test_reset_request_for_unknown_email_shows_the_same_page_and_sends_nothing(client, world):
    known = page(request_reset(client, world["a"]["lead"].email))
    unknown_response = request_reset(client, "nobody@example.org")
    unknown = page(unknown_response)
    assert unknown_response.status_code == 200
    assert heading(unknown) == heading(known)
    main_known = known.find("main").get_text(" ").replace(world["a"]["lead"].email, "EMAIL")
    main_unknown = unknown.find("main").get_text(" ").replace("nobody@example.org", "EMAIL")
    assert " ".join(main_unknown.split()) == " ".join(main_known.split())
    assert [m.recipient for m in outbox()] == [world["a"]["lead"].email]


def test_deactivated_person_is_sent_no_reset_link(app, client, world):
    deactivate(app, world, world["a"]["senco"])
    assert request_reset(client, world["a"]["senco"].email).status_code == 200
    assert outbox() == []


def test_tampered_reset_link_is_refused(client, world):
    request_reset(client, world["a"]["lead"].email)
    link = link_in(outbox()[-1])
    response = client.post(
        link[:-3] + "abc", data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert heading(page(response)) == "This link cannot be used"


def test_roles_of_an_invited_person_stay_in_the_invitation_la(app, world):
    link = invite(app, world, "scoped@example.org", role="LA_LEAD")
    visitor = app.test_client()
    accept(visitor, link)
    assert visitor.get(f"{LA_A}/people").status_code == 200
    assert visitor.get("/la/authority-b/people").status_code == 404
    assignment = db.session.scalar(
        select(RoleAssignment).join(User).where(User.email == "scoped@example.org")
    )
    assert assignment.la_id == world["a"]["la"].id
    assert users.count_active_leads(world["a"]["la"]) == 2
