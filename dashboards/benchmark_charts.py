"""The network view's chart: a pure function of the anonymised area summary."""

import pandas as pd
import plotly.graph_objects as go

from selfeval import framework as fw

# Light to dark: the lowest level is a focus for development, the highest a strength to share.
LEVEL_COLOURS = ("#f4c7b8", "#e8b54d", "#6fa8b8", "#00546b")


def level_shares(areas: pd.DataFrame, titles: dict[str, str], scale: fw.Scale) -> go.Figure:
    """Stacked bars: the share of schools at each level, per area. Hidden areas (too few
    schools) are left out of the chart; the table beside it says why."""
    shown = areas[areas["shown"]] if len(areas) else areas
    names = [titles.get(key, key) for key in shown["key"]]
    figure = go.Figure()
    for level, colour in zip(scale.levels, LEVEL_COLOURS * 2, strict=False):
        figure.add_bar(name=level.label, y=names, x=[round(float(v) * 100, 1) for v in shown[f"share_{level.value}"]],
                       orientation="h", marker_color=colour)
    figure.update_layout(
        barmode="stack",
        xaxis={"range": [0, 100], "title": "Share of schools (%)"},
        yaxis={"autorange": "reversed"},
        height=140 + 50 * len(names),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h"},
        font={"family": "Helvetica Neue, Arial, sans-serif"},
    )
    return figure
