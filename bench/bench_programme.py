"""Time the programme pages at national scale: 150 LAs and 20,000 schools, each LA with two
cohorts of every school in triads and a submitted self-evaluation per school per year (about
2.4 million statement ratings), every LA sharing with the network.

    .venv/bin/python -m bench.bench_programme [--postgres] [--requests 20]

Prints p50/p95 milliseconds and SQL statements per request: the LA pages must not grow with the
number of schools, and the analyst's network pages read grouped counts only.
"""

import time

from app import create_app, migrate
from app.db import utcnow
from app.extensions import db
from app.interfaces import users
from app.models import Cohort, Role
from bench.bench_pages import arguments, count_statements, database, time_pages
from demo import scale

PASSWORD = "scale-password-2026"


def main() -> None:
    args = arguments(__doc__)
    with database(args.postgres) as url:
        run(url, args.requests)


def run(url: str, requests: int) -> None:
    app = create_app("test", DATABASE_URL=url)
    year = utcnow().year if utcnow().month >= 9 else utcnow().year - 1
    with app.app_context():
        migrate.upgrade(db.engine)
        started = time.perf_counter()
        counts = scale.seed(password=PASSWORD) | scale.seed_programme(year, years=2)
        analyst = users.create_user("analyst@scale.example", "Analyst", PASSWORD)
        users.grant_role(analyst, Role.PROGRAMME_ANALYST)
        db.session.commit()
        print(f"seeded {counts} in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")
        cohort_id = db.session.query(Cohort.id).filter(Cohort.la_id == 1, Cohort.start_year == year).scalar()

    statements = count_statements(app)
    lead, analyst = app.test_client(), app.test_client()
    for client, email in ((lead, "lead@scale-001.example"), (analyst, "analyst@scale.example")):
        assert client.post("/sign-in", data={"email": email, "password": PASSWORD}).status_code == 302
    base = "/la/scale-001"
    time_pages(lead, [
        ("cohort overview", f"{base}/plans/cohorts/{cohort_id}"),
        # The self-evaluations overview is folded into the cohort overview: its filtered view.
        ("not submitted", f"{base}/plans/cohorts/{cohort_id}?evaluation=NOT_SUBMITTED"),
        ("QA visits", f"{base}/visits/"),
        ("home", "/"),
    ], requests, statements)
    time_pages(analyst, [
        ("network benchmarks", "/network/"),
        ("network statements", "/network/statements"),
        ("network Excel", "/network/benchmarks.xlsx"),
    ], requests, statements)


if __name__ == "__main__":
    main()
