"""Each dashboard as a Report: the frames of one cohort (data.py), summarised (summaries.py),
charted (charts.py) and laid out as tables with their links."""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from flask import url_for

from app.models import DueState, Milestone
from app.numbers import Number
from app.template_helpers import govuk_date, plural
from dashboards import charts, summaries
from dashboards.data import CohortData
from dashboards.layout import Cell, Chart, Column, Page, Report, Rows, Section, Table
from dashboards.links import link
from dashboards.listing import PER_PAGE, ListFilter, triads_of
from selfeval.framework import colours

STATUS_TAGS = {"Submitted": "govuk-tag--green", "In progress": "govuk-tag--blue"}
CHANGE_WORDS = {summaries.IMPROVED: "Up", summaries.SAME: "No change", summaries.DECLINED: "Down"}


def _int(value) -> int | None:
    return int(value) if summaries.present(value) else None


def _number(value, places: int = 1) -> Cell:
    """A figure rounded half up (app.numbers): the same on the page and in the downloads."""
    if not summaries.present(value):
        return Cell(None, "–", hidden="none")
    number = Number(value, places)
    return Cell(number, str(number))


# The colours of the due tag (app/templates/_macros.html `due_tag`), for cells drawn in Python.
DUE_TAGS = {DueState.OVERDUE.label: "govuk-tag--red", DueState.DUE_SOON.label: "govuk-tag--yellow"}


def _date(value) -> Cell:
    """A date or time, downloaded as a date: spreadsheets have no time zones."""
    if not summaries.present(value):
        return Cell(None, "–")
    return Cell(value.date() if isinstance(value, datetime) else value, govuk_date(value))


class Levels:
    """The scale's words and tags for one cohort's framework. A level's tag has its number and
    words, in the level's colour from the one scale (selfeval.framework.colours); a missing
    level is an outlined absence with its words."""

    def __init__(self, cohort: CohortData):
        scale = cohort.framework.scale
        self.scale = scale
        self.values = list(scale.values)
        self.labels = [level.label for level in scale.levels]

    def label(self, level) -> str:
        known = summaries.present(level) and int(level) in self.values
        return self.labels[self.values.index(int(level))] if known else ""

    def tag(self, level) -> str:
        return colours.level_class(self.scale, level if summaries.present(level) else None)

    def cell(self, level, missing: str) -> Cell:
        if not summaries.present(level):
            return Cell(missing, missing, tag=self.tag(None) if missing.strip("–") else None)
        return Cell(int(level), f"{int(level)}. {self.label(level)}", tag=self.tag(level))

    def key(self) -> str:
        return "Levels: " + "; ".join(f"{v} {label}" for v, label in zip(self.values, self.labels, strict=True))


def _areas(cohort: CohortData) -> list[tuple[str, int, str]]:
    return [(a.id, a.number, a.title) for a in cohort.framework.areas]


def _area_columns(cohort: CohortData, sort_href=None, sorted_by: tuple[str, str] | None = None) -> list[Column]:
    columns = []
    for area in cohort.framework.areas:
        state = None
        if sorted_by and sorted_by[0] == area.id:
            state = "descending" if sorted_by[1] == "desc" else "ascending"
        columns.append(Column(str(area.number), numeric=True, hidden_title=area.title,
                              sort_href=sort_href(area.id) if sort_href else None, sorted=state))
    return columns


def school_cell(row, cohort_id: int) -> Cell:
    return Cell(row["school_name"], href=link("dashboards.school", "school_id", row["school_id"], cohort_id=cohort_id),
                hidden="area profile", note="Coach school" if row["is_coach"] else "")


def summary_cell(row, tagged: bool = False) -> Cell:
    """The self-evaluation's status, linking to its summary."""
    tag = STATUS_TAGS.get(row["status"], "govuk-tag--grey") if tagged else None
    if not summaries.present(row["self_evaluation_id"]):
        return Cell(summaries.NOT_STARTED, tag=tag)
    return Cell(row["status"], href=link("selfeval.summary", "self_evaluation_id", row["self_evaluation_id"]),
                tag=tag, hidden=f"self-evaluation summary of {row['school_name']}")


def _area_key(cohort: CohortData) -> str:
    return "Areas: " + "; ".join(f"{a.number} {a.title}" for a in cohort.framework.areas)


# --- heatmap -------------------------------------------------------------------------------------


