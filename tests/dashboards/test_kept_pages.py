"""Report pages kept once drawn (app/kept_pages.py) are served again only while nothing under them
has changed: any write of the LA's data, through a page or not, and any write of people, draws the
page afresh; another LA's writes and sign-ins do not. Access is checked on every request, each
person has their own copy, and what differs per request (sign-out token, script nonce) is fresh."""

import re

import pytest
from sqlalchemy import event, select, text, update

from app import data_revisions
from app.extensions import db
from app.interfaces import users
from app.kept_pages import NONCE_SLOT
from app.models import DataRevision, Role, School
from app.templating import CSRF_SLOT
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.dashboards.conftest import LEVELS, submitted
from triads.interfaces import plans, visits

HEATMAP = "{base}/heatmap"


class Statements:
    def __init__(self):
        self.seen: list[str] = []

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._note)

    def _note(self, conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.seen.append(statement)

    def reading(self, table: str) -> list[str]:
        return [s for s in self.seen if re.search(rf"\bFROM {table}\b|\bJOIN {table}\b", s)]


def _get(client, path: str):
    with Statements() as statements:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response, statements


def _body(response) -> str:
    """The page without what is fresh on every request."""
    html = response.get_data(as_text=True)
    html = re.sub(r'nonce="[^"]+"', 'nonce=""', html)
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_a_report_is_drawn_once_and_served_again_while_nothing_changes(app, built, world):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = HEATMAP.format(base=built.base)
    first, drawing = _get(lead, path)
    again, serving = _get(lead, path)
    assert drawing.reading("statement_rating") or drawing.reading("area_response")
    assert not serving.reading("area_response") and not serving.reading("self_evaluation")
    # The person and their roles, the LA, the cohort and its access checks, and the revisions.
    assert len(serving.seen) < len(drawing.seen) / 2, serving.seen
    assert serving.reading("data_revision")
    assert _body(again) == _body(first)
    assert "School A One" in again.get_data(as_text=True)


def test_a_write_of_the_la_through_a_page_draws_the_page_afresh(app, built, world):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = HEATMAP.format(base=built.base)
    _get(lead, path)
    school = built.schools["one"]
    response = lead.post(f"/la/{built.la.slug}/schools/{school.id}/edit", data={
        "name": "Renamed Primary", "urn": school.urn or "", "phase": school.phase.name,
        "school_type": school.school_type.name if school.school_type else "", "version": school.version})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    lead.get(response.headers["Location"])  # shows "saved" once: the session holds no message after
    page, statements = _get(lead, path)
    assert "Renamed Primary" in page.get_data(as_text=True)
    assert statements.reading("area_response") or statements.reading("statement_rating")


def test_a_write_outside_any_page_draws_every_page_afresh(app, built, world):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = HEATMAP.format(base=built.base)
    assert "School A Five" in _get(lead, path)[0].get_data(as_text=True)
    # As a command run from cron would: no request, no LA.
    db.session.execute(update(School).where(School.id == built.schools["five"].id).values(name="Quiet Lane"))
    db.session.commit()
    assert "Quiet Lane" in _get(lead, path)[0].get_data(as_text=True)


def test_a_submission_shows_at_once(app, built, world, make):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = f"{built.base}/completion"
    before = _body(_get(lead, path)[0])
    assert _body(_get(lead, path)[0]) == before
    evaluation = selfeval.find_self_evaluation(built.la, built.schools["five"].id, built.cohort.id)
    assert evaluation is None
    senco = make.user(Role.SENCO, school=built.schools["five"])
    submitted(built.la, built.schools["five"], built.cohort, senco, LEVELS["one"])
    db.session.commit()
    assert _body(_get(lead, path)[0]) != before


def test_another_las_writes_and_sign_ins_keep_the_page(app, built, world):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = HEATMAP.format(base=built.base)
    _get(lead, path)
    other_lead = sign_in(app.test_client(), world["b"]["lead"])
    school_b = world["b"]["school"]
    response = other_lead.post(f"/la/{world['b']['la'].slug}/schools/{school_b.id}/edit", data={
        "name": "Elsewhere School", "urn": school_b.urn or "", "phase": school_b.phase.name,
        "school_type": school_b.school_type.name if school_b.school_type else "", "version": school_b.version})
    assert response.status_code == 302
    sign_in(app.test_client(), world["a"]["senco"])  # a sign-in of the LA's own people
    _page, statements = _get(lead, path)
    assert not statements.reading("area_response") and not statements.reading("self_evaluation")


def test_each_person_has_their_own_copy_and_access_is_checked_every_time(app, built, world, make):
    path = HEATMAP.format(base=built.base)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    _get(lead, path)
    second_lead = sign_in(app.test_client(), make.user(Role.LA_LEAD, la=built.la, name="Second Lead"))
    _page, statements = _get(second_lead, path)
    assert statements.reading("area_response") or statements.reading("statement_rating")
    # Kept for the lead, still refused to those who may not see it.
    assert sign_in(app.test_client(), world["b"]["lead"]).get(path).status_code == 404
    assert sign_in(app.test_client(), world["a"]["senco"]).get(path).status_code in (403, 404)
    assert app.test_client().get(path).status_code == 302


def test_a_kept_page_carries_this_requests_nonce_and_a_working_sign_out_token(app, built, world):
    path = HEATMAP.format(base=built.base)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        first = lead.get(path)
        again = lead.get(path)
        nonces = []
        for response in (first, again):
            html = response.get_data(as_text=True)
            nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
            assert f'nonce="{nonce}"' in html
            assert NONCE_SLOT not in html and CSRF_SLOT not in html
            nonces.append(nonce)
        assert nonces[0] != nonces[1]
        assert "'unsafe-inline'" in again.headers["Content-Security-Policy"]  # the chart's styles
        token = re.search(r'name="csrf_token" value="([^"]+)"', again.get_data(as_text=True)).group(1)
        signed_out = lead.post("/sign-out", data={"csrf_token": token})
        assert signed_out.status_code == 302 and "/sign-in" in signed_out.headers["Location"]
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_message_shown_once_is_not_kept(app, built, world):
    path = HEATMAP.format(base=built.base)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    with lead.session_transaction() as session:
        session["_flashes"] = [("message", "Shown just this once")]
    assert "Shown just this once" in lead.get(path).get_data(as_text=True)
    assert "Shown just this once" not in lead.get(path).get_data(as_text=True)


@pytest.mark.parametrize(("statement", "table"), [
    ("INSERT INTO statement_rating (a) VALUES (?)", "statement_rating"),
    ('UPDATE "school" SET name=%(name)s WHERE school.id = %(id)s', "school"),
    ("  delete from triad_member where id = ?", "triad_member"),
    ("SELECT * FROM school", None),
    ("CREATE TABLE x (id int)", None),
])
def test_the_table_a_statement_writes(statement, table):
    assert data_revisions.written_table(statement) == table


def test_the_sign_in_stamp_counts_for_nothing_but_other_account_changes_do():
    stamp = "UPDATE user_account SET last_signed_in_at=?, version=? WHERE user_account.id = ?"
    renamed = "UPDATE user_account SET name=?, version=? WHERE user_account.id = ?"
    assert not data_revisions.counts("user_account", stamp)
    assert data_revisions.counts("user_account", renamed)
    assert not data_revisions.counts("user_session", "INSERT INTO user_session (a) VALUES (?)")


def test_revisions_rise_with_writes_and_fall_back_with_a_rollback(app, built, world):
    la = built.la
    before = data_revisions.current([la.id])
    with app.test_request_context(f"/la/{la.slug}/"):
        from flask import g

        g.current_la = la
        db.session.execute(update(School).where(School.id == built.schools["one"].id).values(name="X"))
        db.session.execute(update(School).where(School.id == built.schools["two"].id).values(name="Y"))
        during = data_revisions.current([la.id])
        db.session.rollback()
    assert during == (before[0], before[1] + 1)  # (row 0, the LA): raised once per transaction
    assert data_revisions.current([la.id]) == before
    rows = db.session.execute(select(DataRevision.la_id, DataRevision.revision)).all()
    assert all(revision >= 0 for _la, revision in rows)


def test_after_a_change_by_hand_the_forget_command_draws_every_page_afresh(app, built, world):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = HEATMAP.format(base=built.base)
    _get(lead, path)
    # As an UPDATE typed into psql would: straight to the database, unseen by the app's engine.
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute(f"UPDATE school SET name = {mark} WHERE id = {mark}",  # noqa: S608 - no input
                   ("By Hand Academy", built.schools["six"].id))
    cursor.close()
    assert "By Hand Academy" not in _get(lead, path)[0].get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["kept-pages", "forget"])
    assert result.exit_code == 0, result.output
    assert "By Hand Academy" in _get(lead, path)[0].get_data(as_text=True)


