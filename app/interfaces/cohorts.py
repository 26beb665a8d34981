from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.interfaces import audit
from app.models import Cohort, CohortSchool, LocalAuthority, School, academic_year_label


def list_cohorts(la: LocalAuthority) -> list[Cohort]:
    stmt = select(Cohort).where(Cohort.la_id == la.id).order_by(Cohort.start_year.desc())
    return list(db.session.scalars(stmt))


def get_cohort(la: LocalAuthority, cohort_id: int) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.id == cohort_id, Cohort.la_id == la.id))
    if cohort is None:
        raise NotFound()
    return cohort


def cohorts_of_school(la: LocalAuthority, school_id: int) -> list[Cohort]:
    stmt = (
        select(Cohort)
        .join(CohortSchool, CohortSchool.cohort_id == Cohort.id)
        .where(Cohort.la_id == la.id, CohortSchool.school_id == school_id)
        .order_by(Cohort.start_year.desc())
    )
    return list(db.session.scalars(stmt))


def create_cohort(la: LocalAuthority, start_year: int, schools: list[School],
                  name: str | None = None) -> Cohort:
    cohort = Cohort(la_id=la.id, start_year=start_year,
                    name=name or f"Peer review {academic_year_label(start_year)}")
    cohort.members = [CohortSchool(la_id=la.id, school_id=s.id) for s in schools if s.la_id == la.id]
    db.session.add(cohort)
    db.session.flush()
    audit.record(la, "cohort.created", cohort, start_year=start_year,
                 schools=[s.id for s in schools])
    return cohort