def heatmap(cohort: CohortData, sort: str, order: str) -> Report:
    levels = Levels(cohort)
    area_ids = cohort.framework.area_ids
    wide = summaries.heatmap(cohort.area_ratings, area_ids, sort, order)

    def sort_href(key: str) -> str:
        default = "desc" if key in area_ids else "asc"
        flipped = {"asc": "desc", "desc": "asc"}[order] if key == sort else default
        return url_for("dashboards.heatmap", cohort_id=cohort.cohort.id, sort=key, order=flipped)

    def state(key: str) -> str | None:
        return ("descending" if order == "desc" else "ascending") if key == sort else None

    columns = [Column("School", sort_href=sort_href("school"), sorted=state("school")),
               Column("Triad", sort_href=sort_href("triad"), sorted=state("triad")),
               *_area_columns(cohort, sort_href, (sort, order)),
               Column("Self-evaluation")]
    rows = []
    for row in wide.to_dict("records"):
        cells = [school_cell(row, cohort.cohort.id), Cell(row["triad_name"] or "Not in a triad")]
        if row["submitted"]:
            cells += [levels.cell(row[a], summaries.NOT_GIVEN) for a in area_ids]
        else:
            cells.append(Cell(summaries.NOT_SUBMITTED, colspan=len(area_ids), tag=levels.tag(None),
                              note=f"Self-evaluation: {row['status'].lower()}"))
        cells.append(summary_cell(row))
        rows.append(cells)
    figure = charts.heatmap(wide, _areas(cohort), levels.values, levels.labels)
    sort_words = {"school": "school name", "triad": "triad"} | {
        a.id: f"area {a.number}, {a.title}" for a in cohort.framework.areas}
    sorted_by = f"{sort_words.get(sort, 'school name')}, {'highest' if order == 'desc' else 'lowest'} first" \
        if sort in area_ids else f"{sort_words.get(sort, 'school name')}, {'Z to A' if order == 'desc' else 'A to Z'}"
    table = Table("Each school's own judgement of each area", columns, rows, sheet="Heatmap")
    return Report(
        "heatmap", "Heatmap of self-evaluations",
        intro=[
            "Each school's own judgement of the eight areas, from its submitted self-evaluation. "
            "The levels are for development and for finding schools that can help each other: "
            "they are not a ranking.",
            f"Sorted by {sorted_by}. Choose a column heading to sort by it; choose a school for its "
            "area profile.",
            _area_key(cohort) + ". " + levels.key() + ".",
        ],
        sections=[Section("Schools and areas", table, Chart(
            "heatmap", figure, "Heatmap of the schools' own judgements of the eight areas; "
            "schools that have not submitted are blank", optional=True))],
        filters=[("Sorted by", sorted_by)], query={"sort": sort, "order": order},
    )


# --- one school's area profile -------------------------------------------------------------------


def school(cohort: CohortData, school_id: int) -> Report:
    levels = Levels(cohort)
    row = cohort.schools[cohort.schools["school_id"] == school_id].iloc[0]
    profile = summaries.school_profile(cohort.area_ratings, cohort.year_on_year, school_id)
    missing = summaries.NOT_GIVEN if row["submitted"] else summaries.NOT_SUBMITTED
    previous = cohort.previous_cohort
    last_year = f"Last year ({previous.academic_year})" if previous else "Last year"
    rows = [[
        Cell(f"{r['area_number']}. {r['area_title']}"),
        levels.cell(r["level"], missing),
        _number(r["triad_median"]),
        _number(r["cohort_median"]),
        levels.cell(r["previous_level"], "No level"),
        _change_cell(r["change"]),
    ] for r in profile.to_dict("records")]
    columns = [Column("Area"), Column("This school", numeric=True),
               Column("Triad median", numeric=True), Column("Cohort median", numeric=True),
               Column(last_year, numeric=True), Column("Change", numeric=True)]
    triad = row["triad_name"] or "not in a triad"
    figure = charts.area_profile(profile, levels.values, levels.labels, row["school_name"])
    status = ("submitted" if row["submitted"] else
              f"not submitted ({row['status'].lower()}), so it has no levels this year")
    return Report(
        "school", f"Area profile: {row['school_name']}",
        intro=[f"{row['school_name']} ({'coach school, ' if row['is_coach'] else ''}{triad}) "
               f"against the median of its triad and of the cohort, and against its own "
               f"judgements last year. Its self-evaluation is {status}.",
               "Medians count only schools that have submitted; the triad median includes this "
               "school. " + levels.key() + "."],
        sections=[Section("Profile by area", Table(f"{row['school_name']}: each area against "
                                                   "its triad, the cohort and last year", columns,
                                                   rows, sheet="Area profile"),
                          Chart("profile", figure, f"Bar chart of {row['school_name']}'s level in "
                                "each area beside its triad's median, the cohort's median and "
                                "its own level last year"))],
        filters=[("School", f"{row['school_name']} (URN {row['urn']})")],
    )


