"""Peer matching and the assurer's comparison of the schools they cover, as dashboard Reports."""

from __future__ import annotations

from flask import url_for

from dashboards import matching, summaries
from dashboards.data import CohortData
from dashboards.layout import Cell, Column, Page, Report, Rows, Section, Table
from dashboards.links import link
from dashboards.listing import PER_PAGE, ListFilter, triads_of
from dashboards.reports import Levels, qa_check_cell, school_cell, summary_cell

MATCHING_PAGES = ("page", "suggested_page")  # the matches, and how often each school is suggested


def peer_matching(cohort: CohortData, listing: ListFilter | None = None) -> Report:
    levels = Levels(cohort)
    listing = listing or ListFilter()
    found = matching.peer_matches(cohort.area_ratings, cohort.priorities, cohort.qa_checks)
    found = listing.keep(found, triads_of(cohort), ("school_id", "match_school_id"))
    coaches = dict(zip(cohort.schools["school_id"], cohort.schools["is_coach"], strict=True))
    checks = {int(c["school_id"]): c for c in cohort.qa_checks.to_dict("records")}

    def cells(row: dict) -> list[Cell]:
        has_match = summaries.present(row["match_school_id"])
        check = checks.get(int(row["match_school_id"])) if has_match else None
        return [
            school_cell({"school_id": row["school_id"], "school_name": row["school_name"],
                          "is_coach": coaches[row["school_id"]]}, cohort.cohort.id),
            Cell(row["area_title"], note=row["need"]),
            Cell(row["match_school_name"] if has_match else "No match yet",
                 href=link("dashboards.school", "school_id", row["match_school_id"], cohort_id=cohort.cohort.id)
                 if has_match else None,
                 hidden="area profile" if has_match else ""),
            levels.cell(row["match_level"], "–"),
            Cell(row["reason"]),
            qa_check_cell(check is not None, summaries.qa_note(check),
                          check["qa_rigour"] if check else "", check["qa_checked_on"] if check else None)
            if has_match else Cell("", ""),
        ]

    rows = Rows(found, cells)  # about 1,500 at 130 schools: the page builds its 25
    columns = [Column("School"), Column("Needs help with"), Column("Could learn from"),
               Column("Their level", numeric=True), Column("Why"),
               Column("Checked by a quality assurer", hidden_title="(the school it could learn from)")]
    suggested = (found.dropna(subset=["match_school_id"]).groupby("match_school_name").size()
                 .sort_values(ascending=False, kind="stable"))
    load = [[Cell(name), Cell(int(count))] for name, count in suggested.items()]
    strong = [f"{v} ({label.lower()})" for v, label in zip(levels.values, levels.labels, strict=True)
              if v >= matching.STRONG]
    action = url_for("dashboards.peer_matching", cohort_id=cohort.cohort.id)

    def href(param: str):
        """Each list pages on its own; the other list stays at its page."""
        return lambda n: url_for("dashboards.peer_matching", cohort_id=cohort.cohort.id, **listing.query,
                                 **{p: listing.page(p) for p in MATCHING_PAGES if p != param}, **{param: n})

    page = Page(listing.page(), PER_PAGE, len(rows), href("page"))
    load_page = Page(listing.page("suggested_page"), PER_PAGE, len(load), href("suggested_page"))
    return Report(
        "peer_matching", "Peer matching",
        intro=[
            "For each school's needs (the areas of its action-plan priorities, or, without a plan, "
            "the areas its submitted self-evaluation rates below effective), the schools in the "
            "cohort that rate themselves strongly in that area: schools in another triad first, "
            "then the highest level, then those a quality assurer has checked.",
            "A school rates itself strongly in an area when its submitted self-evaluation judges "
            f"the area at {' or '.join(strong)}. A tick (✓) shows where a quality assurer has "
            "judged that school's self-evaluation.",
            "Use it to arrange visits and shared CPD, and when forming next year's triads. A "
            "school without a submitted self-evaluation has no needs or strengths to match yet. "
            + levels.key() + ".",
        ],
        sections=[
            Section("Schools that could help each other",
                    Table("Each need with up to three schools strong in that area", columns, rows,
                          sheet="Peer matches", page=page,
                          empty="No need matches the filters." if listing.query else
                          "No needs to match: no school has submitted its self-evaluation or "
                          "started an action plan yet.")),
            Section("How often each school is suggested",
                    Table("Schools suggested as a match, most often first",
                          [Column("School"), Column("Times suggested", numeric=True)], load,
                          sheet="Times suggested", page=load_page),
                    intro=["Share the asks out: a school suggested many times may not have the "
                           "capacity to help everyone. The filters above apply here too."]),
        ],
        filters=listing.described(cohort), query=listing.query,
        filter_form=listing.form(cohort, action,
                                 school_hint="Its needs, and the needs it is suggested for",
                                 triad_hint="The needs of its schools, and the needs they are suggested for"),
    )


def coverage(cohort: CohortData) -> Report:
    """Schools at a glance, for the lead and the cohort's quality assurers: each school's
    self-evaluation by area, its plan's status and the last QA judgement."""
    levels = Levels(cohort)
    area_ids = cohort.framework.area_ids
    # Looked up per school from plain dicts: a frame's .loc per row cost more than the page.
    completion = cohort.completion
    plans = dict(zip(completion["school_id"], zip(completion["plan_status"], completion["plan_id"],
                                                  strict=True), strict=True))
    checks = {c["school_id"]: c for c in cohort.qa_checks.to_dict("records")}  # the latest final report
    rows = []
    for school in summaries.heatmap(cohort.area_ratings, area_ids).to_dict("records"):
        sid = school["school_id"]
        cells = [school_cell(school, cohort.cohort.id), Cell(school["triad_name"] or "Not in a triad")]
        if school["submitted"]:
            cells += [levels.cell(school[a], summaries.NOT_GIVEN) for a in area_ids]
        else:
            cells.append(Cell(summaries.NOT_SUBMITTED, colspan=len(area_ids),
                              note=f"Self-evaluation: {school['status'].lower()}"))
        cells.append(summary_cell(school))
        plan_status, plan_id = plans[sid]
        cells.append(Cell(plan_status, href=link("plans.plan", "plan_id", plan_id)
                          if summaries.present(plan_id) else None))
        if sid in checks:
            check = checks[sid]
            cells.append(Cell(check["qa_rigour"], href=link("visits.visit", "visit_id", check["qa_visit_id"]),
                              note="Whole-triad visit" if check["qa_whole_triad"] else ""))
        else:
            cells.append(Cell("No final QA report yet"))
        rows.append(cells)
    columns = [Column("School"), Column("Triad"),
               *(Column(str(a.number), numeric=True, hidden_title=a.title) for a in cohort.framework.areas),
               Column("Self-evaluation"), Column("Action plan"), Column("Last QA judgement")]
    return Report(
        "coverage", "Schools at a glance",
        intro=["Each school's own judgement of the eight areas, its action plan and the last "
               "final QA report's judgement of how rigorous its process is. Levels are for "
               "development, not a ranking. " + levels.key() + "."],
        sections=[Section("Schools in the cohort", Table(
            "Self-evaluation by area, action plan and last QA judgement", columns, rows,
            sheet="Schools at a glance"))],
    )
