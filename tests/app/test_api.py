"""The data feed's core: tokens (made by the lead, shown once, stored hashed, revoked), the bearer
check, paging, JSON errors, the rate limit across processes, the audit of every use, and the
OpenAPI document that describes every registered route."""

import hashlib
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from app import features
from app.api import openapi
from app.extensions import db
from app.interfaces import api_tokens
from app.models import ApiToken, AuditEvent, CoreAction
from tests.conftest import sign_in
from tests.feed import bearer, new_token, read_all
from tests.pages import heading, page, snapshot, text_of

ROOT = Path(__file__).resolve().parents[2]
LONG_WINDOW = timedelta(days=3650)  # a fixed window of ten years: none ends while a test runs


def schools_url(la) -> str:
    return f"/api/v1/la/{la.slug}/schools"


# --- tokens from the lead's page ------------------------------------------------------------


def test_lead_creates_a_token_that_is_shown_once_and_stored_only_hashed(app, world):
    a = world["a"]
    lead = sign_in(app.test_client(), a["lead"])
    response = lead.post(f"/la/{a['la'].slug}/api-tokens", data={"name": "Power BI dashboard"})
    assert response.status_code == 302
    shown = page(lead.get(response.location))
    assert heading(shown) == "Your new token"
    secret = text_of(shown.find(id="token"))
    assert secret.startswith("stf_") and len(secret) == 47
    assert "You will not see this token again" in text_of(shown.find("main"))
    again = page(lead.get(response.location))
    assert shown.find(id="token") is not None and again.find(id="token") is None
    assert secret not in str(again)

    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Power BI dashboard"))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12] and token.la_id == a["la"].id and token.created_by_id == a["lead"].id
    stored = json.dumps(snapshot(), default=str)
    assert secret not in stored and secret[12:] not in stored, "the database must never hold the secret"

    listing = lead.get(f"/la/{a['la'].slug}/api-tokens").get_data(as_text=True)
    assert "Power BI dashboard" in listing and token.prefix in listing and "Not used yet" in listing
    assert app.test_client().get(schools_url(a["la"]), headers=bearer(secret)).status_code == 200


def test_lead_revokes_a_token_after_confirming_and_it_stops_working(app, world):
    a = world["a"]
    secret = new_token(a["la"], a["lead"], "Excel")
    token = db.session.scalar(select(ApiToken).where(ApiToken.la_id == a["la"].id))
    lead = sign_in(app.test_client(), a["lead"])
    confirm = lead.get(f"/la/{a['la'].slug}/api-tokens/{token.id}/revoke")
    assert confirm.status_code == 200 and heading(page(confirm)) == "Revoke Excel?"
    response = lead.post(f"/la/{a['la'].slug}/api-tokens/{token.id}/revoke")
    assert response.status_code == 303
    assert "Excel has been revoked" in lead.get(response.location).get_data(as_text=True)
    refused = app.test_client().get(schools_url(a["la"]), headers=bearer(secret))
    assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    twice = lead.post(f"/la/{a['la'].slug}/api-tokens/{token.id}/revoke")
    assert twice.status_code == 303 and "revoked already" in lead.get(twice.location).get_data(as_text=True)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "ApiToken")).all()
    assert actions.count(CoreAction.API_TOKEN_CREATED.key) == 1
    assert actions.count(CoreAction.API_TOKEN_REVOKED.key) == 1


@pytest.mark.parametrize("role", ["senco", "head", "qa"])
def test_only_the_lead_manages_the_las_tokens(app, world, role):
    client = sign_in(app.test_client(), world["a"][role])
    before = snapshot()
    assert client.get(f"/la/{world['a']['la'].slug}/api-tokens").status_code == 403
    assert client.post(f"/la/{world['a']['la'].slug}/api-tokens", data={"name": "Mine"}).status_code == 403
    assert snapshot() == before


