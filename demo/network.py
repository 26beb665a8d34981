"""Two more fictional local authorities that share their figures with the programme network, so
that the analyst's anonymised benchmarks have the three LAs behind each figure they need
(dashboards/benchmarks.py). Each has a small cohort last year and this year, every school's
self-evaluation submitted; nobody signs in to them in the demo."""

from datetime import timedelta
from random import Random

from app.db import utcnow
from app.interfaces import cohorts, local_authorities, schools
from app.interfaces.schools import SchoolData
from app.models import Phase, SchoolType

SHARING_LAS = {
    ("Westhaven City Council", "westhaven", "992"): [
        ("992101", "Harbourside Primary School", Phase.PRIMARY, SchoolType.COMMUNITY),
        ("992102", "St Brendan's Catholic Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_AIDED),
        ("992103", "Westhaven Academy", Phase.SECONDARY, SchoolType.ACADEMY),
    ],
    ("Fenmoor District Council", "fenmoor", "993"): [
        ("993101", "Reedbank Primary School", Phase.PRIMARY, SchoolType.COMMUNITY),
        ("993102", "Fenmoor Church of England Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_CONTROLLED),
        ("993103", "Marshgate High School", Phase.SECONDARY, SchoolType.FOUNDATION),
    ],
}


def seed(year: int) -> int:
    """The LAs, their schools and two years of submitted self-evaluations; returns how many."""
    from demo import self_evaluations as selfeval_demo
    from selfeval import interfaces as selfeval

    made = 0
    for (name, slug, code), rows in SHARING_LAS.items():
        la = local_authorities.create_la(name, slug, code)
        local_authorities.set_benchmark_sharing(la, True, la.version)
        created = schools.import_schools(la, [SchoolData(*row) for row in rows])
        for start_year, offset, when in ((year - 1, -0.4, utcnow() - timedelta(days=365)), (year, 0.0, None)):
            cohort = cohorts.create_cohort(la, start_year, created)
            for school in created:
                evaluation = selfeval.start(la, school, cohort, None)
                selfeval_demo.answer_areas(la, evaluation, school.urn, Random(int(school.urn) + start_year),
                                           areas=8, year_offset=offset)
                selfeval_demo.submit(la, evaluation, None, when)
                made += 1
    return made
