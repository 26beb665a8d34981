"""Two app servers (gunicorn, two workers each, on two ports) against one PostgreSQL database, as an
installation behind a load balancer runs: a person gets the same page from either; what is saved
through one is seen through the other at once; the sign-in limit and signing out hold across
both; and `send-reminders` started on two machines at once sends each e-mail once.

PostgreSQL only: SQLite is one file on one machine, so it never has a second server.
"""

import os
import re
import subprocess
from contextlib import ExitStack

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select, text

from app.db import utcnow
from app.extensions import db
from bench.load.servers import FLASK
from tests.served import ROOT, Browser, gunicorn

pytestmark = [pytest.mark.real_commits, pytest.mark.timeout(240)]

LA = "/la/northmere"
LEAD = "lead@northmere.example"
CASTLE_LANE_SENCO = "senco@castlelane.example"
ANALYST = "analyst@send-triads.example"
HEAD = "head@ashgrove.example"
PEOPLE = 40  # each with a digest to claim: enough for the two runs to meet on the same people
# What differs between two draws of the same page and is no part of its answer.
PER_REQUEST = [re.compile(p) for p in (r'name="csrf_token"[^>]*value="[^"]*"', r'nonce="[^"]*"')]


def folder(parent, name: str):
    (parent / name).mkdir()
    return parent / name


def at(base_url: str, action: str) -> str:
    """Where a form posts, on the server it was drawn by (a form without an action posts back)."""
    return action if action.startswith("http") else base_url + action


def main_of(html: str) -> str:
    """The page's <main>, without what changes on every request (CSRF token, script nonce)."""
    found = BeautifulSoup(html, "html.parser").find("main")
    assert found is not None, html[:500]
    drawn = str(found)
    for pattern in PER_REQUEST:
        drawn = pattern.sub("", drawn)
    return drawn


def status_of(html: str, school: str) -> str:
    """The status shown on the self-evaluation overview in the row of this school."""
    for row in BeautifulSoup(html, "html.parser").select("tr"):
        if school in row.get_text(" ", strip=True):
            return row.get_text(" ", strip=True)
    raise AssertionError(f"{school} is not on the overview")


@pytest.fixture
def demo_on_postgresql(app):
    if app.backend != "postgresql":
        pytest.skip("two servers share one PostgreSQL database; SQLite is one file on one machine")
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
    db.session.commit()
    return db.engine.url.render_as_string(hide_password=False)


