"""Subject access: everything held about one person, in one download, and nothing of anyone
else's; every column that points at a person is either exported or said not to be personal."""

import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app.db import Base
from app.extensions import db
from app.interfaces import personal_data
from app.models import AuditEvent, CoreAction
from app.personal_data import (
    BY_EMAIL,
    DELETED_BY_EMAIL,
    DELETED_ON_ERASURE,
    EXPORTED,
    NOT_PERSONAL,
    PERSON_WIDE,
    SECRET_COLUMN,
)
from tests.app import person_records
from tests.conftest import sign_in
from tests.pages import heading, page


@pytest.mark.one_database  # the models' columns, the same on every database
def test_every_column_pointing_at_a_person_is_exported_or_said_not_to_be_personal(app):
    assert not set(EXPORTED) & set(NOT_PERSONAL), "a column is listed both ways"
    unclassified = set(personal_data.user_columns()) - set(EXPORTED) - set(NOT_PERSONAL)
    assert not unclassified, (
        f"{sorted(unclassified)} point at a person's account but are in neither list of "
        "app/personal_data.py: add each to EXPORTED (with what its rows are) or NOT_PERSONAL (with why)")


@pytest.mark.one_database
def test_every_table_the_export_and_erasure_name_is_found_by_a_listed_column(app):
    tables = Base.metadata.tables
    reached = {key.split(".")[0] for key in (*EXPORTED, *BY_EMAIL)}
    assert reached >= DELETED_ON_ERASURE | DELETED_BY_EMAIL
    # An LA lead's export reads only the LA's rows: a table with no LA of its own must say that
    # it holds the person's own things only, or it is left to the platform administrator's.
    unowned = {t for t in reached if t in tables and "la_id" not in tables[t].c}
    assert unowned - PERSON_WIDE == {"notification_digest"}


@pytest.fixture
def records(world, make):
    return person_records.build(world, make)


def found(export) -> dict[str, set[int]]:
    return {s.key: {row["id"] for row in s.rows} for s in export.sections if s.rows}


def test_the_lead_exports_exactly_what_is_held_about_the_person_in_their_la(app, world, records):
    export = personal_data.collect(records.person, world["a"]["la"])
    assert found(export) == records.ids
    assert export.account["email"] == person_records.EMAIL
    assert not {"password_hash", "session_key"} & set(export.account)
    [path] = export.files
    assert export.files[path] == b"Provision map, written by Priya Okonkwo-Hale"


def test_the_platform_administrator_exports_every_la(app, world, records):
    everything = found(personal_data.collect(records.person, None))
    assert everything["notification.user_id"] == records.ids["notification.user_id"] | records.in_b[
        "notification.user_id"]
    b_role = {r.id for r in records.person.roles if r.la_id == world["b"]["la"].id}
    assert everything["role_assignment.user_id"] == records.ids["role_assignment.user_id"] | b_role


def test_the_download_is_one_zip_with_json_text_and_files_and_is_audited(app, world, records):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    url = f"/la/authority-a/people/{records.person.id}/personal-data"
    shown = lead.get(url)
    assert shown.status_code == 200
    assert heading(page(shown)) == f"Everything held about {person_records.NAME}"
    response = lead.post(url, data={})
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert {"personal-data.json", "personal-data.txt"} <= set(names)
    document = json.loads(archive.read("personal-data.json"))
    assert document["account"]["name"] == person_records.NAME
    sections = {s["key"]: {r["id"] for r in s["rows"]} for s in document["sections"] if s["rows"]}
    assert sections == records.ids
    text = archive.read("personal-data.txt").decode()
    assert "A comment on the area" in text and "Someone else's comment" not in text
    [evidence] = [n for n in names if n.startswith("files/")]
    assert archive.read(evidence) == b"Provision map, written by Priya Okonkwo-Hale"
    assert not [key for s in document["sections"] for row in s["rows"] for key in row if SECRET_COLUMN.search(key)]
    [mail] = next(s["rows"] for s in document["sections"] if s["key"] == "outbox_message.recipient")
    assert "/password-reset/" not in mail["body"] and "[link removed]" in mail["body"]
    logged = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == CoreAction.PERSONAL_DATA_EXPORTED.key)).all()
    assert [(e.la_id, e.actor_id, e.entity, e.entity_id) for e in logged] == [
        (world["a"]["la"].id, world["a"]["lead"].id, "User", records.person.id)]


def test_only_the_lead_and_the_platform_administrator_may_export(app, world, records, signed_in):
    url = f"/la/authority-a/people/{records.person.id}/personal-data"
    for role in ("senco", "head", "staff", "qa"):
        assert signed_in("a", role).post(url).status_code == 403, role
    assert signed_in("b", "lead").post(url).status_code == 404
    other_la = f"/la/authority-b/people/{records.person.id}/personal-data"
    assert signed_in("b", "lead").post(other_la).status_code == 200  # a QA in B too: B's rows only
    admin = signed_in(None, "admin")
    assert admin.post(f"/admin/people/{records.person.id}/personal-data").status_code == 200
    found_page = admin.get("/admin/people/personal-data", query_string={"email": person_records.EMAIL})
    assert f"/admin/people/{records.person.id}/personal-data" in found_page.get_data(as_text=True)
    assert signed_in("a", "lead").get(f"/admin/people/{records.person.id}/personal-data").status_code == 403


def test_a_lead_of_another_la_reads_only_that_las_rows(app, world, records):
    export = found(personal_data.collect(records.person, world["b"]["la"]))
    assert export["notification.user_id"] == records.in_b["notification.user_id"]
    assert "area_comment.author_id" not in export and "outbox_message.recipient" not in export


# --- pupil and parent voices -----------------------------------------------------------------------


def test_parent_and_pupil_voices_are_anonymous_to_the_la_and_the_assurer(app, world, records, signed_in):
    """A parent asked by e-mail answers without a name; neither the LA lead nor the quality
    assurer can tell who: not on the area page, not in the activity, not in anyone's export."""
    from selfeval import interfaces as selfeval
    from selfeval.types import VoiceKind

    la, evaluation = world["a"]["la"], records.others["evaluation"]
    area = records.others["area"]
    invitation = selfeval.create_voice_invitation(la, evaluation, VoiceKind.PARENT, [area.id],
                                                  "parent.voice@home.example", "Parent Name", records.person)
    statement = area.statements[0].id
    response = selfeval.record_voice(invitation, {statement: (2, "The parents' evening helped")}, "Parent Name")
    db.session.commit()
    assert invitation.name is None and response.respondent_name is None
    pages = [f"/la/authority-a/self-evaluation/{evaluation.id}/areas/{area.id}", "/la/authority-a/activity"]
    for role in ("lead", "qa"):
        client = signed_in("a", role)
        for url in pages[: 2 if role == "lead" else 1]:
            body = client.get(url).get_data(as_text=True)
            assert "parent.voice@home.example" not in body and "Parent Name" not in body, (role, url)
    area_page = signed_in("a", "lead").get(pages[0]).get_data(as_text=True)
    assert "The parents&#39; evening helped" in area_page or "The parents' evening helped" in area_page
    for person in (records.person, world["a"]["lead"]):
        dumped = json.dumps([s.rows for s in personal_data.collect(person, la).sections], default=str)
        assert "parent.voice@home.example" not in dumped and "Parent Name" not in dumped
