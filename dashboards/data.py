"""DataFrames for comparing the schools of one cohort, built from the rows the interfaces return.

Every frame is tidy (one row per thing counted), tenant-scoped (the LA is passed first and every
interface filters by it) and built in a fixed number of queries, however many schools the cohort
has. `CohortData` loads each set of rows once and shares it between frames, so a page that needs
several frames pays for each query once; the module-level functions are shortcuts for one frame.

Ratings are never filled in: a school that has not submitted its self-evaluation has `level` and
`rating` missing (pandas NA), never 0, and `submitted` False. Only submitted self-evaluations give
levels and ratings; answers in a draft (often last year's, carried forward) are not this year's.

Peer matching, triad forming and the programme's anonymised views build on these frames: keep
their columns stable and add new ones rather than renaming.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import pandas as pd

from app.db import utcnow
from app.interfaces import cohorts as cohort_interface
from app.models import Cohort, DueState, LocalAuthority, Milestone, due_state
from dashboards.summaries import NOT_GIVEN, NOT_STARTED, NOT_SUBMITTED
from selfeval import framework as fw
from selfeval import interfaces as selfeval
from triads.interfaces import analysis

SCHOOL_COLUMNS = [
    "school_id", "school_name", "urn", "phase", "triad_id", "triad_name", "is_coach",
    "coach_school_name", "self_evaluation_id", "status", "submitted", "submitted_at",
    "last_activity", "areas_completed",
]
AREA_COLUMNS = [
    "school_id", "school_name", "urn", "triad_id", "triad_name", "is_coach", "self_evaluation_id",
    "status", "submitted", "area_id", "area_number", "area_title", "level", "level_label",
]
STATEMENT_COLUMNS = [
    "school_id", "school_name", "triad_id", "triad_name", "area_id", "area_number",
    "statement_id", "statement_number", "statement_text", "rating", "has_evidence_note",
]
EVIDENCE_COLUMNS = ["school_id", "area_id", "evidence_notes", "evidence_files"]
QA_COLUMNS = ["school_id", "qa_visit_id", "qa_rigour", "qa_rigour_step", "qa_checked_on",
              "qa_focus_areas", "qa_whole_triad"]
YEAR_COLUMNS = [
    "school_id", "school_name", "urn", "triad_id", "triad_name", "is_coach", "area_id",
    "area_number", "area_title", "level", "previous_level", "change", "submitted",
    "previous_submitted", "previous_cohort_id",
]
PRIORITY_COLUMNS = ["school_id", "school_name", "plan_id", "priority_id", "area_id", "area_title",
                    "statement_id", "statement_text", "title"]
ACTION_COLUMNS = ["school_id", "school_name", "plan_id", "priority_id", "area_id", "area_title",
                  "action_id", "description", "status", "due_on", "progress"]
COMPLETION_COLUMNS = [
    *SCHOOL_COLUMNS, "first_meeting_on", "due_state", "overdue", "overdue_reason", "plan_id", "plan_status",
    "plan_step",
]


@dataclass(frozen=True)
class FrameworkInfo:
    """The eight areas and the scale the dashboards show (the LA's current framework, default
    variant), and statement wording from every framework version the LA can use."""

    areas: tuple[fw.Area, ...]
    scale: fw.Scale
    statements: dict[str, tuple[int, fw.Statement]]  # id -> (position in the framework, statement)
    # id -> [(variant title, its own wording)] where another variant (special schools') words the
    # statement differently from the default one shown
    other_wordings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]

    def area(self, area_id: str) -> fw.Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def level_label(self, level) -> str:
        return self.scale.label(int(level)) if _present(level) and self.scale.contains(int(level)) else ""


def framework_info(la: LocalAuthority) -> FrameworkInfo | None:
    """One query: every framework version the LA can use; None when none is loaded."""
    versions = selfeval.list_frameworks(la)
    current = selfeval.current_framework(la, versions)
    if current is None:
        return None
    framework = selfeval.framework_of(current)
    statements: dict[str, tuple[int, fw.Statement]] = {}
    # The current framework's wording first; older versions only fill in statements it dropped.
    for version in [current, *(v for v in versions if v.id != current.id)]:
        for variant in selfeval.framework_of(version).variants.values():
            for statement in variant.statements:
                statements.setdefault(statement.id, (len(statements), statement))
    default = {s.id: s.text for s in framework.default_variant.statements}
    others: dict[str, list[tuple[str, str]]] = {}
    for variant in list(framework.variants.values())[1:]:
        for statement in variant.statements:
            if statement.id in default and statement.text != default[statement.id]:
                others.setdefault(statement.id, []).append((variant.title, statement.text))
    return FrameworkInfo(framework.default_variant.areas, framework.scale, statements, others)


def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _levels(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Ratings as nullable integers, so a missing one stays missing (never NaN turned 0)."""
    for column in columns:
        frame[column] = frame[column].astype("Int64")
    return frame


