"""Next year without losing this year: after the lead copies this year's cohort into next year (in
December, say), every page that opens on "the" cohort still opens on the one running today; next
year's is marked as starting in September, and the lead can choose it explicitly."""

import pytest

from app.extensions import db
from app.interfaces import cohorts
from app.models import academic_year_label, current_academic_year
from tests.pages import heading, page, text_of

NOW = current_academic_year()
THIS_YEAR, NEXT_YEAR = academic_year_label(NOW), academic_year_label(NOW + 1)
OVERVIEWS = {
    "cohort overview": ("/la/authority-a/plans/", "Cohort overview"),
    "dashboards": ("/la/authority-a/dashboards/", "Dashboards"),
}


@pytest.fixture
def both_years(world):
    a = world["a"]
    this_year = cohorts.create_cohort(a["la"], NOW, [a["school"], a["other_school"]])
    next_year = cohorts.copy_cohort(a["la"], this_year, [])
    db.session.commit()
    return this_year, next_year


@pytest.mark.parametrize("name", OVERVIEWS)
def test_overview_pages_open_on_this_years_cohort_not_next_years(signed_in, both_years, name):
    this_year, next_year = both_years
    path, title = OVERVIEWS[name]
    lead = signed_in("a", "lead")
    soup = page(lead.get(path))
    assert heading(soup) == f"{title} {THIS_YEAR}"
    options = {o["value"]: text_of(o) for o in soup.select("select#cohort option")}
    assert options[str(next_year.id)].startswith(f"{NEXT_YEAR} (starts September {NOW + 1})")
    assert soup.select_one("select#cohort option[selected]")["value"] == str(this_year.id)
    # The lead switches explicitly, by the same GET choice on every page.
    chosen = page(lead.get(path, query_string={"cohort": next_year.id}))
    assert heading(chosen) == f"{title} {NEXT_YEAR}"
    assert f"Starts September {NOW + 1}" in text_of(chosen.find("main"))
    # A cohort that is not the LA's is no choice: the page opens on this year's.
    assert heading(page(lead.get(path, query_string={"cohort": "999999"}))) == f"{title} {THIS_YEAR}"


def test_the_folded_self_evaluations_overview_keeps_the_cohort_chosen(signed_in, both_years):
    this_year, next_year = both_years
    lead = signed_in("a", "lead")
    chosen = lead.get("/la/authority-a/self-evaluation/", query_string={"cohort": next_year.id})
    assert chosen.status_code == 302
    assert heading(page(lead.get(chosen.location))) == f"Cohort overview {NEXT_YEAR}"
    assert heading(page(lead.get("/la/authority-a/self-evaluation/", follow_redirects=True))) == (
        f"Cohort overview {THIS_YEAR}")


def test_the_cohort_list_and_page_mark_next_years_cohort(signed_in, both_years):
    this_year, next_year = both_years
    lead = signed_in("a", "lead")
    listed = page(lead.get("/la/authority-a/cohorts"))
    rows = {text_of(r.select_one("td a")): text_of(r.select_one("td")) for r in listed.select("tbody tr")}
    assert rows[NEXT_YEAR] == f"{NEXT_YEAR} Starts September {NOW + 1}"
    assert rows[THIS_YEAR] == THIS_YEAR
    assert f"Starts September {NOW + 1}" in text_of(page(lead.get(f"/la/authority-a/cohorts/{next_year.id}")))
    assert "Starts September" not in text_of(page(lead.get(f"/la/authority-a/cohorts/{this_year.id}")))


def test_choose_cohort_prefers_the_choice_then_the_year_running_today(both_years):
    this_year, next_year = both_years
    newest_first = [next_year, this_year]
    assert cohorts.choose_cohort(newest_first, None) == this_year
    assert cohorts.choose_cohort(newest_first, "") == this_year
    assert cohorts.choose_cohort(newest_first, str(next_year.id)) == next_year
    assert cohorts.choose_cohort(newest_first, "not a number") == this_year
    assert cohorts.choose_cohort([next_year], None) == next_year  # only next year's: that one
    assert cohorts.choose_cohort([], None) is None
