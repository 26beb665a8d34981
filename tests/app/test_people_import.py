"""Inviting people from a CSV file: every row checked first, all invited or none, every problem
listed by row; the invitations go out together (to the outbox without a mail server)."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Invitation, Role
from tests.pages import error_summary, field_error, file_upload, outbox, page, text_of

IMPORT = "/la/authority-a/people/import"
HEADER = "urn,name,email,role\n"


@pytest.fixture
def lead(signed_in):
    return signed_in("a", "lead")


def upload(client, content: bytes | str, filename: str = "people.csv"):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, **file_upload("file", filename, raw))


def problems(soup) -> list[tuple[int, str, str]]:
    table = soup.find("caption", string=lambda s: s and "Problems in the file" in s).find_parent("table")
    return [(int(text_of(c[0])), text_of(c[1]), text_of(c[2]))
            for c in (tr.find_all(["td", "th"]) for tr in table.select("tbody tr"))]


def invitations_of(la) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Invitation.id)).where(Invitation.la_id == la.id))


def test_a_good_file_invites_everyone_at_once_and_the_emails_land_in_the_outbox(lead, world):
    a = world["a"]
    before, mails = invitations_of(a["la"]), len(outbox())
    content = ("\ufeffURN,Full name,Email address,Role\r\n"
               f"{a['school'].urn},Robin Senco,robin@example.org,SENCO\r\n"
               f"{a['other_school'].urn},Kim Head,KIM@Example.org,headteacher\r\n"
               ",,,\r\n"
               ",Jo Assurer,jo@example.org,Quality assurer\r\n")
    response = upload(lead, content)
    assert response.status_code == 302 and response.location.endswith("/la/authority-a/people")
    assert invitations_of(a["la"]) == before + 3
    sent = outbox()[mails:]
    assert sorted(m.recipient for m in sent) == ["jo@example.org", "kim@example.org", "robin@example.org"]
    kim = next(m for m in sent if m.recipient == "kim@example.org")
    assert f"as Headteacher at {a['other_school'].name}" in kim.body
    assert "3 invitations have been sent." in text_of(page(lead.get("/la/authority-a/people")))


def test_a_file_with_bad_rows_invites_nobody_and_lists_every_problem(lead, world):
    a = world["a"]
    before, mails = invitations_of(a["la"]), len(outbox())
    content = HEADER + "\n".join([
        f"{a['school'].urn},Good Person,good@example.org,SENCO",  # row 2: fine on its own
        f"{a['school'].urn},,no-at-sign,SENCO",  # row 3
        "12345,Short Urn,short@example.org,Headteacher",  # row 4
        "999999,Nowhere,nowhere@example.org,SENCO",  # row 5
        f"{a['school'].urn},Jo Assurer,jo@example.org,Quality assurer",  # row 6
        ",Mo,mo@example.org,Caretaker",  # row 7
        f"{a['school'].urn},Good Person,good@example.org,SENCO",  # row 8: the same as row 2
        f"{a['school'].urn},{a['senco'].name},{a['senco'].email},SENCO",  # row 9: already a SENCO there
        f"{world['b']['school'].urn},Other La,other@example.org,SENCO",  # row 10: B's school
    ]) + "\n"
    response = upload(lead, content)
    assert response.status_code == 400
    soup = page(response)
    assert field_error(soup, "file").startswith("9 problems in the file. Nobody has been invited")
    assert error_summary(soup) == [field_error(soup, "file")]
    assert problems(soup) == [
        (3, "name", "Enter the name"),
        (3, "email", "Enter an email address in the correct format, like name@example.org"),
        (4, "urn", "URN must be 6 digits, like 123456"),
        (5, "urn", "No school with URN 999999 is in this local authority. Add the school first"),
        (6, "urn", "Leave the URN empty for a quality assurer: they work across the local authority"),
        (7, "role", "Role must be one of: SENCO, Headteacher, Other school staff, Quality assurer"),
        (8, "email", "The same person and role as row 2"),
        (9, "email", f"{a['senco'].email} already has the role SENCO at {a['school'].name}"),
        (10, "urn", f"No school with URN {world['b']['school'].urn} is in this local authority. "
                    "Add the school first"),
    ]
    assert invitations_of(a["la"]) == before and len(outbox()) == mails


def test_someone_already_invited_is_reported_not_invited_twice(lead, world):
    content = HEADER + ",Jo Assurer,jo@example.org,QA\n"
    assert upload(lead, content).status_code == 302
    again = upload(lead, content)
    assert again.status_code == 400
    assert problems(page(again)) == [(2, "email", "jo@example.org has already been invited as Quality assurer "
                                                  "in this local authority. Send the invitation again from "
                                                  "the People page")]


def test_a_windows_1252_file_from_excel_is_read(lead, world):
    content = (HEADER + f"{world['a']['school'].urn},Zoë O’Brien,zoe@example.org,SENCO\n").encode("cp1252")
    assert upload(lead, content).status_code == 302
    db.session.expire_all()
    invitation = db.session.scalars(select(Invitation).where(Invitation.email == "zoe@example.org")).one()
    assert invitation.name == "Zoë O’Brien" and invitation.role is Role.SENCO


@pytest.mark.parametrize(("content", "message"), [
    ("", "The file is empty"),
    ("urn,name\n1,2\n", "The first row must name the columns urn, name, email and role. Missing: email, role"),
    (HEADER, "The file has a header row but no people"),
    (b"\xff\xfeu\x00r\x00n\x00", "The file must be saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)'"),
])
def test_a_file_that_cannot_be_read_says_why(lead, world, content, message):
    response = upload(lead, content)
    assert response.status_code == 400 and field_error(page(response), "file") == message


def test_the_template_downloads_from_the_page_and_the_people_page_links_to_it(lead):
    soup = page(lead.get(IMPORT))
    link = soup.find("a", string="Download a template CSV file")
    template = lead.get(link["href"])
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).lstrip("\ufeff").splitlines()[0] == "urn,name,email,role"
    people = page(lead.get("/la/authority-a/people"))
    assert people.find("a", href=IMPORT) is not None


def test_only_the_lead_imports_people(signed_in):
    for role in ("senco", "head", "qa"):
        assert signed_in("a", role).get(IMPORT).status_code == 403
