"""Time the data feed at national scale (the same data as bench_programme: 150 LAs, 20,000 schools,
two cohorts each, about 2.4 million statement ratings, every LA sharing with the network): one page
of 100 rows of each resource, with a token, as a reporting tool reads it.

    .venv/bin/python -m bench.bench_feed [--postgres] [--requests 20]

Prints p50/p95 milliseconds and SQL statements per page: a page must cost the same statements
whatever the LA's size, and the token check, rate limit and audit a few of them.
"""

import statistics
import time

from app import create_app, features, migrate
from app.db import utcnow
from app.extensions import db
from app.features import FeedScope
from app.interfaces import api_tokens, users
from app.models import Cohort, LocalAuthority, Role
from bench.bench_pages import arguments, count_statements, database
from demo import scale

PASSWORD = "scale-password-2026"


def main() -> None:
    args = arguments(__doc__)
    with database(args.postgres) as url:
        run(url, args.requests)


def run(url: str, requests: int) -> None:
    app = create_app("test", DATABASE_URL=url, API_RATE_LIMIT=10**9)
    year = utcnow().year if utcnow().month >= 9 else utcnow().year - 1
    with app.app_context():
        migrate.upgrade(db.engine)
        started = time.perf_counter()
        counts = scale.seed(password=PASSWORD) | scale.seed_programme(year, years=2)
        analyst = users.create_user("analyst@scale.example", "Analyst", PASSWORD)
        users.grant_role(analyst, Role.PROGRAMME_ANALYST)
        la = db.session.get(LocalAuthority, 1)
        _, la_secret = api_tokens.create_token(la, "Bench", analyst)
        _, network_secret = api_tokens.create_token(None, "Bench", analyst)
        db.session.commit()
        print(f"seeded {counts} in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")
        cohort_id = db.session.query(Cohort.id).filter(Cohort.la_id == 1, Cohort.start_year == year).scalar()
        slug = la.slug

    statements = count_statements(app)
    client = app.test_client()
    print(f"{'resource':<24}{'rows':>7}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for resource in features.feed_resources():
        if resource.scope is FeedScope.NETWORK:
            path, secret = f"/api/v1/network/{resource.path}", network_secret
        elif resource.scope is FeedScope.LA:
            path, secret = f"/api/v1/la/{slug}/{resource.path}", la_secret
        else:
            path, secret = f"/api/v1/la/{slug}/cohorts/{cohort_id}/{resource.path}", la_secret
        timings, total = [], 0
        for _ in range(requests):
            statements.clear()
            started = time.perf_counter()
            response = client.get(f"{path}?per_page=100", headers={"Authorization": f"Bearer {secret}"})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code, response.get_json())
            total = response.json["meta"]["total"]
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{resource.name:<24}{total:>7}{statistics.median(timings):>8.1f}{p95:>8.1f}{len(statements):>9}")


if __name__ == "__main__":
    main()
