"""Subject access and erasure: everything held about one person, found by walking every table
with a column that points at their account (the map is app/personal_data.py).

An LA lead's request covers their LA's rows (and the person's own sign-ins and settings); the
platform administrator's covers every LA. Both are audited: who exported or erased whom.
"""

import json
import re

from flask_login import current_user
from sqlalchemy import JSON, Enum, String, and_, cast, delete, false, func, or_, select, true, update
from sqlalchemy import Table as SqlTable

from app.db import Base, utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid
from app.models import CoreAction, LocalAuthority, User
from app.models.user import new_session_key
from app.personal_data import (
    BY_EMAIL,
    DELETED_BY_EMAIL,
    DELETED_ON_ERASURE,
    EXPORTED,
    ONLY_AUDITED,
    OWN_LA_ONLY,
    PERSON_WIDE,
    RECORDS_THEY_CHANGED,
    REDACTED,
    SECRET_COLUMN,
    Export,
    Section,
    erased_email,
    file_path,
    former_label,
    is_erased,
    plain,
)

USERS = "user_account"
# Organisations' names and other people's accounts are never rewritten by an erasure.
NOT_SCRUBBED = {USERS, "local_authority", "school"}
LINK = re.compile(r"https?://\S+")


def user_columns() -> list[str]:
    """Every "table.column" that points at a person's account."""
    return sorted(f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables
                  for column in table.columns if any(fk.column.table.name == USERS for fk in column.foreign_keys))


def _column(key: str):
    table_name, column_name = key.split(".")
    table = Base.metadata.tables.get(table_name)
    # A listed table a deployment does not have (yet) has nothing to give.
    return (table, table.c[column_name]) if table is not None and column_name in table.c else (None, None)


def _scope(table: SqlTable, la: LocalAuthority | None, *, everything_unowned: bool = False):
    if la is None:
        return true()
    if "la_id" in table.c:
        column = table.c.la_id
        if column.nullable and table.name not in OWN_LA_ONLY:
            return or_(column == la.id, column.is_(None))
        return column == la.id
    return true() if everything_unowned or table.name in PERSON_WIDE else false()


def _rows(table: SqlTable, condition) -> list:
    return list(db.session.execute(select(table).where(condition).order_by(*table.primary_key.columns)).mappings())


def _plain_row(table: SqlTable, row, files: dict[str, bytes]) -> dict:
    found = {}
    for column in table.columns:
        if SECRET_COLUMN.search(column.name):
            continue
        value = row[column.name]
        if isinstance(value, bytes):
            if value:
                path = file_path(table.name, row["id"], row.get("filename") or column.name)
                files[path] = value
                found["file"] = path
            continue
        if f"{table.name}.{column.name}" in REDACTED and isinstance(value, str):
            value = LINK.sub("[link removed]", value)
        found[column.name] = plain(value)
    return found


# --- subject access -------------------------------------------------------------------------------


def collect(person: User, la: LocalAuthority | None) -> Export:
    """Everything held about `person`: in `la`, or everywhere when `la` is None."""
    db.session.flush()
    files: dict[str, bytes] = {}
    sections = []
    users = Base.metadata.tables[USERS]
    account = _plain_row(users, _rows(users, users.c.id == person.id)[0], files)
    for key, title in EXPORTED.items():
        table, column = _column(key)
        if table is not None:
            rows = _rows(table, and_(column == person.id, _scope(table, la)))
            sections.append(Section(key, title, [_plain_row(table, row, files) for row in rows]))
    for key, title in BY_EMAIL.items():
        table, column = _column(key)
        if table is not None:
            rows = _rows(table, and_(func.lower(column) == person.email.lower(), _scope(table, la)))
            sections.append(Section(key, title, [_plain_row(table, row, files) for row in rows]))
    sections.append(Section("audit_event.about", "Changes others made to their account or that name them",
                            [_plain_row(_audit(), row, files) for row in _audit_naming(person, la)]))
    sections += _records_they_changed(person, la, files)
    about = {"person_id": person.id, "local_authority": la.name if la else "Every local authority",
             "exported_at": plain(utcnow()), "exported_by": current_user.name if _signed_in() else ""}
    return Export(about, account, sections, files)


def record_export(person: User, la: LocalAuthority | None) -> None:
    for scope in _audit_scopes(person, la):
        audit.record(scope, CoreAction.PERSONAL_DATA_EXPORTED, person)


