"""Chart builders: figures from small hand-made frames. A missing value is a gap, never a 0."""

import json

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboards import benchmark_charts, charts, summaries
from selfeval import charts as selfeval_charts
from selfeval import framework as fw
from tests.dashboards import frames
from tests.dashboards.test_summaries import SCHOOLS, STATEMENTS

LEVELS, LABELS = [1, 2, 3, 4], ["Focus", "Developing", "Effective", "Strength"]


def test_heatmap_draws_schools_without_a_level_as_labelled_gaps():
    wide = summaries.heatmap(frames.area_ratings(SCHOOLS), ["x", "y"], "x", "desc")
    figure = charts.heatmap(wide, frames.AREAS, LEVELS, LABELS)
    trace = figure.data[0]
    assert list(trace.y) == ["ash (coach)", "Beech", "Dale (coach)", "Cedar"]
    assert [list(row) for row in trace.z] == [[4, 2], [3, 4], [3, None], [None, None]]
    assert [list(row) for row in trace.text] == [["4", "2"], ["3", "4"], ["3", "–"], ["–", "–"]]
    assert [list(row) for row in trace.customdata][2:] == [["3. Effective", "Not given"],
                                                           ["Not submitted", "Not submitted"]]
    assert (trace.zmin, trace.zmax) == (0.5, 4.5) and list(trace.x) == ["1", "2"]
    # The key: each level in the scale's order, then the absence.
    assert [t.name for t in figure.data[1:]] == ["1. Focus", "2. Developing", "3. Effective",
                                                 "4. Strength", "– Not submitted"]


def test_area_profile_bars_are_the_profile_with_gaps():
    ratings = frames.area_ratings(SCHOOLS)
    years = frames.year_on_year([(1, "x", 3, 2)])
    profile = summaries.school_profile(ratings, years, 1)
    figure = charts.area_profile(profile, LEVELS, LABELS, "Beech")
    bars = {bar.name: list(bar.x) for bar in figure.data}
    assert bars == {"Beech last year": [2, None], "Cohort median": [3, 3],
                    "Triad median": [3.5, 3], "Beech": [3, 4]}
    assert figure.layout.barmode == "group" and list(figure.layout.xaxis.ticktext) == ["1", "2", "3", "4"]


def test_statement_spread_shows_the_mean_and_the_range():
    ranked = summaries.ranked_statements(STATEMENTS)
    bar = charts.statement_spread(ranked, LEVELS, LABELS).data[0]
    assert list(bar.x) == [4, 3, 3, 3, 1]
    # a.6: ratings 1, 4, 4 -> mean 3, so the line runs 2 below and 1 above it.
    assert bar.error_x.arrayminus[1] == 2 and bar.error_x.array[1] == 1
    assert bar.y[0] == "Text a.1"


def test_level_distribution_keeps_not_submitted_apart_from_the_levels():
    dist = summaries.level_distribution(frames.area_ratings(SCHOOLS), LEVELS)
    figure = charts.level_distribution(dist, LEVELS, LABELS)
    bars = {bar.name: list(bar.x) for bar in figure.data}
    assert bars["3. Effective"] == [2, 0] and bars["4. Strength"] == [1, 1]
    assert bars["Not submitted"] == [1, 1]
    assert figure.layout.barmode == "stack"


def test_change_progress_priorities_and_completion_charts():
    years = frames.year_on_year([(1, "x", 3, 2), (2, "x", 4, None), (1, "y", 2, 3)])
    change = {bar.name: list(bar.x) for bar in charts.change_counts(summaries.change_counts(years)).data}
    assert change == {"Up": [1, 0], "No change": [0, 0], "Down": [0, 1], "Not comparable": [1, 0]}
    counts = pd.DataFrame({"area_id": ["x"], "area_number": [1], "area_title": ["Area X"], "priorities": [3]})
    assert list(charts.priorities_by_area(counts).data[0].x) == [3]
    progress = pd.DataFrame({"area_id": ["x"], "area_number": [1], "area_title": ["Area X"], "Done": [1],
                             "On track": [0], "Not started, not yet due": [2], "At risk or overdue": [1]})
    assert [list(bar.x) for bar in charts.progress_by_area(progress).data] == [[1], [0], [2], [1]]
    statuses = pd.DataFrame({"status": ["Submitted", "Not started"], "schools": [4, 2], "overdue": [0, 1]})
    done = charts.completion(statuses)
    assert [list(bar.y) for bar in done.data] == [[4, 2], [0, 1]]


def test_figures_serialise_to_json_without_nan():
    wide = summaries.heatmap(frames.area_ratings(SCHOOLS), ["x", "y"])
    text = charts.heatmap(wide, frames.AREAS, LEVELS, LABELS).to_json()
    assert "NaN" not in text and json.loads(text)["data"][0]["z"][2] == [None, None]


def test_charts_written_as_plotly_json_are_figures_plotly_accepts():
    """The charts skip plotly's validation for speed: plotly's own figure must accept every one
    as written (a misspelt property raises) and read back the same, default template and all."""
    ratings = frames.area_ratings(SCHOOLS)
    years = frames.year_on_year([(1, "x", 3, 2)])
    scale = fw.default_framework().scale
    shares = pd.DataFrame([{"key": "a", "shown": True, **{f"share_{v}": 0.25 for v in scale.values}}])
    figures = [
        charts.heatmap(summaries.heatmap(ratings, ["x", "y"]), frames.AREAS, LEVELS, LABELS),
        charts.area_profile(summaries.school_profile(ratings, years, 1), LEVELS, LABELS, "Beech"),
        charts.statement_spread(summaries.ranked_statements(STATEMENTS), LEVELS, LABELS),
        charts.level_distribution(summaries.level_distribution(ratings, LEVELS), LEVELS, LABELS),
        charts.change_counts(summaries.change_counts(years)),
        charts.completion(pd.DataFrame({"status": ["Submitted"], "schools": [4], "overdue": [1]})),
        benchmark_charts.level_shares(shares, {"a": "1. Area A"}, scale),
        selfeval_charts.area_profile(scale, list(fw.default_framework().default_variant.areas), {}, {}),
    ]
    for figure in figures:
        spec = json.loads(figure.to_json())
        assert json.loads(go.Figure(spec).to_json()) == spec
        assert spec["layout"]["template"] == pio.templates[pio.templates.default].to_plotly_json()
        assert spec["layout"]["xaxis"]["title"]["standoff"] == 10 and spec["layout"]["yaxis"]["automargin"]
