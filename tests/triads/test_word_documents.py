"""The action plan, the QA visit report and the celebration of learning report as Word documents,
built from the demo: opened with python-docx (headings, tables, comments, dates, sign-off, title and
language) and, with the self-evaluation summary, converted by LibreOffice in one run. Each downloads
for exactly the people who may open its print view and PDF (one loader serves both), or, for the
visit report, the visit's page; the pages link to them."""

import io
import os
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select

from app.extensions import db
from app.models import Cohort, LocalAuthority, School, User
from app.template_helpers import govuk_date
from selfeval.models import SelfEvaluation
from tests.conftest import shared_fixture, sign_in
from tests.pages import page
from triads.models import ActionPlan, Celebration, QAVisit
from triads.types import CelebrationStatus, PlanStatus, VisitStatus

SOFFICE = shutil.which(os.environ.get("SOFFICE", "soffice"))


@shared_fixture
def demo(app):
    """The demo's Northmere, with the records the documents are built from."""
    from demo import programme

    with app.test_request_context():
        programme.seed()
        db.session.commit()
    la = db.session.scalar(select(LocalAuthority).where(LocalAuthority.slug == "northmere"))
    schools = {s.urn: s for s in db.session.scalars(select(School).where(School.la_id == la.id))}
    cohorts = sorted(db.session.scalars(select(Cohort).where(Cohort.la_id == la.id)), key=lambda c: c.start_year)
    last, this = cohorts[0], cohorts[1]
    plans = {(p.school_id, p.cohort_id): p for p in db.session.scalars(select(ActionPlan))}
    visits = list(db.session.scalars(select(QAVisit).where(QAVisit.la_id == la.id)))

    def visit(status, urn=None):
        return next(v for v in visits if v.cohort_id == this.id and v.status is status
                    and (urn is None or v.school_id == schools[urn].id))

    return {
        "la": la,
        "castle_lane": schools["990102"],
        "plan": plans[(schools["990102"].id, this.id)],
        "draft_plan": plans[(schools["990106"].id, this.id)],
        "coach_reviewed_plan": plans[(schools["990109"].id, this.id)],
        "final_visit": visit(VisitStatus.FINAL, "990102"),
        "draft_visit": visit(VisitStatus.DRAFT, "990104"),
        "scheduled_visit": visit(VisitStatus.SCHEDULED),
        "published": db.session.scalar(select(Celebration).where(Celebration.cohort_id == last.id)),
        "draft_celebration": db.session.scalar(select(Celebration).where(Celebration.cohort_id == this.id)),
        "evaluation": db.session.scalar(select(SelfEvaluation).where(
            SelfEvaluation.school_id == schools["990102"].id, SelfEvaluation.cohort_id == this.id)),
        "in_progress_evaluation": db.session.scalar(select(SelfEvaluation).where(
            SelfEvaluation.school_id == schools["990101"].id, SelfEvaluation.cohort_id == this.id)),
        "people": {u.email: u for u in db.session.scalars(select(User))},
    }


def client(app, demo, email):
    from demo.programme import DEMO_PASSWORD

    return sign_in(app.test_client(), demo["people"][email], DEMO_PASSWORD)


def plan_url(plan, suffix="/action-plan.docx"):
    return f"/la/northmere/plans/{plan.id}{suffix}"


def visit_url(visit, suffix="/visit-report.docx"):
    return f"/la/northmere/visits/{visit.id}{suffix}"


def celebration_url(celebration, suffix="/celebration-report.docx"):
    return f"/la/northmere/celebrations/cohorts/{celebration.cohort_id}{suffix}"


def summary_url(evaluation, suffix="/summary.docx"):
    return f"/la/northmere/self-evaluation/{evaluation.id}{suffix}"


