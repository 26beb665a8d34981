"""The programme network's anonymised benchmarks: the "850 schools" picture across every LA that
has opted in to share.

Everything here starts from counts (how many schools of which LA gave which level), never from a
school. A figure is shown only when enough LAs and enough schools stand behind it (`Minimums`:
at least 3 LAs and 5 schools, set higher with NETWORK_MIN_LAS / NETWORK_MIN_SCHOOLS, never
lower), so that no school and no LA can be picked out: with one or two LAs sharing, every figure
would be theirs. Year-on-year figures are only over the LAs present in both years, so an LA
joining or leaving cannot be read off the difference. Every network page, download and the data
feed take their figures from `network_data`, so the rule is applied in this one place.

The summaries are pure functions of count frames (`key`, `phase`, `value`, `schools`, `la`) and
are unit-tested on hand-made frames; `network_data` is the one place that reads the database.
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


def _weighted(values: np.ndarray, weights: np.ndarray) -> tuple[float, float, float]:
    """(median, mean, standard deviation) of values each counted `weights` times. The standard
    deviation is the sample one (n - 1), as on the LA's statements page (summaries.SPREAD_WORDS);
    shown groups have at least FLOOR_SCHOOLS schools, so n - 1 is never 0."""
    expanded = np.repeat(values.astype(float), weights.astype(int))
    return float(np.median(expanded)), float(expanded.mean()), float(expanded.std(ddof=1))


def _group(by: list[str], group, part: pd.DataFrame, minimums: Minimums) -> dict:
    group = group if isinstance(group, tuple) else (group,)
    total, las = int(part["schools"].sum()), int(part["la"].nunique())
    hidden = minimums.hidden_because(las, total)
    return dict(zip(by, group, strict=True)) | {"schools": total, "las": las, "shown": not hidden, "hidden": hidden}


def summarise(counts: pd.DataFrame, by: list[str], values: tuple[int, ...],
              minimums: Minimums = Minimums()) -> pd.DataFrame:
    """One row per group: schools, LAs, median, mean, sd, and the share of schools at each value
    (`share_<value>`, 0-1). A group with too few LAs or schools behind it keeps its row with
    `shown` False, `hidden` saying why, and every figure but the group's name and size missing,
    so a reader sees the group exists but not what its few schools said."""
    columns = [*by, "schools", "las", "shown", "hidden", "median", "mean", "sd", *(f"share_{v}" for v in values)]
    rows = []
    for group, part in counts.groupby(by, sort=True):
        row = _group(by, group, part, minimums)
        if row["shown"]:
            total = row["schools"]
            median, mean, sd = _weighted(part["value"].to_numpy(), part["schools"].to_numpy())
            by_value = part.groupby("value")["schools"].sum()
            row |= {"median": median, "mean": mean, "sd": sd,
                    **{f"share_{v}": by_value.get(v, 0) / total for v in values}}
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=columns), len(by) + 4)


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


def changes(counts: pd.DataFrame, minimums: Minimums = Minimums()) -> pd.DataFrame:
    """Per area, of the schools judged in both years: how many, the mean change in level, and
    the share whose judgement rose, stayed and fell. Held to the same minimums as every figure."""
    columns = ["key", "schools", "las", "shown", "hidden", "mean_change", "share_up", "share_same", "share_down"]
    rows = []
    for key, part in counts.groupby("key", sort=True):
        row = _group(["key"], key, part, minimums)
        if row["shown"]:
            total, weights = row["schools"], part["schools"]
            row |= {"mean_change": float((part["value"] * weights).sum() / total),
                    "share_up": float(weights[part["value"] > 0].sum() / total),
                    "share_same": float(weights[part["value"] == 0].sum() / total),
                    "share_down": float(weights[part["value"] < 0].sum() / total)}
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=columns), 5)


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


# The figures change only when a self-evaluation is submitted or reopened, or an LA starts or
# stops sharing, while the grouped counts read every rating in the network (seconds at national
# scale): keep the last few results per process, keyed on what would change them.
_CACHE: dict[tuple, NetworkData] = {}
_CACHE_SIZE = 8


def network_data(year: int | None = None) -> NetworkData:
    """Two small queries when the figures have not changed; eight grouped ones when they have,
    whatever the number of LAs and schools."""
    rule = minimums()
    la_ids = [la.id for la in local_authorities.sharing_las()]
    key = (year, tuple(la_ids), selfeval.network_fingerprint(la_ids), rule)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _network_data(la_ids, year, rule)
    return _CACHE[key]


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
    levels = count_frame(selfeval.network_area_levels(la_ids, year))
    statements = summarise(count_frame(selfeval.network_statement_ratings(la_ids, year)), ["key"], values, rule)
    statements = statements.merge(_statement_details(framework), on="key", how="left")
    statements["position"] = statements["position"].fillna(len(statements)).astype(int)
    statements["text"] = statements["text"].fillna(statements["key"])
    # Only LAs present in both years: otherwise this year's change would move when an LA joins or
    # leaves, and the difference would be that LA's own figures.
    both = sorted(selfeval.network_las(la_ids, year) & selfeval.network_las(la_ids, year - 1))
    order = [a.id for a in framework.default_variant.areas]
    return NetworkData(
        year, years, las, schools, framework, rule, len(both),
        areas=in_order(summarise(levels, ["key"], values, rule), order),
        phases=in_order(summarise(levels, ["key", "phase"], values, rule), order),
        statements=statements,
        year_on_year=in_order(changes(count_frame(selfeval.network_area_changes(both, year)), rule), order),
    )
