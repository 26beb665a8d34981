"""The network's benchmarks in the data feed, on the network pages' own rows (test_benchmarks):
only the LAs that share, groups under the minimum hidden, no school or LA named, every field as
declared."""

import pytest
from jsonschema import Draft202012Validator

from app.api import openapi
from tests.dashboards import test_benchmarks
from tests.feed import NETWORK_RESOURCES as NETWORK
from tests.feed import bearer, new_token, read_all, url_of

network = test_benchmarks.network  # the network pages' own rows, as a fixture here too


@pytest.fixture
def analyst_token(world):
    return new_token(None, world["analyst"], "Network report")


@pytest.mark.parametrize("resource", NETWORK, ids=[r.name for r in NETWORK])
def test_each_network_row_has_the_declared_fields_and_names_no_one(app, network, analyst_token, resource):
    client = app.test_client()
    response = client.get(url_of(resource) + "?year=2025", headers=bearer(analyst_token))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert all(name not in body for name in network["names"]) and "school 0" not in body
    meta = response.json["meta"]
    assert (meta["year"], meta["years"], meta["las"], meta["schools"], meta["min_group"]) == (
        2025, [2025, 2024], 3, 8, 5)
    rows = read_all(client, url_of(resource) + "?year=2025", analyst_token, per_page=3)
    assert rows
    validator = Draft202012Validator(openapi.row_schema(resource), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for row in rows:
        assert not [e.message for e in validator.iter_errors(row)], row
        assert row["year"] == 2025
        if not row["shown"]:
            figures = {k: v for k, v in row.items() if k.startswith(("share", "mean", "median", "sd"))}
            assert figures and all(v is None for v in figures.values()), row


def test_only_las_that_share_are_counted_and_small_groups_are_hidden(app, network, analyst_token):
    client = app.test_client()
    areas = {r["area_id"]: r for r in read_all(client, "/api/v1/network/areas?year=2025", analyst_token)}
    # Levels 2, 3, 2, 3 (LA A), 2, 3 (LA B) and 2, 3 (LA D); LA C, which does not share, gave level 4.
    outcomes = areas["outcomes"]
    assert (outcomes["schools"], outcomes["shown"], outcomes["median"], outcomes["mean"]) == (8, True, 2.5, 2.5)
    assert (outcomes["share_level_2"], outcomes["share_level_3"], outcomes["share_level_4"]) == (0.5, 0.5, 0.0)
    phases = {r["phase"]: r for r in read_all(client, "/api/v1/network/phases?year=2025", analyst_token)
              if r["area_id"] == "outcomes"}
    assert {p: (r["schools"], r["shown"], r["median"]) for p, r in phases.items()} == {
        "Primary": (4, False, None), "Secondary": (4, False, None)}
    changes = {r["area_id"]: r for r in read_all(client, "/api/v1/network/year-on-year?year=2025", analyst_token)}
    assert changes["outcomes"]["schools"] == 4 and not changes["outcomes"]["shown"]
    assert changes["outcomes"]["mean_change"] is None
    statements = read_all(client, "/api/v1/network/statements?year=2025", analyst_token)
    assert {r["schools"] for r in statements} == {8} and all(r["shown"] for r in statements)


def test_the_feed_and_the_page_show_the_same_figures(app, network, analyst_token, world):
    from tests.conftest import sign_in
    from tests.pages import page, text_of

    client = app.test_client()
    areas = read_all(client, "/api/v1/network/areas?year=2025", analyst_token)
    table = page(sign_in(app.test_client(), world["analyst"]).get("/network/?year=2025")).find(id="area-levels-table")
    first = [text_of(cell) for cell in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert first[:4] == [areas[0]["area_title"], str(areas[0]["schools"]), f"{areas[0]['median']:.1f}",
                         f"{areas[0]['mean']:.2f}"]


def test_with_too_few_schools_the_feed_is_empty(app, world, analyst_token):
    world["a"]["la"].shares_benchmarks = True
    from app.extensions import db

    db.session.commit()
    response = app.test_client().get("/api/v1/network/areas", headers=bearer(analyst_token))
    assert response.status_code == 200 and response.json["data"] == [] and response.json["meta"]["total"] == 0


def test_an_la_token_cannot_read_the_network(app, world, network):
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    for resource in NETWORK:
        response = app.test_client().get(url_of(resource), headers=bearer(secret))
        assert response.status_code == 403 and set(response.json) == {"error"}
