"""Every resource of the data feed, field by field, on the dashboards' cohort of known answers
(tests/dashboards/conftest.py): each row has exactly the declared fields, of the declared types
(checked against the OpenAPI schema), and the values are what was saved."""

from collections import Counter
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from app import features
from app.api import openapi
from app.db import utcnow
from app.extensions import db
from app.models import Milestone, due_state
from selfeval import framework as fw
from tests.dashboards import conftest as known_answers
from tests.dashboards.conftest import AREAS, LAST_YEAR, LEVELS
from tests.feed import LA_RESOURCES, RESOURCES, bearer, new_token, read_all, url_of
from triads.interfaces import overview

built = known_answers.built  # the dashboards' cohort of known answers, as a fixture here too


def test_every_registered_resource_is_tested(app):
    assert set(features.feed_resources()) == set(RESOURCES)
    assert len({r.name for r in RESOURCES}) == len(RESOURCES)


@pytest.fixture
def feed(app, built, world):
    secret = new_token(built.la, world["a"]["lead"])
    client = app.test_client()

    def rows(name: str, cohort=None) -> list[dict]:
        resource = next(r for r in features.feed_resources() if r.name == name)
        return read_all(client, url_of(resource, built.la.slug, (cohort or built.cohort).id), secret)

    return rows


def ids(built) -> dict[int, str]:
    return {school.id: key for key, school in built.schools.items()}


@pytest.mark.parametrize("resource", LA_RESOURCES, ids=[r.name for r in LA_RESOURCES])
def test_each_row_has_exactly_the_declared_fields_and_types(app, built, world, resource):
    secret = new_token(built.la, world["a"]["lead"])
    found = read_all(app.test_client(), url_of(resource, built.la.slug, built.cohort.id), secret, per_page=2)
    assert found, f"{resource.name} gave no rows for the cohort: the check below would prove nothing"
    validator = Draft202012Validator(openapi.row_schema(resource), format_checker=Draft202012Validator.FORMAT_CHECKER)
    for row in found:
        assert set(row) == set(resource.field_names)
        errors = [e.message for e in validator.iter_errors(row)]
        assert not errors, f"{resource.name}: {errors} in {row}"


def test_schools(feed, built):
    rows = {row["school_id"]: row for row in feed("schools")}
    one = built.schools["one"]
    assert set(rows) == {school.id for school in built.schools.values()}
    assert rows[one.id] == {"school_id": one.id, "urn": one.urn, "name": one.name, "phase": "PRIMARY",
                            "school_type": "ACADEMY"}


def test_cohorts_with_their_timetable(feed, built):
    rows = {row["start_year"]: row for row in feed("cohorts")}
    assert list(rows) == [2024, 2025]
    now = rows[2025]
    assert (now["cohort_id"], now["academic_year"], now["schools"]) == (built.cohort.id, "2025/26", 6)
    assert (now["starts_on"], now["ends_on"]) == ("2025-09-01", "2026-08-31")
    for milestone in Milestone:
        assert now[milestone.value] == built.cohort.timetable[milestone].isoformat()


def test_self_evaluations_give_every_school_its_state(feed, built):
    rows = {ids(built)[row["school_id"]]: row for row in feed("self_evaluations")}
    assert {key: row["status"] for key, row in rows.items()} == {
        "one": "SUBMITTED", "two": "SUBMITTED", "three": "IN_PROGRESS", "four": "SUBMITTED",
        "five": "NOT_STARTED", "six": "SUBMITTED"}
    assert rows["five"]["self_evaluation_id"] is None and rows["five"]["areas_completed"] == 0
    assert (rows["one"]["areas"], rows["one"]["areas_completed"], rows["one"]["variant"]) == (8, 8, "mainstream")
    assert rows["one"]["submitted_at"] and rows["three"]["submitted_at"] is None


def test_area_judgements_are_the_submitted_ones_as_saved(feed, built):
    rows = feed("area_judgements")
    by_school = {}
    for row in rows:
        by_school.setdefault(ids(built)[row["school_id"]], {})[row["area_id"]] = row
    # Three's draft holds last year's levels, carried forward: not a judgement yet, not in the feed.
    assert set(by_school) == set(LEVELS)
    scale = fw.default_framework().scale
    for key, levels in LEVELS.items():
        assert {area: by_school[key][area]["judgement"] for area in AREAS} == dict(zip(AREAS, levels, strict=True))
        for area, level in zip(AREAS, levels, strict=True):
            assert by_school[key][area]["judgement_label"] == scale.label(level)
    outcomes = by_school["one"]["outcomes"]
    assert (outcomes["area_number"], outcomes["area_title"]) == (1, "Outcomes for pupils with SEND")


def test_statement_ratings_are_the_submitted_ones_as_saved(feed, built):
    rows = feed("statement_ratings")
    variant = fw.default_framework().default_variant
    assert len(rows) == len(LEVELS) * len(variant.statements)
    first_of_area = {area.statements[0].id for area in variant.areas}
    for row in rows:
        level = LEVELS[ids(built)[row["school_id"]]][AREAS.index(row["area_id"])]
        assert row["rating"] == level  # every statement was rated at its area's level
        assert row["has_evidence_note"] is (row["statement_id"] in first_of_area)
        assert row["statement"] == variant.statement(row["statement_id"]).text


