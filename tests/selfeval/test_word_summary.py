"""A school's self-evaluation summary as a Word document: what the summary and print pages show,
who may download it (exactly who may open the PDF), and its links. LibreOffice opens it in
tests/triads/test_word_documents.py, with the other three documents, in one run of the converter."""

import io

import docx
from docx.oxml.ns import qn

from app.extensions import db
from app.template_helpers import govuk_date
from selfeval import interfaces as selfeval
from selfeval.framework.colours import level_style
from tests.conftest import sign_in
from tests.pages import page
from tests.selfeval.test_self_evaluation import base_url


def complete_and_submit(world, evaluation):
    """Every statement rated 2, the first area's first statement 4 and last 1, so the suggested
    strength and area for development are known; submitted by the SENCO; a comment by the lead."""
    a = world["a"]
    variant = selfeval.variant_of(evaluation)
    for area in variant.areas:
        ratings = {s.id: (2, f"Evidence for {s.id}") for s in area.statements}
        if area is variant.areas[0]:
            ratings[area.statements[0].id] = (4, "Progress data for pupils on SEN support")
            ratings[area.statements[-1].id] = (1, "")
        selfeval.save_area(a["la"], evaluation, area, selfeval.AreaAnswers(
            ratings, 2, "Line one of why.\nLine two of why.", "Strong leadership", "", True), None)
    selfeval.submit(a["la"], evaluation, a["senco"], evaluation.version)
    selfeval.add_comment(a["la"], evaluation, variant.areas[0].id, "Good use of the data.", a["lead"])
    db.session.commit()
    return variant


def download(client, world, evaluation):
    return client.get(f"{base_url(world, evaluation)}/summary.docx")


def test_summary_document_has_the_profile_lists_areas_comments_and_who_submitted(app, world, evaluation):
    variant = complete_and_submit(world, evaluation)
    first = variant.areas[0]
    scale = selfeval.framework_of(evaluation.framework_version).scale
    response = download(sign_in(app.test_client(), world["a"]["senco"]), world, evaluation)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=self-evaluation-summary-{world['a']['school'].urn}-2026.docx")
    opened = docx.Document(io.BytesIO(response.data))
    title = "SEND self-evaluation summary 2026/27: School A One"
    assert opened.core_properties.title == title and opened.core_properties.language == "en-GB"
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    assert paragraphs[0] == ("Title", title)
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:4] == [("Heading 1", "Judgements by area"),
                            ("Heading 1", "Strengths and areas for development"),
                            ("Heading 2", "Strengths to share"), ("Heading 2", "Areas for development")]
    assert [text for _, text in headings[4:]] == [f"{a.number}. {a.title}" for a in variant.areas]
    assert all(style == "Heading 1" for style, _ in headings[4:])
    texts = [text for _, text in paragraphs]
    submitted = govuk_date(evaluation.submitted_at)
    assert f"Submitted: {submitted} by Senco A" in texts
    assert "Status: Submitted" in texts
    # Not confirmed yet: the highest and lowest rated statements, said so.
    assert "Not yet confirmed by the school; these are the highest and lowest rated statements." in texts
    assert ("List Bullet", first.statements[0].text) in paragraphs
    assert ("List Bullet", first.statements[-1].text) in paragraphs
    assert "Why: Line one of why.\nLine two of why." in texts
    comment = selfeval.list_comments(world["a"]["la"], evaluation)[0][0]
    assert f"Comment from Lead A, {govuk_date(comment.created_at)}: Good use of the data." in texts

    profile, statements = opened.tables[0], opened.tables[1]
    assert [c.text for c in profile.rows[0].cells] == ["Area", "Judgement", "Average statement rating"]
    mean = (4 + 1 + 2 * (len(first.statements) - 2)) / len(first.statements)
    assert [c.text for c in profile.rows[1].cells] == [f"1. {first.title}", f"2. {scale.label(2)}", f"{mean:.1f}"]
    assert [c.text for c in statements.rows[0].cells] == ["Statement", "Rating", "Evidence"]
    assert [c.text for c in statements.rows[1].cells] == [
        first.statements[0].text, f"4. {scale.label(4)}", "Progress data for pupils on SEN support"]
    # Each level in its colour from the one scale, the words in the colour that reads on it.
    for cell, level in ((profile.rows[1].cells[1], 2), (statements.rows[1].cells[1], 4)):
        style = level_style(scale, level)
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == style.fill.lstrip("#")
        assert str(cell.paragraphs[0].runs[0].font.color.rgb) == style.text.lstrip("#").upper()
    assert len(opened.tables) == 1 + len(variant.areas)
    for table in opened.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_confirmed_lists_are_the_ones_the_document_shows(app, world, evaluation):
    variant = complete_and_submit(world, evaluation)
    chosen = variant.areas[2].statements[1]
    selfeval.confirm_summary(world["a"]["la"], evaluation, [chosen.id], [], evaluation.version)
    db.session.commit()
    opened = docx.Document(io.BytesIO(download(sign_in(app.test_client(), world["a"]["lead"]),
                                               world, evaluation).data))
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    start = paragraphs.index(("Heading 2", "Strengths to share"))
    assert paragraphs[start:start + 4] == [
        ("Heading 2", "Strengths to share"), ("List Bullet", chosen.text),
        ("Heading 2", "Areas for development"), ("List Bullet", "None yet")]


def test_the_summary_downloads_for_exactly_those_who_may_print_it(app, world, make, cohort, evaluation, triad_of_a):
    """The print view and the PDF share one rule (access.load): a triad partner reads a
    self-evaluation once it is submitted, never a draft; the lead, the cohort's quality assurer
    and the school's own staff always."""
    from app.models import Role
    from triads.interfaces import visits

    visits.assign_assurer(world["a"]["la"], cohort, world["a"]["qa"].id)
    db.session.commit()

    partner = make.user(Role.SENCO, school=world["a"]["other_school"], name="Partner Senco")
    people = {role: world["a"][role] for role in ("lead", "qa", "senco", "head")} | {"partner": partner}
    clients = {role: sign_in(app.test_client(), person) for role, person in people.items()}

    def statuses():
        return {role: (client.get(f"{base_url(world, evaluation)}/print").status_code,
                       download(client, world, evaluation).status_code) for role, client in clients.items()}

    assert statuses() == {"lead": (200, 200), "qa": (200, 200), "senco": (200, 200), "head": (200, 200),
                          "partner": (403, 403)}
    complete_and_submit(world, evaluation)
    assert statuses()["partner"] == (200, 200)


def test_the_task_list_and_summary_link_to_the_word_document(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    href = f"{base_url(world, evaluation)}/summary.docx"
    for suffix in ("", "/summary"):
        link = page(client.get(base_url(world, evaluation) + suffix)).find("a", href=href)
        assert link is not None and link.has_attr("download"), suffix
        assert "Word document (.docx)" in link.get_text()
