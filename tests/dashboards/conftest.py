"""A small cohort with known answers, built through the interfaces.

LA A, 2025/26 (`today` is 20 November 2025), after a 2024/25 cohort:

    North triad: School A One, School A Two (coach), School A Three
    South triad: School A Four (coach), School A Five, School A Six

This year One, Two, Four and Six have submitted; Three is in progress (last year's answers carried
forward, so it holds levels that must not show); Five has not started. Last year One and Two
submitted, Three did not finish. North's first meeting was on 1 October 2025, South's is on
1 December 2025. One has a plan with two priorities and three actions, and a final QA report.
"""

from dataclasses import dataclass
from datetime import date

from app.extensions import db
from app.interfaces import cohorts
from app.models import Cohort, LocalAuthority, Role, School
from selfeval import interfaces as selfeval
from tests.conftest import shared_fixture
from triads import interfaces as triads
from triads.interfaces import plans, visits
from triads.models import Triad
from triads.types import ActionStatus

YEAR = 2025
TODAY = date(2025, 11, 20)
AREAS = ["outcomes", "leadership", "teaching", "pupils-parents", "identification", "monitoring",
         "resources", "provision"]

# This year's judgement of each area, in AREAS order.
LEVELS = {
    "one": [3, 4, 3, 4, 3, 2, 2, 3],
    "two": [4, 4, 4, 4, 4, 3, 3, 4],
    "four": [2, 3, 2, 3, 3, 1, 1, 2],
    "six": [3, 3, 2, 4, 2, 1, 2, 3],
}
LAST_YEAR = {
    "one": [2, 4, 3, 3, 3, 2, 1, 3],
    "two": [4, 4, 4, 4, 4, 3, 3, 3],
}


def answer(la: LocalAuthority, evaluation, levels: list[int], evidence: str = "Seen in minutes",
           complete: bool = True) -> None:
    """Every statement of an area rated at the area's level, with an evidence note."""
    variant = selfeval.variant_of(evaluation)
    for area, level in zip(variant.areas, levels, strict=False):
        saved = selfeval.area_response(evaluation, area.id)
        selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
            ratings={s.id: (level, evidence if n == 0 else "") for n, s in enumerate(area.statements)},
            judgement=level, rationale="Because", strengths="", development="", completed=complete,
        ), saved.version if saved else 0)


def submitted(la, school, cohort, user, levels) -> None:
    evaluation = selfeval.start(la, school, cohort, user)
    answer(la, evaluation, levels)
    selfeval.submit(la, evaluation, user, evaluation.version)


@dataclass
class Cohorts:
    la: LocalAuthority
    cohort: Cohort
    previous: Cohort
    schools: dict[str, School]
    north: Triad
    south: Triad

    @property
    def base(self) -> str:
        return f"/la/{self.la.slug}/dashboards/cohorts/{self.cohort.id}"


@shared_fixture
def built(world, make) -> Cohorts:
    a = world["a"]
    la = a["la"]
    selfeval.load_bundled_frameworks()
    schools = {"one": a["school"], "two": a["other_school"]}
    for key in ("three", "four", "five", "six"):
        schools[key] = make.school(la, name=f"School A {key.title()}")
    sencos = {key: make.user(Role.SENCO, school=school) for key, school in schools.items()}
    previous = cohorts.create_cohort(la, YEAR - 1, [schools[k] for k in ("one", "two", "three")])
    cohort = cohorts.create_cohort(la, YEAR, list(schools.values()))
    for key, levels in LAST_YEAR.items():
        submitted(la, schools[key], previous, sencos[key], levels)
    answer(la, selfeval.start(la, schools["three"], previous, sencos["three"]), [1, 1, 1],
           complete=False)
    for key, levels in LEVELS.items():
        submitted(la, schools[key], cohort, sencos[key], levels)
    one = selfeval.find_self_evaluation(la, schools["one"].id, cohort.id)
    selfeval.add_evidence(la, selfeval.area_response(one, "leadership"), None, "minutes.txt",
                          "text/plain", b"Minutes", sencos["one"])
    # Carried forward from last year: the draft holds levels 1, 1, 1 that are not this year's.
    selfeval.start(la, schools["three"], cohort, sencos["three"])

    north = triads.create_triad(la, cohort, "North", [schools[k].id for k in ("one", "two", "three")],
                                schools["two"].id)
    south = triads.create_triad(la, cohort, "South", [schools[k].id for k in ("four", "five", "six")],
                                schools["four"].id)
    for triad, held_on in ((north, date(2025, 10, 1)), (south, date(2025, 12, 1))):
        meeting = triads.list_meetings(la, triad)[0]
        triads.update_meeting(la, cohort, triad, meeting, triads.MeetingDetails(
            held_on, None, [], "", "", "", "", "", False), set(), meeting.version)

    plan = plans.start_plan(la, schools["one"], cohort, sencos["one"], [])
    first = plans.save_priority(la, plan, None, plans.PriorityDetails(
        "monitoring", "Provision map shows impact", "", ["Termly review"]), set(AREAS), None)
    second = plans.save_priority(la, plan, None, plans.PriorityDetails(
        "resources", "Deploy TAs well", "", ["Observation"]), set(AREAS), None)
    for priority, description, status, due in (
        (first, "Review the provision map with SLT", ActionStatus.ON_TRACK, date(2026, 1, 10)),
        (first, "Train staff in tracking progress", ActionStatus.NOT_STARTED, date(2025, 11, 1)),
        (second, "Train teaching assistants", ActionStatus.DONE, date(2025, 10, 1)),
    ):
        plans.save_action(la, plan, cohort, priority, None, plans.ActionDetails(
            description, None, None, due, "", status), None)

    visits.assign_assurer(la, cohort, a["qa"].id)
    visit = visits.schedule_visit(la, cohort, a["qa"].id, date(2026, 3, 3), school_id=schools["one"].id)
    visits.record_visit(la, cohort, visit, visits.VisitReport(
        date(2026, 3, 3), True, "", ["monitoring"], "", "", "", "", "", visits.Rigour.RIGOROUS,
        "Evidence checked", []), set(AREAS), visit.version)
    visits.finalise(la, visit, visit.version)
    db.session.commit()
    return Cohorts(la, cohort, previous, schools, north, south)
