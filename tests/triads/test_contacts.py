"""Partners can reach each other: the triad page shows each school's people with role and e-mail
address to the triad's schools, the LA lead and the cohort's quality assurers (triads.access.sees_contacts)."""

import pytest

from app.extensions import db
from app.models import Role
from tests.conftest import sign_in
from tests.pages import page, text_of
from triads.interfaces import visits


def people_table(response):
    table = page(response).find(id="triad-people")
    assert table is not None, "no people table"
    head = [text_of(th) for th in table.select("thead th")]
    return head, [[text_of(td) for td in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")]


@pytest.fixture
def coach_two(programme, make):
    return make.user(Role.SENCO, school=programme.schools["two"], name="Coach Two", email="coach.two@example.org")


@pytest.mark.parametrize("who", ["senco", "head", "lead"])
def test_the_triads_people_and_the_lead_see_roles_and_email_addresses(app, world, programme, coach_two,
                                                                       signed_in, who):
    head, rows = people_table(signed_in("a", who).get(programme.triad_url(programme.north)))
    assert head == ["Name", "Role", "School", "Email"]
    assert ["Coach Two", "SENCO", "School A Two", "coach.two@example.org"] in rows
    senco = world["a"]["senco"]
    assert [senco.name, "SENCO", "School A One", senco.email] in rows


def test_the_coach_school_sees_its_partners_contacts(app, world, programme, coach_two):
    soup = page(sign_in(app.test_client(), coach_two).get(programme.triad_url(programme.north)))
    assert soup.find("a", href=f"mailto:{world['a']['head'].email}") is not None


def test_an_assigned_quality_assurer_sees_contacts_and_an_unassigned_one_nothing(
        app, world, programme, coach_two, make):
    unassigned = sign_in(app.test_client(), world["a"]["qa"])
    refused = unassigned.get(programme.triad_url(programme.north))
    assert refused.status_code == 404  # another cohort's triad, as if it were another LA's
    body = refused.get_data(as_text=True)
    assert "coach.two@example.org" not in body and "mailto:" not in body
    visits.assign_assurer(programme.la, programme.cohort, world["a"]["qa"].id)
    db.session.commit()
    head, rows = people_table(unassigned.get(programme.triad_url(programme.north)))
    assert head[-1] == "Email" and ["Coach Two", "SENCO", "School A Two", "coach.two@example.org"] in rows


def test_another_triads_senco_and_another_la_see_no_contacts(app, world, programme, coach_two, signed_in):
    south = sign_in(app.test_client(), programme.south_senco)
    refused = south.get(programme.triad_url(programme.north))
    assert refused.status_code == 403 and "coach.two@example.org" not in refused.get_data(as_text=True)
    for role in ("lead", "senco", "qa"):
        other = signed_in("b", role).get(programme.triad_url(programme.north))
        assert other.status_code == 404 and "coach.two@example.org" not in other.get_data(as_text=True)
