"""Demo self-evaluations in every state, with fictional answers shaped like real cohorts:
pupils' involvement, senior leadership and identification rate high; provision maps, use of data
and deployment of teaching assistants rate low."""

import random

from app.db import utcnow
from app.extensions import db
from app.models import Cohort, LocalAuthority, School, User
from selfeval import interfaces
from selfeval.types import SelfEvaluationStatus, VoiceKind

AREA_BIAS = {
    "pupils-parents": 0.6, "leadership": 0.5, "identification": 0.4, "teaching": 0.0,
    "outcomes": -0.1, "provision": 0.1, "monitoring": -0.7, "resources": -0.6,
}
STRONG_SCHOOLS = {"990101", "990104", "990107", "990110"}  # the coach schools


def _rating(rng: random.Random, urn: str, area_id: str, year_offset: float) -> int:
    base = 2.9 if urn in STRONG_SCHOOLS else 2.1
    value = base + AREA_BIAS.get(area_id, 0) + year_offset + rng.uniform(-0.8, 0.8)
    return max(1, min(4, round(value)))


def answer_areas(la: LocalAuthority, evaluation, urn: str, rng: random.Random, areas: int,
                 year_offset: float = 0.0, completed: bool = True) -> None:
    variant = interfaces.variant_of(evaluation)
    for area in variant.areas[:areas]:
        ratings = {
            s.id: (_rating(rng, urn, area.id, year_offset), f"{s.evidence_prompts[0]}.")
            for s in area.statements
        }
        values = [r for r, _ in ratings.values()]
        judgement = max(1, min(4, round(sum(values) / len(values))))
        response = interfaces.area_response(evaluation, area.id)
        interfaces.save_area(la, evaluation, area, interfaces.AreaAnswers(
            ratings=ratings, judgement=judgement,
            rationale=f"Our judgement draws on the statement ratings and the evidence noted for {area.title.lower()}.",
            strengths="Leaders know this area well and staff are confident." if judgement >= 3 else "",
            development="We need to make this consistent across every class." if judgement <= 2 else "",
            completed=completed,
        ), response.version if response else 0)


def submit(la: LocalAuthority, evaluation, senco: User | None, when=None) -> None:
    evaluation.status = SelfEvaluationStatus.SUBMITTED
    evaluation.submitted_at = when or utcnow()
    evaluation.submitted_by_id = senco.id if senco else None
    db.session.flush()


def seed(la: LocalAuthority, previous: Cohort, current: Cohort, schools: dict[str, School],
         sencos: dict[str, User], plan: dict[str, str]) -> dict[str, int]:
    """`plan` maps URN -> state this year: not-started, in-progress, complete (every area done,
    not yet submitted), submitted."""
    rng = random.Random(2026)
    counts = {"previous year": 0, "this year": 0}
    # Last year: every school of last year's cohort submitted.
    for member in previous.members:
        school = schools[member.school_id]
        evaluation = interfaces.start(la, school, previous, sencos.get(school.urn))
        answer_areas(la, evaluation, school.urn, rng, areas=8, year_offset=-0.4)
        submit(la, evaluation, sencos.get(school.urn))
        counts["previous year"] += 1
    for urn, state in plan.items():
        school = next(s for s in schools.values() if s.urn == urn)
        if state == "not-started":
            continue
        evaluation = interfaces.start(la, school, current, sencos.get(urn))
        counts["this year"] += 1
        if state in ("submitted", "complete"):
            answer_areas(la, evaluation, urn, rng, areas=8)
            if state == "submitted":
                submit(la, evaluation, sencos.get(urn))
        else:
            answer_areas(la, evaluation, urn, rng, areas=3)
    return counts


def seed_voices(la: LocalAuthority, evaluation, head_name: str, senco: User) -> int:
    """The headteacher's view, three parents and two pupils, each kept separately."""
    rng = random.Random(7)
    variant = interfaces.variant_of(evaluation)
    areas = [a.id for a in variant.areas]
    answered = 0
    first_area = interfaces.area_response(evaluation, variant.areas[0].id)
    interfaces.add_evidence(la, first_area, None, "pupil-progress-summary.txt", "text/plain",
                            b"Summary of SEND pupils' progress this term (no names).", senco)
    head = interfaces.create_voice_invitation(la, evaluation, VoiceKind.HEADTEACHER, areas,
                                              "head@ashgrove.example", head_name, senco)
    interfaces.record_voice(head, {
        s.id: (max(1, min(4, round(2.6 + AREA_BIAS.get(a.id, 0) + rng.uniform(-0.6, 0.9)))), "")
        for a in variant.areas for s in a.statements
    }, head_name)
    answered += 1
    parents = interfaces.create_voice_invitation(la, evaluation, VoiceKind.PARENT,
                                                 ["pupils-parents", "provision"], None, None, senco)
    for comment in ("Meetings about my child's support happen every term.", "",
                    "I would like to hear more about how the support is working."):
        interfaces.record_voice(parents, {
            s.id: (rng.randint(2, 4), comment if i == 0 else "")
            for i, s in enumerate(variant.area("pupils-parents").statements + variant.area("provision").statements)
        }, None)
        answered += 1
    pupils = interfaces.create_voice_invitation(la, evaluation, VoiceKind.PUPIL, ["pupils-parents"],
                                                None, None, senco)
    for _ in range(2):
        interfaces.record_voice(pupils, {
            s.id: (rng.randint(2, 4), "") for s in variant.area("pupils-parents").statements
            if s.pupil_text
        }, None)
        answered += 1
    return answered
