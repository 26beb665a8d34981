"""The download helpers: text a spreadsheet would run is neutralised (in the header too), figures
go in as numbers with a number format, and times Excel cannot hold are given as English local
time."""

import csv
import io
from datetime import UTC, datetime
from io import BytesIO

from openpyxl import load_workbook

from app.exports import csv_response, safe_cell, xlsx_response
from app.numbers import Number


def test_formula_starts_are_neutralised_but_signed_numbers_are_not():
    assert [safe_cell(v) for v in ("=1+1", "+A1", "-2+3+cmd|'/C calc'!A0", "@SUM", "plain", 5)] == [
        "'=1+1", "'+A1", "'-2+3+cmd|'/C calc'!A0", "'@SUM", "plain", 5]
    # Only a signed number: it starts like a formula but cannot run, so no apostrophe.
    assert [safe_cell(v) for v in ("-0.20", "+44", "-3", "-17%")] == ["-0.20", "+44", "-3", "-17%"]


def test_an_aware_time_becomes_the_local_time_in_england():
    summer = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert safe_cell(summer) == datetime(2026, 7, 1, 10, 30)
    assert safe_cell(winter) == datetime(2026, 12, 1, 9, 30)
    assert safe_cell(datetime(2026, 1, 1)).tzinfo is None


def test_numbers_go_into_excel_as_numbers_and_text_stays_guarded(app):
    with app.test_request_context():
        response = xlsx_response("t.xlsx", {"Figures": (
            ["Area", "=HEADER()", "Mean", "Change", "Share", "Typed"],
            [["=cmd|' /C calc'!A0", 6, Number(2.125, 2), Number(-0.2, 2, signed=True),
              Number(0.17, 0, percent=True), "-0.20"],
             ["@SUM(A1)", 7, Number(None, 2), "+3", "-17%", "-1+2"]],
        )}, note="=note")
    book = load_workbook(BytesIO(response.data))
    sheet = book["Figures"]
    assert [c.value for c in sheet[1]] == ["Area", "'=HEADER()", "Mean", "Change", "Share", "Typed"]
    first = sheet[2]
    assert first[0].value == "'=cmd|' /C calc'!A0" and first[0].data_type == "s"
    assert [(c.value, c.data_type) for c in first[1:]] == [(6, "n"), (2.13, "n"), (-0.2, "n"), (0.17, "n"),
                                                            (-0.2, "n")]
    assert [c.number_format for c in first[2:]] == ["0.00", "+0.00;-0.00;0.00", "0%", "0.00"]
    second = sheet[3]
    assert second[0].value == "'@SUM(A1)" and second[2].value is None
    assert (second[3].value, second[3].number_format) == (3, "+0;-0;0")
    assert (second[4].value, second[4].number_format) == (-0.17, "0%")
    assert second[5].value == "'-1+2"  # a sum, not a number: guarded
    assert book["About"]["A1"].value == "'=note"


def test_csv_guards_the_header_and_writes_figures_as_shown(app):
    with app.test_request_context():
        response = csv_response("t.csv", ["=HEADER()", "Mean"], [["-2+3", Number(2.125, 2)],
                                                                 ["plain", Number(0.2, 2, signed=True)]])
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [["'=HEADER()", "Mean"], ["'-2+3", "2.13"], ["plain", "0.20"]]
