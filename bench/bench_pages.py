"""Time the core pages at national scale (150 LAs, 20,000 schools) and count their queries.

    .venv/bin/python -m bench.bench_pages [--postgres] [--requests 50]

Runs in-process through the Flask test client, so it measures the app and the database, not the
network. Prints p50/p95 milliseconds and SQL statements per request for each page.
"""

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from app import create_app, migrate
from app.extensions import db
from demo import scale

PAGES = [
    ("home", "/"),
    ("LA home", "/la/scale-001/"),
    ("schools list", "/la/scale-001/schools"),
    ("schools page 3", "/la/scale-001/schools?page=3"),
    ("search by name", "/la/scale-001/schools?q=oak"),
    ("search by URN", "/la/scale-001/schools?q=2001"),
    ("school page", None),
    ("people", "/la/scale-001/people"),
    ("schools export", "/la/scale-001/schools/export.xlsx"),
]


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--postgres", action="store_true", help="use a throwaway PostgreSQL cluster")
    parser.add_argument("--requests", type=int, default=50)
    return parser.parse_args()


@contextlib.contextmanager
def database(postgres: bool):
    """A fresh database URL: a throwaway PostgreSQL cluster, or a SQLite file."""
    if not postgres:
        yield f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"
        return
    from tests.pg_cluster import Cluster

    cluster = Cluster()
    cluster.start()
    try:
        yield cluster.create_database("bench")
    finally:
        cluster.stop()


def count_statements(app) -> list:
    statements: list = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a, **k: statements.append(1))
    return statements


def time_pages(client, pages: list[tuple[str, str]], requests: int, statements: list) -> None:
    print(f"{'page':<22}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for name, path in pages:
        timings = []
        for _ in range(requests):
            statements.clear()
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:<22}{statistics.median(timings):>8.1f}{p95:>8.1f}{len(statements):>9}")


def main() -> None:
    args = arguments(__doc__)
    with database(args.postgres) as url:
        run(url, args.requests)


def run(url: str, requests: int) -> None:
    app = create_app("test", DATABASE_URL=url)
    with app.app_context():
        migrate.upgrade(db.engine)
        started = time.perf_counter()
        counts = scale.seed()
        db.session.commit()
        print(f"seeded {counts} in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")
        school_id = db.session.execute(
            db.session.query(scale.School.id).filter(scale.School.la_id == 1).limit(1).statement
        ).scalar()

    statements = count_statements(app)
    client = app.test_client()
    response = client.post("/sign-in", data={"email": "lead@scale-001.example",
                                             "password": "scale-password-2026"})
    assert response.status_code == 302, response.status_code
    time_pages(client, [(name, path or f"/la/scale-001/schools/{school_id}") for name, path in PAGES],
               requests, statements)


if __name__ == "__main__":
    main()
