"""Pure chart builders: rows in, plotly figure out. No database, no Flask."""

import plotly.graph_objects as go

from selfeval import framework as fw


def area_profile(scale: fw.Scale, areas: list[fw.Area], current: dict[str, int | None],
                 previous: dict[str, int | None] | None = None) -> go.Figure:
    """Bars of each area's overall judgement; last year's beside them when there is one.

    A missing judgement is left as a gap, never drawn as zero.
    """
    names = [f"{a.number}. {a.title}" for a in areas]
    figure = go.Figure()
    if previous is not None:
        figure.add_bar(name="Last year", y=names, x=[previous.get(a.id) for a in areas],
                       orientation="h", marker_color="#b1b4b6")
    figure.add_bar(name="This year", y=names, x=[current.get(a.id) for a in areas],
                   orientation="h", marker_color="#00546b")
    figure.update_layout(
        barmode="group",
        xaxis={"range": [0, scale.max + 0.2], "tickvals": list(scale.values),
               "ticktext": [level.label for level in scale.levels], "title": "Judgement"},
        yaxis={"autorange": "reversed"},
        height=120 + 55 * len(areas),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h"},
        font={"family": "Helvetica Neue, Arial, sans-serif"},
    )
    return figure
