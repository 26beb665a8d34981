"""The triad page, a plan's page and the cohort overview read where each school's self-evaluation
and plan stand with light queries, and those agree with the whole records."""

from collections import Counter

from sqlalchemy import event

from app.extensions import db
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.triads.test_overview import overdue_plan
from tests.triads.test_plans import setting  # noqa: F401  (fixture)
from triads import interfaces as triads

# Tables of a self-evaluation's answers and a plan's contents.
CONTENTS = ("statement_rating", "area_response", "plan_priority", "plan_action", "plan_priority_comment",
            "plan_progress_note", "plan_success_criterion")


def tables_read(app, client, path: str) -> set[str]:
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return {table for table in CONTENTS for s in statements if f"FROM {table}" in s}


def test_light_reads_agree_with_the_whole_records(app, world, setting):  # noqa: F811
    la, cohort, triad = setting["la"], setting["cohort"], setting["triad"]
    plan = overdue_plan(world, setting)
    evaluation = selfeval.find_self_evaluation(la, setting["school"].id, cohort.id)

    states = selfeval.evaluation_states(la, cohort.id, triad.school_ids)
    assert set(states) == {setting["school"].id}
    state = states[setting["school"].id]
    assert (state.id, state.status, state.submitted, state.submitted_at, state.variant_id) == (
        evaluation.id, evaluation.status, evaluation.submitted, evaluation.submitted_at, evaluation.variant_id)
    assert selfeval.evaluation_variant(la, setting["school"].id, cohort.id) == selfeval.variant_of(evaluation)
    assert selfeval.evaluation_variant(la, setting["third"].id, cohort.id) is None
    assert selfeval.evaluation_states(la, cohort.id, []) == {}

    summaries = triads.plans.plan_summaries(la, cohort.id, triad.school_ids)
    assert set(summaries) == {setting["school"].id}
    summary = summaries[plan.school_id]
    assert (summary.id, summary.la_id, summary.cohort_id, summary.status) == (
        plan.id, plan.la_id, plan.cohort_id, plan.status)
    assert triads.plans.plan_summaries(la, cohort.id) == summaries
    assert triads.plans.overdue_counts(la, cohort.id) == Counter(
        p.school_id for _, p, _, _ in triads.plans.overdue_actions(la) if p.cohort_id == cohort.id) != {}


def test_triad_page_and_overview_read_no_answers_or_plan_contents(app, world, setting):  # noqa: F811
    overdue_plan(world, setting)
    la = setting["la"]
    coach = sign_in(app.test_client(), setting["coach"])
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert tables_read(app, coach, f"/la/{la.slug}/triads/{setting['triad'].id}") == set()
    # Only counts, grouped in the database: areas completed and actions overdue.
    assert tables_read(app, lead, f"/la/{la.slug}/plans/cohorts/{setting['cohort'].id}") == {
        "area_response", "plan_action"}


def test_plan_page_reads_the_plan_but_not_the_self_evaluations_answers(app, world, setting):  # noqa: F811
    plan = overdue_plan(world, setting)
    senco = sign_in(app.test_client(), world["a"]["senco"])
    read = tables_read(app, senco, f"/la/{setting['la'].slug}/plans/{plan.id}")
    assert "plan_priority" in read and not read & {"statement_rating", "area_response"}
