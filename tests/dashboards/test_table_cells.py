"""A report table's rows are drawn in Python (dashboards.layout.Table.row_html), not by a template
block per cell: the markup each kind of cell gets, and every value escaped."""

from dashboards.layout import Cell, Column, Table


def test_each_kind_of_cell_gets_the_govuk_markup():
    table = Table("Caption", [Column("School"), Column("Level", numeric=True), Column("Status")], [])
    row = [Cell("A school", href="/schools/1", hidden="area profile"),
           Cell(3, "3. Effective", tag="app-level-3", note="checked"),
           Cell("Submitted")]
    assert table.row_html(row) == (
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/schools/1">A school'
        '<span class="govuk-visually-hidden"> area profile</span></a></th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric"><strong class="govuk-tag app-level-3">'
        '3. Effective</strong><br><span class="govuk-body-s govuk-!-margin-bottom-0">checked</span></td>'
        '<td class="govuk-table__cell">Submitted</td>')


def test_a_merged_cell_is_not_numeric_and_says_how_many_it_spans():
    table = Table("Caption", [Column("School"), Column("1", numeric=True), Column("2", numeric=True)], [])
    html = table.row_html([Cell("A school"), Cell("Not submitted", colspan=2)])
    assert html.endswith('<td class="govuk-table__cell" colspan="2">Not submitted</td>')


def test_every_value_is_escaped():
    table = Table("Caption", [Column("School"), Column("Note")], [])
    evil = '<script>alert("x")</script>'
    html = table.row_html([Cell(evil, href='/x?a=1&b="2"', hidden=evil),
                           Cell(evil, tag='"><b', note=evil)])
    assert "<script>" not in html and "<b" not in html.replace("<br>", "")
    assert 'href="/x?a=1&amp;b=&#34;2&#34;"' in html
    assert html.count("&lt;script&gt;") == 4
