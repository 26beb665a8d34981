"""Long lists that answer a question: peer matching and strengths to showcase filtered by area,
school and triad, and paged, on a generated 134-school cohort and on the small cohort of
conftest.py. The downloads keep every row of the filtered list."""

import random
from io import BytesIO
from types import SimpleNamespace

import pandas as pd
import pytest
from flask import g
from openpyxl import load_workbook

from dashboards import data, layout, listing, matching_reports, reports
from dashboards.listing import ListFilter
from selfeval import framework as fw
from tests.conftest import sign_in
from tests.pages import page, text_of

SCHOOLS = 134


@pytest.fixture(scope="module")
def big():
    """134 schools, 44 triads of three and two schools in none, every area judged at random."""
    framework = fw.default_framework()
    info = data.FrameworkInfo(framework.default_variant.areas, framework.scale, {})
    rng = random.Random(14)
    schools, ratings = [], []
    for n in range(1, SCHOOLS + 1):
        triad = (n - 1) // 3 + 1 if n <= 132 else None
        school = {"school_id": n, "school_name": f"School {n:03d}", "urn": str(100000 + n),
                  "triad_id": triad, "triad_name": f"Triad {triad:02d}" if triad else "",
                  "is_coach": triad is not None and n % 3 == 1, "self_evaluation_id": n,
                  "status": "Submitted", "submitted": True}
        schools.append(school)
        for area in info.areas:
            level = rng.randint(1, 4)
            ratings.append(school | {"area_id": area.id, "area_number": area.number, "area_title": area.title,
                                     "level": level, "level_label": framework.scale.label(level)})
    frame = pd.DataFrame(ratings, columns=data.AREA_COLUMNS)
    for column in ("level", "triad_id", "self_evaluation_id"):
        frame[column] = frame[column].astype("Int64")
    school_frame = pd.DataFrame(schools)
    school_frame["triad_id"] = school_frame["triad_id"].astype("Int64")
    return SimpleNamespace(
        cohort=SimpleNamespace(id=1), framework=info, schools=school_frame, area_ratings=frame,
        statement_ratings=pd.DataFrame(columns=data.STATEMENT_COLUMNS),
        evidence_counts=pd.DataFrame(columns=data.EVIDENCE_COLUMNS),
        qa_checks=pd.DataFrame(columns=data.QA_COLUMNS),
        priorities=pd.DataFrame(columns=data.PRIORITY_COLUMNS))


@pytest.fixture
def in_la(app):
    """A request in an LA, so that the reports can build their links."""
    with app.test_request_context():
        g.current_la = SimpleNamespace(slug="generated")
        yield


