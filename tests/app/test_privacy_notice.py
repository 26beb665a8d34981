"""The LA as data controller: the service says so, each LA's privacy notice (public, edited by its
lead, numbered, audited) and the record of what personal data is held, why and for how long."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from app.auth import tokens
from app.data_protection import RECORD, notice_blocks
from app.extensions import db
from app.interfaces import invitations
from app.models import AuditEvent, LocalAuthority, Role
from tests.pages import banner, error_summary, heading, page, text_of


def edit_url(world, key="a") -> str:
    return f"/la/{world[key]['la'].slug}/privacy-notice/edit"


def notice_url(world, key="a") -> str:
    return f"/privacy/{world[key]['la'].slug}"


def fresh(la_id: int) -> LocalAuthority:
    db.session.expire_all()
    return db.session.get(LocalAuthority, la_id)


def test_the_privacy_page_says_each_la_is_the_data_controller_and_lists_no_las(app, world):
    body = page(app.test_client().get("/privacy"))
    words = text_of(body)
    assert "Each local authority that uses SEND Triads is the data controller" in words
    assert "data processor" in words
    assert world["a"]["la"].name not in words and world["b"]["la"].name not in words


def test_signed_in_people_find_their_own_las_notice_on_the_privacy_page(app, world, signed_in):
    body = page(signed_in("a", "senco").get("/privacy"))
    links = {a["href"] for a in body.find_all("a", href=True)}
    assert notice_url(world) in links and notice_url(world, "b") not in links


def test_an_las_notice_is_public_and_names_the_la_until_its_lead_writes_one(app, world):
    response = app.test_client().get(notice_url(world))
    assert response.status_code == 200
    body = page(response)
    assert heading(body) == "Privacy notice"
    assert "Authority A is the data controller" in text_of(body)
    assert "has not written its own notice yet" in text_of(body)
    assert not body.find("a", string="Change the privacy notice")
    assert app.test_client().get("/privacy/no-such-authority").status_code == 404


def test_the_lead_publishes_a_notice_with_headings_and_paragraphs(app, world, signed_in):
    lead, la = signed_in("a", "lead"), world["a"]["la"]
    form = page(lead.get(edit_url(world)))
    assert "Authority A is the data controller" in form.select_one("textarea[name=notice]").text

    text = "# Who we are\nAuthority A is the data controller.\nWrite to dpo@a.example.org.\n\n# Your rights\nAsk us."
    response = lead.post(edit_url(world), data={"notice": text, "version": str(la.version)})

    assert response.status_code == 302 and response.location == notice_url(world)
    shown = page(lead.get(response.location))
    assert "published as version 1" in banner(shown)
    assert [text_of(h) for h in shown.select("h2.govuk-heading-m")] == ["Who we are", "Your rights"]
    assert "Authority A is the data controller. Write to dpo@a.example.org." in text_of(shown)
    assert "Version 1, published" in text_of(shown)
    assert shown.find("a", string="Change the privacy notice")
    saved = fresh(la.id)
    assert saved.privacy_notice == text and saved.privacy_notice_version == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "la.privacy_notice_changed"))
    assert event.la_id == la.id and event.detail == {"notice_version": 1, "characters": len(text)}
    assert fresh(world["b"]["la"].id).privacy_notice is None


def test_saving_the_same_notice_again_publishes_no_new_version(app, world, signed_in):
    lead, la = signed_in("a", "lead"), world["a"]["la"]
    lead.post(edit_url(world), data={"notice": "Our notice.", "version": str(la.version)})
    lead.post(edit_url(world), data={"notice": "Our notice.", "version": str(fresh(la.id).version)})
    assert fresh(la.id).privacy_notice_version == 1


def test_a_notice_saved_over_someone_elses_is_refused_with_the_text_kept(app, world, signed_in):
    la = world["a"]["la"]
    stale = str(la.version)
    assert signed_in("a", "lead").post(edit_url(world), data={"notice": "First.", "version": stale}).status_code == 302

    response = signed_in("a", "lead").post(edit_url(world), data={"notice": "Second.", "version": stale})

    assert response.status_code == 409
    body = page(response)
    assert "Someone else saved this" in " ".join(error_summary(body))
    assert body.select_one("textarea[name=notice]").text.strip() == "Second."
    assert "version 1" in text_of(body.select_one(".govuk-notification-banner"))
    assert fresh(la.id).privacy_notice == "First."


def test_an_empty_notice_is_refused_with_a_message(app, world, signed_in):
    version = str(world["a"]["la"].version)
    response = signed_in("a", "lead").post(edit_url(world), data={"notice": "  ", "version": version})
    assert response.status_code == 400
    assert error_summary(page(response)) == ["Enter the privacy notice"]


def test_only_the_lead_changes_the_notice(app, world, signed_in):
    for role in ("senco", "head", "staff", "qa"):
        client = signed_in("a", role)
        assert client.get(edit_url(world)).status_code == 403
        assert client.post(edit_url(world), data={"notice": "Mine.", "version": "1"}).status_code == 403
    assert signed_in("b", "lead").post(edit_url(world), data={"notice": "Mine.", "version": "1"}).status_code == 404
    assert fresh(world["a"]["la"].id).privacy_notice is None


def test_everyone_in_the_la_finds_the_notice_from_their_home_page(app, world, signed_in):
    body = page(signed_in("a", "staff").get(f"/la/{world['a']['la'].slug}/"))
    assert body.find("a", href=notice_url(world))


def test_an_invitation_links_the_inviting_las_notice(app, world):
    invitation = invitations.create_invitation(world["a"]["la"], "new@a.example.org", "New Person", Role.SENCO,
                                               world["a"]["school"], world["a"]["lead"], timedelta(days=7))
    db.session.commit()
    body = page(app.test_client().get(f"/invitations/{tokens.make_invitation_token(invitation.id, invitation.nonce)}"))
    assert body.find("a", string="its privacy notice")["href"] == notice_url(world)


def test_notice_text_is_read_as_headings_and_paragraphs():
    blocks = notice_blocks("# Heading\r\nline one\nline two\n\n\n## Second <b>\n\nlast")
    assert [(b.heading, b.lines) for b in blocks] == [
        (True, ("Heading",)), (False, ("line one", "line two")), (True, ("Second <b>",)), (False, ("last",))]


def test_markup_in_a_notice_is_shown_as_text(app, world, signed_in):
    la = world["a"]["la"]
    signed_in("a", "lead").post(edit_url(world), data={"notice": "# <script>x</script>\nA <b>bold</b> claim.",
                                                       "version": str(la.version)})
    body = app.test_client().get(notice_url(world)).get_data(as_text=True)
    assert "<script>x</script>" not in body and "&lt;b&gt;bold&lt;/b&gt;" in body


# --- the record of processing -------------------------------------------------------------------


def record_url(world, fmt: str | None = None) -> str:
    return f"/la/{world['a']['la'].slug}/record-of-processing" + (f".{fmt}" if fmt else "")


def test_the_record_of_processing_lists_every_kind_of_data_with_the_las_years(app, world, signed_in):
    la = world["a"]["la"]
    la.retention_years = 8
    db.session.commit()
    body = page(signed_in("a", "lead").get(record_url(world)))
    assert [text_of(h) for h in body.select("h2.govuk-heading-m")] == [p.name for p in RECORD]
    words = text_of(body)
    assert "Public task (UK GDPR Article 6(1)(e))" in words
    assert "8 years after the end of the cohort's academic year" in words
    assert "30 days" in words


def test_the_record_downloads_as_csv_and_excel(app, world, signed_in):
    lead = signed_in("a", "lead")
    response = lead.get(record_url(world, "csv"))
    assert response.status_code == 200
    assert "authority-a-record-of-processing.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "Kind of data" and [r[0] for r in rows[1:]] == [p.name for p in RECORD]
    assert rows[1 + [p.kind.value for p in RECORD].index("plans")][5] == (
        "6 years after the end of the cohort's academic year")

    workbook = load_workbook(io.BytesIO(lead.get(record_url(world, "xlsx")).data))
    sheet = workbook["Record of processing"]
    assert [c.value for c in sheet[1]][:2] == ["Kind of data", "What is held"]
    assert sheet.max_row == len(RECORD) + 1


def test_only_the_lead_reads_the_record(app, world, signed_in):
    for role in ("senco", "head", "staff", "qa"):
        assert signed_in("a", role).get(record_url(world)).status_code == 403
        assert signed_in("a", role).get(record_url(world, "csv")).status_code == 403
    assert signed_in("b", "lead").get(record_url(world)).status_code == 404
