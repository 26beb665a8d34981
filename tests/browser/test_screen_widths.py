"""Phones and tablets: every dashboard, the heatmap and the wide tables at 320, 768 and 1280 pixels
wide. The page itself must never scroll sideways (a wide table scrolls inside its own region);
each page passes the per-page checks at 320 pixels, where the regions scroll (the crawls check
1280). Screenshots go to tests/output/screenshots/widths/ for a person to look at.

One signed-in page per role, resized in a loop: a new context per width would sign in again."""

import pytest
from playwright.sync_api import Page

from tests.browser.harness import SCREENSHOTS, overflow_after_resize

pytestmark = pytest.mark.browser

WIDTHS = (320, 768, 1280)
HEIGHT = 800
OUT = SCREENSHOTS / "widths"


def _name(path: str) -> str:
    return path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"


def _check_widths(page: Page, check_page, path: str, problems: list[str]) -> None:
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    page.goto(path)
    check_page(page)
    name = _name(path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        spill = overflow_after_resize(page)
        if spill:
            problems.append(f"{path} at {width}px: the page scrolls sideways by {spill['excess']}px "
                            f"({spill['widest']})")
        page.screenshot(path=str(OUT / f"{name}-{width}.png"))


def test_dashboards_fit_phones_and_tablets(la_lead_page, check_page):
    page = la_lead_page
    OUT.mkdir(parents=True, exist_ok=True)
    page.goto("/la/northmere/dashboards/")
    dashboards = [a.get_attribute("href") for a in page.locator("main ul.govuk-list--spaced a").all()]
    assert any(href.endswith("/heatmap") for href in dashboards) and len(dashboards) >= 8
    heatmap = next(href for href in dashboards if href.endswith("/heatmap"))
    page.goto(heatmap)
    profile = page.locator("#table-1 tbody th a").first.get_attribute("href")
    summary = page.locator("#table-1 a[href$='/summary']").first.get_attribute("href")

    problems: list[str] = []
    for path in ["/la/northmere/dashboards/", *dashboards, profile, summary, "/la/northmere/plans/"]:
        _check_widths(page, check_page, path, problems)

    # The heatmap reads as a table; its chart opens on request, beside the table, at full width.
    page.goto(heatmap)
    region = page.locator("main [role=region]").first
    assert region.get_attribute("tabindex") == "0" and region.locator("table").count() == 1
    page.get_by_text("Show as a chart").click()
    page.locator("#heatmap[data-rendered]").wait_for()
    page.screenshot(path=str(OUT / "heatmap-chart-1280.png"), full_page=True)
    assert not problems, "\n".join(problems)


def test_network_benchmarks_fit_phones_and_tablets(analyst_page, check_page):
    OUT.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for path in ("/network/", "/network/statements"):
        _check_widths(analyst_page, check_page, path, problems)
    assert not problems, "\n".join(problems)
