"""What the platform core asks of the feature packages, which it may not import.

The core's cohort pages show each cohort's triads and copy them into next year, and a school may
not leave a cohort while it is in one of its triads: the triads package answers through one
`TriadFeature`, registered when its blueprint is registered (`triads.interfaces.register`). Until
then (a core-only test) the core gets the empty answers of `NO_TRIADS`. The home pages and the
reminders ask every registered task provider what is waiting for a person (`waiting_for`). The
data feed serves what every package registers with `register_feed`, and the retention job asks
every package registered with `register_retention` to remove a cohort's records past their date.
A package keeping counts over an LA's schools is told when they change (`schools_changed`).
"""

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from app.data_protection import DataKind
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
    # Cohort id -> how many triads it has, for every cohort of the LA.
    triad_counts: Callable[[LocalAuthority], dict[int, int]]


NO_TRIADS = TriadFeature(
    triad_names_by_school=lambda cohort: {},
    list_triads=lambda la, cohort: [],
    copy_triads=lambda la, source, target: [],
    triad_counts=lambda la: {},
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


# --- the data feed ----------------------------------------------------------------------------
# The core serves /api/v1 (tokens, paging, rate limit, audit, the OpenAPI document); each package
# registers the resources it knows how to read. A resource's fields are the one description of its
# rows: the JSON is built from them and so is the OpenAPI schema.


class FeedScope(enum.Enum):
    LA = "la"  # /api/v1/la/<la>/<path>: an LA token's
    COHORT = "cohort"  # /api/v1/la/<la>/cohorts/<cohort_id>/<path>: one of the LA's cohorts
    NETWORK = "network"  # /api/v1/network/<path>: a programme analyst's token's, anonymised


# A field's type, as the JSON carries it: dates and times as ISO 8601 text.
FIELD_TYPES = ("integer", "number", "string", "boolean", "date", "date-time", "time")


@dataclass(frozen=True)
class FeedField:
    name: str  # snake_case; never renamed once published
    type: str  # one of FIELD_TYPES
    description: str
    nullable: bool = False
    values: tuple[str, ...] = ()  # every value a coded field may take

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown feed field type {self.type!r}")

    @classmethod
    def coded(cls, name: str, enum_cls: type[enum.Enum], description: str,
              nullable: bool = False) -> "FeedField":
        """A field holding an enum member's name (stable, unlike the words people see, which the
        description lists beside each code)."""
        words = "; ".join(f"{m.name} ({getattr(m, 'label', m.value)})" for m in enum_cls)
        return cls(name, "string", f"{description} One of: {words}.", nullable,
                   tuple(m.name for m in enum_cls))


# The school a row of any feature's resource is about, pointing back at the core's /schools.
SCHOOL_REFERENCE = FeedField("school_id", "integer", "The school's id (as in /schools).")


@dataclass(frozen=True)
class FeedParameter:
    """A query parameter a resource takes besides paging (the network's `year`)."""

    name: str
    type: str  # "integer" or "string"
    description: str


@dataclass(frozen=True)
class FeedRequest:
    la: LocalAuthority | None  # None on the network's resources
    cohort: Cohort | None  # set for FeedScope.COHORT
    offset: int
    limit: int
    today: date
    params: dict = field(default_factory=dict)  # the resource's FeedParameters, parsed


@dataclass(frozen=True)
class FeedPage:
    rows: Sequence[dict]  # each with exactly the resource's field names
    total: int  # rows on every page together
    meta: dict = field(default_factory=dict)  # anything else the page says (the network's year)


@dataclass(frozen=True)
class FeedResource:
    name: str  # stable: the endpoint ("api.<name>") and the OpenAPI schema's name
    scope: FeedScope
    path: str  # the last part of the URL, e.g. "area-judgements"
    summary: str
    description: str
    fields: tuple[FeedField, ...]
    # One page of rows, in a stable order. A fixed number of queries whatever the LA's size.
    rows: Callable[[FeedRequest], FeedPage]
    parameters: tuple[FeedParameter, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


_feed: dict[str, FeedResource] = {}


def register_feed(*resources: FeedResource) -> None:
    for resource in resources:
        known = _feed.get(resource.name)
        if known is not None and known != resource:
            raise ValueError(f"two feed resources are called {resource.name}")
        _feed[resource.name] = resource


def feed_resources() -> list[FeedResource]:
    return list(_feed.values())


# --- retention --------------------------------------------------------------------------------
# When a finished cohort's records pass the LA's retention date (app/data_protection.py), each
# package removes what it holds of that cohort. A provider is given (the LA, the cohort, remove)
# and answers how many records of each kind there are to remove; with remove=True it removes them.
# Asked again afterwards it answers nothing, which is what makes the job safe to run twice.

RetentionProvider = Callable[[LocalAuthority, Cohort, bool], Mapping[DataKind, int]]

_retention_providers: list[RetentionProvider] = []


def register_retention(provider: RetentionProvider) -> None:
    if provider not in _retention_providers:
        _retention_providers.append(provider)


def retention_providers() -> list[RetentionProvider]:
    return list(_retention_providers)


# --- a quality assurer's cohorts --------------------------------------------------------------
# The triads package keeps which quality assurers the lead assigned to which cohorts; the one rule
# of the cohorts LA staff read (app/auth/scope.py) asks it through this lookup.

AssignedCohorts = Callable[[LocalAuthority, User], set[int]]
_assigned_cohorts: AssignedCohorts = lambda la, user: set()  # noqa: E731


def register_assigned_cohorts(lookup: AssignedCohorts) -> None:
    global _assigned_cohorts
    _assigned_cohorts = lookup


def assigned_cohort_ids(la: LocalAuthority, user: User) -> set[int]:
    return _assigned_cohorts(la, user)


# --- counts kept over an LA's schools ----------------------------------------------------------
# The self-evaluation keeps the network's figures as counts by school phase; the core tells it, in
# the same transaction, when an LA's schools change phase or are removed, or its records are loaded.

SchoolsChanged = Callable[[int], object]
_schools_changed: list[SchoolsChanged] = []


def register_schools_changed(listener: SchoolsChanged) -> None:
    if listener not in _schools_changed:
        _schools_changed.append(listener)


def schools_changed(la_id: int) -> None:
    for listener in _schools_changed:
        listener(la_id)
