"""Reading a file from Get Information about Schools (GIAS) as downloaded, either the extract for
one LA or the national "all establishment data" file: the rows of the LA's own code, each read
with the rule in gias_codes, compared with the schools already here. The file is read as a stream,
one row at a time: a national file is about 50,000 rows and tens of MB. No Flask, no database.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.admin import gias_codes
from app.admin.csv_files import URN, CsvUpload, ImportFileError, name_problem
from app.admin.gias_codes import LeftOut
from app.interfaces.schools import SchoolData

# A national file is about 60 MB today; this leaves room for it to grow.
MAX_BYTES = 150 * 1024 * 1024

COLUMNS = {
    "urn": "URN",
    "name": "EstablishmentName",
    "la_code": "LA (code)",
    "type": "TypeOfEstablishment (name)",
    "phase": "PhaseOfEducation (name)",
    "status": "EstablishmentStatus (name)",
}
OPTIONAL = {
    "la_name": "LA (name)",
    "type_code": "TypeOfEstablishment (code)",
    "phase_code": "PhaseOfEducation (code)",
    "status_code": "EstablishmentStatus (code)",
}
# GIAS's "(code)"/"(name)" column pairs: one of them in the first row is enough to read the file as
# GIAS's (and to name what is missing, should the others not be there). EstablishmentName alone is
# not: a simple file may name its column that way.
_MARKERS = {name.lower() for name in (*COLUMNS.values(), *OPTIONAL.values()) if name.endswith(")")}


def is_gias(header: list[str]) -> bool:
    return any(cell.strip().lower() in _MARKERS for cell in header)


def _columns(header: list[str]) -> dict[str, int]:
    positions = {cell.strip().lower(): i for i, cell in reversed(list(enumerate(header)))}
    found = {key: positions[name.lower()] for key, name in {**COLUMNS, **OPTIONAL}.items()
             if name.lower() in positions}
    missing = [name for key, name in COLUMNS.items() if key not in found]
    if missing:
        raise ImportFileError(
            "This looks like a file from Get Information about Schools, but it has no column "
            + ", ".join(f"‘{name}’" for name in missing)
            + ". Download the file again with all the establishment fields"
        )
    return found


@dataclass(frozen=True)
class Change:
    """A school already here whose name, phase or type GIAS gives differently."""

    school_id: int
    version: int
    old: SchoolData
    new: SchoolData

    @property
    def differences(self) -> list[tuple[str, str, str]]:
        """(what, old, new) for each detail that changes."""
        pairs = [("Name", self.old.name, self.new.name),
                 ("Phase", self.old.phase.label, self.new.phase.label),
                 ("Type", self.old.school_type.label, self.new.school_type.label)]
        return [pair for pair in pairs if pair[1] != pair[2]]


@dataclass(frozen=True)
class Left:
    """A row of the LA's that is not imported, and why."""

    row: int
    urn: str
    name: str
    reason: LeftOut
    detail: str  # what GIAS says that decided it: its status or type, or the problem


@dataclass
class Preview:
    la_code: str
    rows_read: int = 0
    other_las: Counter = field(default_factory=Counter)  # (code, name) -> establishments
    to_add: list[SchoolData] = field(default_factory=list)
    to_change: list[Change] = field(default_factory=list)
    unchanged: int = 0
    left_out: list[Left] = field(default_factory=list)
    # Schools already here that the file leaves out (closed, say): they are not removed.
    kept: list[tuple[object, Left]] = field(default_factory=list)
    not_in_file: list = field(default_factory=list)

    @property
    def in_other_las(self) -> int:
        return sum(self.other_las.values())

    @property
    def in_la(self) -> int:
        return self.rows_read - self.in_other_las

    def left_out_by_reason(self) -> list[tuple[LeftOut, list[Left]]]:
        grouped: dict[LeftOut, list[Left]] = {}
        for left in self.left_out:
            grouped.setdefault(left.reason, []).append(left)
        return [(reason, grouped[reason]) for reason in LeftOut if reason in grouped]

    def counts(self) -> dict[str, int]:
        return {"added": len(self.to_add), "changed": len(self.to_change), "unchanged": self.unchanged,
                "left_out": len(self.left_out), "in_other_las": self.in_other_las}


