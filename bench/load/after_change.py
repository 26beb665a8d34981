"""The analyst's network page right after its figures changed: a self-evaluation reopened by the
LA lead, then submitted again by the school's SENCO, through the forms, round after round.

Each change recounts the LA's figures and raises their revision, so the page must work the
figures out afresh in every worker: the first requests after a change are the slow ones if any
are. Timed one at a time, with nothing else running, so the figure is the page's own cost.
"""

import html
import re
import statistics
import time
from dataclasses import dataclass

import requests

from bench.load.pages import DEMO_PASSWORD, sign_in

LA = "/la/northmere"
LEAD = "lead@northmere.example"
SENCO = "senco@castlelane.example"  # Castle Lane's self-evaluation is submitted in the demo
ANALYST = "analyst@send-triads.example"
READS_AFTER_EACH_CHANGE = 4  # two workers: the first two reads may each be a worker's first
SCHOOL = re.compile(rf'href="({LA}/self-evaluation/schools/\d+)"')
TASK_LIST = re.compile(rf"{LA}/self-evaluation/\d+")


@dataclass
class Form:
    action: str
    fields: dict[str, str]


def _hidden_fields(form: str):
    for tag in re.findall(r"<input[^>]*>", form):
        attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            yield attributes["name"], html.unescape(attributes.get("value", ""))


def form_on(html: str, page: str, action_ending: str) -> Form:
    """The hidden fields (CSRF token, version) of the form posting to an address ending so (a form
    without an action posts back to its page)."""
    for found in re.finditer(r"<form[^>]*>.*?</form>", html, re.DOTALL):
        action = re.search(r'action="([^"]*)"', found.group(0).partition(">")[0])
        target = action.group(1) if action else page
        if target.endswith(action_ending):
            return Form(target, dict(_hidden_fields(found.group(0))))
    raise RuntimeError(f"no form posting to …{action_ending} on {page}")


def _changed(answer: requests.Response, what: str) -> None:
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"{what} answered {answer.status_code}")


def _timed_reads(analyst: requests.Session, base_url: str) -> list[float]:
    times = []
    for _ in range(READS_AFTER_EACH_CHANGE):
        started = time.perf_counter()
        answer = analyst.get(f"{base_url}/network/", timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200 or "<h1" not in answer.text:
            raise RuntimeError(f"the network page answered {answer.status_code}")
    return times


def measure(base_url: str, rounds: int = 5) -> dict:
    lead = sign_in(base_url, LEAD, DEMO_PASSWORD)
    senco = sign_in(base_url, SENCO, DEMO_PASSWORD)
    analyst = sign_in(base_url, ANALYST, DEMO_PASSWORD)
    school = SCHOOL.search(senco.get(f"{base_url}{LA}/", timeout=60).text)
    if school is None:
        raise RuntimeError("no self-evaluation in Castle Lane's menu")
    evaluation = senco.get(f"{base_url}{school.group(1)}/this-year", timeout=60).url.removeprefix(base_url)
    if not TASK_LIST.fullmatch(evaluation):
        raise RuntimeError(f"Castle Lane's self-evaluation for this year was not found (ended at {evaluation})")
    first, others = [], []
    for _ in range(rounds):
        page = f"{evaluation}/reopen"
        reopen = form_on(lead.get(f"{base_url}{page}", timeout=60).text, page, "/reopen")
        _changed(lead.post(f"{base_url}{reopen.action}", timeout=60, allow_redirects=False,
                           data={**reopen.fields, "reason": "Measuring the network page"}), "reopening")
        reads = _timed_reads(analyst, base_url)
        first.append(reads[0])
        others += reads[1:]
        submit = form_on(senco.get(f"{base_url}{evaluation}", timeout=60).text, evaluation, "/submit")
        _changed(senco.post(f"{base_url}{submit.action}", data=submit.fields, timeout=60, allow_redirects=False),
                 "submitting")
        reads = _timed_reads(analyst, base_url)
        first.append(reads[0])
        others += reads[1:]
    return {"changes": len(first), "first_after_change_ms": {"p50": round(statistics.median(first), 1),
                                                            "max": round(max(first), 1)},
            "later_reads_ms": {"p50": round(statistics.median(others), 1), "max": round(max(others), 1)}}
