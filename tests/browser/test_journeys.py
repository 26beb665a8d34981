"""Whole journeys in a real browser, each as the people who do them.

A SENCO completes a self-evaluation with a headteacher's and a parent's views; an LA forms a
triad and its school runs an action plan through the year, from draft to the year-end review.
"""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from app.models import academic_year_label, current_academic_year
from tests.browser.harness import DemoRole, sign_in_as

pytestmark = pytest.mark.browser

LARKRISE_SENCO = DemoRole("senco_larkrise", "senco@larkrise.example", "SENCO at Larkrise Nursery")
EASTBROOK_LEAD = DemoRole("lead_eastbrook", "lead@eastbrook.example", "Eastbrook's SEND lead")
ADMIN = DemoRole("admin", "admin@send-triads.example", "platform administrator")


def submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def fill_date(page: Page, name: str, day: date) -> None:
    for part, value in zip(page.locator(f"input[name={name}]").all(), (day.day, day.month, day.year),
                           strict=True):
        part.fill(str(value))


def rate_area(page: Page, rating: str = "3") -> None:
    """Rate every statement on an area page, give the judgement and a reason, mark it complete."""
    page.wait_for_load_state()
    expect(page.locator("input[name=judgement]").first).to_be_attached()  # the area page, not the last one
    for name in sorted(set(page.locator("input[type=radio][name^=rating_]").evaluate_all(
            "els => els.map(e => e.name)"))):
        page.locator(f"input[name={name}][value='{rating}']").check()
    page.locator(f"input[name=judgement][value='{rating}']").check()
    page.get_by_label("Why this judgement?").fill("Evidence from visits and pupil progress data.")
    page.locator("input[name=completed][value=yes]").check()
    submit(page, "Save and return to the task list")


def test_senco_completes_a_self_evaluation_with_headteacher_and_parent_views(
        new_page, live_server, check_page):
    senco = sign_in_as(new_page(), live_server.url, LARKRISE_SENCO)
    senco.get_by_role("link", name="SEND self-evaluation for Larkrise Nursery School").click()
    senco.wait_for_load_state()
    check_page(senco)
    submit(senco, f"Start the {academic_year_label(current_academic_year())} self-evaluation")
    expect(senco.locator("h1")).to_have_text("SEND self-evaluation")
    task_list = senco.url
    check_page(senco)

    # Ask the headteacher by email and parents through a shared link.
    senco.get_by_role("link", name="Ask others for their views").click()
    senco.locator("input[name=kind][value=HEADTEACHER]").check()
    senco.locator("input[name=areas][value=leadership]").check()
    senco.get_by_label("Email address (optional)").fill("head@larkrise.example")
    senco.get_by_label("Their name (optional)").fill("Imogen Hale")
    submit(senco, "Create invitation")
    senco.locator("input[name=kind][value=PARENT]").check()
    senco.locator("input[name=areas][value=pupils-parents]").check()
    submit(senco, "Create invitation")
    check_page(senco)
    links = senco.locator("input[id^=link-]").evaluate_all("els => els.map(e => e.value)")
    head_link, parent_link = links[-2], links[-1]

    # The parent answers anonymously, without an account.
    parent = new_page()
    parent.goto(parent_link)
    expect(parent.locator("input[name=respondent_name]")).to_have_count(0)
    check_page(parent)
    parent.locator("input[name=rating_1][value='2']").check()
    parent.get_by_label("Anything you want to add about statement 1 (optional)").fill(
        "We meet the SENCO each term.")
    submit(parent, "Send my views")
    expect(parent.locator("h1")).to_have_text("Thank you for your views")

    # The headteacher answers through the emailed link.
    head = new_page()
    head.goto(head_link)
    for name in ("rating_1", "rating_2", "rating_3"):
        head.locator(f"input[name={name}][value='4']").check()
    submit(head, "Send my views")
    expect(head.locator("h1")).to_have_text("Thank you for your views")

    # The SENCO sees both views beside the statements, then completes every area.
    senco.goto(task_list)
    senco.get_by_role("link", name=re.compile(r"^2\. Leadership")).click()
    senco.wait_for_load_state()
    expect(senco.get_by_text("Other views (1)").first).to_be_visible()
    check_page(senco)
    rate_area(senco)
    for number in range(1, 9):
        if number == 2:
            continue
        senco.get_by_role("link", name=re.compile(rf"^{number}\. ")).click()
        expect(senco.locator("h1")).to_contain_text(f"{number}. ")
        rate_area(senco, rating="2" if number in (6, 7) else "3")
    expect(senco.get_by_text("You have completed 8 of 8 areas.")).to_be_visible()
    submit(senco, "Submit self-evaluation")
    expect(senco.locator("h1")).to_have_text("Summary")
    expect(senco.locator(".govuk-notification-banner")).to_contain_text("has been submitted")
    check_page(senco)
    # The lowest-rated areas are ticked as areas for development.
    ticked = senco.locator("input[name=development]:checked").evaluate_all("els => els.map(e => e.value)")
    assert ticked and all(value.split(".")[0] in ("monitoring", "resources") for value in ticked)


