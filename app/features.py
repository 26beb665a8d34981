"""What the platform core asks of the feature packages, which it may not import.

The core's cohort pages show each cohort's triads and copy them into next year, and a school may
not leave a cohort while it is in one of its triads: the triads package answers through one
`TriadFeature`, registered when its blueprint is registered (`triads.interfaces.register`). Until
then (a core-only test) the core gets the empty answers of `NO_TRIADS`. The home pages and the
reminders ask every registered task provider what is waiting for a person (`waiting_for`).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.models import Cohort, DueState, LocalAuthority, RoleAssignment, User


class CohortTriad(Protocol):
    """A triad as the core's cohort pages read it."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def school_ids(self) -> list[int]: ...

    @property
    def coach_school_id(self) -> int | None: ...


@dataclass(frozen=True)
class TriadFeature:
    """Every question the core asks of triads. No defaults: a registration answers all of them."""

    # School id -> the name of its triad in this cohort.
    triad_names_by_school: Callable[[Cohort], dict[int, str]]
    # The cohort's triads, by name.
    list_triads: Callable[[LocalAuthority, Cohort], Sequence[CohortTriad]]
    # Copy the triads of one cohort into another (next year's), returning the ones copied.
    copy_triads: Callable[[LocalAuthority, Cohort, Cohort], Sequence[CohortTriad]]


NO_TRIADS = TriadFeature(
    triad_names_by_school=lambda cohort: {},
    list_triads=lambda la, cohort: [],
    copy_triads=lambda la, source, target: [],
)

_triads: TriadFeature = NO_TRIADS


def register_triads(feature: TriadFeature) -> None:
    global _triads
    _triads = feature


def triads() -> TriadFeature:
    return _triads


# --- what is waiting for a person -------------------------------------------------------------
# Each feature package registers one provider; the home pages and the reminders ask all of them.


@dataclass(frozen=True)
class Task:
    """One thing waiting for one person, linking straight to where it is done."""

    kind: str  # stable: "selfeval.confirm_areas", "plans.review", "visits.schedule" ...
    key: str  # the task's identity across days ("plans.review:plan-12"), for reminders sent once
    title: str  # "Review Birchwood Primary's action plan": no child's name, ever
    href: str  # a path inside the service, e.g. "/la/northmere/plans/12"
    la_id: int
    due: date | None = None
    state: DueState = DueState.UPCOMING
    school_id: int | None = None


# (the LA, the person, their active role assignments in that LA, today) -> what is waiting for them.
TaskProvider = Callable[[LocalAuthority, User, Sequence[RoleAssignment], date], Sequence[Task]]

_task_providers: list[TaskProvider] = []


def register_tasks(provider: TaskProvider) -> None:
    if provider not in _task_providers:
        _task_providers.append(provider)


def waiting_for(la: LocalAuthority, person: User, assignments: Sequence[RoleAssignment],
                today: date) -> list[Task]:
    """Everything waiting for the person in the LA: overdue first, then by date, then by title."""
    found = [task for provider in _task_providers for task in provider(la, person, assignments, today)]
    order = {DueState.OVERDUE: 0, DueState.DUE_SOON: 1, DueState.UPCOMING: 2, DueState.DONE: 3}
    return sorted(found, key=lambda t: (order[t.state], t.due or date.max, t.title))
