"""Signing in and adding a school with the keyboard alone: Tab, Shift+Tab, typing, Enter and the
arrow keys, never the mouse. Every element the focus lands on must show that it has the focus."""

import re

import pytest
from playwright.sync_api import expect

from demo.programme import DEMO_PASSWORD
from tests.browser.harness import (
    ROLES,
    assert_focus_visible,
    by_id,
    by_text,
    choose_with_keyboard,
    focused,
    press_and_follow,
    tab_to,
)

pytestmark = pytest.mark.browser


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(anon_page):
    page = anon_page
    page.goto("/")
    page.keyboard.press("Tab")
    state = assert_focus_visible(page)
    assert state["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    # GOV.UK Frontend moves the focus to <main>, so the next Tab is inside the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_lead_signs_in_and_adds_a_school_with_the_keyboard_alone(anon_page, check_page):
    page = anon_page
    page.goto("/")

    tab_to(page, by_text("Sign in"))
    press_and_follow(page)
    expect(page.locator("h1")).to_have_text("Sign in")

    tab_to(page, by_id("email"))
    page.keyboard.type(ROLES["la_lead"].email)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(DEMO_PASSWORD)
    tab_to(page, by_text("Sign in"))
    press_and_follow(page)
    expect(page.locator("h1")).to_have_text("Welcome, Priya Okafor")

    tab_to(page, by_text("Manage schools"))
    press_and_follow(page)
    tab_to(page, by_text("Add a school"))
    press_and_follow(page)
    expect(page.locator("h1")).to_have_text("Add a school")

    # A URN that is not 6 digits first, to use the error summary from the keyboard.
    tab_to(page, by_id("urn"))
    page.keyboard.type("12AB")
    page.keyboard.press("Tab")
    page.keyboard.type("Keyboard Lane Primary School")
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == "urn"
    tab_to(page, by_id("phase"))
    choose_with_keyboard(page, "Primary")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "school_type"
    choose_with_keyboard(page, "Academy")
    tab_to(page, by_text("Save school"))
    press_and_follow(page)

    # The error summary takes the focus; its link takes the focus to the field.
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = assert_focus_visible(page)
    assert "govuk-error-summary" in page.evaluate("document.activeElement.className"), summary
    check_page(page, status=400)
    tab_to(page, lambda state: state["tag"] == "a" and "6 digits" in state["text"])
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "urn"
    page.keyboard.press("Control+A")
    page.keyboard.type("990201")
    tab_to(page, by_text("Save school"))
    press_and_follow(page)

    expect(page.locator("h1")).to_have_text("Keyboard Lane Primary School")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been added")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("990201")
    expect(summary).to_contain_text("Primary")
    expect(summary).to_contain_text("Academy")
    check_page(page)