def invite(lead: Page, name: str, email: str, role: str, school: str) -> None:
    lead.goto(lead.url.split("/la/")[0] + "/la/eastbrook/people/invite")
    lead.get_by_label("Full name").fill(name)
    lead.get_by_label("Email address").fill(email)
    lead.locator(f"input[name=role][value={role}]").check()
    option = lead.locator("select[name=school] option", has_text=school).first.get_attribute("value")
    lead.get_by_label("School", exact=True).select_option(option)
    submit(lead, "Send invitation")
    expect(lead.locator(".govuk-notification-banner")).to_contain_text(email)


def accept_invitation(new_page, admin: Page, email: str, name: str) -> Page:
    admin.goto(admin.url.split("/admin")[0] + "/admin/outbox")
    admin.get_by_role("row", name=re.compile(email)).get_by_role("link").first.click()
    link = re.search(r"http://\S+/invitations/\S+", admin.locator(".app-email-body").inner_text()).group(0)
    person = new_page()
    person.goto(link)
    person.get_by_label("Full name").fill(name)
    person.get_by_label("Create a password").fill("a long demo passphrase")
    person.get_by_label("Confirm new password").fill("a long demo passphrase")
    submit(person, "Create account")
    expect(person.locator("h1")).to_contain_text(f"Welcome, {name}")
    return person


