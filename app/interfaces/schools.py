from dataclasses import dataclass

from sqlalchemy import func, or_, select
from werkzeug.exceptions import NotFound

from app import features
from app.db import MAX_ID
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import LocalAuthority, Phase, School, SchoolType
from app.models.audit import CoreAction


@dataclass(frozen=True)
class SchoolData:
    urn: str
    name: str
    phase: Phase
    school_type: SchoolType


@dataclass(frozen=True)
class SchoolPage:
    schools: list[School]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_schools(la: LocalAuthority, query: str = "", page: int = 1, per_page: int = 50) -> SchoolPage:
    """Schools in the LA whose name contains `query` or whose URN starts with it."""
    conditions = [School.la_id == la.id]
    query = query.strip()
    if query:
        pattern = _escape_like(query.lower())
        conditions.append(
            or_(
                func.lower(School.name).like(f"%{pattern}%", escape="\\"),
                School.urn.like(f"{pattern}%", escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count(School.id)).where(*conditions)) or 0
    page = max(1, page)
    stmt = (
        select(School)
        .where(*conditions)
        .order_by(School.name, School.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return SchoolPage(list(db.session.scalars(stmt)), total, page, per_page)


def list_schools(la: LocalAuthority) -> list[School]:
    return list(db.session.scalars(select(School).where(School.la_id == la.id).order_by(School.name)))


def get_school(la: LocalAuthority, school_id: int) -> School:
    if not 0 < school_id <= MAX_ID:  # an id typed into a form may be any number
        raise NotFound()
    school = db.session.scalar(select(School).where(School.id == school_id, School.la_id == la.id))
    if school is None:
        raise NotFound()
    return school


def urn_taken(la: LocalAuthority, urn: str, except_school_id: int | None = None) -> bool:
    stmt = select(School.id).where(School.la_id == la.id, School.urn == urn)
    if except_school_id is not None:
        stmt = stmt.where(School.id != except_school_id)
    return db.session.scalar(stmt) is not None


def existing_urns(la: LocalAuthority, urns: set[str]) -> set[str]:
    if not urns:
        return set()
    stmt = select(School.urn).where(School.la_id == la.id, School.urn.in_(urns))
    return set(db.session.scalars(stmt))


URN_TAKEN = "A school with this URN is already in this local authority"


def create_school(la: LocalAuthority, data: SchoolData) -> School:
    if urn_taken(la, data.urn):
        raise Invalid({"urn": URN_TAKEN})
    school = School(la_id=la.id, **data.__dict__)
    db.session.add(school)
    db.session.flush()
    audit.record(la, CoreAction.SCHOOL_CREATED, school, **data.__dict__)
    return school


def update_school(la: LocalAuthority, school: School, data: SchoolData, version: int) -> School:
    """Raises EditConflict when someone else saved the school since `version`."""
    expect_version(school, version)
    if urn_taken(la, data.urn, except_school_id=school.id):
        raise Invalid({"urn": URN_TAKEN})
    changes = {
        field: {"from": getattr(school, field), "to": value}
        for field, value in data.__dict__.items()
        if getattr(school, field) != value
    }
    for field, value in data.__dict__.items():
        setattr(school, field, value)
    flush_or_conflict()
    if changes:
        audit.record(la, CoreAction.SCHOOL_UPDATED, school, **changes)
    if "phase" in changes:
        features.schools_changed(la.id)
    return school


def import_schools(la: LocalAuthority, rows: list[SchoolData]) -> list[School]:
    schools = [School(la_id=la.id, **row.__dict__) for row in rows]
    db.session.add_all(schools)
    db.session.flush()
    audit.record(la, CoreAction.SCHOOLS_IMPORTED, la, count=len(schools), urns=[s.urn for s in schools])
    return schools


GIAS = "Get Information about Schools"


def apply_import_plan(la: LocalAuthority, to_add: list[SchoolData], to_change: list,
                      counts: dict[str, int], source: str = GIAS) -> list[School]:
    """Add and change the schools a checked file said to, as it said. `to_change` holds what the
    preview saw (school_id, version, old, new). Raises Invalid (nothing saved) when a school was
    added, changed or removed here since the file was checked."""
    taken = existing_urns(la, {data.urn for data in to_add})
    problems = [f"A school with URN {data.urn} has been added here since the file was checked"
                for data in to_add if data.urn in taken]
    ids = [change.school_id for change in to_change]
    schools = {s.id: s for s in db.session.scalars(
        select(School).where(School.la_id == la.id, School.id.in_(ids)))} if ids else {}
    for change in to_change:
        school = schools.get(change.school_id)
        if school is None:
            problems.append(f"The school with URN {change.old.urn} has been removed since the file was checked")
        elif school.version != change.version:
            problems.append(f"{school.name} has been changed since the file was checked")
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise Invalid({"file": f"{shown}. Nothing has been imported: upload the file again to see "
                               "what it would change now"})
    added = [School(la_id=la.id, **data.__dict__) for data in to_add]
    db.session.add_all(added)
    for change in to_change:
        school = schools[change.school_id]
        details = {f: {"from": getattr(change.old, f), "to": getattr(change.new, f)}
                   for f in ("name", "phase", "school_type") if getattr(change.old, f) != getattr(change.new, f)}
        for f, values in details.items():
            setattr(school, f, values["to"])
        audit.record(la, CoreAction.SCHOOL_UPDATED, school, source=source, **details)
    flush_or_conflict()
    if any(change.old.phase != change.new.phase for change in to_change):
        features.schools_changed(la.id)
    audit.record(la, CoreAction.SCHOOLS_IMPORTED, la, source=source, count=len(added), **counts,
                 urns=[s.urn for s in added])
    return added


def delete_school(la: LocalAuthority, school: School) -> None:
    audit.record(la, CoreAction.SCHOOL_DELETED, school, urn=school.urn, name=school.name)
    db.session.delete(school)
    db.session.flush()
    features.schools_changed(la.id)
