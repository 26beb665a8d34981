from datetime import UTC, date, datetime, timedelta
from io import BytesIO

from bs4 import BeautifulSoup
from openpyxl import load_workbook

from app.db import utcnow
from app.extensions import db
from tests.conftest import sign_in
from tests.triads.test_plans import setting  # noqa: F401  (fixture)
from triads import interfaces as triads
from triads.types import ActionStatus


def overdue_plan(world, setting):  # noqa: F811
    la, school = setting["la"], world["a"]["school"]
    plan = triads.plans.start_plan(la, school, setting["cohort"], world["a"]["senco"], [])
    priority = triads.plans.save_priority(la, plan, None, triads.plans.PriorityDetails(
        "outcomes", "P", "", ["c"]), {"outcomes"}, None)
    yesterday = utcnow().date() - timedelta(days=1)
    triads.plans.save_action(la, plan, setting["cohort"], priority, None, triads.plans.ActionDetails(
        "Late action", None, date(2026, 9, 1), max(date(2026, 9, 1), yesterday), "",
        ActionStatus.AT_RISK), None)
    db.session.commit()
    return plan


def test_lead_sees_every_school_with_triad_coach_and_status(app, world, setting, monkeypatch):  # noqa: F811
    overdue_plan(world, setting)
    # 2 December 2026, against the timetable's defaults: self-evaluations were due by 31 October,
    # meeting 1 by 30 November (both passed); plans are to be signed off by 15 December (soon).
    monkeypatch.setattr("app.models.cohort.utcnow", lambda: datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    lead = sign_in(app.test_client(), world["a"]["lead"])
    page = BeautifulSoup(lead.get(f"/la/{setting['la'].slug}/plans/").get_data(as_text=True), "html.parser")
    rows = {r.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in r.select("td")]
            for r in page.select("tbody tr")}
    assert set(rows) == {world["a"]["school"].name, world["a"]["other_school"].name, "School A Three"}
    one = rows[world["a"]["school"].name]
    assert one[0] == "North triad" and one[1] == world["a"]["other_school"].name
    assert one[3].startswith("Draft") and one[4] == "1 overdue" and one[5] == "0 Overdue"
    assert one[3].endswith("Due soon")
    assert one[2] == f"In progress self-evaluation of {world['a']['school'].name} Overdue 8 of 8 areas"
    assert rows[world["a"]["other_school"].name][2] == "Not started Overdue"
    assert "Coach school" in rows[world["a"]["other_school"].name][1]


def test_filters_and_exports_follow_the_filters(app, world, setting):  # noqa: F811
    overdue_plan(world, setting)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    base = f"/la/{setting['la'].slug}/plans/cohorts/{setting['cohort'].id}"
    filtered = lead.get(base + "?overdue=yes").get_data(as_text=True)
    assert "Showing 1 of 3 schools" in filtered
    none_started = lead.get(base + "?plan=NONE").get_data(as_text=True)
    assert "Showing 2 of 3 schools" in none_started
    not_submitted = lead.get(base + "?evaluation=NOT_SUBMITTED").get_data(as_text=True)
    assert "Showing 3 of 3 schools" in not_submitted
    assert "Showing 1 of 3 schools" in lead.get(base + "?evaluation=IN_PROGRESS").get_data(as_text=True)
    assert "Showing 2 of 3 schools" in lead.get(base + "?evaluation=NONE").get_data(as_text=True)
    xlsx = lead.get(base + "/overview.xlsx?overdue=yes")
    book = load_workbook(BytesIO(xlsx.data))
    assert book["Cohort"].max_row == 2 and "overdue only=True" in book["About"]["A1"].value
    csv = lead.get(base + "/overview.csv").get_data(as_text=True)
    assert csv.count("\n") == 4
    actions = load_workbook(BytesIO(lead.get(base + "/actions.xlsx").data))["Actions"]
    assert actions.max_row == 2 and actions["E2"].value == "Late action"


def test_the_self_evaluations_overview_is_folded_into_the_cohort_overview(app, world, setting):  # noqa: F811
    lead = sign_in(app.test_client(), world["a"]["lead"])
    la, cohort = setting["la"].slug, setting["cohort"].id
    old = lead.get(f"/la/{la}/self-evaluation/cohorts/{cohort}?evaluation=NOT_SUBMITTED")
    assert old.status_code == 302
    assert old.location == f"/la/{la}/plans/cohorts/{cohort}?evaluation=NOT_SUBMITTED"
    assert lead.get(f"/la/{la}/self-evaluation/").location == f"/la/{la}/plans/"
    assert lead.get(f"/la/{la}/self-evaluation/cohorts/999999").status_code == 404
    page = BeautifulSoup(lead.get(old.location).get_data(as_text=True), "html.parser")
    assert page.select_one("select#evaluation option[selected]")["value"] == "NOT_SUBMITTED"
    assert "Self-evaluations submitted: 0 of 3 schools." in page.get_text(" ", strip=True)


def test_overdue_actions_show_on_the_senco_and_lead_home_pages(app, world, setting):  # noqa: F811
    overdue_plan(world, setting)
    # What is waiting for them (triads.tasks): the school each action, the lead each school's count.
    senco = sign_in(app.test_client(), world["a"]["senco"]).get("/").get_data(as_text=True)
    assert "Record progress on “Late action”" in senco
    lead = sign_in(app.test_client(), world["a"]["lead"]).get("/").get_data(as_text=True)
    assert f"{world['a']['school'].name}: 1 overdue action" in lead
    other = sign_in(app.test_client(), setting["coach"]).get("/").get_data(as_text=True)
    assert "Late action" not in other


def test_schools_cannot_open_the_overview(app, world, setting):  # noqa: F811
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.get(f"/la/{setting['la'].slug}/plans/").status_code == 403