def test_a_year_in_a_triad_from_forming_it_to_the_year_end_review(new_page, live_server, check_page):
    base = live_server.url
    lead = sign_in_as(new_page(), base, EASTBROOK_LEAD)
    admin = sign_in_as(new_page(), base, ADMIN)

    # The LA lead forms a triad in this year's cohort, with Hollins Park as the coach school.
    lead.get_by_role("link", name="Cohorts and triads").first.click()
    lead.get_by_role("link", name=academic_year_label(current_academic_year())).first.click()
    lead.wait_for_load_state()
    check_page(lead)
    lead.get_by_role("button", name="Create a triad").first.click()
    lead.get_by_label("Triad name").fill("Eastbrook triad")
    for school in ("Eastbrook Meadow Primary School", "Hollins Park School", "Willowbank Special School"):
        lead.get_by_role("checkbox", name=school).check()
    lead.get_by_role("radio", name="Hollins Park School").check()
    submit(lead, "Save triad")
    expect(lead.locator("h1")).to_contain_text("Eastbrook triad")
    triad_url = lead.url
    check_page(lead)

    # The lead sets the cohort's timetable: meeting 3 in a fortnight, so the year-end review opens
    # now (four weeks before it) rather than on 1 June.
    lead.get_by_role("link", name=academic_year_label(current_academic_year())).first.click()
    lead.get_by_role("link", name="Change the timetable").click()
    expect(lead.locator("h1")).to_contain_text("Timetable for")
    check_page(lead)
    meeting_3 = min(date.today() + timedelta(days=14), date(current_academic_year() + 1, 8, 31))
    fill_date(lead, "meeting_3_by", meeting_3)
    submit(lead, "Save timetable")
    expect(lead.locator("main")).to_contain_text(meeting_3.strftime("%-d %B %Y"))

    # The lead invites the school's SENCO and headteacher and the coach school's SENCO.
    invite(lead, "Aisha Khan", "senco@eastbrook-meadow.example", "SENCO", "Eastbrook Meadow")
    invite(lead, "Colin Firth-Jones", "head@eastbrook-meadow.example", "HEADTEACHER", "Eastbrook Meadow")
    invite(lead, "Petra Lund", "senco@hollins-park.example", "SENCO", "Hollins Park")
    senco = accept_invitation(new_page, admin, "senco@eastbrook-meadow.example", "Aisha Khan")
    head = accept_invitation(new_page, admin, "head@eastbrook-meadow.example", "Colin Firth-Jones")
    coach = accept_invitation(new_page, admin, "senco@hollins-park.example", "Petra Lund")

    # Triad meeting 1: the SENCO records it, held last week.
    held = max(date(current_academic_year(), 9, 1), date.today() - timedelta(days=7))
    senco.goto(triad_url)
    senco.get_by_role("link", name=re.compile(r"^1\. Action planning")).click()
    senco.wait_for_load_state()
    check_page(senco)
    senco.get_by_role("button", name="Record this meeting").click()
    senco.wait_for_load_state()
    fill_date(senco, "held_on", held)
    senco.get_by_label("Notes").fill("We turned each self-evaluation into priorities.")
    senco.locator("input[name=recorded][value=yes]").check()
    senco.locator("button[type=submit]", has_text="Save").click()
    senco.wait_for_load_state()
    senco.goto(triad_url)
    expect(senco.get_by_role("row", name=re.compile(r"^1\. Action planning"))).to_contain_text("Recorded")
    check_page(senco)

    # The plan is drafted from the self-evaluation, with an action, and shared.
    senco.goto(base + "/")
    senco.get_by_role("link", name="Action plan for Eastbrook Meadow Primary School").click()
    senco.get_by_role("link", name=re.compile("Start the .* action plan")).click()
    senco.wait_for_load_state()
    check_page(senco)
    submit(senco, "Start the action plan")
    plan_url = senco.url
    senco.get_by_role("button", name="Add a priority").click()
    senco.get_by_label("Area").select_option("monitoring")
    senco.get_by_label("Priority").fill("Link our provision map to pupils' progress")
    senco.get_by_label("Success criteria").fill("Every intervention has an entry and exit measure")
    submit(senco, "Save priority")
    senco.get_by_role("link", name=re.compile("^Add an action")).last.click()
    senco.get_by_label("Action").fill("Review the provision map with SLT each half-term")
    senco.get_by_label("Owner").select_option(label="Aisha Khan")
    submit(senco, "Save action")
    submit(senco, "Share with the triad")
    expect(senco.locator(".govuk-summary-list")).to_contain_text("Shared with triad")

    # The coach school's SENCO comments and marks the plan reviewed.
    coach.goto(plan_url)
    check_page(coach)
    coach.locator("textarea[name=body]").last.fill("How will parents see the difference?")
    coach.get_by_role("button", name="Add comment").last.click()
    coach.wait_for_load_state()
    submit(coach, "Mark as reviewed by the coach")
    expect(coach.locator(".govuk-summary-list")).to_contain_text("Coach reviewed")

    # The school answers the comment; the headteacher signs off.
    senco.goto(plan_url)
    senco.get_by_role("link", name=re.compile("Respond and resolve")).click()
    senco.get_by_label("How the school responded").fill("We added a parent survey.")
    submit(senco, "Mark as resolved")
    head.goto(plan_url)
    submit(head, "Sign off the plan")
    expect(head.locator(".govuk-summary-list")).to_contain_text("Signed off")

    # Progress through the year, then the year-end review against each success criterion.
    senco.goto(plan_url)
    senco.get_by_role("link", name=re.compile(r"^Progress \(0\)")).click()
    senco.locator("input[name=status][value=ON_TRACK]").check()
    senco.get_by_label("Progress note").fill("First review held with SLT.")
    submit(senco, "Add progress note")
    expect(senco.get_by_text("First review held with SLT.")).to_be_visible()
    senco.goto(plan_url)
    expect(senco.locator(".govuk-summary-list")).to_contain_text("In progress")
    senco.get_by_role("link", name=re.compile("^Review impact")).click()
    senco.locator("input[name=outcome][value=MET]").check()
    senco.get_by_label("Impact").fill("Termly tracking shows the measure in every intervention.")
    submit(senco, "Save review")
    submit(senco, "Complete the year-end review")
    expect(senco.locator(".govuk-summary-list")).to_contain_text("Reviewed at year end")
    check_page(senco)
    # The lead sees it all in the cohort overview.
    lead.goto(base + "/la/eastbrook/plans/")
    row = lead.get_by_role("row", name=re.compile("Eastbrook Meadow"))
    expect(row).to_contain_text("Reviewed at year end")
    expect(row).to_contain_text("Eastbrook triad")
    check_page(lead)

    # Next year: the lead creates the new cohort by copying this one; the triad carries over.
    next_year = academic_year_label(current_academic_year() + 1)
    lead.goto(base + "/la/eastbrook/cohorts")
    lead.get_by_role("link", name=academic_year_label(current_academic_year())).first.click()
    lead.wait_for_load_state()
    lead.get_by_role("button", name="Copy into next year").click()
    lead.wait_for_load_state()
    check_page(lead)
    submit(lead, f"Create the {next_year} cohort")
    expect(lead.locator("h1")).to_contain_text(next_year)
    expect(lead.locator("main")).to_contain_text("Eastbrook triad")


