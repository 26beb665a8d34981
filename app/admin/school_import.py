"""Reads a CSV of schools into validated rows, or a list of row-by-row problems. No database."""

import csv
import io
import re
from dataclasses import dataclass

from app.forms import CONTROL_CHARS
from app.interfaces.schools import SchoolData
from app.models.enums import Phase, SchoolType, lookup

MAX_ROWS = 5000
URN = re.compile(r"^\d{6}$")
HEADERS = {
    "urn": {"urn", "unique reference number"},
    "name": {"name", "school name", "establishment name", "establishmentname"},
    "phase": {"phase", "phase of education", "phaseofeducation"},
    "type": {"type", "school type", "type of establishment", "typeofestablishment"},
}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


def parse(raw: bytes, existing_urns_check) -> tuple[list[SchoolData], list[RowError]]:
    """`existing_urns_check(set_of_urns) -> set` tells which URNs the LA already has."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "The file must be saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)'"
        ) from exc
    if "\x00" in text:
        raise ImportFileError("The file must be a CSV file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty") from None
    except csv.Error as exc:
        raise ImportFileError("The file must be a CSV file") from exc
    columns = _map_columns(header)

    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"The file must have {MAX_ROWS} schools or fewer")
            rows.append((line_number, {key: _cell(cells, idx) for key, idx in columns.items()}))
    except csv.Error as exc:
        raise ImportFileError(f"Row {reader.line_num} could not be read as CSV") from exc
    if not rows:
        raise ImportFileError("The file has a header row but no schools")

    errors: list[RowError] = []
    schools: list[SchoolData] = []
    seen: dict[str, int] = {}
    taken = existing_urns_check({values["urn"] for _, values in rows if URN.match(values["urn"])})
    for line, values in rows:
        row_errors = _check_row(line, values, seen, taken)
        errors.extend(row_errors)
        if not row_errors:
            schools.append(
                SchoolData(
                    urn=values["urn"],
                    name=values["name"],
                    phase=lookup(Phase, values["phase"]),
                    school_type=lookup(SchoolType, values["type"]),
                )
            )
        if URN.match(values["urn"]):
            seen.setdefault(values["urn"], line)
    return schools, errors


def _map_columns(header: list[str]) -> dict[str, int]:
    normalised = [cell.strip().lower().replace("_", " ") for cell in header]
    columns = {}
    for key, names in HEADERS.items():
        for idx, cell in enumerate(normalised):
            if cell in names:
                columns[key] = idx
                break
    missing = [key for key in HEADERS if key not in columns]
    if missing:
        raise ImportFileError(
            "The first row must name the columns urn, name, phase and type. Missing: "
            + ", ".join(missing)
        )
    return columns


def _cell(cells: list[str], idx: int) -> str:
    return cells[idx].strip() if idx < len(cells) else ""


def _check_row(line: int, values: dict[str, str], seen: dict[str, int], taken: set[str]) -> list[RowError]:
    errors = []
    urn = values["urn"]
    if not urn:
        errors.append(RowError(line, "urn", "Enter the URN"))
    elif not URN.match(urn):
        errors.append(RowError(line, "urn", "URN must be 6 digits, like 123456"))
    elif urn in seen:
        errors.append(RowError(line, "urn", f"URN {urn} is also on row {seen[urn]}"))
    elif urn in taken:
        errors.append(RowError(line, "urn", f"A school with URN {urn} is already in this local authority"))

    name = values["name"]
    if not name:
        errors.append(RowError(line, "name", "Enter the school name"))
    elif len(name) > 120:
        errors.append(RowError(line, "name", "School name must be 120 characters or fewer"))
    elif "<" in name or ">" in name:
        errors.append(RowError(line, "name", "School name must not contain < or >"))
    elif CONTROL_CHARS.search(name) or "\n" in name or "\r" in name:
        errors.append(RowError(line, "name", "School name must be on one line, with printable characters only"))

    if not values["phase"]:
        errors.append(RowError(line, "phase", "Enter the phase"))
    elif lookup(Phase, values["phase"]) is None:
        errors.append(RowError(line, "phase", "Phase must be one of: " + ", ".join(p.label for p in Phase)))

    if not values["type"]:
        errors.append(RowError(line, "type", "Enter the school type"))
    elif lookup(SchoolType, values["type"]) is None:
        errors.append(RowError(line, "type", "Type must be one of: " + ", ".join(t.label for t in SchoolType)))
    return errors
