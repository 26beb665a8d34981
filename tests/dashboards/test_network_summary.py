"""The network's figures come from summary counts kept up to date in the transaction of each
submission and reopening (selfeval/interfaces/network_summary.py): after any sequence of them the
counts equal a full recount from the ratings, the pages read no rating, and an LA starting or
stopping sharing changes the figures without a recount."""

import random

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.interfaces import cohorts, schools
from app.interfaces.schools import SchoolData
from app.models import Cohort, Phase, Role, School
from dashboards import benchmarks
from selfeval import interfaces as selfeval
from selfeval.interfaces import network_summary
from selfeval.models import AreaResponse, NetworkCountRow, SelfEvaluation, StatementRating
from selfeval.types import SelfEvaluationStatus
from tests.conftest import sign_in
from tests.dashboards.conftest import answer, submitted
from tests.pages import page, text_of

YEARS = (2024, 2025)


# --- the oracle: the grouped queries over every rating that the pages used to run ---------------


def _submitted_in(la_ids, start_year):
    return (SelfEvaluation.la_id.in_(la_ids), Cohort.start_year == start_year,
            SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED)


def recounted(la_ids: list[int], year: int) -> dict[str, object]:
    base = select(SelfEvaluation.la_id).join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
    las = set(db.session.scalars(base.where(*_submitted_in(la_ids, year)).distinct()))
    school_count = db.session.scalar(select(func.count(SelfEvaluation.school_id.distinct()))
                                     .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
                                     .where(*_submitted_in(la_ids, year)))
    levels = db.session.execute(
        select(AreaResponse.area_id, School.phase, AreaResponse.judgement, SelfEvaluation.la_id, func.count())
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id).join(School, School.id == SelfEvaluation.school_id)
        .where(*_submitted_in(la_ids, year), AreaResponse.judgement.is_not(None))
        .group_by(AreaResponse.area_id, School.phase, AreaResponse.judgement, SelfEvaluation.la_id)).all()
    ratings = db.session.execute(
        select(StatementRating.statement_id, StatementRating.rating, SelfEvaluation.la_id, func.count())
        .join(AreaResponse, AreaResponse.id == StatementRating.area_response_id)
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .where(*_submitted_in(la_ids, year), StatementRating.rating.is_not(None))
        .group_by(StatementRating.statement_id, StatementRating.rating, SelfEvaluation.la_id)).all()
    before_eval, before_area, before_cohort = aliased(SelfEvaluation), aliased(AreaResponse), aliased(Cohort)
    change = AreaResponse.judgement - before_area.judgement
    changes = db.session.execute(
        select(AreaResponse.area_id, change, SelfEvaluation.la_id, func.count())
        .join(SelfEvaluation, SelfEvaluation.id == AreaResponse.self_evaluation_id)
        .join(Cohort, Cohort.id == SelfEvaluation.cohort_id)
        .join(before_eval, (before_eval.school_id == SelfEvaluation.school_id)
              & (before_eval.la_id == SelfEvaluation.la_id) & (before_eval.status == SelfEvaluationStatus.SUBMITTED))
        .join(before_cohort, (before_cohort.id == before_eval.cohort_id) & (before_cohort.start_year == year - 1))
        .join(before_area, (before_area.self_evaluation_id == before_eval.id)
              & (before_area.area_id == AreaResponse.area_id))
        .where(*_submitted_in(la_ids, year), AreaResponse.judgement.is_not(None), before_area.judgement.is_not(None))
        .group_by(AreaResponse.area_id, change, SelfEvaluation.la_id)).all()
    return {"las": las, "totals": (len(las), school_count or 0),
            "levels": sorted((k, p.label, v, n, la) for k, p, v, la, n in levels),
            "ratings": sorted((k, "", v, n, la) for k, v, la, n in ratings),
            "changes": sorted((k, "", v, n, la) for k, v, la, n in changes)}


def summarised(la_ids: list[int], year: int) -> dict[str, object]:
    def rows(counts):
        return sorted((c.key, c.phase, c.value, c.schools, c.la) for c in counts)
    return {"las": selfeval.network_las(la_ids, year), "totals": selfeval.network_totals(la_ids, year),
            "levels": rows(selfeval.network_area_levels(la_ids, year)),
            "ratings": rows(selfeval.network_statement_ratings(la_ids, year)),
            "changes": rows(selfeval.network_area_changes(la_ids, year))}


def assert_summary_is_a_full_recount(la_ids: list[int]) -> None:
    for year in (*YEARS, YEARS[-1] + 1):
        assert summarised(la_ids, year) == recounted(la_ids, year), year
    kept = _all_rows()
    network_summary.rebuild()
    assert kept == _all_rows()