QA = DemoRole("qa", "qa@send-triads.example", "quality assurer in Northmere and Eastbrook")
FERNBANK_SENCO = DemoRole("senco_fernbank", "senco@fernbank.example", "SENCO at Fernbank")


def test_an_assurer_finalises_a_visit_and_the_school_acts_on_it(new_page, live_server, check_page):
    base = live_server.url
    year = current_academic_year()
    held = max(date(year, 9, 1), date.today() - timedelta(days=2))

    # The assurer schedules a visit to Fernbank in this year's cohort and writes it up.
    qa = sign_in_as(new_page(), base, QA)
    qa.goto(base + "/la/northmere/visits/")
    check_page(qa)
    qa.get_by_role("listitem").filter(has_text=academic_year_label(year)).get_by_role(
        "link", name=re.compile("^Schedule a visit")).click()
    qa.wait_for_load_state()
    qa.get_by_label("School or triad to visit").select_option(label="Fernbank Church of England Primary School")
    fill_date(qa, "planned_on", held)
    submit(qa, "Schedule visit")
    expect(qa.locator(".govuk-summary-list").first).to_contain_text("Scheduled")
    visit_url = qa.url
    qa.get_by_role("button", name="Write up the visit").click()
    qa.wait_for_load_state()
    check_page(qa)
    fill_date(qa, "held_on", held)
    qa.locator("input[name=headteacher_present][value=yes]").check()
    qa.get_by_label("Who attended").fill("Headteacher, SENCO, the coach school's SENCO")
    qa.locator("input[name=focus_areas][value=monitoring]").check()
    qa.get_by_label("What is working well").fill("Governors challenge the SEND data each term.")
    qa.locator("input[name=rigour][value=RIGOROUS]").check()
    qa.get_by_label("Reason for the judgement").fill("Ratings checked against three voices.")
    qa.get_by_label("Agreed next steps").fill("Add exit measures to every intervention\nShare TA training")
    submit(qa, "Save draft report")
    expect(qa.locator(".govuk-summary-list").first).to_contain_text("Draft report")
    submit(qa, "Finalise the report")
    expect(qa.locator(".govuk-notification-banner")).to_contain_text("The report is final")
    check_page(qa)

    # The school reads the final report, responds, and adds a next step to its plan.
    senco = sign_in_as(new_page(), base, FERNBANK_SENCO)
    senco.goto(visit_url)
    expect(senco.locator("main")).to_contain_text("Governors challenge the SEND data each term.")
    check_page(senco)
    senco.get_by_role("link", name="Respond to the report").click()
    senco.get_by_label("The school's response").fill("We agree and start with the provision map.")
    submit(senco, "Save response")
    expect(senco.locator("main")).to_contain_text("We agree and start with the provision map.")
    step = senco.locator("li", has_text="Add exit measures to every intervention")
    step.get_by_role("button", name="Add to our action plan").click()
    senco.wait_for_load_state()
    expect(senco.locator(".govuk-notification-banner")).to_contain_text("added to your action plan")
    expect(senco.locator("main")).to_contain_text("Add exit measures to every intervention")
    check_page(senco)
    senco.goto(visit_url)
    expect(senco.locator("li", has_text="Add exit measures to every intervention")).to_contain_text(
        "In the action plan")


