from bs4 import BeautifulSoup

from app.extensions import db
from app.forms import CHANGED, CONFLICT
from app.interfaces import cohorts
from app.models import Phase
from selfeval import interfaces as selfeval
from selfeval.types import AreaStatus, SelfEvaluationStatus
from tests.conftest import sign_in
from tests.pages import banner, error_summary, value
from tests.selfeval.conftest import area_form, base_url


def soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def first_area(evaluation):
    return selfeval.variant_of(evaluation).areas[0]


def test_senco_starts_self_evaluation_from_school_page(app, world, cohort):
    client = sign_in(app.test_client(), world["a"]["senco"])
    la, school = world["a"]["la"], world["a"]["school"]
    page = client.get(f"/la/{la.slug}/self-evaluation/schools/{school.id}")
    assert "Start the 2026/27 self-evaluation" in page.get_data(as_text=True)
    response = client.post(f"/la/{la.slug}/self-evaluation/schools/{school.id}/cohorts/{cohort.id}/start")
    assert response.status_code == 302
    evaluation = selfeval.find_self_evaluation(la, school.id, cohort.id)
    assert evaluation.variant_id == "mainstream"
    task_list = soup(client.get(response.location))
    assert len(task_list.select(".govuk-task-list__item")) == 8
    assert "Not started" in task_list.get_text()


def test_special_school_gets_the_specialist_variant(app, world, framework_loaded, make):
    la = world["a"]["la"]
    special = make.school(la, name="Special One", phase=Phase.SPECIAL)
    cohort = cohorts.create_cohort(la, 2026, [special])
    evaluation = selfeval.start(la, special, cohort, None)
    assert evaluation.variant_id == "specialist"


def test_starting_before_any_framework_is_loaded_goes_back_with_the_reason(app, world):
    la, school = world["a"]["la"], world["a"]["school"]
    cohort = cohorts.create_cohort(la, 2026, [school])
    db.session.commit()
    client = sign_in(app.test_client(), world["a"]["senco"])
    response = client.post(f"/la/{la.slug}/self-evaluation/schools/{school.id}/cohorts/{cohort.id}/start")
    assert response.status_code == 303
    assert "no self-evaluation framework" in banner(soup(client.get(response.location)))
    assert selfeval.find_self_evaluation(la, school.id, cohort.id) is None


def test_headteacher_cannot_start(app, world, cohort):
    client = sign_in(app.test_client(), world["a"]["head"])
    la, school = world["a"]["la"], world["a"]["school"]
    response = client.post(f"/la/{la.slug}/self-evaluation/schools/{school.id}/cohorts/{cohort.id}/start")
    assert response.status_code == 403


def test_saving_an_area_in_progress_keeps_every_answer(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    data = area_form(area, completed="no", rating_2="", evidence_1="Typed by the SENCO")
    response = client.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    saved = selfeval.area_response(evaluation, area.id)
    assert saved.rating_for(area.statements[0].id).evidence == "Typed by the SENCO"
    assert saved.rating_for(area.statements[1].id).rating is None
    assert selfeval.area_status(evaluation, area.id) is AreaStatus.IN_PROGRESS
    page = client.get(f"{base_url(world, evaluation)}/areas/{area.id}").get_data(as_text=True)
    assert "Typed by the SENCO" in page


def test_marking_complete_with_gaps_is_refused_at_the_field_and_nothing_saved(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    data = area_form(area, rating_3="", rationale="", evidence_2="Keep this text")
    response = client.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=data)
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".govuk-error-summary").get_text()
    assert f"Rate: {area.statements[2].text}" in summary
    assert "Give a short reason" in summary
    assert page.select_one("#evidence_2").get_text() == "Keep this text"
    assert selfeval.area_response(evaluation, area.id) is None


