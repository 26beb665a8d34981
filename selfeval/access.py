"""Who may see and change a self-evaluation. Pure predicates plus one extension point.

Triads live in another package that this one may not import. The triads package registers a
lookup here instead, telling which schools are a school's triad partners and which is its coach.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.models import Role, RoleAssignment


@dataclass(frozen=True)
class TriadLinks:
    partner_school_ids: frozenset[int] = field(default_factory=frozenset)
    coach_school_ids: frozenset[int] = field(default_factory=frozenset)


TriadLookup = Callable[[int, int], TriadLinks]  # (school_id, cohort_id) -> links
_triad_lookup: TriadLookup = lambda school_id, cohort_id: TriadLinks()  # noqa: E731


def register_triad_lookup(lookup: TriadLookup) -> None:
    global _triad_lookup
    _triad_lookup = lookup


def registered_triad_lookup() -> TriadLookup:
    return _triad_lookup


def triad_links(school_id: int, cohort_id: int) -> TriadLinks:
    return _triad_lookup(school_id, cohort_id)


def _school_ids(assignments: Iterable[RoleAssignment], *roles: Role) -> set[int]:
    return {a.school_id for a in assignments if a.active and a.role in roles and a.school_id}


def _holds(assignments: Iterable[RoleAssignment], *roles: Role) -> bool:
    return any(a.active and a.role in roles for a in assignments)


def can_edit(assignments, school_id: int) -> bool:
    return school_id in _school_ids(assignments, Role.SENCO)


def can_view(assignments, school_id: int, submitted: bool, links: TriadLinks) -> bool:
    assignments = list(assignments)
    if _holds(assignments, Role.LA_LEAD, Role.QUALITY_ASSURER):
        return True
    own = _school_ids(assignments, Role.SENCO, Role.HEADTEACHER)
    if school_id in own:
        return True
    # Triad partners read each other's work once it is submitted, not drafts.
    return submitted and bool(own & links.partner_school_ids)


def can_comment(assignments, submitted: bool, links: TriadLinks) -> bool:
    assignments = list(assignments)
    if _holds(assignments, Role.LA_LEAD):
        return submitted
    return submitted and bool(_school_ids(assignments, Role.SENCO) & links.coach_school_ids)


def can_reopen(assignments) -> bool:
    return _holds(assignments, Role.LA_LEAD)
