"""The programme network's anonymised benchmarks: the "850 schools" picture across every LA that
has opted in to share.

Everything here starts from counts (how many schools of which LA gave which level), never from a
school. A figure is shown only when enough LAs and enough schools stand behind it (`Minimums`:
at least 3 LAs and 5 schools, set higher with NETWORK_MIN_LAS / NETWORK_MIN_SCHOOLS, never
lower), so that no school and no LA can be picked out: with one or two LAs sharing, every figure
would be theirs. Year-on-year figures are only over the LAs present in both years, so an LA
joining or leaving cannot be read off the difference. Every network page, download and the data
feed take their figures from `network_data`, so the rule is applied in this one place.

The summaries are pure functions of counts already added up over the LAs (`summarise_sums`,
`changes_sums`: per value the schools, per group the LAs behind it), which is what the database
returns, a few hundred rows at national scale; `summarise` and `changes` take per-LA count frames
(`key`, `phase`, `value`, `schools`, `la`) and add them up the same way, and are unit-tested on
hand-made frames. The median, mean and spread come from the counts per value, never from a list
of every school. `network_data` is the one place that reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from flask import current_app

from app.interfaces import local_authorities
from app.template_helpers import plural
from selfeval import framework as fw
from selfeval import interfaces as selfeval

# The floors: configuration may raise them, never lower them (checked when the app starts).
FLOOR_LAS = 3
FLOOR_SCHOOLS = 5
COUNT_COLUMNS = ["key", "phase", "value", "schools", "la"]


@dataclass(frozen=True)
class Minimums:
    """How many LAs and schools must stand behind a figure for it to be shown."""

    las: int = FLOOR_LAS
    schools: int = FLOOR_SCHOOLS

    def hidden_because(self, las: int, schools: int) -> str:
        """Why a figure from this many LAs and schools is hidden; "" when it is shown. Too few
        LAs is given first: it is the reason that more schools from the same LAs would not cure."""
        if las < self.las:
            return f"Fewer than {plural(self.las, 'local authority', 'local authorities')}"
        if schools < self.schools:
            return f"Fewer than {plural(self.schools, 'school')}"
        return ""

    @property
    def words(self) -> str:
        """The rule in words, for the pages and downloads."""
        return (f"a figure is shown only when at least {plural(self.las, 'local authority', 'local authorities')} "
                f"and at least {plural(self.schools, 'school')} stand behind it")


def checked_minimums(config: Mapping) -> Minimums:
    """The configured minimums; a value below the floor stops the app from starting, because a
    lower minimum would let a reader pick out an LA or a school."""
    minimums = Minimums(int(config.get("NETWORK_MIN_LAS", FLOOR_LAS)),
                        int(config.get("NETWORK_MIN_SCHOOLS", FLOOR_SCHOOLS)))
    if minimums.las < FLOOR_LAS:
        raise RuntimeError(f"NETWORK_MIN_LAS is {minimums.las}: it may be raised but never set below {FLOOR_LAS}")
    if minimums.schools < FLOOR_SCHOOLS:
        raise RuntimeError(f"NETWORK_MIN_SCHOOLS is {minimums.schools}: it may be raised but never set below "
                           f"{FLOOR_SCHOOLS}")
    return minimums


def minimums() -> Minimums:
    return checked_minimums(current_app.config)


def count_frame(counts: list[selfeval.NetworkCount]) -> pd.DataFrame:
    return pd.DataFrame([(c.key, c.phase, c.value, c.schools, c.la) for c in counts], columns=COUNT_COLUMNS)


def sums_frames(sums: selfeval.NetworkSums, by: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The database's sums as frames: (`by`, value, schools) and (`by`, las)."""
    values = pd.DataFrame(sums.values, columns=["key", "phase", "value", "schools"])
    groups = pd.DataFrame(sums.groups, columns=["key", "phase", "las"])
    return values[[*by, "value", "schools"]], groups[[*by, "las"]]


