"""The same journey with JavaScript turned off, as on a locked-down laptop: signing in, a form
that is sent back with errors, then saved. axe-core needs JavaScript, so the accessibility checks
here are the structural ones (the crawl runs axe on every page with JavaScript on)."""

import re

import pytest
from playwright.sync_api import expect

from demo.programme import DEMO_PASSWORD
from tests.browser.harness import ROLES

pytestmark = pytest.mark.browser


def test_lead_adds_a_school_with_javascript_turned_off(new_page, check_page):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    assert "js-enabled" not in page.evaluate("document.body.className")

    page.get_by_role("button", name="Sign in").click()  # the start button is a link styled as one
    page.get_by_label("Email address", exact=True).fill(ROLES["la_lead"].email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Welcome, Priya Okafor")
    check_page(page, accessibility=False)

    page.get_by_role("link", name="Manage schools").click()
    page.get_by_role("button", name="Add a school").click()
    expect(page.locator("h1")).to_have_text("Add a school")

    page.get_by_role("button", name="Save school").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a school"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the school's URN")
    expect(summary).to_contain_text("Select the school's phase")
    check_page(page, status=400, accessibility=False)

    page.get_by_label("URN").fill("990202")
    page.get_by_label("School name").fill("No Script Primary School")
    page.get_by_label("Phase").select_option(label="Primary")
    page.get_by_label("Type").select_option(label="Community school")
    page.get_by_role("button", name="Save school").click()

    expect(page.locator("h1")).to_have_text("No Script Primary School")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been added")
    check_page(page, accessibility=False)

    # Signing out is a form, so it works without JavaScript too.
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
