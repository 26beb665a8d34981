"""Reading an uploaded CSV file into rows, the one way every import does (schools, people): the
encodings Excel saves in, the header row naming the columns, blank rows skipped, row numbers as a
spreadsheet shows them, and a problem with the file as a whole as one message. No database."""

import csv
import io
import re
from dataclasses import dataclass

from app.forms import CONTROL_CHARS

MAX_BYTES = 2 * 1024 * 1024
URN = re.compile(r"^\d{6}$")
NOT_UTF8 = "The file must be saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)'"


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


def read_upload(storage, filename_required: str = ".csv") -> bytes:
    """The bytes of an uploaded file, refused when too large or not named as a CSV."""
    raw = storage.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ImportFileError("The file must be smaller than 2 MB")
    if not (storage.filename or "").lower().endswith(filename_required):
        raise ImportFileError("The selected file must be a CSV")
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), else Windows-1252, which Excel's plain
    'CSV (Comma delimited)' writes on a Windows PC. UTF-16 (Excel's 'Unicode text') is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(NOT_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:  # five byte values mean nothing in Windows-1252
            raise ImportFileError(NOT_UTF8) from exc
    if "\x00" in text:
        raise ImportFileError("The file must be a CSV file")
    return text


def read_rows(raw: bytes, headers: dict[str, set[str]], required: list[str], noun: str,
              max_rows: int) -> list[tuple[int, dict[str, str]]]:
    """Each non-blank row as (its row number, {column key: stripped cell}). `headers` names each
    column key's accepted headings (lower case); `required` the keys the header row must have
    (a missing optional column reads as empty cells). `noun` is what a row is ("schools")."""
    reader = csv.reader(io.StringIO(decode(raw), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty") from None
    except csv.Error as exc:
        raise ImportFileError("The file must be a CSV file") from exc
    columns = _map_columns(header, headers, required)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise ImportFileError(f"The file must have {max_rows} {noun} or fewer")
            rows.append((line_number, {key: _cell(cells, columns.get(key)) for key in headers}))
    except csv.Error as exc:
        raise ImportFileError(f"Row {reader.line_num} could not be read as CSV") from exc
    if not rows:
        raise ImportFileError(f"The file has a header row but no {noun}")
    return rows


def _map_columns(header: list[str], headers: dict[str, set[str]], required: list[str]) -> dict[str, int]:
    normalised = [cell.strip().lower().replace("_", " ") for cell in header]
    columns = {}
    for key, names in headers.items():
        for idx, cell in enumerate(normalised):
            if cell in names:
                columns[key] = idx
                break
    missing = [key for key in required if key not in columns]
    if missing:
        raise ImportFileError(
            f"The first row must name the columns {_and(required)}. Missing: " + ", ".join(missing)
        )
    return columns


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _cell(cells: list[str], idx: int | None) -> str:
    return cells[idx].strip() if idx is not None and idx < len(cells) else ""


def name_problem(name: str, label: str, max_length: int = 120) -> str | None:
    """What is wrong with a name typed into a CSV cell, if anything (the forms' PlainText rule)."""
    if not name:
        return f"Enter the {label.lower()}"
    if len(name) > max_length:
        return f"{label} must be {max_length} characters or fewer"
    if "<" in name or ">" in name:
        return f"{label} must not contain < or >"
    if CONTROL_CHARS.search(name) or "\n" in name or "\r" in name:
        return f"{label} must be on one line, with printable characters only"
    return None
