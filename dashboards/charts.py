"""Pure chart builders: a summary frame (summaries.py) in, a plotly figure out. No Flask, no
database. A missing value is drawn as a gap (None), never as zero; every page puts a table of
the same figures beside the chart."""

from __future__ import annotations

import pandas as pd

from app.numbers import number_text
from dashboards import summaries
from selfeval.charts import Figure, bar, category_height, level_axis, readable, wrap
from selfeval.framework import colours

BRAND = "#00546b"
COLOURS = {"school": BRAND, "triad": "#5694ca", "cohort": "#505a5f", "previous": "#b1b4b6"}
PROGRESS_COLOURS = {"Done": "#00703c", "On track": "#5694ca", "Not started, not yet due": "#b1b4b6",
                    "At risk or overdue": "#f47738"}
CHANGE_COLOURS = {summaries.IMPROVED: "#00703c", summaries.SAME: "#b1b4b6",
                  summaries.DECLINED: "#f47738", summaries.NOT_COMPARABLE: "#ffffff"}
# An absence ("Not submitted", "Not comparable") is white, outlined and hatched, never a pale fill.
ABSENT = {"color": "#ffffff", "line": {"color": colours.ABSENT_LINE, "width": 1},
          "pattern": {"shape": "/", "fgcolor": colours.ABSENT_LINE, "bgcolor": "#ffffff", "size": 8}}
HEATMAP_ROW, HEATMAP_COLUMN, HEATMAP_NAMES = 44, 64, 260  # pixels: a fixed size, scrolled on a phone


def _value(value):
    """A frame value for plotly: None for NA (a gap), a plain int or float otherwise."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _area_names(frame: pd.DataFrame) -> list[str]:
    return [wrap(f"{n}. {t}") for n, t in zip(frame["area_number"], frame["area_title"], strict=True)]


def _count_axis(title: str) -> dict:
    """Whole numbers, as many ticks as fit: one per school would collide on a phone."""
    return {"title": {"text": title}, "tickformat": "d", "nticks": 6}


def _steps(levels: list[int]) -> list[list]:
    """A stepped colour scale: each level one flat colour, from the one scale of levels."""
    fills, low, high = colours.level_colours(levels), min(levels), max(levels)
    scale = []
    for level, fill in zip(levels, fills, strict=True):
        for edge in (level - 0.5, level + 0.5):
            scale.append([min(max((edge - low + 0.5) / (high - low + 1), 0), 1), fill])
    return scale


def _key(name: str, symbol: str, colour: str) -> dict:
    """A legend entry with no points: the heatmap's key."""
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
            "marker": {"symbol": symbol, "size": 16, "color": colour}}


def heatmap(wide: pd.DataFrame, areas: list[tuple[str, int, str]], levels: list[int],
            labels: list[str]) -> Figure:
    """Schools (rows, in the frame's order) by areas (columns, by number), coloured by level,
    each cell labelled with its level. A school without a level is a white cell labelled "Not
    submitted" (or "Not given"). Drawn at a fixed size that a phone scrolls sideways."""
    names = [wrap(f"{n}{' (coach)' if coach else ''}", 26, 2)
             for n, coach in zip(wide["school_name"], wide["is_coach"], strict=True)]
    words = dict(zip(levels, labels, strict=True))
    # Each column converted once, then read row by row: indexing the frame per cell cost more
    # than the rest of the page at 140 schools.
    columns = [[_value(v) for v in wide[area_id].astype(object)] for area_id, _, _ in areas]
    z, text, hover = [], [], []
    for n, submitted in enumerate(wide["submitted"]):
        values = [column[n] for column in columns]
        z.append(values)
        missing = summaries.NOT_GIVEN if submitted else summaries.NOT_SUBMITTED
        text.append([str(v) if v is not None else "–" for v in values])
        hover.append([f"{v}. {words.get(v, '')}" if v is not None else missing for v in values])
    traces = [{
        "type": "heatmap", "z": z, "x": [str(number) for _, number, _ in areas], "y": names, "text": text,
        "customdata": hover, "texttemplate": "%{text}", "textfont": {"size": 16},
        "zmin": min(levels) - 0.5, "zmax": max(levels) + 0.5, "colorscale": _steps(levels), "xgap": 3,
        "ygap": 3, "hoverongaps": True, "showscale": False,
        "hovertemplate": "%{y}<br>Area %{x}<br>%{customdata}<extra></extra>",
    }]
    # The key, one entry per level in the scale's order, as a legend (a colour bar's labels
    # would run into each other); the cells themselves carry the level's number.
    for level, label, fill in zip(levels, labels, colours.level_colours(levels), strict=True):
        traces.append(_key(f"{level}. {label}", "square", fill))
    traces.append(_key(f"– {summaries.NOT_SUBMITTED}", "square-open", colours.ABSENT_LINE))
    return readable(traces, HEATMAP_ROW * max(len(wide), 1),
                    width=HEATMAP_NAMES + HEATMAP_COLUMN * len(areas) + 40,
                    yaxis={"autorange": "reversed", "showgrid": False},
                    xaxis={"side": "top", "title": {"text": "Area"}, "showgrid": False,
                           "type": "category"},
                    # Below the grid: the area numbers and their title are above it.
                    legend={"y": -0.01, "yanchor": "top"})