def test_a_rating_outside_the_scale_is_refused(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    for bad in ("7", "0", "abc", "-1", "<script>"):
        response = client.post(f"{base_url(world, evaluation)}/areas/{area.id}",
                               data=area_form(area, rating_1=bad))
        assert response.status_code == 400, bad
        assert "Choose a rating from 1 to 4" in response.get_data(as_text=True)
    assert selfeval.area_response(evaluation, area.id) is None


def test_two_people_saving_one_area_never_overwrite_each_other(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    url = f"{base_url(world, evaluation)}/areas/{area.id}"
    assert client.post(url, data=area_form(area, completed="no", rationale="First")).status_code == 302
    # A second window, opened before the first save, still carries version 0.
    response = client.post(url, data=area_form(area, completed="no", rationale="Second window text"))
    assert response.status_code == 409
    assert "Second window text" in response.get_data(as_text=True)
    db.session.expire_all()
    assert selfeval.area_response(evaluation, area.id).rationale == "First"


def test_a_stale_area_save_is_refused_with_what_was_saved_and_keeps_the_typed_answers(
        app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    url = f"{base_url(world, evaluation)}/areas/{area.id}"
    opened = value(soup(client.get(url)), "version")
    assert client.post(url, data=area_form(area, completed="no", rationale="Saved first",
                                           version=opened)).status_code == 302

    stale = client.post(url, data=area_form(area, completed="no", rationale="Typed in the stale page",
                                            strengths="My strengths", rating_2="1", version=opened))

    assert stale.status_code == 409
    shown = soup(stale)
    assert CONFLICT in error_summary(shown)
    assert "Saved by someone else" in banner(shown) and "Why: Saved first" in banner(shown)
    assert value(shown, "rationale") == "Typed in the stale page"
    assert value(shown, "strengths") == "My strengths"
    assert value(shown, "rating_2") == "1"
    db.session.expire_all()
    saved = selfeval.area_response(evaluation, area.id)
    assert saved.rationale == "Saved first"
    # The page now carries the saved version: saving again is a deliberate choice, and works.
    assert value(shown, "version") == str(saved.version)
    again = client.post(url, data=area_form(area, completed="no", rationale="Typed in the stale page",
                                            version=value(shown, "version")))
    assert again.status_code == 302
    db.session.expire_all()
    assert selfeval.area_response(evaluation, area.id).rationale == "Typed in the stale page"


def complete_all(client, world, evaluation):
    for area in selfeval.variant_of(evaluation).areas:
        existing = selfeval.area_response(evaluation, area.id)
        version = str(existing.version) if existing else "0"
        response = client.post(f"{base_url(world, evaluation)}/areas/{area.id}",
                               data=area_form(area, version=version))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        db.session.expire_all()


def test_submit_with_areas_incomplete_goes_back_naming_each_area(app, world, evaluation):
    client = sign_in(app.test_client(), world["a"]["senco"])
    area = first_area(evaluation)
    client.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=area_form(area))
    response = client.post(f"{base_url(world, evaluation)}/submit",
                           data={"version": str(evaluation.version)})
    assert response.status_code == 303
    assert response.location.endswith(base_url(world, evaluation))
    text = banner(soup(client.get(response.location)))
    assert "Complete every area before you submit" in text
    for other in selfeval.variant_of(evaluation).areas[1:]:
        assert f"{other.number}. {other.title}" in text
    assert f"{area.number}. {area.title}" not in text
    db.session.expire_all()
    assert evaluation.status is SelfEvaluationStatus.IN_PROGRESS


def test_submitting_from_a_stale_task_list_goes_back_with_the_reason(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    stale = senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version - 1)})
    assert stale.status_code == 303
    assert CHANGED in banner(soup(senco.get(stale.location)))
    db.session.expire_all()
    assert not evaluation.submitted


def test_submitting_twice_or_reopening_an_open_one_goes_back_with_the_reason(app, world, evaluation):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    not_submitted = lead.post(f"{base_url(world, evaluation)}/reopen",
                              data={"reason": "Why", "version": str(evaluation.version)})
    assert not_submitted.status_code == 303
    assert "already open" in banner(soup(lead.get(not_submitted.location)))

    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    assert senco.post(f"{base_url(world, evaluation)}/submit",
                      data={"version": str(evaluation.version)}).status_code == 302
    db.session.refresh(evaluation)
    again = senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version)})
    assert again.status_code == 303
    assert "already been submitted" in banner(soup(senco.get(again.location)))


def test_a_stale_reopen_is_refused_and_keeps_the_reason(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version)})
    db.session.refresh(evaluation)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    stale = lead.post(f"{base_url(world, evaluation)}/reopen",
                      data={"reason": "Evidence is missing", "version": str(evaluation.version - 1)})
    assert stale.status_code == 409
    shown = soup(stale)
    assert CONFLICT in error_summary(shown)
    assert value(shown, "reason") == "Evidence is missing"
    assert value(shown, "version") == str(evaluation.version)
    db.session.expire_all()
    assert evaluation.submitted