# --- the programme's busiest pages beside the reports ----------------------------------------

def _programme_pages(built, world) -> dict[str, tuple]:
    """Each kept page of the programme with the person who reads it and a name of a school it shows."""
    la, cohort, one = built.la, built.cohort, built.schools["one"]
    evaluation = selfeval.find_self_evaluation(la, one.id, cohort.id)
    plan = plans.find_plan(la, one.id, cohort.id)
    visit = visits.list_visits(la, cohort.id)[0]
    base = f"/la/{la.slug}"
    lead, senco, qa = world["a"]["lead"], world["a"]["senco"], world["a"]["qa"]
    return {
        "LA home": (lead, f"{base}/", None),
        "SENCO home": (senco, f"{base}/", "School A One"),
        "task list": (senco, f"{base}/self-evaluation/{evaluation.id}", "School A One"),
        "triad": (senco, f"{base}/triads/{built.north.id}", "School A Three"),
        "plan": (senco, f"{base}/plans/{plan.id}", "School A One"),
        "school's plans": (senco, f"{base}/plans/schools/{one.id}", "School A One"),
        "visits": (qa, f"{base}/visits/", "School A One"),
        "visit": (qa, f"{base}/visits/{visit.id}", "School A One"),
        "cohorts": (lead, f"{base}/cohorts", None),
        "cohort": (lead, f"{base}/cohorts/{cohort.id}", "School A Three"),
        "schools": (lead, f"{base}/schools", "School A Three"),
    }


