from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import LocalAuthority, School
from app.models.audit import CoreAction


def get_la_by_slug(slug: str) -> LocalAuthority | None:
    return db.session.scalar(select(LocalAuthority).where(LocalAuthority.slug == slug))


def get_las_by_ids(ids: set[int]) -> list[LocalAuthority]:
    if not ids:
        return []
    stmt = select(LocalAuthority).where(LocalAuthority.id.in_(ids)).order_by(LocalAuthority.name)
    return list(db.session.scalars(stmt))


def list_las_with_school_counts() -> list[tuple[LocalAuthority, int]]:
    stmt = (
        select(LocalAuthority, func.count(School.id))
        .outerjoin(School, School.la_id == LocalAuthority.id)
        .group_by(LocalAuthority.id)
        .order_by(LocalAuthority.name)
    )
    return [(la, count) for la, count in db.session.execute(stmt)]


def clash(name: str, slug: str, code: str) -> dict[str, str]:
    """Which of the unique fields are taken already, as field name -> message."""
    errors = {}
    existing = db.session.scalars(
        select(LocalAuthority).where(
            (func.lower(LocalAuthority.name) == name.lower())
            | (LocalAuthority.slug == slug)
            | (LocalAuthority.code == code)
        )
    ).all()
    for la in existing:
        if la.name.lower() == name.lower():
            errors["name"] = "A local authority with this name already exists"
        if la.slug == slug:
            errors["slug"] = "This web address is already used by another local authority"
        if la.code == code:
            errors["code"] = "A local authority with this LA code already exists"
    return errors


def create_la(name: str, slug: str, code: str) -> LocalAuthority:
    la = LocalAuthority(name=name, slug=slug, code=code)
    db.session.add(la)
    db.session.flush()
    audit.record(la, CoreAction.LA_CREATED, la, name=name, slug=slug, code=code)
    return la


def get_la(la_id: int) -> LocalAuthority:
    la = db.session.get(LocalAuthority, la_id)
    if la is None:
        raise NotFound()
    return la


def update_la(la: LocalAuthority, name: str, code: str, version: int | None) -> LocalAuthority:
    """The platform administrator's change to an LA's name or LA code. Raises EditConflict when
    someone saved the LA since `version`, Invalid when another LA has the name or code."""
    expect_version(la, version)
    others = db.session.scalars(select(LocalAuthority).where(
        LocalAuthority.id != la.id,
        (func.lower(LocalAuthority.name) == name.lower()) | (LocalAuthority.code == code))).all()
    taken = {}
    for other in others:
        if other.name.lower() == name.lower():
            taken["name"] = "A local authority with this name already exists"
        if other.code == code:
            taken["code"] = "A local authority with this LA code already exists"
    if taken:
        raise Invalid(taken)
    changes = {field: {"from": getattr(la, field), "to": value}
               for field, value in (("name", name), ("code", code)) if getattr(la, field) != value}
    if not changes:
        return la
    la.name, la.code = name, code
    flush_or_conflict()
    audit.record(la, CoreAction.LA_UPDATED, la, **changes)
    return la


def set_benchmark_sharing(la: LocalAuthority, shares: bool, version: int | None) -> None:
    """The LA lead's choice to include the LA's figures, anonymised, in the programme benchmarks."""
    expect_version(la, version)
    if la.shares_benchmarks == shares:
        return
    la.shares_benchmarks = shares
    flush_or_conflict()
    audit.record(la, CoreAction.LA_BENCHMARK_SHARING_CHANGED, la, shares=shares)


def sharing_las() -> list[LocalAuthority]:
    return list(db.session.scalars(select(LocalAuthority).where(LocalAuthority.shares_benchmarks.is_(True))
                                   .order_by(LocalAuthority.id)))
