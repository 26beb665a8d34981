"""Two-step sign-in pages in a real browser: the administrator's code page, and setting up as the
lead (stopped before confirming, so the demo's lead still signs in with a password alone)."""

import pytest
from playwright.sync_api import expect

from demo.programme import DEMO_PASSWORD
from tests.browser.harness import ROLES, demo_admin_code

pytestmark = pytest.mark.browser


def test_the_administrator_gives_a_code_after_the_password(anon_page, live_server, check_page):
    page = anon_page
    page.goto(live_server.url + "/sign-in")
    page.get_by_label("Email address", exact=True).fill(ROLES["admin"].email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Enter your code")
    check_page(page)
    page.get_by_label("Code", exact=True).fill("12ab56")
    page.get_by_role("button", name="Continue").click()
    check_page(page, status=400)
    page.get_by_label("Code", exact=True).fill(demo_admin_code())
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Welcome, Morgan Avery")


def test_setting_up_shows_the_qr_code_and_the_key(la_lead_page, check_page):
    page = la_lead_page
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Set up two-step sign-in").click()
    check_page(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Set up two-step sign-in")
    expect(page.locator("svg[role=img]")).to_be_visible()
    check_page(page)
    page.get_by_label("Code from your authenticator app").fill("12ab56")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    check_page(page, status=400)
