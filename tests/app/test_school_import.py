"""Importing schools from a CSV file: all rows or none, with every problem listed by row."""

import pytest
from sqlalchemy import select

from app.admin.school_import import MAX_ROWS
from app.extensions import db
from app.models import AuditEvent, Phase, School, SchoolType
from tests.pages import banner, error_summary, field_error, file_upload, page

IMPORT = "/la/authority-a/schools/import"
HEADER = "urn,name,phase,type\n"


@pytest.fixture
def lead(signed_in):
    return signed_in("a", "lead")


def upload(client, content: bytes | str, filename: str = "schools.csv"):
    raw = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, **file_upload("file", filename, raw))


def schools_of(la) -> dict[str, School]:
    db.session.expire_all()
    return {s.urn: s for s in db.session.scalars(select(School).where(School.la_id == la.id))}


def problems(soup) -> list[tuple[int, str, str]]:
    """The 'Problems in the file' table as (row, column, message)."""
    table = soup.find("caption", string=lambda s: s and "Problems in the file" in s)
    assert table is not None, "no table of problems"
    rows = table.find_parent("table").select("tbody tr")
    return [
        (int(cells[0].get_text(strip=True)), cells[1].get_text(strip=True), cells[2].get_text(strip=True))
        for cells in (row.find_all(["td", "th"]) for row in rows)
    ]


def refused(response, message: str, world) -> None:
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "file") == message
    assert error_summary(soup) == [message]
    assert len(schools_of(world["a"]["la"])) == 2, "nothing was imported"


def test_valid_file_imports_every_row(lead, world):
    content = (
        "\ufeffURN,Establishment Name,Phase of education,Type of establishment\r\n"
        "700001,Alder Primary,Primary,Academy\r\n"
        "700002,Birch Secondary,secondary,Community school\r\n"
        '700003,"Cedar, the Special School",Special,SPECIAL_SCHOOL\r\n'
        ",,,\r\n"
        "700004,Dene All-Through,all-through,Free school\r\n"
    )
    response = upload(lead, content)
    assert response.status_code == 302
    imported = schools_of(world["a"]["la"])
    assert len(imported) == 6
    assert (imported["700002"].name, imported["700002"].phase) == ("Birch Secondary", Phase.SECONDARY)
    assert imported["700003"].name == "Cedar, the Special School"
    assert imported["700003"].school_type is SchoolType.SPECIAL_SCHOOL
    assert imported["700004"].phase is Phase.ALL_THROUGH
    assert "4 schools have been imported." in banner(page(lead.get(response.location)))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "schools.imported"))
    assert event.detail["count"] == 4


def test_file_with_some_bad_rows_imports_nothing_and_lists_each_problem(lead, world):
    content = HEADER + (
        "700001,Good School,Primary,Academy\n"
        "70000X,Bad Urn School,Primary,Academy\n"
        "700003,,Primary,Academy\n"
        "700004,Bad Phase School,Kindergarten,Academy\n"
        "700005,Bad Type School,Primary,Castle\n"
        "700006,Another Good School,Secondary,Academy\n"
    )
    response = upload(lead, content)
    soup = page(response)
    assert response.status_code == 400
    assert "4 problems in the file. Nothing has been imported" in field_error(soup, "file")
    listed = problems(soup)
    assert [(row, column) for row, column, _ in listed] == [
        (3, "urn"),
        (4, "name"),
        (5, "phase"),
        (6, "type"),
    ]
    assert listed[0][2] == "URN must be 6 digits, like 123456"
    assert listed[1][2] == "Enter the school name"
    assert listed[2][2].startswith("Phase must be one of: Nursery, Primary")
    assert listed[3][2].startswith("Type must be one of: Community school")
    assert len(schools_of(world["a"]["la"])) == 2


def test_duplicate_urn_within_the_file_points_at_the_first_row(lead, world):
    content = (
        HEADER + "700001,First,Primary,Academy\n700002,Second,Primary,Academy\n700001,Again,Primary,Academy\n"
    )
    soup = page(upload(lead, content))
    assert problems(soup) == [(4, "urn", "URN 700001 is also on row 2")]
    assert len(schools_of(world["a"]["la"])) == 2


def test_urn_already_in_the_la_is_refused(lead, world):
    taken = world["a"]["school"].urn
    content = HEADER + f"700001,New,Primary,Academy\n{taken},Again,Primary,Academy\n"
    soup = page(upload(lead, content))
    assert problems(soup) == [(3, "urn", f"A school with URN {taken} is already in this local authority")]


