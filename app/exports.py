"""CSV and Excel downloads. Cells that a spreadsheet would run as a formula are neutralised."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from flask import Response
from openpyxl import Workbook

from app.template_helpers import LONDON

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        # Excel has no time zones: give the time as it was in England.
        return value.astimezone(LONDON).replace(tzinfo=None)
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    # A byte-order mark so that Excel opens UTF-8 correctly.
    return _download("\ufeff" + buffer.getvalue(), "text/csv", filename)


def xlsx_response(filename: str, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]],
                  note: str = "") -> Response:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
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
