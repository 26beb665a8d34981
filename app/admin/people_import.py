"""Reads a CSV of people to invite into checked rows, or a list of row-by-row problems, the way the
schools import does (app.admin.csv_files). No database: the route passes the look-ups in."""

from collections.abc import Callable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from app.admin.csv_files import URN, ImportFileError, RowError, name_problem, read_rows
from app.interfaces.invitations import NewInvitation, RoleKey
from app.models.enums import Role, lookup

MAX_ROWS = 2000
HEADERS = {
    "urn": {"urn", "school urn", "unique reference number"},
    "name": {"name", "full name"},
    "email": {"email", "email address", "e-mail", "e-mail address"},
    "role": {"role"},
}
REQUIRED = ["urn", "name", "email", "role"]
# The roles a file may invite: a school's people by its URN, quality assurers by e-mail alone.
ROLES = (Role.SENCO, Role.HEADTEACHER, Role.STAFF, Role.QUALITY_ASSURER)
SYNONYMS = {"sendco": Role.SENCO, "head": Role.HEADTEACHER, "qa": Role.QUALITY_ASSURER,
            "staff": Role.STAFF, "schoolstaff": Role.STAFF}
TEMPLATE = [
    ["urn", "name", "email", "role"],
    ["123456", "Sam Example", "senco@example-primary.sch.uk", "SENCO"],
    ["123456", "Alex Example", "head@example-primary.sch.uk", "Headteacher"],
    ["123456", "Chris Example", "deputy@example-primary.sch.uk", "Other school staff"],
    ["", "Jo Example", "jo@example.org", "Quality assurer"],
]

__all__ = ["HEADERS", "MAX_ROWS", "ROLES", "TEMPLATE", "ImportFileError", "Lookups", "RowError", "parse"]


@dataclass(frozen=True)
class Lookups:
    """What the LA already has, asked once for the whole file."""

    schools: Callable[[set[str]], dict[str, tuple[int, str]]]  # URN -> (school id, name)
    held: Callable[[set[str]], set[RoleKey]]  # roles these e-mail addresses already hold
    invited: Callable[[set[str]], set[RoleKey]]  # roles they have an open invitation to


def role_of(text: str) -> Role | None:
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    role = SYNONYMS.get(key) or lookup(Role, text)
    return role if role in ROLES else None


def email_of(text: str) -> str | None:
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def parse(raw: bytes, look: Lookups) -> tuple[list[NewInvitation], list[RowError]]:
    rows = read_rows(raw, HEADERS, REQUIRED, "people", MAX_ROWS)
    emails = {e for _, values in rows if len(values["email"]) <= 254 and (e := email_of(values["email"]))}
    schools = look.schools({values["urn"] for _, values in rows if URN.match(values["urn"])})
    held, invited = look.held(emails), look.invited(emails)
    names = {school_id: name for school_id, name in schools.values()}

    errors: list[RowError] = []
    found: list[NewInvitation] = []
    seen: dict[RoleKey, int] = {}
    for line, values in rows:
        row_errors, key = _check_row(line, values, schools)
        if key is not None:
            where = f" at {names[key[2]]}" if key[2] is not None else " in this local authority"
            what = f"{key[0]} {{}} {key[1].label}{where}"
            if key in seen:
                row_errors.append(RowError(line, "email", f"The same person and role as row {seen[key]}"))
            elif key in held:
                row_errors.append(RowError(line, "email", what.format("already has the role")))
            elif key in invited:
                row_errors.append(RowError(
                    line, "email", what.format("has already been invited as") + ". Send the invitation "
                    "again from the People page"))
            seen.setdefault(key, line)
        errors.extend(row_errors)
        if not row_errors and key is not None:
            found.append(NewInvitation(key[0], values["name"], key[1], key[2]))
    return found, errors


def _check_row(line: int, values: dict[str, str],
               schools: dict[str, tuple[int, str]]) -> tuple[list[RowError], RoleKey | None]:
    errors = []
    if problem := name_problem(values["name"], "Name"):
        errors.append(RowError(line, "name", problem))

    email = None
    if not values["email"]:
        errors.append(RowError(line, "email", "Enter the email address"))
    elif len(values["email"]) > 254:
        errors.append(RowError(line, "email", "Email address must be 254 characters or fewer"))
    elif (email := email_of(values["email"])) is None:
        errors.append(RowError(line, "email", "Enter an email address in the correct format, like name@example.org"))

    role = role_of(values["role"])
    if not values["role"]:
        errors.append(RowError(line, "role", "Enter the role"))
    elif role is None:
        errors.append(RowError(line, "role", "Role must be one of: " + ", ".join(r.label for r in ROLES)))

    urn, school_id = values["urn"], None
    if role is Role.QUALITY_ASSURER:
        if urn:
            errors.append(RowError(line, "urn", "Leave the URN empty for a quality assurer: they work "
                                                "across the local authority"))
    elif role is not None:
        if not urn:
            errors.append(RowError(line, "urn", f"Enter the URN of the {role.label}'s school"))
        elif not URN.match(urn):
            errors.append(RowError(line, "urn", "URN must be 6 digits, like 123456"))
        elif urn not in schools:
            errors.append(RowError(line, "urn", f"No school with URN {urn} is in this local authority. "
                                                "Add the school first"))
        else:
            school_id = schools[urn][0]
    if email is None or role is None or (role is not Role.QUALITY_ASSURER and school_id is None):
        return errors, None
    return errors, (email, role, school_id)
