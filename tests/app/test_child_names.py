"""The child-name warning: a heuristic, so these sentences are its specification, what it catches
and what it is known to miss, and one real form shows the warning and saves on the second press."""

import pytest
from sqlalchemy import select

from app.child_names import first_names, suspected_names
from app.extensions import db
from tests.app import person_records
from tests.conftest import sign_in
from tests.pages import field_errors, page, value

FLAGGED = [
    ("We met with Amelia Jones and her mum.", ["Amelia Jones"]),
    ("In Year 6, Oliver Twist struggled with reading.", ["Oliver Twist"]),
    ("The TA supports Noah O'Neill in class.", ["Noah O'Neill"]),
    ("Jack Smith has made good progress.", ["Jack Smith"]),  # a first name that is not an everyday word
    ("Attendees: Freya McDonald-Reid and the SENCO.", ["Freya McDonald-Reid"]),
    ("Support for Muhammad Khan and Isla Brown is in place.", ["Muhammad Khan", "Isla Brown"]),
    ("Ask whether Zofia Nowak's parents came.", ["Zofia Nowak's"]),
    # Known false positives: an adult's or a place's name made like a child's.
    ("Training was led by Hannah Birch from the outreach team.", ["Hannah Birch"]),
    ("Our topic this term was Florence Nightingale.", ["Florence Nightingale"]),
]
NOT_FLAGGED = [
    "Provision is mapped for every pupil with SEND.",
    "Grace Darling Primary has a strong nurture offer.",  # an everyday word starting a sentence
    "Summer Term went well for the whole class.",
    "Mrs Olivia Brown leads the parents' forum.",  # after a title: an adult
    "Willow Class meets on Tuesday.",  # a class named after a tree
    "We discussed jack smith's plan.",  # known false negative: a name typed in lower case
    "Amelia has made progress.",  # known false negative: a first name alone
    "Bartholomew Quince joined in March.",  # known false negative: a name not in the list
    "The EHCP for Leo is being reviewed by the SENCO.",
    "Harry, Smith and the others",  # not next to each other
]


@pytest.mark.parametrize(("text", "names"), FLAGGED)
def test_sentences_that_look_like_a_childs_name_are_flagged(text, names):
    assert suspected_names(text) == names


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_sentences_that_do_not_are_not(text):
    assert suspected_names(text) == []


def test_names_of_staff_schools_and_the_la_are_not_a_childs():
    text = "Thanks to Amelia Jones at Oliver Cromwell Academy."
    assert suspected_names(text) == ["Amelia Jones", "Oliver Cromwell"]
    assert suspected_names(text, known=["Amelia Jones", "Oliver Cromwell Academy"]) == []


def test_the_list_of_first_names_is_our_own_and_about_three_hundred_long():
    names = first_names()
    assert 280 <= len(names) <= 400
    assert {"oliver", "amelia", "muhammad", "freya", "niamh"} <= names


def test_a_long_text_field_warns_once_and_saves_on_the_second_press(app, world, make):
    from triads.models import ProgressNote

    records = person_records.build(world, make)
    plan, priority, action = (records.others[k] for k in ("plan", "priority", "action"))
    url = f"/la/authority-a/plans/{plan.id}/priorities/{priority.id}/actions/{action.id}/progress"
    senco = sign_in(app.test_client(), records.person)
    text = "Reading has improved; we met with Amelia Jones about her targets."
    notes = select(ProgressNote.body).where(ProgressNote.action_id == action.id)
    before = list(db.session.scalars(notes))
    warned = senco.post(url, data={"status": "ON_TRACK", "body": text})
    assert warned.status_code == 400
    soup = page(warned)
    assert field_errors(soup) == ["Check this: it looks like it may contain a child's name"]
    warning = soup.select_one(".govuk-warning-text").get_text(" ")
    assert "guess" in warning and "Amelia" not in warning  # the page never repeats the name
    assert value(soup, "body") == text
    box = soup.find("input", attrs={"type": "checkbox", "name": "body-not-a-child"})
    assert box is not None and soup.find("label", attrs={"for": box["id"]}) is not None
    assert list(db.session.scalars(notes)) == before
    saved = senco.post(url, data={"status": "ON_TRACK", "body": text, "body-not-a-child": "yes"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert list(db.session.scalars(notes)) == [*before, text]
    # A staff member's full name is not a child's: no warning.
    staff = senco.post(url, data={"status": "ON_TRACK", "body": f"Agreed with {person_records.NAME}."})
    assert staff.status_code == 302
