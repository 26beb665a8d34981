"""Cohort-wide pages ask the database the same number of questions whatever the number of schools,
and on PostgreSQL an index can serve every question they ask of a big table.

One cohort of this academic year in LA A is built with a few schools, every page below is counted,
then the cohort grows to three times the schools (triads, submitted self-evaluations, plans and QA
visits alike) and every page is counted again. A page whose count grows loads something per school
(an N+1): load it with its parent (selectinload) or in one grouped query in the interface.
A paged list costs the same on its first page and on a later one.

The index check runs every distinct statement of those pages through EXPLAIN with sequential scans
switched off: a Seq Scan the planner still chooses is one no index can serve (bench/explain.py does
the same at national scale, with timings).
"""

from datetime import date

import pytest
from sqlalchemy import event, text

from app.extensions import db
from app.interfaces import cohorts
from app.models import Role, current_academic_year
from bench.explain import seq_scans
from selfeval import interfaces as selfeval
from tests.conftest import BACKENDS, sign_in
from tests.dashboards.conftest import LEVELS, submitted
from triads import interfaces as triads
from triads.interfaces import plans, visits

SMALL = 3  # schools with plans and visits (beside a first triad); growing adds twice as many
LEVEL_ROWS = list(LEVELS.values())

# role, page, address ({la}, {cohort}, {school}, {evaluation} filled in). A new page is one line.
PAGES = [
    ("lead", "LA home and what is waiting", "/la/{la}/"),
    ("lead", "cohort page", "/la/{la}/cohorts/{cohort}"),
    ("lead", "cohort triads", "/la/{la}/triads/cohorts/{cohort}"),
    ("lead", "cohort dashboard", "/la/{la}/dashboards/?cohort={cohort}"),
    ("lead", "heatmap", "/la/{la}/dashboards/cohorts/{cohort}/heatmap"),
    ("lead", "heatmap Excel", "/la/{la}/dashboards/cohorts/{cohort}/heatmap.xlsx"),
    ("lead", "completion", "/la/{la}/dashboards/cohorts/{cohort}/completion"),
    ("lead", "completion CSV", "/la/{la}/dashboards/cohorts/{cohort}/completion.csv"),
    ("lead", "statements", "/la/{la}/dashboards/cohorts/{cohort}/statements"),
    ("lead", "statements Excel", "/la/{la}/dashboards/cohorts/{cohort}/statements.xlsx"),
    ("lead", "peer matching", "/la/{la}/dashboards/cohorts/{cohort}/peer-matching"),
    ("lead", "peer matching CSV", "/la/{la}/dashboards/cohorts/{cohort}/peer-matching.csv"),
    ("lead", "peer matching Excel", "/la/{la}/dashboards/cohorts/{cohort}/peer-matching.xlsx"),
    ("lead", "schools at a glance", "/la/{la}/dashboards/cohorts/{cohort}/schools-at-a-glance"),
    ("lead", "action plans dashboard", "/la/{la}/dashboards/cohorts/{cohort}/action-plans"),
    ("lead", "cohort overview (self-evaluations, plans)", "/la/{la}/plans/cohorts/{cohort}"),
    ("lead", "cohort overview Excel", "/la/{la}/plans/cohorts/{cohort}/overview.xlsx"),
    ("lead", "plans actions Excel", "/la/{la}/plans/cohorts/{cohort}/actions.xlsx"),
    ("qa", "QA visits", "/la/{la}/visits/"),
    ("head", "school's action plans", "/la/{la}/plans/schools/{school}"),
    ("senco", "SENCO home", "/la/{la}/"),
    ("senco", "self-evaluation task list", "/la/{la}/self-evaluation/{evaluation}"),
    ("coach", "triad page", "/la/{la}/triads/{triad}"),
    ("lead", "a school's plan", "/la/{la}/plans/{plan}"),
    ("analyst", "network benchmarks", "/network/"),
    ("analyst", "network statements", "/network/statements"),
    ("analyst", "network benchmarks CSV", "/network/benchmarks.csv"),
    ("analyst", "network benchmarks Excel", "/network/benchmarks.xlsx"),
    ("analyst", "network statements CSV", "/network/statements.csv"),
]

