"""Time the analyst's network page at national scale: the first load after a submission (whose
recount changes the figures, so they are worked out afresh) and the load after that, plus the
figures alone (`_network_data`) without the page around them.

    .venv/bin/python -m bench.bench_network [--postgres] [--requests 10]
    .venv/bin/python -m bench.bench_network --database sqlite:////tmp/national.sqlite

Seeds 150 LAs, 20,000 schools and three years of submitted self-evaluations (as
bench/bench_programme.py does), unless --database names one already seeded at that scale (its
network summary is rebuilt first, in case it was seeded before the summary existed).
"""

import argparse
import statistics
import time

from sqlalchemy import event, select

from app import create_app, migrate
from app.db import utcnow
from app.extensions import db
from app.interfaces import users
from app.models import LocalAuthority, Role, User
from bench.bench_pages import database
from dashboards import benchmarks
from demo import scale
from selfeval import interfaces as selfeval
from selfeval.interfaces import network_summary
from selfeval.models import SelfEvaluation
from selfeval.types import SelfEvaluationStatus

PASSWORD = "scale-password-2026"
ANALYST = "network-bench@scale.example"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="seed a throwaway PostgreSQL cluster")
    parser.add_argument("--database", help="a database URL already seeded at national scale")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--explain", action="store_true", help="print the plan of each query the figures run")
    parser.add_argument("--vacuum", action="store_true",
                        help="VACUUM ANALYZE the summary after seeding (PostgreSQL), as autovacuum would in time")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    if args.database:
        run(args.database, args.requests, seeded=True, explain=args.explain, vacuum=args.vacuum)
        return
    with database(args.postgres) as url:
        run(url, args.requests, seeded=False, explain=args.explain, vacuum=args.vacuum)


def prepare(seeded: bool) -> None:
    started = time.perf_counter()
    if seeded:
        network_summary.rebuild()
    else:
        year = utcnow().year if utcnow().month >= 9 else utcnow().year - 1
        scale.seed(password=PASSWORD)
        scale.seed_programme(year, years=3)
    if users.get_user_by_email(ANALYST) is None:
        users.grant_role(users.create_user(ANALYST, "Network bench analyst", PASSWORD), Role.PROGRAMME_ANALYST)
    db.session.commit()
    print(f"prepared in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")


def resubmit() -> None:
    """Reopen and submit again the latest submitted self-evaluation of an LA that shares, as a
    lead would: the LA's figures are recounted in the same transaction, so the network's change."""
    evaluation = db.session.scalars(
        select(SelfEvaluation).join(LocalAuthority, LocalAuthority.id == SelfEvaluation.la_id)
        .where(SelfEvaluation.status == SelfEvaluationStatus.SUBMITTED, LocalAuthority.shares_benchmarks)
        .order_by(SelfEvaluation.id.desc()).limit(1)).one()
    la = db.session.get(LocalAuthority, evaluation.la_id)
    lead = db.session.scalars(select(User).order_by(User.id).limit(1)).one()
    selfeval.reopen(la, evaluation, "Checking the evidence", evaluation.version)
    selfeval.submit(la, evaluation, lead, evaluation.version)
    db.session.commit()


def ms(started: tuple[float, float]) -> tuple[float, float]:
    """Milliseconds since `started` (from `now`): elapsed, and of this process's CPU, which other
    work on a shared machine does not inflate."""
    return (time.perf_counter() - started[0]) * 1000, (time.process_time() - started[1]) * 1000


def now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def explain_figures(app) -> None:
    """EXPLAIN ANALYZE each statement the figures run, with the parameters it ran with."""
    statements = []
    with app.test_request_context():
        listener = lambda conn, cursor, sql, parameters, context, many: statements.append((sql, parameters))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            benchmarks.network_data()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if db.engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
        for sql, parameters in statements:
            print(sql.replace("\n", " ")[:160])
            raw = db.session.connection().connection.driver_connection.cursor()
            raw.execute(prefix + sql, parameters)
            for line in raw.fetchall():
                print("   ", " ".join(str(part) for part in line))


def run(url: str, requests: int, seeded: bool, explain: bool = False, vacuum: bool = False) -> None:
    app = create_app("test", DATABASE_URL=url)
    with app.app_context():
        migrate.upgrade(db.engine)
        prepare(seeded)
        if vacuum and db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE network_count")
    if explain:
        explain_figures(app)
    client = app.test_client()
    assert client.post("/sign-in", data={"email": ANALYST, "password": PASSWORD}).status_code == 302
    timings: dict[str, list[tuple[float, float]]] = {
        "figures only": [], "page, first after a submit": [], "page, again": []}
    for _ in range(requests):
        with app.app_context():
            resubmit()
        with app.test_request_context():
            la_ids = [la.id for la in benchmarks.local_authorities.sharing_las()]
            started = now()
            benchmarks._network_data(la_ids, None, benchmarks.minimums())
            timings["figures only"].append(ms(started))
        with app.app_context():
            resubmit()
        for name in ("page, first after a submit", "page, again"):
            started = now()
            response = client.get("/network/")
            timings[name].append(ms(started))
            assert response.status_code == 200 and b"area-levels-table" in response.data, response.status_code
    print(f"{'':<28}{'p50 ms':>8}{'max ms':>8}{'CPU p50':>9}")
    for name, values in timings.items():
        elapsed, cpu = zip(*values, strict=True)
        print(f"{name:<28}{statistics.median(elapsed):>8.1f}{max(elapsed):>8.1f}{statistics.median(cpu):>9.1f}")


if __name__ == "__main__":
    main()
