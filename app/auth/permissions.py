"""Pure predicates: who may do what. No Flask, no database."""

from collections.abc import Iterable

from app.models import Role, RoleAssignment

LA_STAFF = (Role.LA_LEAD, Role.QUALITY_ASSURER)
SCHOOL_STAFF = (Role.SENCO, Role.HEADTEACHER)  # act for their school
SCHOOL_READERS = (*SCHOOL_STAFF, Role.STAFF)  # read their own school's work
ANYONE_IN_LA = (*LA_STAFF, *SCHOOL_READERS)
LEAD_AND_SCHOOL_STAFF = (Role.LA_LEAD, *SCHOOL_STAFF)  # who writes a triad's meetings and its part
FEED_TOKEN_MANAGERS = (Role.LA_LEAD,)  # who makes and revokes the tokens of an LA's data feed
NETWORK_FEED_TOKEN_MANAGERS = (Role.PROGRAMME_ANALYST,)  # and of the network's benchmarks feed


def holds(assignments: Iterable[RoleAssignment], *roles: Role) -> bool:
    return any(a.active and a.role in roles for a in assignments)


def can_manage_la(assignments: Iterable[RoleAssignment]) -> bool:
    return holds(assignments, Role.LA_LEAD)


def can_view_school(assignments: Iterable[RoleAssignment], school_id: int) -> bool:
    assignments = list(assignments)
    if holds(assignments, *LA_STAFF):
        return True
    return any(a.active and a.role in SCHOOL_READERS and a.school_id == school_id for a in assignments)


def school_ids(assignments: Iterable[RoleAssignment], *roles: Role) -> set[int]:
    """The schools this person acts for in any of these roles."""
    return {a.school_id for a in assignments if a.active and a.role in roles and a.school_id is not None}
