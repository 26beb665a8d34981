"""National-scale fictional data for benchmarks: about 150 LAs and 20,000 schools."""

import random

from sqlalchemy import insert

from app.db import utcnow
from app.extensions import db
from app.models import LocalAuthority, Phase, Role, RoleAssignment, School, SchoolType, User
from app.passwords import hash_password

PHASE_WEIGHTS = {
    Phase.PRIMARY: 70, Phase.SECONDARY: 15, Phase.SPECIAL: 6, Phase.NURSERY: 2,
    Phase.ALL_THROUGH: 3, Phase.ALTERNATIVE_PROVISION: 2, Phase.POST_16: 2,
}
WORDS = ["Oak", "Ash", "Brook", "Hill", "Meadow", "River", "Castle", "Green", "Park", "Vale",
         "Moor", "Field", "Lane", "Bridge", "Well", "Cross", "Grange", "Heath", "Ridge", "Wood"]
SCALE_SLUGS = "scale-%"  # the LAs seed() makes: a demo loaded beside them is left alone


def seed(las: int = 150, schools: int = 20000, password: str = "scale-password-2026",
         seed_value: int = 7) -> dict[str, int]:
    """Bulk inserts (no per-row ORM work), so 20,000 schools load in seconds."""
    rng = random.Random(seed_value)
    now = utcnow()
    db.session.execute(insert(LocalAuthority), [
        {"name": f"Scale Authority {n:03d}", "slug": f"scale-{n:03d}", "code": f"{100 + n:03d}",
         "created_at": now, "updated_at": now}
        for n in range(1, las + 1)
    ])
    la_ids = [la.id for la in db.session.query(LocalAuthority.id).filter(LocalAuthority.slug.like(SCALE_SLUGS))
              .order_by(LocalAuthority.id)]
    phases, weights = zip(*PHASE_WEIGHTS.items(), strict=True)
    rows = []
    for n in range(schools):
        phase = rng.choices(phases, weights)[0]
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {phase.label} School {n}"
        rows.append({
            "la_id": la_ids[n % len(la_ids)], "urn": f"{200000 + n:06d}", "name": name,
            "phase": phase, "school_type": SchoolType.SPECIAL_SCHOOL if phase is Phase.SPECIAL
            else rng.choice([SchoolType.ACADEMY, SchoolType.COMMUNITY, SchoolType.FOUNDATION]),
            "created_at": now, "updated_at": now,
        })
    db.session.execute(insert(School), rows)
    hashed = hash_password(password)
    db.session.execute(insert(User), [
        {"email": f"lead@scale-{n:03d}.example", "name": f"Lead {n:03d}", "password_hash": hashed,
         "session_key": f"scale-session-{n:03d}", "created_at": now, "updated_at": now}
        for n in range(1, las + 1)
    ])
    user_ids = [u.id for u in db.session.query(User.id).filter(User.email.like("lead@scale-%"))
                .order_by(User.email)]
    db.session.execute(insert(RoleAssignment), [
        {"user_id": user_id, "role": Role.LA_LEAD, "la_id": la_id, "created_at": now,
         "updated_at": now}
        for user_id, la_id in zip(user_ids, la_ids, strict=True)
    ])
    return {"local_authorities": las, "schools": schools, "leads": len(user_ids)}


# Areas that schools across the network tend to rate lower or higher, so the benchmarks have a
# shape to show (the 850-school pattern: provision maps, data and TA deployment lowest).
AREA_TILT = {"monitoring": -1, "resources": -1, "pupils-parents": 1, "leadership": 1}


