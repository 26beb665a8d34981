"""The route-by-role isolation matrix.

Walks app.url_map. Every route must be either listed below as public / own-account / platform
admin, or be LA-scoped (`/la/<la_slug>/...`), in which case it is probed automatically: each role
of LA A requests LA B's objects, GET and POST, under LA B's address and under its own, and must
get no data and change nothing. A new route fails this test until it is classified or probed.

The data feed (`/api/v1`, opened by a token, not a session) has its own matrix at the end: every
route of it is found in app.url_map and probed with LA A's token under LA B's address and ids,
with a revoked, a malformed and no token, with the wrong kind of token, and with every method but
GET; each must read nothing and write nothing. A new feed route fails until it is listed in
FEED_ROUTES with what LA B's own token reads there.
"""

import re
from datetime import timedelta

import pytest

from app.db import Base
from app.extensions import db
from app.interfaces import invitations, outbox
from app.models import Role, SignInAttempt
from tests.conftest import sign_in

PUBLIC = {
    "static",
    "healthz",
    "home.index",
    "home.accessibility",
    "home.privacy",
    # An LA's privacy notice is public by design: people read it before accepting an invitation.
    # Changing it is LA-scoped (admin.edit_privacy_notice) and probed below.
    "home.la_privacy_notice",
    "auth.sign_in",
    "auth.sign_out",
    "auth.request_password_reset",
    "auth.reset_password",
    "auth.accept_invitation",
    "home.vendor_js",  # fingerprinted third-party scripts (app/vendor.py): no data in them
    # Anyone holding a signed link may give views; the link names the self-evaluation.
    "voice.answer",
    "voice.thanks",
    # Between the password and the code: only the person who gave the password, for minutes.
    "auth.two_step_code",
}
OWN_ACCOUNT = {"auth.account", "auth.change_password", "auth.email_preferences",
               "auth.two_step_setup", "auth.two_step_start", "auth.two_step_turn_off",
               "auth.two_step_recovery_codes",
               # One's own sessions, and the text kept when one was signed out: see
               # test_a_person_ends_only_their_own_sessions.
               "auth.end_session", "auth.end_other_sessions", "auth.kept_form"}
PLATFORM_ADMIN = {"admin.las", "admin.new_la", "admin.edit_la", "admin.outbox", "admin.outbox_message",
                  "auth.admin_reset_two_step",
                  "admin.sign_out_anyone"}
# All of one LA's data as one archive (its lead's own download is LA-scoped and probed below).
PLATFORM_ADMIN |= {"admin.la_archive"}
# A person's data, anyone's: subject access and erasure (an LA lead's own are LA-scoped, probed below).
PLATFORM_ADMIN |= {"admin.find_person", "admin.any_person_data", "admin.erase_anyone"}
# Anonymised figures across the LAs that share them; test_benchmarks checks no LA's names show.
PROGRAMME_ANALYST = {"network.index", "network.statements", "network.export_xlsx", "network.export_csv",
                     "network.export_statements_csv",
                     # The analyst's tokens for the network's data feed.
                     "admin.network_api_tokens", "admin.network_api_token_created",
                     "admin.revoke_network_api_token"}

LA_ROLES = ("lead", "senco", "head", "staff", "qa")
GLOBAL_ROLES = ("admin", "analyst")

# A POST body that would change something on any of our forms if a guard let it through.
HOSTILE_FORM = {
    "name": "Changed by another LA",
    "urn": "999999",
    "phase": "PRIMARY",
    "school_type": "ACADEMY",
    "email": "intruder@example.org",
    "role": "LA_LEAD",
    "school": "",
    "version": "1",
    "submit": "Save",
}


def la_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "la_slug" in rule.arguments]


def test_every_route_is_classified(app):
    unclassified = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "la_slug" not in rule.arguments
        and rule.endpoint not in PUBLIC | OWN_ACCOUNT | PLATFORM_ADMIN | PROGRAMME_ANALYST | set(FEED_ROUTES)
    ]
    assert not unclassified, (
        f"Routes neither LA-scoped nor classified in {__name__}: {unclassified}. "
        "Decide who may use them and add them to the right set."
    )


