"""Word documents (.docx), built with python-docx to be accessible as well as printable.

What Word's and LibreOffice's accessibility checkers and screen readers look for: the document's
title in its properties and as its first line (Title style); its language (en-GB) on the default
run properties, so the reader's voice and spelling follow it; real Heading 1 to 3 styles, never bold
paragraphs; lists in list styles; tables whose header row is marked to repeat on each page, with
alternative text; no empty paragraphs for spacing (the styles space things out). A4 with 2 cm
margins, dates written "24 January 2027".

python-docx is imported on the first document, not at start-up: loading it (lxml and its parts)
takes about 60 ms that every worker, command and test process would otherwise pay.
"""

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from flask import Response

from app.exports import download
from app.template_helpers import govuk_date

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "en-GB"
@dataclass(frozen=True)
class Shaded:
    """A table cell's words on a background colour (a level in its colour, as on the page)."""

    label: str
    fill: str  # "#rrggbb"
    colour: str  # of the words on it


HEADER_FILL = "F3F2F1"  # GOV.UK light grey: the header row stands out in print and on screen
TABLE_STYLE = "Table Grid"  # a thin border round every cell
AUTHOR = "SEND Triads"
# Characters XML 1.0 cannot hold (a vertical tab pasted from Word, say): python-docx would refuse the
# whole document for one of them, so they are dropped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text_of(value: object) -> str:
    """How a value reads in a document: dates as "24 January 2027", enums by their label, and
    None as nothing (never "None")."""
    if value is None:
        return ""
    if isinstance(value, date):  # datetime included: in London time
        return govuk_date(value)
    label = getattr(value, "label", None)
    return NOT_XML.sub("", label if isinstance(label, str) else str(value))


def _lines(text: str) -> list[str]:
    """Free text as a person typed it: one paragraph per line that has something on it."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class WordDocument:
    """A document being written, top to bottom. `title` is its first line and its title in
    File > Properties (what a screen reader announces when it opens)."""

    def __init__(self, title: str, *, subject: str = "") -> None:
        import docx
        from docx.shared import Mm

        self.title = title = text_of(title)
        self.document: Document = docx.Document()
        properties = self.document.core_properties
        now = datetime.now(UTC)
        properties.title = title
        properties.subject = text_of(subject)
        properties.language = LANGUAGE
        properties.author = AUTHOR
        properties.last_modified_by = AUTHOR
        properties.comments = ""
        properties.created = properties.modified = now
        properties.revision = 1
        self._set_language()
        for section in self.document.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(20)
            section.top_margin = section.bottom_margin = Mm(20)
        self.document.add_paragraph(title, style="Title")

    def _set_language(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = run_properties.find(qn("w:lang"))
        if lang is None:  # the template has one; w:lang goes last among these run properties
            lang = OxmlElement("w:lang")
            run_properties.append(lang)
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
        theme_lang = self.document.settings.element.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), LANGUAGE)

    # --- text ------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        if level not in (1, 2, 3):
            raise ValueError("headings go from level 1 to 3 beneath the title")
        self.document.add_heading(text_of(text), level=level)

    def paragraph(self, text: object, *, label: str = "") -> None:
        """A paragraph; with `label`, it reads "Label: text", the label in bold. Nothing is added
        for an empty text without a label."""
        text = text_of(text)
        if not text and not label:
            return
        paragraph = self.document.add_paragraph()
        if label:
            paragraph.add_run(f"{text_of(label)}: ").bold = True
        paragraph.add_run(text)

    def paragraphs(self, text: str, *, empty: str = "") -> None:
        """Free text, a paragraph per line typed; `empty` stands in when there is none."""
        lines = _lines(text_of(text)) or ([empty] if empty else [])
        for line in lines:
            self.document.add_paragraph(line)

    def facts(self, rows: Iterable[tuple[str, object]]) -> None:
        """Short facts, one "Label: value" paragraph each; a fact with no value is left out."""
        for label, value in rows:
            if text_of(value):
                self.paragraph(value, label=label)

    def bullets(self, items: Iterable[object], *, empty: str = "") -> None:
        texts = [text_of(item) for item in items if text_of(item)] or ([empty] if empty else [])
        for text in texts:
            self.document.add_paragraph(text, style="List Bullet")

    # --- tables ----------------------------------------------------------------------------------

    def table(self, header: Sequence[str], rows: Iterable[Sequence[object]], *,
              title: str) -> "Table":
        """A table with `header` as its first row, marked as the header row that repeats at the top
        of every page. `title` is its alternative text (the caption a screen reader reads)."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles[TABLE_STYLE]
        _mark_header(table, header)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                _fill(cell, value)
        _describe(table, title)
        return table

    # --- out -------------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _fill(cell: "_Cell", value: object) -> None:
    """A cell's text: a list becomes one paragraph per item, free text one per line typed."""
    items = value if isinstance(value, list | tuple) else [value]
    lines = [line for item in items for line in _lines(text_of(item))]
    if not lines:
        return  # a cell holds one empty paragraph of its own, as Word requires
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    if isinstance(value, Shaded):
        _shade(cell, value.fill.lstrip("#"))
        from docx.shared import RGBColor

        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.color.rgb = RGBColor.from_string(value.colour.lstrip("#").upper())


def _shade(cell: "_Cell", fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _mark_header(table: "Table", header: Sequence[str]) -> None:
    from docx.oxml import OxmlElement

    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(row.cells, header, strict=True):
        cell.paragraphs[0].add_run(text_of(text)).bold = True
        _shade(cell, HEADER_FILL)


def _describe(table: "Table", title: str) -> None:
    """The table's alternative text (Word: Table Properties > Alt Text), after w:tblLook as the
    schema orders them."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), text_of(title))
    properties.append(caption)


def docx_response(document: WordDocument, filename: str) -> Response:
    return download(document.to_bytes(), DOCX_MIMETYPE, filename)
