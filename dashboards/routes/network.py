"""The programme analyst's anonymised view across the LAs that share their figures."""

import pandas as pd
from flask import Blueprint, g, render_template, request

from app import exports
from app.auth.decorators import global_role_required
from app.models import academic_year_label
from app.numbers import Number
from app.template_helpers import plural
from dashboards import access, benchmark_charts, benchmarks, summaries

network_bp = Blueprint("network", __name__, template_folder="../templates", url_prefix="/network")


@network_bp.record
def _refuse_low_minimums(state) -> None:
    # At start-up, not at the first request: a deployment that asks for lower minimums fails at once.
    benchmarks.checked_minimums(state.app.config)

TOP = 10


def _data() -> benchmarks.NetworkData:
    year = request.args.get("year", type=int)
    return benchmarks.network_data(year)


def _percent(value) -> Number:
    return Number(value, 0, percent=True)


def _number(value, places: int = 1) -> Number:
    return Number(value, places)


def _signed(value) -> Number:
    return Number(value, 2, signed=True)


# Figures are Numbers: the page shows them rounded half up, and the downloads hold them as numbers
# with a number format that shows them the same way (never as text).
def area_rows(data: benchmarks.NetworkData) -> list[list]:
    levels = data.framework.scale.levels
    return [[data.area_title(row.key), row.schools,
             *([_number(row.median), _number(row.mean, 2), *(_percent(getattr(row, f"share_{lv.value}"))
                                                               for lv in levels)]
               if row.shown else [row.hidden] + [""] * (1 + len(levels)))]
            for row in data.areas.itertuples(index=False)]


def phase_rows(data: benchmarks.NetworkData) -> tuple[list[str], list[list]]:
    """Phase x area: the median level, or why it is hidden (too few LAs or schools there)."""
    areas = [a.id for a in data.framework.default_variant.areas]
    medians = {(r.phase, r.key): (_number(r.median) if r.shown else r.hidden)
               for r in data.phases.itertuples(index=False)}
    phases = sorted({phase for phase, _ in medians})
    return phases, [[data.area_title(a), *(medians.get((p, a), "No schools") for p in phases)] for a in areas]


def change_rows(data: benchmarks.NetworkData) -> list[list]:
    return [[data.area_title(row.key), row.schools,
             *([_signed(row.mean_change), _percent(row.share_up), _percent(row.share_same),
                _percent(row.share_down)] if row.shown else [row.hidden, "", "", ""])]
            for row in data.year_on_year.itertuples(index=False)]


def statement_rows(frame: pd.DataFrame, data: benchmarks.NetworkData) -> list[list]:
    return [[row.text, data.area_title(row.area_id), row.schools, _number(row.mean, 2),
             _number(row.median), _number(row.sd, 2)] for row in frame.itertuples(index=False)]


AREA_HEADER = ["Area", "Schools"]
CHANGE_HEADER = ["Area", "Schools judged in both years", "Mean change in level", "Rose", "Stayed the same",
                 "Fell"]
STATEMENT_HEADER = ["Statement", "Area", "Schools", "Mean rating", "Median rating",
                    "Spread (sample standard deviation)"]


def area_header(data: benchmarks.NetworkData) -> list[str]:
    return [*AREA_HEADER, "Median level", "Mean level", *(lv.label for lv in data.framework.scale.levels)]


def _note(data: benchmarks.NetworkData) -> str:
    year = academic_year_label(data.year) if data.year else "no year"
    return (f"Programme network benchmarks, {year}: {plural(data.las, 'local authority', 'local authorities')} "
            f"that share, {plural(data.schools, 'school')} with a submitted self-evaluation. "
            f"Anonymised: no school or local authority is named, and {data.minimums.words}. "
            f"Change since last year is over the "
            f"{plural(data.year_on_year_las, 'local authority', 'local authorities')} "
            f"that shared figures in both years.")


def _nothing_yet(data: benchmarks.NetworkData) -> str:
    if data.year is None:
        return "There is nothing to show yet: no local authority that shares has a submitted self-evaluation."
    return (f"There is nothing to show yet for {academic_year_label(data.year)}: "
            f"{data.hidden.lower()} with a submitted self-evaluation stand behind the figures, "
            f"and {data.minimums.words}.")


def _common(data: benchmarks.NetworkData) -> dict:
    return {"data": data, "note": _note(data), "minimums": data.minimums, "nothing_yet": _nothing_yet(data),
            "labels": {y: academic_year_label(y) for y in data.years}}


@network_bp.get("/")
@global_role_required(access.NETWORK_ANALYST)
def index():
    data = _data()
    g.allow_inline_style = True  # plotly.js positions its chart with inline styles
    titles = {a.id: data.area_title(a.id) for a in data.framework.default_variant.areas}
    phases, by_phase = phase_rows(data)
    return render_template(
        "network/index.html", **_common(data),
        area_header=area_header(data), area_rows=area_rows(data),
        phases=phases, phase_rows=by_phase, change_header=CHANGE_HEADER, change_rows=change_rows(data),
        chart_json=benchmark_charts.level_shares(data.areas, titles, data.framework.scale).to_json()
        if data.shown else None,
    )


@network_bp.get("/statements")
@global_role_required(access.NETWORK_ANALYST)
def statements():
    data = _data()
    ranked = benchmarks.ranked(data.statements)
    show_all = request.args.get("show") == "all"
    return render_template(
        "network/statements.html", **_common(data), header=STATEMENT_HEADER, show_all=show_all,
        highest=statement_rows(ranked.head(TOP), data),
        lowest=statement_rows(benchmarks.lowest(data.statements).head(TOP), data),
        spread=summaries.SPREAD_WORDS,
        every=statement_rows(ranked, data) if show_all else [],
        hidden=int((~data.statements["shown"]).sum()) if len(data.statements) else 0,
    )


def _sheets(data: benchmarks.NetworkData) -> dict:
    phases, by_phase = phase_rows(data)
    ranked = benchmarks.ranked(data.statements)
    return {
        "Areas": (area_header(data), area_rows(data)),
        "Median by phase": (["Area", *phases], by_phase),
        "Statements ranked": (STATEMENT_HEADER, statement_rows(ranked, data)),
        "Year on year": (CHANGE_HEADER, change_rows(data)),
    }


@network_bp.get("/benchmarks.xlsx")
@global_role_required(access.NETWORK_ANALYST)
def export_xlsx():
    data = _data()
    return exports.xlsx_response(f"network-benchmarks-{data.year or 'none'}.xlsx", _sheets(data), _note(data))


@network_bp.get("/benchmarks.csv")
@global_role_required(access.NETWORK_ANALYST)
def export_csv():
    data = _data()
    return exports.csv_response(f"network-areas-{data.year or 'none'}.csv", area_header(data), area_rows(data))


@network_bp.get("/statements.csv")
@global_role_required(access.NETWORK_ANALYST)
def export_statements_csv():
    data = _data()
    return exports.csv_response(f"network-statements-{data.year or 'none'}.csv", STATEMENT_HEADER,
                                statement_rows(benchmarks.ranked(data.statements), data))