def _change_cell(change) -> Cell:
    if not summaries.present(change):
        return Cell(summaries.NOT_COMPARABLE, "–", hidden=summaries.NOT_COMPARABLE.lower())
    value = int(change)
    number = Number(value, signed=True)
    word = summaries.change_of(value)
    return Cell(number, str(number), hidden=CHANGE_WORDS[word].lower())


# --- statements -------------------------------------------------------------------------------


def statements(cohort: CohortData, count: int = 10) -> Report:
    levels = Levels(cohort)
    ranked = summaries.ranked_statements(cohort.statement_ratings)
    submitted = int(cohort.schools["submitted"].sum())
    enough = max(1, math.ceil(submitted / 2))  # the cohort's view: at least half its schools
    high, low = summaries.highest_and_lowest(ranked, count, enough)
    sections = []
    for heading, frame, chart_id, words in (
        ("Highest rated statements", high, "highest", "highest"),
        ("Lowest rated statements", low, "lowest", "lowest"),
    ):
        sections.append(Section(
            heading, _statement_table(f"The {plural(len(frame), f'{words} rated statement')} across the cohort"
                                      if len(frame) != 1 else f"The {words} rated statement across the cohort",
                                      frame, heading, cohort),
            Chart(chart_id, charts.statement_spread(frame, levels.values, levels.labels),
                  f"Bar chart of the mean rating of the {words} rated statements, each with a "
                  "line from the lowest to the highest rating")))
    sections.append(Section("Every statement", _statement_table(
        "Every statement, highest mean rating first", ranked, "Every statement", cohort)))
    return Report(
        "statements", "Statements across the cohort",
        intro=[f"How the {plural(submitted, 'school')} that {'has' if submitted == 1 else 'have'} "
               "submitted rated each statement: the "
               "mean, the median and the spread. A statement one school finds hard is often "
               "another's strength: use this to connect schools, not to rank them.",
               f"The highest and lowest lists count statements that at least {enough} of them "
               "answered (some wording is only for special schools); the full table has every "
               "statement. Ties are broken by the median, then by the framework's order, in "
               "both lists. A statement a school left unrated is not counted. "
               + summaries.SPREAD_WORDS + " Where special schools have their own wording of a "
               "statement, it is shown under the mainstream wording. " + levels.key() + "."],
        sections=sections,
        filters=[("Statements", f"{count} highest and {count} lowest, then all")],
    )


def _wording_note(cohort: CohortData, statement_id: str) -> str:
    return "; ".join(f"{title}: “{text}”"
                     for title, text in cohort.framework.other_wordings.get(statement_id, []))


def _statement_table(caption: str, frame: pd.DataFrame, sheet: str, cohort: CohortData) -> Table:
    columns = [Column("Statement", note_title="Special schools' wording"), Column("Area", numeric=True),
               Column("Schools", numeric=True),
               Column("Mean", numeric=True), Column("Median", numeric=True),
               Column("Lowest to highest", numeric=True),
               Column("Spread", numeric=True, hidden_title="(sample standard deviation)")]
    rows = [[
        Cell(r["statement_text"], note=_wording_note(cohort, r["statement_id"])),
        Cell(_int(r["area_number"])),
        Cell(int(r["schools"])),
        _number(r["mean"], 2),
        _number(r["median"]),
        Cell(f"{int(r['min'])} to {int(r['max'])}"),
        _number(r["std"], 2),
    ] for r in frame.to_dict("records")]
    return Table(caption, columns, rows, sheet=sheet, empty="No school has submitted yet.")


# --- strengths to showcase, schools that may benefit from support ------------------------------


STRENGTH_PAGES = {"showcase": "showcase_page", "support": "support_page"}


