"""The one path for saving and refusing, and the words for every audit action."""

import pytest

from app import create_app
from app.extensions import db
from app.interfaces.errors import EditConflict, Invalid
from app.models import AuditAction, AuditEvent, CoreAction
from tests.pages import page, text_of


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory):
    """An app of its own, so a route that only this test needs can be added to it."""
    folder = tmp_path_factory.mktemp("refusing")
    application = create_app("test", DATABASE_URL=f"sqlite:///{folder / 'refusing.sqlite'}")

    @application.get("/escaped-conflict")
    def escaped_conflict():
        raise EditConflict()

    @application.get("/escaped-invalid")
    def escaped_invalid():
        raise Invalid({"name": "Enter a name"})

    yield application
    application.extensions["database"].engine.dispose()


def test_an_edit_conflict_that_escapes_a_route_answers_409_not_500(bare_app):
    response = bare_app.test_client().get("/escaped-conflict")
    assert response.status_code == 409
    assert "This page was changed by someone else" in text_of(page(response).find("h1"))


def test_a_refusal_that_escapes_a_route_answers_400_with_its_reason(bare_app):
    response = bare_app.test_client().get("/escaped-invalid")
    assert response.status_code == 400
    assert "Enter a name" in text_of(page(response).find("main"))


def test_every_audit_action_has_its_own_words_and_key():
    actions = AuditAction.every()
    assert len(actions) >= 54
    assert len({a.key for a in actions}) == len(actions)
    assert len({a.label for a in actions}) == len(actions)
    for action in actions:
        assert action.label and action.label != action.key
        assert AuditAction.describe(action.key) == action.label


def test_the_activity_page_shows_words_for_every_audit_action(app, world, signed_in):
    la = world["a"]["la"]
    actions = AuditAction.every()
    for action in actions:
        db.session.add(AuditEvent(la_id=la.id, action=action.key, entity="School",
                                  entity_id=world["a"]["school"].id, detail={}))
    db.session.commit()
    response = signed_in("a", "lead").get(f"/la/{la.slug}/activity?include=feed-reads")
    assert response.status_code == 200
    shown = [text_of(row.find_all("td")[2]) for row in page(response).select("tbody tr")]
    for action in actions:
        assert action.label in shown, action.key
    assert not any(action.key in shown for action in actions)


def test_the_activity_page_leaves_out_the_data_feeds_reads_unless_asked(app, world, signed_in):
    la = world["a"]["la"]
    for action in (CoreAction.API_TOKEN_USED, CoreAction.SCHOOL_UPDATED):
        db.session.add(AuditEvent(la_id=la.id, action=action.key, entity="School",
                                  entity_id=world["a"]["school"].id, detail={}))
    db.session.commit()
    client = signed_in("a", "lead")
    shown = text_of(page(client.get(f"/la/{la.slug}/activity")).select_one("table"))
    assert CoreAction.SCHOOL_UPDATED.label in shown and CoreAction.API_TOKEN_USED.label not in shown
    shown = text_of(page(client.get(f"/la/{la.slug}/activity?include=feed-reads")).select_one("table"))
    assert CoreAction.API_TOKEN_USED.label in shown
