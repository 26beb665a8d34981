"""Pure chart builders: a summary frame (summaries.py) in, a plotly figure out. No Flask, no
database. A missing value is drawn as a gap (None), never as zero; every page puts a table of
the same figures beside the chart."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboards import summaries

BRAND = "#00546b"
COLOURS = {
    "school": BRAND, "triad": "#5694ca", "cohort": "#505a5f", "previous": "#b1b4b6",
    "missing": "#f3f2f1",
}
# Sequential, light to dark: a higher level is a deeper colour, no red-for-bad.
LEVEL_COLOURS = ["#d2e2f1", "#8eb8dc", "#2b8cc4", "#00546b", "#003a4b", "#00242f"]
PROGRESS_COLOURS = {"Done": "#00703c", "On track": "#5694ca", "Not started, not yet due": "#b1b4b6",
                    "At risk or overdue": "#f47738"}
CHANGE_COLOURS = {summaries.IMPROVED: "#00703c", summaries.SAME: "#b1b4b6",
                  summaries.DECLINED: "#f47738", summaries.NOT_COMPARABLE: "#f3f2f1"}
FONT = {"family": "Helvetica Neue, Arial, sans-serif"}


def _value(value):
    """A frame value for plotly: None for NA (a gap), a plain int or float otherwise."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _layout(figure: go.Figure, rows: int, **extra) -> go.Figure:
    figure.update_layout(
        height=140 + 36 * max(rows, 1),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.05, "yanchor": "top"},
        font=FONT,
        **extra,
    )
    return figure


def _area_names(frame: pd.DataFrame) -> list[str]:
    return [f"{n}. {t}" for n, t in zip(frame["area_number"], frame["area_title"], strict=True)]


def _level_axis(levels: list[int], labels: list[str], title: str = "Level") -> dict:
    return {"range": [0, max(levels) + 0.3], "tickvals": levels, "ticktext": labels, "title": title}


def heatmap(wide: pd.DataFrame, areas: list[tuple[str, int, str]], levels: list[int],
            labels: list[str]) -> go.Figure:
    """Schools (rows, in the frame's order) by areas (columns), coloured by level. A school
    without a level is a blank cell labelled "Not submitted" (or "Not given")."""
    names = [f"{n}{' (coach)' if coach else ''}"
             for n, coach in zip(wide["school_name"], wide["is_coach"], strict=True)]
    z, text = [], []
    for n, submitted in enumerate(wide["submitted"]):
        values = [_value(wide[area_id].iloc[n]) for area_id, _, _ in areas]
        z.append(values)
        missing = summaries.NOT_GIVEN if submitted else summaries.NOT_SUBMITTED
        text.append([str(v) if v is not None else missing for v in values])
    steps = len(levels)
    scale = [[i / max(steps - 1, 1), LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)]] for i in range(steps)]
    figure = go.Figure(go.Heatmap(
        z=z, x=[f"{number}. {title}" for _, number, title in areas], y=names, text=text,
        texttemplate="%{text}", zmin=min(levels), zmax=max(levels), colorscale=scale,
        xgap=2, ygap=2, hoverongaps=False,
        colorbar={"tickvals": levels, "ticktext": labels, "title": {"text": "Level"}},
        hovertemplate="%{y}<br>%{x}<br>Level %{z}<extra></extra>",
    ))
    return _layout(figure, len(wide), yaxis={"autorange": "reversed"},
                   xaxis={"side": "top", "tickangle": -30})


def area_profile(profile: pd.DataFrame, levels: list[int], labels: list[str],
                 school_name: str) -> go.Figure:
    """The school's level in each area beside its triad's median, the cohort's median and its
    own level last year. Missing values are gaps."""
    names = _area_names(profile)
    figure = go.Figure()
    for column, name, colour in (("previous_level", f"{school_name} last year", COLOURS["previous"]),
                                 ("cohort_median", "Cohort median", COLOURS["cohort"]),
                                 ("triad_median", "Triad median", COLOURS["triad"]),
                                 ("level", school_name, COLOURS["school"])):
        figure.add_bar(name=name, y=names, x=[_value(v) for v in profile[column]],
                       orientation="h", marker_color=colour)
    return _layout(figure, 3 * len(profile), barmode="group", xaxis=_level_axis(levels, labels),
                   yaxis={"autorange": "reversed"})


