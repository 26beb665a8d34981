"""The data feed's tokens in a real browser: the lead makes one, copies it from the page that shows
it once, reads the feed with it, and revokes it; the analyst makes a network token. Each page is
checked like the crawl's (axe-core, one h1, valid HTML)."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import sign_in_as

pytestmark = pytest.mark.browser


def test_lead_makes_copies_uses_and_revokes_a_token(new_page, live_server, check_page):
    lead = sign_in_as(new_page(), live_server.url, "la_lead")
    lead.goto(live_server.url + "/la/northmere/")
    lead.get_by_role("link", name="Data feed tokens").click()
    expect(lead.locator("h1")).to_have_text("Data feed tokens")
    check_page(lead)
    lead.get_by_role("button", name="Create token").click()  # no name: the error summary
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    check_page(lead, status=400)
    lead.get_by_label("Name of a new token").fill("Browser check")
    lead.get_by_role("button", name="Create token").click()
    expect(lead.locator("h1")).to_have_text("Your new token")
    check_page(lead)
    secret = lead.locator("#token").inner_text().strip()
    assert secret.startswith("stf_")

    feed = lead.request.get(live_server.url + "/api/v1/la/northmere/cohorts",
                            headers={"Authorization": f"Bearer {secret}"})
    assert feed.status == 200 and feed.json()["meta"]["total"] >= 1

    lead.reload()
    expect(lead.locator("#token")).to_have_count(0)  # shown once
    lead.get_by_role("link", name="Back to the tokens").click()
    lead.get_by_role("link", name="Revoke Browser check").click()
    expect(lead.locator("h1")).to_have_text("Revoke Browser check?")
    check_page(lead)
    lead.get_by_role("button", name="Revoke token").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Browser check has been revoked")
    check_page(lead)
    refused = lead.request.get(live_server.url + "/api/v1/la/northmere/cohorts",
                               headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401


def test_analyst_makes_a_network_token(new_page, live_server, check_page):
    analyst = sign_in_as(new_page(), live_server.url, "analyst")
    analyst.get_by_role("link", name="Network data feed tokens").click()
    expect(analyst.locator("h1")).to_have_text("Network data feed tokens")
    check_page(analyst)
    analyst.get_by_label("Name of a new token").fill("Network report")
    analyst.get_by_role("button", name="Create token").click()
    expect(analyst.locator("h1")).to_have_text("Your new token")
    check_page(analyst)
    secret = analyst.locator("#token").inner_text().strip()
    areas = analyst.request.get(live_server.url + "/api/v1/network/areas",
                                headers={"Authorization": f"Bearer {secret}"})
    assert areas.status == 200
