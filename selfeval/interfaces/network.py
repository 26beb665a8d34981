"""The programme network's anonymised benchmarks, read from the summary counts.

Counts only: no school identity leaves these queries. They read the summary table kept up to date
by selfeval/interfaces/network_summary.py, never a rating, so each is a small grouped SELECT over a
few thousand rows whatever the number of schools, and the first read after a submission costs what
every read costs. The pages' reads (the `*_sums` functions) add the LAs' counts up in the database and count
the LAs behind each group there too (dashboards/benchmarks.py hides any figure with too few), so
they return a few hundred rows and no LA's id; the per-LA reads (`network_area_levels` and the
like) are for checking the summary against the ratings.
"""

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select

from app.extensions import db
from app.models import Phase
from selfeval.models import NetworkCountRow, NetworkRevision
from selfeval.types import NetworkCountKind


@dataclass(frozen=True)
class NetworkCount:
    key: str  # an area id or a statement id
    phase: str  # the schools' phase (label), or "" when not split by phase
    value: int  # a level, a rating, or a change in level
    schools: int
    la: int = 0  # the LA the schools are in: for counting LAs, never shown


def _of(kind: NetworkCountKind, la_ids: list[int]):
    return NetworkCountRow.kind == kind, NetworkCountRow.la_id.in_(la_ids)


def network_years(la_ids: list[int]) -> list[int]:
    """Academic years (start year) in which these LAs' schools submitted self-evaluations."""
    if not la_ids:
        return []
    return list(db.session.scalars(
        select(NetworkCountRow.start_year).where(*_of(NetworkCountKind.SCHOOLS, la_ids))
        .distinct().order_by(NetworkCountRow.start_year.desc())))


def network_totals(la_ids: list[int], start_year: int) -> tuple[int, int]:
    """(LAs, schools) with a submitted self-evaluation in the year."""
    if not la_ids:
        return 0, 0
    las, schools = db.session.execute(
        select(func.count(NetworkCountRow.la_id.distinct()), func.sum(NetworkCountRow.schools))
        .where(*_of(NetworkCountKind.SCHOOLS, la_ids), NetworkCountRow.start_year == start_year)).one()
    return int(las), int(schools or 0)


def network_las(la_ids: list[int], start_year: int) -> set[int]:
    """Of these LAs, those with a submitted self-evaluation in the year."""
    if not la_ids:
        return set()
    return set(db.session.scalars(
        select(NetworkCountRow.la_id)
        .where(*_of(NetworkCountKind.SCHOOLS, la_ids), NetworkCountRow.start_year == start_year).distinct()))


def _counts(kind: NetworkCountKind, la_ids: list[int], start_year: int) -> list[NetworkCount]:
    if not la_ids:
        return []
    stmt = (select(NetworkCountRow.key, NetworkCountRow.phase, NetworkCountRow.value, NetworkCountRow.la_id,
                   func.sum(NetworkCountRow.schools))
            .where(*_of(kind, la_ids), NetworkCountRow.start_year == start_year)
            .group_by(NetworkCountRow.key, NetworkCountRow.phase, NetworkCountRow.value, NetworkCountRow.la_id))
    return [NetworkCount(key, _label(phase), int(value), int(n), la)
            for key, phase, value, la, n in db.session.execute(stmt)]


class NetworkSums(NamedTuple):
    """One kind of count over the sharing LAs, added up: `values` has (key, phase, value, schools)
    per value given, `groups` (key, phase, LAs) per group, where an LA stands behind a group when
    any of its schools is counted in it. `phase` is a Phase label, or "" when not split by phase."""

    values: list[tuple[str, str, int, int]]
    groups: list[tuple[str, str, int]]


def _where(kind: NetworkCountKind, la_ids: list[int], start_year: int) -> tuple:
    return *_of(kind, la_ids), NetworkCountRow.start_year == start_year, NetworkCountRow.schools > 0


def _sums(kind: NetworkCountKind, la_ids: list[int], start_year: int) -> NetworkSums:
    """The counts of `kind` in the year, summed over these LAs per key, phase and value, with the
    LAs behind each group counted in the database."""
    if not la_ids:
        return NetworkSums([], [])
    row = NetworkCountRow
    # Grouped by phase even when not split by it (then it is "" throughout): the index's order.
    keys = [row.key, row.phase]
    values = db.session.execute(select(*keys, row.value, func.sum(row.schools))
                                .where(*_where(kind, la_ids, start_year)).group_by(*keys, row.value))
    groups = db.session.execute(select(*keys, func.count(row.la_id.distinct()))
                                .where(*_where(kind, la_ids, start_year)).group_by(*keys))
    return NetworkSums([(key, _label(phase), int(value), int(n)) for key, phase, value, n in values],
                       [(key, _label(phase), int(las)) for key, phase, las in groups])


def network_area_level_sums(la_ids: list[int], start_year: int) -> NetworkSums:
    """How many of these LAs' schools judged each area in each phase at each level."""
    return _sums(NetworkCountKind.AREA_LEVEL, la_ids, start_year)


def network_area_las(la_ids: list[int], start_year: int) -> NetworkSums:
    """How many of these LAs stand behind each area's levels, whatever the phase: an LA with
    schools in two phases is one LA behind the area, so these are not its phases' LAs added up.
    (`values` is empty: the area's counts are its phases' added up.)"""
    if not la_ids:
        return NetworkSums([], [])
    row = NetworkCountRow
    groups = db.session.execute(select(row.key, func.count(row.la_id.distinct()))
                                .where(*_where(NetworkCountKind.AREA_LEVEL, la_ids, start_year)).group_by(row.key))
    return NetworkSums([], [(key, "", int(las)) for key, las in groups])


def network_statement_rating_sums(la_ids: list[int], start_year: int) -> NetworkSums:
    """How many of these LAs' schools gave each statement each rating."""
    return _sums(NetworkCountKind.STATEMENT_RATING, la_ids, start_year)


def network_area_change_sums(la_ids: list[int], start_year: int) -> NetworkSums:
    """How many of these LAs' schools changed their judgement of each area by how much since the
    year before (as `network_area_changes`)."""
    return _sums(NetworkCountKind.AREA_CHANGE, la_ids, start_year)


_LABELS = {phase.name: phase.label for phase in Phase} | {"": ""}


def _label(phase: str) -> str:
    return _LABELS[phase]


def network_area_levels(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools judged each area at each level, by phase, in submitted self-evaluations."""
    return _counts(NetworkCountKind.AREA_LEVEL, la_ids, start_year)


def network_statement_ratings(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """How many schools gave each statement each rating, in submitted self-evaluations."""
    return _counts(NetworkCountKind.STATEMENT_RATING, la_ids, start_year)


def network_area_changes(la_ids: list[int], start_year: int) -> list[NetworkCount]:
    """For schools that submitted in this year and the year before, in the same LA: how many
    schools' judgement of each area changed by how much. The caller passes only the LAs present
    in both years."""
    return _counts(NetworkCountKind.AREA_CHANGE, la_ids, start_year)


def network_fingerprint() -> int | None:
    """The network figures' revision: it goes up with every recount of any LA's counts, in the
    recount's own transaction. What a cache of the figures is keyed on, beside the sharing LAs."""
    return db.session.scalar(select(NetworkRevision.revision).where(NetworkRevision.id == 1))
