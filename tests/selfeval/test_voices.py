import re

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from selfeval import interfaces as selfeval
from selfeval.models import VoiceResponse
from tests.conftest import sign_in
from tests.pages import banner
from tests.selfeval.conftest import base_url


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def make_link(client, world, evaluation, **data) -> str:
    response = client.post(f"{base_url(world, evaluation)}/voices", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    page = soup(client.get(f"{base_url(world, evaluation)}/voices"))
    return page.select("input[id^=link-]")[-1]["value"]


def answers_for(page, value="3") -> dict:
    names = {i["name"] for i in page.select("input[type=radio]")}
    return {name: value for name in names}


def test_parent_link_takes_many_anonymous_answers_kept_apart(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    link = make_link(senco, world, evaluation, kind="PARENT", areas=["pupils-parents"])
    path = link.split("localhost", 1)[-1]
    parent = app.test_client()
    form = soup(parent.get(path))
    assert form.select_one("input[name=respondent_name]") is None  # never asks a parent's name
    for value in ("2", "4"):
        response = parent.post(path, data={**answers_for(form, value), "evidence_1": "Termly meetings"})
        assert response.status_code == 302 and response.location.endswith("/views/thank-you")
    responses = db.session.scalars(select(VoiceResponse)).all()
    assert len(responses) == 2 and all(r.respondent_name is None for r in responses)
    area_page = senco.get(f"{base_url(world, evaluation)}/areas/pupils-parents").get_data(as_text=True)
    assert "Other views (2)" in area_page
    assert "Termly meetings" in area_page


def test_headteacher_invited_by_email_answers_once(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    make_link(senco, world, evaluation, kind="HEADTEACHER", areas=["leadership", "outcomes"],
              email="head@a.example.org", name="Dana Head")
    message = db.session.scalars(select(OutboxMessage)).all()[-1]
    assert message.recipient == "head@a.example.org"
    path = re.search(r"http://localhost(/views/\S+)", message.body).group(1)
    head = app.test_client()
    form = soup(head.get(path))
    assert form.select_one("input[name=respondent_name]") is not None
    assert head.post(path, data=answers_for(form, "4")).status_code == 302
    assert head.get(path).status_code == 404  # the link worked once
    response = db.session.scalars(select(VoiceResponse)).one()
    assert response.respondent_name == "Dana Head"


def test_pupils_see_simpler_wording_and_only_statements_they_can_judge(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    path = make_link(senco, world, evaluation, kind="PUPIL", areas=["pupils-parents"]).split("localhost", 1)[-1]
    page = soup(app.test_client().get(path))
    area = selfeval.variant_of(evaluation).area("pupils-parents")
    pupil_statements = [s for s in area.statements if s.pupil_text]
    legends = [legend.get_text(strip=True) for legend in page.select("legend")]
    assert len(legends) == len(pupil_statements)
    assert pupil_statements[0].pupil_text in legends[0]


def test_an_answer_with_nothing_rated_or_off_the_scale_is_refused(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    path = make_link(senco, world, evaluation, kind="PARENT", areas=["provision"]).split("localhost", 1)[-1]
    parent = app.test_client()
    nothing = parent.post(path, data={"evidence_1": "kept text"})
    assert nothing.status_code == 400 and "Rate at least one statement" in nothing.get_data(as_text=True)
    assert "kept text" in nothing.get_data(as_text=True)
    off_scale = parent.post(path, data={"rating_1": "9"})
    assert off_scale.status_code == 400
    assert db.session.scalars(select(VoiceResponse)).all() == []


def test_invitation_to_an_invalid_address_or_without_areas_is_refused(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    url = f"{base_url(world, evaluation)}/voices"
    bad_email = senco.post(url, data={"kind": "TEACHER", "areas": ["outcomes"], "email": "not-an-address"})
    assert bad_email.status_code == 400 and "correct format" in bad_email.get_data(as_text=True)
    no_areas = senco.post(url, data={"kind": "TEACHER"})
    assert no_areas.status_code == 400 and "Select at least one area" in no_areas.get_data(as_text=True)
    bad_area = senco.post(url, data={"kind": "TEACHER", "areas": ["made-up"]})
    assert bad_area.status_code == 400
    bad_kind = senco.post(url, data={"kind": "SPY", "areas": ["outcomes"]})
    assert bad_kind.status_code == 400
    assert selfeval.list_voice_invitations(world["a"]["la"], evaluation) == []


def test_closed_link_and_forged_token_show_closed_page(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    path = make_link(senco, world, evaluation, kind="PARENT", areas=["outcomes"]).split("localhost", 1)[-1]
    invitation = selfeval.list_voice_invitations(world["a"]["la"], evaluation)[0]
    close = senco.post(f"{base_url(world, evaluation)}/voices/{invitation.id}/close")
    assert close.status_code == 302
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().get("/views/forged.token.value").status_code == 404
    again = senco.post(f"{base_url(world, evaluation)}/voices/{invitation.id}/close")
    assert again.status_code == 303
    assert "already closed" in banner(soup(senco.get(again.location)))


def test_only_the_school_senco_manages_voices(app, world, evaluation):
    head = sign_in(app.test_client(), world["a"]["head"])
    lead = sign_in(app.test_client(), world["a"]["lead"])
    for client in (head, lead):
        assert client.get(f"{base_url(world, evaluation)}/voices").status_code == 403