def test_two_servers_against_one_database_serve_one_service(demo_on_postgresql, tmp_path):
    url = demo_on_postgresql
    castle_lane = db.session.execute(text(
        "SELECT e.id FROM self_evaluation e JOIN school s ON s.id = e.school_id "
        "JOIN cohort c ON c.id = e.cohort_id WHERE s.urn = '990102' ORDER BY c.start_year DESC LIMIT 1")).scalar_one()
    db.session.commit()
    evaluation = f"{LA}/self-evaluation/{castle_lane}"
    with ExitStack() as servers:
        # The same configuration on both, as every server of an installation must have.
        one, two = (servers.enter_context(gunicorn(url, folder(tmp_path, name))) for name in ("one", "two"))

        # A cookie jar holds cookies per host, not per port: one Browser is one person whose
        # requests the load balancer sends to either server.
        lead = Browser(one.base_url).sign_in(LEAD)
        analyst = Browser(two.base_url).sign_in(ANALYST)
        pages = [(lead, f"{LA}/dashboards/"), (lead, f"{LA}/self-evaluation/"), (analyst, "/network/")]
        for person, path in pages:
            first, second = person.get(one.base_url + path), person.get(two.base_url + path)
            assert (first.status_code, second.status_code) == (200, 200), path
            assert main_of(first.text) == main_of(second.text), f"{path} differs between the servers"

        network_before = main_of(analyst.get(one.base_url + "/network/").text)
        # Reopened through one server: the overview and the network figures of the other follow.
        reopen = lead.form(one.base_url + f"{evaluation}/reopen", having="reason")
        answer = lead.post(at(one.base_url, reopen.action), {**reopen.fields, "reason": "A change to the evidence"})
        assert answer.status_code in (302, 303), answer.status_code
        overview = lead.get(two.base_url + f"{LA}/self-evaluation/").text
        assert "Submitted" not in status_of(overview, "Castle Lane")
        network_reopened = main_of(analyst.get(two.base_url + "/network/").text)
        assert network_reopened != network_before, "the other server still counts the reopened self-evaluation"

        # Submitted again through the other server: the first server shows it at once.
        senco = Browser(two.base_url).sign_in(CASTLE_LANE_SENCO)
        submit = senco.form(two.base_url + evaluation, having="version")
        answer = senco.post(at(two.base_url, submit.action), submit.fields)
        assert answer.status_code in (302, 303), answer.status_code
        assert "Submitted" in status_of(lead.get(one.base_url + f"{LA}/self-evaluation/").text, "Castle Lane")
        assert main_of(analyst.get(one.base_url + "/network/").text) == network_before

        # The sign-in limit counts failures through both servers together (5 an address typed).
        stranger = Browser(one.base_url)
        for n in range(5):
            base = (one, two)[n % 2].base_url
            page = stranger.form(base + "/sign-in")
            refused = stranger.post(at(base, page.action), {**page.fields, "email": HEAD, "password": "not it at all"})
            assert refused.status_code == 400, refused.status_code  # the form again, with its error
        page = stranger.form(one.base_url + "/sign-in")
        held = stranger.post(at(one.base_url, page.action), {**page.fields, "email": HEAD,
                                                          "password": "triads-demo-2026"})
        assert held.status_code == 429, "failures made through the other server were not counted"

        # Signed out through one server: the other refuses the same session.
        signed_out = lead.post(one.base_url + "/sign-out", {"csrf_token": lead.csrf_token()})
        assert signed_out.status_code in (302, 303)
        after = lead.get(two.base_url + f"{LA}/dashboards/", allow_redirects=False)
        assert after.status_code in (302, 303) and "/sign-in" in after.headers["Location"]

        errors = one.errors() + two.errors()
    assert not errors, errors


def test_send_reminders_on_two_machines_at_once_sends_each_email_once(app, capsys):
    if app.backend != "postgresql":
        pytest.skip("two machines share one PostgreSQL database")
    from app.interfaces import local_authorities, notifications, users
    from app.models import NotificationDigest, NotificationKind, OutboxMessage, Role

    day = utcnow().date()
    la = local_authorities.create_la("Cronfield Council", "cronfield", "980")
    people = [users.create_user(f"lead{n}@cronfield.example", f"Lead {n}", None) for n in range(PEOPLE)]
    with app.test_request_context():
        for person in people:
            users.grant_role(person, Role.LA_LEAD, la=la)
            notifications.notify(la, person, NotificationKind.PLAN_SHARED, "A plan is ready for review",
                                 "A school has shared its action plan.", "/la/cronfield/", "two-machines", day=day)
    db.session.commit()
    url = db.engine.url.render_as_string(hide_password=False)

    # Two cron jobs, two processes, started together against the one database.
    env = {**os.environ, "APP_ENV": "development", "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    command = [str(FLASK), "--app", "wsgi", "send-reminders", "--today", day.isoformat(),
               "--base-url", "https://triads.example"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,  # noqa: S603
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)
    with capsys.disabled():  # how the people fell between the two runs
        print("\n" + " | ".join(output.strip() for output in outputs))

    sent = dict(db.session.execute(select(OutboxMessage.recipient, func.count())
                                   .where(OutboxMessage.recipient.like("%@cronfield.example"))
                                   .group_by(OutboxMessage.recipient)).all())
    assert set(sent) == {p.email for p in people}, outputs
    assert set(sent.values()) == {1}, f"sent twice: {sent}\n{outputs}"
    assert db.session.scalar(select(func.count(NotificationDigest.id)).where(
        NotificationDigest.day == day, NotificationDigest.sent_at.is_not(None))) == PEOPLE
