"""The programme network's benchmarks in the data feed, for the programme analyst's reports: the
same anonymised figures as the network pages, from the same `benchmarks.network_data` (only the LAs
that share, every figure with too few LAs or schools behind it hidden), a table per page of theirs."""

import pandas as pd

from app.features import FeedField, FeedPage, FeedParameter, FeedRequest, FeedResource, FeedScope
from dashboards import benchmarks
from selfeval import framework as fw

YEAR = FeedParameter("year", "integer", "The academic year by its start year (2025 for 2025/26); the "
                                        "latest with figures unless given.")
LEVELS = fw.default_framework().scale.levels
RULE = (f"at least {benchmarks.FLOOR_LAS} local authorities and {benchmarks.FLOOR_SCHOOLS} schools, or the "
        "higher minimums in `meta` (`min_las`, `min_schools`)")
HIDDEN = " Null when too few local authorities or schools stand behind it (see `shown`)."

AREA_ID = FeedField("area_id", "string", "The area's stable id in the framework, e.g. outcomes.")
AREA_TITLE = FeedField("area_title", "string", "The area's number and title.")
SCHOOLS = FeedField("schools", "integer", "How many schools the figures are from.")
SHOWN = FeedField("shown", "boolean", f"False unless {RULE} stand behind the figures: they are hidden so "
                                      "that no school and no local authority can be picked out.")
HIDDEN_REASON = FeedField("hidden_reason", "string", "Why the figures are hidden, in words (\"Fewer than 3 local "
                                                     "authorities\"); null when they are shown.", nullable=True)
SPREAD = (
    FeedField("median", "number", "The median level." + HIDDEN, nullable=True),
    FeedField("mean", "number", "The mean level." + HIDDEN, nullable=True),
    FeedField("sd", "number", "The standard deviation of the levels." + HIDDEN, nullable=True),
    *(FeedField(f"share_level_{lv.value}", "number",
                f"The share of schools (0 to 1) at level {lv.value}, {lv.label}." + HIDDEN, nullable=True)
      for lv in LEVELS),
)


def _value(value):
    return None if value is None or pd.isna(value) else value


def _figures(row) -> dict:
    return {"schools": int(row.schools), "shown": bool(row.shown), "hidden_reason": row.hidden or None,
            "median": _value(row.median),
            "mean": _value(row.mean), "sd": _value(row.sd),
            **{f"share_level_{lv.value}": _value(getattr(row, f"share_{lv.value}")) for lv in LEVELS}}


def _meta(data: benchmarks.NetworkData) -> dict:
    # min_group: the schools' minimum, under its first name, for reports written before min_las.
    return {"year": data.year, "years": data.years, "las": data.las, "schools": data.schools,
            "min_group": data.minimums.schools, "min_las": data.minimums.las, "min_schools": data.minimums.schools}


def _page(request: FeedRequest, data: benchmarks.NetworkData, rows: list[dict]) -> FeedPage:
    return FeedPage(rows[request.offset:request.offset + request.limit], len(rows), _meta(data))


def _areas(request: FeedRequest) -> FeedPage:
    data = benchmarks.network_data(request.params.get("year"))
    rows = [{"year": data.year, "area_id": row.key, "area_title": data.area_title(row.key), **_figures(row)}
            for row in data.areas.itertuples(index=False)]
    return _page(request, data, rows)


def _phases(request: FeedRequest) -> FeedPage:
    data = benchmarks.network_data(request.params.get("year"))
    rows = [{"year": data.year, "area_id": row.key, "area_title": data.area_title(row.key), "phase": row.phase,
             **_figures(row)} for row in data.phases.itertuples(index=False)]
    return _page(request, data, rows)


def _statements(request: FeedRequest) -> FeedPage:
    data = benchmarks.network_data(request.params.get("year"))
    ordered = data.statements.sort_values(["position", "key"], kind="stable")
    rows = [{"year": data.year, "statement_id": row.key,
             "area_id": row.area_id if isinstance(row.area_id, str) and row.area_id else row.key.split(".")[0],
             "statement": row.text, **_figures(row)} for row in ordered.itertuples(index=False)]
    return _page(request, data, rows)


def _year_on_year(request: FeedRequest) -> FeedPage:
    data = benchmarks.network_data(request.params.get("year"))
    rows = [{"year": data.year, "area_id": row.key, "area_title": data.area_title(row.key),
             "schools": int(row.schools), "shown": bool(row.shown), "hidden_reason": row.hidden or None,
             "mean_change": _value(row.mean_change),
             "share_up": _value(row.share_up), "share_same": _value(row.share_same),
             "share_down": _value(row.share_down)} for row in data.year_on_year.itertuples(index=False)]
    return _page(request, data, rows)


YEAR_FIELD = FeedField("year", "integer", "The academic year of the figures, by its start year.")
ABOUT = (" Across the local authorities that share their figures with the programme network; no school "
         "or local authority is named.")

NETWORK_AREAS = FeedResource(
    name="network_areas",
    scope=FeedScope.NETWORK,
    path="areas",
    summary="How schools judge each area, across the network",
    description="One row per area, in the framework's order, from submitted self-evaluations." + ABOUT,
    fields=(YEAR_FIELD, AREA_ID, AREA_TITLE, SCHOOLS, SHOWN, HIDDEN_REASON, *SPREAD),
    rows=_areas,
    parameters=(YEAR,),
)

NETWORK_PHASES = FeedResource(
    name="network_phases",
    scope=FeedScope.NETWORK,
    path="phases",
    summary="How schools of each phase judge each area",
    description="One row per area and phase: each phase is held to the minimums on its own." + ABOUT,
    fields=(YEAR_FIELD, AREA_ID, AREA_TITLE, FeedField("phase", "string", "The schools' phase, in words."),
            SCHOOLS, SHOWN, HIDDEN_REASON, *SPREAD),
    rows=_phases,
    parameters=(YEAR,),
)

NETWORK_STATEMENTS = FeedResource(
    name="network_statements",
    scope=FeedScope.NETWORK,
    path="statements",
    summary="How schools rate each statement",
    description="One row per statement, in the framework's order." + ABOUT,
    fields=(YEAR_FIELD, FeedField("statement_id", "string", "The statement's stable id, e.g. outcomes.3."),
            AREA_ID, FeedField("statement", "string", "The statement's words."), SCHOOLS, SHOWN, HIDDEN_REASON,
            *SPREAD),
    rows=_statements,
    parameters=(YEAR,),
)

NETWORK_YEAR_ON_YEAR = FeedResource(
    name="network_year_on_year",
    scope=FeedScope.NETWORK,
    path="year-on-year",
    summary="How schools' judgements changed since last year",
    description="One row per area: of the schools that submitted this year and last, in the same LA, how "
                "their judgement changed; only over the local authorities that shared figures in both "
                "years." + ABOUT,
    fields=(
        YEAR_FIELD, AREA_ID, AREA_TITLE, SCHOOLS, SHOWN, HIDDEN_REASON,
        FeedField("mean_change", "number", "The mean change in level." + HIDDEN, nullable=True),
        FeedField("share_up", "number", "The share of schools (0 to 1) whose judgement rose." + HIDDEN,
                  nullable=True),
        FeedField("share_same", "number", "The share whose judgement stayed the same." + HIDDEN, nullable=True),
        FeedField("share_down", "number", "The share whose judgement fell." + HIDDEN, nullable=True),
    ),
    rows=_year_on_year,
    parameters=(YEAR,),
)

RESOURCES = (NETWORK_AREAS, NETWORK_PHASES, NETWORK_STATEMENTS, NETWORK_YEAR_ON_YEAR)