def added_up(counts: pd.DataFrame, by: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-LA counts added up as the database adds them (selfeval's `network_*_sums`)."""
    counts = counts[counts["schools"] > 0]
    values = counts.groupby([*by, "value"], sort=False)["schools"].sum().reset_index()
    groups = counts.groupby(by, sort=False)["la"].nunique().rename("las").reset_index()
    return values, groups


class _Groups:
    """Counts per value sorted into their groups, with what every figure is worked out from: each
    row's group number, where each group starts, and each group's number of schools."""

    def __init__(self, values: pd.DataFrame, groups: pd.DataFrame, by: list[str], minimums: Minimums):
        values = values.sort_values([*by, "value"], kind="stable", ignore_index=True)
        self.value = values["value"].to_numpy(dtype=np.int64)
        self.weight = values["schools"].to_numpy(dtype=np.int64)
        first = np.ones(len(values), dtype=bool)
        if len(values):
            first[1:] = (values[by].iloc[1:].to_numpy() != values[by].iloc[:-1].to_numpy()).any(axis=1)
        self.starts = np.flatnonzero(first)
        self.number = np.cumsum(first) - 1
        self.total = np.add.reduceat(self.weight, self.starts) if len(values) else np.zeros(0, dtype=np.int64)
        names = values.iloc[self.starts][by].reset_index(drop=True)
        behind = dict(zip(groups[by].itertuples(index=False, name=None), groups["las"], strict=True))
        las = np.array([int(behind.get(name, 0)) for name in names.itertuples(index=False, name=None)], dtype=np.int64)
        hidden = [minimums.hidden_because(int(n), int(t)) for n, t in zip(las, self.total, strict=True)]
        self.frame = names.assign(schools=self.total, las=las, shown=[not h for h in hidden], hidden=hidden)
        self.shown = self.frame["shown"].to_numpy(dtype=bool)

    def sum(self, of: np.ndarray) -> np.ndarray:
        return np.add.reduceat(of, self.starts) if len(of) else np.zeros(0, dtype=of.dtype)

    def share(self, where: np.ndarray) -> np.ndarray:
        return self.sum(np.where(where, self.weight, 0)) / self.total

    def median(self) -> np.ndarray:
        # The middle one or two of each group's schools, found from the running count of schools
        # instead of listing every school's value.
        running = np.cumsum(self.weight)
        before = running[self.starts] - self.weight[self.starts]
        low = self.value[np.searchsorted(running, before + (self.total - 1) // 2, side="right")]
        high = self.value[np.searchsorted(running, before + self.total // 2, side="right")]
        return (low.astype(float) + high.astype(float)) / 2

    def mean(self) -> np.ndarray:
        return self.sum(self.value * self.weight) / self.total

    def sd(self, mean: np.ndarray) -> np.ndarray:
        deviation = self.value - mean[self.number]
        with np.errstate(divide="ignore", invalid="ignore"):  # a group of one school: hidden anyway
            return np.sqrt(self.sum(self.weight * deviation * deviation) / (self.total - 1))

    def figures(self, columns: dict[str, np.ndarray]) -> pd.DataFrame:
        """The groups with these figures, missing for every group that is not shown."""
        return self.frame.assign(**{name: np.where(self.shown, column, np.nan) for name, column in columns.items()})


def summarise_sums(values: pd.DataFrame, groups: pd.DataFrame, by: list[str], scale: tuple[int, ...],
                   minimums: Minimums = Minimums()) -> pd.DataFrame:
    """`summarise` from counts already added up over the LAs: `values` has `by`, value and schools,
    `groups` has `by` and las (how many LAs stand behind the group)."""
    columns = [*by, "schools", "las", "shown", "hidden", "median", "mean", "sd", *(f"share_{v}" for v in scale)]
    if values.empty:
        return _typed(pd.DataFrame(columns=columns), len(by) + 4)
    grouped = _Groups(values, groups, by, minimums)
    mean = grouped.mean()
    frame = grouped.figures({"median": grouped.median(), "mean": mean, "sd": grouped.sd(mean),
                             **{f"share_{v}": grouped.share(grouped.value == v) for v in scale}})
    return _typed(frame[columns], len(by) + 4)


def summarise(counts: pd.DataFrame, by: list[str], values: tuple[int, ...],
              minimums: Minimums = Minimums()) -> pd.DataFrame:
    """One row per group: schools, LAs, median, mean, sd, and the share of schools at each value
    (`share_<value>`, 0-1). A group with too few LAs or schools behind it keeps its row with
    `shown` False, `hidden` saying why, and every figure but the group's name and size missing,
    so a reader sees the group exists but not what its few schools said. The standard deviation
    is the sample one (n - 1), as on the LA's statements page (summaries.SPREAD_WORDS); shown
    groups have at least FLOOR_SCHOOLS schools, so n - 1 is never 0."""
    return summarise_sums(*added_up(counts, by), by, values, minimums)


def _typed(frame: pd.DataFrame, figures_from: int) -> pd.DataFrame:
    for column in frame.columns[figures_from:]:
        frame[column] = frame[column].astype("Float64")
    # Typed even when empty: filtering by an untyped empty "shown" would select columns, not rows.
    frame["schools"] = frame["schools"].astype(int)
    frame["las"] = frame["las"].astype(int)
    frame["shown"] = frame["shown"].astype(bool)
    frame["hidden"] = frame["hidden"].astype(str)
    return frame


def ranked(statements: pd.DataFrame) -> pd.DataFrame:
    """Shown statements, highest mean first; ties by median, then framework order."""
    shown = statements[statements["shown"]]
    return shown.sort_values(["mean", "median", "position"], ascending=[False, False, True],
                             kind="stable", ignore_index=True)


def lowest(statements: pd.DataFrame) -> pd.DataFrame:
    """Shown statements, lowest mean first; ties by lower median, then framework order (not the
    highest list read backwards, which would put ties in reverse framework order)."""
    shown = statements[statements["shown"]]
    return shown.sort_values(["mean", "median", "position"], ascending=[True, True, True],
                             kind="stable", ignore_index=True)


def changes_sums(values: pd.DataFrame, groups: pd.DataFrame, minimums: Minimums = Minimums()) -> pd.DataFrame:
    """`changes` from counts already added up over the LAs (as `summarise_sums`)."""
    columns = ["key", "schools", "las", "shown", "hidden", "mean_change", "share_up", "share_same", "share_down"]
    if values.empty:
        return _typed(pd.DataFrame(columns=columns), 5)
    grouped = _Groups(values, groups, ["key"], minimums)
    frame = grouped.figures({"mean_change": grouped.mean(), "share_up": grouped.share(grouped.value > 0),
                             "share_same": grouped.share(grouped.value == 0),
                             "share_down": grouped.share(grouped.value < 0)})
    return _typed(frame[columns], 5)


def changes(counts: pd.DataFrame, minimums: Minimums = Minimums()) -> pd.DataFrame:
    """Per area, of the schools judged in both years: how many, the mean change in level, and
    the share whose judgement rose, stayed and fell. Held to the same minimums as every figure."""
    return changes_sums(*added_up(counts, ["key"]), minimums)


@dataclass
class NetworkData:
    """One year's benchmarks across the LAs that share, already anonymised."""

    year: int | None
    years: list[int]
    las: int
    schools: int
    framework: fw.Framework
    minimums: Minimums
    year_on_year_las: int  # the LAs present (sharing, with submissions) in this year and the one before
    areas: pd.DataFrame  # key=area id: schools, shown, median, mean, sd, share_<level>
    phases: pd.DataFrame  # key, phase: the same, per phase
    statements: pd.DataFrame  # key=statement id, plus area_id, position, text
    year_on_year: pd.DataFrame  # key=area id: schools, shown, mean_change, share_up/same/down

    @property
    def hidden(self) -> str:
        """Why the year shows nothing at all ("" when it shows something)."""
        return self.minimums.hidden_because(self.las, self.schools)

    @property
    def shown(self) -> bool:
        return not self.hidden

    def area_title(self, area_id: str) -> str:
        area = next((a for a in self.framework.default_variant.areas if a.id == area_id), None)
        return f"{area.number}. {area.title}" if area else area_id


def in_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in the framework's order of `key` (then any other keys after, by name)."""
    rank = {key: n for n, key in enumerate(keys)}
    order = frame["key"].map(lambda key: (rank.get(key, len(rank)), key))
    return frame.iloc[sorted(range(len(frame)), key=lambda i: order.iloc[i])].reset_index(drop=True)


def _statement_details(framework: fw.Framework) -> pd.DataFrame:
    rows, seen = [], set()
    for variant in framework.variants.values():
        for area in variant.areas:
            for statement in area.statements:
                if statement.id not in seen:
                    seen.add(statement.id)
                    rows.append((statement.id, area.id, len(rows), statement.text))
    return pd.DataFrame(rows, columns=["key", "area_id", "position", "text"])


# The figures take about 0.1 s to work out at national scale (150 LAs: a dozen grouped reads of the
# summary, about 70,000 index entries, then a few hundred rows through pandas; bench/bench_network.py),
# so the last few results are kept per process, keyed on a fingerprint read from the database on
# every request (about 20 ms): a submission through any worker or server changes it, so none shows
# stale figures, and a page read again costs the fingerprint only.
_CACHE: dict[tuple, NetworkData] = {}
_CACHE_SIZE = 8


def forget_network_figures() -> None:
    _CACHE.clear()


def network_data(year: int | None = None) -> NetworkData:
    """One small query when the figures have not changed; a dozen small grouped ones over the
    network's summary counts (never a rating), added up in the database, when they have."""
    rule = minimums()
    la_ids = [la.id for la in local_authorities.sharing_las()]
    key = (year, tuple(la_ids), selfeval.network_fingerprint(), rule)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _network_data(la_ids, year, rule)
    return _CACHE[key]


def _summarised(sums: selfeval.NetworkSums, by: list[str], values: tuple[int, ...], rule: Minimums) -> pd.DataFrame:
    return summarise_sums(*sums_frames(sums, by), by, values, rule)


def _network_data(la_ids: list[int], year: int | None, rule: Minimums) -> NetworkData:
    years = selfeval.network_years(la_ids)
    year = year if year in years else (years[0] if years else None)
    framework = fw.default_framework()
    values = framework.scale.values
    las, schools = selfeval.network_totals(la_ids, year) if year else (0, 0)
    if year is None or rule.hidden_because(las, schools):
        empty = count_frame([])
        return NetworkData(year, years, las, schools, framework, rule, 0,
                           summarise(empty, ["key"], values, rule),
                           summarise(empty, ["key", "phase"], values, rule),
                           summarise(empty, ["key"], values, rule).assign(area_id="", position=0, text=""),
                           changes(empty, rule))
    statements = _summarised(selfeval.network_statement_rating_sums(la_ids, year), ["key"], values, rule)
    statements = statements.merge(_statement_details(framework), on="key", how="left")
    statements["position"] = statements["position"].fillna(len(statements)).astype(int)
    statements["text"] = statements["text"].fillna(statements["key"])
    # Only LAs present in both years: otherwise this year's change would move when an LA joins or
    # leaves, and the difference would be that LA's own figures.
    both = sorted(selfeval.network_las(la_ids, year) & selfeval.network_las(la_ids, year - 1))
    order = [a.id for a in framework.default_variant.areas]
    # The areas' counts are their phases' added up, but not their LAs: an LA in two phases is one.
    level_values, level_groups = sums_frames(selfeval.network_area_level_sums(la_ids, year), ["key", "phase"])
    return NetworkData(
        year, years, las, schools, framework, rule, len(both),
        areas=in_order(summarise_sums(level_values.groupby(["key", "value"], as_index=False)["schools"].sum(),
                                      sums_frames(selfeval.network_area_las(la_ids, year), ["key"])[1],
                                      ["key"], values, rule), order),
        phases=in_order(summarise_sums(level_values, level_groups, ["key", "phase"], values, rule), order),
        statements=statements,
        year_on_year=in_order(changes_sums(*sums_frames(selfeval.network_area_change_sums(both, year), ["key"]),
                                           rule), order),
    )
