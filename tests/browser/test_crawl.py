"""Every page each role can reach by following links, checked in a real browser: status, server
errors, axe-core at WCAG 2.2 A/AA, one h1, a title, a skip link, valid HTML. A new page is checked
as soon as a link leads to it."""

import pytest

from tests.browser.harness import ANONYMOUS, ROLES
from tests.feed import RESOURCES

pytestmark = pytest.mark.browser

# GET endpoints no crawl is expected to reach, each with the reason.
NOT_CRAWLED = {
    "static": "files, not pages",
    "healthz": "JSON for the load balancer",
    # The data feed answers a token, not a signed-in browser (tests/app/test_isolation.py probes
    # every route of it); the OpenAPI document, linked from the tokens pages, is crawled.
    **{f"api.{resource.name}": "the data feed: JSON for a reporting tool's token" for resource in RESOURCES},
    # Reached only by creating a token (a POST) in the demo, which holds none: test_feed_tokens.py
    # walks them in the browser.
    "admin.api_token_created": "shown once, after creating a token",
    "admin.revoke_api_token": "linked from a token, and the demo holds none",
    "admin.network_api_token_created": "shown once, after creating a token",
    "admin.revoke_network_api_token": "linked from a token, and the demo holds none",
    # Shown only after a form was sent once the session had ended: tests/app/test_sessions.py.
    "auth.kept_form": "what a person typed before their session ended, shown after signing in again",
    # Two-step sign-in: tests/app/test_two_step.py walks both.
    "auth.two_step_recovery_codes": "shown once, after setting up two-step sign-in (a POST)",
    "auth.two_step_turn_off": "offered only to someone who chose two-step sign-in; in the demo only the "
                              "administrator has it, who must",
}


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS.key])
def test_every_page_a_role_can_reach_passes_the_checks(crawls, role):
    result = crawls.get(role)
    print("\n" + result.summary())
    assert not result.hit_limit, f"the crawl stopped at its limit of pages: {result.pages[-5:]}"
    assert not result.problems, result.report()


def test_every_page_of_the_app_is_reached_by_some_crawl(crawls, live_server):
    reached = set()
    for role in [*ROLES, ANONYMOUS.key]:
        reached |= crawls.get(role).endpoints
    missing = live_server.routes.get_endpoints() - reached - set(NOT_CRAWLED)
    assert not missing, (
        f"no crawl reached these pages: {sorted(missing)}. Link to them from a page a role can "
        "see, add a start page or probe in tests/browser/harness.py, or list them in NOT_CRAWLED "
        "with the reason."
    )
