"""The server is killed (SIGKILL, master and workers at once) in the middle of a burst of saves, as
a power cut or an out-of-memory kill would. Afterwards the database holds every save whose answer
came back, and nothing half-written: no action without its priority, no priority without its plan,
no record without the audit event written with it (or the other way round), and on SQLite the file
passes its own integrity check."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Event, Lock

import pytest
import requests
from sqlalchemy import text

from app.extensions import db
from tests.served import Browser, gunicorn

pytestmark = [pytest.mark.real_commits, pytest.mark.timeout(180)]

LA = "/la/northmere"
ANSWERED = 8  # saves acknowledged before the kill; the kill lands while others are in flight
AREAS = ("outcomes", "leadership", "teaching")


class Burst:
    def __init__(self) -> None:
        self.stop = Event()
        self.lock = Lock()
        self.answered = 0
        self.sent: dict[str, list[str]] = {}  # area -> every rationale sent, in order
        self.kept: dict[str, str] = {}  # area -> the last rationale whose save was answered
        self.created: list[tuple[str, str]] = []  # (kind, title) answered as saved

    def saved(self) -> None:
        with self.lock:
            self.answered += 1


def one(sql: str, **params):
    return db.session.execute(text(sql), params).scalar_one()


def save_areas(browser: Browser, evaluation: int, area: str, burst: Burst) -> None:
    path = f"{LA}/self-evaluation/{evaluation}/areas/{area}"
    n = 0
    while not burst.stop.is_set():
        n += 1
        rationale = f"Crash burst {area} {n}"
        try:
            page = browser.form(path, having="version")
            burst.sent.setdefault(area, []).append(rationale)
            response = browser.post(page.action, {**page.fields, "rationale": rationale})
        except requests.RequestException:
            return
        assert response.status_code in (302, 303), response.status_code
        burst.kept[area] = rationale
        burst.saved()


def add_to_plan(browser: Browser, plan: int, priority: int, burst: Burst) -> None:
    """New priorities and new actions, each under a title of its own."""
    n = 0
    while not burst.stop.is_set():
        n += 1
        if n % 2:
            kind, path, field = "priority", f"{LA}/plans/{plan}/priorities/new", "title"
            extra = {"area": "teaching", "intended_outcome": "Better teaching", "criteria": "Seen in lessons"}
        else:
            kind, path, field = "action", f"{LA}/plans/{plan}/priorities/{priority}/actions/new", "description"
            extra = {}
        title = f"Crash burst {kind} {n}"
        try:
            page = browser.form(path, having=field)
            response = browser.post(page.action, {**page.fields, **extra, field: title})
        except requests.RequestException:
            return
        assert response.status_code in (302, 303), response.status_code
        burst.created.append((kind, title))
        burst.saved()


def test_a_killed_server_leaves_every_answered_save_and_nothing_half_written(app, tmp_path, capsys):
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
    db.session.commit()
    cohort = one("SELECT id FROM cohort WHERE la_id = (SELECT id FROM local_authority WHERE slug = 'northmere') "
                 "ORDER BY start_year DESC LIMIT 1")
    evaluation = one("SELECT id FROM self_evaluation WHERE cohort_id = :c AND school_id = "
                     "(SELECT id FROM school WHERE urn = '990101')", c=cohort)
    plan = one("SELECT id FROM action_plan WHERE cohort_id = :c AND school_id = "
               "(SELECT id FROM school WHERE urn = '990102')", c=cohort)
    priority = one("SELECT min(id) FROM plan_priority WHERE plan_id = :p", p=plan)
    db.session.commit()

    burst = Burst()
    url = db.engine.url.render_as_string(hide_password=False)
    with gunicorn(url, tmp_path) as server, ThreadPoolExecutor(len(AREAS) + 1) as pool:
        sencos = [Browser(server.base_url).sign_in("senco@ashgrove.example") for _ in AREAS]
        planner = Browser(server.base_url).sign_in("senco@castlelane.example")
        started = time.monotonic()
        running = [pool.submit(save_areas, b, evaluation, area, burst) for b, area in zip(sencos, AREAS, strict=True)]
        running.append(pool.submit(add_to_plan, planner, plan, priority, burst))
        while burst.answered < ANSWERED and time.monotonic() - started < 60 and not any(r.done() for r in running):
            time.sleep(0.02)
        server.kill()
        killed_after = time.monotonic() - started
        burst.stop.set()
        for r in running:
            r.result(timeout=30)  # an assertion in a thread (a refused save) fails the test here
    answered = burst.answered

    db.session.rollback()
    for area, rationale in burst.kept.items():
        stored = one("SELECT rationale FROM area_response WHERE self_evaluation_id = :e AND area_id = :a",
                     e=evaluation, a=area)
        sent = burst.sent[area]
        assert stored in sent[sent.index(rationale):], f"{area}: answered {rationale!r}, stored {stored!r}"
    stored_titles = {("priority", t) for t in db.session.scalars(
        text("SELECT title FROM plan_priority WHERE plan_id = :p"), {"p": plan})}
    stored_titles |= {("action", d) for d in db.session.scalars(text(
        "SELECT description FROM plan_action WHERE priority_id IN (SELECT id FROM plan_priority WHERE plan_id = :p)"),
        {"p": plan})}
    missing = [c for c in burst.created if c not in stored_titles]
    assert not missing, f"answered as saved, then lost: {missing}"

    # Nothing half-written: each record of the burst came with its audit event, and each event
    # with its record.
    details = db.session.scalars(text("SELECT detail FROM audit_event WHERE entity = 'ActionPlan' "
                                      "AND entity_id = :p"), {"p": plan})
    audited = {(d if isinstance(d, dict) else json.loads(d)).get("what", "") for d in details}
    audited_rows = {(kind, what.removeprefix(f"{kind.title()} added: ")) for what in audited
                    for kind in ("priority", "action") if what.startswith(f"{kind.title()} added: Crash burst")}
    burst_rows = {c for c in stored_titles if c[1].startswith("Crash burst")}
    assert burst_rows == audited_rows, "a record without its audit event, or an event without its record"
    orphans = {
        "actions without a priority": "SELECT count(*) FROM plan_action a LEFT JOIN plan_priority p "
                                      "ON p.id = a.priority_id WHERE p.id IS NULL",
        "priorities without a plan": "SELECT count(*) FROM plan_priority p LEFT JOIN action_plan a "
                                     "ON a.id = p.plan_id WHERE a.id IS NULL",
        "ratings without an area": "SELECT count(*) FROM statement_rating r LEFT JOIN area_response a "
                                   "ON a.id = r.area_response_id WHERE a.id IS NULL",
        "versions below 1": "SELECT (SELECT count(*) FROM area_response WHERE version < 1) "
                            "+ (SELECT count(*) FROM plan_priority WHERE version < 1) "
                            "+ (SELECT count(*) FROM plan_action WHERE version < 1)",
    }
    assert {name: one(sql) for name, sql in orphans.items()} == dict.fromkeys(orphans, 0)
    if app.backend == "sqlite":
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    with capsys.disabled():
        print(f"\n[{app.backend}] killed after {killed_after:.1f} s with {answered} saves answered "
              f"({len(burst.created)} priorities and actions created, {len(burst.kept)} areas saved): all present")
