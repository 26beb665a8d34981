"""Pure predicates: who may do what. No Flask, no database."""

from collections.abc import Iterable
from dataclasses import dataclass

from app.models import Role, RoleAssignment

LA_STAFF = (Role.LA_LEAD, Role.QUALITY_ASSURER)
SCHOOL_STAFF = (Role.SENCO, Role.HEADTEACHER)  # act for their school
SCHOOL_READERS = (*SCHOOL_STAFF, Role.STAFF)  # read their own school's work
ANYONE_IN_LA = (*LA_STAFF, *SCHOOL_READERS)
LEAD_AND_SCHOOL_STAFF = (Role.LA_LEAD, *SCHOOL_STAFF)  # who writes a triad's meetings and its part
FEED_TOKEN_MANAGERS = (Role.LA_LEAD,)  # who makes and revokes the tokens of an LA's data feed
NETWORK_FEED_TOKEN_MANAGERS = (Role.PROGRAMME_ANALYST,)  # and of the network's benchmarks feed
LA_ARCHIVE_DOWNLOADERS = (Role.LA_LEAD,)  # who downloads all of their LA's data (the LA owns it)
TWO_STEP_ALWAYS = (Role.PLATFORM_ADMIN,)  # who signs in with two steps whatever any LA chooses
TWO_STEP_RESETTERS = (Role.LA_LEAD,)  # who resets two-step sign-in for the people of their LA


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


# --- which cohorts LA staff read ----------------------------------------------------------------


@dataclass(frozen=True)
class CohortScope:
    """The cohorts of an LA whose records a person reads as LA staff: every one, or these."""

    every: bool = False
    cohort_ids: frozenset[int] = frozenset()

    def covers(self, cohort_id: int | None) -> bool:
        return self.every or cohort_id in self.cohort_ids

    def covers_any(self, cohort_ids: Iterable[int]) -> bool:
        return self.every or bool(self.cohort_ids & set(cohort_ids))


NO_COHORTS = CohortScope()
EVERY_COHORT = CohortScope(every=True)


def assures_whole_la(assignments: Iterable[RoleAssignment]) -> bool:
    """A quality assurer the LA lead has granted every cohort of the LA."""
    return any(a.active and a.role is Role.QUALITY_ASSURER and a.whole_la for a in assignments)


def needs_assigned_cohorts(assignments: Iterable[RoleAssignment]) -> bool:
    """Whether `cohort_scope` needs the person's assigned cohorts: only a quality assurer's who
    is neither a lead nor granted the whole LA, so nobody else costs a query."""
    assignments = list(assignments)
    return (holds(assignments, Role.QUALITY_ASSURER) and not holds(assignments, Role.LA_LEAD)
            and not assures_whole_la(assignments))


def cohort_scope(assignments: Iterable[RoleAssignment], assigned_cohort_ids: Iterable[int]) -> CohortScope:
    """The one rule for the cohorts LA staff read (`assignments` are the person's in one LA): the
    lead reads every cohort; a quality assurer the cohorts the lead assigned them to, or every
    cohort once the lead grants the whole LA; anyone else none as LA staff (a school's people
    read their own school's records by the packages' own rules)."""
    assignments = list(assignments)
    if holds(assignments, Role.LA_LEAD) or assures_whole_la(assignments):
        return EVERY_COHORT
    if holds(assignments, Role.QUALITY_ASSURER):
        return CohortScope(cohort_ids=frozenset(assigned_cohort_ids))
    return NO_COHORTS
