"""Peer matching, the schools-at-a-glance comparison and the triad-forming helper, on the small
cohort of tests/dashboards/conftest.py."""

import pytest

from app.extensions import db
from app.interfaces import cohorts
from tests.conftest import sign_in
from tests.pages import page, text_of
from triads import interfaces as triads


@pytest.fixture
def lead(app, world, built):
    return sign_in(app.test_client(), world["a"]["lead"])


def table_rows(soup, table_id="table-1") -> list[list[str]]:
    return [[text_of(cell) for cell in tr.find_all(["th", "td"])] for tr in soup.select(f"#{table_id} tbody tr")]


def test_needs_are_matched_with_strong_schools_and_the_reason_is_given(lead, built):
    rows = table_rows(page(lead.get(f"{built.base}/peer-matching")))
    # One's plan has priorities in monitoring and resources; only Two (its own triad) is strong
    # in either (3 and 3).
    one = [r for r in rows if r[0].startswith("School A One")]
    assert [r[1].split(" Action-plan")[0] for r in one] == ["Monitoring, tracking and evaluation",
                                                           "Efficient use of resources"]
    assert one[0][2].startswith("School A Two") and one[0][4].endswith("in the same triad")
    assert one[1][2].startswith("School A Two") and len(one) == 2
    # Four has no plan: its needs are the areas it rates below effective, matched outside its triad.
    four = {r[1].split(" Rated")[0]: r for r in rows if r[0].startswith("School A Four")}
    monitoring = four["Monitoring, tracking and evaluation"]
    assert monitoring[2].startswith("School A Two") and monitoring[3].startswith("3")
    assert monitoring[4] == "Rated effective in Monitoring, tracking and evaluation; in another triad"
    assert monitoring[5] == "not yet checked by a quality assurer"  # for screen readers; no tag
    soup = page(lead.get(f"{built.base}/peer-matching"))
    assert "judges the area at 3 (effective) or 4" in text_of(soup.find("main"))  # "strongly", defined
    # Five has not submitted: no needs to show, and it is nobody's match.
    assert not any(r[0].startswith("School A Five") or r[2].startswith("School A Five") for r in rows)


def test_schools_at_a_glance_shows_levels_plan_and_the_last_qa_judgement(app, world, built):
    assurer = sign_in(app.test_client(), world["a"]["qa"])
    soup = page(assurer.get(f"{built.base}/schools-at-a-glance"))
    rows = {r[0].split(" area profile")[0]: r for r in table_rows(soup)}
    one = rows["School A One"]
    assert one[2].startswith("3") and one[-3].startswith("Submitted")
    assert one[-2] == "Draft" and one[-1] == "Rigorous"
    five = rows["School A Five"]
    assert five[2].startswith("Not submitted") and five[-1] == "No final QA report yet"
    csv = assurer.get(f"{built.base}/schools-at-a-glance.csv").get_data(as_text=True)
    assert "School A One" in csv and "Rigorous" in csv


def new_cohort(built):
    """2026/27 with the same six schools and no triads yet: the proposal goes on 2025/26's levels."""
    cohort = cohorts.create_cohort(built.la, 2026, list(built.schools.values()))
    db.session.commit()
    return cohort


def test_the_helper_proposes_triads_with_strong_coaches_and_creates_the_chosen_ones(lead, built):
    cohort = new_cohort(built)
    url = f"/la/{built.la.slug}/dashboards/cohorts/{cohort.id}/form-triads"
    soup = page(lead.get(url))
    proposals = [[text_of(li) for li in fieldset.select("li")] for fieldset in soup.select("main fieldset")]
    # Two and One are the strongest; Four and Six need Two's strengths most; Three and Five have
    # no submitted self-evaluation and fill the last places.
    assert [[line.split(":")[0].strip() for line in p] for p in proposals] == [
        ["School A Two (coach school)", "School A Four", "School A Six"],
        ["School A One (coach school)", "School A Five", "School A Three"]]
    # Four judges monitoring and resources lowest (1 and 1): Two judges them 3 and 3, One 2 and 2.
    assert proposals[0][1] == ("School A Four : School A Two judges Monitoring, tracking and evaluation at "
                               "3 (effective); one of the areas this school judges lowest, at 1 (a focus "
                               "for development)")
    main = text_of(soup.find("main"))
    assert "No submitted self-evaluation to go on for" in main
    assert ("for the 6 schools of this cohort that are not in a triad yet, built from the "
            "self-evaluations submitted for 2026/27, or for 2025/26 where a school has not submitted "
            "one for 2026/27") in main
    assert "whose coach judges highest the areas the school judges lowest" in main

    response = lead.post(url, data={"accept-0": "yes", "name-0": "Ridge triad", "name-1": "Unused"})

    assert response.status_code == 302
    names = triads.triad_names_by_school(cohort)
    assert names == {built.schools[k].id: "Ridge triad" for k in ("two", "four", "six")}
    created = triads.list_triads(built.la, cohort)[0]
    assert created.coach_school_id == built.schools["two"].id
    # The other three are proposed again, as the only triad left to make.
    again = page(lead.get(url))
    assert len(again.select("main fieldset")) == 1


def test_a_refused_proposal_keeps_what_was_typed_and_creates_nothing(lead, built):
    cohort = new_cohort(built)
    url = f"/la/{built.la.slug}/dashboards/cohorts/{cohort.id}/form-triads"
    response = lead.post(url, data={"accept-0": "yes", "name-0": "x" * 200, "accept-1": "yes", "name-1": "South"})
    assert response.status_code == 400
    soup = page(response)
    assert "Enter a name for the triad" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.find(id="name-1")["value"] == "South" and soup.find(id="accept-1").has_attr("checked")
    assert triads.list_triads(built.la, cohort) == []
    nothing = lead.post(url, data={"name-0": "A", "name-1": "B"})
    assert nothing.status_code == 400 and "Select at least one" in nothing.get_data(as_text=True)


def test_only_the_lead_forms_triads(app, world, built):
    cohort = new_cohort(built)
    url = f"/la/{built.la.slug}/dashboards/cohorts/{cohort.id}/form-triads"
    for role in ("qa", "senco", "head"):
        client = sign_in(app.test_client(), world["a"][role])
        assert client.post(url, data={"accept-0": "yes", "name-0": "Mine"}).status_code == 403
    assert triads.list_triads(built.la, cohort) == []


def test_an_assurer_reaches_the_comparison_from_their_visits(app, world, built):
    assurer = sign_in(app.test_client(), world["a"]["qa"])
    soup = page(assurer.get(f"/la/{built.la.slug}/visits/"))
    links = [a["href"] for a in soup.select("main a") if "schools-at-a-glance" in a["href"]]
    assert links == [f"{built.base}/schools-at-a-glance"]  # the one cohort they are assigned to


def test_the_helper_names_the_cohorts_year_and_counts_in_words(lead, built):
    # Last year's cohort (2024/25, no triads, no cohort before it): no "this year's".
    earlier = page(lead.get(f"/la/{built.la.slug}/dashboards/cohorts/{built.previous.id}/form-triads"))
    main = text_of(earlier.find("main"))
    assert "built from the self-evaluations submitted for 2024/25." in main and "this year" not in main
    one = cohorts.create_cohort(built.la, 2026, [built.schools["one"]])
    db.session.commit()
    single = text_of(page(lead.get(f"/la/{built.la.slug}/dashboards/cohorts/{one.id}/form-triads")).find("main"))
    assert "for the 1 school of this cohort that is not in a triad yet" in single
