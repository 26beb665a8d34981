"""Two people save the same record at the same instant, through a real server (gunicorn, two
worker processes) on a real database, for every form that carries a record's version.

Each round both people open the form, then both press save together (a barrier releases the two
requests at once). Whatever the database does, each round must end with one save kept (a
redirect) and the other shown the conflict page (409) carrying the newer version; never a 500,
and never a lost update: the stored value is the one the winner posted. Transitions (reopen and
submit, withdraw and publish) are pressed twice at once too: one takes effect, the other is
refused, the record is left in one state.
"""

import os
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from threading import Barrier

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from app.extensions import db
from tests.served import Browser, FormPage, gunicorn

# Rounds per form in `make test`; SEND_TRIADS_RACE_ROUNDS=20 runs more (a page and two saves a round).
ROUNDS = int(os.environ.get("SEND_TRIADS_RACE_ROUNDS", "2"))
TRANSITION_ROUNDS = 2

pytestmark = [pytest.mark.real_commits, pytest.mark.timeout(180 + 60 * ROUNDS)]
LA = "/la/northmere"
LEAD = "lead@northmere.example"
ASHGROVE_SENCO = "senco@ashgrove.example"
CASTLE_LANE_SENCO = "senco@castlelane.example"
ASSURER = "qa@send-triads.example"


def words(field: str) -> Callable[[FormPage, int], tuple]:
    """Free text: each side writes its own words, new every round."""
    def values(page: FormPage, round_: int) -> tuple[str, str]:
        return f"Saved in round {round_} by the first person", f"Saved in round {round_} by the second person"
    return values


def either(first: str, second: str) -> Callable[[FormPage, int], tuple]:
    """A choice: the two sides choose differently, swapping each round so the value changes."""
    return lambda page, round_: (first, second) if round_ % 2 else (second, first)


def day_of(page_field: str) -> Callable[[FormPage, int], tuple]:
    """A date: the same month and year as drawn, a different day for each side and round."""
    def values(page: FormPage, round_: int) -> tuple[list[str], list[str]]:
        _, month, year = page.fields[page_field]
        return [str(1 + 2 * (round_ % 10)), month, year], [str(2 + 2 * (round_ % 10)), month, year]
    return values


def some_of(options: list[str]) -> Callable[[FormPage, int], tuple]:
    """Boxes to tick: each side ticks a different set."""
    return lambda page, round_: (options[:1 + round_ % 2], options[1:2 + round_ % 2])


@dataclass(frozen=True)
class Edit:
    name: str
    who: str
    path: str
    field: str
    values: Callable[[FormPage, int], tuple]
    extra: tuple[tuple[str, str], ...] = ()  # answers the form needs that the page leaves blank


def ids() -> dict[str, int]:
    """The demo's records these forms change, looked up by what they are (ids differ per run)."""
    def one(sql: str, **params) -> int:
        return db.session.execute(text(sql), params).scalar_one()

    la = one("SELECT id FROM local_authority WHERE slug = 'northmere'")
    cohort = one("SELECT id FROM cohort WHERE la_id = :la ORDER BY start_year DESC LIMIT 1", la=la)
    last_year = one("SELECT id FROM cohort WHERE la_id = :la ORDER BY start_year ASC LIMIT 1", la=la)
    ashgrove = one("SELECT id FROM school WHERE urn = '990101'")
    castle_lane = one("SELECT id FROM school WHERE urn = '990102'")
    beacon_hill_senco = one("SELECT id FROM user_account WHERE email = 'senco@beaconhill.example'")
    plan = one("SELECT id FROM action_plan WHERE school_id = :s AND cohort_id = :c", s=castle_lane, c=cohort)
    priority = one("SELECT min(id) FROM plan_priority WHERE plan_id = :p", p=plan)
    triad = one("SELECT id FROM triad WHERE cohort_id = :c AND name = 'Ashgrove triad'", c=cohort)
    celebration = one("SELECT id FROM celebration WHERE cohort_id = :c", c=cohort)
    return {
        "cohort": cohort,
        "school": ashgrove,
        "triad": triad,
        "meeting": one("SELECT id FROM triad_meeting WHERE triad_id = :t AND number = 3", t=triad),
        "open_evaluation": one("SELECT id FROM self_evaluation WHERE school_id = :s AND cohort_id = :c",
                               s=ashgrove, c=cohort),
        "submitted_evaluation": one("SELECT id FROM self_evaluation WHERE school_id = :s AND cohort_id = :c",
                                    s=castle_lane, c=cohort),
        "senco": beacon_hill_senco,
        "assignment": one("SELECT id FROM role_assignment WHERE user_id = :u", u=beacon_hill_senco),
        "plan": plan,
        "priority": priority,
        "action": one("SELECT min(id) FROM plan_action WHERE priority_id = :p", p=priority),
        "criterion": one("SELECT min(id) FROM plan_success_criterion WHERE priority_id = :p", p=priority),
        "draft_visit": one("SELECT min(id) FROM qa_visit WHERE cohort_id = :c AND status = 'DRAFT'", c=cohort),
        "final_visit": one("SELECT id FROM qa_visit WHERE cohort_id = :c AND school_id = :s AND status = 'FINAL'",
                           c=cohort, s=castle_lane),
        "scheduled_visit": one("SELECT min(id) FROM qa_visit WHERE cohort_id = :c AND status = 'SCHEDULED'",
                               c=cohort),
        "published_cohort": last_year,
        "triad_without_contribution": one(
            "SELECT min(id) FROM triad WHERE cohort_id = :c AND id NOT IN "
            "(SELECT triad_id FROM celebration_contribution WHERE celebration_id = :e)", c=cohort, e=celebration),
    }


