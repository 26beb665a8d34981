"""The load benchmark's pipeline end to end, cheaply: the reference app under gunicorn, wrk with
page.lua for one second a page, the figures parsed and the memory read. Seeding the service's
demo takes longer than the whole budget, so the service's own pages are not loaded here."""

import shutil

import pytest
import requests

from bench.load import servers
from bench.load.__main__ import measure, table
from bench.load.pages import Page, PageNotFound, marker_of
from bench.load.wrk import Result, parse, run

needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")

FIELDS = set(Result.__dataclass_fields__)


@needs_wrk
def test_references_are_measured_and_every_response_is_checked(tmp_path):
    env = servers.service_environment("sqlite://")
    with servers.gunicorn("reference", "bench.load.reference_app:app", env, tmp_path) as reference:
        report = measure(None, reference.base_url, [], seconds=1, connections=2)
        # A page whose marker is missing (as a redirect to sign-in would be) is all errors.
        wrong = run(reference.base_url, Page("lead", "not the page", "/ok", "text", "<h1", ""),
                    seconds=1, connections=2)
        memory = reference.peak_memory_mb()

    assert [r["page"] for r in report["references"]] == ["bare route", "empty GOV.UK page", "empty GOV.UK page"]
    for result in report["references"]:
        assert set(result) == FIELDS
        assert result["requests"] > 0 and result["errors"] == 0
        assert result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
    assert report["empty_page_requests_per_second"] > 0
    assert "bare route" in table(report["references"])
    assert wrong.requests > 0 and wrong.errors == wrong.requests
    assert len(memory) == 2 and all(mb > 10 for mb in memory)


def test_a_run_without_its_result_line_is_refused():
    with pytest.raises(RuntimeError, match="no result"):
        parse("unable to connect to 127.0.0.1:1 Connection refused", Page("lead", "x", "/", "text", "x", ""))


def answer(content_type: str, body: str) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response.headers["Content-Type"] = content_type
    response._content = body.encode()
    response.url = "http://127.0.0.1/page"
    return response


def test_a_page_is_recognised_by_its_heading_as_served_and_a_download_by_its_type():
    page = answer("text/html; charset=utf-8", '<h1 class="govuk-heading-l">St Brigid&#39;s\n  plan</h1><p>x</p>')
    assert marker_of(page) == ("text", '<h1 class="govuk-heading-l">St Brigid&#39;s\n  plan</h1>')
    assert marker_of(answer("text/csv; charset=utf-8", "a,b")) == ("type", "text/csv")
    with pytest.raises(PageNotFound):
        marker_of(answer("text/html", "<p>no heading</p>"))
