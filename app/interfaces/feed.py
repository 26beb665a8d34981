"""The core's rows for the data feed: an LA's schools and cohorts, a page at a time, in id order
(ids never change, so a report paging through while someone renames a school misses nothing)."""

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models import Cohort, CohortSchool, LocalAuthority, School


def schools_page(la: LocalAuthority, offset: int, limit: int) -> tuple[list[School], int]:
    total = db.session.scalar(select(func.count(School.id)).where(School.la_id == la.id)) or 0
    rows = db.session.scalars(select(School).where(School.la_id == la.id).order_by(School.id)
                              .offset(offset).limit(limit))
    return list(rows), total


def cohorts_page(la: LocalAuthority, offset: int, limit: int) -> tuple[list[tuple[Cohort, int]], int]:
    """The LA's cohorts, oldest first, each with its number of schools."""
    total = db.session.scalar(select(func.count(Cohort.id)).where(Cohort.la_id == la.id)) or 0
    schools = (select(func.count(CohortSchool.id)).where(CohortSchool.cohort_id == Cohort.id)
               .correlate(Cohort).scalar_subquery())
    stmt = (select(Cohort, schools).options(lazyload(Cohort.members)).where(Cohort.la_id == la.id)
            .order_by(Cohort.start_year, Cohort.id).offset(offset).limit(limit))
    return [(cohort, int(count)) for cohort, count in db.session.execute(stmt)], total


def get_cohort(la: LocalAuthority, cohort_id: int) -> Cohort:
    """The cohort, without its schools: most resources never read them (a resource that does
    loads them on first use)."""
    cohort = db.session.scalar(select(Cohort).options(lazyload(Cohort.members))
                               .where(Cohort.id == cohort_id, Cohort.la_id == la.id))
    if cohort is None:
        raise NotFound()
    return cohort
