"""The network view's chart: a pure function of the anonymised area summary."""

import pandas as pd

from app.numbers import round_half_up
from selfeval import framework as fw
from selfeval.charts import Figure, bar, category_height, readable, wrap
from selfeval.framework import colours


def level_shares(areas: pd.DataFrame, titles: dict[str, str], scale: fw.Scale) -> Figure:
    """Stacked bars: the share of schools at each level, per area, in the scale's order and its
    one set of colours. Hidden areas (too few schools) are left out of the chart; the table
    beside it says why."""
    shown = areas[areas["shown"]] if len(areas) else areas
    names = [wrap(titles.get(key, key)) for key in shown["key"]]
    traces = [bar(f"{level.value}. {level.label}",
                  [float(round_half_up(float(v) * 100, 1)) for v in shown[f"share_{level.value}"]], names,
                  {"color": fill, "line": {"color": "#ffffff", "width": 1}}, orientation="h")
              for level, fill in zip(scale.levels, colours.level_colours(scale), strict=True)]
    return readable(traces, category_height(names), barmode="stack",
                    xaxis={"range": [0, 100], "title": {"text": "Share of schools (%)"}},
                    yaxis={"autorange": "reversed"})
