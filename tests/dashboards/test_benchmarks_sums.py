"""The network's figures are worked out from counts added up in the database (a few hundred rows)
instead of every LA's counts, with the weighted median, mean and spread computed from the counts
per value. They must be the figures the per-LA way gave, group for group, hidden for hidden: the
old way is kept here as the oracle and both are run on random networks with groups on either side
of the minimums."""

import random

import numpy as np
import pandas as pd
import pytest

from app.extensions import db
from app.models import Phase
from dashboards import benchmarks
from selfeval import framework as fw
from selfeval import interfaces as selfeval
from selfeval.models import NetworkCountRow
from selfeval.types import NetworkCountKind

LEVELS = (1, 2, 3, 4)
YEAR = 2025

# --- the oracle: the per-LA summaries as they were, one group at a time -------------------------


def _group(by, group, part, minimums):
    group = group if isinstance(group, tuple) else (group,)
    total, las = int(part["schools"].sum()), int(part["la"].nunique())
    hidden = minimums.hidden_because(las, total)
    return dict(zip(by, group, strict=True)) | {"schools": total, "las": las, "shown": not hidden, "hidden": hidden}


def old_summarise(counts, by, values, minimums):
    columns = [*by, "schools", "las", "shown", "hidden", "median", "mean", "sd", *(f"share_{v}" for v in values)]
    rows = []
    for group, part in counts.groupby(by, sort=True):
        row = _group(by, group, part, minimums)
        if row["shown"]:
            total = row["schools"]
            expanded = np.repeat(part["value"].to_numpy().astype(float), part["schools"].to_numpy().astype(int))
            by_value = part.groupby("value")["schools"].sum()
            row |= {"median": float(np.median(expanded)), "mean": float(expanded.mean()),
                    "sd": float(expanded.std(ddof=1)), **{f"share_{v}": by_value.get(v, 0) / total for v in values}}
        rows.append(row)
    return benchmarks._typed(pd.DataFrame(rows, columns=columns), len(by) + 4)


def old_changes(counts, minimums):
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
    return benchmarks._typed(pd.DataFrame(rows, columns=columns), 5)


def assert_same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Equal to the last digit, but for the spread, whose sum of squares is added in another order."""
    assert len(old) and len(new) == len(old)
    pd.testing.assert_frame_equal(new.drop(columns=["sd"], errors="ignore").reset_index(drop=True),
                                  old.drop(columns=["sd"], errors="ignore").reset_index(drop=True), check_exact=True)
    if "sd" in old:
        pd.testing.assert_series_equal(new["sd"].reset_index(drop=True), old["sd"].reset_index(drop=True),
                                       check_exact=False, rtol=0, atol=1e-12)


def random_counts(rng: random.Random, changes: bool = False) -> pd.DataFrame:
    """Per-LA counts: a dozen LAs, some keys given by many schools of many LAs, some by one or two."""
    rows = []
    values = range(-3, 4) if changes else LEVELS
    for key in [f"k{n}" for n in range(25)]:
        las = rng.sample(range(1, 13), rng.choice([1, 2, 3, 4, 8, 12]))
        for la in las:
            for phase in rng.sample(["Primary", "Secondary", "Special"], rng.randint(1, 3)):
                for value in rng.sample(values, rng.randint(1, len(values))):
                    rows.append((key, "" if changes else phase, value, rng.choice([1, 1, 2, 3, 7, 40]), la))
    return pd.DataFrame(rows, columns=benchmarks.COUNT_COLUMNS)


@pytest.mark.parametrize("seed", range(6))
def test_the_summaries_from_sums_are_the_per_la_summaries(seed):
    rng = random.Random(seed)
    counts = random_counts(rng)
    rule = benchmarks.Minimums(3, rng.choice([5, 20]))
    for by in (["key"], ["key", "phase"]):
        new, old = benchmarks.summarise(counts, by, LEVELS, rule), old_summarise(counts, by, LEVELS, rule)
        assert_same(new, old)
        assert 0 < new["shown"].sum() < len(new)  # both sides of the minimums are tried
    changed = random_counts(rng, changes=True)
    assert_same(benchmarks.changes(changed, rule), old_changes(changed, rule))


# --- the database's sums against the per-LA counts, through the analyst's figures -------------


@pytest.fixture
def counted_network(world, make):
    """Ten sharing LAs with hand-made summary counts in two years: some keys from many LAs, some
    from one or two, some with few schools."""
    selfeval.load_bundled_frameworks()
    framework = fw.default_framework()
    areas = [area.id for area in framework.default_variant.areas]
    statements = [s.id for area in framework.default_variant.areas for s in area.statements]
    rng = random.Random(16)
    las = []
    for n in range(10):
        la = make.la(name=f"Counted Authority {n}", slug=f"counted-{n}", code=f"96{n}")
        la.shares_benchmarks = True
        las.append(la)

    def add(la, year, kind, key, phase, value, schools):
        db.session.add(NetworkCountRow(la_id=la.id, start_year=year, kind=kind, key=key, phase=phase,
                                       value=value, schools=schools))

    for year in (YEAR - 1, YEAR):
        for la in las[: 10 if year == YEAR else 7]:
            add(la, year, NetworkCountKind.SCHOOLS, "", "", 0, rng.randint(3, 30))
            for area in areas:
                if (area == areas[-1] and la not in las[:2]) or (area != areas[0] and rng.random() < 0.3):
                    continue  # areas only some LAs judged: fewer LAs behind them, the last too few
                for phase in rng.sample([p.name for p in Phase], rng.randint(1, 2)):
                    for value in rng.sample(LEVELS, rng.randint(1, 4)):
                        add(la, year, NetworkCountKind.AREA_LEVEL, area, phase, value, rng.randint(1, 9))
                for change in rng.sample(range(-2, 3), rng.randint(1, 3)):
                    add(la, year, NetworkCountKind.AREA_CHANGE, area, "", change, rng.randint(1, 5))
            for statement in rng.sample(statements, len(statements) // 2):
                for value in rng.sample(LEVELS, rng.randint(1, 4)):
                    add(la, year, NetworkCountKind.STATEMENT_RATING, statement, "", value, rng.randint(1, 6))
    db.session.flush()
    return las


def test_the_network_figures_from_the_database_sums_are_the_per_la_figures(app, counted_network):
    with app.test_request_context():
        la_ids = [la.id for la in benchmarks.local_authorities.sharing_las()]
        data = benchmarks.network_data(YEAR)
        rule = data.minimums
    levels = benchmarks.count_frame(selfeval.network_area_levels(la_ids, YEAR))
    both = sorted(selfeval.network_las(la_ids, YEAR) & selfeval.network_las(la_ids, YEAR - 1))
    order = [a.id for a in data.framework.default_variant.areas]
    assert data.year_on_year_las == len(both) == 7
    assert_same(data.areas, benchmarks.in_order(old_summarise(levels, ["key"], LEVELS, rule), order))
    assert_same(data.phases, benchmarks.in_order(old_summarise(levels, ["key", "phase"], LEVELS, rule), order))
    ratings = old_summarise(benchmarks.count_frame(selfeval.network_statement_ratings(la_ids, YEAR)), ["key"],
                            LEVELS, rule)
    assert_same(data.statements[ratings.columns], ratings)
    changed = old_changes(benchmarks.count_frame(selfeval.network_area_changes(both, YEAR)), rule)
    assert_same(data.year_on_year, benchmarks.in_order(changed, order))
    for frame in (data.areas, data.phases, data.statements, data.year_on_year):
        assert 0 < frame["shown"].sum() < len(frame)  # both sides of the minimums are tried
