"""What a dashboard page shows, as data: sections, each a table (and perhaps a chart of the same
figures). One object feeds the page, the CSV and the Excel download, so they never disagree."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup, escape

from app.exports import csv_response, xlsx_response
from selfeval.charts import Figure


@dataclass(frozen=True)
class Cell:
    """One table cell. `value` is what the downloads hold; the page shows `text` (or the value),
    as a link when `href` is set and as a tag when `tag` is set (a govuk-tag modifier)."""

    value: object
    text: str | None = None
    href: str | None = None
    tag: str | None = None
    hidden: str = ""  # words for screen readers only, after the text
    note: str = ""  # a second, smaller line
    colspan: int = 1  # the page merges this many cells; the downloads repeat the value

    @property
    def shown(self) -> str:
        if self.text is not None:
            return self.text
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Column:
    title: str
    numeric: bool = False
    hidden_title: str = ""  # the rest of the heading, for screen readers (the page shows `title`)
    sort_href: str | None = None
    sorted: str | None = None  # "ascending" or "descending" when the table is sorted by it
    note_title: str = ""  # the downloads give the cells' notes a column of their own, so titled

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.hidden_title}".strip()


@dataclass
class Page:
    """Which page of a long table the page shows (numbered from 1); `href(n)` is page n's address,
    with the page's filters kept. The downloads always hold every row."""

    number: int
    size: int
    total: int
    href: Callable[[int], str]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def current(self) -> int:
        return min(max(self.number, 1), self.pages)

    @property
    def first(self) -> int:
        return (self.current - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.current * self.size, self.total)

    def items(self) -> list[dict]:
        """govukPagination's items: the first, the last and the pages either side of this one,
        with an ellipsis for each gap."""
        wanted = sorted({1, self.pages, *range(self.current - 1, self.current + 2)} & set(range(1, self.pages + 1)))
        items, before = [], 0
        for n in wanted:
            if n > before + 1:
                items.append({"ellipsis": True})
            items.append({"number": n, "href": self.href(n), "current": n == self.current})
            before = n
        return items


class Rows(Sequence):
    """A long table's rows, each built from its record when read: a paged page builds only the
    rows it shows, the downloads every row. The order and the count are the frame's."""

    def __init__(self, frame: pd.DataFrame, build: Callable[[dict], list[Cell]]):
        self.frame = frame
        self.build = build

    def __len__(self) -> int:
        return len(self.frame)

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self.build(record) for record in self.frame.iloc[at].to_dict("records")]
        index = range(len(self))[at]  # an IndexError past the end, as a list gives
        return self[index:index + 1][0]

    def __iter__(self) -> Iterator[list[Cell]]:
        return iter(self[:])


def _cell_html(cell: Cell, numeric: bool, header: bool) -> str:
    """A cell as a GOV.UK table cell; the row's first is its header. Every value is escaped."""
    inner = (f'<strong class="govuk-tag {escape(cell.tag)}">{escape(cell.shown)}</strong>'
             if cell.tag is not None else str(escape(cell.shown)))
    if cell.hidden:
        inner += f'<span class="govuk-visually-hidden"> {escape(cell.hidden)}</span>'
    if cell.href:
        inner = f'<a class="govuk-link" href="{escape(cell.href)}">{inner}</a>'
    if cell.note:
        inner += f'<br><span class="govuk-body-s govuk-!-margin-bottom-0">{escape(cell.note)}</span>'
    if header:
        return f'<th scope="row" class="govuk-table__header">{inner}</th>'
    if cell.colspan > 1:
        return f'<td class="govuk-table__cell" colspan="{cell.colspan}">{inner}</td>'
    if numeric:
        return f'<td class="govuk-table__cell govuk-table__cell--numeric">{inner}</td>'
    return f'<td class="govuk-table__cell">{inner}</td>'


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: Sequence[list[Cell]]  # a list, or Rows built when read
    sheet: str = ""  # the Excel sheet's name (the caption, cut to 31 characters, if not given)
    empty: str = "Nothing to show yet."
    page: Page | None = None  # the page shows this page of the rows; the downloads every row

    @property
    def page_rows(self) -> list[list[Cell]]:
        if self.page is None:
            return self.rows
        return self.rows[self.page.first - 1:self.page.last]

    def row_html(self, row: list[Cell]) -> Markup:
        """One row's cells as the page shows them (dashboards/_table.html). Built here rather than
        by a template block per cell: a table of 140 schools by eleven columns spent more time in
        those blocks than in everything else on the page."""
        columns = self.columns
        html = "".join(_cell_html(cell, n < len(columns) and columns[n].numeric, n == 0)
                       for n, cell in enumerate(row))
        return Markup(html)  # noqa: S704 - every value is escaped in _cell_html

    @property
    def sheet_name(self) -> str:
        return (self.sheet or self.caption)[:31]

    def export_titles(self) -> list[str]:
        return [title for column in self.columns
                for title in (column.full_title, *([column.note_title] if column.note_title else []))]

    def export_rows(self) -> list[list]:
        """What the downloads hold: each cell's value (a merged cell repeated), with its note in a
        column of its own where the column has one."""
        noted = [bool(column.note_title) for column in self.columns]
        rows = []
        for row in self.rows:
            values, at = [], 0
            for cell in row:
                for _ in range(cell.colspan):
                    values.append(cell.value)
                    if at < len(noted) and noted[at]:
                        values.append(cell.note)
                    at += 1
            rows.append(values)
        return rows


@dataclass
class Chart:
    id: str
    figure: Figure
    label: str
    optional: bool = False  # shown on request, below its table, when the table reads better

    @property
    def json(self) -> str:
        return self.figure.to_json()


@dataclass
class Section:
    heading: str
    table: Table
    chart: Chart | None = None
    intro: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FilterChoice:
    """One select of a filter form: its query parameter, label, options (value, text) and the value
    chosen ("" for all)."""

    name: str
    label: str
    options: list[tuple[str, str]]
    chosen: str = ""
    hint: str = ""


@dataclass(frozen=True)
class FilterForm:
    """A GET form that narrows a long list; it works without JavaScript."""

    action: str
    choices: list[FilterChoice]
    clear_href: str

    @property
    def active(self) -> bool:
        return any(choice.chosen for choice in self.choices)


@dataclass
class Report:
    key: str
    title: str
    sections: list[Section]
    intro: list[str] = field(default_factory=list)
    filters: list[tuple[str, str]] = field(default_factory=list)  # (what, value) for the downloads
    query: dict[str, str] = field(default_factory=dict)  # the page's own arguments, for its downloads
    filter_form: FilterForm | None = None

    @property
    def has_charts(self) -> bool:
        return any(section.chart for section in self.sections)


def csv_download(report: Report, filename: str):
    """The first table: a CSV file holds one table (the Excel download holds them all)."""
    table = report.sections[0].table
    return csv_response(filename, table.export_titles(), table.export_rows())


def xlsx_download(report: Report, filename: str, la_name: str, cohort_label: str):
    sheets, seen = {}, set()
    for section in report.sections:
        name = section.table.sheet_name
        while name in seen:  # Excel refuses two sheets of one name
            name = name[:28] + f" {len(seen)}"
        seen.add(name)
        sheets[name] = (section.table.export_titles(), section.table.export_rows())
    applied = "; ".join(f"{what}: {value}" for what, value in report.filters) or "none"
    note = (f"{report.title}. {la_name}, cohort {cohort_label}. Filters and sorting applied: "
            f"{applied}. Levels are the schools' own judgements, for development, not a ranking.")
    return xlsx_response(filename, sheets, note=note)