def test_submit_locks_and_lead_reopens_with_reason(app, world, evaluation):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    response = senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version)})
    assert response.status_code == 302
    db.session.expire_all()
    assert evaluation.submitted
    area = first_area(evaluation)
    locked = senco.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=area_form(area, version="2"))
    assert locked.status_code == 403

    lead = sign_in(app.test_client(), world["a"]["lead"])
    empty = lead.post(f"{base_url(world, evaluation)}/reopen", data={"reason": "", "version": str(evaluation.version)})
    assert empty.status_code == 400 and "Enter the reason" in empty.get_data(as_text=True)
    assert senco.post(f"{base_url(world, evaluation)}/reopen", data={"reason": "x"}).status_code == 403
    ok = lead.post(f"{base_url(world, evaluation)}/reopen",
                   data={"reason": "Evidence for area 6 is missing", "version": str(evaluation.version)})
    assert ok.status_code == 302
    db.session.expire_all()
    assert not evaluation.submitted
    assert "Evidence for area 6 is missing" in senco.get(base_url(world, evaluation)).get_data(as_text=True)


def test_second_year_starts_from_last_years_answers(app, world, evaluation, cohort):
    la, school = world["a"]["la"], world["a"]["school"]
    area = first_area(evaluation)
    selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
        {s.id: (2, "Last year's evidence") for s in area.statements}, 2, "Last year's reason",
        "", "", True), 0)
    next_year = cohorts.create_cohort(la, 2027, [school])
    db.session.commit()
    client = sign_in(app.test_client(), world["a"]["senco"])
    response = client.post(f"/la/{la.slug}/self-evaluation/schools/{school.id}/cohorts/{next_year.id}/start")
    assert response.status_code == 302
    new = selfeval.find_self_evaluation(la, school.id, next_year.id)
    carried = selfeval.area_response(new, area.id)
    assert carried.carried_forward and not carried.completed
    assert carried.rating_for(area.statements[0].id).evidence == "Last year's evidence"
    page = client.get(f"/la/{la.slug}/self-evaluation/{new.id}/areas/{area.id}").get_data(as_text=True)
    assert "These are last year&#39;s answers" in page or "These are last year's answers" in page


def test_headteacher_reads_own_school_but_cannot_change_it(app, world, evaluation):
    head = sign_in(app.test_client(), world["a"]["head"])
    area = first_area(evaluation)
    assert head.get(base_url(world, evaluation)).status_code == 200
    assert head.post(f"{base_url(world, evaluation)}/areas/{area.id}", data=area_form(area)).status_code == 403


def test_another_school_cannot_read_a_draft_and_reads_a_submitted_one_only_in_its_triad(
        app, world, evaluation, make, triad_of_a):
    la = world["a"]["la"]
    from app.models import Role

    partner_senco = make.user(Role.SENCO, school=world["a"]["other_school"])
    stranger_school = make.school(la, name="Not In The Triad")
    stranger = make.user(Role.SENCO, school=stranger_school)
    partner = sign_in(app.test_client(), partner_senco)
    outsider = sign_in(app.test_client(), stranger)
    assert partner.get(base_url(world, evaluation)).status_code == 403  # a draft

    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version)})
    assert partner.get(base_url(world, evaluation)).status_code == 200
    assert outsider.get(base_url(world, evaluation)).status_code == 403


def test_coach_senco_comments_per_area_and_others_cannot(app, world, evaluation, make, triad_of_a):
    from app.models import Role

    coach = sign_in(app.test_client(), make.user(Role.SENCO, school=world["a"]["other_school"]))
    head = sign_in(app.test_client(), world["a"]["head"])
    senco = sign_in(app.test_client(), world["a"]["senco"])
    complete_all(senco, world, evaluation)
    db.session.refresh(evaluation)
    senco.post(f"{base_url(world, evaluation)}/submit", data={"version": str(evaluation.version)})
    area = first_area(evaluation)
    url = f"{base_url(world, evaluation)}/areas/{area.id}/comments"
    assert coach.post(url, data={"body": ""}).status_code == 400
    assert coach.post(url, data={"body": "Have you tried termly reviews?"}).status_code == 302
    assert head.post(url, data={"body": "Not allowed"}).status_code == 403
    page = senco.get(f"{base_url(world, evaluation)}/areas/{area.id}").get_data(as_text=True)
    assert "Have you tried termly reviews?" in page and "Not allowed" not in page