def seed_programme(start_year: int, seed_value: int = 11, years: int = 3) -> dict[str, int]:
    """A cohort per LA for each of `years` years up to start_year with every school, triads of
    three with a coach, and a submitted self-evaluation per school per year with every area and
    statement rated. Bulk inserts, one LA at a time to keep memory flat; every LA shares its
    figures with the network."""
    from sqlalchemy import select, update

    from app.models import Cohort, CohortSchool, academic_year_label
    from selfeval import framework as fw
    from selfeval import interfaces as selfeval
    from selfeval.interfaces import network_summary
    from selfeval.models import AreaResponse, FrameworkVersion, StatementRating
    from selfeval.models import SelfEvaluation as Evaluation
    from selfeval.types import SelfEvaluationStatus
    from triads.models import Triad, TriadMember

    rng = random.Random(seed_value)
    now = utcnow()
    selfeval.load_bundled_frameworks()
    framework = fw.default_framework()
    variant = framework.default_variant
    version_id = db.session.scalar(select(FrameworkVersion.id).where(FrameworkVersion.la_id.is_(None))
                                   .order_by(FrameworkVersion.id.desc()))
    scale_las = LocalAuthority.slug.like(SCALE_SLUGS)
    db.session.execute(update(LocalAuthority).where(scale_las).values(shares_benchmarks=True))
    totals = {"cohorts": 0, "triads": 0, "self_evaluations": 0, "statement_ratings": 0}
    for la_id in db.session.scalars(select(LocalAuthority.id).where(scale_las)
                                         .order_by(LocalAuthority.id)).all():
        school_ids = list(db.session.scalars(select(School.id).where(School.la_id == la_id).order_by(School.id)))
        strength = {s: rng.choice([1, 2, 2, 3, 3, 3, 4]) for s in school_ids}
        for year in range(start_year - years + 1, start_year + 1):
            cohort_id = db.session.scalar(insert(Cohort).returning(Cohort.id), [
                {"la_id": la_id, "start_year": year, "name": f"Cohort {academic_year_label(year)}"}])
            db.session.execute(insert(CohortSchool), [
                {"la_id": la_id, "cohort_id": cohort_id, "school_id": s} for s in school_ids])
            groups = [school_ids[i:i + 3] for i in range(0, len(school_ids) - len(school_ids) % 3, 3)]
            for n, group in enumerate(groups, start=1):
                triad_id = db.session.scalar(insert(Triad).returning(Triad.id), [
                    {"la_id": la_id, "cohort_id": cohort_id, "name": f"Triad {n}", "coach_school_id": group[0]}])
                db.session.execute(insert(TriadMember), [
                    {"la_id": la_id, "triad_id": triad_id, "cohort_id": cohort_id, "school_id": s}
                    for s in group])
            db.session.execute(insert(Evaluation), [
                {"la_id": la_id, "school_id": s, "cohort_id": cohort_id, "framework_version_id": version_id,
                 "variant_id": variant.id, "status": SelfEvaluationStatus.SUBMITTED, "submitted_at": now}
                for s in school_ids])
            evaluations = dict(db.session.execute(select(Evaluation.id, Evaluation.school_id)
                                                  .where(Evaluation.cohort_id == cohort_id)).all())
            # A year later most schools judge themselves the same or a level higher.
            lift = 0 if year < start_year else 1
            levels = {(e, a.id): max(1, min(4, strength[s] + AREA_TILT.get(a.id, 0) + rng.choice([-1, 0, 0, lift])))
                      for e, s in evaluations.items() for a in variant.areas}
            db.session.execute(insert(AreaResponse), [
                {"la_id": la_id, "self_evaluation_id": e, "area_id": a, "judgement": level, "completed": True}
                for (e, a), level in levels.items()])
            responses = db.session.execute(select(AreaResponse.id, AreaResponse.self_evaluation_id,
                                                  AreaResponse.area_id)
                                           .where(AreaResponse.self_evaluation_id.in_(list(evaluations)))).all()
            ratings = [
                {"la_id": la_id, "area_response_id": r, "statement_id": st.id,
                 "rating": max(1, min(4, levels[(e, a)] + rng.choice([-1, 0, 0, 0, 1]))),
                 "evidence": "Seen in the provision map" if rng.random() < 0.3 else ""}
                for r, e, a in responses for st in variant.area(a).statements]
            db.session.execute(insert(StatementRating), ratings)
            totals["cohorts"] += 1
            totals["triads"] += len(groups)
            totals["self_evaluations"] += len(evaluations)
            totals["statement_ratings"] += len(ratings)
    network_summary.rebuild()
    return totals