def test_the_lead_publishes_the_celebration_report(new_page, live_server, check_page):
    base = live_server.url
    year = academic_year_label(current_academic_year())
    lead = sign_in_as(new_page(), base, "la_lead")

    # From the cohorts to this year's celebration, a draft with the Ashgrove triad's story.
    lead.get_by_role("link", name="Cohorts and triads").first.click()
    lead.get_by_role("link", name="Celebrations of learning").click()
    lead.get_by_role("link", name=f"Celebration of learning {year}").click()
    lead.wait_for_load_state()
    expect(lead.locator("h1")).to_have_text(f"Celebration of learning {year}")
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Draft")
    expect(lead.locator("main")).to_contain_text("Pupil voice in every review")
    check_page(lead)
    celebration_url = lead.url

    # The introduction starts from the year's figures; the lead rewrites it, then publishes.
    lead.get_by_role("button", name="Write the introduction").click()
    lead.wait_for_load_state()
    expect(lead.get_by_label("Introduction")).to_contain_text("schools in 4 triads took part")
    check_page(lead)
    lead.get_by_label("Introduction").fill(
        "Twelve schools worked in four triads this year.\nThank you to every coach school.")
    submit(lead, "Save the introduction")
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("The introduction has been saved")
    submit(lead, "Publish the report")
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("The report has been published")
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Published")
    expect(lead.locator("#introduction ~ p").first).to_have_text("Twelve schools worked in four triads this year.")
    expect(lead.locator("#stories-by-kind")).to_contain_text("Pupil voice")
    expect(lead.get_by_role("button", name="Publish the report")).to_have_count(0)
    check_page(lead)

    # The printable version: the report without the page's header, buttons or links to change it.
    lead.get_by_role("link", name="Print the report").click()
    lead.wait_for_load_state()
    expect(lead.locator("h1")).to_have_text(f"Celebration of learning {year}")
    expect(lead.locator("main")).to_contain_text("Twelve schools worked in four triads this year.")
    expect(lead.get_by_role("link", name=re.compile("Change the contribution"))).to_have_count(0)
    check_page(lead)
    lead.emulate_media(media="print")
    expect(lead.locator("header.govuk-template__header")).to_be_hidden()
    lead.emulate_media(media="screen")

    # The school reads the whole report once it is published.
    senco = sign_in_as(new_page(), base, "senco_castle_lane")
    senco.goto(celebration_url)
    expect(senco.locator("main")).to_contain_text("Twelve schools worked in four triads this year.")
    check_page(senco)

    # Withdrawn to change it again, with a reason: a draft once more.
    lead.goto(celebration_url)
    lead.get_by_role("link", name="Withdraw the report to change it").click()
    lead.get_by_label("Why are you withdrawing the report?").fill("Two triads still to add their stories.")
    submit(lead, "Withdraw the report")
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("The report has been withdrawn")
    expect(lead.locator(".govuk-summary-list").first).to_contain_text("Draft")
    check_page(lead)