# Paged lists: the first page's address and a later page's, on the grown cohort.
PAGED = [
    ("lead", "peer matches, page 2", "/la/{la}/dashboards/cohorts/{cohort}/peer-matching",
     "/la/{la}/dashboards/cohorts/{cohort}/peer-matching?page=2"),
    ("lead", "times suggested, page 2", "/la/{la}/dashboards/cohorts/{cohort}/peer-matching",
     "/la/{la}/dashboards/cohorts/{cohort}/peer-matching?suggested_page=2"),
]

# Statements the test's own savepoints add around each request, not the page's.
HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def add_schools(make, la, cohort, sencos: dict, assurer, count: int, first: int) -> None:
    """`count` schools (a multiple of three) into the cohort: a triad per three, each school's
    self-evaluation submitted, a plan with a priority and an action, and a QA visit."""
    new = [make.school(la, name=f"Counted School {first + n}") for n in range(count)]
    members = [m.school for m in cohort.members]
    cohorts.update_cohort(la, cohort, cohort.name, members + new, cohort.version)
    for n, school in enumerate(new):
        senco = make.user(Role.SENCO, school=school)
        sencos[school.id] = senco
        submitted(la, school, cohort, senco, LEVEL_ROWS[n % len(LEVEL_ROWS)])
        plan = plans.start_plan(la, school, cohort, senco, [])
        priority = plans.save_priority(la, plan, None, plans.PriorityDetails(
            "monitoring", "Provision map shows impact", "", ["Termly review"]),
            {"monitoring"}, None)
        plans.save_action(la, plan, cohort, priority, None, plans.ActionDetails(
            "Review the provision map", None, None, date(cohort.start_year + 1, 1, 10), "",
            plans.ActionStatus.NOT_STARTED), None)
        visits.schedule_visit(la, cohort, assurer.id, date(cohort.start_year + 1, 2, 1),
                              school_id=school.id)
    for n in range(0, count, 3):
        group = new[n:n + 3]
        triads.create_triad(la, cohort, f"Triad {first + n}", [s.id for s in group], group[0].id)
    db.session.commit()


def page_ids(la, cohort) -> dict[str, int]:
    """Triad 1 (the first added, with plans), its coach school and one of its partners' plans."""
    triad = next(t for t in triads.list_triads(la, cohort) if t.name == "Triad 1")
    coached = next(sid for sid in triad.school_ids if sid != triad.coach_school_id)
    return {"triad": triad.id, "coach_school": triad.coach_school_id,
            "plan": plans.find_plan(la, coached, cohort.id).id}


@pytest.fixture(autouse=True)
def _drawn_every_time(app):
    """What is counted is what drawing a page asks; a page kept once drawn (app/kept_pages.py)
    asks only for the person, the LA and the revisions (tests/dashboards/test_kept_pages.py)."""
    before, app.config["KEPT_PAGES_MB"] = app.config["KEPT_PAGES_MB"], 0
    yield
    app.config["KEPT_PAGES_MB"] = before


@pytest.fixture
def counted(world, make):
    a = world["a"]
    la = a["la"]
    selfeval.load_bundled_frameworks()
    triads_members = [a["school"], a["other_school"], make.school(la, name="Counted School 0")]
    cohort = cohorts.create_cohort(la, current_academic_year(), triads_members)
    triads.create_triad(la, cohort, "Triad 0", [s.id for s in triads_members], a["other_school"].id)
    sencos = {a["school"].id: a["senco"]}
    submitted(la, a["school"], cohort, a["senco"], LEVEL_ROWS[0])
    for school in triads_members[1:]:
        sencos[school.id] = make.user(Role.SENCO, school=school)
        submitted(la, school, cohort, sencos[school.id], LEVEL_ROWS[1])
    visits.assign_assurer(la, cohort, a["qa"].id)
    add_schools(make, la, cohort, sencos, a["qa"], SMALL, 1)
    return cohort, sencos


