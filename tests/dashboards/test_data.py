"""The dashboards' frames, from database rows built through the interfaces."""

from datetime import date

import pandas as pd
from sqlalchemy import event

from app.extensions import db
from app.interfaces import cohorts
from app.models import Role
from dashboards import data
from tests.dashboards.conftest import AREAS, LAST_YEAR, LEVELS, TODAY, submitted
from triads import interfaces as triads
from triads.interfaces import plans
from triads.types import ActionStatus


def frames(built):
    return data.CohortData(built.la, built.cohort, today=TODAY)


def by_school(frame, built, key):
    return frame[frame["school_id"] == built.schools[key].id]


def test_schools_have_their_triad_coach_and_self_evaluation_state(built):
    schools = frames(built).schools.set_index("school_name")
    assert list(schools.index) == sorted(schools.index)
    one, two, three, five = (schools.loc[f"School A {n}"] for n in ("One", "Two", "Three", "Five"))
    assert (one.triad_name, one.is_coach, one.coach_school_name) == ("North", False, "School A Two")
    assert two.is_coach and not one.is_coach
    assert (one.status, one.submitted, one.areas_completed) == ("Submitted", True, 8)
    assert (three.status, three.submitted) == ("In progress", False)
    assert (five.status, five.submitted, five.areas_completed) == ("Not started", False, 0)
    assert pd.isna(five.self_evaluation_id) and pd.isna(five.last_activity)
    assert not pd.isna(one.last_activity)


def test_area_ratings_has_a_row_per_school_and_area_with_levels_only_when_submitted(built):
    ratings = frames(built).area_ratings
    assert len(ratings) == 6 * 8
    assert list(ratings.columns[:3]) == ["school_id", "school_name", "urn"]
    one = by_school(ratings, built, "one").set_index("area_id")
    assert list(one.index) == AREAS
    assert [int(v) for v in one["level"]] == LEVELS["one"]
    assert one.loc["leadership", "level_label"] == "A strength to share"
    # Three's draft carries last year's answers forward: still "Not submitted", never a level.
    for key in ("three", "five"):
        missing = by_school(ratings, built, key)
        assert missing["level"].isna().all()
        assert set(missing["level_label"]) == {data.NOT_SUBMITTED}
    assert str(ratings["level"].dtype) == "Int64"


def test_statement_ratings_come_only_from_submitted_self_evaluations(built):
    statements = frames(built).statement_ratings
    assert set(statements["school_name"]) == {"School A One", "School A Two", "School A Four",
                                              "School A Six"}
    one = by_school(statements, built, "one")
    outcomes = one[one["area_id"] == "outcomes"]
    assert set(outcomes["rating"]) == {LEVELS["one"][0]}
    assert outcomes["has_evidence_note"].sum() == 1  # the first statement of each area has a note
    assert outcomes["statement_text"].str.len().min() > 10
    assert list(outcomes["statement_number"]) == sorted(outcomes["statement_number"])


def test_evidence_counts_notes_and_files_per_area(built):
    evidence = frames(built).evidence_counts
    one = by_school(evidence, built, "one").set_index("area_id")
    assert one.loc["leadership", "evidence_notes"] == 1
    assert one.loc["leadership", "evidence_files"] == 1
    assert one.loc["outcomes", "evidence_files"] == 0


def test_qa_checks_name_the_latest_final_report_per_school(built):
    checks = frames(built).qa_checks
    assert list(checks["school_id"]) == [built.schools["one"].id]
    check = checks.iloc[0]
    assert check.qa_rigour == "Rigorous" and check.qa_rigour_step == 3
    assert check.qa_focus_areas == ("monitoring",) and check.qa_checked_on == date(2026, 3, 3)


def test_year_on_year_compares_the_same_school_in_the_previous_cohort(built):
    years = frames(built).year_on_year
    one = by_school(years, built, "one").set_index("area_id")
    expected = [now - before for now, before in zip(LEVELS["one"], LAST_YEAR["one"], strict=True)]
    assert [int(v) for v in one["change"]] == expected
    assert set(one["previous_cohort_id"]) == {built.previous.id}
    # Three was in last year's cohort but did not submit; Four was not in it at all.
    for key in ("three", "four"):
        rows = by_school(years, built, key)
        assert rows["previous_level"].isna().all() and rows["change"].isna().all()
    assert not by_school(years, built, "three")["previous_submitted"].any()


