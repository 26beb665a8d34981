"""Reads a CSV of schools into validated rows, or a list of row-by-row problems. No database."""

from app.admin.csv_files import URN, ImportFileError, RowError, name_problem, read_rows
from app.interfaces.schools import SchoolData
from app.models.enums import Phase, SchoolType, lookup

MAX_ROWS = 5000
HEADERS = {
    "urn": {"urn", "unique reference number"},
    "name": {"name", "school name", "establishment name", "establishmentname"},
    "phase": {"phase", "phase of education", "phaseofeducation"},
    "type": {"type", "school type", "type of establishment", "typeofestablishment"},
}

__all__ = ["HEADERS", "MAX_ROWS", "ImportFileError", "RowError", "parse"]


def parse(raw: bytes, existing_urns_check) -> tuple[list[SchoolData], list[RowError]]:
    """`existing_urns_check(set_of_urns) -> set` tells which URNs the LA already has."""
    rows = read_rows(raw, HEADERS, list(HEADERS), "schools", MAX_ROWS)

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

    if problem := name_problem(values["name"], "School name"):
        errors.append(RowError(line, "name", problem))

    if not values["phase"]:
        errors.append(RowError(line, "phase", "Enter the phase"))
    elif lookup(Phase, values["phase"]) is None:
        errors.append(RowError(line, "phase", "Phase must be one of: " + ", ".join(p.label for p in Phase)))

    if not values["type"]:
        errors.append(RowError(line, "type", "Enter the school type"))
    elif lookup(SchoolType, values["type"]) is None:
        errors.append(RowError(line, "type", "Type must be one of: " + ", ".join(t.label for t in SchoolType)))
    return errors
