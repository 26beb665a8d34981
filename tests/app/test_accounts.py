"""A person's own account page: their name, saved with optimistic locking."""

import pytest

from app.extensions import db
from app.models import User
from tests.conftest import sign_in
from tests.pages import banner, error_summary, field_error, page, value


def current_name(user) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).name


def test_account_page_shows_email_roles_and_name(signed_in, world):
    soup = page(signed_in("a", "senco").get("/account"))
    text = soup.get_text(" ")
    assert world["a"]["senco"].email in text
    assert "SENCO, School A One" in text
    assert value(soup, "name") == "Senco A"


def test_name_change_is_saved(signed_in, world):
    client = signed_in("a", "lead")
    version = value(page(client.get("/account")), "version")
    response = client.post("/account", data={"name": "  Alex Lead  ", "version": version})
    assert response.status_code == 302
    assert current_name(world["a"]["lead"]) == "Alex Lead"
    assert "Your name has been saved." in banner(page(client.get("/account")))


def test_stale_account_form_is_refused_with_409_and_keeps_the_typed_name(app, world):
    lead = world["a"]["lead"]
    first_window, second_window = sign_in(app.test_client(), lead), sign_in(app.test_client(), lead)
    version = value(page(first_window.get("/account")), "version")
    assert value(page(second_window.get("/account")), "version") == version

    assert first_window.post("/account", data={"name": "Saved First", "version": version}).status_code == 302
    response = second_window.post("/account", data={"name": "Typed Second", "version": version})
    soup = page(response)
    assert response.status_code == 409
    assert "Someone else saved this" in " ".join(error_summary(soup))
    assert error_summary(soup) == [field_error(soup, "name")]
    assert value(soup, "name") == "Typed Second"
    assert current_name(lead) == "Saved First"

    # The re-shown form carries the new version: saving it again is a deliberate overwrite.
    assert int(value(soup, "version")) == int(version) + 1
    again = second_window.post("/account", data={"name": "Typed Second", "version": value(soup, "version")})
    assert again.status_code == 302
    assert current_name(lead) == "Typed Second"


def test_account_form_without_a_version_is_treated_as_stale(signed_in, world):
    response = signed_in("a", "lead").post("/account", data={"name": "No Version"})
    assert response.status_code == 409
    assert current_name(world["a"]["lead"]) == "Lead A"


def test_account_page_needs_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


@pytest.mark.real_sign_in
def test_signing_in_elsewhere_does_not_make_an_open_account_page_stale(app, world):
    lead = world["a"]["lead"]
    window = sign_in(app.test_client(), lead)
    version = value(page(window.get("/account")), "version")
    sign_in(app.test_client(), lead)  # the same person signs in on another device
    response = window.post("/account", data={"name": "Still Mine", "version": version})
    assert response.status_code == 302
    assert current_name(lead) == "Still Mine"