class CohortData:
    """The frames of one cohort of one LA, each loaded on first use and kept.

    `today` fixes the date that overdue actions and completion are judged against (tests pass
    one; pages use today's date).
    """

    def __init__(self, la: LocalAuthority, cohort: Cohort, today: date | None = None,
                 framework: FrameworkInfo | None = None):
        self.la = la
        self.cohort = cohort
        self.today = today or utcnow().date()
        self._framework = framework

    # --- what the frames are built from (one query each) --------------------------------------

    @cached_property
    def framework(self) -> FrameworkInfo | None:
        return self._framework or framework_info(self.la)

    @cached_property
    def _schools(self):
        # Loaded with the cohort (selectin): no query of its own.
        return sorted((m.school for m in self.cohort.members), key=lambda s: (s.name, s.id))

    @cached_property
    def _places(self) -> dict[int, analysis.TriadPlace]:
        return {p.school_id: p for p in analysis.triad_places(self.la, [self.cohort.id])}

    @cached_property
    def _evaluation_rows(self) -> list[selfeval.EvaluationAreaRow]:
        return selfeval.evaluation_area_rows(self.la, [self.cohort.id])

    @cached_property
    def previous_cohort(self) -> Cohort | None:
        """The LA's latest cohort before this one: the same schools' previous year."""
        earlier = [c for c in cohort_interface.list_cohorts(self.la)
                   if c.start_year < self.cohort.start_year]
        return max(earlier, key=lambda c: c.start_year, default=None)

    # --- frames ----------------------------------------------------------------------------------

    @cached_property
    def schools(self) -> pd.DataFrame:
        """One row per school in the cohort, by name.

        Columns: school_id, school_name, urn, phase (label), triad_id (nullable), triad_name ("" if
        none), is_coach, coach_school_name, self_evaluation_id (nullable), status ("Submitted",
        "In progress", "Not started"), submitted, submitted_at, last_activity (latest save of the
        self-evaluation or any of its areas; NaT if not started), areas_completed (0-8).
        """
        names = {s.id: s.name for s in self._schools}
        # Per self-evaluation: [id, status, submitted, submitted_at, last activity, areas completed]
        evaluations: dict[int, list] = {}
        for row in self._evaluation_rows:
            found = evaluations.get(row.school_id)
            if found is None:
                found = evaluations[row.school_id] = [row.self_evaluation_id, row.status_label, row.submitted,
                                                      row.submitted_at, row.updated_at, 0]
            if row.area_id is not None:
                if row.area_updated_at is not None and row.area_updated_at > found[4]:
                    found[4] = row.area_updated_at
                found[5] += row.completed
        not_started = [None, NOT_STARTED, False, None, None, 0]
        # Built column by column: a dict per row, then a frame of them, cost more than the query.
        columns: dict[str, list] = {name: [] for name in SCHOOL_COLUMNS}
        school_ids, school_names, urns, phases, triad_ids, triad_names, coaches, coach_names = (
            columns[name] for name in SCHOOL_COLUMNS[:8])
        evaluation_columns = [columns[name] for name in SCHOOL_COLUMNS[8:]]
        places = self._places
        for school in self._schools:
            place = places.get(school.id)
            school_ids.append(school.id)
            school_names.append(school.name)
            urns.append(school.urn)
            phases.append(school.phase.label)
            triad_ids.append(place.triad_id if place else None)
            triad_names.append(place.triad_name if place else "")
            coaches.append(bool(place and place.coach_school_id == school.id))
            coach_names.append(names.get(place.coach_school_id, "") if place else "")
            for column, value in zip(evaluation_columns, evaluations.get(school.id, not_started), strict=True):
                column.append(value)
        frame = pd.DataFrame(columns, columns=SCHOOL_COLUMNS)
        frame["triad_id"] = frame["triad_id"].astype("Int64")
        frame["self_evaluation_id"] = frame["self_evaluation_id"].astype("Int64")
        frame["is_coach"] = frame["is_coach"].astype(bool)
        frame["submitted"] = frame["submitted"].astype(bool)
        return frame

    def _area_levels(self, rows: list[selfeval.EvaluationAreaRow]) -> dict[tuple[int, str], int]:
        """(school id, area id) -> the school's own judgement of the area, submitted only."""
        return {(r.school_id, r.area_id): r.judgement for r in rows
                if r.submitted and r.area_id is not None and r.judgement is not None}

    @cached_property
    def area_ratings(self) -> pd.DataFrame:
        """One row per school x area (every area of the framework, in framework order).

        Columns: school_id, school_name, urn, triad_id, triad_name, is_coach, self_evaluation_id,
        status, submitted, area_id, area_number, area_title, level (Int64, the school's overall
        judgement of the area; NA unless the self-evaluation is submitted), level_label (the
        scale's words; "Not submitted" when the self-evaluation is not submitted, "Not given" when
        a submitted one has no judgement for the area).
        """
        if self.framework is None:
            return _frame([], AREA_COLUMNS)
        levels = self._area_levels(self._evaluation_rows)
        areas = pd.DataFrame([(a.id, a.number, a.title) for a in self.framework.areas],
                             columns=["area_id", "area_number", "area_title"])
        frame = self.schools.drop(columns=["phase", "coach_school_name", "submitted_at",
                                           "last_activity", "areas_completed"]).merge(areas, how="cross")
        frame["level"] = pd.array([levels.get(key) for key in zip(frame["school_id"], frame["area_id"], strict=True)],
                                  dtype="Int64")
        labels = {value: self.framework.level_label(value) for value in self.framework.scale.values}
        frame["level_label"] = [
            (labels.get(level, "") or NOT_GIVEN) if submitted else NOT_SUBMITTED
            for level, submitted in zip(frame["level"].astype(object), frame["submitted"], strict=True)]
        return frame[AREA_COLUMNS]

    @cached_property
    def statement_ratings(self) -> pd.DataFrame:
        """One row per statement answered in a submitted self-evaluation.

        Columns: school_id, school_name, triad_id, triad_name, area_id, area_number, statement_id,
        statement_number (position in the framework, for a stable order), statement_text,
        rating (Int64; NA when the statement was left unrated), has_evidence_note.
        """
        if self.framework is None:
            return _frame([], STATEMENT_COLUMNS)
        frame = pd.DataFrame(selfeval.statement_rows(self.la, [self.cohort.id]),
                             columns=list(selfeval.STATEMENT_ROW_COLUMNS))[
            ["school_id", "area_id", "statement_id", "rating", "has_evidence_note"]]
        # inner: a school that has left the cohort since is left out
        frame = frame.merge(self.schools[["school_id", "school_name", "triad_id", "triad_name"]],
                            on="school_id", how="inner")
        statements = self.framework.statements
        frame["area_number"] = frame["area_id"].map(
            {a.id: a.number for a in self.framework.areas}).astype("Int64")
        # Looked up once per distinct statement (about 60), not once per rating (thousands).
        codes, ids = pd.factorize(frame["statement_id"])
        numbers = [statements[sid][0] if sid in statements else 10**6 for sid in ids]
        texts = [statements[sid][1].text if sid in statements else sid for sid in ids]
        frame["statement_number"] = pd.Series(numbers, dtype="int64").take(codes).to_numpy()
        frame["statement_text"] = pd.Series(texts, dtype=frame["statement_id"].dtype).take(codes).to_numpy()
        frame = _levels(frame[STATEMENT_COLUMNS], "rating")
        frame["has_evidence_note"] = frame["has_evidence_note"].astype(bool)
        return frame.sort_values(["school_name", "school_id", "statement_number"],
                                 kind="stable", ignore_index=True)

    @cached_property
    def evidence_counts(self) -> pd.DataFrame:
        """One row per school x area that has answers saved.

        Columns: school_id, area_id, evidence_notes (statements with an evidence note),
        evidence_files (files uploaded to the area).
        """
        rows = [{"school_id": c.school_id, "area_id": c.area_id, "evidence_notes": c.notes,
                 "evidence_files": c.files}
                for c in selfeval.evidence_counts(self.la, [self.cohort.id])]
        return _frame(rows, EVIDENCE_COLUMNS)

    @cached_property
    def qa_checks(self) -> pd.DataFrame:
        """One row per school with a final QA report in this cohort (its latest).

        Columns: school_id, qa_visit_id, qa_rigour (label), qa_rigour_step (1-4), qa_checked_on,
        qa_focus_areas (tuple of area ids the visit looked at), qa_whole_triad.
        A school with no row has not been checked by a quality assurer this year.
        """
        rows = [{"school_id": c.school_id, "qa_visit_id": c.visit_id, "qa_rigour": c.rigour_label,
                 "qa_rigour_step": c.rigour_step, "qa_checked_on": c.held_on,
                 "qa_focus_areas": c.focus_areas, "qa_whole_triad": c.whole_triad}
                for c in analysis.qa_checks(self.la, self.cohort)]
        return _frame(rows, QA_COLUMNS)

    @cached_property
    def year_on_year(self) -> pd.DataFrame:
        """One row per school x area of this cohort, with the same school's level in the LA's
        previous cohort.

        Columns: school_id, school_name, urn, triad_id, triad_name, is_coach, area_id,
        area_number, area_title, level, previous_level (Int64, NA when the school was not in the
        previous cohort or did not submit), change (level - previous_level; NA unless both are
        there), submitted, previous_submitted, previous_cohort_id (NA when there is none).
        """
        if self.framework is None:
            return _frame([], YEAR_COLUMNS)
        previous = self.previous_cohort
        before_rows = (selfeval.evaluation_area_rows(self.la, [previous.id]) if previous else [])
        before = self._area_levels(before_rows)
        submitted_before = {r.school_id for r in before_rows if r.submitted}
        frame = self.area_ratings[[
            "school_id", "school_name", "urn", "triad_id", "triad_name", "is_coach", "area_id",
            "area_number", "area_title", "level", "submitted"]].copy()
        frame["previous_level"] = [before.get((s, a)) for s, a in zip(frame["school_id"],
                                                                       frame["area_id"], strict=True)]
        frame = _levels(frame, "previous_level")
        frame["change"] = frame["level"] - frame["previous_level"]
        frame["previous_submitted"] = frame["school_id"].isin(submitted_before)
        frame["previous_cohort_id"] = pd.array([previous.id if previous else None] * len(frame),
                                               dtype="Int64")
        return frame[YEAR_COLUMNS]

    @cached_property
    def plans(self) -> dict[int, analysis.PlanRow]:
        return {p.school_id: p for p in analysis.plan_rows(self.la, self.cohort)}

    @cached_property
    def priorities(self) -> pd.DataFrame:
        """One row per action-plan priority in the cohort.

        Columns: school_id, school_name, plan_id, priority_id, area_id, area_title, statement_id
        (the framework statement it started from, or None), statement_text, title.
        """
        names = dict(zip(self.schools["school_id"], self.schools["school_name"], strict=True))
        rows = [{"school_id": p.school_id, "school_name": names.get(p.school_id, ""),
                 "plan_id": p.plan_id, "priority_id": p.priority_id, "area_id": p.area_id,
                 "area_title": self._area_title(p.area_id), "statement_id": p.statement_id,
                 "statement_text": self._statement_text(p.statement_id), "title": p.title}
                for p in analysis.priority_rows(self.la, self.cohort)]
        return _frame(rows, PRIORITY_COLUMNS)

    @cached_property
    def actions(self) -> pd.DataFrame:
        """One row per action in the cohort's plans.

        Columns: school_id, school_name, plan_id, priority_id, area_id, area_title, action_id,
        description, status (as the school set it), due_on, progress (Done, On track, Not started
        and not yet due, At risk or overdue: see triads.interfaces.analysis.action_progress).
        """
        names = dict(zip(self.schools["school_id"], self.schools["school_name"], strict=True))
        rows = [{"school_id": a.school_id, "school_name": names.get(a.school_id, ""),
                 "plan_id": a.plan_id, "priority_id": a.priority_id, "area_id": a.area_id,
                 "area_title": self._area_title(a.area_id), "action_id": a.action_id,
                 "description": a.description, "status": a.status_label, "due_on": a.due_on,
                 "progress": a.progress.label}
                for a in analysis.action_rows(self.la, self.cohort, self.today)]
        return _frame(rows, ACTION_COLUMNS)

    @cached_property
    def completion(self) -> pd.DataFrame:
        """One row per school: the `schools` columns, plus first_meeting_on (the date of its
        triad's first meeting, where the triad drafts plans from the self-evaluations), due_state
        (how its self-evaluation stands against the cohort's timetable: Done, Overdue, Due soon or
        Upcoming), overdue, overdue_reason, plan_id, plan_status ("Not started" when there is no
        plan), plan_step.

        A self-evaluation is overdue when it is not submitted by the date the cohort's timetable
        gives ("Self-evaluations submitted by"), the one rule of app.models.cohort.due_state.
        """
        meetings = analysis.first_meeting_dates(self.la, self.cohort)
        due_on = self.cohort.timetable[Milestone.SELF_EVALUATION_DUE]
        frame = self.schools.copy()
        # The rule is the same for every school, so judged once for each answer it can give.
        states = {submitted: due_state(due_on, submitted, self.today) for submitted in (False, True)}
        reason = f"Not submitted by {due_on.day} {due_on:%B %Y}"
        plans = self.plans
        firsts, state_labels, overdue, reasons, plan_ids, statuses, steps = [], [], [], [], [], [], []
        for school_id, triad_id, submitted in zip(frame["school_id"].tolist(), frame["triad_id"].astype(object),
                                                  frame["submitted"].tolist(), strict=True):
            state = states[submitted]
            late = state is DueState.OVERDUE
            plan = plans.get(school_id)
            firsts.append(meetings.get(int(triad_id)) if _present(triad_id) else None)
            state_labels.append(state.label)
            overdue.append(late)
            reasons.append(reason if late else "")
            plan_ids.append(plan.plan_id if plan else None)
            statuses.append(plan.status_label if plan else NOT_STARTED)
            steps.append(plan.step if plan else 0)
        frame["first_meeting_on"] = firsts
        frame["due_state"] = state_labels
        frame["overdue"] = overdue
        frame["overdue_reason"] = reasons
        frame["plan_id"] = pd.array(plan_ids, dtype="Int64")
        frame["plan_status"] = statuses
        frame["plan_step"] = steps
        return frame[COMPLETION_COLUMNS]

    def _area_title(self, area_id: str) -> str:
        area = self.framework.area(area_id) if self.framework else None
        return area.title if area else area_id

    def _statement_text(self, statement_id: str | None) -> str:
        if not statement_id or self.framework is None:
            return ""
        found = self.framework.statements.get(statement_id)
        return found[1].text if found else statement_id


# Shortcuts for one frame: `data.area_ratings(la, cohort)` and so on, each documented as the
# CohortData property it reads. A page that needs several frames should use one CohortData.


def _shortcut(name: str):
    def frame(la: LocalAuthority, cohort: Cohort, today: date | None = None) -> pd.DataFrame:
        return getattr(CohortData(la, cohort, today), name)

    frame.__name__ = frame.__qualname__ = name
    frame.__doc__ = getattr(CohortData, name).__doc__
    return frame


schools = _shortcut("schools")
area_ratings = _shortcut("area_ratings")
statement_ratings = _shortcut("statement_ratings")
evidence_counts = _shortcut("evidence_counts")
qa_checks = _shortcut("qa_checks")
year_on_year = _shortcut("year_on_year")
priorities = _shortcut("priorities")
actions = _shortcut("actions")
completion = _shortcut("completion")
