import io

from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from selfeval import interfaces as selfeval
from selfeval.models import EvidenceFile, FrameworkVersion
from tests.conftest import sign_in
from tests.selfeval.conftest import area_form, base_url

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def upload(client, url, name, data, statement=""):
    # Encoded here, not by the test client: it spools large bodies to a file it never closes.
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(data), name), "statement": statement}))
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_evidence_file_upload_download_and_delete(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    url = f"{base_url(world, evaluation)}/areas/{area.id}/evidence"
    response = upload(senco, url, "provision map.pdf", PDF, area.statements[0].id)
    assert response.status_code == 302
    stored = db.session.scalars(select(EvidenceFile)).one()
    assert stored.statement_id == area.statements[0].id and stored.content_type == "application/pdf"
    lead = sign_in(app.test_client(), world["a"]["lead"])
    download = lead.get(f"{base_url(world, evaluation)}/evidence/{stored.id}")
    assert download.data == PDF and "attachment" in download.headers["Content-Disposition"]
    assert lead.post(f"{base_url(world, evaluation)}/evidence/{stored.id}/delete").status_code == 403
    assert senco.post(f"{base_url(world, evaluation)}/evidence/{stored.id}/delete").status_code == 302
    assert db.session.scalars(select(EvidenceFile)).all() == []


def test_deleting_evidence_asks_first_and_a_get_deletes_nothing(app, world, evaluation):
    from tests.pages import heading, page

    senco = sign_in(app.test_client(), world["a"]["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    listing = f"{base_url(world, evaluation)}/areas/{area.id}/evidence"
    assert upload(senco, listing, "provision map.pdf", PDF).status_code == 302
    stored = db.session.scalars(select(EvidenceFile)).one()
    delete = f"{base_url(world, evaluation)}/evidence/{stored.id}/delete"
    # The list offers a link to the question, not a button that deletes.
    soup = page(senco.get(listing))
    assert soup.find("a", href=delete) is not None
    assert not soup.select(f"form[action='{delete}']")
    asked = senco.get(delete)
    assert asked.status_code == 200
    soup = page(asked)
    assert heading(soup) == "Delete provision map.pdf?"
    assert soup.select_one("main form[method=post] button").get_text(strip=True) == "Delete the file"
    assert soup.find("a", string="Keep the file")["href"] == listing
    assert db.session.scalars(select(EvidenceFile)).one().id == stored.id, "a GET deletes nothing"
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.get(delete).status_code == 403
    assert senco.post(delete).status_code == 302
    assert db.session.scalars(select(EvidenceFile)).all() == []
    assert senco.get(delete).status_code == 404


def test_evidence_of_the_wrong_type_size_or_content_is_refused(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    url = f"{base_url(world, evaluation)}/areas/{area.id}/evidence"
    cases = [
        ("tool.exe", b"MZ\x90\x00", "must be a PDF, Word"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a real PDF"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "smaller than 5 MB"),
        ("empty.txt", b"", "empty"),
        ("latin.txt", "caf\xe9".encode("latin-1"), "UTF-8"),
    ]
    for name, data, message in cases:
        response = upload(senco, url, name, data)
        assert response.status_code == 400, name
        assert message in response.get_data(as_text=True), name
    tampered = upload(senco, url, "ok.pdf", PDF, statement="someone-else.statement")
    assert tampered.status_code == 400
    assert db.session.scalars(select(EvidenceFile)).all() == []


def test_lead_loads_an_alternative_framework_and_existing_work_keeps_its_version(app, world, evaluation):
    from selfeval import framework as fw

    lead = sign_in(app.test_client(), world["a"]["lead"])
    url = f"/la/{world['a']['la'].slug}/self-evaluation/frameworks"
    text = fw.bundled_files()[0].read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2027.1"')
    response = upload(lead, url, "ours.yaml", text.encode())
    assert response.status_code == 302
    again = upload(lead, url, "ours.yaml", text.encode())
    assert again.status_code == 400 and "already loaded" in again.get_data(as_text=True)
    db.session.expire_all()
    assert evaluation.framework_version.version == "2026.1"
    assert selfeval.current_framework(world["a"]["la"]).version == "2027.1"
    # LA B sees only the shipped framework, not A's own.
    b_lead = sign_in(app.test_client(), world["b"]["lead"])
    own = db.session.scalars(select(FrameworkVersion).where(FrameworkVersion.la_id.is_not(None))).one()
    assert b_lead.get(f"/la/{world['b']['la'].slug}/self-evaluation/frameworks/{own.id}").status_code == 404


def test_a_bad_framework_file_is_rejected_line_by_line_and_nothing_loaded(app, world, framework_loaded):
    from selfeval import framework as fw

    lead = sign_in(app.test_client(), world["a"]["lead"])
    url = f"/la/{world['a']['la'].slug}/self-evaluation/frameworks"
    text = fw.bundled_files()[0].read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "9.9"')
    first_provision = text.index("  - id: provision")
    seven_areas = text[:first_provision]
    before = db.session.scalars(select(FrameworkVersion)).all()
    for name, body, message in [
        ("seven.yaml", seven_areas.encode(), "8"),
        ("broken.yaml", b"key: [unclosed", "line"),
        ("notes.txt", b"key: x", "YAML file"),
        ("latin.yaml", "titl\xe9: x".encode("latin-1"), "UTF-8"),
    ]:
        response = upload(lead, url, name, body)
        assert response.status_code == 400, name
        assert message in response.get_data(as_text=True), name
    assert len(db.session.scalars(select(FrameworkVersion)).all()) == len(before)


def test_only_the_lead_loads_frameworks(app, world, framework_loaded):
    for role in ("senco", "qa", "head"):
        client = sign_in(app.test_client(), world["a"][role])
        assert client.post(f"/la/{world['a']['la'].slug}/self-evaluation/frameworks").status_code == 403


def test_area_form_values_survive_an_unrelated_error(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    data = area_form(area, rationale="x" * 2001, strengths="My strengths text")
    response = senco.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "2000 characters or fewer" in body and "My strengths text" in body
