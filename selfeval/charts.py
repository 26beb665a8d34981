"""Pure chart builders: rows in, plotly figure out. No database, no Flask.

`readable` is the one look of every chart in the service (the dashboards use it too): text at
the body size, labels that make room for themselves, the legend above the plot in the order the
traces were added, white behind the plot so that a white gap or an absence reads as nothing.

Traces and layout are written as plain plotly JSON, not plotly's figure objects: their property
validation and copying cost tens of milliseconds per chart, most of a chart page's time. The JSON is what
the figure objects serialised to, their default template included, so the charts look the same.
"""

import functools
import textwrap
from typing import Any

import plotly.io as pio

from selfeval import framework as fw

FONT = {"family": "Helvetica Neue, Helvetica, Arial, sans-serif", "size": 16, "color": "#0b0c0c"}
GRID = "#b1b4b6"
LINE_HEIGHT = 20  # pixels per line of 16px text in a tick label
THIS_YEAR, LAST_YEAR = "#00546b", "#b1b4b6"


def wrap(text: str, width: int = 20, lines: int = 3) -> str:
    """A long label over up to `lines` lines of about `width` characters, cut with an ellipsis:
    one line of a long area title would squeeze the plot to nothing on a phone."""
    parts = textwrap.wrap(str(text), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return "<br>".join(parts)


def category_height(labels: list[str], bars_per_category: int = 1, bar: int = 24) -> int:
    """Room for each category of a horizontal bar chart: its bars, or its wrapped label."""
    per = [max(bars_per_category * bar, (label.count("<br>") + 1) * LINE_HEIGHT) + 16 for label in labels]
    return sum(per)


class Props:
    """Plotly JSON read the way plotly's figures read: `figure.layout.xaxis.title.text`; an
    unset property is None."""

    __slots__ = ("_spec",)

    def __init__(self, spec: dict) -> None:
        self._spec = spec

    def __getattr__(self, name: str) -> Any:
        value = self._spec.get(name)
        return Props(value) if isinstance(value, dict) else value


class Figure:
    """A chart: its traces and layout as plotly JSON, for a page's `Plotly.newPlot`."""

    def __init__(self, data: list[dict], layout: dict) -> None:
        self._spec = {"data": data, "layout": layout}

    @property
    def data(self) -> tuple[Props, ...]:
        return tuple(Props(trace) for trace in self._spec["data"])

    @property
    def layout(self) -> Props:
        return Props(self._spec["layout"])

    def to_json(self) -> str:
        # plotly's encoder, without its validation: a missing value (None or NaN) becomes null.
        return pio.to_json(self._spec, validate=False)


@functools.cache
def _template() -> dict:
    """The default template as JSON, as a validated figure would carry it (built once)."""
    return pio.templates[pio.templates.default].to_plotly_json()


def bar(name: str, x: list, y: list, marker: dict | str, **trace) -> dict:
    """A bar trace; a plain colour for `marker` is its fill."""
    return {"type": "bar", "name": name, "x": x, "y": y,
            "marker": marker if isinstance(marker, dict) else {"color": marker}, **trace}


def readable(traces: list[dict], height: int, **layout) -> Figure:
    """The service's chart style over plotly JSON traces. `height` is the plot's own height;
    margins, the legend and the axis titles are added to it."""
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
              "traceorder": "normal", "font": FONT} | layout.pop("legend", {})
    xaxis, yaxis = layout.pop("xaxis", {}), layout.pop("yaxis", {})
    axis = {"automargin": True, "gridcolor": GRID, "zerolinecolor": GRID}
    spec = {
        "template": _template(),
        "height": height + 120,
        "font": FONT,
        "hoverlabel": {"font": FONT},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10, "autoexpand": True},
        "legend": legend,
        **layout,
        "xaxis": xaxis | axis | {"title": xaxis.get("title", {}) | {"standoff": 10}},
        "yaxis": yaxis | axis,
    }
    return Figure(traces, spec)


def level_axis(values: list[int], title: str = "Level") -> dict:
    """A value axis of the scale's levels, labelled by number: the level's words are in the key
    and the table beside the chart (four labels of several words overlap on a phone)."""
    return {"range": [0, max(values) + 0.3], "tickvals": list(values),
            "ticktext": [str(v) for v in values], "title": {"text": title}}


def area_profile(scale: fw.Scale, areas: list[fw.Area], current: dict[str, int | None],
                 previous: dict[str, int | None] | None = None) -> Figure:
    """Bars of each area's overall judgement; last year's beside them when there is one.

    A missing judgement is left as a gap, never drawn as zero.
    """
    names = [wrap(f"{a.number}. {a.title}") for a in areas]
    traces = []
    if previous is not None:
        traces.append(bar("Last year", [previous.get(a.id) for a in areas], names, LAST_YEAR, orientation="h"))
    traces.append(bar("This year", [current.get(a.id) for a in areas], names, THIS_YEAR, orientation="h"))
    return readable(traces, category_height(names, 2 if previous is not None else 1),
                    barmode="group",
                    xaxis=level_axis(list(scale.values), "Judgement (1 to " f"{scale.max})"),
                    yaxis={"autorange": "reversed"})