def opened(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return docx.Document(io.BytesIO(response.data))


def paragraphs(document):
    return [(p.style.name, p.text) for p in document.paragraphs]


def headings(document):
    return [(style, text) for style, text in paragraphs(document) if style.startswith(("Title", "Heading"))]


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def assert_accessible(document, title):
    """Title in the properties and as the first line, British English, every table's header row
    marked to repeat and its alternative text given, no empty paragraph between blocks."""
    assert document.core_properties.title == title
    assert document.core_properties.language == "en-GB"
    assert paragraphs(document)[0] == ("Title", title)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
    assert all(text.strip() for _, text in paragraphs(document))


# --- the action plan ---------------------------------------------------------------------------------


def test_action_plan_document_has_priorities_actions_coach_comments_and_who_signed_off(app, demo):
    plan = demo["plan"]
    cohort = db.session.get(Cohort, plan.cohort_id)
    response = client(app, demo, "senco@castlelane.example").get(plan_url(plan))
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=action-plan-990102-{cohort.start_year}.docx")
    document = opened(response)
    assert_accessible(document, f"SEND action plan {cohort.academic_year}: Castle Lane Primary School")

    shown = headings(document)
    priorities = [(("Heading 1", f"Priority {n}: {p.title}")) for n, p in enumerate(plan.priorities, start=1)]
    assert [h for h in shown if h[0] == "Heading 1"] == [*priorities, ("Heading 1", "History")]
    assert shown[1:4] == [priorities[0], ("Heading 2", "Success criteria"), ("Heading 2", "Actions")]
    assert ("Heading 2", "Coach's comments") in shown

    texts = [text for _, text in paragraphs(document)]
    assert "Status: In progress" in texts
    assert (f"Signed off: {govuk_date(plan.signed_off_at)} by Tom Ellery "
            "(agreed by the headteacher, Martin Osei)") in texts
    resolved = plan.priorities[0].comments[0]
    assert (f"Hannah Birch, {govuk_date(resolved.created_at)}: "
            "Could a success criterion say what parents will notice?") in texts
    assert f"Resolved {govuk_date(resolved.resolved_at)} by Tom Ellery: We added a parent survey." in texts
    open_comment = plan.priorities[-1].comments[-1]
    assert f"Hannah Birch, {govuk_date(open_comment.created_at)}: What will the first half-term look like?" in texts
    assert "Not yet resolved." in texts

    criteria, actions = (rows(t) for t in document.tables[:2])
    assert criteria[0] == ["Success criterion", "Year-end review", "Impact"]
    assert criteria[1] == [plan.priorities[0].criteria[0].text, "Not reviewed yet", ""]
    first = plan.priorities[0].actions[0]
    assert actions[0] == ["Action", "Owner", "Starts", "Due", "Status"]
    assert actions[1] == [f"{first.description}\nResources: {first.resources}", "Tom Ellery",
                          govuk_date(first.starts_on), govuk_date(first.due_on), first.status.label]
    history = rows(document.tables[-1])
    assert history[0] == ["Date", "Step", "By", "Note"]
    assert [PlanStatus.SIGNED_OFF.label, "Tom Ellery", "agreed by the headteacher, Martin Osei"] in \
        [row[1:] for row in history]


def test_plan_page_links_to_the_word_document(app, demo):
    link = page(client(app, demo, "lead@northmere.example").get(plan_url(demo["plan"], ""))) \
        .find("a", href=plan_url(demo["plan"]))
    assert link is not None and link.has_attr("download")
    assert link.get_text(strip=True) == "Download as Word document (.docx)"


# --- the QA visit report -----------------------------------------------------------------------------


def test_final_visit_report_has_findings_next_steps_response_and_when_it_was_finalised(app, demo):
    visit = demo["final_visit"]
    response = client(app, demo, "qa@send-triads.example").get(visit_url(visit))
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=qa-visit-report-990102-{visit.held_on.isoformat()}.docx")
    document = opened(response)
    year = db.session.get(Cohort, visit.cohort_id).academic_year
    assert_accessible(document, f"QA visit report {year}: Castle Lane Primary School")
    assert headings(document)[1:] == [
        ("Heading 1", "Findings"), ("Heading 2", "Evidence seen"), ("Heading 2", "What is working well"),
        ("Heading 2", "What needs to change"), ("Heading 2", "Challenge given"),
        ("Heading 2", "Reassurance given"), ("Heading 2", "Rigour of the process"),
        ("Heading 1", "Agreed next steps"), ("Heading 1", "The school's comments on the draft"),
        ("Heading 1", "The school's response")]
    texts = paragraphs(document)
    for fact in ("Quality assurer: Ruth Adeyemi", f"Held on: {govuk_date(visit.held_on)}",
                 f"Finalised: {govuk_date(visit.finalised_at)} by Ruth Adeyemi", "Headteacher present: Yes",
                 f"Judgement: {visit.rigour.label}", f"Reason: {visit.rigour_reason}",
                 visit.working_well, visit.school_response,
                 f"Responded: {govuk_date(visit.school_responded_at)}"):
        assert ("Normal", fact) in texts, fact
    in_plan = next(s for s in visit.next_steps if s.action_id)
    assert ("List Bullet", f"{in_plan.text} (in the school's action plan)") in texts
    assert not any("This is a draft" in text for _, text in texts)


def test_draft_visit_report_says_it_is_a_draft_and_holds_the_school_comments(app, demo):
    visit = demo["draft_visit"]
    document = opened(client(app, demo, "senco@beaconhill.example").get(visit_url(visit)))
    texts = [text for _, text in paragraphs(document)]
    assert texts[1].startswith("This is a draft.")
    assert "Finalised: Not yet" in texts
    comment = visit.comments[0]
    assert f"Grace Whitfield, {govuk_date(comment.created_at)}: {comment.body}" in texts
    assert ("Heading 1", "The school's response") not in headings(document)


def test_a_visit_not_yet_written_up_has_no_report_to_download_or_link(app, demo):
    lead = client(app, demo, "lead@northmere.example")
    visit = demo["scheduled_visit"]
    assert lead.get(visit_url(visit)).status_code == 404
    assert page(lead.get(visit_url(visit, ""))).find("a", href=visit_url(visit)) is None
    final = demo["final_visit"]
    link = page(lead.get(visit_url(final, ""))).find("a", href=visit_url(final))
    assert link is not None and link.has_attr("download")


# --- the celebration of learning report --------------------------------------------------------------


def test_celebration_report_has_figures_each_triad_plans_and_findings_and_who_published_it(app, demo):
    celebration = demo["published"]
    response = client(app, demo, "senco@castlelane.example").get(celebration_url(celebration))
    cohort = db.session.get(Cohort, celebration.cohort_id)
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=celebration-of-learning-northmere-{cohort.start_year}.docx")
    document = opened(response)
    assert_accessible(document, f"Celebration of learning {cohort.academic_year}: Northmere Borough Council")
    shown = headings(document)
    assert [text for style, text in shown if style == "Heading 1"] == [
        "Introduction", "The year in figures", "Impact stories by area and kind of change",
        "What each triad shared", "Action plans reviewed at year end", "Quality assurance findings"]
    assert [text for style, text in shown if style == "Heading 2"][2:6] == [
        "Ashgrove triad", "Beacon Hill triad", "Elmfield triad", "Fernbank triad"]
    assert ("Heading 3", "Key learnings") in shown and ("Heading 3", "Impact story: Parents as partners") in shown
    texts = [text for _, text in paragraphs(document)]
    assert f"Published: {govuk_date(celebration.published_at)} by Priya Okafor" in texts
    assert "Representative: Hannah Birch, SENCO, Ashgrove Primary School" in texts
    tables = {rows(t)[0][0]: rows(t) for t in document.tables}
    assert tables["Measure"][1] == ["Schools", "12 in 4 triads"]
    assert tables["School"][0] == ["School", "Triad", "Plan", "Met", "Partly met", "Not met", "Not reviewed"]
    assert ["Castle Lane Primary School", "Ashgrove triad", "Reviewed at year end", "6", "0", "0", "0"] \
        in tables["School"]
    finding = next(r for r in tables["Visit"] if r[0] == "Castle Lane Primary School")
    assert finding[2:] == ["Rigorous", "SEND is led at a senior level and the triad meetings are honest and focused."]


def test_celebration_page_links_to_the_word_document_only_for_those_who_read_the_whole_report(app, demo):
    draft = demo["draft_celebration"]
    assert draft.status is CelebrationStatus.DRAFT
    lead_page = page(client(app, demo, "lead@northmere.example").get(celebration_url(draft, "")))
    link = lead_page.find("a", href=celebration_url(draft))
    assert link is not None and link.has_attr("download")
    school = client(app, demo, "senco@ashgrove.example")
    assert page(school.get(celebration_url(draft, ""))).find("a", href=celebration_url(draft)) is None
    assert school.get(celebration_url(draft)).status_code == 403


# --- who may download: exactly who may open the print view and the PDF ------------------------------

PEOPLE = ["lead@northmere.example", "qa@send-triads.example", "senco@ashgrove.example",
          "head@ashgrove.example", "senco@castlelane.example", "senco@larkrise.example",
          "senco@beaconhill.example", "head@kingsmead.example", "lead@eastbrook.example"]


def test_each_document_downloads_for_exactly_those_who_may_open_its_twin(app, demo):
    """The print view stands for its PDF: both load through the same access.load_* call. The visit
    report's twin is the visit's page (a visit has no print view); a visit not written up has no
    report."""
    pairs = [(plan_url(p, "/print"), plan_url(p)) for p in (demo["plan"], demo["draft_plan"],
                                                             demo["coach_reviewed_plan"])]
    pairs += [(celebration_url(c, "/print"), celebration_url(c)) for c in (demo["published"],
                                                                          demo["draft_celebration"])]
    pairs += [(summary_url(e, "/print"), summary_url(e)) for e in (demo["evaluation"],
                                                                  demo["in_progress_evaluation"])]
    pairs += [(visit_url(v, ""), visit_url(v)) for v in (demo["final_visit"], demo["draft_visit"])]
    seen = set()
    for email in PEOPLE:
        person = client(app, demo, email)
        for twin, document in pairs:
            expected = person.get(twin).status_code
            assert person.get(document).status_code == expected, f"{email}: {document} (twin {expected})"
            seen.add(expected)
        scheduled = demo["scheduled_visit"]
        on_page = person.get(visit_url(scheduled, "")).status_code
        assert person.get(visit_url(scheduled)).status_code == (404 if on_page == 200 else on_page)
    assert seen == {200, 403, 404}, "the sample should hold documents given, refused and not found"


# --- LibreOffice --------------------------------------------------------------------------------------


def pdf_outline(pdf: bytes) -> set[str]:
    """The titles in a PDF: the document's own and its bookmarks, which LibreOffice makes from the
    headings it recognised. Written as UTF-16 hex strings or plain literals, uncompressed."""
    found = {bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff")
             for h in re.findall(rb"/Title\s*<([0-9A-Fa-f]+)>", pdf)}
    found |= {literal.decode("latin-1") for literal in re.findall(rb"/Title\s*\(([^)]*)\)", pdf)}
    return found


def test_libreoffice_opens_every_document_and_sees_its_title_and_headings(app, demo, tmp_path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed: `make debian-tools` installs it")
    lead = client(app, demo, "lead@northmere.example")
    documents = {
        "action-plan": (plan_url(demo["plan"]), {"History", "Success criteria", "Coach's comments"}),
        "visit-report": (visit_url(demo["final_visit"]), {"Findings", "Agreed next steps"}),
        "celebration-report": (celebration_url(demo["published"]), {"The year in figures", "Fernbank triad"}),
        "summary": (summary_url(demo["evaluation"]), {"Judgements by area", "Strengths to share"}),
    }
    paths = {}
    for name, (url, _) in documents.items():
        paths[name] = tmp_path / f"{name}.docx"
        paths[name].write_bytes(lead.get(url).data)
    # A profile of its own: xdist workers running LibreOffice at once would otherwise share one
    # and wait on its lock.
    profile = (tmp_path / "libreoffice-profile").as_uri()
    out = tmp_path / "pdf"
    converted = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, paths.values())],
        capture_output=True, text=True, timeout=180, check=False)
    said = converted.stdout + converted.stderr
    assert converted.returncode == 0, said
    # Debian's LibreOffice warns that it could not start Java; it needs none for this.
    assert not [line for line in said.splitlines() if "error" in line.lower()], said
    for name, (_, expected) in documents.items():
        assert f"{paths[name]} -> {out / (name + '.pdf')}" in said, said
        pdf = (out / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        title = docx.Document(str(paths[name])).core_properties.title
        outline = pdf_outline(pdf)
        assert {title, *expected} <= outline, (name, outline)
