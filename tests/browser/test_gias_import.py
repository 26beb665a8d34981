"""The lead checks a file from Get Information about Schools in a real browser: the upload page,
the preview with its tables and the rule's details, all accessible and valid HTML. The preview is
reached by a POST, so the crawler never sees it."""

import pytest
from playwright.sync_api import expect

from tests import gias_files
from tests.gias_files import Establishment as E

pytestmark = pytest.mark.browser


def test_the_lead_checks_a_gias_file_before_anything_is_saved(la_lead_page, check_page, tmp_path):
    path = tmp_path / "edubasealldata20260105.csv"
    path.write_bytes(gias_files.gias_csv([
        E("799001", "Made-up St Ann’s Primary School", la_code="990", la_name="Northmere"),
        E("799002", "Made-up Closed School", status="Closed", la_code="990", la_name="Northmere"),
        E("799003", "Made-up Elsewhere School", la_code="202", la_name="Elsewhere"),
    ]))
    page = la_lead_page
    page.goto("/la/northmere/schools")
    page.get_by_role("button", name="Import schools").click()  # a link drawn as a button
    check_page(page)

    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Import schools").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the schools before you import them")
    expect(page.get_by_text("1 school to add")).to_be_visible()
    expect(page.get_by_role("cell", name="Made-up St Ann’s Primary School")).to_be_visible()
    page.get_by_text("How GIAS types and phases are read").click()
    expect(page.get_by_role("rowheader", name="Academy special converter")).to_be_visible()

    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import schools")
