"""CSV and Excel downloads. Text that a spreadsheet would run as a formula is neutralised, in the
header as in the rows; figures go in as numbers, never as text, so a sum or a sort works on them."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import Cell

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
    return _download("\ufeff" + buffer.getvalue(), "text/csv", filename)


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
    return _download(buffer.getvalue(), XLSX_MIMETYPE, filename)


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def disposition(filename: str) -> dict[str, str]:
    """Content-Disposition parameters for any file name: as it is when it is ASCII, else an ASCII
    fallback and the name in UTF-8 (RFC 6266 / RFC 5987), as werkzeug's send_file writes them.
    Word documents use it; the downloads that still write the header by hand (`_download` above,
    PDFs, evidence, calendar files) are to move to it."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
        return {"filename": simple, "filename*": f"UTF-8''{quote(filename, safe='!#$&+-.^_`|~')}"}
    return {"filename": filename}
