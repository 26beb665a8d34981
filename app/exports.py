"""CSV and Excel downloads. Text that a spreadsheet would run as a formula is neutralised, in the
header as in the rows; figures go in as numbers, never as text, so a sum or a sort works on them."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from flask import Response, has_request_context, request
from openpyxl import Workbook
from openpyxl.cell import Cell
from werkzeug.utils import send_file

from app.numbers import Number
from app.template_helpers import LONDON

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text that is only a signed number ("-0.20", "+3", "-17%") starts like a formula but cannot run.
SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.([0-9]+))?(%?)\Z")


def safe_cell(value):
    """The value for a CSV cell or an Excel cell. Only text is guarded: numbers (including signed
    ones, and `Number`s we rounded and formatted ourselves) cannot be a formula."""
    if isinstance(value, Number):
        # "+0.20" would read as a formula in some programs; the sign of a positive adds nothing.
        return "" if value.missing else str(value).removeprefix("+")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if SIGNED_NUMBER.match(value) else "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: give the time as it was in England.
        return value.astimezone(LONDON).replace(tzinfo=None)
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(value) for value in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    # A byte-order mark so that Excel opens UTF-8 correctly.
    return download("\ufeff" + buffer.getvalue(), "text/csv", filename)


def _signed_number(text: str) -> Number | None:
    found = SIGNED_NUMBER.match(text)
    if found is None:
        return None
    decimals, percent = found.groups()
    number = float(text.rstrip("%")) / (100 if percent else 1)
    return Number(number, len(decimals or ""), signed=text.startswith("+"), percent=bool(percent))


def _xlsx_cell(sheet, value):
    if isinstance(value, str) and value[:1] in ("+", "-"):
        value = _signed_number(value) or value
    if isinstance(value, Number):
        cell = Cell(sheet, value=value.rounded)
        cell.number_format = value.number_format
        return cell
    return safe_cell(value)


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]],
                  note: str = "") -> Response:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append([safe_cell(value) for value in header])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    if note:
        about = workbook.create_sheet("About")
        about.append([safe_cell(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), XLSX_MIMETYPE, filename)


def download(body: bytes | str, mimetype: str, filename: str, *, cache_control: str = "no-store") -> Response:
    """A file to save, under any name. Werkzeug's send_file writes Content-Disposition: the name
    as it is when it is ASCII, else an ASCII fallback and the name in UTF-8 (`filename*`, RFC 6266
    and RFC 5987). A name written into the header by hand cannot carry a letter outside Latin-1
    (a Welsh "ŵ", a Polish "Ł"): the server then fails to send the response at all."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    environ = request.environ if has_request_context() else {}
    response = send_file(io.BytesIO(data), environ, mimetype=mimetype, as_attachment=True,
                         download_name=filename, conditional=False, etag=False, response_class=Response)
    # The bytes themselves rather than send_file's file wrapper: the response reads like any
    # other (get_data) in after-request hooks and in tests outside a request.
    response.set_data(data)
    response.headers["Cache-Control"] = cache_control
    return response