def statement_counter(app):
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(HARNESS):
            statements.append(statement)

    def stop() -> None:
        if event.contains(db.engine, "before_cursor_execute", note):
            event.remove(db.engine, "before_cursor_execute", note)

    event.listen(db.engine, "before_cursor_execute", note)
    return statements, stop


def count(client, path: str, statements: list, warm: bool = True) -> int:
    if warm:  # once, for what the process keeps between requests (frameworks, figures)
        client.get(path)
    statements.clear()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(statements)


def people_and_addresses(app, world, counted, signed_in) -> tuple[dict, dict]:
    """Each role signed in (the coach as the SENCO of the first triad's coach school), and the ids
    that fill in the pages' addresses."""
    cohort, sencos = counted
    a = world["a"]
    clients = {role: signed_in(None if role == "analyst" else "a", role)
               for role in ("lead", "qa", "head", "senco", "analyst")}
    evaluation = selfeval.find_self_evaluation(a["la"], a["school"].id, cohort.id)
    fill = {"la": a["la"].slug, "cohort": cohort.id, "school": a["school"].id, "evaluation": evaluation.id,
            **page_ids(a["la"], cohort)}
    clients["coach"] = sign_in(app.test_client(), sencos[fill["coach_school"]])
    return clients, fill


@pytest.mark.one_database  # the count is the same on both databases
def test_cohort_wide_pages_cost_the_same_queries_for_three_times_the_schools(app, world, make, counted,
                                                                               signed_in):
    cohort, sencos = counted
    a = world["a"]
    clients, fill = people_and_addresses(app, world, counted, signed_in)
    statements, stop = statement_counter(app)
    try:
        small = {name: count(clients[role], path.format(**fill), statements) for role, name, path in PAGES}
        stop()
        add_schools(make, a["la"], db.session.merge(cohort), sencos, a["qa"], 2 * SMALL, SMALL)
        statements, stop = statement_counter(app)
        grown = {name: count(clients[role], path.format(**fill), statements, warm=False)
                 for role, name, path in PAGES}
        paged = {name: (count(clients[role], first.format(**fill), statements, warm=False),
                        count(clients[role], later.format(**fill), statements, warm=False))
                 for role, name, first, later in PAGED}
    finally:
        stop()
    assert {name: (small[name], grown[name]) for name in small if small[name] != grown[name]} == {}
    assert {name: pair for name, pair in paged.items() if pair[0] != pair[1]} == {}


# Tables that grow with the installation (schools, ratings, people, history).
BIG_TABLES = {"statement_rating", "area_response", "self_evaluation", "school", "cohort_school",
              "triad_member", "triad", "audit_event", "user_session", "sign_in_attempt", "outbox_message",
              "role_assignment", "user_account", "action_plan", "plan_priority", "plan_action",
              "qa_visit", "triad_meeting", "network_count", "notification"}
# (table, a phrase of the statement): why reading the whole table is right.
WHOLE_TABLE_READS: dict[tuple[str, str], str] = {}


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="plans are PostgreSQL's")
def test_an_index_serves_every_statement_of_the_cohort_wide_pages(app, world, counted, signed_in):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    clients, fill = people_and_addresses(app, world, counted, signed_in)
    seen: dict[str, tuple[str, object]] = {}

    def note(_conn, _cursor, statement, parameters, _context, executemany):
        if not executemany and not statement.lstrip().upper().startswith((*HARNESS, "EXPLAIN", "SET")):
            seen.setdefault(statement, (page, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        for _role, page, path in [*PAGES, *((r, n, later) for r, n, _first, later in PAGED)]:
            assert clients[_role].get(path.format(**fill)).status_code == 200, page
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert len(seen) > 50  # the pages' statements were seen
    connection = db.session.connection()
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    unserved = []
    for statement, (page, parameters) in seen.items():
        plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters or ()).scalar()
        for table in sorted(set(seq_scans(plan[0]["Plan"])) & BIG_TABLES):
            if not any(t == table and phrase in statement for t, phrase in WHOLE_TABLE_READS):
                unserved.append((page, table, " ".join(statement.split())[:300]))
    assert unserved == []