def _signed_in() -> bool:
    return bool(current_user) and current_user.is_authenticated


def _audit() -> SqlTable:
    return Base.metadata.tables["audit_event"]


def _audit_naming(person: User, la: LocalAuthority | None) -> list:
    """Entries by others about the person's account, or naming their id or e-mail address."""
    table = _audit()
    detail = func.lower(cast(table.c.detail, String))
    rows = _rows(table, and_(_scope(table, la), or_(table.c.actor_id.is_(None), table.c.actor_id != person.id), or_(
        and_(table.c.entity == "User", table.c.entity_id == person.id),
        detail.like(f"%{_like(person.email.lower())}%", escape="/"),
        detail.like('%"user_id"%'))))
    return [row for row in rows if (row["entity"] == "User" and row["entity_id"] == person.id)
            or (row["detail"] or {}).get("user_id") == person.id
            or person.email.lower() in json.dumps(row["detail"], ensure_ascii=False).lower()]


def _records_they_changed(person: User, la: LocalAuthority | None, files: dict) -> list[Section]:
    table = _audit()
    mine = _rows(table, and_(table.c.actor_id == person.id, _scope(table, la),
                             table.c.entity.in_(list(RECORDS_THEY_CHANGED)), table.c.entity_id.is_not(None)))
    audited: dict[str, dict[int, set]] = {}
    for row in mine:
        areas = audited.setdefault(row["entity"], {}).setdefault(row["entity_id"], set())
        if (row["detail"] or {}).get("area"):
            areas.add(row["detail"]["area"])
    tables = {mapper.class_.__name__: mapper.local_table for mapper in Base.registry.mappers}
    sections = []
    for entity, records in audited.items():
        parent = tables.get(entity)
        if parent is None:
            continue
        walked = {parent.name: records}
        for name in (parent.name, *RECORDS_THEY_CHANGED[entity]):
            part = Base.metadata.tables.get(name)
            condition = _part_of(part, walked) if name != parent.name else part.c.id.in_(records)
            if part is None or condition is None:
                continue
            rows = _rows(part, and_(condition, _scope(part, la)))
            if name in ONLY_AUDITED:
                column, _ = ONLY_AUDITED[name]
                parent_column = _link(part, parent.name)
                rows = [r for r in rows if r[column] in records.get(r[parent_column.name], set())]
            walked[name] = {row["id"]: set() for row in rows}
            sections.append(Section(f"{name}.changed", f"Records they changed, as they stand now: "
                                    f"{name.replace('_', ' ')}", [_plain_row(part, row, files) for row in rows]))
    return sections


def _link(part: SqlTable, parent: str):
    return next((c for c in part.columns for fk in c.foreign_keys if fk.column.table.name == parent), None)


def _part_of(part: SqlTable | None, walked: dict[str, dict]):
    """Rows of `part` under a record already walked (a priority under a plan, an action under it)."""
    if part is None:
        return None
    links = [(column, walked[fk.column.table.name]) for column in part.columns for fk in column.foreign_keys
             if fk.column.table.name in walked]
    return or_(*(column.in_(list(ids)) for column, ids in links)) if links else None


# --- erasure --------------------------------------------------------------------------------------


def erasure_refusals(person: User, la: LocalAuthority | None, by: User) -> list[str]:
    """Why `by` may not erase `person` (in `la`, or as the platform administrator): none when they may."""
    refusals = []
    if person.id == by.id:
        refusals.append("You cannot erase your own account.")
    if is_erased(person.email):
        refusals.append("This person's details have already been erased.")
    elif la is not None and any(a.la_id != la.id for a in person.roles):
        refusals.append(f"They also have a role outside {la.name}. Ask the platform administrator to "
                        "erase them.")
    elif person.active_roles():
        refusals.append("Deactivate them first: erasing is for people who have left.")
    return refusals


