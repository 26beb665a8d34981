"""Who may see which dashboards.

An LA's dashboards are for its SEND leads and quality assurers. A lead sees every cohort of the LA;
a quality assurer only the cohorts the LA has assigned them to (unless the lead grants the whole
LA), because the pages put every school's own judgements side by side: the one rule of
app/auth/permissions.py `cohort_scope`, which the self-evaluation and triads pages follow too. A
cohort outside it is a 404, as another LA's would be. Only a lead forms triads from the proposals. The network
benchmarks are for programme analysts, a role held across LAs, and never name a school or an LA.

The rules take the LA, the person and their role assignments, so that they can answer for many
cohorts at once (say, what is waiting for this person); the `current_` wrappers and
`load_cohort` answer for the person signed in, in the LA of the request.
"""

from collections.abc import Iterable

from flask import abort
from flask_login import current_user

from app.auth import scope as staff_scope
from app.auth.permissions import LA_STAFF, holds
from app.interfaces import cohorts as cohort_data
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, User
from app.tenancy import current_la, la_roles

# The roles the route guards require (the access test reads them off the routes).
COHORT_VIEWERS = LA_STAFF  # a cohort's dashboards, then only the cohorts they may see
TRIAD_FORMER = Role.LA_LEAD  # proposed triads, created by the lead
NETWORK_ANALYST = Role.PROGRAMME_ANALYST  # the anonymised benchmarks across LAs


def _in_la(la: LocalAuthority, assignments: Iterable[RoleAssignment]) -> list[RoleAssignment]:
    return [a for a in assignments if a.la_id == la.id]


def sees_every_cohort(la: LocalAuthority, assignments: Iterable[RoleAssignment]) -> bool:
    return holds(_in_la(la, assignments), Role.LA_LEAD)


def visible_cohorts(la: LocalAuthority, user: User, assignments: Iterable[RoleAssignment],
                    cohorts: Iterable[Cohort] | None = None) -> list[Cohort]:
    """Of `cohorts` (by default every cohort of the LA), in their order, those this person may
    compare. One query for the assignments to cohorts, however many cohorts are asked about."""
    mine = _in_la(la, assignments)
    if not holds(mine, *COHORT_VIEWERS):
        return []
    cohorts = cohort_data.list_cohorts(la) if cohorts is None else list(cohorts)
    scope = staff_scope.scope_for(la, user, mine)
    return [c for c in cohorts if scope.covers(c.id)]


def may_see_cohort(la: LocalAuthority, user: User, assignments: Iterable[RoleAssignment],
                   cohort: Cohort) -> bool:
    return bool(visible_cohorts(la, user, assignments, [cohort]))


# --- for the person signed in, in the LA of the request -------------------------------------------


def current_sees_every_cohort() -> bool:
    return staff_scope.current_scope().every


def current_forms_triads() -> bool:
    return holds(_in_la(current_la, la_roles()), TRIAD_FORMER)


def current_visible_cohorts() -> list[Cohort]:
    return visible_cohorts(current_la, current_user, la_roles())


def load_cohort(cohort_id: int) -> Cohort:
    """The cohort, if the LA has it and this person may compare its schools (else 404)."""
    cohort = cohort_data.get_cohort(current_la, cohort_id)
    if not may_see_cohort(current_la, current_user, la_roles(), cohort):
        abort(404)
    return cohort