def strengths(cohort: CohortData, count: int = 3, listing: ListFilter | None = None) -> Report:
    levels = Levels(cohort)
    listing = listing or ListFilter()
    found = summaries.showcase_and_support(
        cohort.area_ratings, cohort.statement_ratings, cohort.evidence_counts, cohort.qa_checks,
        min(levels.values), max(levels.values), count)
    found = listing.keep(found, triads_of(cohort))
    distribution = summaries.level_distribution(cohort.area_ratings, levels.values)
    dist_rows = [[Cell(f"{r['area_number']}. {r['area_title']}"),
                  *[Cell(int(r[v])) for v in levels.values], Cell(int(r["not_submitted"]))]
                 for r in distribution.to_dict("records")]
    dist_columns = [Column("Area"), *[Column(str(v), numeric=True, hidden_title=label)
                                      for v, label in zip(levels.values, levels.labels, strict=True)],
                    Column(summaries.NOT_SUBMITTED, numeric=True)]
    action = url_for("dashboards.strengths", cohort_id=cohort.cohort.id)

    def href(param: str):
        return lambda n: url_for("dashboards.strengths", cohort_id=cohort.cohort.id, **listing.query,
                                 **{p: listing.page(p) for p in STRENGTH_PAGES.values() if p != param},
                                 **{param: n})

    sections = [
        Section("Strengths to showcase", _strength_table(
            "Schools with the highest own judgement in each area", found, "showcase", levels,
            cohort.cohort.id, listing, href), intro=[
            "Per area, the schools with the highest judgement in the upper half of the scale, "
            "with the evidence behind it. " + summaries.showcase_rule(count)]),
        Section("Schools that may benefit from support", _strength_table(
            "Schools with the lowest own judgement in each area", found, "support", levels,
            cohort.cohort.id, listing, href), intro=[
            "Per area, the schools with the lowest judgement in the lower half of the scale: a "
            "triad partner or a school listed above may be able to help. "
            + summaries.showcase_rule(count, highest=False)]),
        Section("Levels in each area", Table("Schools at each level in each area", dist_columns,
                                             dist_rows, sheet="Levels by area"),
                Chart("levels", charts.level_distribution(distribution, levels.values, levels.labels),
                      "Stacked bar chart of how many schools judged each area at each level, "
                      "and how many have not submitted"),
                intro=["Every school of the cohort, whatever the filters above."]),
    ]
    return Report(
        "strengths", "Strengths to showcase and schools that may benefit from support",
        intro=["Self-evaluation is the school's own view. Evidence notes and files, and a "
               "quality assurer's judgement of how rigorous the self-evaluation was, show how "
               "far it has been tested: a tick (✓) shows where a quality assurer has judged the "
               f"school's self-evaluation, and the cell is empty where none has yet. {levels.key()}."],
        sections=sections,
        filters=[*listing.described(cohort), ("Schools per list", summaries.showcase_rule(count))],
        query=listing.query,
        filter_form=listing.form(cohort, action, school_hint="Show only this school's rows",
                                 triad_hint="Show only the rows of this triad's schools"),
    )


def qa_check_cell(checked: bool, words: str, rigour: str = "", checked_on=None, focus: bool = False) -> Cell:
    """A tick where a quality assurer has judged the school's self-evaluation; an empty cell (with
    the words for screen readers and the downloads) where none has."""
    if not checked:
        return Cell(words, "", hidden=words.lower())
    when = govuk_date(checked_on) if summaries.present(checked_on) else ""
    detail = ", ".join(part for part in (f"judged {rigour.lower()}" if rigour else "checked", when) if part)
    return Cell(words, f"✓ {detail[0].upper()}{detail[1:]}",
                note="This area was a focus of the visit" if focus else "")


def _strength_table(caption: str, found: pd.DataFrame, group: str, levels: Levels,
                    cohort_id: int, listing: ListFilter, href) -> Table:
    columns = [Column("Area"), Column("School"), Column("Level", numeric=True),
               Column("Mean statement rating", numeric=True), Column("Evidence notes", numeric=True),
               Column("Evidence files", numeric=True), Column("Checked by a quality assurer")]

    def cells(r: dict) -> list[Cell]:
        return [
            Cell(f"{r['area_number']}. {r['area_title']}"),
            Cell(r["school_name"], href=link("dashboards.school", "school_id", r["school_id"], cohort_id=cohort_id),
                 hidden="area profile", note=r["triad_name"]),
            levels.cell(r["level"], ""),
            _number(r["mean_rating"], 2),
            Cell(int(r["evidence_notes"])),
            Cell(int(r["evidence_files"])),
            qa_check_cell(bool(r["checked"]), r["qa_note"], r["qa_rigour"], r["qa_checked_on"],
                          bool(r["qa_area_focus"])),
        ]

    rows = Rows(found[found["group"] == group], cells)
    param = STRENGTH_PAGES[group]
    empty = ("No school in this list matches the filters." if listing.query else
             "No school's judgement is in this half of the scale yet.")
    return Table(caption, columns, rows, sheet="Showcase" if group == "showcase" else "Support",
                 empty=empty, page=Page(listing.page(param), PER_PAGE, len(rows), href(param)))


