"""Time the LA dashboards and count their queries, on the demo or at national scale.

    .venv/bin/python -m bench.bench_dashboards [--postgres] [--requests 20]
    .venv/bin/python -m bench.bench_dashboards --scale [--las 150 --schools 20000]

Without --scale it loads the demo and measures Northmere's current cohort (12 schools) as its
SEND lead. With --scale it loads the national-scale programme data (app/scale.py) and measures
the first LA's current cohort (about 133 schools at the default size). The query count of each
page must not grow with the number of schools. `dashboard_pages` lists the pages, so other
benches can reuse it.
"""

import argparse
import time

from app import create_app, migrate
from app.db import utcnow
from app.extensions import db
from app.models import Cohort, CohortSchool, LocalAuthority
from bench.bench_pages import count_statements, database, time_pages
from demo import scale

DEMO_PASSWORD = "triads-demo-2026"
SCALE_PASSWORD = "scale-password-2026"


def dashboard_pages(la_slug: str, cohort_id: int, school_id: int) -> list[tuple[str, str]]:
    base = f"/la/{la_slug}/dashboards"
    cohort = f"{base}/cohorts/{cohort_id}"
    return [
        ("index", f"{base}/"),
        ("heatmap", f"{cohort}/heatmap"),
        ("heatmap by area", f"{cohort}/heatmap?sort=monitoring&order=desc"),
        ("area profile", f"{cohort}/schools/{school_id}"),
        ("statements", f"{cohort}/statements"),
        ("strengths", f"{cohort}/strengths-and-support"),
        ("year on year", f"{cohort}/year-on-year"),
        ("action plans", f"{cohort}/action-plans"),
        ("completion", f"{cohort}/completion"),
        ("peer matching", f"{cohort}/peer-matching"),
        ("schools at a glance", f"{cohort}/schools-at-a-glance"),
        ("propose triads", f"{cohort}/form-triads"),
        ("heatmap Excel", f"{cohort}/heatmap.xlsx"),
        ("statements Excel", f"{cohort}/statements.xlsx"),
    ]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="use a throwaway PostgreSQL cluster")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--scale", action="store_true", help="national-scale data instead of the demo")
    parser.add_argument("--las", type=int, default=150)
    parser.add_argument("--schools", type=int, default=20000)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    with database(args.postgres) as url:
        run(url, args)


def seed_demo() -> tuple[str, str, str]:
    from demo import programme as demo

    demo.seed()
    return "northmere", "lead@northmere.example", DEMO_PASSWORD


def seed_scale(las: int, schools: int) -> tuple[str, str, str]:
    year = utcnow().year if utcnow().month >= 9 else utcnow().year - 1
    scale.seed(las, schools, password=SCALE_PASSWORD)
    scale.seed_programme(year, years=2)
    return "scale-001", "lead@scale-001.example", SCALE_PASSWORD


def run(url: str, args: argparse.Namespace) -> None:
    app = create_app("test", DATABASE_URL=url)
    with app.app_context():
        migrate.upgrade(db.engine)
        started = time.perf_counter()
        with app.test_request_context():
            slug, email, password = seed_scale(args.las, args.schools) if args.scale else seed_demo()
        db.session.commit()
        la_id = db.session.query(LocalAuthority.id).filter(LocalAuthority.slug == slug).scalar()
        cohort_id = (db.session.query(Cohort.id).filter(Cohort.la_id == la_id)
                     .order_by(Cohort.start_year.desc()).limit(1).scalar())
        school_id, schools = (db.session.query(CohortSchool.school_id).filter(CohortSchool.cohort_id == cohort_id)
                              .order_by(CohortSchool.id).first()[0],
                              db.session.query(CohortSchool).filter(CohortSchool.cohort_id == cohort_id).count())
        print(f"seeded in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}; "
              f"{slug}'s cohort {cohort_id} has {schools} schools")

    statements = count_statements(app)
    client = app.test_client()
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.status_code
    time_pages(client, dashboard_pages(slug, cohort_id, school_id), args.requests, statements)


if __name__ == "__main__":
    main()
