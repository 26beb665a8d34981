"""The national-scale data (`flask seed-scale`) beside an installation's own LAs: years of the
programme for the scale LAs only, the others left as they were."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cohort, LocalAuthority, School
from demo import scale

pytestmark = pytest.mark.one_database


def test_seed_programme_gives_each_scale_la_its_years_and_leaves_other_las_alone(app):
    from app.interfaces import local_authorities

    local_authorities.create_la("Northmere Borough Council", "northmere", "990")
    local_authorities.create_la("Eastbrook County Council", "eastbrook", "991")
    own_las = {la.id: la.shares_benchmarks for la in db.session.scalars(select(LocalAuthority))}
    scale.seed(las=2, schools=12, password="scale-test-password")
    totals = scale.seed_programme(2026, years=3)

    scale_las = list(db.session.scalars(select(LocalAuthority.id).where(LocalAuthority.slug.like("scale-%"))))
    assert len(scale_las) == 2
    years = db.session.execute(select(Cohort.la_id, func.count(), func.min(Cohort.start_year),
                                      func.max(Cohort.start_year)).group_by(Cohort.la_id)).all()
    assert {la: (n, low, high) for la, n, low, high in years if la in scale_las} == {
        la: (3, 2024, 2026) for la in scale_las}
    assert not db.session.scalar(select(func.count(Cohort.id)).where(Cohort.la_id.in_(list(own_las))))
    assert {la.id: la.shares_benchmarks for la in db.session.scalars(
        select(LocalAuthority).where(LocalAuthority.id.in_(list(own_las))))} == own_las
    assert totals["self_evaluations"] == 3 * db.session.scalar(
        select(func.count(School.id)).where(School.la_id.in_(scale_las)))
