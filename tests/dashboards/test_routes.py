"""The dashboard pages: who may see them, what they show, sorting, downloads, and their cost."""

import csv
import io
import re
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from app.extensions import db
from app.interfaces import cohorts
from app.models import Role
from tests.conftest import sign_in
from tests.dashboards.conftest import LEVELS, submitted
from tests.pages import heading, page, text_of
from triads import interfaces as triads
from triads.interfaces import visits

PAGES = ["heatmap", "statements", "strengths-and-support", "year-on-year", "action-plans",
         "completion"]


def rows_of(soup, table_id: str = "table-1") -> dict[str, list[str]]:
    table = soup.find(id=table_id)
    return {text_of(tr.th).replace(" area profile", "").replace(" Coach school", ""):
            [text_of(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")}


@pytest.fixture
def lead(app, world, built):
    return sign_in(app.test_client(), world["a"]["lead"])


def test_the_lead_opens_every_dashboard_of_the_current_cohort(lead, built):
    index = page(lead.get(f"/la/{built.la.slug}/dashboards/"))
    assert heading(index) == "Dashboards 2025/26"
    links = {a.get_text(strip=True): a["href"] for a in index.select("main ul a")}
    for path in PAGES:
        assert f"{built.base}/{path}" in links.values()
        response = lead.get(f"{built.base}/{path}")
        assert response.status_code == 200, path
        soup = page(response)
        assert len(soup.find_all("h1")) == 1 and soup.find("table", class_="govuk-table")
    chooser = index.find("select", id="cohort")
    assert [o.get_text(strip=True).split(" ")[0] for o in chooser.find_all("option")] == ["2025/26", "2024/25"]
    earlier = page(lead.get(f"/la/{built.la.slug}/dashboards/", query_string={"cohort": built.previous.id}))
    assert heading(earlier) == "Dashboards 2024/25"


def test_heatmap_shows_levels_and_not_submitted_never_zero(lead, built):
    soup = page(lead.get(f"{built.base}/heatmap"))
    rows = rows_of(soup)
    assert list(rows) == [f"School A {n}" for n in ("Five", "Four", "One", "Six", "Three", "Two")]
    one = rows["School A One"]
    assert one[0] == "North" and [cell.split(".")[0] for cell in one[1:9]] == [str(v) for v in LEVELS["one"]]
    assert one[1] == "3. Effective"
    # Three's draft holds last year's levels; it has not submitted, so none of them shows.
    assert rows["School A Three"][1].startswith("Not submitted") and len(rows["School A Three"]) == 3
    assert rows["School A Five"][1] == "Not submitted Self-evaluation: not started"
    two = soup.find("a", href=f"{built.base}/schools/{built.schools['two'].id}").find_parent("th")
    assert "Coach school" in text_of(two)
    summaries = [a for a in soup.select("#table-1 a[href$='/summary']")]
    assert len(summaries) == 5  # every school with a self-evaluation; Five has not started one


def test_heatmap_sorts_by_links_without_javascript(lead, built):
    soup = page(lead.get(f"{built.base}/heatmap", query_string={"sort": "monitoring", "order": "desc"}))
    order = list(rows_of(soup))
    # Monitoring: Two 3, One 2, then Four and Six 1 (by name); Five and Three have no level: last.
    assert order == ["School A Two", "School A One", "School A Four", "School A Six",
                     "School A Five", "School A Three"]
    sorted_header = soup.find("th", attrs={"aria-sort": "descending"})
    assert "Monitoring" in text_of(sorted_header)
    assert "sort=monitoring&order=asc" in sorted_header.a["href"].replace("&amp;", "&")
    triad = list(rows_of(page(lead.get(f"{built.base}/heatmap?sort=triad"))))
    assert triad == ["School A Two", "School A One", "School A Three", "School A Four",
                     "School A Five", "School A Six"]
    # A sort that is not a column falls back to the school name.
    assert lead.get(f"{built.base}/heatmap?sort=%3Cscript%3E&order=sideways").status_code == 200


def test_school_profile_against_triad_cohort_and_last_year(lead, built):
    one = built.schools["one"]
    soup = page(lead.get(f"{built.base}/schools/{one.id}"))
    assert heading(soup) == "Area profile: School A One"
    rows = rows_of(soup)
    # Outcomes: One 3; North's submitted schools One 3 and Two 4 -> 3.5; the cohort's 3, 4, 2, 3 -> 3.0.
    outcomes = rows["1. Outcomes for pupils with SEND"]
    assert outcomes[:2] == ["3. Effective", "3.5"] and outcomes[2] == "3.0"
    assert outcomes[3].startswith("2") and outcomes[4].startswith("+1")
    three = page(lead.get(f"{built.base}/schools/{built.schools['three'].id}"))
    assert all(r[0] == "Not submitted" for r in rows_of(three).values())


def test_school_profile_refuses_schools_outside_the_cohort(lead, built, world, make):
    outsider = make.school(built.la, name="Not In The Cohort")
    assert lead.get(f"{built.base}/schools/{outsider.id}").status_code == 404
    assert lead.get(f"{built.base}/schools/{world['b']['school'].id}").status_code == 404
    assert lead.get(f"{built.base}/schools/{outsider.id}.xlsx").status_code == 404


def test_strengths_show_evidence_and_whether_a_quality_assurer_checked(lead, built):
    soup = page(lead.get(f"{built.base}/strengths-and-support"))
    showcase = [[text_of(c) for c in tr.find_all(["th", "td"])] for tr in soup.select("#table-1 tbody tr")]
    leadership = [r for r in showcase if r[0].startswith("2. Leadership")]
    # Leadership: One and Two at 4, then Four and Six tied at 3 for the third place, and tied on
    # the mean statement rating too (every statement rated at the level, 3.00): all four.
    assert [r[1].split(" area profile")[0] for r in leadership] == [
        "School A One", "School A Two", "School A Four", "School A Six"]
    one = next(r for r in leadership if r[1].startswith("School A One"))
    assert one[4:6] == ["1", "1"] and one[6] == "✓ Judged rigorous, 3 March 2026"
    two = next(r for r in leadership if r[1].startswith("School A Two"))
    # No tag on a row nobody checked: an empty cell, with the words for screen readers only.
    assert two[6] == "not yet checked by a quality assurer"
    unchecked = next(tr for tr in soup.select("#table-1 tbody tr") if text_of(tr.th).startswith("2. Leadership")
                     and text_of(tr.td).startswith("School A Two")).find_all("td")[-1]
    assert unchecked.find(class_="govuk-tag") is None and unchecked.find(class_="govuk-visually-hidden")
    assert "tied with the third on both the level and the mean" in text_of(soup.find("main"))
    support = text_of(soup.find(id="table-2"))
    assert "School A Four" in support and "worst" not in soup.get_text().lower()
    assert heading(soup) == "Strengths to showcase and schools that may benefit from support"


def test_statements_year_on_year_plans_and_completion_pages(lead, built):
    statements = page(lead.get(f"{built.base}/statements"))
    assert "4 schools that have submitted" in text_of(statements.find("main"))
    years = page(lead.get(f"{built.base}/year-on-year"))
    by_school = rows_of(years, "table-2")
    assert by_school["School A One"][0] == "+1 up" or by_school["School A One"][0].startswith("+1")
    assert by_school["School A Four"][0].startswith("Not comparable")
    plans = text_of(page(lead.get(f"{built.base}/action-plans")).find("main"))
    assert "Monitoring, tracking and evaluation" in plans and "At risk or overdue" in plans
    completion = rows_of(page(lead.get(f"{built.base}/completion")), "table-2")
    assert completion["School A One"][1].startswith("Submitted")
    assert completion["School A One"][7].startswith("Draft")
    assert completion["School A Five"][1] == "Not started"


def test_downloads_hold_every_table_and_the_filters(lead, built):
    response = lead.get(f"{built.base}/heatmap.xlsx?sort=monitoring&order=desc")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames == ["Heatmap", "About"]
    sheet = book["Heatmap"]
    assert sheet["A1"].value == "School" and sheet["A2"].value == "School A Two"
    assert [c.value for c in sheet[7]][2:10] == ["Not submitted"] * 8  # Three: never a 0
    about = book["About"]["A1"].value
    assert built.la.name in about and "2025/26" in about and "area 6" in about and "highest first" in about
    strengths = load_workbook(BytesIO(lead.get(f"{built.base}/strengths-and-support.xlsx").data))
    assert strengths.sheetnames == ["Showcase", "Support", "Levels by area", "About"]
    plans = load_workbook(BytesIO(lead.get(f"{built.base}/action-plans.xlsx").data))
    assert len(plans.sheetnames) == 5
    text = lead.get(f"{built.base}/completion.csv").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["Status", "Schools", "Overdue"] and table[1] == ["Submitted", "4", "0"]
    profile = lead.get(f"{built.base}/schools/{built.schools['one'].id}.csv").get_data(as_text=True)
    assert "Outcomes for pupils with SEND" in profile


def test_every_page_downloads_as_csv_and_excel(lead, built):
    for path in [*PAGES, f"schools/{built.schools['one'].id}"]:
        for fmt in ("csv", "xlsx"):
            response = lead.get(f"{built.base}/{path}.{fmt}")
            assert response.status_code == 200, (path, fmt)
            assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(BytesIO(lead.get(f"{built.base}/completion.xlsx").data))
    schools = book["Schools"]
    one = next(row for row in schools.iter_rows(values_only=True) if row[0] == "School A One")
    assert isinstance(one[5], datetime) and one[5].tzinfo is None  # submitted: a plain date


def test_downloads_neutralise_formulas_in_school_names(lead, built, make):
    hostile = make.school(built.la, name="=HYPERLINK(\"http://x\")")
    cohorts.update_cohort(built.la, built.cohort, built.cohort.name,
                          [m.school for m in built.cohort.members] + [hostile], built.cohort.version)
    db.session.commit()
    text = lead.get(f"{built.base}/heatmap.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    book = load_workbook(BytesIO(lead.get(f"{built.base}/heatmap.xlsx").data))
    assert any(str(c.value).startswith("'=") for c in book["Heatmap"]["A"])


def test_charts_are_json_beside_a_table_with_no_inline_script(lead, built):
    response = lead.get(f"{built.base}/heatmap")
    soup = page(response)
    chart = soup.find(attrs={"data-chart": True})
    assert chart["role"] == "img" and "table" in chart["aria-label"]
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/json" or script.get("nonce")
    assert soup.find("script", src=re.compile(r"^/vendor/plotly-charts\.[0-9a-f]{12}\.min\.js$"))
    assert "style-src 'self' 'unsafe-inline'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in response.headers["Content-Security-Policy"]
    index = lead.get(f"/la/{built.la.slug}/dashboards/")
    assert "'unsafe-inline'" not in index.headers["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["senco", "head"])
def test_school_staff_may_not_see_dashboards(app, world, built, role):
    client = sign_in(app.test_client(), world["a"][role])
    assert client.get(f"/la/{built.la.slug}/dashboards/").status_code == 403
    for path in ["heatmap", "heatmap.xlsx", f"schools/{built.schools['one'].id}"]:
        assert client.get(f"{built.base}/{path}").status_code == 403


def test_a_quality_assurer_sees_only_the_cohorts_they_are_assigned_to(app, world, built):
    qa = sign_in(app.test_client(), world["a"]["qa"])  # assigned to 2025/26, not to 2024/25
    index = page(qa.get(f"/la/{built.la.slug}/dashboards/"))
    assert heading(index) == "Dashboards 2025/26" and index.find("select", id="cohort") is None
    assert qa.get(f"{built.base}/heatmap").status_code == 200
    earlier = f"/la/{built.la.slug}/dashboards/cohorts/{built.previous.id}"
    for path in PAGES + ["heatmap.xlsx", "completion.csv", f"schools/{built.schools['one'].id}"]:
        assert qa.get(f"{earlier}/{path}").status_code == 404, path  # as if another LA's
    # Asking the index for an unassigned cohort shows an assigned one instead.
    other = page(qa.get(f"/la/{built.la.slug}/dashboards/", query_string={"cohort": built.previous.id}))
    assert heading(other) == "Dashboards 2025/26"
    visits.unassign_assurer(built.la, built.cohort, world["a"]["qa"].id)
    db.session.commit()
    none = page(qa.get(f"/la/{built.la.slug}/dashboards/"))
    assert "not assigned to a cohort" in text_of(none.find("main"))
    assert qa.get(f"{built.base}/heatmap").status_code == 404  # as if another LA's


def test_the_la_home_page_links_dashboards_for_leads_and_assurers_only(app, world, built):
    for role, expected in (("lead", True), ("qa", True), ("senco", False)):
        soup = page(sign_in(app.test_client(), world["a"][role]).get(f"/la/{built.la.slug}/"))
        assert bool(soup.find("a", href=f"/la/{built.la.slug}/dashboards/")) is expected, role


def count_queries(client, url: str) -> int:
    statements = []

    def listen(*args, **kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return len(statements)


def test_pages_take_a_fixed_small_number_of_queries(lead, built, make, world):
    urls = [f"{built.base}/{p}" for p in PAGES] + [
        f"{built.base}/schools/{built.schools['one'].id}", f"/la/{built.la.slug}/dashboards/",
        f"{built.base}/heatmap.xlsx"]
    before = {url: count_queries(lead, url) for url in urls}
    extra = [make.school(built.la) for _ in range(3)]
    cohorts.update_cohort(built.la, built.cohort, built.cohort.name,
                          [m.school for m in built.cohort.members] + extra, built.cohort.version)
    for school in extra:
        submitted(built.la, school, built.cohort, make.user(Role.SENCO, school=school), LEVELS["two"])
    triads.create_triad(built.la, built.cohort, "West", [s.id for s in extra], extra[0].id)
    db.session.commit()
    after = {url: count_queries(lead, url) for url in urls}
    assert after == before
    assert before[f"{built.base}/heatmap"] <= 10
    assert max(before.values()) <= 15, before


def test_the_cohort_page_links_its_dashboards_for_the_lead(app, world, built):
    url = f"/la/{built.la.slug}/cohorts/{built.cohort.id}"
    link = f"/la/{built.la.slug}/dashboards/?cohort={built.cohort.id}"
    lead = page(sign_in(app.test_client(), world["a"]["lead"]).get(url))
    assert lead.find("a", href=link)
    qa = page(sign_in(app.test_client(), world["a"]["qa"]).get(url))
    assert qa.find("a", href=link) is None  # assurers reach them from the LA page, assigned cohorts only


def test_the_statements_page_names_its_spread_and_shows_special_schools_wording(lead, built):
    soup = page(lead.get(f"{built.base}/statements"))
    main = text_of(soup.find("main"))
    assert "standard deviation of the ratings, taken as a sample (dividing by the number of schools less one" in main
    notes = [text_of(span) for span in soup.select("#table-3 tbody th span.govuk-body-s")]
    assert notes and all(n.startswith("Special schools and specialist settings: “") for n in notes)
    spread = soup.select("#table-3 thead th")[-1]
    assert text_of(spread) == "Spread (sample standard deviation)"
    # The download holds the same wording, in a column of its own beside the statement.
    sheet = load_workbook(BytesIO(lead.get(f"{built.base}/statements.xlsx").data))["Every statement"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Statement", "Special schools' wording", "Area"]
    downloaded = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert sorted(downloaded) == sorted(notes)


def test_schools_at_a_glance_has_one_name_for_the_lead_and_the_assurer(app, world, built):
    for role in ("lead", "qa"):
        client = sign_in(app.test_client(), world["a"][role])
        assert heading(page(client.get(f"{built.base}/schools-at-a-glance"))) == "Schools at a glance"
