"""Test data built through the interfaces, so tests exercise the same code paths as the app."""

import itertools

from app.extensions import db
from app.interfaces import local_authorities, schools, users
from app.interfaces.schools import SchoolData
from app.models import Phase, Role, SchoolType

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def la(name: str | None = None, slug: str | None = None, code: str | None = None):
    n = next(_counter)
    created = local_authorities.create_la(
        name or f"Test Authority {n}", slug or f"test-{n}", code or f"{100 + n % 900:03d}"
    )
    db.session.commit()
    return created


def school(la, name: str | None = None, urn: str | None = None, phase=Phase.PRIMARY):
    n = next(_counter)
    created = schools.create_school(
        la,
        SchoolData(urn=urn or f"{500000 + n:06d}", name=name or f"Test School {n}", phase=phase,
                   school_type=SchoolType.ACADEMY),
    )
    db.session.commit()
    return created


def user(role: Role | None = None, la=None, school=None, email: str | None = None,
         name: str | None = None, password: str = PASSWORD):
    n = next(_counter)
    created = users.create_user(email or f"person{n}@example.org", name or f"Person {n}", password)
    if role is not None:
        users.grant_role(created, role, la=la, school=school)
    db.session.commit()
    return created