def erase(person: User, la: LocalAuthority | None, by: User) -> str:
    """Deactivates the account and replaces the person's details wherever they are held, keeping
    the school's records readable. Returns what they are now called ("A former SENCO")."""
    refusals = erasure_refusals(person, la, by)
    if refusals:
        raise Invalid({"erase": " ".join(refusals)})
    db.session.flush()
    label = former_label([a.role for a in person.roles])
    old_name, old_email, new_email = person.name, person.email.lower(), erased_email(person.id)
    scopes = _audit_scopes(person, la)
    _delete_their_rows(person, la, old_email)
    _scrub(la, [(old_email, new_email, _email_pattern(old_email))]
           + ([(old_name, label, _name_pattern(old_name))] if len(old_name.split()) > 1 else []))
    db.session.expire_all()
    person = db.session.get(User, person.id)
    person.name, person.email = label, new_email
    person.password_hash, person.last_signed_in_at = None, None
    person.active, person.session_key = False, new_session_key()
    for assignment in person.roles:
        assignment.active = False
    db.session.flush()
    for scope in scopes:
        # The entry keeps the account's id and what it is now called, never who they were.
        audit.record(scope, CoreAction.USER_ERASED, person, now_called=label)
    return label


def _audit_scopes(person: User, la: LocalAuthority | None) -> list[LocalAuthority | None]:
    """The LA's own activity, or, for the administrator, that of every LA the person worked in."""
    if la is not None:
        return [la]
    ids = sorted({a.la_id for a in person.roles if a.la_id is not None})
    return [db.session.get(LocalAuthority, i) for i in ids] or [None]


def _delete_their_rows(person: User, la: LocalAuthority | None, email: str) -> None:
    for key in EXPORTED:
        table, column = _column(key)
        if table is not None and table.name in DELETED_ON_ERASURE:
            db.session.execute(delete(table).where(column == person.id))
    for key in BY_EMAIL:
        table, column = _column(key)
        if table is not None and table.name in DELETED_BY_EMAIL:
            doomed = select(table.c.id).where(func.lower(column) == email, _scope(table, la, everything_unowned=True))
            for child, link in _children(table):
                db.session.execute(delete(child).where(link.in_(doomed)))
            db.session.execute(delete(table).where(table.c.id.in_(doomed)))


def _children(table: SqlTable) -> list:
    return [(child, column) for child in Base.metadata.sorted_tables for column in child.columns
            for fk in column.foreign_keys if fk.column.table is table]


def _name_pattern(name: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(part) for part in name.split()) + r"(?!\w)", re.IGNORECASE)


def _email_pattern(email: str) -> re.Pattern:
    return re.compile(r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-])", re.IGNORECASE)


def _like(text: str) -> str:
    # "/" as the escape character: a backslash is read differently by SQLite and PostgreSQL.
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _replace(value, replacements):
    if isinstance(value, str):
        for _, new, pattern in replacements:
            value = pattern.sub(lambda m, new=new, text=value: _fit(new, text, m.start()), value)
        return value
    if isinstance(value, list):
        return [_replace(v, replacements) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, replacements) for k, v in value.items()}
    return value


def _fit(words: str, text: str, start: int) -> str:
    """ "A former SENCO" at the start of a sentence, "a former SENCO" within one."""
    before = text[:start].rstrip()
    return words if not before or before[-1] in ".!?\n" or "@" in words else words[0].lower() + words[1:]


def _scrub(la: LocalAuthority | None, replacements: list[tuple[str, str, re.Pattern]]) -> None:
    """Replace the person's name and e-mail address in every text of the LA's records (and in the
    tables no LA owns): free text, audit details, e-mails kept. A name of one word is left, as
    replacing it would change every text that uses the word."""
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_SCRUBBED:
            continue
        for column in table.columns:
            if isinstance(column.type, String) and not isinstance(column.type, Enum):
                searched, needles = column, [old for old, _, _ in replacements]
            elif isinstance(column.type, JSON):
                # JSON text escapes what is not ASCII: look for both spellings.
                searched = cast(column, String)
                needles = [form for old, _, _ in replacements for form in (old, json.dumps(old)[1:-1])]
            else:
                continue
            found = or_(*(cond for needle in needles for cond in (
                searched.like(f"%{_like(needle)}%", escape="/"),
                func.lower(searched).like(f"%{_like(needle.lower())}%", escape="/"))))
            rows = select(table.c.id, column).where(found, _scope(table, la, everything_unowned=True))
            for row_id, value in db.session.execute(rows).all():
                changed = _replace(value, replacements)
                if changed != value:
                    values = {column.name: changed}
                    if "version" in table.c:
                        values["version"] = table.c.version + 1  # a form open on the old text must not save it back
                    db.session.execute(update(table).where(table.c.id == row_id).values(**values))


__all__ = ["collect", "erase", "erasure_refusals", "record_export", "user_columns"]
