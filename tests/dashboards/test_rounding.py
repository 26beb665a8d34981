"""The dashboards' figures round half up, the same on the page, in the chart's hover text and in
the downloads (app.numbers), and say which spread they show."""

import pandas as pd

from app.numbers import Number
from dashboards import charts, reports
from dashboards.routes import network


def test_a_mean_of_two_point_one_two_five_shows_as_two_point_one_three_everywhere():
    cell = reports._number(2.125, 2)  # eight ratings: seven 2s and a 3
    assert cell.shown == "2.13" and isinstance(cell.value, Number) and cell.value.rounded == 2.13
    assert reports._number(2.135, 2).shown == "2.14" and reports._number(2.25, 1).shown == "2.3"
    ranked = pd.DataFrame({"statement_text": ["A statement"], "mean": [2.125], "median": [2.25],
                           "min": [2], "max": [3], "schools": [1]})
    hover = charts.statement_spread(ranked, [1, 2, 3, 4], ["a", "b", "c", "d"]).data[0]
    assert list(hover.customdata[0]) == ["1 school", "2.13", "2.3"]
    assert "%{customdata[1]}" in hover.hovertemplate and ":.2f" not in hover.hovertemplate


def test_changes_are_signed_numbers_and_network_shares_round_half_up():
    up = reports._change_cell(1)
    assert (up.shown, up.value.rounded, up.value.number_format) == ("+1", 1, "+0;-0;0")
    assert str(network._percent(0.125)) == "13%" and str(network._signed(-0.2)) == "-0.20"
    assert str(network._signed(0.125)) == "+0.13"