# --- year on year ------------------------------------------------------------------------------------


def year_on_year(cohort: CohortData) -> Report:
    previous = cohort.previous_cohort
    frame = cohort.year_on_year
    counts = summaries.change_counts(frame)
    count_columns = [Column("Area"), Column("Up", numeric=True), Column("No change", numeric=True),
                     Column("Down", numeric=True), Column(summaries.NOT_COMPARABLE, numeric=True),
                     Column("Mean change", numeric=True)]
    count_rows = [[Cell(f"{r['area_number']}. {r['area_title']}"), Cell(int(r[summaries.IMPROVED])),
                   Cell(int(r[summaries.SAME])), Cell(int(r[summaries.DECLINED])),
                   Cell(int(r[summaries.NOT_COMPARABLE])), _number(r["mean_change"], 2)]
                  for r in counts.to_dict("records")]
    area_ids = cohort.framework.area_ids
    wide = summaries.change_table(frame, area_ids)
    school_rows = []
    for r in wide.to_dict("records"):
        cells = [school_cell(r, cohort.cohort.id)]
        if not (r["submitted"] and r["previous_submitted"]):
            why = ("not submitted this year" if not r["submitted"] else
                   "no submitted self-evaluation last year")
            cells.append(Cell(summaries.NOT_COMPARABLE, colspan=len(area_ids), note=why.capitalize()))
        else:
            cells += [_change_cell(r[a]) for a in area_ids]
        school_rows.append(cells)
    before = previous.academic_year if previous else "none"
    return Report(
        "year_on_year", "Year on year",
        intro=[(f"Each school's judgement of each area this year ({cohort.cohort.academic_year}) "
                f"against its own judgement in the previous cohort ({before}). Only schools that "
                "submitted in both years are compared.") if previous else
               "There is no earlier cohort in this local authority to compare with.",
               _area_key(cohort) + "."],
        sections=[
            Section("Change in each area", Table("Schools whose level went up, stayed the same or "
                                                 "went down, per area", count_columns, count_rows,
                                                 sheet="Change by area"),
                    Chart("change", charts.change_counts(counts),
                          "Stacked bar chart of how many schools' levels went up, stayed the same "
                          "or went down in each area")),
            Section("Change for each school", Table(
                "Change in each school's own judgement since last year", [
                    Column("School"), *_area_columns(cohort)], school_rows,
                sheet="Change by school")),
        ],
        filters=[("Compared with", before)],
    )


# --- action-plan themes ---------------------------------------------------------------------------


