"""Forms sent back with errors: the crawler only follows links, so the error state of each form is
checked here. Each form is sent empty; the page must answer 400 with an error summary whose links
lead to the fields, and pass the same checks as every other page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import SCREENSHOTS

pytestmark = pytest.mark.browser

# (who, the form's page, a name for the screenshot). Who is None for a visitor not signed in.
FORMS = [
    (None, "/sign-in", "sign-in"),
    (None, "/password-reset", "password-reset"),
    ("la_lead", "/la/northmere/schools/new", "add-school"),
    ("la_lead", "/la/northmere/people/invite", "invite"),
    ("la_lead", "/la/northmere/schools/import", "import-schools"),
    ("la_lead", "/account/password", "change-password"),
    ("admin", "/admin/local-authorities/new", "create-la"),
]


def send_empty(page, path: str) -> None:
    page.goto(path)
    form = page.locator("main form[method=post]").last
    for field in form.locator("input[type=text], input[type=email], input[type=password]").all():
        field.fill("")
    form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()


def test_forms_sent_empty_show_an_accessible_error_summary(new_page, page_as, check_page):
    pages = {}
    failures = []
    for who, path, name in FORMS:
        if who not in pages:
            pages[who] = new_page() if who is None else page_as(who)
        page = pages[who]
        send_empty(page, path)
        try:
            expect(page).to_have_title(re.compile(r"^Error: "))
            summary = page.locator(".govuk-error-summary")
            expect(summary).to_be_visible()
            # GOV.UK Frontend moves the focus to the summary, so screen readers announce it.
            expect(summary).to_be_focused()
            for link in summary.locator("a").all():
                target = link.get_attribute("href")
                assert target and target.startswith("#"), f"error link {target!r} is not to a field"
                assert page.locator(target).count() == 1, f"error link {target} leads nowhere"
            check_page(page, status=400)
        except AssertionError as error:
            failures.append(f"{path}: {error}")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"error-summary-{name}.png"), full_page=True)
    failures += check_page.html_errors()
    assert not failures, "\n".join(failures)