def test_the_lead_compares_schools_on_the_dashboards(new_page, live_server, check_page):
    from io import BytesIO
    from pathlib import Path

    from openpyxl import load_workbook

    year = academic_year_label(current_academic_year())
    lead = sign_in_as(new_page(), live_server.url, "la_lead")
    lead.goto(live_server.url + "/la/northmere/")
    lead.get_by_role("link", name="Dashboards", exact=True).first.click()  # the menu's
    expect(lead.locator("h1")).to_have_text(f"Dashboards {year}")
    check_page(lead)

    # The heatmap: a table first, and the chart drawn from its JSON when asked for.
    lead.get_by_role("link", name="Heatmap of self-evaluations").click()
    expect(lead.locator("h1")).to_have_text("Heatmap of self-evaluations")
    expect(lead.locator("#heatmap .main-svg").first).to_be_hidden()
    lead.get_by_text("Show as a chart").click()
    expect(lead.locator("#heatmap .main-svg").first).to_be_visible()
    expect(lead.locator("#table-1 tbody tr")).to_have_count(12)
    expect(lead.locator("#table-1")).to_contain_text("Not submitted")
    check_page(lead)

    # Sorted by monitoring, highest first; schools that have not submitted come last.
    lead.get_by_role("link", name=re.compile(r"^6 Monitoring, tracking and evaluation")).click()
    lead.wait_for_load_state()
    expect(lead.locator("th[aria-sort=descending]")).to_contain_text("6")
    levels = lead.locator("#table-1 tbody tr").evaluate_all(
        "rows => rows.map(r => r.querySelectorAll('td')[1].innerText.trim())")
    rated = [int(v.split(".")[0]) for v in levels if v[0].isdigit()]  # "3. Effective"
    assert rated == sorted(rated, reverse=True) and levels[-1].startswith("Not submitted"), levels
    check_page(lead)

    # The Excel download says how it was sorted.
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Excel (every table)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert book.sheetnames == ["Heatmap", "About"]
    assert "Monitoring, tracking and evaluation, highest first" in book["About"]["A1"].value

    # One school's profile against its triad, the cohort and last year.
    lead.get_by_role("link", name="Castle Lane Primary School area profile").click()
    expect(lead.locator("h1")).to_have_text("Area profile: Castle Lane Primary School")
    expect(lead.locator("#profile .main-svg").first).to_be_visible()
    expect(lead.locator("#table-1 thead")).to_contain_text("Triad median")
    check_page(lead)

    # Without JavaScript the page is whole: the table carries every figure and sorting still works.
    plain = sign_in_as(new_page(java_script_enabled=False), live_server.url, "la_lead")
    plain.goto(lead.url)
    expect(plain.locator("#table-1 tbody tr")).to_have_count(8)
    plain.get_by_role("link", name=re.compile("Heatmap")).first.click()
    plain.get_by_role("link", name=re.compile(r"^Triad")).click()
    expect(plain.locator("th[aria-sort=ascending]")).to_contain_text("Triad")


def test_a_senco_goes_from_home_to_what_is_waiting_and_it_leaves_the_list(new_page, live_server, check_page):
    millstream = DemoRole("senco_millstream", "senco@millstream.example", "Millstream's SENCO")
    senco = sign_in_as(new_page(), live_server.url, millstream)
    waiting = senco.locator(".app-waiting")
    task = waiting.get_by_role("link", name=re.compile(r"^Submit .*'s self-evaluation$"))
    expect(task).to_have_count(1)
    check_page(senco)
    task.click()
    senco.wait_for_load_state()
    check_page(senco)
    submit(senco, "Submit self-evaluation")
    expect(senco.locator("h1")).to_have_text("Summary")
    senco.goto(live_server.url + "/")
    expect(senco.locator("h1")).to_contain_text("Welcome")
    expect(senco.get_by_role("link", name=re.compile(r"^Submit .*'s self-evaluation$"))).to_have_count(0)
