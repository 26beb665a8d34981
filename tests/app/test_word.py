"""The Word document builder (app/word.py): accessible structure, values written as people read
them, and a download that any file name can travel in. No app or database: the documents' contents
are tested with their pages (tests/triads/test_word_documents.py, tests/selfeval/test_word_summary.py)."""

import io
from datetime import UTC, date, datetime

import docx
import pytest
from docx.oxml.ns import qn

from app.models import Role
from app.word import DOCX_MIMETYPE, WordDocument, docx_response, text_of


def reopened(document: WordDocument):
    """The document as Word would read it: saved, then opened again."""
    return docx.Document(io.BytesIO(document.to_bytes()))


def body_paragraphs(opened):
    return [(p.style.name, p.text) for p in opened.paragraphs]


def test_title_is_the_first_line_and_in_the_properties_and_the_language_is_british_english():
    opened = reopened(WordDocument("SEND action plan 2026/27: Castle Lane", subject="URN 990102"))
    assert opened.core_properties.title == "SEND action plan 2026/27: Castle Lane"
    assert opened.core_properties.subject == "URN 990102"
    assert opened.core_properties.language == "en-GB"
    assert opened.core_properties.author == "SEND Triads"
    assert "python-docx" not in (opened.core_properties.comments + opened.core_properties.author)
    assert body_paragraphs(opened) == [("Title", "SEND action plan 2026/27: Castle Lane")]
    defaults = opened.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    assert opened.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"


def test_pages_are_a4():
    section = reopened(WordDocument("A4")).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 20


def test_headings_use_word_heading_styles_and_stop_at_level_three():
    document = WordDocument("Report")
    document.heading("Findings", 1)
    document.heading("Evidence seen", 2)
    document.heading("From parents", 3)
    with pytest.raises(ValueError):
        document.heading("Too deep", 4)
    assert body_paragraphs(reopened(document))[1:] == [
        ("Heading 1", "Findings"), ("Heading 2", "Evidence seen"), ("Heading 3", "From parents")]


def test_text_lists_and_facts_add_no_empty_paragraphs():
    document = WordDocument("Report")
    document.paragraph("")
    document.paragraph(None)
    document.paragraphs("\n  \n")
    document.facts([("Held on", None), ("Place", ""), ("Status", Role.SENCO)])
    document.bullets([None, "", "Share the TA training programme"])
    document.paragraphs("First line\n\nSecond line\r\n")
    document.paragraphs("", empty="Not recorded")
    document.bullets([], empty="None recorded.")
    assert body_paragraphs(reopened(document))[1:] == [
        ("Normal", "Status: SENCO"),
        ("List Bullet", "Share the TA training programme"),
        ("Normal", "First line"),
        ("Normal", "Second line"),
        ("Normal", "Not recorded"),
        ("List Bullet", "None recorded."),
    ]


def test_a_labelled_paragraph_has_its_label_in_bold():
    document = WordDocument("Report")
    document.paragraph("Rigorous", label="Judgement")
    runs = reopened(document).paragraphs[1].runs
    assert [(r.text, bool(r.bold)) for r in runs] == [("Judgement: ", True), ("Rigorous", False)]


def test_values_read_as_people_write_them():
    assert text_of(None) == ""
    assert text_of(date(2027, 1, 24)) == "24 January 2027"
    # A time stored in UTC is the date it was in England.
    assert text_of(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2027"
    assert text_of(Role.HEADTEACHER) == "Headteacher"
    assert text_of(3) == "3"


def test_a_table_has_a_repeating_header_row_alternative_text_and_readable_cells():
    document = WordDocument("Plan")
    document.table(["Action", "Owner", "Due", "Notes"], [
        ("Train teaching assistants", "Tom Ellery", date(2027, 1, 24), ["Resources: staff time", "Termly"]),
        ("Survey parents", None, None, "First line\nSecond line"),
    ], title="Actions of priority 1")
    table = reopened(document).tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["Action", "Owner", "Due", "Notes"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    assert table.style.name == "Table Grid"
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Actions of priority 1"
    assert [c.text for c in table.rows[1].cells] == [
        "Train teaching assistants", "Tom Ellery", "24 January 2027", "Resources: staff time\nTermly"]
    assert [p.text for p in table.rows[1].cells[3].paragraphs] == ["Resources: staff time", "Termly"]
    assert [c.text for c in table.rows[2].cells] == ["Survey parents", "", "", "First line\nSecond line"]


def test_a_row_must_have_a_value_for_every_column():
    with pytest.raises(ValueError):
        WordDocument("Plan").table(["A", "B"], [("only one",)], title="A table")


def test_the_download_is_a_word_attachment_that_is_not_cached():
    response = docx_response(WordDocument("Plan"), "action-plan-990102-2026.docx")
    assert response.mimetype == DOCX_MIMETYPE
    assert response.headers["Content-Type"] == DOCX_MIMETYPE  # no charset on a binary file
    assert response.headers["Content-Disposition"] == "attachment; filename=action-plan-990102-2026.docx"
    assert response.headers["Cache-Control"] == "no-store"
    assert docx.Document(io.BytesIO(response.get_data())).core_properties.title == "Plan"


def test_a_file_name_outside_latin_1_travels_as_utf_8_with_an_ascii_fallback():
    response = docx_response(WordDocument("Plan"), "Ysgol Gŵyr – cynllun.docx")
    disposition = response.headers["Content-Disposition"]
    disposition.encode("ascii")  # HTTP headers travel as Latin-1: this one is plain ASCII
    assert disposition == ("attachment; filename=\"Ysgol Gwyr  cynllun.docx\"; "
                           "filename*=UTF-8''Ysgol%20G%C5%B5yr%20%E2%80%93%20cynllun.docx")


def test_characters_xml_cannot_hold_are_dropped_rather_than_refusing_the_document():
    document = WordDocument("Plan\x0b for\x00 2027")
    document.heading("Evidence\x0c seen", 1)
    document.paragraph("Line\x1b one", label="Note\x01")
    document.table(["Action\x02"], [("Train\x0bTAs",)], title="Actions\x03")
    opened = reopened(document)
    assert opened.core_properties.title == "Plan for 2027"
    assert body_paragraphs(opened) == [("Title", "Plan for 2027"), ("Heading 1", "Evidence seen"),
                                       ("Normal", "Note: Line one")]
    assert [c.text for row in opened.tables[0].rows for c in row.cells] == ["Action", "TrainTAs"]
