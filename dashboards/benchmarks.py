"""The programme network's anonymised benchmarks: the "850 schools" picture across every LA that
has opted in to share.

Everything here starts from counts (how many schools gave which level), never from a school, and
hides any group of fewer than MIN_GROUP schools, so no school and no LA can be picked out. The
summaries are pure functions of count frames (`key`, `phase`, `value`, `schools`) and are
unit-tested on hand-made frames; `network_data` is the one place that reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.interfaces import local_authorities
from selfeval import framework as fw
from selfeval import interfaces as selfeval

MIN_GROUP = 5
HIDDEN = f"Fewer than {MIN_GROUP} schools"
COUNT_COLUMNS = ["key", "phase", "value", "schools"]


def count_frame(counts: list[selfeval.NetworkCount]) -> pd.DataFrame:
    return pd.DataFrame([(c.key, c.phase, c.value, c.schools) for c in counts], columns=COUNT_COLUMNS)


def _weighted(values: np.ndarray, weights: np.ndarray) -> tuple[float, float, float]:
    """(median, mean, standard deviation) of values each counted `weights` times. The standard
    deviation is the sample one (n - 1), as on the LA's statements page (summaries.SPREAD_WORDS);
    groups have at least MIN_GROUP schools, so n - 1 is never 0."""
    expanded = np.repeat(values.astype(float), weights.astype(int))
    return float(np.median(expanded)), float(expanded.mean()), float(expanded.std(ddof=1))


def summarise(counts: pd.DataFrame, by: list[str], values: tuple[int, ...]) -> pd.DataFrame:
    """One row per group: schools, median, mean, sd, and the share of schools at each value
    (`share_<value>`, 0-1). Groups of fewer than MIN_GROUP schools keep their row with `shown`
    False and every figure but the group's name missing, so a reader sees the group exists but
    not what its few schools said."""
    columns = [*by, "schools", "shown", "median", "mean", "sd", *(f"share_{v}" for v in values)]
    rows = []
    for group, part in counts.groupby(by, sort=True):
        group = group if isinstance(group, tuple) else (group,)
        total = int(part["schools"].sum())
        row = dict(zip(by, group, strict=True)) | {"schools": total, "shown": total >= MIN_GROUP}
        if row["shown"]:
            median, mean, sd = _weighted(part["value"].to_numpy(), part["schools"].to_numpy())
            by_value = part.groupby("value")["schools"].sum()
            row |= {"median": median, "mean": mean, "sd": sd,
                    **{f"share_{v}": by_value.get(v, 0) / total for v in values}}
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[len(by) + 2:]:
        frame[column] = frame[column].astype("Float64")
    # Typed even when empty: filtering by an untyped empty "shown" would select columns, not rows.
    frame["schools"] = frame["schools"].astype(int)
    frame["shown"] = frame["shown"].astype(bool)
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


def changes(counts: pd.DataFrame) -> pd.DataFrame:
    """Per area, of the schools judged in both years: how many, the mean change in level, and
    the share whose judgement rose, stayed and fell. Groups under MIN_GROUP are hidden."""
    columns = ["key", "schools", "shown", "mean_change", "share_up", "share_same", "share_down"]
    rows = []
    for key, part in counts.groupby("key", sort=True):
        total = int(part["schools"].sum())
        row = {"key": key, "schools": total, "shown": total >= MIN_GROUP}
        if row["shown"]:
            weights = part["schools"]
            row |= {"mean_change": float((part["value"] * weights).sum() / total),
                    "share_up": float(weights[part["value"] > 0].sum() / total),
                    "share_same": float(weights[part["value"] == 0].sum() / total),
                    "share_down": float(weights[part["value"] < 0].sum() / total)}
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[3:]:
        frame[column] = frame[column].astype("Float64")
    return frame


@dataclass
class NetworkData:
    """One year's benchmarks across the LAs that share, already anonymised."""

    year: int | None
    years: list[int]
    las: int
    schools: int
    framework: fw.Framework
    areas: pd.DataFrame  # key=area id: schools, shown, median, mean, sd, share_<level>
    phases: pd.DataFrame  # key, phase: the same, per phase
    statements: pd.DataFrame  # key=statement id, plus area_id, position, text
    year_on_year: pd.DataFrame  # key=area id: schools, shown, mean_change, share_up/same/down

    @property
    def shown(self) -> bool:
        return self.schools >= MIN_GROUP

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
    """Two small queries when the figures have not changed; seven grouped ones when they have,
    whatever the number of LAs and schools."""
    la_ids = [la.id for la in local_authorities.sharing_las()]
    key = (year, tuple(la_ids), selfeval.network_fingerprint(la_ids))
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = _network_data(la_ids, year)
    return _CACHE[key]


def _network_data(la_ids: list[int], year: int | None) -> NetworkData:
    years = selfeval.network_years(la_ids)
    year = year if year in years else (years[0] if years else None)
    framework = fw.default_framework()
    values = framework.scale.values
    las, schools = selfeval.network_totals(la_ids, year) if year else (0, 0)
    if year is None or schools < MIN_GROUP:
        empty = count_frame([])
        return NetworkData(year, years, las, schools, framework, summarise(empty, ["key"], values),
                           summarise(empty, ["key", "phase"], values),
                           summarise(empty, ["key"], values).assign(area_id="", position=0, text=""),
                           changes(empty))
    levels = count_frame(selfeval.network_area_levels(la_ids, year))
    statements = summarise(count_frame(selfeval.network_statement_ratings(la_ids, year)), ["key"], values)
    statements = statements.merge(_statement_details(framework), on="key", how="left")
    statements["position"] = statements["position"].fillna(len(statements)).astype(int)
    statements["text"] = statements["text"].fillna(statements["key"])
    order = [a.id for a in framework.default_variant.areas]
    return NetworkData(
        year, years, las, schools, framework,
        areas=in_order(summarise(levels, ["key"], values), order),
        phases=in_order(summarise(levels, ["key", "phase"], values), order),
        statements=statements,
        year_on_year=in_order(changes(count_frame(selfeval.network_area_changes(la_ids, year))), order),
    )