def preview(upload: CsvUpload, la_code: str, existing: Iterable) -> Preview:
    """What importing the file would do for the LA with `la_code`, whose schools are `existing`
    (objects with id, version, urn, name, phase and school_type). Raises ImportFileError when the
    file cannot be used at all."""
    if not la_code:
        raise ImportFileError("This local authority has no LA code yet, so its schools cannot be "
                              "found in the file. Ask the platform administrator to add it")
    columns = _columns(upload.header)
    here = {school.urn: school for school in existing}
    result = Preview(la_code)
    seen: dict[str, int] = {}
    width = len(upload.header)
    damaged: tuple[int, int] | None = None

    def cell(cells: list[str], key: str) -> str:
        idx = columns.get(key)
        return cells[idx].strip() if idx is not None and idx < len(cells) else ""

    for line, cells in upload.rows():
        if not any(c.strip() for c in cells):
            continue
        if damaged is not None:
            raise ImportFileError(f"Row {damaged[0]} has {damaged[1]} columns but the first row has "
                                  f"{width}. The file may be damaged: download it again")
        if len(cells) != width:
            damaged = (line, len(cells))  # the last row cut short is a download that stopped
            continue
        result.rows_read += 1
        code = cell(cells, "la_code")
        if code != la_code:
            result.other_las[(code, cell(cells, "la_name"))] += 1
            continue
        _read_row(result, line, {key: cell(cells, key) for key in (*COLUMNS, *OPTIONAL)}, here, seen)

    if damaged is not None:
        raise ImportFileError(f"The file ends part-way through row {damaged[0]}. It may not have "
                              "downloaded completely: download it again")
    if result.rows_read == 0:
        raise ImportFileError("The file has a header row but no establishments")
    if result.in_la == 0:
        raise ImportFileError(_wrong_la(result))
    result.not_in_file = sorted((s for urn, s in here.items() if urn not in seen), key=lambda s: s.name)
    return result


def _read_row(result: Preview, line: int, values: dict[str, str], here: dict, seen: dict[str, int]) -> None:
    urn, name = values["urn"], values["name"]

    def leave_out(reason: LeftOut, detail: str) -> None:
        left = Left(line, urn, name, reason, detail)
        result.left_out.append(left)
        if urn in here and reason is not LeftOut.REPEATED:
            result.kept.append((here[urn], left))

    if not URN.match(urn):
        leave_out(LeftOut.UNREADABLE, "URN must be 6 digits")
        return
    if urn in seen:
        leave_out(LeftOut.REPEATED, f"Also on row {seen[urn]}")
        return
    seen[urn] = line
    if problem := name_problem(name, "School name"):
        leave_out(LeftOut.UNREADABLE, problem)
        return
    reading = gias_codes.read(values["status"], values["type"], values["phase"], values["status_code"],
                              values["type_code"], values["phase_code"])
    if reading.left_out is not None:
        detail = values["status"] if reading.left_out in (
            LeftOut.CLOSED, LeftOut.PROPOSED_TO_OPEN, LeftOut.UNKNOWN_STATUS) else values["type"]
        if reading.left_out is LeftOut.NO_PHASE:
            detail = f"{values['type']}, phase {values['phase'] or 'blank'}"
        leave_out(reading.left_out, detail)
        return
    data = SchoolData(urn=urn, name=name, phase=reading.phase, school_type=reading.school_type)
    school = here.get(urn)
    if school is None:
        result.to_add.append(data)
        return
    old = SchoolData(urn=school.urn, name=school.name, phase=school.phase, school_type=school.school_type)
    if old == data:
        result.unchanged += 1
    else:
        result.to_change.append(Change(school.id, school.version, old, data))


def _wrong_la(result: Preview) -> str:
    message = (f"None of the {result.rows_read:,} establishments in the file is in this local "
               f"authority's LA code, {result.la_code}.")
    (code, name), _ = result.other_las.most_common(1)[0]
    where = f"{name} ({code})" if name else f"LA code {code}"
    if len(result.other_las) == 1:
        message += f" They are all in {where}."
    else:
        message += f" Most are in {where}."
    return (message + " Check that the file is for your local authority. If the LA code is wrong, "
            "ask the platform administrator to change it")
