"""Importing schools from a Get Information about Schools (GIAS) file as downloaded: the LA's own
rows of an LA extract or of the national file, shown before anything is saved, confirmed without
uploading again, and the same file twice changing nothing."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from app.admin import gias_codes, gias_payload
from app.admin.gias_codes import LeftOut
from app.admin.gias_import import Preview
from app.extensions import db
from app.interfaces.schools import SchoolData
from app.models import AuditEvent, Phase, School, SchoolType
from tests import gias_files
from tests.gias_files import Establishment as E
from tests.pages import banner, error_summary, field_error, file_upload, heading, page, snapshot, text_of

IMPORT = "/la/authority-a/schools/import"
CONFIRM = "/la/authority-a/schools/import/confirm"


@pytest.fixture
def lead(signed_in):
    return signed_in("a", "lead")


@pytest.fixture
def code(world):
    return world["a"]["la"].code


def upload(client, content: bytes, filename: str = "edubasealldata20260105.csv"):
    return client.post(IMPORT, **file_upload("file", filename, content))


def payload_of(soup) -> str:
    field = soup.find("input", attrs={"name": "payload"})
    assert field is not None, "no Confirm form on the page"
    return field["value"]


def confirm(client, payload: str):
    return client.post(CONFIRM, data={"payload": payload})


def schools_of(la) -> dict[str, School]:
    db.session.expire_all()
    return {s.urn: s for s in db.session.scalars(select(School).where(School.la_id == la.id))}


def summary(soup) -> dict[str, str]:
    return {text_of(row.select_one(".govuk-summary-list__key")): text_of(row.select_one(".govuk-summary-list__value"))
            for row in soup.select(".govuk-summary-list__row")}


def table(soup, caption: str) -> list[list[str]]:
    found = soup.find("caption", string=lambda s: s and caption in s)
    assert found is not None, f"no table '{caption}'"
    return [[text_of(c) for c in row.find_all(["td", "th"])] for row in found.find_parent("table").select("tbody tr")]


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def extract(code: str) -> list[E]:
    """An LA extract as GIAS gives it: open schools of several types, one closed, one proposed,
    one independent, and names with accents and curly apostrophes."""
    return [
        E("700001", "St Mary’s Church of England Primary School", "Voluntary aided school", la_code=code),
        E("700002", "École Élémentaire Bilingue", "Free schools", "Primary", la_code=code),
        E("700003", "Brook Lane Academy", "Academy converter", "Secondary", la_code=code),
        E("700004", "Hillside Special School", "Community special school", "Not applicable", la_code=code),
        E("700005", "Riverside Learning Centre", "Pupil referral unit", "Not applicable", la_code=code),
        E("700006", "Old Mill Junior School", "Community school", "Primary", "Closed", la_code=code),
        E("700007", "New Meadow Free School", "Free schools", "Primary", "Proposed to open", la_code=code),
        E("700008", "Grange Preparatory School", "Other independent school", "Not applicable", la_code=code),
        E("700009", "Oakfield Middle School", "Foundation school", "Middle deemed secondary",
          "Open, but proposed to close", la_code=code),
        E("123456", "Elsewhere Primary", la_code="999", la_name="Elsewhere"),
    ]


# --- an LA extract, previewed then confirmed --------------------------------------------------------


@pytest.mark.parametrize(("encoding", "bom"), [("cp1252", False), ("utf-8", False), ("utf-8", True)],
                         ids=["windows-1252", "utf-8", "utf-8 with BOM"])
def test_la_extract_is_shown_first_then_imported_on_confirm(lead, world, code, encoding, bom):
    la = world["a"]["la"]
    before = snapshot()
    response = upload(lead, gias_files.gias_csv(extract(code), encoding, bom))
    soup = page(response)
    assert response.status_code == 200
    assert heading(soup) == "Check the schools before you import them"
    assert snapshot() == before, "nothing is saved before the lead confirms"
    assert summary(soup) == {
        "To add": "6 schools", "To change": "0 schools", "Already up to date": "0 schools",
        "Left out": "3 establishments of your local authority",
        "In other local authorities": "1 establishment, not imported",
    }
    assert table(soup, "6 schools to add") == [
        ["700001", "St Mary’s Church of England Primary School", "Primary", "Voluntary aided school"],
        ["700002", "École Élémentaire Bilingue", "Primary", "Free school"],
        ["700003", "Brook Lane Academy", "Secondary", "Academy"],
        ["700004", "Hillside Special School", "Special", "Special school"],
        ["700005", "Riverside Learning Centre", "Alternative provision", "Pupil referral unit"],
        ["700009", "Oakfield Middle School", "Secondary", "Foundation school"],
    ]
    assert table(soup, "Closed") == [["7", "700006", "Old Mill Junior School", "Closed"]]
    assert table(soup, "Proposed to open") == [["8", "700007", "New Meadow Free School", "Proposed to open"]]
    assert table(soup, "Independent") == [["9", "700008", "Grange Preparatory School", "Other independent school"]]
    assert "How GIAS types and phases are read" in soup.get_text()

    response = confirm(lead, payload_of(soup))
    assert response.status_code == 302
    assert "6 schools added and 0 schools changed" in banner(page(lead.get(response.location)))
    imported = schools_of(la)
    assert imported["700001"].name == "St Mary’s Church of England Primary School"
    assert imported["700002"].name == "École Élémentaire Bilingue"
    assert (imported["700004"].phase, imported["700004"].school_type) == (Phase.SPECIAL, SchoolType.SPECIAL_SCHOOL)
    assert not {"700006", "700007", "700008", "123456"} & set(imported)
    [event] = events("schools.imported")
    assert event.detail["source"] == "Get Information about Schools"
    assert {k: event.detail[k] for k in ("added", "changed", "unchanged", "left_out", "in_other_las")} == {
        "added": 6, "changed": 0, "unchanged": 0, "left_out": 3, "in_other_las": 1}
    assert sorted(event.detail["urns"]) == ["700001", "700002", "700003", "700004", "700005", "700009"]


def test_importing_the_same_file_twice_changes_nothing(lead, world, code):
    content = gias_files.gias_csv(extract(code))
    assert confirm(lead, payload_of(page(upload(lead, content)))).status_code == 302
    before = snapshot()

    soup = page(upload(lead, content))
    assert summary(soup)["To add"] == "0 schools"
    assert summary(soup)["To change"] == "0 schools"
    assert summary(soup)["Already up to date"] == "6 schools"
    assert "Nothing to import: the schools here already match the file." in soup.get_text()
    assert soup.find("input", attrs={"name": "payload"}) is None, "no Confirm button with nothing to do"
    assert snapshot() == before


def test_changed_names_phases_and_types_are_shown_old_and_new_then_saved_and_audited(lead, world, code, make):
    la = world["a"]["la"]
    make.school(la, name="Ashgrove Primary", urn="700001", phase=Phase.PRIMARY)
    db.session.commit()
    rows = [E("700001", "Ashgrove Middle School", "Community school", "Middle deemed secondary", la_code=code),
            E("700002", "Birch Primary", la_code=code)]
    soup = page(upload(lead, gias_files.gias_csv(rows)))
    assert summary(soup)["To change"] == "1 school"
    assert table(soup, "1 school to change") == [[
        "700001", "Ashgrove Primary",
        "Name: Ashgrove Primary → Ashgrove Middle School Phase: Primary → Secondary "
        "Type: Academy → Community school"]]

    assert confirm(lead, payload_of(soup)).status_code == 302
    school = schools_of(la)["700001"]
    assert (school.name, school.phase, school.school_type) == ("Ashgrove Middle School", Phase.SECONDARY,
                                                               SchoolType.COMMUNITY)
    [updated] = events("school.updated")
    assert updated.entity_id == school.id
    assert updated.detail["name"] == {"from": "Ashgrove Primary", "to": "Ashgrove Middle School"}
    assert updated.detail["phase"] == {"from": "PRIMARY", "to": "SECONDARY"}
    assert updated.detail["school_type"] == {"from": "ACADEMY", "to": "COMMUNITY"}
    [imported] = events("schools.imported")
    assert (imported.detail["added"], imported.detail["changed"]) == (1, 1)


def test_schools_here_that_gias_has_closed_are_not_removed(lead, world, code, make):
    la = world["a"]["la"]
    make.school(la, name="Old Mill Junior School", urn="700006")
    db.session.commit()
    soup = page(upload(lead, gias_files.gias_csv(extract(code))))
    assert table(soup, "1 school here that GIAS leaves out: not removed") == [
        ["700006", "Old Mill Junior School", "Closed (Closed)"]]
    # The world's own two schools are not in the file: kept, and said so.
    assert "2 schools here are not among the file's establishments for your local authority" in soup.get_text()
    assert confirm(lead, payload_of(soup)).status_code == 302
    assert {"700006", world["a"]["school"].urn, world["a"]["other_school"].urn} <= set(schools_of(la))


def test_a_zip_file_as_downloaded_is_read(lead, world, code):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("edubasealldata20260105.csv", gias_files.gias_csv(extract(code)))
        z.writestr("links_edubasealldata20260105.csv", "URN,LinkURN,LinkName,LinkType\r\n700001,1,x,y\r\n")
    soup = page(upload(lead, archive.getvalue(), "extract.zip"))
    assert summary(soup)["To add"] == "6 schools"


@pytest.mark.parametrize("header", [b"urn,name,phase,type", b"URN,EstablishmentName,Phase,Type"])
def test_the_simple_four_column_file_still_imports_at_once(lead, world, header):
    response = upload(lead, header + b"\r\n700001,Alder Primary,Primary,Academy\r\n", "schools.csv")
    assert response.status_code == 302
    assert "700001" in schools_of(world["a"]["la"])


# --- the national file ---------------------------------------------------------------------------


@pytest.mark.one_database
def test_the_national_file_of_50000_establishments_imports_the_las_own_in_the_request(lead, world, code,
                                                                                      tmp_path):
    own = [E(f"7{n:05d}", f"Own School {n}", la_code=code, la_name="Authority A") for n in range(150)]
    own += [E("799998", "Own Closed School", status="Closed", la_code=code),
            E("799999", "Own Independent School", "Other independent school", "Not applicable", la_code=code)]
    path = tmp_path / "edubasealldata20260105.csv"
    size = gias_files.write_national(path, 50_000, code, own)
    assert size > 12 * 1024 * 1024, "larger than the service's usual upload limit"

    response = upload(lead, path.read_bytes())
    soup = page(response)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert summary(soup)["To add"] == "150 schools"
    assert summary(soup)["Left out"] == "2 establishments of your local authority"
    assert summary(soup)["In other local authorities"] == "49,848 establishments, not imported"
    assert "The file has 50,000 establishments: 152 in Authority A" in soup.get_text()
    assert soup.find("caption", string=lambda s: s and "Elsewhere" in s) is None, "other LAs are counted, not listed"

    assert confirm(lead, payload_of(soup)).status_code == 302
    assert len(schools_of(world["a"]["la"])) == 152


def test_other_pages_keep_the_usual_upload_limit(lead):
    big = b"urn,name,email,role\n" + b"x" * (13 * 1024 * 1024)
    assert lead.post("/la/authority-a/people/import", **file_upload("file", "p.csv", big)).status_code == 413


def test_the_larger_limit_holds_when_csrf_protection_reads_the_form_first(app, lead, monkeypatch):
    # CSRF protection parses the body in a before-request hook, before the view: the import's own
    # limit must already apply there, or a national file would be refused as too large.
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    big = b"x" * (13 * 1024 * 1024)
    import_page = lead.post(IMPORT, **file_upload("file", "edubase.csv", big))
    assert import_page.status_code == 400, "refused for its missing CSRF token, not for its size"
    assert heading(page(import_page)) == "There is a problem with your request"
    assert lead.post("/la/authority-a/people/import", **file_upload("file", "p.csv", big)).status_code == 413


# --- the rule, row by row ------------------------------------------------------------------------

# What each GIAS type becomes here, written out apart from the code's table: a SchoolType and the
# phase it fixes (None: GIAS's phase), or the reason it is left out.
I_, NP = LeftOut.INDEPENDENT, LeftOut.NOT_IN_PROGRAMME
EXPECTED_TYPES = {
    "Community school": (SchoolType.COMMUNITY, None),
    "Voluntary aided school": (SchoolType.VOLUNTARY_AIDED, None),
    "Voluntary controlled school": (SchoolType.VOLUNTARY_CONTROLLED, None),
    "Foundation school": (SchoolType.FOUNDATION, None),
    "City technology college": (SchoolType.OTHER, None),
    "Community special school": (SchoolType.SPECIAL_SCHOOL, Phase.SPECIAL),
    "Non-maintained special school": I_,
    "Other independent special school": I_,
    "Other independent school": I_,
    "Foundation special school": (SchoolType.SPECIAL_SCHOOL, Phase.SPECIAL),
    "Pupil referral unit": (SchoolType.PUPIL_REFERRAL_UNIT, Phase.ALTERNATIVE_PROVISION),
    "Local authority nursery school": (SchoolType.OTHER, Phase.NURSERY),
    "Further education": NP,
    "Secure units": NP,
    "Offshore schools": NP,
    "Service children's education": NP,
    "Miscellaneous": NP,
    "Academy sponsor led": (SchoolType.ACADEMY, None),
    "Higher education institutions": NP,
    "Welsh establishment": NP,
    "Sixth form centres": NP,
    "Special post 16 institution": NP,
    "Academy special sponsor led": (SchoolType.SPECIAL_SCHOOL, Phase.SPECIAL),
    "Academy converter": (SchoolType.ACADEMY, None),
    "Free schools": (SchoolType.FREE_SCHOOL, None),
    "Free schools special": (SchoolType.SPECIAL_SCHOOL, Phase.SPECIAL),
    "British schools overseas": NP,
    "Free schools alternative provision": (SchoolType.FREE_SCHOOL, Phase.ALTERNATIVE_PROVISION),
    "Free schools 16 to 19": (SchoolType.FREE_SCHOOL, Phase.POST_16),
    "University technical college": (SchoolType.ACADEMY, None),
    "Studio schools": (SchoolType.ACADEMY, None),
    "Academy alternative provision converter": (SchoolType.ACADEMY, Phase.ALTERNATIVE_PROVISION),
    "Academy alternative provision sponsor led": (SchoolType.ACADEMY, Phase.ALTERNATIVE_PROVISION),
    "Academy special converter": (SchoolType.SPECIAL_SCHOOL, Phase.SPECIAL),
    "Academy 16-19 converter": (SchoolType.ACADEMY, Phase.POST_16),
    "Academy 16 to 19 sponsor led": (SchoolType.ACADEMY, Phase.POST_16),
    "Online provider": NP,
    "Institution funded by other government department": NP,
    "Academy secure 16 to 19": NP,
}
EXPECTED_PHASES = {"Not applicable": None, "Nursery": Phase.NURSERY, "Primary": Phase.PRIMARY,
                   "Middle deemed primary": Phase.PRIMARY, "Secondary": Phase.SECONDARY,
                   "Middle deemed secondary": Phase.SECONDARY, "16 plus": Phase.POST_16,
                   "All-through": Phase.ALL_THROUGH}
EXPECTED_STATUSES = {"Open": None, "Open, but proposed to close": None, "Closed": LeftOut.CLOSED,
                     "Proposed to open": LeftOut.PROPOSED_TO_OPEN}


def expected(type_name: str, phase_name: str, status: str):
    """A (phase, type) pair, or the LeftOut reason."""
    if EXPECTED_STATUSES[status] is not None:
        return EXPECTED_STATUSES[status]
    kind = EXPECTED_TYPES[type_name]
    if isinstance(kind, LeftOut):
        return kind
    school_type, fixed = kind
    phase = fixed or EXPECTED_PHASES[phase_name]
    return LeftOut.NO_PHASE if phase is None else (phase, school_type)


def test_every_published_type_phase_and_status_is_in_the_expected_table():
    published = {name for name, _, _ in gias_files.TYPES.values()}
    assert set(EXPECTED_TYPES) == published
    assert {t.name for t in gias_codes.TYPES} == published
    assert set(EXPECTED_PHASES) == set(gias_files.PHASES.values()) == {p.name for p in gias_codes.PHASES}
    assert set(EXPECTED_STATUSES) == set(gias_files.STATUSES.values()) == {s.name for s in gias_codes.STATUSES}


@pytest.mark.parametrize("type_name", list(EXPECTED_TYPES))
def test_each_type_reads_as_the_rule_says_for_every_phase_and_status(type_name):
    for phase_name in EXPECTED_PHASES:
        for status in EXPECTED_STATUSES:
            reading = gias_codes.read(status, type_name, phase_name)
            got = reading.left_out or (reading.phase, reading.school_type)
            assert got == expected(type_name, phase_name, status), (type_name, phase_name, status)
            # By code alone (a reworded name), the same.
            by_code = gias_codes.read("", "", "", gias_files.STATUS_CODE[status],
                                      gias_files.TYPE_CODE[type_name], gias_files.PHASE_CODE[phase_name])
            assert by_code == reading, (type_name, phase_name, status)


def test_unknown_types_and_statuses_are_left_out_with_their_reason():
    assert gias_codes.read("Open", "Castle", "Primary").left_out is LeftOut.UNKNOWN_TYPE
    assert gias_codes.read("Sleeping", "Community school", "Primary").left_out is LeftOut.UNKNOWN_STATUS
    assert gias_codes.read("Open", "LA nursery school", "Not applicable").phase is Phase.NURSERY
    assert gias_codes.read("open", "academy 16 to 19 converter", "16 PLUS").phase is Phase.POST_16


def test_the_preview_reads_every_row_of_the_file_as_the_rule_says(lead, world, code):
    """One open establishment of every type in every phase, in one file: each row lands in the
    preview where the table above puts it."""
    rows, urn = [], 710000
    for type_name in EXPECTED_TYPES:
        for phase_name in EXPECTED_PHASES:
            urn += 1
            rows.append(E(str(urn), f"{type_name} {phase_name}".replace("'", "’"), type_name, phase_name,
                          la_code=code))
    soup = page(upload(lead, gias_files.gias_csv(rows)))
    added = {r[0]: (r[2], r[3]) for r in table(soup, "to add")}
    left = {}
    for reason in LeftOut:
        if soup.find("caption", string=reason.label):
            left.update({r[1]: reason for r in table(soup, reason.label)})
    for e in rows:
        want = expected(e.type, e.phase, e.status)
        if isinstance(want, LeftOut):
            assert left.get(e.urn) is want, e
        else:
            assert added.get(e.urn) == (want[0].label, want[1].label), e
    assert len(added) + len(left) == len(rows)


# --- files that cannot be used -------------------------------------------------------------------


def refused(response, message: str, before) -> None:
    soup = page(response)
    assert response.status_code == 400, response.get_data(as_text=True)[:2000]
    assert field_error(soup, "file") == message
    assert error_summary(soup) == [message]
    assert snapshot() == before, "nothing is saved"


def test_a_file_for_another_la_names_it_and_imports_nothing(lead, world, code):
    rows = [E(f"70000{n}", f"School {n}", la_code="202", la_name="Elsewhere Borough") for n in range(3)]
    before = snapshot()
    refused(upload(lead, gias_files.gias_csv(rows)),
            f"None of the 3 establishments in the file is in this local authority's LA code, {code}. They are "
            "all in Elsewhere Borough (202). Check that the file is for your local authority. If the LA code "
            "is wrong, ask the platform administrator to change it", before)


def test_a_gias_file_missing_columns_says_which(lead, world, code):
    content = gias_files.gias_csv(extract(code)).replace(b"EstablishmentStatus (name)", b"Status")
    before = snapshot()
    refused(upload(lead, content),
            "This looks like a file from Get Information about Schools, but it has no column "
            "‘EstablishmentStatus (name)’. Download the file again with all the establishment fields", before)


def test_a_file_cut_short_in_its_last_row_is_refused(lead, world, code):
    content = gias_files.gias_csv(extract(code))
    cut = content[: content.rindex(b"Elsewhere Primary") + 5]
    before = snapshot()
    refused(upload(lead, cut),
            "The file ends part-way through row 11. It may not have downloaded completely: download it again",
            before)


def test_a_damaged_row_in_the_middle_is_refused(lead, world, code):
    lines = gias_files.gias_csv(extract(code)).split(b"\r\n")
    lines[3] = lines[3][:200]
    before = snapshot()
    refused(upload(lead, b"\r\n".join(lines)),
            f"Row 4 has {len(lines[3].split(b','))} columns but the first row has {len(gias_files.COLUMNS)}. "
            "The file may be damaged: download it again", before)


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"PK\x03\x04\x14\x00\x00\x00", "edubase.csv", "The file must be a CSV file"),
    (b"%PDF-1.7 not a csv", "edubase.pdf", "The selected file must be a CSV"),
    (b"PK\x03\x04 not really a zip", "edubase.zip",
     "The zip file could not be opened. Upload the CSV file in it instead"),
    (b"", "edubase.csv", "The file is empty"),
    (",".join(gias_files.COLUMNS).encode() + b"\r\n", "edubase.csv", "The file has a header row but no establishments"),
], ids=["zip bytes named csv", "not a csv", "broken zip", "empty", "header only"])
def test_files_that_are_not_gias_csv_are_refused_with_a_message(lead, world, content, filename, message):
    before = snapshot()
    refused(upload(lead, content, filename), message, before)


def test_an_la_without_a_code_is_told_and_nothing_is_imported(lead, world, code):
    la = world["a"]["la"]
    la.code = ""
    db.session.commit()
    before = snapshot()
    refused(upload(lead, gias_files.gias_csv(extract(code))),
            "This local authority has no LA code yet, so its schools cannot be found in the file. Ask the "
            "platform administrator to add it", before)


def test_rows_with_a_bad_urn_or_name_or_a_repeated_urn_are_left_out_and_said_why(lead, world, code):
    rows = [E("70000X", "Bad Urn School", la_code=code), E("700002", "", la_code=code),
            E("700003", "Twice School", la_code=code), E("700003", "Twice Again", la_code=code),
            E("700004", "Good School", la_code=code)]
    soup = page(upload(lead, gias_files.gias_csv(rows)))
    assert summary(soup)["To add"] == "2 schools"
    assert table(soup, LeftOut.UNREADABLE.label) == [["2", "70000X", "Bad Urn School", "URN must be 6 digits"],
                                                     ["3", "700002", "", "Enter the school name"]]
    assert table(soup, LeftOut.REPEATED.label) == [["5", "700003", "Twice Again", "Also on row 4"]]


# --- the Confirm button --------------------------------------------------------------------------


def test_a_changed_or_foreign_payload_is_refused_and_saves_nothing(app, lead, world, code):
    payload = payload_of(page(upload(lead, gias_files.gias_csv(extract(code)))))
    with app.test_request_context():
        foreign = gias_payload.seal(world["b"]["la"].id, Preview(code, to_add=[
            SchoolData("700100", "Foreign", Phase.PRIMARY, SchoolType.ACADEMY)]))
    before = snapshot()
    for bad in (payload[:-3] + ("AAA" if not payload.endswith("AAA") else "BBB"), payload[: len(payload) // 2],
                "", "not-a-payload", foreign):
        response = confirm(lead, bad)
        soup = page(response)
        assert response.status_code == 400
        assert field_error(soup, "file") == ("The checked file could not be read back, so nothing has been "
                                             "imported. Upload the file again")
        assert snapshot() == before


def test_an_old_payload_is_refused(lead, world, code, monkeypatch):
    payload = payload_of(page(upload(lead, gias_files.gias_csv(extract(code)))))
    monkeypatch.setattr(gias_payload, "MAX_AGE_SECONDS", -1)
    assert confirm(lead, payload).status_code == 400


def test_confirm_is_refused_when_a_school_was_added_meanwhile(lead, world, code, make):
    la = world["a"]["la"]
    payload = payload_of(page(upload(lead, gias_files.gias_csv(extract(code)))))
    make.school(la, name="Added by hand", urn="700003")
    db.session.commit()
    before = snapshot()
    response = confirm(lead, payload)
    assert response.status_code == 303
    assert response.location.endswith(IMPORT)
    assert ("A school with URN 700003 has been added here since the file was checked. Nothing has been "
            "imported: upload the file again to see what it would change now.") in banner(page(lead.get(IMPORT)))
    assert snapshot() == before


def test_confirm_is_refused_when_a_school_to_change_was_changed_meanwhile(lead, world, code, make):
    la = world["a"]["la"]
    school = make.school(la, name="Brook Lane", urn="700003")
    db.session.commit()
    payload = payload_of(page(upload(lead, gias_files.gias_csv(extract(code)))))
    school.name = "Brook Lane School"
    db.session.commit()
    before = snapshot()
    response = confirm(lead, payload)
    assert response.status_code == 303
    assert "Brook Lane School has been changed since the file was checked" in banner(page(lead.get(IMPORT)))
    assert snapshot() == before


def test_a_quality_assurer_cannot_import(signed_in, world, code):
    qa = signed_in("a", "qa")
    assert upload(qa, gias_files.gias_csv(extract(code))).status_code == 403
    assert confirm(qa, "anything").status_code == 403
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "schools.imported")) == 0
