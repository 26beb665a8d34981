"""The programme network's anonymised benchmarks: the summaries worked out by hand, and the
analyst's pages over LAs that share (and only those), with small groups hidden."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.extensions import db
from app.interfaces import cohorts
from app.models import Phase, Role
from dashboards import benchmark_charts, benchmarks
from selfeval import framework as fw
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.dashboards.conftest import submitted
from tests.pages import page, text_of

LEVELS = (1, 2, 3, 4)


def counts(rows) -> pd.DataFrame:
    """Rows of (key, phase, value, schools[, la]); without an LA, each row is from an LA of its own."""
    rows = [(*row, n) if len(row) == 4 else row for n, row in enumerate(rows)]
    return pd.DataFrame(rows, columns=benchmarks.COUNT_COLUMNS)


# --- the summaries, on hand-made counts ---------------------------------------------------------


def test_a_group_is_summarised_from_its_counts():
    # Five schools: levels 1, 1, 2, 4, 4.
    frame = benchmarks.summarise(counts([("a", "", 1, 2), ("a", "", 2, 1), ("a", "", 4, 2)]), ["key"], LEVELS)
    row = frame.iloc[0]
    assert (row.schools, bool(row.shown), row["median"], row["mean"]) == (5, True, 2.0, 2.4)
    # The sample standard deviation, as on the LA's statements page: mean 2.4, squared deviations
    # 1.96 + 1.96 + 0.16 + 2.56 + 2.56 = 9.2, divided by n - 1 = 4: 2.3, root 1.5166.
    assert row.sd == pytest.approx((9.2 / 4) ** 0.5)
    assert [row[f"share_{v}"] for v in LEVELS] == [0.4, 0.2, 0.0, 0.4]


def test_the_median_of_an_even_group_falls_between_its_middle_two():
    frame = benchmarks.summarise(counts([("c", "", 2, 2, 1), ("c", "", 2, 1, 2), ("c", "", 3, 3, 3)]), ["key"], LEVELS)
    assert (frame.iloc[0]["median"], frame.iloc[0]["mean"]) == (2.5, 2.5)


def test_a_group_of_fewer_than_five_schools_is_hidden_but_listed():
    frame = benchmarks.summarise(counts([("a", "", 3, 3, 1), ("a", "", 3, 1, 2), ("a", "", 3, 1, 3),
                                         ("b", "", 1, 1, 1), ("b", "", 4, 1, 2), ("b", "", 4, 2, 3)]), ["key"], LEVELS)
    hidden = frame.set_index("key").loc["b"]
    assert hidden.schools == 4 and not hidden.shown and hidden.hidden == "Fewer than 5 schools"
    assert all(pd.isna(hidden[c]) for c in ("median", "mean", "sd", "share_1", "share_4"))
    assert frame.set_index("key").loc["a"]["median"] == 3.0


def test_groups_split_by_phase_are_each_held_to_the_minimum():
    frame = benchmarks.summarise(counts([
        ("a", "Primary", 3, 3, 1), ("a", "Primary", 3, 1, 2), ("a", "Primary", 3, 1, 3),
        ("a", "Secondary", 2, 2, 1), ("a", "Special", 4, 4, 1)]), ["key", "phase"], LEVELS)
    shown = dict(zip(frame["phase"], frame["shown"], strict=True))
    assert shown == {"Primary": True, "Secondary": False, "Special": False}


def test_statements_are_ranked_by_mean_then_median_then_framework_order():
    statements = pd.DataFrame({
        "key": ["s1", "s2", "s3", "s4"], "shown": [True, True, True, False],
        "mean": [2.5, 3.0, 2.5, 4.0], "median": [2.5, 3.0, 2.5, 4.0], "position": [2, 5, 1, 0]})
    assert list(benchmarks.ranked(statements)["key"]) == ["s2", "s3", "s1"]  # s4 is hidden


def test_year_on_year_change_counts_rises_falls_and_no_change():
    frame = benchmarks.changes(counts([("x", "", 1, 3), ("x", "", 0, 1), ("x", "", -1, 1), ("y", "", 1, 2)]))
    x, y = frame.set_index("key").loc["x"], frame.set_index("key").loc["y"]
    assert (x.schools, x.mean_change, x.share_up, x.share_same, x.share_down) == (5, 0.4, 0.6, 0.2, 0.2)
    assert not y.shown and pd.isna(y.mean_change)


def test_the_chart_draws_only_shown_areas_as_percentages():
    areas = benchmarks.summarise(counts([("a", "", 1, 2), ("a", "", 2, 1), ("a", "", 4, 2), ("b", "", 3, 2)]),
                                 ["key"], LEVELS)
    scale = fw.default_framework().scale
    figure = benchmark_charts.level_shares(areas, {"a": "1. Area A", "b": "2. Area B"}, scale)
    assert [bar.name for bar in figure.data] == [f"{level.value}. {level.label}" for level in scale.levels]
    assert [list(bar.y) for bar in figure.data] == [["1. Area A"]] * 4
    assert [bar.x[0] for bar in figure.data] == [40.0, 20.0, 0.0, 40.0]


# --- the analyst's pages over real rows --------------------------------------------------------


@pytest.fixture
def network(world, make):
    """2025/26: LA A (shares) has 4 primary schools, LA B (shares) 2 secondary ones and LA D
    (shares) 2 secondary ones, all submitted; LA C does not share. In 2024/25 LA A's four schools
    submitted too, a level lower in leadership."""
    selfeval.load_bundled_frameworks()
    a, b = world["a"], world["b"]
    c_la = make.la(name="Authority C", slug="authority-c", code="903")
    d_la = make.la(name="Authority D", slug="authority-d", code="904")
    plan = {a["la"]: (4, Phase.PRIMARY), b["la"]: (2, Phase.SECONDARY), c_la: (5, Phase.PRIMARY),
            d_la: (2, Phase.SECONDARY)}
    for la in (a["la"], b["la"], d_la):
        la.shares_benchmarks = True
    areas = [area.id for area in fw.default_framework().default_variant.areas]
    for la, (count, phase) in plan.items():
        schools = [make.school(la, name=f"{la.name} school {n}", phase=phase) for n in range(count)]
        senco = make.user(Role.LA_LEAD, la=la)
        this_year = cohorts.create_cohort(la, 2025, schools)
        last_year = cohorts.create_cohort(la, 2024, schools) if la is a["la"] else None
        for n, school in enumerate(schools):
            levels = [4 if la is c_la else 2 + (n % 2)] * len(areas)
            submitted(la, school, this_year, senco, levels)
            if last_year:
                submitted(la, school, last_year, senco, [levels[0], levels[1] - 1, *levels[2:]])
    db.session.commit()
    return {"analyst": world["analyst"], "names": [a["la"].name, b["la"].name, c_la.name, d_la.name]}


def test_network_data_counts_only_the_las_that_share(app, network):
    data = benchmarks.network_data(2025)
    assert (data.year, data.years, data.las, data.schools) == (2025, [2025, 2024], 3, 8)
    outcomes = data.areas.set_index("key").loc["outcomes"]
    # Levels 2, 3, 2, 3 (LA A), 2, 3 (LA B) and 2, 3 (LA D); LA C's level-4 schools are not counted.
    assert (outcomes.schools, outcomes["median"], outcomes["mean"], outcomes.share_4) == (8, 2.5, 2.5, 0.0)
    phases = data.phases[data.phases["key"] == "outcomes"].set_index("phase")
    assert not phases.loc["Primary"].shown and not phases.loc["Secondary"].shown  # one LA each
    assert data.year_on_year.set_index("key").loc["outcomes"].schools == 4  # only LA A has last year
    assert not data.year_on_year.set_index("key").loc["leadership"].shown


def test_the_analyst_sees_figures_but_no_names(app, network):
    client = sign_in(app.test_client(), network["analyst"])
    response = client.get("/network/?year=2025")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert all(name not in body for name in network["names"]) and "school 0" not in body
    soup = page(response)
    table = soup.find(id="area-levels-table")
    first = [text_of(cell) for cell in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert first[:4] == ["1. Outcomes for pupils with SEND", "8", "2.5", "2.50"]
    assert "Fewer than 3 local authorities" in text_of(soup.find("main"))
    statements = client.get("/network/statements?year=2025&show=all")
    assert statements.status_code == 200 and "Authority" not in statements.get_data(as_text=True)


def test_the_excel_export_has_a_sheet_per_table_and_a_note(app, network):
    client = sign_in(app.test_client(), network["analyst"])
    response = client.get("/network/benchmarks.xlsx?year=2025")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Areas", "Median by phase", "Statements ranked", "Year on year", "About"]
    assert "at least 3 local authorities and at least 5 schools stand behind it" in book["About"]["A1"].value
    # Figures are numbers with a number format, never text ("2.50", "50%") or "'"-guarded.
    areas = book["Areas"]
    header = [c.value for c in areas[1]]
    outcomes = {h: c for h, c in zip(header, areas[2], strict=True)}
    assert outcomes["Schools"].value == 8 and outcomes["Schools"].data_type == "n"
    assert (outcomes["Median level"].value, outcomes["Median level"].number_format) == (2.5, "0.0")
    assert (outcomes["Mean level"].value, outcomes["Mean level"].number_format) == (2.5, "0.00")
    developing = outcomes["Developing"]  # levels 2, 3, 2, 3, 2, 3, 2, 3: half at level 2
    assert (developing.value, developing.number_format, developing.data_type) == (0.5, "0%", "n")
    ranked = book["Statements ranked"]
    assert ranked["F1"].value == "Spread (sample standard deviation)"
    assert all(c.data_type == "n" for c in ranked[2][2:6])
    csv = client.get("/network/benchmarks.csv?year=2025").get_data(as_text=True)
    assert all(name not in csv for name in network["names"])


def test_with_too_few_schools_nothing_is_shown(app, world):
    world["a"]["la"].shares_benchmarks = True
    db.session.commit()
    response = sign_in(app.test_client(), world["analyst"]).get("/network/")
    assert response.status_code == 200
    assert "There is nothing to show yet" in response.get_data(as_text=True)


def test_areas_follow_the_framework_order_not_the_alphabet():
    frame = pd.DataFrame({"key": ["teaching", "outcomes", "zzz", "leadership"], "schools": [1, 2, 3, 4]})
    ordered = benchmarks.in_order(frame, ["outcomes", "leadership", "teaching"])
    assert list(ordered["key"]) == ["outcomes", "leadership", "teaching", "zzz"]


def test_the_figures_follow_a_reopened_self_evaluation(app, network, world):
    assert benchmarks.network_data(2025).schools == 8
    la = world["a"]["la"]
    cohort = next(c for c in cohorts.list_cohorts(la) if c.start_year == 2025)
    evaluation = next(e for e in selfeval.cohort_overview(la, cohort) if e.evaluation).evaluation
    selfeval.reopen(la, evaluation, "Missing evidence", evaluation.version)
    db.session.commit()
    assert benchmarks.network_data(2025).schools == 7


@pytest.mark.parametrize("path", ["/network/", "/network/statements", "/network/benchmarks.xlsx",
                                  "/network/benchmarks.csv", "/network/statements.csv"])
@pytest.mark.parametrize("sharing", [False, True])
def test_with_no_figures_every_network_page_and_download_answers(app, world, path, sharing):
    world["a"]["la"].shares_benchmarks = sharing
    db.session.commit()
    response = sign_in(app.test_client(), world["analyst"]).get(path)
    assert response.status_code == 200, path