PROGRAMME_PAGES = ["LA home", "SENCO home", "task list", "triad", "plan", "school's plans", "visits", "visit",
                   "cohorts", "cohort", "schools"]


@pytest.mark.parametrize("name", PROGRAMME_PAGES)
def test_the_programmes_pages_are_kept_until_the_la_writes(app, built, world, name):
    person, path, shown = _programme_pages(built, world)[name]
    client = sign_in(app.test_client(), person)
    first, drawing = _get(client, path)
    again, serving = _get(client, path)
    assert _body(again) == _body(first)
    # The person, the LA and the revisions, and whatever the page's role check asks.
    assert len(serving.seen) < len(drawing.seen), (drawing.seen, serving.seen)
    assert serving.reading("data_revision")
    if shown is not None:
        renamed = shown.replace("School A", "Renamed")
        school = next(s for s in built.schools.values() if s.name == shown)
        with app.test_request_context(path):
            from flask import g

            g.current_la = built.la  # as the LA's own pages write
            db.session.execute(update(School).where(School.id == school.id).values(name=renamed))
            db.session.commit()
        assert renamed in _get(client, path)[0].get_data(as_text=True)


def test_a_kept_page_with_forms_gives_each_session_its_own_working_token(app, built, world):
    person, path, _shown = _programme_pages(built, world)["task list"]
    clients = (sign_in(app.test_client(), person), sign_in(app.test_client(), person))
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        tokens, counted = [], []
        for client in clients:
            for _ in range(2):
                response, statements = _get(client, path)
                counted.append(len(statements.seen))
                html = response.get_data(as_text=True)
                assert CSRF_SLOT not in html and NONCE_SLOT not in html
                found = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
                assert len(found) == 1  # the page's own form and the sign-out button alike
            tokens.append((client, found.pop()))
        # Drawn once, for the first session; the second session is sent the same page kept.
        assert all(later < counted[0] for later in counted[1:]), counted
        (first, first_token), (second, second_token) = tokens
        # Each session's token is its own: the other session's is refused, its own accepted.
        assert first.post("/sign-out", data={"csrf_token": second_token}).status_code == 400
        assert first.post("/sign-out", data={"csrf_token": first_token}).status_code == 302
        assert second.post("/sign-out", data={"csrf_token": second_token}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_page_that_reads_what_raises_no_revision_is_not_kept(app, built, world):
    with app.test_request_context(f"/la/{built.la.slug}/"):
        from flask import g

        setattr(g, data_revisions.DRAWING_KEPT_PAGE, data_revisions.DATA_PAGE)
        db.session.execute(select(School.name).where(School.id == built.schools["one"].id))
        assert not g.get("kept_page_reads_unwatched")
        db.session.execute(text("SELECT count(*) FROM audit_event"))
        assert g.get("kept_page_reads_unwatched")
    assert data_revisions.reads_unwatched('SELECT a.id FROM school JOIN "user_session" ON 1 = 1')
    assert not data_revisions.reads_unwatched("SELECT id FROM school JOIN cohort_school ON 1 = 1")


def test_a_page_of_fixed_text_is_kept_per_person_and_roles_without_reading_the_data(app, built, world,
                                                                                    monkeypatch):
    from app.home import routes

    drawn = []
    render = routes.render_template
    monkeypatch.setattr(routes, "render_template", lambda *a, **k: drawn.append(a[0]) or render(*a, **k))
    lead = world["a"]["lead"]
    client = sign_in(app.test_client(), lead)
    _first, drawing = _get(client, "/accessibility")
    again, serving = _get(client, "/accessibility")
    assert drawn == ["home/accessibility.html"]  # drawn once
    assert serving.seen == drawing.seen  # who is signed in, and nothing else, either time
    assert NONCE_SLOT not in again.get_data(as_text=True)
    menu = again.get_data(as_text=True).count("govuk-service-navigation__item")
    # A new role changes the menu: the page is drawn again for the roles the person holds now.
    users.grant_role(lead, Role.QUALITY_ASSURER, la=world["b"]["la"])
    db.session.commit()
    assert _get(client, "/accessibility")[0].get_data(as_text=True).count("govuk-service-navigation__item") != menu
    assert len(drawn) == 2
    assert app.test_client().get("/accessibility").status_code == 200  # and to no one signed in


def test_a_page_of_fixed_text_that_reads_anything_is_not_kept(app, built):
    with app.test_request_context("/accessibility"):
        from flask import g

        setattr(g, data_revisions.DRAWING_KEPT_PAGE, data_revisions.TEXT_PAGE)
        db.session.execute(select(School.name).where(School.id == built.schools["one"].id))
        assert g.get("kept_page_reads_unwatched")


@pytest.mark.parametrize("download", ["heatmap.xlsx", "heatmap.csv"])
def test_a_reports_download_is_kept_with_its_name_until_the_la_writes(app, built, world, download):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    path = f"{built.base}/{download}"
    first, drawing = _get(lead, path)
    again, serving = _get(lead, path)
    assert drawing.reading("statement_rating") or drawing.reading("area_response") or drawing.reading(
        "self_evaluation")
    assert not serving.reading("area_response") and not serving.reading("self_evaluation")
    assert again.get_data() == first.get_data()
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert again.headers[header] == first.headers[header]
    assert "attachment" in again.headers["Content-Disposition"]
    # Still refused to another LA's lead, and made afresh after a write of the LA.
    assert sign_in(app.test_client(), world["b"]["lead"]).get(path).status_code == 404
    db.session.execute(update(School).where(School.id == built.schools["one"].id).values(name="Renamed One"))
    db.session.commit()
    fresh, redrawing = _get(lead, path)
    assert len(redrawing.seen) > len(serving.seen)
    if download.endswith(".csv"):
        assert "Renamed One" in fresh.get_data(as_text=True)
