"""The platform administrator sees and changes an LA's name and LA code (the code finds its
schools in a file from Get Information about Schools)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, LocalAuthority
from tests.conftest import sign_in
from tests.pages import error_summary, field_error, heading, page, snapshot, value


@pytest.fixture
def admin(signed_in):
    return signed_in(None, "admin")


def edit_url(la) -> str:
    return f"/admin/local-authorities/{la.id}/edit"


def fresh(la) -> LocalAuthority:
    db.session.expire_all()
    return db.session.get(LocalAuthority, la.id)


def test_the_list_of_las_links_to_each_las_details(admin, world):
    soup = page(admin.get("/admin/local-authorities"))
    assert soup.find("a", href=edit_url(world["a"]["la"])) is not None


def test_admin_changes_the_name_and_code_and_it_is_audited(admin, world):
    la = world["a"]["la"]
    soup = page(admin.get(edit_url(la)))
    assert heading(soup) == "Change the local authority's details"
    assert (value(soup, "name"), value(soup, "code")) == (la.name, la.code)

    old_name, old_code = la.name, la.code
    # The factory's codes count up to 999 and round: one no LA here has.
    taken = set(db.session.scalars(select(LocalAuthority.code)))
    new_code = next(code for code in ("977", "976", "975") if code not in taken)
    response = admin.post(edit_url(la), data={"name": "Authority A Renamed", "code": new_code,
                                              "version": value(soup, "version")})
    assert response.status_code == 302
    assert (fresh(la).name, fresh(la).code, fresh(la).slug) == ("Authority A Renamed", new_code, "authority-a")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "la.updated"))
    assert event.la_id == la.id and event.actor_id == world["admin"].id
    assert event.detail == {"name": {"from": old_name, "to": "Authority A Renamed"},
                            "code": {"from": old_code, "to": new_code}}


def test_a_save_over_another_admins_change_is_refused_with_409(app, admin, world):
    la = world["a"]["la"]
    stale = value(page(admin.get(edit_url(la))), "version")
    other = sign_in(app.test_client(), world["admin"])
    assert other.post(edit_url(la), data={"name": la.name, "code": "978", "version": stale}).status_code == 302
    before = snapshot()

    response = admin.post(edit_url(la), data={"name": la.name, "code": "979", "version": stale})
    soup = page(response)
    assert response.status_code == 409
    assert "Saved by someone else" in soup.get_text()
    assert "LA code: 978." in soup.get_text()
    assert value(soup, "code") == "979", "the admin's answer stays in the form"
    assert value(soup, "version") != stale, "the newer version, so saving again is a choice"
    assert snapshot() == before


def test_a_code_or_name_another_la_has_is_refused(admin, world):
    la, other = world["a"]["la"], world["b"]["la"]
    version = value(page(admin.get(edit_url(la))), "version")
    before = snapshot()
    response = admin.post(edit_url(la), data={"name": other.name.upper(), "code": other.code, "version": version})
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "code") == "A local authority with this LA code already exists"
    assert field_error(soup, "name") == "A local authority with this name already exists"
    assert snapshot() == before


@pytest.mark.parametrize("code", ["99", "9a0", "9900", ""])
def test_the_code_must_be_three_digits(admin, world, code):
    la = world["a"]["la"]
    version = value(page(admin.get(edit_url(la))), "version")
    response = admin.post(edit_url(la), data={"name": la.name, "code": code, "version": version})
    assert response.status_code == 400
    assert error_summary(page(response))
    assert fresh(la).code == la.code


def test_saving_unchanged_details_records_nothing(admin, world):
    la = world["a"]["la"]
    version = value(page(admin.get(edit_url(la))), "version")
    assert admin.post(edit_url(la), data={"name": la.name, "code": la.code, "version": version}).status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "la.updated")) is None


def test_an_unknown_la_is_not_found(admin):
    assert admin.get("/admin/local-authorities/999999/edit").status_code == 404


@pytest.mark.parametrize("role", ["lead", "senco", "qa"])
def test_only_the_platform_administrator_may_change_an_la(signed_in, world, role):
    client = signed_in("a", role)
    la = world["a"]["la"]
    before = snapshot()
    assert client.get(edit_url(la)).status_code == 403
    assert client.post(edit_url(la), data={"name": "Mine", "code": "666", "version": "1"}).status_code == 403
    assert snapshot() == before
