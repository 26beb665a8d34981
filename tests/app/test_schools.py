"""An LA's schools: add, change, find, remove, download; who may do which."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Phase, School, SchoolType
from tests.pages import banner, error_summary, field_error, heading, page, value

LA_A = "/la/authority-a"
NEW_SCHOOL = {"urn": "123456", "name": "Brook Lane Primary", "phase": "PRIMARY", "school_type": "COMMUNITY"}


def school_row(school_id: int) -> School | None:
    db.session.expire_all()
    return db.session.get(School, school_id)


def school_count() -> int:
    return db.session.scalar(select(func.count(School.id)))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def edit_form(client, school) -> dict:
    soup = page(client.get(f"{LA_A}/schools/{school.id}/edit"))
    return {name: value(soup, name) for name in ("urn", "name", "phase", "school_type", "version")}


# --- adding and changing ----------------------------------------------------------------------


def test_lead_adds_a_school(signed_in, world):
    client = signed_in("a", "lead")
    response = client.post(f"{LA_A}/schools/new", data=NEW_SCHOOL)
    assert response.status_code == 302
    added = db.session.scalar(select(School).where(School.urn == "123456"))
    assert (added.la_id, added.name, added.phase, added.school_type) == (
        world["a"]["la"].id,
        "Brook Lane Primary",
        Phase.PRIMARY,
        SchoolType.COMMUNITY,
    )
    assert response.location == f"{LA_A}/schools/{added.id}"
    shown = page(client.get(response.location))
    assert heading(shown) == "Brook Lane Primary"
    assert "Brook Lane Primary has been added." in banner(shown)
    assert "school.created" in actions()


def test_lead_changes_a_school_and_the_change_is_logged(signed_in, world):
    client = signed_in("a", "lead")
    school = world["a"]["school"]
    form = edit_form(client, school)
    assert form["name"] == "School A One" and form["phase"] == "PRIMARY"
    form.update(name="School A One Renamed", phase="SECONDARY")
    assert client.post(f"{LA_A}/schools/{school.id}/edit", data=form).status_code == 302
    saved = school_row(school.id)
    assert (saved.name, saved.phase) == ("School A One Renamed", Phase.SECONDARY)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "school.updated"))
    assert event.detail["name"] == {"from": "School A One", "to": "School A One Renamed"}
    assert event.actor_id == world["a"]["lead"].id


def test_school_form_problems_are_shown_at_each_field_with_typed_values_kept(signed_in, world):
    response = signed_in("a", "lead").post(
        f"{LA_A}/schools/new",
        data={
            "urn": "12345",
            "name": "Typed Name",
            "phase": "",
            "school_type": "ACADEMY",
        },
    )
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "urn") == "URN must be 6 digits, like 123456"
    assert field_error(soup, "phase") == "Select the school's phase"
    assert error_summary(soup) == ["URN must be 6 digits, like 123456", "Select the school's phase"]
    assert (value(soup, "urn"), value(soup, "name"), value(soup, "school_type")) == (
        "12345",
        "Typed Name",
        "ACADEMY",
    )
    assert school_count() == 4


def test_duplicate_urn_is_refused_at_the_field(signed_in, world):
    client = signed_in("a", "lead")
    taken = world["a"]["school"].urn
    response = client.post(f"{LA_A}/schools/new", data={**NEW_SCHOOL, "urn": taken})
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "urn") == "A school with this URN is already in this local authority"
    assert value(soup, "name") == NEW_SCHOOL["name"]
    assert school_count() == 4

    other = world["a"]["other_school"]
    response = client.post(f"{LA_A}/schools/{other.id}/edit", data={**edit_form(client, other), "urn": taken})
    assert response.status_code == 400
    assert field_error(page(response), "urn") == "A school with this URN is already in this local authority"
    assert school_row(other.id).urn == other.urn


def test_urn_held_by_another_la_may_be_added(signed_in, world):
    response = signed_in("a", "lead").post(
        f"{LA_A}/schools/new", data={**NEW_SCHOOL, "urn": world["b"]["school"].urn}
    )
    assert response.status_code == 302


def test_second_edit_from_the_same_version_gets_409_and_keeps_typed_text(app, signed_in, world):
    school = world["a"]["school"]
    first, second = signed_in("a", "lead"), signed_in("a", "lead")
    first_form, second_form = edit_form(first, school), edit_form(second, school)
    assert first_form["version"] == second_form["version"]

    first_form["name"] = "Renamed By First"
    assert first.post(f"{LA_A}/schools/{school.id}/edit", data=first_form).status_code == 302
    second_form.update(name="Renamed By Second", urn="654321")
    response = second.post(f"{LA_A}/schools/{school.id}/edit", data=second_form)
    soup = page(response)
    assert response.status_code == 409
    assert "Someone else saved this" in " ".join(error_summary(soup))
    assert "Renamed By First" in banner(soup), "the other person's version is shown"
    assert (value(soup, "name"), value(soup, "urn")) == ("Renamed By Second", "654321")
    saved = school_row(school.id)
    assert (saved.name, saved.urn) == ("Renamed By First", school.urn)

    # Saving the re-shown form is a deliberate overwrite and goes through.
    second_form["version"] = value(soup, "version")
    assert second.post(f"{LA_A}/schools/{school.id}/edit", data=second_form).status_code == 302
    assert school_row(school.id).name == "Renamed By Second"


# --- finding ----------------------------------------------------------------------------------


def listed(client, query: str = "") -> list[str]:
    soup = page(client.get(f"{LA_A}/schools", query_string={"q": query} if query else None))
    return [row.find("td").get_text(" ", strip=True) for row in soup.select("tbody tr")]


def test_schools_are_found_by_name_and_by_urn(signed_in, world, make):
    make.school(world["a"]["la"], name="Oak Hill Academy", urn="700001")
    make.school(world["a"]["la"], name="Oakfield Primary", urn="700002")
    make.school(world["a"]["la"], name="Riverside 100% Inclusive", urn="800001")
    client = signed_in("a", "lead")
    assert [name for name in listed(client) if "Oak" in name] and len(listed(client)) == 5
    assert sorted(n for n in listed(client, "oak") if "Oak" in n) == ["Oak Hill Academy", "Oakfield Primary"]
    assert len(listed(client, "oak")) == 2
    assert [n for n in listed(client, "700002") if "Oakfield" in n] and len(listed(client, "700002")) == 1
    assert len(listed(client, "7000")) == 2, "a URN prefix finds every school starting with it"
    assert len(listed(client, "100%")) == 1, "% is searched for, not used as a wildcard"
    assert len(listed(client, "_")) == 0, "_ is searched for, not used as a wildcard"
    assert listed(client, world["b"]["school"].name) == [], "another LA's schools are never found"


def test_schools_list_is_paged(app, signed_in, world, make, monkeypatch):
    monkeypatch.setitem(app.config, "SCHOOLS_PER_PAGE", 2)
    make.school(world["a"]["la"])
    client = signed_in("a", "lead")
    soup = page(client.get(f"{LA_A}/schools"))
    assert len(soup.select("tbody tr")) == 2
    assert soup.select_one(".govuk-pagination") is not None
    assert len(page(client.get(f"{LA_A}/schools?page=2")).select("tbody tr")) == 1
    assert client.get(f"{LA_A}/schools?page=abc").status_code == 200


# --- removing ---------------------------------------------------------------------------------


def test_school_where_people_have_roles_cannot_be_removed(signed_in, world):
    school = world["a"]["school"]
    client = signed_in("a", "lead")
    assert (
        "You cannot remove this school" in page(client.get(f"{LA_A}/schools/{school.id}/delete")).get_text()
    )
    response = client.post(f"{LA_A}/schools/{school.id}/delete")
    assert response.status_code == 409
    assert "You cannot remove this school while 3 people have roles there" in page(response).get_text(" ")
    assert school_row(school.id) is not None


def test_school_without_people_is_removed(signed_in, world):
    school_id = world["a"]["other_school"].id
    client = signed_in("a", "lead")
    response = client.post(f"{LA_A}/schools/{school_id}/delete")
    assert response.status_code == 302
    assert school_row(school_id) is None
    assert "school.deleted" in actions()
    assert client.get(f"{LA_A}/schools/{school_id}").status_code == 404


# --- downloads --------------------------------------------------------------------------------


@pytest.fixture
def formula_school(world, make):
    return make.school(world["a"]["la"], name="=1+1", urn="900001")


def test_schools_download_as_csv_with_formulas_neutralised(signed_in, world, formula_school):
    response = signed_in("a", "qa").get(f"{LA_A}/schools/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=authority-a-schools.csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["URN", "Name", "Phase", "Type"]
    assert sorted(row[1] for row in rows[1:]) == ["'=1+1", "School A One", "School A Two"]
    assert ["900001", "'=1+1", "Primary", "Academy"] in rows


def test_schools_download_as_excel_with_formulas_neutralised(signed_in, world, formula_school):
    response = signed_in("a", "lead").get(f"{LA_A}/schools/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["Schools"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["URN", "Name", "Phase", "Type"]
    assert sorted(row[1] for row in rows[1:]) == ["'=1+1", "School A One", "School A Two"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), "no cell is a formula"


def test_download_names_only_this_las_schools(signed_in, world):
    body = signed_in("a", "lead").get(f"{LA_A}/schools/export.csv").get_data(as_text=True)
    assert world["b"]["school"].name not in body


# --- who may do what --------------------------------------------------------------------------


def test_quality_assurer_can_list_schools_but_not_add_change_or_remove_them(signed_in, world):
    client = signed_in("a", "qa")
    school = world["a"]["school"]
    soup = page(client.get(f"{LA_A}/schools"))
    assert len(soup.select("tbody tr")) == 2
    assert "Add a school" not in soup.get_text()
    # A school's page (its people) only for a school in a cohort they read (test_assurer_cohorts.py).
    assert client.get(f"{LA_A}/schools/{school.id}").status_code == 404
    world["a"]["qa"].roles[0].whole_la = True
    db.session.commit()
    assert client.get(f"{LA_A}/schools/{school.id}").status_code == 200
    for url in (
        f"{LA_A}/schools/new",
        f"{LA_A}/schools/{school.id}/edit",
        f"{LA_A}/schools/{school.id}/delete",
        f"{LA_A}/schools/import",
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={**NEW_SCHOOL, "version": "1"}).status_code == 403, url
    assert school_count() == 4
    assert school_row(school.id).name == "School A One"


@pytest.mark.parametrize("role", ["senco", "head"])
def test_school_staff_see_their_own_school_but_not_another_or_the_list(signed_in, world, role):
    client = signed_in("a", role)
    own = client.get(f"{LA_A}/schools/{world['a']['school'].id}")
    assert own.status_code == 200
    assert heading(page(own)) == "School A One"
    assert "Change school details" not in own.get_data(as_text=True)
    assert client.get(f"{LA_A}/schools/{world['a']['other_school'].id}").status_code == 403
    assert client.get(f"{LA_A}/schools").status_code == 403
    assert client.get(f"{LA_A}/schools/export.csv").status_code == 403
    assert client.post(f"{LA_A}/schools/new", data=NEW_SCHOOL).status_code == 403