@pytest.fixture
def target(world):
    """LA B's objects, by the URL argument name that points at them."""
    b = world["b"]
    invitation = invitations.create_invitation(
        b["la"], "pending@b.example.org", "Pending Person", Role.SENCO, b["school"], b["lead"],
        timedelta(days=7),
    )
    evaluation = selfeval_objects(b)
    plan = plan_objects(b, evaluation["cohort_id"])
    visit = visit_objects(b, evaluation["cohort_id"])
    celebration = celebration_objects(b, evaluation["cohort_id"], plan["triad_id"])
    feed_token = feed_token_objects(b)
    two_step_objects(b)
    db.session.commit()
    senco = b["senco"]
    return {
        "la_slug": b["la"].slug,
        "school_id": b["school"].id,
        "user_id": senco.id,
        "assignment_id": senco.roles[0].id,
        "assurer_role_id": b["qa"].roles[0].id,  # which cohorts B's assurer reads (the lead's choice)
        "invitation_id": invitation.id,
        **evaluation,
        **plan,
        **visit,
        **celebration,
        **feed_token,
    }


def plan_objects(b, cohort_id: int) -> dict:
    """A triad in LA B with an action plan that has a priority, criterion, action and comment."""
    from datetime import date

    from app.interfaces import cohorts
    from app.models import CohortSchool, Role
    from tests import factories
    from triads import interfaces as triads
    from triads.types import ActionStatus

    cohort = cohorts.get_cohort(b["la"], cohort_id)
    third = factories.school(b["la"], name="School B Three")
    cohort.members.append(CohortSchool(la_id=b["la"].id, school_id=third.id))
    db.session.flush()
    triad = triads.create_triad(b["la"], cohort, "Triad B", [b["school"].id, b["other_school"].id,
                                                              third.id], b["other_school"].id)
    coach = factories.user(Role.SENCO, school=b["other_school"], name="Coach B")
    plan = triads.plans.start_plan(b["la"], b["school"], cohort, b["senco"], [])
    priority = triads.plans.save_priority(
        b["la"], plan, None, triads.plans.PriorityDetails("outcomes", "B's secret priority", "",
                                                           ["B's criterion"]), {"outcomes"}, None)
    action = triads.plans.save_action(
        b["la"], plan, cohort, priority, None,
        triads.plans.ActionDetails("B's secret action", b["senco"].id, date(2025, 9, 1),
                                   date(2025, 10, 1), "", ActionStatus.ON_TRACK), None)
    comment = triads.plans.add_comment(b["la"], plan, priority, "B's coach comment", coach)
    meeting = triads.list_meetings(b["la"], triad)[0]
    # A date, times and a place, so its calendar invitation is there to be asked for.
    from datetime import time

    from triads.interfaces.arrangements import Arrangement

    triads.update_meeting(b["la"], cohort, triad, meeting, triads.MeetingDetails(
        date(2026, 3, 20), None, [], "", "", "", "", "", False,
        Arrangement(time(10), time(12), "B's secret place", "")), set(), meeting.version)
    return {
        "triad_id": triad.id,
        "meeting_id": meeting.id,
        "plan_id": plan.id,
        "priority_id": priority.id,
        "action_id": action.id,
        "comment_id": comment.id,
        "criterion_id": priority.criteria[0].id,
    }


