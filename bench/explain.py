"""EXPLAIN every statement the benchmark's pages run, on PostgreSQL at national scale.

    .venv/bin/python -m bench.explain [--las 150 --schools 21000 --years 3] [--seqscan-off]

Seeds a throwaway PostgreSQL cluster as the load benchmark does (national scale with the demo
beside it), signs in as each of its people and requests its pages (bench/load/pages.py) in process
with the test client, keeps each
distinct SQL statement with the parameters it first ran with, and runs EXPLAIN (ANALYZE, BUFFERS)
on it (plain EXPLAIN for writes, so nothing is written twice). Prints per statement: the page, the
milliseconds, the rows, and every Seq Scan on a table holding more than --big rows. With
--seqscan-off the planner avoids sequential scans wherever an index can serve: a Seq Scan left is
one no index serves.
"""

import argparse
import html
import json
import re
import time
from dataclasses import dataclass, field

from sqlalchemy import event, text

from app.extensions import db

BIG = 10_000
WRITES = ("INSERT", "UPDATE", "DELETE")


@dataclass
class Statement:
    page: str
    sql: str
    parameters: object
    plan: dict = field(default_factory=dict)

    @property
    def ms(self) -> float:
        return self.plan.get("Execution Time", 0.0)

    @property
    def rows(self) -> int:
        top = self.plan.get("Plan", {})
        return int(top.get("Actual Rows", top.get("Plan Rows", 0)))


class Capture:
    """Distinct statements run while a page is requested, each with its first parameters."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.page = ""
        self.statements: dict[str, Statement] = {}
        event.listen(engine, "before_cursor_execute", self._note)

    def _note(self, _conn, _cursor, sql, parameters, _context, executemany) -> None:
        first = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if executemany or first in ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "EXPLAIN"):
            return
        self.statements.setdefault(sql, Statement(self.page, sql, parameters))

    def stop(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._note)


def seq_scans(node: dict) -> list[str]:
    """The tables a plan reads with a Seq Scan, anywhere in its tree."""
    found = [node["Relation Name"]] if node.get("Node Type") == "Seq Scan" else []
    for child in node.get("Plans", []):
        found += seq_scans(child)
    return found


def explain(connection, statement: Statement, analyze: bool, seqscan_off: bool = False) -> dict:
    """The statement's plan as JSON; run in a savepoint that is rolled back."""
    is_write = statement.sql.lstrip().split(None, 1)[0].upper() in WRITES
    options = "ANALYZE, BUFFERS, FORMAT JSON" if analyze and not is_write else "FORMAT JSON"
    savepoint = connection.begin_nested()
    try:
        if seqscan_off:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        result = connection.exec_driver_sql(f"EXPLAIN ({options}) {statement.sql}", statement.parameters or ())
        plan = result.scalar()
    finally:
        savepoint.rollback()
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]


def table_rows(connection) -> dict[str, int]:
    return dict(connection.execute(text(
        "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' "
        "AND relnamespace = 'public'::regnamespace")).all())


def resolve_in_process(app, specs, people: dict[str, str], password_of) -> list[tuple[object, str, str]]:
    """Each page spec's address, found the way bench/load/pages.py finds it, with a test client per
    person signed in through the sign-in form."""
    clients = {}
    found = []
    for spec in specs:
        if spec.role not in clients:
            clients[spec.role] = app.test_client()
            email = people[spec.role]
            answer = clients[spec.role].post("/sign-in", data={"email": email, "password": password_of(email)})
            assert answer.status_code == 302, (email, answer.status_code)
        client = clients[spec.role]
        path = spec.start
        for pattern in spec.follow:
            body = client.get(path, follow_redirects=True).get_data(as_text=True)
            links = [html.unescape(link) for link in re.findall(r'href="([^"#]+)"', body)]
            path = next((link for link in links if re.fullmatch(pattern, link.partition("?")[0])), None)
            if path is None:
                break
        if path is None:
            print(f"not explained: {spec.role} {spec.name} (no link like {pattern})")
            continue
        found.append((client, f"{spec.role}: {spec.name}", path))
    return found


def run(url: str, las: int, schools: int, years: int, big: int, seqscan_off: bool) -> None:
    from app import create_app
    from bench.load import pages, servers

    started = time.perf_counter()
    servers.seed(url, "scale", las=las, schools=schools, years=years)
    print(f"seeded in {time.perf_counter() - started:.0f}s")
    app = create_app("test", DATABASE_URL=url)
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    requests = resolve_in_process(app, pages.SCALE_PAGES, pages.SCALE_PEOPLE, pages.password_of)
    with app.app_context():
        capture = Capture(db.engine)  # after signing in: the load benchmark measures pages, not sign-ins
    for client, name, path in requests:
        capture.page = name
        response = client.get(path, follow_redirects=True)
        if response.status_code != 200:
            print(f"not explained: {name} answered {response.status_code} at {path}")
    capture.stop()

    with app.app_context(), db.engine.connect() as connection:
        sizes = table_rows(connection)
        report(connection, list(capture.statements.values()), sizes, big, seqscan_off)
        connection.rollback()


def report(connection, statements: list[Statement], sizes: dict[str, int], big: int, seqscan_off: bool) -> None:
    print(f"{len(statements)} distinct statements; tables over {big:,} rows: "
          + ", ".join(f"{t} ({n:,})" for t, n in sorted(sizes.items(), key=lambda i: -i[1]) if n > big))
    print(f"{'page':<34}{'ms':>9}{'rows':>8}  seq scans on big tables / statement")
    for statement in statements:
        try:
            statement.plan = explain(connection, statement, analyze=True, seqscan_off=seqscan_off)
        except Exception as error:  # noqa: BLE001 - one statement that will not explain is reported, not fatal
            print(f"{statement.page[:33]:<34} could not explain: {str(error).splitlines()[0]}")
            continue
        scans = sorted({t for t in seq_scans(statement.plan["Plan"]) if sizes.get(t, 0) > big})
        sql = " ".join(statement.sql.split())[:110]
        print(f"{statement.page[:33]:<34}{statement.ms:>9.1f}{statement.rows:>8}  "
              f"{'SEQ SCAN ' + ', '.join(scans) + ' | ' if scans else ''}{sql}")


def main() -> None:
    from bench.bench_pages import database

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--las", type=int, default=150)
    parser.add_argument("--schools", type=int, default=21000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--big", type=int, default=BIG, help="rows that make a table big")
    parser.add_argument("--seqscan-off", action="store_true", help="SET enable_seqscan = off first")
    args = parser.parse_args()
    with database(postgres=True) as url:
        run(url, args.las, args.schools, args.years, args.big, args.seqscan_off)


if __name__ == "__main__":
    main()