def test_last_years_cohort_reads_as_its_own(feed, built):
    rows = feed("area_judgements", built.previous)
    schools = {ids(built)[row["school_id"]] for row in rows}
    assert schools == set(LAST_YEAR)


def test_triads_list_each_school_and_the_coach(feed, built):
    rows = feed("triads")
    assert Counter(row["triad_name"] for row in rows) == {"North": 3, "South": 3}
    coaches = {ids(built)[row["school_id"]] for row in rows if row["is_coach_school"]}
    assert coaches == {"two", "four"}
    north = [row for row in rows if row["triad_name"] == "North"]
    assert {row["coach_school_id"] for row in north} == {built.schools["two"].id}
    assert {row["triad_id"] for row in north} == {built.north.id}


def test_action_plans_priorities_and_actions(feed, built):
    today = utcnow().date()
    [plan] = feed("action_plans")
    assert (plan["school_id"], plan["status"], plan["priorities"]) == (built.schools["one"].id, "DRAFT", 2)
    assert plan["signed_off_at"] is None and plan["changed_since_sign_off"] is False
    priorities = feed("priorities")
    assert [(p["area_id"], p["title"], p["position"]) for p in priorities] == [
        ("monitoring", "Provision map shows impact", priorities[0]["position"]),
        ("resources", "Deploy TAs well", priorities[1]["position"])]
    actions = {a["description"]: a for a in feed("actions")}
    assert {d: (a["status"], a["due_on"], a["area_id"]) for d, a in actions.items()} == {
        "Review the provision map with SLT": ("ON_TRACK", "2026-01-10", "monitoring"),
        "Train staff in tracking progress": ("NOT_STARTED", "2025-11-01", "monitoring"),
        "Train teaching assistants": ("DONE", "2025-10-01", "resources"),
    }
    for action in actions.values():
        done = action["status"] == "DONE"
        assert action["due_state"] == due_state(date.fromisoformat(action["due_on"]), done, today).name
    assert actions["Train teaching assistants"]["progress"] == "DONE"
    assert actions["Train staff in tracking progress"]["progress"] == "AT_RISK"  # past its date
    assert {a["priority_id"] for a in actions.values()} == {p["priority_id"] for p in priorities}


def test_meetings_with_their_dates_and_state(feed, built):
    rows = feed("meetings")
    assert Counter(row["triad_id"] for row in rows) == {built.north.id: 3, built.south.id: 3}
    firsts = {row["triad_id"]: row for row in rows if row["number"] == 1}
    assert firsts[built.north.id]["held_on"] == "2025-10-01"
    assert firsts[built.south.id]["held_on"] == "2025-12-01"
    assert firsts[built.north.id]["status"] == "PLANNED"  # dated but not recorded as held
    assert firsts[built.north.id]["due_by"] == built.cohort.timetable[Milestone.MEETING_1].isoformat()
    assert firsts[built.north.id]["due_state"] == built.cohort.timetable.state(
        Milestone.MEETING_1, False, utcnow().date()).name
    assert firsts[built.north.id]["purpose"] == "Action planning"


def test_qa_visits_with_their_state(feed, built):
    [visit] = feed("qa_visits")
    assert (visit["school_id"], visit["triad_id"], visit["status"], visit["rigour"]) == (
        built.schools["one"].id, None, "FINAL", "RIGOROUS")
    assert (visit["planned_on"], visit["held_on"], visit["due_state"]) == ("2026-03-03", "2026-03-03", "DONE")
    assert visit["finalised_at"].endswith("Z")


def test_completion_is_the_leads_cohort_overview(app, feed, built):
    rows = {row["school_id"]: row for row in feed("completion")}
    expected = overview.cohort_overview(built.la, built.cohort)
    assert set(rows) == {row.school.id for row in expected}
    for row in expected:
        got = rows[row.school.id]
        assert got["self_evaluation_state"] == row.self_evaluation_due.name
        assert got["plan_state"] == row.plan_due.name
        assert got["meeting_state"] == (row.meeting_due.name if row.triad else None)
        assert got["overdue_actions"] == row.overdue
        assert got["plan_status"] == (row.plan.status.name if row.plan else None)
        assert got["triad_id"] == (row.triad.id if row.triad else None)
    one = rows[built.schools["one"].id]
    # Past its date and not done: both open actions (due 1 November 2025 and 10 January 2026).
    assert one["overdue_actions"] == 2 and one["self_evaluation_state"] == "DONE"
    assert rows[built.schools["five"].id]["self_evaluation_state"] == "OVERDUE"


def test_a_page_costs_a_handful_of_statements_whatever_the_cohort(app, built, world):
    """The same statements for a page of 2 rows as for a page of 500: nothing per row."""
    from sqlalchemy import event

    secret = new_token(built.la, world["a"]["lead"])
    client = app.test_client()
    counts: dict[str, list[int]] = {}
    for resource in LA_RESOURCES:
        url = url_of(resource, built.la.slug, built.cohort.id)
        for per_page in (1, 500):
            seen = []

            def count(*_args, seen=seen):
                seen.append(1)

            event.listen(db.engine, "before_cursor_execute", count)
            try:
                assert client.get(f"{url}?per_page={per_page}", headers=bearer(secret)).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            counts.setdefault(resource.name, []).append(len(seen))
    assert all(small == large for small, large in counts.values()), counts
    assert max(n for name, (n, _) in counts.items() if name != "completion") <= 10, counts
