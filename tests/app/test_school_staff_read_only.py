"""Other school staff read their own school's work and change nothing, anywhere.

Walks every LA-scoped route the way the isolation matrix does, but inside the staff member's own
LA, against their own school's self-evaluation, plan, triad, visit and celebration."""

import pytest
from flask import url_for

from app.interfaces import outbox
from tests.app.test_isolation import HOSTILE_FORM, build_url, fill_arguments, la_rules, snapshot, target  # noqa: F401
from tests.conftest import sign_in
from tests.pages import page, text_of


@pytest.fixture
def staff(app, world, target):  # noqa: F811
    return sign_in(app.test_client(), world["b"]["staff"])


def test_staff_change_nothing_through_any_route(app, world, target, staff):  # noqa: F811
    before = snapshot()
    outbox_before = len(outbox.list_messages())
    changed = []
    for rule in la_rules(app):
        if "POST" not in rule.methods:
            continue
        url = build_url(app, rule, fill_arguments(rule, target, target["la_slug"]))
        response = staff.post(url, data=HOSTILE_FORM)
        if response.status_code < 400 and response.status_code not in (302, 303):
            changed.append(f"{rule.endpoint}: {response.status_code}")
        if snapshot() != before:
            changed.append(f"{rule.endpoint} changed the database")
            before = snapshot()
    assert not changed
    assert len(outbox.list_messages()) == outbox_before


def test_staff_read_their_own_schools_work(app, world, target, staff):  # noqa: F811
    b = world["b"]
    for endpoint, argument in (("selfeval.task_list", "self_evaluation_id"), ("triads.triad", "triad_id"),
                               ("plans.plan", "plan_id")):
        address = url(app, endpoint, la_slug=target["la_slug"], **{argument: target[argument]})
        assert staff.get(address).status_code == 200, endpoint
    home = text_of(page(staff.get("/")))
    assert f"SEND self-evaluation for {b['school'].name}" in home and "(Other school staff)" in home
    assert "QA visits to" not in home


def test_staff_do_not_read_another_school_of_their_la(app, world, staff):
    response = staff.get(url(app, "admin.school", la_slug=world["b"]["la"].slug,
                             school_id=world["b"]["other_school"].id))
    assert response.status_code == 403


def url(app, endpoint: str, **values) -> str:
    with app.test_request_context():
        return url_for(endpoint, **values)
