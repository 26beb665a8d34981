from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified
from werkzeug.exceptions import NotFound

from app import features
from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import (
    Cohort,
    CohortSchool,
    LocalAuthority,
    Milestone,
    School,
    academic_year_label,
    current_cohort,
)
from app.models.audit import CoreAction


def list_cohorts(la: LocalAuthority) -> list[Cohort]:
    stmt = select(Cohort).where(Cohort.la_id == la.id).order_by(Cohort.start_year.desc())
    return list(db.session.scalars(stmt))


class SchoolName(NamedTuple):
    id: int
    la_id: int
    name: str


def school_names(la: LocalAuthority, cohort: Cohort) -> dict[int, SchoolName]:
    """School id -> the school's id, LA and name, for every school of the cohort, in one query:
    for pages that name the cohort's schools without needing the schools themselves."""
    stmt = (select(School.id, School.la_id, School.name)
            .join(CohortSchool, CohortSchool.school_id == School.id)
            .where(CohortSchool.la_id == la.id, CohortSchool.cohort_id == cohort.id))
    return {row.id: SchoolName(*row) for row in db.session.execute(stmt)}


def school_counts(la: LocalAuthority) -> dict[int, int]:
    """How many schools each of the LA's cohorts has, in one grouped query (not by loading them)."""
    stmt = (select(CohortSchool.cohort_id, func.count()).where(CohortSchool.la_id == la.id)
            .group_by(CohortSchool.cohort_id))
    return {cohort_id: int(n) for cohort_id, n in db.session.execute(stmt)}


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
        raise Invalid(errors)
    cohort = Cohort(la_id=la.id, start_year=start_year,
                    name=name or f"Peer review {academic_year_label(start_year)}")
    cohort.members = [CohortSchool(la_id=la.id, school_id=s.id) for s in schools]
    db.session.add(cohort)
    db.session.flush()
    audit.record(la, CoreAction.COHORT_CREATED, cohort, start_year=start_year,
                 schools=[s.id for s in schools])
    return cohort


def update_cohort(la: LocalAuthority, cohort: Cohort, name: str, schools: list[School],
                  version: int | None) -> Cohort:
    """Rename a cohort and change its schools. A school in one of the cohort's triads stays."""
    expect_version(cohort, version)
    wanted = {s.id: s for s in schools if s.la_id == la.id}
    current = {m.school_id: m.school for m in cohort.members}
    removed = [current[sid] for sid in current if sid not in wanted]
    # Triads are asked through the core's extension point: the core may not import them.
    in_triads = features.triads().triad_names_by_school(cohort)
    blocked = sorted((s for s in removed if s.id in in_triads), key=lambda s: s.name)
    if blocked:
        raise Invalid({"schools": "; ".join(
            f"{s.name} is in the triad {in_triads[s.id]}: take it out of the triad before you "
            "remove it from the cohort" for s in blocked)})
    if not wanted:
        raise Invalid({"schools": "Select at least one school"})
    added = [sid for sid in wanted if sid not in current]
    before = {"name": cohort.name, "schools": sorted(current)}
    cohort.members = [m for m in cohort.members if m.school_id in wanted] + [
        CohortSchool(la_id=la.id, school_id=sid) for sid in added]
    cohort.name = name
    # Always write the cohort row, so a change of schools alone still moves its version on.
    cohort.updated_at = utcnow()
    flag_modified(cohort, "updated_at")  # even when the clock reads the same
    flush_or_conflict()
    audit.record(la, CoreAction.COHORT_UPDATED, cohort, before=before,
                 after={"name": name, "schools": sorted(wanted)})
    return cohort


def copy_cohort(la: LocalAuthority, source: Cohort, new_schools: list[School],
                name: str | None = None) -> Cohort:
    """Next year's cohort: every school of `source` plus `new_schools`. Its triads are copied
    afterwards, in the same request, by `features.triads().copy_triads`."""
    schools = [m.school for m in source.members] + list(new_schools)
    cohort = create_cohort(la, source.start_year + 1, schools, name)
    audit.record(la, CoreAction.COHORT_COPIED, cohort, source=source.id,
                 added=[s.id for s in new_schools])
    return cohort


# --- the cohort's timetable ----------------------------------------------------------------------

# The programme's order: each milestone is expected on or after the ones before it. Only a warning
# (an LA may hold meeting 2 before the QA window opens, say); the QA window's ends are a rule.
PROGRAMME_ORDER = [Milestone.LAUNCH, Milestone.SELF_EVALUATION_DUE, Milestone.MEETING_1,
                   Milestone.PLAN_SIGNED_OFF, Milestone.MEETING_2, Milestone.MEETING_3,
                   Milestone.CELEBRATION]


def timetable_warnings(dates: dict[Milestone, date]) -> list[str]:
    """Dates out of the programme's usual order, in words, for the lead to check."""
    warnings = []
    for earlier, later in zip(PROGRAMME_ORDER, PROGRAMME_ORDER[1:], strict=False):
        if dates[later] < dates[earlier]:
            warnings.append(f"{later.label} ({_words(dates[later])}) is before "
                            f"{earlier.label.lower()} ({_words(dates[earlier])})")
    return warnings


def _words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def set_timetable(la: LocalAuthority, cohort: Cohort, dates: dict[Milestone, date],
                  version: int | None) -> list[Milestone]:
    """Set the cohort's dates. A date equal to the programme's default is stored as no date of
    the lead's own, so it follows the default. Returns the milestones whose date changed."""
    if cohort.la_id != la.id:
        raise NotFound()
    expect_version(cohort, version)
    first, last = cohort.bounds
    errors = {}
    for milestone in Milestone:
        day = dates.get(milestone)
        if day is None:
            errors[milestone.value] = f"Enter the date for ‘{milestone.label}’"
        elif not first <= day <= last:
            errors[milestone.value] = (f"{milestone.label} must be in the {cohort.academic_year} "
                                       f"academic year, between {_words(first)} and {_words(last)}")
    if not errors and dates[Milestone.QA_VISITS_TO] < dates[Milestone.QA_VISITS_FROM]:
        errors[Milestone.QA_VISITS_TO.value] = (
            f"QA visits by must be the same as or after QA visits from ({_words(dates[Milestone.QA_VISITS_FROM])})")
    if errors:
        raise Invalid(errors)
    before = cohort.timetable
    changed = [m for m in Milestone if dates[m] != before[m]]
    for milestone in Milestone:
        default = milestone.default_for(cohort.start_year)
        setattr(cohort, milestone.value, None if dates[milestone] == default else dates[milestone])
    # Write the row even when nothing changed, so the version moves on and a stale form conflicts.
    cohort.updated_at = utcnow()
    flag_modified(cohort, "updated_at")
    flush_or_conflict()
    if changed:
        audit.record(la, CoreAction.COHORT_TIMETABLE_CHANGED, cohort, **{
            m.value: {"from": before[m].isoformat(), "to": dates[m].isoformat()} for m in changed})
    return changed


def choose_cohort(choices: Sequence[Cohort], wanted: str | None) -> Cohort | None:
    """The cohort a page opens on: the one chosen (`?cohort=<id>`) if it is among `choices`, else
    the one running today (`current_cohort`), never simply the newest: next year's copy, made in
    December, must not take this year's place."""
    return next((c for c in choices if str(c.id) == (wanted or "")), None) or current_cohort(choices)