def selfeval_objects(b) -> dict:
    """A self-evaluation in LA B with an area saved, evidence, a voice link and B's own framework."""
    from app.interfaces import cohorts
    from selfeval import framework as fw
    from selfeval import interfaces as selfeval

    shipped = fw.bundled_files()[0].read_text(encoding="utf-8")
    own = selfeval.load_framework(shipped.replace('version: "', 'version: "b-', 1), "b.yaml", b["la"])
    cohort = cohorts.create_cohort(b["la"], 2025, [b["school"], b["other_school"]])
    evaluation = selfeval.start(b["la"], b["school"], cohort, b["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    response = selfeval.save_area(b["la"], evaluation, area,
                                  selfeval.AreaAnswers({}, None, "B's secret rationale", "", "", False), 0)
    evidence = selfeval.add_evidence(b["la"], response, None, "b-evidence.txt", "text/plain",
                                     b"B's evidence", b["senco"])
    voice = selfeval.create_voice_invitation(b["la"], evaluation, selfeval.VoiceKind.PARENT,
                                             [area.id], None, None, b["senco"])
    return {
        "version_id": own.id,
        "cohort_id": cohort.id,
        "self_evaluation_id": evaluation.id,
        "area_id": area.id,
        "evidence_id": evidence.id,
        "voice_id": voice.id,
    }


def fill_arguments(rule, target: dict, la_slug: str) -> dict:
    values = {}
    for name in rule.arguments:
        if name == "la_slug":
            values[name] = la_slug
        elif name in target:
            values[name] = target[name]
        elif (match := re.search(r"any\(([^)]*)\)", rule.rule)) and name in rule.rule:
            values[name] = match.group(1).split(",")[0].strip()
        else:
            pytest.fail(f"The isolation test does not know how to fill <{name}> in {rule.rule}; "
                        "add LA B's object for it to the `target` fixture.")
    return values


def build_url(app, rule, values) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def snapshot() -> dict:
    """Every row of every table (sign-in attempts aside: signing in adds them)."""
    db.session.expire_all()
    state = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == SignInAttempt.__tablename__:
                continue
            rows = connection.execute(table.select().order_by(*table.primary_key.columns)).all()
            state[table.name] = [tuple(row) for row in rows]
    return state


def secrets_of_b(world) -> list[str]:
    b = world["b"]
    return [
        b["la"].name,
        b["school"].name,
        b["other_school"].name,
        b["senco"].email,
        b["lead"].email,
        "pending@b.example.org",
        "B&#39;s secret rationale",
        "B's secret rationale",
        "B's evidence",
        "B's secret priority",
        "B&#39;s secret priority",
        "B's secret action",
        "B&#39;s secret action",
        "B's secret QA finding",
        "B&#39;s secret QA finding",
        "B's secret learning",
        "B&#39;s secret learning",
        "B's secret story",
        "B&#39;s secret story",
        "B's secret place",
        "B&#39;s secret place",
        "B's feed token",
        "B&#39;s feed token",
    ]


@pytest.fixture
def attackers(app, world):
    clients = {role: sign_in(app.test_client(), world["a"][role]) for role in LA_ROLES}
    clients.update({role: sign_in(app.test_client(), world[role]) for role in GLOBAL_ROLES})
    return clients


def test_la_routes_exist_to_probe(app):
    assert len(la_rules(app)) >= 15


def test_no_role_in_la_a_reaches_la_b(app, world, target, attackers):
    secrets = secrets_of_b(world)
    before = snapshot()
    probed = 0
    for rule in la_rules(app):
        urls = {"B's address": build_url(app, rule, fill_arguments(rule, target, target["la_slug"]))}
        if set(rule.arguments) - {"la_slug", "fmt"}:
            # B's object ids under A's own address: the children-through-parent check must hold.
            urls["A's address"] = build_url(app, rule, fill_arguments(rule, target, world["a"]["la"].slug))
        for where, url in urls.items():
            for method in sorted(rule.methods & {"GET", "POST"}):
                for role, client in attackers.items():
                    response = (
                        client.get(url) if method == "GET" else client.post(url, data=HOSTILE_FORM)
                    )
                    body = response.get_data(as_text=True)
                    allowed = {404} if where == "B's address" else {403, 404}
                    assert response.status_code in allowed, (
                        f"{role} of LA A: {method} {url} ({where}) gave {response.status_code}"
                    )
                    leaked = [s for s in secrets if s in body]
                    assert not leaked, f"{role} of LA A saw {leaked} at {method} {url}"
                    probed += 1
    assert snapshot() == before, "a request from LA A changed LA B's data"
    assert probed > 100


def test_la_b_people_can_open_every_get_route_the_matrix_probes(app, world, target):
    """A positive control: the probed URLs are real, so the 404s above mean refusal."""
    own = [sign_in(app.test_client(), world["b"][role]) for role in ("lead", "senco")]
    for rule in la_rules(app):
        if "GET" not in rule.methods:
            continue
        url = build_url(app, rule, fill_arguments(rule, target, target["la_slug"]))
        codes = [client.get(url).status_code for client in own]
        assert {200, 302} & set(codes), f"{url} gave {codes} to LA B's own lead and SENCO"


@pytest.mark.parametrize("role", ["lead", "senco", "head", "qa"])
def test_platform_admin_routes_refuse_la_roles(app, world, role):
    message = outbox.store("someone@b.example.org", "Secret subject", "body", world["b"]["la"].id)
    db.session.commit()
    client = sign_in(app.test_client(), world["a"][role])
    before = snapshot()
    for endpoint in sorted(PLATFORM_ADMIN):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        ids = {"message_id": message.id, "la_id": world["a"]["la"].id,  # even their own LA
               "user_id": world["a"]["senco"].id}
        url = build_url(app, rule, {name: ids[name] for name in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.get(url) if method == "GET" else client.post(
                url, data={"name": "Evil LA", "slug": "evil", "code": "666",
                           "lead_name": "Evil", "lead_email": "evil@example.org"})
            assert response.status_code == 403, f"{role}: {method} {url}"
            assert "Secret subject" not in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("role", ["lead", "senco", "head", "qa", "admin"])
def test_programme_analyst_routes_refuse_everyone_else(app, world, role):
    person = world[role] if role == "admin" else world["a"][role]
    client = sign_in(app.test_client(), person)
    for endpoint in sorted(PROGRAMME_ANALYST):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        values = {"token_id": 1} if "token_id" in rule.arguments else {}
        assert client.get(build_url(app, rule, values)).status_code == 403, f"{role}: {endpoint}"
        anonymous = app.test_client().get(build_url(app, rule, values))
        assert anonymous.status_code == 302 and "/sign-in" in anonymous.location


def test_anonymous_visitor_is_sent_to_sign_in_for_la_routes(app, target):
    client = app.test_client()
    for rule in la_rules(app):
        url = build_url(app, rule, fill_arguments(rule, target, target["la_slug"]))
        response = client.get(url) if "GET" in rule.methods else client.post(url, data=HOSTILE_FORM)
        assert response.status_code == 302 and "/sign-in" in response.location, url


def test_a_person_ends_only_their_own_sessions(app, world):
    """Another person's session id, at each of the account's session routes, ends nothing."""
    from sqlalchemy import select

    from app.models import UserSession

    victim = sign_in(app.test_client(), world["b"]["senco"])
    attacker = sign_in(app.test_client(), world["a"]["lead"])
    theirs = db.session.scalars(select(UserSession.id).where(UserSession.user_id == world["b"]["senco"].id)).all()
    assert theirs
    before = snapshot()
    for session_id in theirs:
        assert attacker.post(f"/account/sessions/{session_id}/end").status_code == 404
    assert attacker.post("/account/sessions/end-others").status_code == 303  # the lead had no others
    assert attacker.get("/account/kept").status_code == 302  # nothing kept for the lead
    assert snapshot() == before
    assert victim.get("/account").status_code == 200, "the other person is still signed in"


# What LA B's own quality assurer of another cohort may open among the 2025/26 objects: the LA's
# frameworks are not a cohort's records.
NOT_A_COHORTS_RECORD = {"selfeval.framework"}


def test_an_assurer_of_another_cohort_in_the_same_la_reaches_none_of_its_records(app, world, target, make):
    """LA B's quality assurer assigned to another cohort of LA B (app/auth/permissions.py
    cohort_scope) asks for each of B's 2025/26 objects by id: 404, as if it were another LA's (or
    403 where only the lead or the school acts), and reads none of their content on any page."""
    from app.interfaces import cohorts
    from triads.interfaces import visits

    b = world["b"]
    assurer = make.user(Role.QUALITY_ASSURER, la=b["la"], name="Assurer B Elsewhere")
    elsewhere = cohorts.create_cohort(b["la"], 2023, [make.school(b["la"], name="School B Elsewhere")])
    visits.assign_assurer(b["la"], elsewhere, assurer.id)
    db.session.commit()
    client = sign_in(app.test_client(), assurer)
    content = [s for s in secrets_of_b(world) if "secret" in s or "evidence" in s or "token" in s]
    before = snapshot()
    for rule in la_rules(app):
        if "GET" not in rule.methods:
            continue
        url = build_url(app, rule, fill_arguments(rule, target, target["la_slug"]))
        response = client.get(url)
        if set(rule.arguments) - {"la_slug", "fmt"} and rule.endpoint not in NOT_A_COHORTS_RECORD:
            assert response.status_code in {403, 404}, f"{url} gave {response.status_code}"
        leaked = [s for s in content if s in response.get_data(as_text=True)]
        assert not leaked, f"the assurer of another cohort saw {leaked} at {url}"
    assert snapshot() == before


def test_quality_assurer_covering_two_las_sees_each_separately(app, world, make):
    assurer = make.user(Role.QUALITY_ASSURER, la=world["a"]["la"])
    from app.interfaces import users

    users.grant_role(assurer, Role.QUALITY_ASSURER, la=world["b"]["la"])
    db.session.commit()
    client = sign_in(app.test_client(), assurer)
    page_a = client.get(f"/la/{world['a']['la'].slug}/schools").get_data(as_text=True)
    page_b = client.get(f"/la/{world['b']['la'].slug}/schools").get_data(as_text=True)
    assert world["a"]["school"].name in page_a and world["b"]["school"].name not in page_a
    assert world["b"]["school"].name in page_b and world["a"]["school"].name not in page_b


def test_role_assignments_query_by_la_is_indexed(app):
    from app.models import RoleAssignment, School

    indexed = {tuple(c.name for c in index.columns) for index in School.__table__.indexes}
    assert any(cols[0] == "la_id" for cols in indexed)
    indexed = {tuple(c.name for c in index.columns) for index in RoleAssignment.__table__.indexes}
    assert any(cols[0] == "la_id" for cols in indexed)


def visit_objects(b, cohort_id: int) -> dict:
    """A final QA visit to LA B's school by B's assigned assurer, with a next step and a comment."""
    from datetime import date

    from app.interfaces import cohorts
    from triads.interfaces import visits

    cohort = cohorts.get_cohort(b["la"], cohort_id)
    visits.assign_assurer(b["la"], cohort, b["qa"].id)
    visit = visits.schedule_visit(b["la"], cohort, b["qa"].id, date(2026, 3, 3), school_id=b["school"].id)
    visits.record_visit(b["la"], cohort, visit, visits.VisitReport(
        date(2026, 3, 3), True, "", [], "", "B's secret QA finding", "", "", "",
        visits.Rigour.RIGOROUS, "B's reason", ["B's next step"]), set(), visit.version)
    visits.add_comment(b["la"], visit, "B's comment on the draft", b["senco"])
    visits.finalise(b["la"], visit, visit.version)
    return {"visit_id": visit.id, "step_id": visit.next_steps[0].id}


def celebration_objects(b, cohort_id: int, triad_id: int) -> dict:
    """LA B's celebration of learning, still a draft, with its triad's contribution and a story."""
    from datetime import date

    from app.interfaces import cohorts
    from triads import interfaces as triads
    from triads.interfaces import celebrations
    from triads.types import CelebrationFormat

    cohort = cohorts.get_cohort(b["la"], cohort_id)
    triad = triads.get_triad(b["la"], triad_id)
    celebration = celebrations.save_event(b["la"], cohort, None, celebrations.EventDetails(
        date(2026, 7, 2), CelebrationFormat.IN_PERSON, "B's venue"), None)
    celebrations.save_contribution(b["la"], celebration, triad, celebrations.ContributionDetails(
        "B's representative", None, "B's secret learning", "", ""), None)
    areas = list(celebrations.area_titles(b["la"]))
    story = celebrations.add_story(b["la"], celebration, triad, celebrations.StoryDetails(
        "B's secret story", "B's story", areas[:1], ["CPD"]), areas)
    return {"story_id": story.id}


def two_step_objects(b) -> None:
    """B's SENCO signs in with two steps, so that a reset from LA A would show in the snapshot."""
    from app import one_time_codes
    from app.interfaces import two_step

    secret = one_time_codes.new_secret()
    two_step.start_setup(b["senco"], secret)
    two_step.confirm_setup(b["senco"], one_time_codes.code_for(secret))


def feed_token_objects(b) -> dict:
    """A data feed token of LA B, for the lead's token pages to be probed with."""
    from app.interfaces import api_tokens

    token, _ = api_tokens.create_token(b["la"], "B's feed token", b["lead"])
    return {"token_id": token.id}


# --- the data feed ----------------------------------------------------------------------------

# Every route of the data feed, with the rows LA B's own token (or, for the network, the network
# token) must read there: the positive control that makes the refusals mean refusal. "public"
# needs no token and holds no data.
FEED_ROUTES = {
    "api.openapi": "public",
    "api.schools": 3,
    "api.cohorts": 1,
    "api.self_evaluations": 3,
    "api.area_judgements": 1,
    "api.statement_ratings": 1,
    "api.triads": 3,
    "api.action_plans": 1,
    "api.priorities": 1,
    "api.actions": 1,
    "api.meetings": 3,
    "api.qa_visits": 1,
    "api.completion": 3,
    "api.network_areas": 0,
    "api.network_phases": 0,
    "api.network_statements": 0,
    "api.network_year_on_year": 0,
}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def feed_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]


@pytest.fixture
def feed(world, target):
    """Tokens: LA A's, LA B's own, LA B's revoked, the network's and a revoked network one; and a
    submitted self-evaluation in LA B, so that its judgements and ratings are there to be read."""
    from app.interfaces import api_tokens, cohorts
    from tests.dashboards.conftest import submitted

    a, b = world["a"], world["b"]
    cohort = cohorts.get_cohort(b["la"], target["cohort_id"])
    submitted(b["la"], b["other_school"], cohort, b["senco"], [2] * 8)

    def make(la, person, revoked=False) -> str:
        token, secret = api_tokens.create_token(la, "Probe", person)
        if revoked:
            api_tokens.revoke_token(la, token, person)
        return secret

    tokens = {"a": make(a["la"], a["lead"]), "b": make(b["la"], b["lead"]),
              "b revoked": make(b["la"], b["lead"], revoked=True),
              "network": make(None, world["analyst"]), "network revoked": make(None, world["analyst"], revoked=True)}
    db.session.commit()
    return tokens


def feed_snapshot() -> dict:
    """Every row, except what reading the feed itself writes: a token's last use and rate-limit
    window, and the audit event of each use."""
    from app.models import ApiToken, CoreAction

    state = snapshot()
    columns = [c.name for c in ApiToken.__table__.columns]
    kept = [i for i, name in enumerate(columns) if name not in ("last_used_at", "window_started_at",
                                                                  "window_requests")]
    state[ApiToken.__tablename__] = [tuple(row[i] for i in kept) for row in state[ApiToken.__tablename__]]
    action = [c.name for c in Base.metadata.tables["audit_event"].columns].index("action")
    state["audit_event"] = [row for row in state["audit_event"] if row[action] != CoreAction.API_TOKEN_USED.key]
    return state


def feed_url(app, rule, target: dict, la_slug: str) -> str:
    values = {"la": la_slug} if "la" in rule.arguments else {}
    values.update({name: target[name] for name in rule.arguments if name != "la"})
    return build_url(app, rule, values)


def assert_refused(response, status: int, what: str, secrets: list[str]) -> None:
    assert response.status_code == status, f"{what} gave {response.status_code}"
    body = response.get_data(as_text=True)
    assert response.get_json() is not None and set(response.get_json()) == {"error"}, f"{what} read {body[:300]}"
    leaked = [s for s in secrets if s in body]
    assert not leaked, f"{what} showed {leaked}"


def test_every_feed_route_is_listed_and_covered(app):
    endpoints = {rule.endpoint for rule in feed_rules(app)}
    assert endpoints == set(FEED_ROUTES), (
        f"Feed routes not in FEED_ROUTES: {sorted(endpoints - set(FEED_ROUTES))}; listed but gone: "
        f"{sorted(set(FEED_ROUTES) - endpoints)}. List each with what LA B's own token reads there.")
    for rule in feed_rules(app):
        assert rule.methods <= {"GET", "HEAD"}, f"{rule.endpoint} answers {rule.methods}: the feed only reads"


def test_no_token_but_la_bs_own_reads_la_bs_feed(app, world, target, feed):
    secrets = secrets_of_b(world)
    unauthenticated = {"no token": {}, "malformed": {"Authorization": "Bearer stf_not-a-token"},
                       "wrong scheme": {"Authorization": "Basic " + feed["b"]},
                       "b revoked": {"Authorization": "Bearer " + feed["b revoked"]}}
    before = feed_snapshot()
    probed = 0
    for rule in feed_rules(app):
        kind = FEED_ROUTES[rule.endpoint]
        client = app.test_client()
        url = feed_url(app, rule, target, world["b"]["la"].slug)
        if kind == "public":
            response = client.get(url)
            assert response.status_code == 200 and not [s for s in secrets if s in response.get_data(as_text=True)]
            continue
        network = rule.rule.startswith("/api/v1/network/")
        own = feed["network" if network else "b"]
        response = client.get(url, headers={"Authorization": f"Bearer {own}"})
        assert response.status_code == 200, f"LA B's own token: {url} gave {response.status_code}"
        assert len(response.json["data"]) >= kind, f"LA B's own token read too little at {url}"
        refusals = {name: (headers, 401) for name, headers in unauthenticated.items()}
        if network:
            refusals["LA A's token"] = ({"Authorization": "Bearer " + feed["a"]}, 403)
            refusals["LA B's token"] = ({"Authorization": "Bearer " + feed["b"]}, 403)
            refusals["network revoked"] = ({"Authorization": "Bearer " + feed["network revoked"]}, 401)
            urls = {"the network's address": url}
        else:
            refusals["LA A's token"] = ({"Authorization": "Bearer " + feed["a"]}, 404)
            refusals["the network token"] = ({"Authorization": "Bearer " + feed["network"]}, 404)
            urls = {"B's address": url}
            if set(rule.arguments) - {"la"}:
                # B's cohort under A's own address: the children-through-parent check must hold.
                urls["A's address"] = feed_url(app, rule, target, world["a"]["la"].slug)
        for where, probe in urls.items():
            for name, (headers, status) in refusals.items():
                if where == "A's address" and name != "LA A's token":
                    continue
                assert_refused(client.get(probe, headers=headers), status, f"{name}: GET {probe} ({where})",
                               secrets)
                probed += 1
    assert feed_snapshot() == before, "a read of the feed changed something"
    assert probed > 100


def test_no_feed_route_writes_whatever_the_method(app, world, target, feed):
    secrets = secrets_of_b(world)
    before = snapshot()
    for rule in feed_rules(app):
        url = feed_url(app, rule, target, world["b"]["la"].slug)
        token = feed["network"] if rule.rule.startswith("/api/v1/network/") else feed["b"]
        for method in WRITE_METHODS:
            response = app.test_client().open(url, method=method, data=HOSTILE_FORM,
                                              headers={"Authorization": f"Bearer {token}"})
            assert_refused(response, 405, f"{method} {url}", secrets)
    assert snapshot() == before, "a write to the feed changed something (even its audit)"


def test_signed_in_people_read_nothing_from_the_feed_without_a_token(app, world, target, attackers):
    """A browser's session is no key to the feed: not LA B's own lead's, not anyone's."""
    secrets = secrets_of_b(world)
    clients = {**attackers, "b lead": sign_in(app.test_client(), world["b"]["lead"])}
    for rule in feed_rules(app):
        if FEED_ROUTES[rule.endpoint] == "public":
            continue
        url = feed_url(app, rule, target, world["b"]["la"].slug)
        for name, client in clients.items():
            assert_refused(client.get(url), 401, f"{name} signed in: GET {url}", secrets)
