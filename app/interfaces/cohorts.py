from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, concurrency
from app.models import Cohort, CohortSchool, LocalAuthority, School, academic_year_label


class CohortInvalid(ValueError):
    """Input refused, with a message per form field ('start_year', 'schools')."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# Triads live in a package the core may not import. It registers a lookup here instead, telling
# which schools of a cohort are in one of its triads (school id -> triad name), so that a school
# cannot leave a cohort while a triad of that cohort still counts on it.
TriadNames = Callable[[Cohort], dict[int, str]]
_triad_names: TriadNames = lambda cohort: {}  # noqa: E731


def register_triad_names(lookup: TriadNames) -> None:
    global _triad_names
    _triad_names = lookup


def list_cohorts(la: LocalAuthority) -> list[Cohort]:
    stmt = select(Cohort).where(Cohort.la_id == la.id).order_by(Cohort.start_year.desc())
    return list(db.session.scalars(stmt))


def get_cohort(la: LocalAuthority, cohort_id: int) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id, Cohort.la_id == la.id))
    if cohort is None:
        raise NotFound()
    return cohort


def cohort_for_year(la: LocalAuthority, start_year: int) -> Cohort | None:
    return db.session.scalar(select(Cohort).where(Cohort.la_id == la.id, Cohort.start_year == start_year))


def cohorts_of_school(la: LocalAuthority, school_id: int) -> list[Cohort]:
    stmt = (
        select(Cohort)
        .join(CohortSchool, CohortSchool.cohort_id == Cohort.id)
        .where(Cohort.la_id == la.id, CohortSchool.school_id == school_id)
        .order_by(Cohort.start_year.desc())
    )
    return list(db.session.scalars(stmt))


def cohort_schools(cohort: Cohort) -> list[School]:
    """The cohort's schools by name."""
    return sorted((m.school for m in cohort.members), key=lambda s: (s.name, s.id))


def _year_taken_message(start_year: int) -> str:
    return f"There is already a cohort for {academic_year_label(start_year)}"


def create_cohort(la: LocalAuthority, start_year: int, schools: list[School],
                  name: str | None = None) -> Cohort:
    schools = [s for s in dict.fromkeys(schools) if s.la_id == la.id]
    errors = {}
    if cohort_for_year(la, start_year) is not None:
        errors["start_year"] = _year_taken_message(start_year)
    if not schools:
        errors["schools"] = "Select at least one school"
    if errors:
        raise CohortInvalid(errors)
    cohort = Cohort(la_id=la.id, start_year=start_year,
                    name=name or f"Peer review {academic_year_label(start_year)}")
    cohort.members = [CohortSchool(la_id=la.id, school_id=s.id) for s in schools]
    db.session.add(cohort)
    db.session.flush()
    audit.record(la, "cohort.created", cohort, start_year=start_year,
                 schools=[s.id for s in schools])
    return cohort


def update_cohort(la: LocalAuthority, cohort: Cohort, name: str, schools: list[School],
                  version: int | None) -> Cohort:
    """Rename a cohort and change its schools. A school in one of the cohort's triads stays."""
    concurrency.expect_version(cohort, version)
    wanted = {s.id: s for s in schools if s.la_id == la.id}
    current = {m.school_id: m.school for m in cohort.members}
    removed = [current[sid] for sid in current if sid not in wanted]
    in_triads = _triad_names(cohort)
    blocked = sorted((s for s in removed if s.id in in_triads), key=lambda s: s.name)
    if blocked:
        raise CohortInvalid({"schools": "; ".join(
            f"{s.name} is in the triad {in_triads[s.id]}: take it out of the triad before you "
            "remove it from the cohort" for s in blocked)})
    if not wanted:
        raise CohortInvalid({"schools": "Select at least one school"})
    added = [sid for sid in wanted if sid not in current]
    before = {"name": cohort.name, "schools": sorted(current)}
    cohort.members = [m for m in cohort.members if m.school_id in wanted] + [
        CohortSchool(la_id=la.id, school_id=sid) for sid in added]
    cohort.name = name
    # Always write the cohort row, so a change of schools alone still moves its version on.
    cohort.updated_at = utcnow()
    flag_modified(cohort, "updated_at")  # even when the clock reads the same
    concurrency.flush()
    audit.record(la, "cohort.updated", cohort, before=before,
                 after={"name": name, "schools": sorted(wanted)})
    return cohort


def copy_cohort(la: LocalAuthority, source: Cohort, new_schools: list[School],
                name: str | None = None) -> Cohort:
    """Next year's cohort: every school of `source` plus `new_schools`. Triads are copied by the
    triads package (triads.interfaces.copy_triads), in the same request."""
    schools = [m.school for m in source.members] + list(new_schools)
    cohort = create_cohort(la, source.start_year + 1, schools, name)
    audit.record(la, "cohort.copied", cohort, source=source.id,
                 added=[s.id for s in new_schools])
    return cohort