def edits(i: dict[str, int]) -> list[Edit]:
    plan = f"{LA}/plans/{i['plan']}/priorities/{i['priority']}"
    celebration = f"{LA}/celebrations/cohorts/{i['cohort']}"
    return [
        Edit("school", LEAD, f"{LA}/schools/{i['school']}/edit", "name", words("name")),
        Edit("role", LEAD, f"{LA}/people/{i['senco']}/roles/{i['assignment']}/edit", "role",
             either("SENCO", "STAFF")),
        Edit("cohort", LEAD, f"{LA}/cohorts/{i['cohort']}/edit", "name", words("name")),
        Edit("timetable", LEAD, f"{LA}/cohorts/{i['cohort']}/timetable", "launch_on", day_of("launch_on")),
        Edit("sharing", LEAD, f"{LA}/sharing", "shares", either("yes", "no")),
        Edit("account", LEAD, "/account", "name", words("name")),
        Edit("e-mails", LEAD, "/account/emails", "topics", some_of(["WAITING", "REMINDERS", "INVITATIONS"])),
        Edit("self-evaluation area", ASHGROVE_SENCO,
             f"{LA}/self-evaluation/{i['open_evaluation']}/areas/outcomes", "rationale", words("rationale")),
        Edit("self-evaluation summary", CASTLE_LANE_SENCO,
             f"{LA}/self-evaluation/{i['submitted_evaluation']}/summary", "strengths",
             some_of(["outcomes.progress", "outcomes.destinations", "leadership.senior-profile"])),
        Edit("triad", LEAD, f"{LA}/triads/{i['triad']}/edit", "name", words("name")),
        Edit("meeting", LEAD, f"{LA}/triads/{i['triad']}/meetings/{i['meeting']}/edit", "agenda",
             words("agenda")),
        Edit("plan priority", CASTLE_LANE_SENCO, plan, "title", words("title")),
        Edit("plan action", CASTLE_LANE_SENCO, f"{plan}/actions/{i['action']}", "description",
             words("description")),
        Edit("success criterion", CASTLE_LANE_SENCO, f"{plan}/criteria/{i['criterion']}", "impact",
             words("impact"), extra=(("outcome", "MET"),)),
        Edit("who signs off plans", LEAD, f"{LA}/plans/cohorts/{i['cohort']}/sign-off", "rule",
             either("SENCO_NAMING_HEAD", "HEADTEACHER_ONLY")),
        Edit("QA visit record", ASSURER, f"{LA}/visits/{i['draft_visit']}/record", "next_steps",
             words("next_steps")),
        Edit("QA visit response", CASTLE_LANE_SENCO, f"{LA}/visits/{i['final_visit']}/response", "response",
             words("response")),
        Edit("QA visit arrangements", LEAD, f"{LA}/visits/{i['scheduled_visit']}/arrangements", "place",
             words("place")),
        Edit("celebration event", LEAD, f"{celebration}/event", "venue", words("venue")),
        Edit("celebration introduction", LEAD, f"{celebration}/summary", "summary", words("summary")),
        Edit("celebration contribution", LEAD, f"{celebration}/triads/{i['triad']}", "key_learnings",
             words("key_learnings")),
        # Its first round creates the contribution: two people creating the same one at once.
        Edit("new celebration contribution", LEAD, f"{celebration}/triads/{i['triad_without_contribution']}",
             "key_learnings", words("key_learnings")),
    ]


def same(stored, posted) -> bool:
    if isinstance(posted, list):
        stored = stored if isinstance(stored, list) else [stored] if stored else []
        if len(posted) == 3 and all(p.isdigit() for p in posted):  # a date: 1 and 01 are the same day
            return [int(s) for s in stored] == [int(p) for p in posted]
        return sorted(stored) == sorted(posted)
    return stored == posted


def version_on(html: str) -> str | None:
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "version"})
    return field.get("value") if field else None


@dataclass
class Tally:
    rounds: int = 0
    kept: int = 0
    conflicts: int = 0
    statuses: Counter = None

    def __post_init__(self):
        self.statuses = Counter()


def race(pool: ThreadPoolExecutor, first: Browser, second: Browser, action: str, posts: tuple[dict, dict]):
    barrier = Barrier(2)

    def fire(browser: Browser, data: dict):
        barrier.wait(timeout=30)
        return browser.post(action, data)

    futures = [pool.submit(fire, first, posts[0]), pool.submit(fire, second, posts[1])]
    return [f.result(timeout=60) for f in futures]


