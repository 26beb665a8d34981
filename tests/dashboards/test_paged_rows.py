"""A long table's page builds only the rows it shows (peer matching lists about 1,500 at 134
schools), in the same order and with the same totals; the downloads still build every row. Links
routed once per request are the addresses url_for gives."""

import pandas as pd
from flask import url_for

from dashboards import layout, links, listing, matching_reports, reports
from dashboards.listing import ListFilter
from tests.dashboards.test_listing import big, in_la  # noqa: F401 (fixtures: the 134-school cohort)


def test_rows_are_built_when_read_in_the_frames_order():
    built = []
    frame = pd.DataFrame({"n": [5, 3, 9, 1]}, index=[10, 2, 7, 4])  # a filtered frame keeps its labels
    rows = layout.Rows(frame, lambda r: built.append(r["n"]) or [layout.Cell(r["n"])])
    assert len(rows) == 4 and built == []
    assert rows[1:3] == [[layout.Cell(3)], [layout.Cell(9)]] and built == [3, 9]
    assert rows[-1] == [layout.Cell(1)] and rows[0] == [layout.Cell(5)]
    assert [row[0].value for row in rows] == [5, 3, 9, 1]


def test_a_page_of_peer_matching_builds_only_its_rows(in_la, big, monkeypatch):  # noqa: F811
    built = []
    school_cell = matching_reports.school_cell
    monkeypatch.setattr(matching_reports, "school_cell", lambda *a: built.append(a) or school_cell(*a))
    table = matching_reports.peer_matching(big, ListFilter.read({"page": "3"}, big,
                                                                matching_reports.MATCHING_PAGES)).sections[0].table
    assert built == []  # the report itself builds no row
    shown = table.page_rows
    assert len(shown) == listing.PER_PAGE and len(built) == listing.PER_PAGE
    assert table.page.total == len(table.rows) > 20 * listing.PER_PAGE
    every = list(table.rows)  # what the downloads hold
    assert len(every) == table.page.total and shown == every[2 * listing.PER_PAGE:3 * listing.PER_PAGE]
    assert len(table.export_rows()) == table.page.total


def test_a_page_of_strengths_builds_only_its_rows(in_la, big, monkeypatch):  # noqa: F811
    built = []
    qa_check_cell = reports.qa_check_cell
    monkeypatch.setattr(reports, "qa_check_cell", lambda *a: built.append(a) or qa_check_cell(*a))
    report = reports.strengths(big, count=40, listing=ListFilter.read({}, big, reports.STRENGTH_PAGES.values()))
    showcase = report.sections[0].table
    assert showcase.page.total > listing.PER_PAGE and built == []
    assert len(showcase.page_rows) == listing.PER_PAGE == len(built)


def test_links_routed_once_are_url_fors_addresses(in_la):  # noqa: F811
    for school_id in (1, 42, 123456):
        assert (links.link("dashboards.school", "school_id", school_id, cohort_id=7)
                == url_for("dashboards.school", cohort_id=7, school_id=school_id))
    assert links.link("plans.plan", "plan_id", 3.0) == url_for("plans.plan", plan_id=3)  # ids read from frames
    # The stand-in elsewhere in the address: routed as it is, never a wrong link.
    assert (links.link("dashboards.school", "school_id", 5, cohort_id=links.STAND_IN)
            == url_for("dashboards.school", cohort_id=links.STAND_IN, school_id=5))


def test_links_follow_the_request_not_the_app_context(app):
    from types import SimpleNamespace

    from flask import g

    with app.app_context():
        made = []
        for slug in ("first-la", "second-la"):
            with app.test_request_context():
                g.current_la = SimpleNamespace(slug=slug)
                made.append(links.link("dashboards.school", "school_id", 3, cohort_id=1))
        assert "first-la" in made[0] and "second-la" in made[1]