def test_summary_suggests_highest_and_lowest_and_refuses_overlap(app, world, evaluation):
    la = world["a"]["la"]
    variant = selfeval.variant_of(evaluation)
    for n, area in enumerate(variant.areas):
        selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
            {s.id: (1 + (n % 4), "") for s in area.statements}, 1 + (n % 4), "r", "", "", True),
            None if not selfeval.area_response(evaluation, area.id) else 1)
    db.session.commit()
    client = sign_in(app.test_client(), world["a"]["senco"])
    page = soup(client.get(f"{base_url(world, evaluation)}/summary"))
    assert page.select_one("[data-chart]") is not None
    table = page.select("table")[0].get_text()
    assert variant.areas[0].title in table and "A focus for development" in table
    strengths = {i["value"] for i in page.select("input[name=strengths][checked]")}
    development = {i["value"] for i in page.select("input[name=development][checked]")}
    assert strengths and development and not strengths & development
    # Area 4 statements (index 3) are rated 4, area 1 statements rated 1.
    assert all(sid.startswith(variant.areas[3].id) or sid.startswith(variant.areas[7].id) for sid in strengths)
    overlap = next(iter(strengths))
    response = client.post(f"{base_url(world, evaluation)}/summary",
                           data={"strengths": [overlap], "development": [overlap],
                                 "version": str(evaluation.version)})
    assert response.status_code == 400
    assert "cannot be both" in response.get_data(as_text=True)
    stale = client.post(f"{base_url(world, evaluation)}/summary",
                        data={"strengths": [overlap], "version": str(evaluation.version - 1)})
    assert stale.status_code == 409
    shown = soup(stale)
    assert CONFLICT in error_summary(shown)
    assert {i["value"] for i in shown.select("input[name=strengths][checked]")} == {overlap}


def test_export_print_and_pdf(app, world, evaluation):
    from io import BytesIO

    from openpyxl import load_workbook

    client = sign_in(app.test_client(), world["a"]["lead"])
    xlsx = client.get(f"{base_url(world, evaluation)}/export.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.data))
    assert {"Areas", "Statements", "Other voices", "About"} <= set(book.sheetnames)
    assert book["Areas"].max_row == 9
    assert client.get(f"{base_url(world, evaluation)}/print").status_code == 200
    pdf = client.get(f"{base_url(world, evaluation)}/self-evaluation.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_summary_and_print_tag_each_level_in_the_one_colour_scale(app, world, evaluation):
    from selfeval.framework.colours import level_class

    la = world["a"]["la"]
    variant, scale = selfeval.variant_of(evaluation), selfeval.framework_of(evaluation.framework_version).scale
    area = variant.areas[0]
    selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
        {s.id: (1, "") for s in area.statements}, 1, "r", "", "", True), None)
    db.session.commit()
    client = sign_in(app.test_client(), world["a"]["lead"])
    for path in ("/summary", "/print"):
        page = soup(client.get(f"{base_url(world, evaluation)}{path}"))
        first, second = page.select("table")[0].select("tbody tr")[:2]
        tag = first.select_one("strong.govuk-tag")
        assert tag["class"] == ["govuk-tag", *level_class(scale, 1).split()], path
        assert tag.get_text() == f"1. {scale.label(1)}"
        assert second.select_one("strong.govuk-tag")["class"][-1] == "app-level-none", path


def test_lead_and_assurer_see_every_school_in_the_cohort(app, world, evaluation, cohort):
    from triads.interfaces import visits

    visits.assign_assurer(world["a"]["la"], cohort, world["a"]["qa"].id)  # an assurer's cohort
    db.session.commit()
    for role in ("lead", "qa"):
        client = sign_in(app.test_client(), world["a"][role])
        # The self-evaluations overview is folded into the cohort overview, the cohort's status page.
        page = soup(client.get(f"/la/{world['a']['la'].slug}/self-evaluation/", follow_redirects=True))
        rows = page.select("tbody tr")
        assert len(rows) == 2
        text = page.get_text()
        assert world["a"]["school"].name in text and "Not started" in text
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.get(f"/la/{world['a']['la'].slug}/self-evaluation/").status_code == 403