def test_the_analyst_makes_network_tokens_that_read_only_the_network(app, world):
    analyst = sign_in(app.test_client(), world["analyst"])
    response = analyst.post("/network/api-tokens", data={"name": "Network report"})
    assert response.status_code == 302
    secret = text_of(page(analyst.get(response.location)).find(id="token"))
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Network report"))
    assert token.la_id is None
    client = app.test_client()
    assert client.get("/api/v1/network/areas", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/network/areas?year=twenty", headers=bearer(secret)).status_code == 400
    assert client.get(schools_url(world["a"]["la"]), headers=bearer(secret)).status_code == 404
    la_secret = new_token(world["a"]["la"], world["a"]["lead"])
    assert client.get("/api/v1/network/areas", headers=bearer(la_secret)).status_code == 403


# --- asking the feed ------------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer stf_short", "Bearer " + "x" * 5000,
    "Bearer stf_" + "A" * 43, "Token stf_" + "A" * 43,
])
def test_no_token_or_a_malformed_or_unknown_one_reads_nothing(app, world, header):
    headers = {} if header is None else {"Authorization": header}
    response = app.test_client().get(schools_url(world["a"]["la"]), headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json) == {"error"} and response.json["error"]["code"] == "unauthorized"


def test_answers_are_json_never_cached_and_set_no_cookie(app, world):
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    for url, headers in ((schools_url(world["a"]["la"]), bearer(secret)),
                         (schools_url(world["a"]["la"]), {}), ("/api/v1/nowhere", {}),
                         ("/api/v1/openapi.json", {})):
        response = app.test_client().get(url, headers=headers)
        assert response.mimetype == "application/json", url
        assert response.headers["Cache-Control"] == "no-store", url
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_every_other_method_is_refused_and_writes_nothing(app, world, method):
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    before = snapshot()
    response = app.test_client().open(schools_url(world["a"]["la"]), method=method, headers=bearer(secret),
                                      data={"name": "Changed"})
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"
    assert snapshot() == before, "not even the use of the token is written"


def test_every_use_is_audited_with_its_path_and_the_last_use_is_shown(app, world):
    a = world["a"]
    secret = new_token(a["la"], a["lead"])
    client = app.test_client()
    client.get(schools_url(a["la"]), headers=bearer(secret))
    client.get(schools_url(a["la"]) + "?page=2", headers=bearer(secret))
    client.get(f"/api/v1/la/{world['b']['la'].slug}/schools", headers=bearer(secret))
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == CoreAction.API_TOKEN_USED.key)
                                .order_by(AuditEvent.id)).all()
    assert [(e.la_id, e.actor_id, e.detail["path"], e.detail["status"]) for e in events] == [
        (a["la"].id, None, f"/api/v1/la/{a['la'].slug}/schools", 200),
        (a["la"].id, None, f"/api/v1/la/{a['la'].slug}/schools?page=2", 200),
        (a["la"].id, None, f"/api/v1/la/{world['b']['la'].slug}/schools", 404),
    ]
    token = db.session.scalar(select(ApiToken).where(ApiToken.la_id == a["la"].id))
    assert token.last_used_at is not None
    listing = sign_in(app.test_client(), a["lead"]).get(f"/la/{a['la'].slug}/api-tokens")
    assert "Not used yet" not in listing.get_data(as_text=True)


def test_paging_gives_the_total_the_next_link_and_an_empty_page_past_the_last(app, world, make):
    a = world["a"]
    for n in range(5):
        make.school(a["la"], name=f"Paged School {n}")
    secret = new_token(a["la"], a["lead"])
    client = app.test_client()
    first = client.get(schools_url(a["la"]) + "?per_page=3", headers=bearer(secret)).json
    assert first["meta"] == {"total": 7, "page": 1, "per_page": 3, "pages": 3}
    assert first["links"]["prev"] is None
    assert first["links"]["next"] == f"http://localhost{schools_url(a['la'])}?page=2&per_page=3"
    last = client.get(schools_url(a["la"]) + "?per_page=3&page=3", headers=bearer(secret)).json
    assert len(last["data"]) == 1 and last["links"]["next"] is None
    assert last["links"]["first"].endswith("page=1&per_page=3")
    past = client.get(schools_url(a["la"]) + "?per_page=3&page=9", headers=bearer(secret)).json
    assert past["data"] == [] and past["meta"]["total"] == 7
    every = read_all(client, schools_url(a["la"]), secret, per_page=2)
    assert [row["school_id"] for row in every] == sorted(row["school_id"] for row in every)
    assert len({row["school_id"] for row in every}) == 7


@pytest.mark.parametrize("query", ["page=0", "page=one", "per_page=501", "per_page=0", "per_page=-1",
                                   "page=" + "9" * 30, "page=%C2%B2", "per_page=1.5"])
