"""The top menu: each role's jobs, and the section of the page shown highlighted on every page of
that section (app/navigation.py)."""

import pytest

from app.extensions import db
from app.interfaces import cohorts
from tests.conftest import shared_fixture
from tests.pages import page, text_of

pytestmark = pytest.mark.one_database


def menu(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    soup = page(response)
    return [text_of(a) for a in soup.select(".govuk-service-navigation__list .govuk-service-navigation__item a")]


def highlighted(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    soup = page(response)
    items = soup.select(".govuk-service-navigation__item--active a")
    for a in items:
        assert a.get("aria-current") in ("page", "true")
    return [text_of(a) for a in items]


@shared_fixture
def cohort(world):
    a = world["a"]
    made = cohorts.create_cohort(a["la"], 2025, [a["school"], a["other_school"]])
    db.session.commit()
    return made


LEAD_MENU = ["Home", "Cohorts", "Schools", "People", "Dashboards", "QA visits", "Celebrations",
             "Activity", "Your account"]


def test_each_role_menu_names_its_jobs(signed_in, world):
    la = world["a"]["la"].slug
    school = world["a"]["school"].id
    assert menu(signed_in("a", "lead").get(f"/la/{la}/")) == LEAD_MENU
    assert menu(signed_in("a", "qa").get(f"/la/{la}/")) == [
        "Home", "QA visits", "Cohorts", "Dashboards", "Celebrations", "Your account"]
    school_menu = ["Home", "Self-evaluation", "Action plan", "Triad", "QA visits", "Your account"]
    for role in ("senco", "head"):
        client = signed_in("a", role)
        assert menu(client.get(f"/la/{la}/")) == school_menu
        links = {text_of(a): a["href"] for a in page(client.get("/")).select(".govuk-service-navigation__link")
                 if a.name == "a"}
        assert links["Self-evaluation"] == f"/la/{la}/self-evaluation/schools/{school}"
        assert links["Action plan"] == f"/la/{la}/plans/schools/{school}"
        assert links["Triad"] == f"/la/{la}/triads/schools/{school}"
    # Other school staff cannot read QA visits, so the menu does not offer them.
    assert menu(signed_in("a", "staff").get(f"/la/{la}/")) == [
        "Home", "Self-evaluation", "Action plan", "Triad", "Your account"]
    assert menu(signed_in(None, "analyst").get("/")) == [
        "Home", "Network benchmarks", "Statements", "Your account"]
    assert menu(signed_in(None, "admin").get("/")) == [
        "Home", "Local authorities", "Outbox", "Your account"]


def test_the_lead_sees_their_jobs_on_the_service_home_page_too(signed_in):
    assert menu(signed_in("a", "lead").get("/")) == LEAD_MENU


def test_the_section_is_highlighted_on_every_page_of_it(signed_in, world, cohort):
    a = world["a"]
    la, school = a["la"].slug, a["school"].id
    lead = signed_in("a", "lead")
    pages = {
        "Home": ["/", f"/la/{la}/"],
        "Cohorts": [f"/la/{la}/cohorts", f"/la/{la}/cohorts/{cohort.id}",
                    f"/la/{la}/cohorts/{cohort.id}/timetable", f"/la/{la}/plans/cohorts/{cohort.id}",
                    f"/la/{la}/triads/cohorts/{cohort.id}/new", f"/la/{la}/self-evaluation/frameworks"],
        "Schools": [f"/la/{la}/schools", f"/la/{la}/schools/{school}", f"/la/{la}/schools/new"],
        "People": [f"/la/{la}/people", f"/la/{la}/people/invite", f"/la/{la}/people/{a['senco'].id}"],
        "Dashboards": [f"/la/{la}/dashboards/"],
        "QA visits": [f"/la/{la}/visits/"],
        "Celebrations": [f"/la/{la}/celebrations/"],
        "Activity": [f"/la/{la}/activity"],
        "Your account": ["/account", "/account/emails"],
    }
    for section, paths in pages.items():
        for path in paths:
            assert highlighted(lead.get(path)) == [section], path
    # The item's own page is the current page; a page further in is in its section.
    soup = page(lead.get(f"/la/{la}/schools"))
    assert soup.select_one("[aria-current=page]").get_text(strip=True) == "Schools"
    soup = page(lead.get(f"/la/{la}/schools/{school}"))
    assert soup.select_one(".govuk-service-navigation__item--active a")["aria-current"] == "true"


def test_a_school_sees_its_own_work_highlighted(signed_in, world):
    la, school = world["a"]["la"].slug, world["a"]["school"].id
    senco = signed_in("a", "senco")
    assert highlighted(senco.get(f"/la/{la}/self-evaluation/schools/{school}")) == ["Self-evaluation"]
    assert highlighted(senco.get(f"/la/{la}/plans/schools/{school}")) == ["Action plan"]
    assert highlighted(senco.get(f"/la/{la}/triads/schools/{school}")) == ["Triad"]
    assert highlighted(senco.get(f"/la/{la}/visits/")) == ["QA visits"]


def test_the_analyst_and_the_administrator_see_their_section(signed_in):
    analyst = signed_in(None, "analyst")
    assert highlighted(analyst.get("/network/")) == ["Network benchmarks"]
    assert highlighted(analyst.get("/network/api-tokens")) == ["Network benchmarks"]
    admin = signed_in(None, "admin")
    assert highlighted(admin.get("/admin/local-authorities")) == ["Local authorities"]
    assert highlighted(admin.get("/admin/local-authorities/new")) == ["Local authorities"]
    assert highlighted(admin.get("/admin/outbox")) == ["Outbox"]


def test_a_section_claims_its_own_pages_before_its_blueprints():
    from app import navigation as nav

    items = [nav.Item(nav.NETWORK, "/network/", "Network benchmarks"),
             nav.Item(nav.STATEMENTS, "/network/statements", "Statements")]
    assert nav.current_section(items, "network.statements").text == "Statements"
    assert nav.current_section(items, "network.export_csv").text == "Network benchmarks"
    lead = [nav.Item(s, "/", s.text) for s in nav.LEAD_MENU]
    school = [nav.Item(s, "/", s.text) for s in (nav.SELF_EVALUATION, nav.ACTION_PLAN, nav.TRIAD, nav.VISITS)]
    # The same page is in the lead's "Cohorts" and in the school's own section.
    assert nav.current_section(lead, "selfeval.task_list").text == "Cohorts"
    assert nav.current_section(school, "selfeval.task_list").text == "Self-evaluation"
    assert nav.current_section(lead, "celebrations.contribution").text == "Celebrations"
    assert nav.current_section(school, "celebrations.contribution").text == "Triad"
    assert nav.current_section(lead, "admin.sharing") is None
    assert nav.current_section(lead, None) is None


def test_plural_words_and_cohort_captions():
    from types import SimpleNamespace

    from app.template_helpers import cohort_caption, plural

    assert plural(1, "local authority", "local authorities") == "1 local authority"
    assert plural(3, "local authority", "local authorities") == "3 local authorities"
    assert plural(0, "school") == "0 schools"
    assert plural(1, "school") == "1 school"
    assert cohort_caption(SimpleNamespace(name="Peer review 2026/27", academic_year="2026/27")) == (
        "Peer review 2026/27")
    assert cohort_caption(SimpleNamespace(name="Second wave", academic_year="2026/27")) == (
        "Second wave · 2026/27")


def test_the_cohort_pages_do_not_repeat_the_year_and_count_one_school_as_one(signed_in, world, cohort):
    la = world["a"]["la"].slug
    lead = signed_in("a", "lead")
    caption = page(lead.get(f"/la/{la}/visits/cohorts/{cohort.id}/assurers")).select_one(".govuk-caption-l")
    assert text_of(caption) == cohort.name == "Peer review 2025/26"
    assert text_of(page(lead.get(f"/la/{la}/cohorts/{cohort.id}")).select_one(".govuk-caption-l")) == "Cohort"
    one = cohorts.create_cohort(world["a"]["la"], 2026, [world["a"]["school"]])
    db.session.commit()
    overview = text_of(page(lead.get(f"/la/{la}/plans/cohorts/{one.id}")).find("main"))
    assert "Showing 1 of 1 school." in overview
    assert "Self-evaluations submitted: 0 of 1 school. Action plans signed off: 0." in overview
    options = [text_of(o) for o in page(lead.get(f"/la/{la}/dashboards/")).select("select#cohort option")]
    assert any(o.endswith("(1 school)") for o in options), options


def test_the_lead_home_page_links_to_the_dashboards_near_the_top(signed_in, world):
    soup = page(signed_in("a", "lead").get("/"))
    jobs = soup.select_one("ul.app-jobs")
    headings = [h for h in soup.find("main").find_all(["h2"])]
    assert text_of(headings[0]) == "Your jobs", "before what is waiting"
    links = {text_of(a): a["href"] for a in jobs.select("a")}
    assert links["Dashboards"] == f"/la/{world['a']['la'].slug}/dashboards/"
    assert links["Cohort overview"] == f"/la/{world['a']['la'].slug}/plans/"
    la_home = page(signed_in("a", "qa").get(f"/la/{world['a']['la'].slug}/"))
    assert "Dashboards" in {text_of(a) for a in la_home.select("ul.app-jobs a")}
    assert not page(signed_in("a", "senco").get("/")).select("ul.app-jobs")


def test_the_header_is_drawn_once_per_menu_with_each_request_own_sign_out_token(app, signed_in, world):
    from app import templating

    la = world["a"]["la"].slug
    kept = app.extensions.setdefault("page_headers", {})
    kept.clear()
    lead = signed_in("a", "lead")
    home, schools, home_again = (lead.get(f"/la/{la}/"), lead.get(f"/la/{la}/schools"), lead.get(f"/la/{la}/"))
    # One drawing per menu as shown: the highlighted section makes a different menu.
    assert len(kept) == 2
    assert highlighted(schools) == ["Schools"] and menu(home_again) == LEAD_MENU
    for response in (home, schools, home_again):
        value = page(response).select_one(".app-sign-out input[name=csrf_token]")["value"]
        assert value and templating.CSRF_SLOT not in value
    # Another person's menu is drawn for them, not taken from the lead's.
    assert menu(signed_in("a", "senco").get(f"/la/{la}/")) != LEAD_MENU
    assert len(kept) == 3