def run_edit(pool, browsers: dict, edit: Edit, tally: Tally, problems: list[str]) -> None:
    first, second = browsers[edit.who]
    # The second person's form is the first's with their own CSRF token: one page drawn per
    # round, not two.
    token_b = second.csrf_token()
    winner_value = None
    for round_ in range(ROUNDS + 1):
        page_a = first.form(edit.path, having="version")
        if winner_value is not None and not same(page_a.fields.get(edit.field), winner_value):
            problems.append(f"{edit.name} round {round_ - 1}: stored {page_a.fields.get(edit.field)!r}, "
                            f"the save kept was {winner_value!r} (a lost update)")
        if round_ == ROUNDS:
            return
        value_a, value_b = edit.values(page_a, round_)
        posted = {**page_a.fields, **dict(edit.extra)}
        responses = race(pool, first, second, page_a.action, (
            {**posted, edit.field: value_a}, {**posted, "csrf_token": token_b, edit.field: value_b}))
        codes = [r.status_code for r in responses]
        tally.rounds += 1
        tally.statuses.update(codes)
        kept = [n for n, code in enumerate(codes) if code in (302, 303)]
        refused = [n for n, code in enumerate(codes) if code == 409]
        if len(kept) != 1 or len(refused) != 1:
            problems.append(f"{edit.name} round {round_}: answered {codes}, not one save and one conflict")
            winner_value = None
            continue
        tally.kept += 1
        tally.conflicts += 1
        winner_value = (value_a, value_b)[kept[0]]
        newer = version_on(responses[refused[0]].text)
        if newer is None or int(newer) <= int(page_a.fields["version"] or 0):
            problems.append(f"{edit.name} round {round_}: the conflict page carries version {newer}, "
                            f"not the newer one")


def flash_after(browser: Browser, response) -> str:
    if response.status_code not in (302, 303):
        return ""
    page = browser.get(response.headers["Location"])
    return " ".join(b.get_text(" ", strip=True) for b in
                    BeautifulSoup(page.text, "html.parser").select(".govuk-notification-banner"))


def run_transition(pool, browsers: dict, who: str, path: str, having: str, done: str, tally: Tally,
                   problems: list[str], fill: dict | None = None) -> None:
    """Both press the same button or send the same one-way form at once: one takes effect."""
    first, second = browsers[who]
    page_a, page_b = first.form(path, having=having), second.form(path, having=having)
    responses = race(pool, first, second, page_a.action,
                     ({**page_a.fields, **(fill or {})}, {**page_b.fields, **(fill or {})}))
    codes = [r.status_code for r in responses]
    tally.rounds += 1
    tally.statuses.update(codes)
    if any(code >= 500 for code in codes) or any(code not in (302, 303, 409) for code in codes):
        problems.append(f"{path}: answered {codes}")
        return
    took = sum(done in flash_after(b, r) for b, r in zip((first, second), responses, strict=True))
    if took != 1:
        problems.append(f"{path}: {took} of two presses took effect ({codes})")
    tally.kept += 1
    tally.conflicts += codes.count(409)


def test_two_people_saving_at_once_never_get_a_500_or_lose_an_update(app, tmp_path, capsys):
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
    db.session.commit()
    i = ids()
    db.session.commit()
    started = time.monotonic()
    tally, problems = Tally(), []
    url = db.engine.url.render_as_string(hide_password=False)
    with gunicorn(url, tmp_path) as server, ThreadPoolExecutor(2) as pool:
        browsers = {who: (Browser(server.base_url).sign_in(who), Browser(server.base_url).sign_in(who))
                    for who in (LEAD, ASHGROVE_SENCO, CASTLE_LANE_SENCO, ASSURER)}
        for edit in edits(i):
            run_edit(pool, browsers, edit, tally, problems)
        evaluation = f"{LA}/self-evaluation/{i['submitted_evaluation']}"
        celebration = f"{LA}/celebrations/cohorts/{i['published_cohort']}"
        for _ in range(TRANSITION_ROUNDS):
            run_transition(pool, browsers, LEAD, f"{evaluation}/reopen", "reason", "has been reopened",
                           tally, problems, {"reason": "A change to the evidence"})
            run_transition(pool, browsers, CASTLE_LANE_SENCO, evaluation, "version", "has been submitted",
                           tally, problems)
            run_transition(pool, browsers, LEAD, f"{celebration}/withdraw", "reason", "has been withdrawn",
                           tally, problems, {"reason": "A triad asked to add a story"})
            run_transition(pool, browsers, LEAD, celebration, "version", "has been published", tally, problems)
        errors = server.errors()
    with capsys.disabled():
        print(f"\n[{app.backend}] {tally.rounds} rounds of two saves at once in {time.monotonic() - started:.1f} s: "
              f"{tally.kept} kept, {tally.conflicts} conflict pages, statuses {dict(tally.statuses)}")
    assert not errors, errors
    assert not problems, "\n".join(problems)
    assert tally.statuses[500] == 0