def _all_rows() -> list[tuple]:
    rows = db.session.execute(select(
        NetworkCountRow.la_id, NetworkCountRow.start_year, NetworkCountRow.kind, NetworkCountRow.key,
        NetworkCountRow.phase, NetworkCountRow.value, NetworkCountRow.schools)).all()
    return sorted((la, year, kind.name, *rest) for la, year, kind, *rest in rows)


@pytest.fixture
def small_network(world, make):
    """Three sharing LAs of two schools (one primary, one secondary) in two cohort years."""
    selfeval.load_bundled_frameworks()
    las = []
    for n in range(3):
        la = make.la(name=f"Summary Authority {n}", slug=f"summary-{n}", code=f"95{n}")
        la.shares_benchmarks = True
        members = [make.school(la, name=f"Summary {n} school {m}", phase=phase)
                   for m, phase in enumerate((Phase.PRIMARY, Phase.SECONDARY))]
        lead = make.user(Role.LA_LEAD, la=la)
        years = {year: cohorts.create_cohort(la, year, members) for year in YEARS}
        las.append({"la": la, "schools": members, "lead": lead, "cohorts": years})
    return las


def test_after_random_submits_and_reopens_the_summary_equals_a_full_recount(app, small_network):
    rng = random.Random(16)
    la_ids = [entry["la"].id for entry in small_network]
    evaluations = {}
    for step in range(14):
        entry = rng.choice(small_network)
        la, school, year = entry["la"], rng.choice(entry["schools"]), rng.choice(YEARS)
        found = evaluations.get((school.id, year))
        levels = [rng.randint(1, 4) for _ in range(8)]
        if found is None:
            evaluation = selfeval.start(la, school, entry["cohorts"][year], entry["lead"])
            answer(la, evaluation, levels)
            selfeval.submit(la, evaluation, entry["lead"], evaluation.version)
            evaluations[(school.id, year)] = evaluation
        elif found.submitted:
            selfeval.reopen(la, found, "Checking the evidence", found.version)
        else:
            answer(la, found, levels)
            selfeval.submit(la, found, entry["lead"], found.version)
        if step % 5 == 4:
            assert_summary_is_a_full_recount(la_ids)
    assert_summary_is_a_full_recount(la_ids)


def test_a_school_changing_phase_or_leaving_moves_its_counts(app, small_network):
    entry = small_network[0]
    la, school = entry["la"], entry["schools"][0]
    for year in YEARS:
        submitted(la, school, entry["cohorts"][year], entry["lead"], [3] * 8)
    schools.update_school(la, school, SchoolData(school.urn, school.name, Phase.SPECIAL, school.school_type),
                          school.version)
    assert {c.phase for c in selfeval.network_area_levels([la.id], 2025)} == {"Special"}
    assert_summary_is_a_full_recount([la.id])
    schools.delete_school(la, school)
    assert selfeval.network_totals([la.id], 2025) == (0, 0)
    assert_summary_is_a_full_recount([la.id])


def test_the_network_page_right_after_a_submission_shows_it_and_reads_no_rating(app, small_network, world):
    for entry in small_network:
        for school in entry["schools"][:1 if entry is small_network[0] else 2]:
            submitted(entry["la"], school, entry["cohorts"][2025], entry["lead"], [2] * 8)
    db.session.commit()
    client = sign_in(app.test_client(), world["analyst"])

    def schools_behind_outcomes() -> str:
        table = page(client.get("/network/?year=2025")).find(id="area-levels-table")
        return text_of(table.select("tbody tr")[0].find_all(["th", "td"])[1])

    assert schools_behind_outcomes() == "5"
    entry = small_network[0]
    submitted(entry["la"], entry["schools"][1], entry["cohorts"][2025], entry["lead"], [2] * 8)
    db.session.commit()
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert schools_behind_outcomes() == "6"
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert statements and not [s for s in statements if "statement_rating" in s or "area_response" in s]


def test_an_la_starting_or_stopping_sharing_changes_the_figures_without_a_recount(app, small_network):
    for entry in small_network:
        for school in entry["schools"]:
            submitted(entry["la"], school, entry["cohorts"][2025], entry["lead"], [3] * 8)
    db.session.commit()
    with app.test_request_context():
        shown = benchmarks.network_data(2025)
        assert (shown.las, shown.schools, shown.shown) == (3, 6, True)
        small_network[2]["la"].shares_benchmarks = False
        db.session.flush()
        hidden = benchmarks.network_data(2025)
        assert (hidden.las, hidden.schools, hidden.hidden) == (2, 4, "Fewer than 3 local authorities")
        small_network[2]["la"].shares_benchmarks = True
        db.session.flush()
        assert benchmarks.network_data(2025).schools == 6
