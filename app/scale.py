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
    la_ids = [la.id for la in db.session.query(LocalAuthority.id).order_by(LocalAuthority.id)]
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
