"""Who is signed in, as every request needs to know it: the person's id, name and e-mail address
and their active roles, each with its LA and school named. Read for every signed-in request in
one statement of plain rows (app/interfaces/user_sessions.py `find_signed_in`), not as ORM objects:
building the person, their roles, LAs and schools as ORM objects cost a signed-in page more than
drawing it.

A page that records what the person did, or reads more of their account, asks for the person
(`person()`): loaded once per request, when first asked for.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from flask import g
from flask_login import UserMixin, current_user

from app.extensions import db
from app.models import Role, RoleAssignment, User
from app.models.user import role_description


class LaName(NamedTuple):
    id: int
    slug: str
    name: str


class SchoolName(NamedTuple):
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Grant:
    """One active role of the person signed in: what RoleAssignment says, without its object."""

    id: int
    role: Role
    la_id: int | None
    school_id: int | None
    whole_la: bool
    la: LaName | None
    school: SchoolName | None
    active: bool = True

    @property
    def description(self) -> str:
        return role_description(self.role, self.la, self.school)


def grant_of(assignment: RoleAssignment) -> Grant:
    la, school = assignment.la, assignment.school
    return Grant(assignment.id, assignment.role, assignment.la_id, assignment.school_id, assignment.whole_la,
                 LaName(la.id, la.slug, la.name) if la is not None else None,
                 SchoolName(school.id, school.name) if school is not None else None)


class Principal(UserMixin):
    """current_user for a signed-in request. `get_id` is the session's token: the cookie names one
    session, not the person (app/auth/sessions.py)."""

    __slots__ = ("id", "name", "email", "active", "session_token", "session_id", "_roles")

    def __init__(self, *, id: int, name: str, email: str, active: bool, session_token: str,
                 session_id: int | None, roles: Sequence[Grant]):
        self.id, self.name, self.email, self.active = id, name, email, active
        self.session_token, self.session_id = session_token, session_id
        self._roles = tuple(roles)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def active_roles(self) -> list[Grant]:
        return list(self._roles)

    def has_global_role(self, role: Role) -> bool:
        return any(r.role is role for r in self._roles)

    def __repr__(self) -> str:
        return f"<Principal {self.email}>"


def principal_of(user: User, token: str, session_id: int | None) -> Principal:
    """At sign-in, from the person just checked."""
    return Principal(id=user.id, name=user.name, email=user.email, active=user.active, session_token=token,
                     session_id=session_id, roles=[grant_of(a) for a in user.active_roles()])


def principal_from_rows(rows: Iterable, token: str) -> Principal:
    """From `user_sessions.find_signed_in`'s rows: one per active role (one with no role for a
    person who holds none)."""
    rows = list(rows)
    first = rows[0]
    grants = [Grant(r.role_id, r.role, r.la_id, r.school_id, r.whole_la,
                    LaName(r.la_id, r.la_slug, r.la_name) if r.la_id is not None else None,
                    SchoolName(r.school_id, r.school_name) if r.school_id is not None else None)
              for r in rows if r.role_id is not None]
    grants.sort(key=lambda grant: grant.id)
    return Principal(id=first.user_id, name=first.user_name, email=first.user_email, active=first.user_active,
                     session_token=token, session_id=first.session_id, roles=grants)


def signed_in_user() -> User:
    """The signed-in person's account, for a page that records what they did or shows more of it."""
    if "person" not in g:
        g.person = db.session.get(User, current_user.id)
    return g.person