def area_profile(profile: pd.DataFrame, levels: list[int], labels: list[str],
                 school_name: str) -> Figure:
    """The school's level in each area beside its triad's median, the cohort's median and its
    own level last year. Missing values are gaps."""
    names = _area_names(profile)
    traces = [bar(name, [_value(v) for v in profile[column]], names, colour, orientation="h")
              for column, name, colour in (("previous_level", f"{school_name} last year", COLOURS["previous"]),
                                           ("cohort_median", "Cohort median", COLOURS["cohort"]),
                                           ("triad_median", "Triad median", COLOURS["triad"]),
                                           ("level", school_name, COLOURS["school"]))]
    return readable(traces, category_height(names, 4, 18), barmode="group",
                    xaxis=level_axis(levels, f"Level (1 to {max(levels)})"),
                    yaxis={"autorange": "reversed"})


def statement_spread(ranked: pd.DataFrame, levels: list[int], labels: list[str]) -> Figure:
    """Mean rating of each statement, with a line from the lowest to the highest rating given."""
    names = [wrap(t, 24, 3) for t in ranked["statement_text"]]
    means = [_value(v) for v in ranked["mean"]]
    trace = bar(
        "Mean rating", means, names, BRAND, orientation="h",
        error_x={"type": "data", "symmetric": False,
                 "array": [_value(h) - m for h, m in zip(ranked["max"], means, strict=True)],
                 "arrayminus": [m - _value(lo) for lo, m in zip(ranked["min"], means, strict=True)],
                 "color": "#0b0c0c"},
        # The figures as the table shows them, rounded half up (d3's format would round 2.135 down).
        customdata=[[f"{int(n)} school{'' if int(n) == 1 else 's'}", number_text(mean, 2), number_text(median, 1)]
                    for n, mean, median in zip(ranked["schools"], ranked["mean"], ranked["median"], strict=True)],
        hovertemplate="%{y}<br>Mean %{customdata[1]}, median %{customdata[2]}, "
                      "%{customdata[0]}<extra></extra>",
    )
    return readable([trace], category_height(names), xaxis=level_axis(levels, f"Rating (1 to {max(levels)})"),
                    yaxis={"autorange": "reversed"}, showlegend=False)


def level_distribution(distribution: pd.DataFrame, levels: list[int], labels: list[str]) -> Figure:
    """Schools at each level in each area, stacked in the scale's order; schools that have not
    submitted are a separate hatched white segment, not a level."""
    names = _area_names(distribution)
    traces = [bar(f"{level}. {label}", [int(v) for v in distribution[level]], names,
                  {"color": fill, "line": {"color": "#ffffff", "width": 1}}, orientation="h")
              for level, label, fill in zip(levels, labels, colours.level_colours(levels), strict=True)]
    traces.append(bar(summaries.NOT_SUBMITTED, [int(v) for v in distribution["not_submitted"]], names, ABSENT,
                      orientation="h"))
    return readable(traces, category_height(names), barmode="stack",
                    xaxis=_count_axis("Schools"), yaxis={"autorange": "reversed"})


def change_counts(counts: pd.DataFrame) -> Figure:
    """Schools whose level went up, stayed the same or went down, per area."""
    names = _area_names(counts)
    traces = [bar(column, [int(v) for v in counts[column]], names,
                  ABSENT if column == summaries.NOT_COMPARABLE else CHANGE_COLOURS[column], orientation="h")
              for column in (summaries.IMPROVED, summaries.SAME, summaries.DECLINED, summaries.NOT_COMPARABLE)]
    return readable(traces, category_height(names), barmode="stack",
                    xaxis=_count_axis("Schools"), yaxis={"autorange": "reversed"})


def priorities_by_area(counts: pd.DataFrame) -> Figure:
    """Action-plan priorities in each area across the cohort."""
    names = _area_names(counts)
    trace = bar("Priorities", [int(v) for v in counts["priorities"]], names, BRAND, orientation="h")
    return readable([trace], category_height(names), xaxis=_count_axis("Priorities"),
                    yaxis={"autorange": "reversed"}, showlegend=False)


def progress_by_area(progress: pd.DataFrame) -> Figure:
    """Actions in each area by where they stand: done, on track, not yet due, at risk."""
    names = _area_names(progress)
    traces = [bar(column, [int(v) for v in progress[column]], names, PROGRESS_COLOURS[column], orientation="h")
              for column in summaries.PROGRESS]
    return readable(traces, category_height(names), barmode="stack",
                    xaxis=_count_axis("Actions"), yaxis={"autorange": "reversed"})


def completion(counts: pd.DataFrame) -> Figure:
    """Schools by self-evaluation status; the overdue ones as a second bar."""
    statuses = [wrap(s, 12, 2) for s in counts["status"]]
    traces = [bar("Schools", statuses, [int(v) for v in counts["schools"]], BRAND),
              bar("Of which overdue", statuses, [int(v) for v in counts["overdue"]], "#f47738")]
    return readable(traces, 240, barmode="group", yaxis=_count_axis("Schools"))
