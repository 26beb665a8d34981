"""Demo QA visits for Northmere: finished visits last year, and this year one final report with the
school's response and a next step in its plan, one draft with the school's comment, one draft
waiting for it, one upcoming triad visit. Dates are worked out from today so the demo stays current."""

from datetime import date, time, timedelta

from app.db import utcnow
from app.models import Cohort, LocalAuthority, School, User
from selfeval import interfaces as selfeval
from triads import interfaces
from triads.interfaces import visits
from triads.interfaces.arrangements import Arrangement
from triads.types import Rigour

LAST_YEAR = [  # URN, judgement, reason
    ("990102", Rigour.RIGOROUS, "Views gathered from staff, parents and pupils; ratings checked "
                                "against the provision map."),
    ("990104", Rigour.DEVELOPING, "The self-evaluation was mostly the SENCO's own view; the plan "
                                  "has clear priorities."),
    ("990110", Rigour.HIGHLY_RIGOROUS, "Leaders and governors challenged the ratings with evidence "
                                       "at every step."),
]


def _report(held_on: date, rigour: Rigour | None, reason: str, steps: list[str],
            areas: list[str]) -> visits.VisitReport:
    return visits.VisitReport(
        held_on=held_on, headteacher_present=True,
        attendees="Headteacher, SENCO, the coach school's SENCO",
        focus_areas=areas,
        evidence_seen="Self-evaluation with staff and parent views, the provision map, minutes of "
                      "the triad meetings, the action plan.",
        working_well="SEND is led at a senior level and the triad meetings are honest and focused.",
        needs_to_change="The provision map does not yet show the impact of interventions.",
        challenge="How will leaders know that TA deployment is improving progress?",
        reassurance="The school's judgements match the evidence seen.",
        rigour=rigour, rigour_reason=reason, next_steps=steps,
    )


def _area_ids(la: LocalAuthority) -> set[str]:
    version = selfeval.current_framework(la)
    return {a.id for a in selfeval.framework_of(version).default_variant.areas} if version else set()


def seed(la: LocalAuthority, current: Cohort, previous: Cohort, by_urn: dict[str, School],
         sencos: dict[str, User], assurer: User) -> dict[str, int]:
    today = utcnow().date()
    areas = _area_ids(la)
    for cohort in (previous, current):
        visits.assign_assurer(la, cohort, assurer.id)
    finished = 0

    start, _ = previous.bounds
    for n, (urn, rigour, reason) in enumerate(LAST_YEAR):
        held = start + timedelta(days=150 + 14 * n)
        visit = visits.schedule_visit(la, previous, assurer.id, held, school_id=by_urn[urn].id)
        visits.record_visit(la, previous, visit, _report(
            held, rigour, reason, ["Add impact measures to the provision map"], ["monitoring"]),
            areas, visit.version)
        visits.finalise(la, visit, visit.version)
        finished += 1

    start, end = current.bounds
    # Castle Lane: final, with the school's response and a next step already in its plan.
    held = max(start, today - timedelta(days=21))
    castle = visits.schedule_visit(la, current, assurer.id, held, school_id=by_urn["990102"].id)
    visits.record_visit(la, current, castle, _report(
        held, Rigour.RIGOROUS, "Every rating was backed by evidence from several voices.",
        ["Link each intervention on the provision map to a progress measure",
         "Share the TA training programme with the triad"], ["monitoring", "resources"]),
        areas, castle.version)
    visits.finalise(la, castle, castle.version)
    visits.respond(la, castle, "We agree with the report. The provision map work starts next "
                   "half-term, led by the SENCO and the deputy head.", castle.version)
    visits.step_to_action(la, current, castle, castle.next_steps[0], by_urn["990102"].id)
    finished += 1

    # Beacon Hill: a draft report the school has commented on.
    held = max(start, today - timedelta(days=5))
    beacon = visits.schedule_visit(la, current, assurer.id, held, school_id=by_urn["990104"].id)
    visits.record_visit(la, current, beacon, _report(
        held, Rigour.DEVELOPING, "Parents' and pupils' views are not yet part of the evaluation.",
        ["Gather pupil views before the next triad meeting"], ["pupils-parents"]), areas, beacon.version)
    visits.add_comment(la, beacon, "Thank you. We ran a parent survey in October; could the "
                       "report mention it?", sencos["990104"])

    # Harbour View: a draft report waiting for the school's comment.
    held = max(start, today - timedelta(days=2))
    harbour = visits.schedule_visit(la, current, assurer.id, held, school_id=by_urn["990105"].id)
    visits.record_visit(la, current, harbour, _report(
        held, Rigour.DEVELOPING, "The plan's priorities do not yet follow from the self-evaluation.",
        ["Link each priority to an area for development"], ["leadership"]), areas, harbour.version)

    # Elmfield triad: the next visit, still to come.
    elmfield = next(t for t in interfaces.list_triads(la, current) if t.name == "Elmfield triad")
    visits.schedule_visit(la, current, assurer.id, min(end, today + timedelta(days=21)),
                          triad_id=elmfield.id, arrangement=Arrangement(
                              time(9, 30), time(15, 0), "Elmfield Special School, meeting room 2", ""))
    return {"qa_visits": len(LAST_YEAR) + 4, "qa_visits_finished": finished}
