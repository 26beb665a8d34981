"""Pure chart builders: rows in, plotly figure out. No database, no Flask.

`readable` is the one look of every chart in the service (the dashboards use it too): text at
the body size, labels that make room for themselves, the legend above the plot in the order the
traces were added, white behind the plot so that a white gap or an absence reads as nothing.
"""

import textwrap

import plotly.graph_objects as go

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


def readable(figure: go.Figure, height: int, **layout) -> go.Figure:
    """The service's chart style. `height` is the plot's own height; margins, the legend and
    the axis titles are added to it."""
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
              "traceorder": "normal", "font": FONT} | layout.pop("legend", {})
    figure.update_layout(
        height=height + 120,
        font=FONT,
        hoverlabel={"font": FONT},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 10, "b": 10, "autoexpand": True},
        legend=legend,
        **layout,
    )
    figure.update_xaxes(automargin=True, gridcolor=GRID, zerolinecolor=GRID, title_standoff=10)
    figure.update_yaxes(automargin=True, gridcolor=GRID, zerolinecolor=GRID)
    return figure


def level_axis(values: list[int], title: str = "Level") -> dict:
    """A value axis of the scale's levels, labelled by number: the level's words are in the key
    and the table beside the chart (four labels of several words overlap on a phone)."""
    return {"range": [0, max(values) + 0.3], "tickvals": list(values),
            "ticktext": [str(v) for v in values], "title": {"text": title}}


def area_profile(scale: fw.Scale, areas: list[fw.Area], current: dict[str, int | None],
                 previous: dict[str, int | None] | None = None) -> go.Figure:
    """Bars of each area's overall judgement; last year's beside them when there is one.

    A missing judgement is left as a gap, never drawn as zero.
    """
    names = [wrap(f"{a.number}. {a.title}") for a in areas]
    figure = go.Figure()
    if previous is not None:
        figure.add_bar(name="Last year", y=names, x=[previous.get(a.id) for a in areas],
                       orientation="h", marker_color=LAST_YEAR)
    figure.add_bar(name="This year", y=names, x=[current.get(a.id) for a in areas],
                   orientation="h", marker_color=THIS_YEAR)
    return readable(figure, category_height(names, 2 if previous is not None else 1),
                    barmode="group",
                    xaxis=level_axis(list(scale.values), "Judgement (1 to " f"{scale.max})"),
                    yaxis={"autorange": "reversed"})