def test_paging_out_of_range_is_a_bad_request(app, world, query):
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    response = app.test_client().get(f"{schools_url(world['a']['la'])}?{query}", headers=bearer(secret))
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_request"


def test_the_rate_limit_answers_429_with_retry_after(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    monkeypatch.setitem(app.config, "API_RATE_WINDOW", LONG_WINDOW)  # no window ends mid-test
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    client = app.test_client()
    codes = [client.get(schools_url(world["a"]["la"]), headers=bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(schools_url(world["a"]["la"]), headers=bearer(secret))
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= LONG_WINDOW.total_seconds()
    assert refused.json["error"]["code"] == "too_many_requests"
    used = db.session.scalars(select(AuditEvent).where(AuditEvent.action == CoreAction.API_TOKEN_USED.key)).all()
    assert len(used) == 3, "refused requests are counted, not audited as reads"
    other = new_token(world["a"]["la"], world["a"]["lead"], "Another tool")
    assert client.get(schools_url(world["a"]["la"]), headers=bearer(other)).status_code == 200


@pytest.mark.real_commits
def test_the_rate_limit_holds_across_processes_sharing_the_database(app, world, monkeypatch):
    """Two requests here and the rest from another process, each with its own app: the count
    lives in the database, so the other process's third request is the one refused."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", 3)
    monkeypatch.setitem(app.config, "API_RATE_WINDOW", LONG_WINDOW)
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    url = schools_url(world["a"]["la"])
    here = [app.test_client().get(url, headers=bearer(secret)).status_code for _ in range(2)]
    script = (
        "import json, sys\n"
        "from datetime import timedelta\n"
        "from app import create_app\n"
        f"other = create_app('test', DATABASE_URL=sys.argv[1], API_RATE_LIMIT=3, "
        f"API_RATE_WINDOW=timedelta(days={LONG_WINDOW.days}))\n"
        "client = other.test_client()\n"
        "print(json.dumps([client.get(sys.argv[2], headers={'Authorization': 'Bearer ' + sys.argv[3]})"
        ".status_code for _ in range(2)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, app.config["DATABASE_URL"], url, secret],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    there = json.loads(done.stdout.strip().splitlines()[-1])
    assert here + there == [200, 200, 200, 429]


def test_a_cohort_of_another_la_is_not_found_under_the_own_address(app, world):
    from app.interfaces import cohorts

    b = world["b"]
    cohort = cohorts.create_cohort(b["la"], 2025, [b["school"]])
    db.session.commit()
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    response = app.test_client().get(f"/api/v1/la/{world['a']['la'].slug}/cohorts/{cohort.id}/triads",
                                     headers=bearer(secret))
    assert response.status_code == 404 and set(response.json) == {"error"}


# --- the OpenAPI document --------------------------------------------------------------------


def test_the_openapi_document_validates_and_lists_every_route(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate(document)
    routes = {openapi.path_of(rule.rule.removeprefix("/api/v1")) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"}
    assert set(document["paths"]) == routes
    assert {op["get"]["operationId"] for op in document["paths"].values()} == {
        r.name for r in features.feed_resources()}
    for resource in features.feed_resources():
        schema = document["components"]["schemas"][openapi.schema_name(resource)]
        assert schema["required"] == resource.field_names
        assert all(schema["properties"][f.name]["description"] for f in resource.fields)


def test_a_token_is_never_found_by_a_prefix_or_a_hash(app, world):
    secret = new_token(world["a"]["la"], world["a"]["lead"])
    token = db.session.scalar(select(ApiToken).where(ApiToken.la_id == world["a"]["la"].id))
    assert api_tokens.authenticate(secret) is not None
    assert api_tokens.authenticate(token.prefix) is None
    assert api_tokens.authenticate(token.token_hash) is None
    assert api_tokens.authenticate(secret + "x") is None
    assert api_tokens.authenticate(secret.upper()) is None



def test_a_new_window_starts_the_count_again(app, world):
    from datetime import UTC, datetime

    new_token(world["a"]["la"], world["a"]["lead"])
    token = db.session.scalar(select(ApiToken).where(ApiToken.la_id == world["a"]["la"].id))
    minute = timedelta(minutes=1)
    start = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    counts = [api_tokens.count_request(token, start + timedelta(seconds=s), minute) for s in (0, 30, 59, 60, 61)]
    assert counts == [1, 2, 3, 1, 2]
    assert api_tokens.window_start(start + timedelta(seconds=59), minute) == start
