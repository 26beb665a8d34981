"""The fixtures feature tests build on: one signed-in page per demo role, and check_page."""

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ROLES

pytestmark = pytest.mark.browser

NAMES = {
    "admin": "Morgan Avery",
    "la_lead": "Priya Okafor",
    "senco": "Hannah Birch",
    "senco_castle_lane": "Tom Ellery",
    "headteacher": "Daniel Whitlock",
    "school_staff": "Leah Marsh",
    "qa": "Ruth Adeyemi",
    "analyst": "Sam Lindqvist",
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_fixture_is_signed_in_as_that_person(request, role):
    page = request.getfixturevalue(f"{role}_page")
    expect(page.locator("h1")).to_have_text(f"Welcome, {NAMES[role]}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_quality_assurer_sees_both_local_authorities(qa_page):
    expect(qa_page.get_by_role("heading", level=2, name="Northmere Borough Council")).to_be_visible()
    expect(qa_page.get_by_role("heading", level=2, name="Eastbrook County Council")).to_be_visible()


def test_lead_sees_the_schools(la_lead_page, check_page):
    page = la_lead_page
    page.get_by_role("link", name="Manage schools").click()
    expect(page.locator("h1")).to_have_text("Schools")
    check_page(page)