def test_year_on_year_without_a_previous_cohort_has_no_previous_levels(built):
    years = data.CohortData(built.la, built.previous).year_on_year
    assert years["previous_level"].isna().all() and years["previous_cohort_id"].isna().all()


def test_priorities_and_actions_carry_area_and_progress(built):
    cohort = frames(built)
    priorities = cohort.priorities
    assert list(priorities["area_id"]) == ["monitoring", "resources"]
    assert priorities["area_title"].str.len().min() > 5
    actions = cohort.actions.set_index("description")
    assert actions.loc["Review the provision map with SLT", "progress"] == "On track"
    # Not started, and its due date (1 November) has passed: overdue.
    assert actions.loc["Train staff in tracking progress", "progress"] == "At risk or overdue"
    assert actions.loc["Train teaching assistants", "progress"] == "Done"


def test_completion_judges_self_evaluations_against_the_cohorts_timetable(built):
    completion = frames(built).completion.set_index("school_name")
    # The timetable's default: submitted by 31 October 2025. On 20 November Three (in progress)
    # and Five (not started) are overdue; whatever their triad's first meeting.
    for late in ("School A Three", "School A Five"):
        assert completion.loc[late, "overdue"] and completion.loc[late, "due_state"] == "Overdue"
        assert completion.loc[late, "overdue_reason"] == "Not submitted by 31 October 2025"
    assert not completion.loc["School A One", "overdue"]
    assert completion.loc["School A One", "due_state"] == "Done"
    assert completion.loc["School A One", "plan_status"] == "Draft"
    assert completion.loc["School A Two", "plan_status"] == "Not started"
    # The lead moves the date to 1 December: the same schools are now due soon, not overdue.
    built.cohort.self_evaluation_due = date(2025, 12, 1)
    rows = data.CohortData(built.la, built.cohort, today=TODAY).completion.set_index("school_name")
    assert rows.loc["School A Five", "due_state"] == "Due soon" and not rows.loc["School A Five", "overdue"]
    assert rows.loc["School A Five", "overdue_reason"] == ""


def test_frames_are_limited_to_the_la(built, world):
    other = data.CohortData(world["b"]["la"], built.cohort, today=TODAY)
    assert other.evidence_counts.empty and other.qa_checks.empty and other.priorities.empty
    assert other.statement_ratings.empty
    assert set(other.area_ratings["level_label"]) <= {data.NOT_SUBMITTED}


def test_every_frame_takes_a_fixed_number_of_queries(built, make):
    seen: list[str] = []

    def count() -> int:
        statements = seen
        statements.clear()

        def listen(conn, cursor, statement, *args):
            statements.append(statement)

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            cohort = data.CohortData(built.la, db.session.get(type(built.cohort), built.cohort.id),
                                     today=TODAY)
            for name in ("schools", "area_ratings", "statement_ratings", "evidence_counts",
                         "qa_checks", "year_on_year", "priorities", "actions", "completion"):
                getattr(cohort, name)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    before = count()
    extra = [make.school(built.la) for _ in range(3)]
    cohorts.update_cohort(built.la, built.cohort, built.cohort.name,
                          [m.school for m in built.cohort.members] + extra, built.cohort.version)
    for school in extra:
        submitted(built.la, school, built.cohort, make.user(Role.SENCO, school=school),
                  LEVELS["two"])
    triads.create_triad(built.la, built.cohort, "West", [s.id for s in extra], extra[0].id)
    for school in extra:
        plan = plans.start_plan(built.la, school, built.cohort, None, [])
        priority = plans.save_priority(built.la, plan, None, plans.PriorityDetails(
            "teaching", "Adaptive teaching", "", ["c"]), set(AREAS), None)
        plans.save_action(built.la, plan, built.cohort, priority, None, plans.ActionDetails(
            "CPD on adaptive teaching", None, None, date(2026, 1, 1), "", ActionStatus.ON_TRACK), None)
    db.session.commit()
    assert count() == before
    assert before <= 20, '\n\n'.join(s[:150] for s in seen)


def test_module_shortcuts_give_the_same_frames(built):
    assert data.area_ratings(built.la, built.cohort).equals(frames(built).area_ratings)
    assert "Columns:" in data.area_ratings.__doc__ and "first_meeting_on" in data.completion.__doc__