def statement_spread(ranked: pd.DataFrame, levels: list[int], labels: list[str]) -> go.Figure:
    """Mean rating of each statement, with a line from the lowest to the highest rating given."""
    names = [_short(t) for t in ranked["statement_text"]]
    means = [_value(v) for v in ranked["mean"]]
    figure = go.Figure(go.Bar(
        y=names, x=means, orientation="h", marker_color=BRAND, name="Mean rating",
        error_x={"type": "data", "symmetric": False,
                 "array": [_value(h) - m for h, m in zip(ranked["max"], means, strict=True)],
                 "arrayminus": [m - _value(lo) for lo, m in zip(ranked["min"], means, strict=True)],
                 "color": "#0b0c0c"},
        customdata=list(zip(ranked["schools"], ranked["median"], strict=True)),
        hovertemplate="%{y}<br>Mean %{x:.2f}, median %{customdata[1]}, "
                      "%{customdata[0]} schools<extra></extra>",
    ))
    return _layout(figure, len(ranked), xaxis=_level_axis(levels, labels, "Rating"),
                   yaxis={"autorange": "reversed"}, showlegend=False)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def level_distribution(distribution: pd.DataFrame, levels: list[int], labels: list[str]) -> go.Figure:
    """Schools at each level in each area, stacked; schools that have not submitted are a
    separate pale segment, not a level."""
    names = _area_names(distribution)
    figure = go.Figure()
    for n, (level, label) in enumerate(zip(levels, labels, strict=True)):
        figure.add_bar(name=f"{level}. {label}", y=names, x=[int(v) for v in distribution[level]],
                       orientation="h", marker_color=LEVEL_COLOURS[min(n, len(LEVEL_COLOURS) - 1)])
    figure.add_bar(name=summaries.NOT_SUBMITTED, y=names,
                   x=[int(v) for v in distribution["not_submitted"]], orientation="h",
                   marker_color=COLOURS["missing"], marker_line_color="#505a5f",
                   marker_line_width=1)
    return _layout(figure, len(distribution), barmode="stack", xaxis={"title": "Schools"},
                   yaxis={"autorange": "reversed"})


def change_counts(counts: pd.DataFrame) -> go.Figure:
    """Schools whose level went up, stayed the same or went down, per area."""
    names = _area_names(counts)
    figure = go.Figure()
    for column in (summaries.IMPROVED, summaries.SAME, summaries.DECLINED, summaries.NOT_COMPARABLE):
        figure.add_bar(name=column, y=names, x=[int(v) for v in counts[column]], orientation="h",
                       marker_color=CHANGE_COLOURS[column], marker_line_color="#505a5f",
                       marker_line_width=1 if column == summaries.NOT_COMPARABLE else 0)
    return _layout(figure, len(counts), barmode="stack", xaxis={"title": "Schools"},
                   yaxis={"autorange": "reversed"})


def priorities_by_area(counts: pd.DataFrame) -> go.Figure:
    """Action-plan priorities in each area across the cohort."""
    figure = go.Figure(go.Bar(y=_area_names(counts), x=[int(v) for v in counts["priorities"]],
                              orientation="h", marker_color=BRAND, name="Priorities"))
    return _layout(figure, len(counts), xaxis={"title": "Priorities", "dtick": 1},
                   yaxis={"autorange": "reversed"}, showlegend=False)


def progress_by_area(progress: pd.DataFrame) -> go.Figure:
    """Actions in each area by where they stand: done, on track, not yet due, at risk."""
    names = _area_names(progress)
    figure = go.Figure()
    for column in summaries.PROGRESS:
        figure.add_bar(name=column, y=names, x=[int(v) for v in progress[column]],
                       orientation="h", marker_color=PROGRESS_COLOURS[column])
    return _layout(figure, len(progress), barmode="stack", xaxis={"title": "Actions", "dtick": 1},
                   yaxis={"autorange": "reversed"})


def completion(counts: pd.DataFrame) -> go.Figure:
    """Schools by self-evaluation status; the overdue ones as a second bar."""
    figure = go.Figure()
    figure.add_bar(name="Schools", x=list(counts["status"]), y=[int(v) for v in counts["schools"]],
                   marker_color=BRAND)
    figure.add_bar(name="Of which overdue", x=list(counts["status"]),
                   y=[int(v) for v in counts["overdue"]], marker_color="#f47738")
    figure.update_layout(height=360, margin={"l": 10, "r": 10, "t": 40, "b": 10}, font=FONT,
                         barmode="group", yaxis={"title": "Schools", "dtick": 1},
                         legend={"orientation": "h"})
    return figure
