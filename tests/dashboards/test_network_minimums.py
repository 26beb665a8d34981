"""The network benchmarks show a figure only when enough LAs and schools stand behind it, and
year-on-year figures only over LAs present in both years; the pages, the downloads and the data
feed apply the one rule (dashboards/benchmarks.py), on hand-made networks worked out by hand.

The network, all submitted, every area and statement at the school's level:

    LA P: 10 primary schools at level 3 in 2025/26; two of them at level 2 in 2024/25
    LA Q: 10 primary schools at level 2 in 2025/26; two of them at level 2 in 2024/25
    LA R: 2 secondary schools at level 4 in 2025/26, and at level 4 in 2024/25
    LA S: 2 secondary schools at level 1 in 2025/26, joining that year (nothing in 2024/25)

Each test chooses which LAs share.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from app import create_app
from app.extensions import db
from app.interfaces import cohorts
from app.models import Phase, Role
from dashboards import benchmarks
from selfeval import interfaces as selfeval
from tests.conftest import shared_fixture, sign_in
from tests.dashboards.conftest import submitted
from tests.feed import bearer, new_token, read_all
from tests.pages import page, text_of

PLAN = {  # LA: (phase, schools this year, level this year, schools last year, level last year)
    "P": (Phase.PRIMARY, 10, 3, 2, 2),
    "Q": (Phase.PRIMARY, 10, 2, 2, 2),
    "R": (Phase.SECONDARY, 2, 4, 2, 4),
    "S": (Phase.SECONDARY, 2, 1, 0, None),
}
NO_LAS = "Fewer than 3 local authorities"


@shared_fixture
def hand_network(world, make):
    selfeval.load_bundled_frameworks()
    las = {}
    for key, (phase, count, level, before, last_level) in PLAN.items():
        la = make.la(name=f"Network Authority {key}", slug=f"network-{key.lower()}")
        schools = [make.school(la, name=f"Network {key} school {n}", phase=phase) for n in range(count)]
        lead = make.user(Role.LA_LEAD, la=la)
        this_year = cohorts.create_cohort(la, 2025, schools)
        last_year = cohorts.create_cohort(la, 2024, schools[:before]) if before else None
        for n, school in enumerate(schools):
            submitted(la, school, this_year, lead, [level] * 8)
            if n < before:
                submitted(la, school, last_year, lead, [last_level] * 8)
        las[key] = la
    db.session.commit()
    return {"las": las, "analyst": world["analyst"]}


def share(network, *keys: str) -> None:
    for key, la in network["las"].items():
        la.shares_benchmarks = key in keys
    db.session.commit()


def analyst(app, network):
    return sign_in(app.test_client(), network["analyst"])


def rows_of(table) -> list[list[str]]:
    return [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]


# --- two LAs: nothing at all -------------------------------------------------------------------


def test_two_las_of_ten_schools_show_nothing_anywhere(app, hand_network, world):
    share(hand_network, "P", "Q")
    data = benchmarks.network_data(2025)
    assert (data.las, data.schools, data.shown, data.hidden) == (2, 20, False, NO_LAS)
    assert data.areas.empty and data.statements.empty and data.year_on_year.empty

    client = analyst(app, hand_network)
    for path in ("/network/?year=2025", "/network/statements?year=2025"):
        main = text_of(page(client.get(path)).find("main"))
        assert "There is nothing to show yet for 2025/26: fewer than 3 local authorities" in main, path
    book = load_workbook(io.BytesIO(client.get("/network/benchmarks.xlsx?year=2025").data))
    figures = [cell.value for sheet in book.worksheets if sheet.title != "About"
               for row in sheet.iter_rows(min_row=2) for cell in row[1:]]
    assert not [value for value in figures if value not in (None, "")]  # at most the areas' names
    for path in ("/network/benchmarks.csv?year=2025", "/network/statements.csv?year=2025"):
        assert len(list(csv.reader(io.StringIO(client.get(path).get_data(as_text=True))))) == 1, path

    token = new_token(None, world["analyst"], "Network report")
    for resource in ("areas", "phases", "statements", "year-on-year"):
        response = app.test_client().get(f"/api/v1/network/{resource}?year=2025", headers=bearer(token))
        assert response.json["data"] == [], resource
        assert (response.json["meta"]["las"], response.json["meta"]["min_las"]) == (2, 3)


# --- three LAs and more: figures, each group held to the rule ------------------------------------


def test_three_las_show_their_figures_but_not_a_phase_of_two_las(app, hand_network):
    share(hand_network, "P", "Q", "R")
    data = benchmarks.network_data(2025)
    assert (data.las, data.schools, data.shown) == (3, 22, True)
    outcomes = data.areas.set_index("key").loc["outcomes"]
    # 10 at level 2, 10 at level 3, 2 at level 4: mean 58 / 22; the 11th and 12th are both 3.
    assert (outcomes.schools, outcomes.las, outcomes["median"]) == (22, 3, 3.0)
    assert outcomes["mean"] == pytest.approx(58 / 22)
    phases = data.phases[data.phases["key"] == "outcomes"].set_index("phase")
    assert list(phases["hidden"]) == [NO_LAS, NO_LAS]  # primary: P and Q; secondary: R alone
    assert phases["median"].isna().all()

    main = page(analyst(app, hand_network).get("/network/?year=2025")).find("main")
    assert rows_of(main.find(id="area-levels-table"))[0][:4] == ["1. Outcomes for pupils with SEND", "22", "3.0",
                                                                   "2.64"]
    assert NO_LAS in text_of(main)


def test_an_la_joining_this_year_counts_this_year_but_not_in_the_change(app, hand_network):
    share(hand_network, "P", "Q", "R", "S")
    data = benchmarks.network_data(2025)
    assert (data.las, data.schools, data.year_on_year_las) == (4, 24, 3)
    outcomes = data.areas.set_index("key").loc["outcomes"]
    # S's two level-1 schools count this year: 30 + 20 + 8 + 2 = 60 over 24 schools.
    assert (outcomes.schools, outcomes.las, outcomes["mean"], outcomes.share_1) == (24, 4, 2.5, 2 / 24)
    change = data.year_on_year.set_index("key").loc["outcomes"]
    # P's two schools rose a level, Q's two and R's two stayed: 2 / 6. Nothing of S's.
    assert (change.schools, change.las, bool(change.shown)) == (6, 3, True)
    assert (change.mean_change, change.share_up, change.share_same, change.share_down) == pytest.approx(
        (1 / 3, 1 / 3, 2 / 3, 0))


def test_the_change_needs_three_las_present_in_both_years(app, hand_network):
    share(hand_network, "P", "Q", "S")  # three LAs this year, but only P and Q last year
    data = benchmarks.network_data(2025)
    assert (data.shown, data.year_on_year_las) == (True, 2)
    change = data.year_on_year.set_index("key").loc["outcomes"]
    assert (change.schools, bool(change.shown), change.hidden) == (4, False, NO_LAS)
    main = text_of(page(analyst(app, hand_network).get("/network/?year=2025")).find("main"))
    assert "Only local authorities that shared figures in both years count here (2 this year)" in main


# --- every page, download and the feed say the same ------------------------------------------


def test_the_downloads_and_the_feed_match_the_page(app, hand_network, world):
    share(hand_network, "P", "Q", "R", "S")
    client = analyst(app, hand_network)
    main = page(client.get("/network/?year=2025")).find("main")
    on_page = rows_of(main.find(id="area-levels-table"))
    book = load_workbook(io.BytesIO(client.get("/network/benchmarks.xlsx?year=2025").data))
    areas = [[c.value for c in row] for row in book["Areas"].iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2], r[3]) for r in areas] == [
        (r[0], int(r[1]), float(r[2]), float(r[3])) for r in on_page]
    by_phase = [[c.value for c in row] for row in book["Median by phase"].iter_rows(min_row=2)]
    assert {cell for row in by_phase for cell in row[1:]} == {NO_LAS}
    changes = [[c.value for c in row] for row in book["Year on year"].iter_rows(min_row=2)]
    assert changes[0][:3] == ["1. Outcomes for pupils with SEND", 6, 0.33]  # rounded as on the page
    assert "at least 3 local authorities and at least 5 schools" in book["About"]["A1"].value
    csv_rows = list(csv.reader(io.StringIO(client.get("/network/benchmarks.csv?year=2025").get_data(as_text=True))))
    assert [row[:2] for row in csv_rows[1:]] == [row[:2] for row in on_page]

    token = new_token(None, world["analyst"], "Network report")
    feed = app.test_client()
    feed_areas = read_all(feed, "/api/v1/network/areas?year=2025", token)
    assert [(r["area_title"], r["schools"], r["median"], r["mean"]) for r in feed_areas] == [
        (r[0], r[1], r[2], r[3]) for r in areas]
    assert {(r["shown"], r["hidden_reason"]) for r in read_all(feed, "/api/v1/network/phases?year=2025", token)} == {
        (False, NO_LAS)}
    feed_change = read_all(feed, "/api/v1/network/year-on-year?year=2025", token)[0]
    assert (feed_change["schools"], feed_change["hidden_reason"]) == (6, None)
    assert round(feed_change["mean_change"], 2) == changes[0][2]
    statements = read_all(feed, "/api/v1/network/statements?year=2025", token)
    assert statements and all(r["shown"] for r in statements)


# --- the minimums are configurable upward only ------------------------------------------------


def test_higher_minimums_hide_more(app, hand_network, monkeypatch):
    share(hand_network, "P", "Q", "R", "S")
    monkeypatch.setitem(app.config, "NETWORK_MIN_LAS", 5)
    assert benchmarks.network_data(2025).hidden == "Fewer than 5 local authorities"
    monkeypatch.setitem(app.config, "NETWORK_MIN_LAS", 3)
    monkeypatch.setitem(app.config, "NETWORK_MIN_SCHOOLS", 7)
    data = benchmarks.network_data(2025)
    assert data.shown and data.year_on_year.set_index("key").loc["outcomes"].hidden == "Fewer than 7 schools"
    main = text_of(page(analyst(app, hand_network).get("/network/?year=2025")).find("main"))
    assert "at least 3 local authorities and at least 7 schools stand behind it" in main


@pytest.mark.parametrize(("key", "value"), [("NETWORK_MIN_LAS", 2), ("NETWORK_MIN_SCHOOLS", 4),
                                            ("NETWORK_MIN_LAS", 0)])
def test_lower_minimums_are_refused_at_start_up(key, value):
    with pytest.raises(RuntimeError, match=f"{key} is {value}: it may be raised but never set below"):
        create_app("test", **{key: value})
