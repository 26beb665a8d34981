"""An LA lead's people screens: invitations, roles, deactivation."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.interfaces import users
from app.models import Invitation, Role, RoleAssignment, User
from tests.conftest import sign_in
from tests.pages import banner, error_summary, field_error, heading, link_in, outbox, page, value

LA_A = "/la/authority-a"
LEAD_MUST_STAY = "The local authority must keep at least one active SEND lead"


@pytest.fixture
def lead(signed_in):
    return signed_in("a", "lead")


def fresh_user(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def roles_of(user) -> set[tuple]:
    return {(r.role, r.la_id, r.school_id, r.active) for r in fresh_user(user).roles}


def invitation_count() -> int:
    return db.session.scalar(select(func.count(Invitation.id)))


def invite(client, **fields):
    data = {"name": "Robin Invited", "email": "robin@example.org", "role": "QUALITY_ASSURER", "school": ""}
    return client.post(f"{LA_A}/people/invite", data={**data, **fields})


def role_form(client, person, assignment) -> dict:
    soup = page(client.get(f"{LA_A}/people/{person.id}/roles/{assignment.id}/edit"))
    return {name: value(soup, name) or "" for name in ("role", "school", "version")}


# --- inviting ---------------------------------------------------------------------------------


def test_lead_invites_a_person_and_the_email_carries_a_working_link(app, lead, world):
    response = invite(lead, role="SENCO", school=str(world["a"]["school"].id))
    assert response.status_code == 302
    people = page(lead.get(response.location))
    assert "An invitation has been sent to robin@example.org." in banner(people)
    assert "robin@example.org" in people.get_text()

    [message] = outbox()
    assert message.recipient == "robin@example.org"
    assert message.la_id == world["a"]["la"].id
    assert "Authority A" in message.subject
    assert "SENCO at School A One" in message.body
    invitation = db.session.scalar(select(Invitation))
    assert (invitation.role, invitation.school_id, invitation.invited_by_id) == (
        Role.SENCO,
        world["a"]["school"].id,
        world["a"]["lead"].id,
    )
    accept_page = page(app.test_client().get(link_in(message)))
    assert heading(accept_page) == "Create your account"


def test_cancelling_an_invitation_asks_first_with_clear_words(lead):
    assert invite(lead).status_code == 302
    invitation = db.session.scalar(select(Invitation))
    cancel = f"{LA_A}/invitations/{invitation.id}/revoke"
    people = page(lead.get(f"{LA_A}/people"))
    link = people.find("a", href=cancel)
    assert link.get_text(" ", strip=True) == "Cancel invitation to robin@example.org"
    assert not people.select(".govuk-button--warning"), "no red button on the list"
    asked = page(lead.get(cancel))
    assert heading(asked) == "Cancel the invitation to robin@example.org?"
    assert asked.find("a", string="Keep the invitation")["href"] == f"{LA_A}/people"
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).is_open, "a GET cancels nothing"
    response = lead.post(cancel)
    assert response.status_code == 302
    assert "The invitation to robin@example.org has been cancelled." in banner(page(lead.get(response.location)))
    db.session.expire_all()
    assert not db.session.get(Invitation, invitation.id).is_open
    assert lead.get(cancel).location == f"{LA_A}/people", "nothing left to cancel"


@pytest.mark.parametrize("role", ["SENCO", "HEADTEACHER"])
def test_school_roles_need_a_school(lead, world, role):
    response = invite(lead, role=role, school="")
    soup = page(response)
    assert response.status_code == 400
    label = Role[role].label
    assert field_error(soup, "school") == f"Select the school for the {label}"
    assert value(soup, "email") == "robin@example.org" and value(soup, "role") == role
    assert invitation_count() == 0 and outbox() == []


@pytest.mark.parametrize("tampered", ["b_school", "999999", "abc", "-1"])
def test_school_that_is_not_one_of_this_las_is_refused_at_the_field(lead, world, tampered):
    school = str(world["b"]["school"].id) if tampered == "b_school" else tampered
    response = invite(lead, role="SENCO", school=school)
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "school") == "Select one of this local authority's schools"
    assert "School B One" not in soup.get_text()
    assert invitation_count() == 0 and outbox() == []


def test_role_form_refuses_a_school_from_another_la(lead, world):
    senco = world["a"]["senco"]
    form = {**role_form(lead, senco, senco.roles[0]), "school": str(world["b"]["school"].id)}
    response = lead.post(f"{LA_A}/people/{senco.id}/roles/{senco.roles[0].id}/edit", data=form)
    assert response.status_code == 400
    assert field_error(page(response), "school") == "Select one of this local authority's schools"
    assert roles_of(senco) == {(Role.SENCO, world["a"]["la"].id, world["a"]["school"].id, True)}


@pytest.mark.parametrize("role", ["PLATFORM_ADMIN", "PROGRAMME_ANALYST", "la_lead", ""])
def test_lead_can_only_offer_la_roles(lead, world, role):
    response = invite(lead, role=role)
    assert response.status_code == 400
    assert "Select a role" in field_error(page(response), "role")
    assert invitation_count() == 0


# --- roles ------------------------------------------------------------------------------------


def test_people_page_lists_everyone_with_a_role_in_the_la(lead, world):
    text = page(lead.get(f"{LA_A}/people")).get_text(" ")
    for role in ("lead", "senco", "head", "qa"):
        assert world["a"][role].name in text
    assert world["b"]["lead"].name not in text and world["admin"].name not in text


def test_lead_changes_a_persons_role(lead, world):
    senco = world["a"]["senco"]
    assignment = senco.roles[0]
    form = role_form(lead, senco, assignment)
    assert form["role"] == "SENCO" and form["school"] == str(world["a"]["school"].id)
    form.update(role="HEADTEACHER", school=str(world["a"]["other_school"].id))
    response = lead.post(f"{LA_A}/people/{senco.id}/roles/{assignment.id}/edit", data=form)
    assert response.status_code == 302
    assert roles_of(senco) == {(Role.HEADTEACHER, world["a"]["la"].id, world["a"]["other_school"].id, True)}
    # The change takes effect at once: the old school is no longer theirs.
    own = sign_in(lead.application.test_client(), senco)
    assert own.get(f"{LA_A}/schools/{world['a']['school'].id}").status_code == 403
    assert own.get(f"{LA_A}/schools/{world['a']['other_school'].id}").status_code == 200


def test_role_changed_from_a_stale_page_is_refused_with_409(app, lead, world):
    senco = world["a"]["senco"]
    assignment = senco.roles[0]
    url = f"{LA_A}/people/{senco.id}/roles/{assignment.id}/edit"
    first, second = role_form(lead, senco, assignment), role_form(lead, senco, assignment)
    assert lead.post(url, data={**first, "role": "HEADTEACHER"}).status_code == 302
    response = lead.post(url, data={**second, "role": "QUALITY_ASSURER", "school": ""})
    soup = page(response)
    assert response.status_code == 409
    assert "Someone else saved this" in " ".join(error_summary(soup))
    assert value(soup, "role") == "QUALITY_ASSURER"
    assert roles_of(senco) == {(Role.HEADTEACHER, world["a"]["la"].id, world["a"]["school"].id, True)}
    again = lead.post(
        url, data={**second, "role": "QUALITY_ASSURER", "school": "", "version": value(soup, "version")}
    )
    assert again.status_code == 302


def test_lead_adds_a_second_role(lead, world):
    qa = world["a"]["qa"]
    response = lead.post(
        f"{LA_A}/people/{qa.id}/roles/new",
        data={"role": "HEADTEACHER", "school": str(world["a"]["other_school"].id)},
    )
    assert response.status_code == 302
    assert roles_of(qa) == {
        (Role.QUALITY_ASSURER, world["a"]["la"].id, None, True),
        (Role.HEADTEACHER, world["a"]["la"].id, world["a"]["other_school"].id, True),
    }


def test_lead_removes_a_role(lead, world):
    head = world["a"]["head"]
    response = lead.post(f"{LA_A}/people/{head.id}/roles/{head.roles[0].id}/remove")
    assert response.status_code == 302
    assert roles_of(head) == set()
    listed = page(lead.get(f"{LA_A}/people")).select("tbody")[0].get_text()
    assert head.name not in listed
    assert sign_in(lead.application.test_client(), head).get(f"{LA_A}/").status_code == 404


# --- the last lead ----------------------------------------------------------------------------


def test_last_lead_cannot_remove_their_own_lead_role(lead, world):
    me = world["a"]["lead"]
    response = lead.post(f"{LA_A}/people/{me.id}/roles/{me.roles[0].id}/remove")
    assert response.status_code == 302
    assert LEAD_MUST_STAY in banner(page(lead.get(response.location)))
    assert roles_of(me) == {(Role.LA_LEAD, world["a"]["la"].id, None, True)}


def test_last_lead_cannot_change_their_own_role_to_another(lead, world):
    me = world["a"]["lead"]
    form = {**role_form(lead, me, me.roles[0]), "role": "QUALITY_ASSURER"}
    response = lead.post(f"{LA_A}/people/{me.id}/roles/{me.roles[0].id}/edit", data=form)
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "role") == LEAD_MUST_STAY
    assert error_summary(soup) == [LEAD_MUST_STAY]
    assert roles_of(me) == {(Role.LA_LEAD, world["a"]["la"].id, None, True)}


def test_lead_cannot_deactivate_themselves(lead, world):
    me = world["a"]["lead"]
    response = lead.post(f"{LA_A}/people/{me.id}/deactivate")
    assert "You cannot deactivate your own account." in banner(page(lead.get(response.location)))
    assert fresh_user(me).active and roles_of(me) == {(Role.LA_LEAD, world["a"]["la"].id, None, True)}


def test_with_a_second_lead_one_lead_may_step_down(app, lead, world, make):
    second = make.user(Role.LA_LEAD, la=world["a"]["la"], name="Second Lead")
    me = world["a"]["lead"]
    assert lead.post(f"{LA_A}/people/{me.id}/roles/{me.roles[0].id}/remove").status_code == 302
    assert roles_of(me) == set()
    # The second lead is now the last one, and still runs the LA.
    assert users.count_active_leads(world["a"]["la"]) == 1
    assert sign_in(app.test_client(), second).get(f"{LA_A}/people").status_code == 200


def test_one_lead_may_deactivate_another(lead, world, make):
    second = make.user(Role.LA_LEAD, la=world["a"]["la"], name="Second Lead")
    assert lead.post(f"{LA_A}/people/{second.id}/deactivate").status_code == 302
    assert roles_of(second) == {(Role.LA_LEAD, world["a"]["la"].id, None, False)}
    assert users.count_active_leads(world["a"]["la"]) == 1


# --- deactivation -----------------------------------------------------------------------------


def test_deactivating_in_one_la_leaves_a_quality_assurers_role_in_another_active(app, lead, world, make):
    assurer = make.user(Role.QUALITY_ASSURER, la=world["a"]["la"], name="Shared Assurer")
    users.grant_role(assurer, Role.QUALITY_ASSURER, la=world["b"]["la"])
    db.session.commit()
    session = sign_in(app.test_client(), assurer)

    response = lead.post(f"{LA_A}/people/{assurer.id}/deactivate")
    assert response.status_code == 302
    assert "Deactivated in Authority A" in page(lead.get(response.location)).get_text(" ")
    assert roles_of(assurer) == {
        (Role.QUALITY_ASSURER, world["a"]["la"].id, None, False),
        (Role.QUALITY_ASSURER, world["b"]["la"].id, None, True),
    }
    assert fresh_user(assurer).active
    # Their session goes on, but only LA B opens.
    assert session.get("/la/authority-b/schools").status_code == 200
    assert session.get(f"{LA_A}/schools").status_code == 404
    assert "Authority A" not in page(session.get("/")).get_text()


def test_deactivated_person_is_reactivated(app, lead, world):
    senco = world["a"]["senco"]
    assert lead.post(f"{LA_A}/people/{senco.id}/deactivate").status_code == 302
    assert not fresh_user(senco).active
    assert (
        app.test_client()
        .post("/sign-in", data={"email": senco.email, "password": "correct horse battery"})
        .status_code
        == 400
    )

    response = lead.post(f"{LA_A}/people/{senco.id}/reactivate")
    assert response.status_code == 302
    assert "Senco A has been reactivated in Authority A." in banner(page(lead.get(response.location)))
    assert fresh_user(senco).active
    assert roles_of(senco) == {(Role.SENCO, world["a"]["la"].id, world["a"]["school"].id, True)}
    assert (
        sign_in(app.test_client(), senco).get(f"{LA_A}/schools/{world['a']['school'].id}").status_code == 200
    )


def test_removing_every_role_does_not_touch_other_las(lead, world):
    before = db.session.scalar(
        select(func.count(RoleAssignment.id)).where(RoleAssignment.la_id == world["b"]["la"].id)
    )
    head = world["a"]["head"]
    lead.post(f"{LA_A}/people/{head.id}/roles/{head.roles[0].id}/remove")
    after = db.session.scalar(
        select(func.count(RoleAssignment.id)).where(RoleAssignment.la_id == world["b"]["la"].id)
    )
    assert after == before


def test_changing_a_role_into_one_the_person_already_has_is_refused(app, world):
    a = world["a"]
    senco = a["senco"]
    extra = users.grant_role(senco, Role.HEADTEACHER, school=a["school"])
    db.session.commit()
    lead = sign_in(app.test_client(), a["lead"])
    url = f"/la/{a['la'].slug}/people/{senco.id}/roles/{extra.id}/edit"
    response = lead.post(url, data={"role": "SENCO", "school": str(a["school"].id),
                                    "version": str(extra.version)})
    assert response.status_code == 400
    assert "already has this role" in response.get_data(as_text=True)
