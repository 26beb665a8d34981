"""Erasure: a person who has left is replaced by "A former SENCO" everywhere, their e-mail address
and name are found nowhere in the database, and the school's records stay readable."""

import json

import pytest
from sqlalchemy import select

from app.db import Base
from app.extensions import db
from app.interfaces import personal_data, users
from app.interfaces.errors import Invalid
from app.models import AuditEvent, CoreAction, Role, User
from tests.app import person_records
from tests.conftest import sign_in
from tests.pages import page, text_of


@pytest.fixture
def records(world, make):
    built = person_records.build(world, make)
    for la in (world["a"]["la"], world["b"]["la"]):
        users.set_active_in_la(la, built.person, False)  # they have left
    db.session.commit()
    return built


def database_text() -> str:
    """Every value of every row of every table, as text, lower case."""
    db.session.expire_all()
    values = []
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    values.append(json.dumps(value, default=str, ensure_ascii=False) if isinstance(
                        value, dict | list) else str(value))
    return "\n".join(values).lower()


def test_erasure_leaves_neither_name_nor_email_anywhere_and_the_records_readable(app, world, records):
    before = database_text()
    assert person_records.EMAIL in before and person_records.NAME.lower() in before
    admin = sign_in(app.test_client(), world["admin"])
    response = admin.post(f"/admin/people/{records.person.id}/erase", data={})
    assert response.status_code == 303
    after = database_text()
    assert person_records.EMAIL not in after
    # The name is gone from every text but the evidence file's contents, which are the school's
    # document as uploaded (the page says so).
    assert after.count(person_records.NAME.lower()) == 1
    assert "provision map, written by priya okonkwo-hale" in after
    person = db.session.get(User, records.person.id)
    assert person.name == "A former SENCO" and person.email == f"erased-{person.id}@erased.invalid"
    assert person.password_hash is None and not person.active and not person.active_roles()
    # The school's records are all still there, now written by "a former SENCO".
    evaluation, plan = records.others["evaluation"], records.others["plan"]
    lead = sign_in(app.test_client(), world["a"]["lead"])
    pages = {
        f"/la/authority-a/self-evaluation/{evaluation.id}/areas/{records.others['area'].id}": "A comment on the area",
        f"/la/authority-a/plans/{plan.id}": "What will parents notice?",
        f"/la/authority-a/plans/{plan.id}/priorities/{records.others['priority'].id}/actions/"
        f"{records.others['action'].id}/progress": "Started with Year 3",
        f"/la/authority-a/visits/{records.others['visit'].id}": "Please mention the forum",
    }
    for url, written in pages.items():
        shown = lead.get(url)
        assert shown.status_code == 200, url
        body = text_of(page(shown).find("main"))
        assert written in body and "former SENCO" in body, url
        assert person_records.NAME not in body, url
    # The audit trail says a person was erased, by their account's number, not who they were.
    erased = db.session.scalars(select(AuditEvent).where(AuditEvent.action == CoreAction.USER_ERASED.key)).all()
    assert {(e.la_id, e.entity_id, e.actor_id) for e in erased} == {
        (world["a"]["la"].id, person.id, world["admin"].id), (world["b"]["la"].id, person.id, world["admin"].id)}
    # The account cannot be used again.
    signing_in = app.test_client().post("/sign-in", data={"email": person_records.EMAIL,
                                                          "password": "correct horse battery"})
    assert signing_in.status_code != 302


def test_the_lead_erases_a_person_of_their_la_only(app, world, make, signed_in):
    la = world["a"]["la"]
    leaver = make.user(Role.HEADTEACHER, school=world["a"]["school"], name="Morwenna Tregarthen",
                       email="morwenna@ashfield.example")
    url = f"/la/authority-a/people/{leaver.id}/erase"
    lead = signed_in("a", "lead")
    asked = lead.get(url)
    assert "Deactivate them first" in asked.get_data(as_text=True)
    users.set_active_in_la(la, leaver, False)
    db.session.commit()
    asked = lead.get(url)
    assert "cannot be undone" in asked.get_data(as_text=True)
    assert "A former headteacher" in asked.get_data(as_text=True)
    for role in ("senco", "head", "qa"):
        assert signed_in("a", role).post(url).status_code == 403
    assert signed_in("b", "lead").post(url).status_code == 404
    assert signed_in("b", "lead").post(f"/la/authority-b/people/{leaver.id}/erase").status_code == 404
    done = lead.post(url, data={})
    assert done.status_code == 303 and done.location.endswith(f"/la/authority-a/people/{leaver.id}")
    db.session.expire_all()
    assert db.session.get(User, leaver.id).name == "A former headteacher"
    assert "A former headteacher" in lead.get(done.location).get_data(as_text=True)


def test_erasure_guards(app, world, records, make):
    a, b = world["a"], world["b"]
    # Their role in LA B is beyond LA A's lead: only the platform administrator erases them.
    refusals = personal_data.erasure_refusals(records.person, a["la"], a["lead"])
    assert refusals == ["They also have a role outside Authority A. Ask the platform administrator to erase them."]
    # Nobody erases themselves, and an active person must be deactivated first.
    assert "You cannot erase your own account." in personal_data.erasure_refusals(a["lead"], a["la"], a["lead"])
    assert personal_data.erasure_refusals(a["senco"], a["la"], a["lead"]) == [
        "Deactivate them first: erasing is for people who have left."]
    # The only LA lead cannot be deactivated, so cannot be erased either, even by the administrator.
    assert personal_data.erasure_refusals(b["lead"], None, world["admin"]) == [
        "Deactivate them first: erasing is for people who have left."]
    with pytest.raises(Invalid):
        personal_data.erase(b["lead"], None, world["admin"])
    # Once erased, there is nothing left to erase.
    personal_data.erase(records.person, None, world["admin"])
    assert personal_data.erasure_refusals(records.person, None, world["admin"]) == [
        "This person's details have already been erased."]


def test_a_refused_erasure_comes_back_to_the_page_with_the_reason(app, world, signed_in):
    url = f"/la/authority-a/people/{world['a']['senco'].id}/erase"
    response = signed_in("a", "lead").post(url, data={})
    assert response.status_code == 303 and response.location.endswith(url)
    db.session.expire_all()
    assert db.session.get(User, world["a"]["senco"].id).name == "Senco A"
