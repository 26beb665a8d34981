"""One visual language for levels: the same colour for a level in every chart and table tag, and
contrast worked out from the one scale (selfeval.framework.colours) with WCAG's formula.

WCAG contrast is a ratio of luminances, and white to black is 21:1, so no more than two fills
can be 3:1 from each other in a chain that also stays 3:1 from white. What the scale promises
instead, for 2 to 7 levels: every level is at least 3:1 against white (the page, the gaps
between cells and bars, and "Not submitted", which is white and outlined), each level is
clearly darker than the one below it, words on a fill are 4.5:1, and every cell and bar
segment also says its level in words or numbers, so colour is never the only cue."""

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboards import benchmark_charts, charts, summaries
from dashboards.reports import Levels
from selfeval import charts as selfeval_charts
from selfeval import framework as fw
from selfeval.framework import colours
from tests.dashboards import frames
from tests.dashboards.test_summaries import SCHOOLS

REPO = Path(__file__).resolve().parents[2]
WHITE = "#ffffff"


def scale_of(count: int) -> fw.Scale:
    return fw.Scale(tuple(fw.Level(n, f"Level {n}", "") for n in range(1, count + 1)))


@pytest.mark.parametrize("count", range(2, colours.MOST_LEVELS + 1))
def test_every_level_stands_out_from_white_and_from_its_neighbours(count):
    styles = list(colours.level_styles(scale_of(count)).values())
    fills = [s.fill for s in styles]
    assert all(colours.contrast(fill, WHITE) >= 3 for fill in fills)  # and so from "Not submitted"
    assert all(colours.contrast(s.fill, s.text) >= 4.5 for s in styles)
    # Darker level by level (a grey print keeps the order), each step a visible one.
    luminances = [colours.luminance(fill) for fill in fills]
    assert luminances == sorted(luminances, reverse=True)
    assert all(colours.contrast(a, b) >= 1.24 for a, b in zip(fills, fills[1:], strict=False))
    assert len(set(s.css_class for s in styles)) == count


def test_the_absence_is_drawn_in_a_colour_that_stands_out_from_white():
    assert colours.contrast(colours.ABSENT_LINE, WHITE) >= 3
    assert colours.level_class([1, 2, 3, 4], None) == "app-level app-level-none"
    assert colours.level_class([1, 2, 3, 4], 9) == "app-level app-level-none"


def _compiled_level_rules() -> dict[str, tuple[str, str]]:
    css = (REPO / "app/static/css/app.css").read_text()

    def full(colour: str) -> str:
        colour = colour.lower()
        return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour

    found = {}
    for name, body in re.findall(r"\.(app-level-\d+-of-\d+)\{([^}]*)\}", css):
        props = dict(part.split(":", 1) for part in body.split(";") if part)
        found[name] = (full(props["background-color"]), full(props["color"]))
    return found


def test_the_stylesheet_is_written_from_the_scale_and_rebuilt():
    assert (REPO / "assets/scss/_levels.scss").read_text() == colours.sass()
    compiled = _compiled_level_rules()
    for count in range(2, colours.MOST_LEVELS + 1):
        for style in colours.level_styles(scale_of(count)).values():
            assert compiled[style.css_class] == (style.fill, style.text)


def _heatmap_colour(figure, level: int) -> str:
    trace = figure.data[0]
    position = (level - trace.zmin) / (trace.zmax - trace.zmin)
    return [colour for at, colour in trace.colorscale if at <= position][-1]


@pytest.mark.parametrize("count", [4, 5])
def test_a_level_has_one_colour_in_every_chart_and_tag(count):
    scale = scale_of(count)
    values, labels = list(scale.values), [level.label for level in scale.levels]
    expected = colours.level_colours(scale)

    ratings = frames.area_ratings(SCHOOLS)
    heatmap = charts.heatmap(summaries.heatmap(ratings, ["x", "y"]), frames.AREAS, values, labels)
    assert [_heatmap_colour(heatmap, v) for v in values] == expected
    assert [t.marker.color for t in heatmap.data[1:1 + count]] == expected  # its key

    distribution = summaries.level_distribution(ratings, values)
    stacked = charts.level_distribution(distribution, values, labels)
    assert [bar.marker.color for bar in stacked.data[:count]] == expected
    absent = stacked.data[count]
    assert absent.name == summaries.NOT_SUBMITTED and absent.marker.color == WHITE
    assert absent.marker.pattern.shape and absent.marker.line.color == colours.ABSENT_LINE

    shares = pd.DataFrame([{"key": "a", "shown": True, **{f"share_{v}": 1 / count for v in values}}])
    network = benchmark_charts.level_shares(shares, {"a": "1. Area A"}, scale)
    assert [bar.marker.color for bar in network.data] == expected
    # Legends list the levels in the scale's order.
    assert [bar.name for bar in network.data] == [f"{v}. {label}" for v, label in zip(values, labels, strict=True)]
    assert stacked.layout.legend.traceorder == network.layout.legend.traceorder == "normal"

    tags = Levels(SimpleNamespace(framework=SimpleNamespace(scale=scale)))
    compiled = _compiled_level_rules()
    for value, fill in zip(values, expected, strict=True):
        tag = tags.tag(value).split()
        assert tag[0] == "app-level" and compiled[tag[1]][0] == fill
        assert tags.cell(value, "").shown == f"{value}. Level {value}"  # the words, not only a colour
    assert tags.cell(None, summaries.NOT_SUBMITTED).tag == f"app-level {colours.ABSENT_CLASS}"


def test_chart_text_is_at_least_the_body_size():
    ratings = frames.area_ratings(SCHOOLS)
    figures = [
        charts.heatmap(summaries.heatmap(ratings, ["x", "y"]), frames.AREAS, [1, 2, 3, 4], list("abcd")),
        charts.level_distribution(summaries.level_distribution(ratings, [1, 2, 3, 4]), [1, 2, 3, 4], list("abcd")),
        selfeval_charts.area_profile(fw.default_framework().scale, list(fw.default_framework().default_variant.areas),
                                     {}, {}),
    ]
    for figure in figures:
        assert figure.layout.font.size >= 16 and figure.layout.legend.font.size >= 16
        assert figure.layout.xaxis.automargin and figure.layout.yaxis.automargin
        assert figure.layout.legend.orientation == "h"
    assert figures[0].data[0].textfont.size >= 16
    assert all(len(line) <= 20 for line in selfeval_charts.wrap(
        "8. Quality of SEND provision (interventions and support)").split("<br>"))