def test_filters_and_pages_of_the_big_cohorts_peer_matching(in_la, big):
    everything = matching_reports.peer_matching(big)
    table = everything.sections[0].table
    assert len(table.rows) > 2 * listing.PER_PAGE and len(table.page_rows) == listing.PER_PAGE
    assert table.page.pages == -(-len(table.rows) // listing.PER_PAGE)

    area = ListFilter.read({"area": "leadership", "page": "2"}, big)
    report = matching_reports.peer_matching(big, area)
    table = report.sections[0].table
    assert {row[1].value for row in table.rows} == {"Leadership of SEND"}  # only that area
    assert len(table.rows) > listing.PER_PAGE and table.page.current == 2
    assert table.page_rows == table.rows[listing.PER_PAGE:2 * listing.PER_PAGE]
    assert "area=leadership" in table.page.href(3) and "page=3" in table.page.href(3)
    assert report.query == {"area": "leadership"}
    book = load_workbook(BytesIO(layout.xlsx_download(report, "m.xlsx", "LA", "2025/26").data))
    assert book["Peer matches"].max_row == len(table.rows) + 1  # every filtered row, not one page
    assert "Area: 8. " not in book["About"]["A1"].value and "Area: 2. Leadership" in book["About"]["A1"].value

    triad = matching_reports.peer_matching(big, ListFilter.read({"triad": "7"}, big)).sections[0].table
    ids = {19, 20, 21}  # Triad 07: its schools' needs, and the needs they are suggested for
    assert triad.rows and all(int(r[0].href.rsplit("/", 1)[1]) in ids
                              or (r[2].href and int(r[2].href.rsplit("/", 1)[1]) in ids) for r in triad.rows)


def test_how_often_each_school_is_suggested_pages_on_its_own(in_la, big, monkeypatch):
    # Here 18 schools are suggested, the strongest of the 134; in pages of 5, four pages.
    monkeypatch.setattr(matching_reports, "PER_PAGE", 5)
    listed = ListFilter.read({"suggested_page": "2", "page": "3"}, big, matching_reports.MATCHING_PAGES)
    report = matching_reports.peer_matching(big, listed)
    matches, suggested = report.sections[0].table, report.sections[1].table
    assert len(suggested.rows) == 18 and suggested.page.pages == 4 and suggested.page.current == 2
    assert suggested.page_rows == suggested.rows[5:10]
    assert matches.page.current == 3
    assert "suggested_page=3" in suggested.page.href(3) and "page=3" in suggested.page.href(3)
    assert "suggested_page=2" in matches.page.href(1)
    book = load_workbook(BytesIO(layout.xlsx_download(report, "m.xlsx", "LA", "2025/26").data))
    assert book["Times suggested"].max_row == len(suggested.rows) + 1


def test_filters_and_pages_of_the_big_cohorts_strengths(in_la, big):
    school = ListFilter.read({"school": "5", "area": "nowhere", "triad": "x"}, big)
    assert (school.area, school.school, school.triad) == ("", 5, None)  # unknown values ignored
    report = reports.strengths(big, listing=school)
    for table in (report.sections[0].table, report.sections[1].table):
        assert {row[1].shown for row in table.rows} <= {"School 005"}
    whole = reports.strengths(big, listing=ListFilter.read({"support_page": "2"}, big, reports.STRENGTH_PAGES.values()))
    showcase, support = whole.sections[0].table, whole.sections[1].table
    assert len(support.rows) > listing.PER_PAGE and support.page.current == 2
    assert showcase.page.current == 1  # each list pages on its own
    assert "support_page=3" in support.page.href(3) and "showcase_page=1" in support.page.href(3)
    book = load_workbook(BytesIO(layout.xlsx_download(whole, "s.xlsx", "LA", "2025/26").data))
    assert book["Support"].max_row == len(support.rows) + 1


def test_the_pagination_lists_the_first_last_and_nearby_pages():
    pages = layout.Page(7, 25, 500, lambda n: f"?page={n}")  # 20 pages
    items = pages.items()
    assert [i.get("number", "…") for i in items] == [1, "…", 6, 7, 8, "…", 20]
    assert next(i for i in items if i.get("current"))["number"] == 7
    assert (pages.first, pages.last) == (151, 175)
    assert layout.Page(99, 25, 30, str).current == 2  # past the end: the last page


@pytest.fixture
def lead(app, world, built):
    return sign_in(app.test_client(), world["a"]["lead"])


def test_the_pages_filter_without_javascript_and_page_through(lead, built, monkeypatch):
    monkeypatch.setattr(matching_reports, "PER_PAGE", 2)
    url = f"{built.base}/peer-matching"
    soup = page(lead.get(url))
    form = soup.find("form", attrs={"method": "get"})
    assert form["action"] == url and {s["name"] for s in form.find_all("select")} == {"area", "school", "triad"}
    assert "Showing rows 1 to 2 of" in text_of(soup.find("main"))
    assert soup.select_one(".govuk-pagination a[rel=next]")["href"].endswith("page=2")

    four = built.schools["four"].id
    filtered = page(lead.get(url, query_string={"school": four, "page": 2}))
    rows = [[text_of(c) for c in tr.find_all(["th", "td"])] for tr in filtered.select("#table-1 tbody tr")]
    assert rows and all("School A Four" in r[0] or "School A Four" in r[2] for r in rows)
    assert filtered.find("select", attrs={"name": "school"}).find("option", selected=True)["value"] == str(four)
    assert filtered.find("a", string="Clear filters")["href"] == url
    download = filtered.find("a", string="Excel (every table)")["href"]
    assert f"school={four}" in download and "page=" not in download
    book = load_workbook(BytesIO(lead.get(download).data))
    matches = [r for r in book["Peer matches"].iter_rows(min_row=2, values_only=True)]
    assert len(matches) > 2 and all("School A Four" in (r[0], r[2]) for r in matches)

    strengths = page(lead.get(f"{built.base}/strengths-and-support", query_string={"area": "leadership"}))
    listed = [text_of(tr.th) for tr in strengths.select("#table-1 tbody tr")]
    assert listed and set(listed) == {"2. Leadership of SEND"}


def test_odd_filter_values_are_ignored_not_errors(lead, built):
    for query in ({"school": "abc", "page": "-5"}, {"area": "<script>", "triad": "99999999999999999999"},
                  {"page": "99999999999999999999"}, {"showcase_page": "0", "support_page": "x"}):
        for path in ("peer-matching", "strengths-and-support", "peer-matching.xlsx"):
            assert lead.get(f"{built.base}/{path}", query_string=query).status_code == 200, (path, query)