def action_plans(cohort: CohortData) -> Report:
    areas = _areas(cohort)
    by_area = summaries.priorities_by_area(cohort.priorities, areas)
    by_statement = summaries.priorities_by_statement(cohort.priorities)
    themes = summaries.actions_by_theme(cohort.actions)
    progress = summaries.progress_by_area(cohort.actions, areas)
    plans = len(cohort.plans)
    sections = [
        Section("Priorities by area", Table(
            "Action-plan priorities in each area", [
                Column("Area"), Column("Priorities", numeric=True), Column("Schools", numeric=True)],
            [[Cell(f"{r['area_number']}. {r['area_title']}"), Cell(int(r["priorities"])),
              Cell(int(r["schools"]))] for r in by_area.to_dict("records")], sheet="Priorities by area"),
            Chart("priorities", charts.priorities_by_area(by_area),
                  "Bar chart of the number of action-plan priorities in each area")),
        Section("Priorities by statement", Table(
            "The framework statements priorities start from, most common first", [
                Column("Statement"), Column("Area"), Column("Priorities", numeric=True),
                Column("Schools", numeric=True)],
            [[Cell(r["statement_text"]), Cell(r["area_title"]), Cell(int(r["priorities"])),
              Cell(int(r["schools"]))] for r in by_statement.to_dict("records")],
            sheet="Priorities by statement", empty="No priority starts from a statement yet.")),
        Section("Actions by kind", Table(
            "Actions by kind, from the words of each action", [
                Column("Kind of action"), Column("Actions", numeric=True), Column("Schools", numeric=True),
                Column("At risk or overdue", numeric=True)],
            [[Cell(r["theme"]), Cell(int(r["actions"])), Cell(int(r["schools"])), Cell(int(r["at_risk"]))]
             for r in themes.to_dict("records")], sheet="Actions by kind", empty="No actions yet."),
            intro=["An action counts under the first kind whose words start a word of it: "
                   + "; ".join(f"{theme} ({', '.join(w.strip() for w in words)})"
                               for theme, words in summaries.ACTION_THEMES) + "; anything else is Other."]),
        Section("Progress of actions", Table(
            "Where the actions in each area stand", [
                Column("Area"), *[Column(p, numeric=True) for p in summaries.PROGRESS],
                Column("Total", numeric=True)],
            [[Cell(f"{r['area_number']}. {r['area_title']}"), *[Cell(int(r[p])) for p in summaries.PROGRESS],
              Cell(int(r["total"]))] for r in progress.to_dict("records")],
            sheet="Progress of actions", empty="No actions yet."),
            Chart("progress", charts.progress_by_area(progress),
                  "Stacked bar chart of actions in each area: done, on track, not yet due, at "
                  "risk or overdue"),
            intro=["Done and on track are as the school set them. An action past its due date "
                   "and not done is overdue, whatever its status; at risk and off track count "
                   "as at risk."]),
    ]
    return Report(
        "action_plans", "Action-plan themes",
        intro=[f"What the {plans} action plan{'s' if plans != 1 else ''} of this cohort focus on, "
               "to plan support and training (CPD) for the areas most schools are working on."],
        sections=sections,
    )


# --- completion -------------------------------------------------------------------------------------


def completion(cohort: CohortData) -> Report:
    frame = cohort.completion
    statuses = ["Submitted", "In progress", summaries.NOT_STARTED]
    counts = summaries.completion_counts(frame, statuses)
    rows = []
    for r in frame.to_dict("records"):
        plan = (Cell(r["plan_status"], href=link("plans.plan", "plan_id", r["plan_id"]),
                     hidden=f"action plan of {r['school_name']}")
                if summaries.present(r["plan_id"]) else Cell(summaries.NOT_STARTED))
        rows.append([
            school_cell(r, cohort.cohort.id),
            Cell(r["triad_name"] or "Not in a triad"),
            summary_cell(r, tagged=True),
            Cell(int(r["areas_completed"]), f"{int(r['areas_completed'])} of {len(cohort.framework.areas)}"),
            _date(r["last_activity"]),
            _date(r["submitted_at"]),
            _date(r["first_meeting_on"]),
            Cell(r["due_state"], tag=DUE_TAGS.get(r["due_state"]), note=r["overdue_reason"]),
            plan,
        ])
    columns = [Column("School"), Column("Triad"), Column("Self-evaluation"),
               Column("Areas completed", numeric=True), Column("Last saved"), Column("Submitted"),
               Column("Triad's first meeting"), Column("Against the timetable"), Column("Action plan")]
    count_rows = [[Cell(r["status"]), Cell(int(r["schools"])), Cell(int(r["overdue"]))]
                  for r in counts.to_dict("records")]
    return Report(
        "completion", "Completion",
        intro=["Which schools have submitted their self-evaluation, where the others stand and "
               "when they last saved it, and each school's action plan.",
               "A self-evaluation is overdue when it is not submitted by the date in the cohort's "
               f"timetable ({govuk_date(cohort.cohort.timetable[Milestone.SELF_EVALUATION_DUE])}), and "
               "due soon in the two weeks before it. The LA's SEND lead sets the timetable on the "
               "cohort's page."],
        sections=[
            Section("Self-evaluations", Table("Schools by self-evaluation status", [
                Column("Status"), Column("Schools", numeric=True), Column("Overdue", numeric=True)],
                count_rows, sheet="Status"),
                Chart("completion", charts.completion(counts),
                      "Bar chart of how many schools have submitted, are in progress or have not "
                      "started, and how many of them are overdue")),
            Section("Every school", Table("Each school's self-evaluation and action plan", columns,
                                          rows, sheet="Schools")),
        ],
    )