def test_urn_held_by_another_la_is_imported(lead, world):
    content = HEADER + f"{world['b']['school'].urn},Shared Urn School,Primary,Academy\n"
    assert upload(lead, content).status_code == 302
    assert world["b"]["school"].urn in schools_of(world["a"]["la"])


def test_file_that_is_not_utf8_is_refused_with_a_message(lead, world):
    content = (HEADER + "700001,École Élémentaire,Primary,Academy\n").encode("latin-1")
    assert b"\xc9" in content
    refused(
        upload(lead, b"\xff\xfe" + content),
        "The file must be saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)'",
        world,
    )


def test_accented_names_in_utf8_are_kept(lead, world):
    assert upload(lead, HEADER + "700001,École Élémentaire,Primary,Academy\n").status_code == 302
    assert schools_of(world["a"]["la"])["700001"].name == "École Élémentaire"


def test_missing_columns_are_named(lead, world):
    refused(
        upload(lead, "urn,name\n700001,Alder Primary\n"),
        "The first row must name the columns urn, name, phase and type. Missing: phase, type",
        world,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (HEADER.encode(), "The file has a header row but no schools"),
        (HEADER.encode() + b",,,\n\n", "The file has a header row but no schools"),
        (b"PK\x03\x04\x14\x00\x00\x00", "The file must be a CSV file"),
        (
            HEADER.encode() + b'700001,"' + b"x" * 200_000 + b'",Primary,Academy\n',
            "Row 2 could not be read as CSV",
        ),
    ],
    ids=["empty", "header only", "blank rows only", "zip bytes", "cell too large for CSV"],
)
def test_unreadable_files_are_refused_with_a_message(lead, world, content, message):
    refused(upload(lead, content), message, world)


def test_file_over_2mb_is_refused(lead, world):
    row = "700001,A School Name That Pads The File Out,Primary,Academy\n"
    content = HEADER + row * (2 * 1024 * 1024 // len(row) + 1)
    refused(upload(lead, content), "The file must be smaller than 2 MB", world)


def test_file_with_too_many_rows_is_refused(lead, world):
    content = HEADER + "".join(f"{100000 + n},School {n},Primary,Academy\n" for n in range(MAX_ROWS + 1))
    refused(upload(lead, content), f"The file must have {MAX_ROWS} schools or fewer", world)


@pytest.mark.parametrize("filename", ["schools.xlsx", "schools.csv.exe", "schools"])
def test_file_without_a_csv_extension_is_refused(lead, world, filename):
    refused(
        upload(lead, HEADER + "700001,Alder,Primary,Academy\n", filename),
        "The selected file must be a CSV",
        world,
    )


def test_form_without_a_file_asks_for_one(lead, world):
    response = lead.post(IMPORT, data={}, content_type="multipart/form-data")
    refused(response, "Select a CSV file of schools", world)


def test_html_in_names_is_refused_and_formulas_are_imported_as_text(lead, world):
    content = HEADER + (
        "700001,<script>alert(1)</script>,Primary,Academy\n"
        '700002,=HYPERLINK("http://evil.example"),Primary,Academy\n'
    )
    response = upload(lead, content)
    soup = page(response)
    assert problems(soup) == [(2, "name", "School name must not contain < or >")]
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)

    response = upload(lead, HEADER + '700002,=HYPERLINK("http://evil.example"),Primary,Academy\n')
    assert response.status_code == 302
    assert schools_of(world["a"]["la"])["700002"].name == '=HYPERLINK("http://evil.example")'
    exported = lead.get("/la/authority-a/schools/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in exported


def test_template_file_downloads_and_imports_as_is(lead, world):
    response = lead.get("/la/authority-a/schools/import/template.csv")
    assert response.status_code == 200
    assert upload(lead, response.data).status_code == 302
    assert "123456" in schools_of(world["a"]["la"])


def test_a_name_with_a_line_break_or_control_character_is_refused(lead, world):
    response = upload(lead, 'urn,name,phase,type\n111111,"Two\nLines",Primary,Academy\n'
                            "111112,Bell\x07School,Primary,Academy\n")
    assert response.status_code == 400
    assert len(problems(page(response))) == 2
    assert not {"111111", "111112"} & set(schools_of(world["a"]["la"]))
