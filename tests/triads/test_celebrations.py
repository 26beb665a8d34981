"""The celebration of learning: the LA lead sets up the event, each triad writes its contribution and
impact stories, and the lead publishes a report built from the year's records, and may withdraw it."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from app.extensions import db
from app.forms import CHANGED, CONFLICT
from app.interfaces.errors import EditConflict, Invalid
from app.models import AuditEvent, Role
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.pages import banner, error_summary, field_error, page, text_of, value
from triads import interfaces as triads
from triads.interfaces import celebrations, plans, visits
from triads.models import Celebration, ImpactStory, TriadContribution
from triads.types import CelebrationFormat, CelebrationStatus, CriterionOutcome, PlanStatus, Rigour

EVENT = {"held_on": ["2", "7", "2026"], "format": "IN_PERSON", "venue": "Northmere Civic Centre"}
STORY = {"title": "TAs trained in precision teaching", "story": "Every class now has a trained TA.",
         "areas": ["resources", "teaching"], "kinds": ["CPD", "STAFFING"]}


@pytest.fixture
def setup(programme):
    selfeval.load_bundled_frameworks()
    db.session.commit()
    return programme


@pytest.fixture
def celebration(setup) -> Celebration:
    found = celebrations.save_event(setup.la, setup.cohort, None, celebrations.EventDetails(
        date(2026, 7, 2), CelebrationFormat.IN_PERSON, "Northmere Civic Centre"), None)
    db.session.commit()
    return found


def url(p, suffix: str = "") -> str:
    return f"/la/{p.la.slug}/celebrations/cohorts/{p.cohort.id}{suffix}"


def triad_url(p, triad, suffix: str = "") -> str:
    return url(p, f"/triads/{triad.id}{suffix}")


def contribution_data(**overrides) -> dict:
    data = {"representative": "Priya Shah, SENCO", "representative_school": "",
            "key_learnings": "Honest self-evaluation needs several voices.",
            "evidence_of_impact": "Pupil voice surveys each term.",
            "next_steps": "Share the TA training with the new cohort."}
    data.update(overrides)
    return data


def actions(la) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.la_id == la.id, AuditEvent.action.like("celebration.%")).order_by(AuditEvent.id)))


def add_story(p, celebration, triad, **overrides) -> ImpactStory:
    details = {"title": "A story", "story": "What changed", "areas": ["leadership"], "kinds": ["LEADERSHIP"]}
    details.update(overrides)
    story = celebrations.add_story(p.la, celebration, triad, celebrations.StoryDetails(**details),
                                   list(celebrations.area_titles(p.la)))
    db.session.commit()
    return story


# --- the event -------------------------------------------------------------------------------------


def test_lead_sets_up_the_celebration_within_the_cohort_year(app, world, setup):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    landing = page(lead.get(url(setup)))
    assert "Set up the celebration" in landing.get_text()
    outside = lead.post(url(setup, "/event"), data={**EVENT, "held_on": ["5", "9", "2026"]})
    assert outside.status_code == 400
    shown = page(outside)
    assert "within the cohort's academic year 2025/26" in field_error(shown, "held_on")
    assert value(shown, "venue") == "Northmere Civic Centre"
    no_format = lead.post(url(setup, "/event"), data={**EVENT, "format": ""})
    assert "in person or online" in field_error(page(no_format), "format")
    assert db.session.scalar(select(func.count(Celebration.id))) == 0

    assert lead.post(url(setup, "/event"), data=EVENT).status_code == 302
    found = celebrations.find_celebration(setup.la, setup.cohort)
    assert (found.held_on, found.format, found.status) == (date(2026, 7, 2), CelebrationFormat.IN_PERSON,
                                                            CelebrationStatus.DRAFT)
    # The same form changes it; there is still one celebration for the cohort.
    changed = lead.post(url(setup, "/event"), data={**EVENT, "format": "ONLINE", "venue": "Teams link in "
                                                    "the invitation", "version": str(found.version)})
    assert changed.status_code == 302
    db.session.refresh(found)
    assert found.format is CelebrationFormat.ONLINE
    assert db.session.scalar(select(func.count(Celebration.id))) == 1
    assert actions(setup.la) == ["celebration.event_saved", "celebration.event_saved"]


def test_one_celebration_per_cohort_is_kept_by_the_database(app, celebration, setup):
    with pytest.raises(EditConflict):  # the database's unique row, refused as a conflict
        celebrations.save_event(setup.la, setup.cohort, None, celebrations.EventDetails(
            date(2026, 7, 3), CelebrationFormat.ONLINE, ""), None)
    db.session.rollback()


def test_only_the_lead_sets_up_the_event(app, world, setup):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.get(url(setup, "/event")).status_code == 403
    assert senco.post(url(setup, "/event"), data=EVENT).status_code == 403
    assessor = sign_in(app.test_client(), world["a"]["qa"])
    assert assessor.post(url(setup, "/event"), data=EVENT).status_code == 403
    assert db.session.scalar(select(func.count(Celebration.id))) == 0


# --- contributions and stories -------------------------------------------------------------------------


def test_triad_staff_write_their_contribution_and_other_schools_get_403(app, world, setup, celebration,
                                                                       make):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    form = page(senco.get(triad_url(setup, setup.north)))
    assert "Do not include a child's name" in form.get_text()
    options = [o["value"] for o in form.select("select[name=representative_school] option")]
    assert options == ["", *setup.ids("one", "two", "three")]
    response = senco.post(triad_url(setup, setup.north), data=contribution_data(
        representative_school=str(setup.schools["two"].id)))
    assert response.status_code == 302 and response.location.endswith(f"#triad-{setup.north.id}")
    saved = celebrations.contribution_for(celebration, setup.north.id)
    assert saved.representative_school_id == setup.schools["two"].id
    assert saved.key_learnings == "Honest self-evaluation needs several voices."

    # The coach school's people write for their triad too.
    coach = make.user(Role.HEADTEACHER, school=setup.schools["two"], name="Coach Head")
    coach_client = sign_in(app.test_client(), coach)
    assert coach_client.post(triad_url(setup, setup.north, "/stories/new"), data=STORY).status_code == 302

    # Another triad's school, a school outside the cohort and an assurer may not.
    south = sign_in(app.test_client(), setup.south_senco)
    assert south.get(triad_url(setup, setup.north)).status_code == 403
    assert south.post(triad_url(setup, setup.north), data=contribution_data()).status_code == 403
    assert south.post(triad_url(setup, setup.north, "/stories/new"), data=STORY).status_code == 403
    outsider = sign_in(app.test_client(), make.user(Role.SENCO, school=setup.outsider))
    assert outsider.get(url(setup)).status_code == 403
    assessor = sign_in(app.test_client(), world["a"]["qa"])
    triads.visits.assign_assurer(setup.la, setup.cohort, world["a"]["qa"].id)
    db.session.commit()
    assert assessor.post(triad_url(setup, setup.north), data=contribution_data()).status_code == 403
    db.session.refresh(saved)
    assert saved.representative == "Priya Shah, SENCO"
    assert actions(setup.la)[-2:] == ["celebration.contribution_saved", "celebration.story_added"]


def test_representative_school_must_be_in_the_triad(app, world, setup, celebration):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    response = senco.post(triad_url(setup, setup.north), data=contribution_data(
        representative_school=str(setup.schools["four"].id)))
    assert response.status_code == 400
    assert field_error(page(response), "representative_school") == "Choose one of the triad's schools"
    with pytest.raises(Invalid):
        celebrations.save_contribution(setup.la, celebration, setup.north, celebrations.ContributionDetails(
            "", setup.schools["four"].id, "", "", ""), None)
    db.session.rollback()
    assert db.session.scalar(select(func.count(TriadContribution.id))) == 0


@pytest.mark.parametrize("overrides, field, message", [
    ({"areas": ["leadership", "made-up"]}, "areas", "Choose areas from the list"),
    ({"kinds": ["LEADERSHIP", "MAGIC"]}, "kinds", "Choose kinds of change from the list"),
    ({"areas": []}, "areas", "Choose at least one area"),
    ({"kinds": []}, "kinds", "Choose at least one kind of change"),
    ({"title": "   "}, "title", "Enter a title for the story"),
    ({"title": "x" * 201}, "title", "200 characters or fewer"),
    ({"story": "x" * 4001}, "story", "4000 characters or fewer"),
])
def test_story_tags_and_text_are_checked(app, world, setup, celebration, overrides, field, message):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    response = senco.post(triad_url(setup, setup.north, "/stories/new"), data={**STORY, **overrides})
    assert response.status_code == 400
    shown = page(response)
    assert message in field_error(shown, field)
    assert error_summary(shown)
    assert db.session.scalar(select(func.count(ImpactStory.id))) == 0


def test_the_interface_refuses_unknown_tags_too(app, setup, celebration):
    for areas, kinds in ((["nowhere"], ["CPD"]), (["leadership"], ["NOPE"])):
        with pytest.raises(Invalid):
            celebrations.add_story(setup.la, celebration, setup.north, celebrations.StoryDetails(
                "T", "S", areas, kinds), list(celebrations.area_titles(setup.la)))
    db.session.rollback()
    assert db.session.scalar(select(func.count(ImpactStory.id))) == 0


def test_a_story_is_added_changed_and_removed(app, world, setup, celebration):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert senco.post(triad_url(setup, setup.north, "/stories/new"), data={
        **STORY, "areas": ["teaching", "resources", "teaching"]}).status_code == 302
    story = db.session.scalar(select(ImpactStory))
    assert story.areas == ["teaching", "resources"]  # framework order, no repeats
    assert story.kinds == ["STAFFING", "CPD"]
    address = triad_url(setup, setup.north, f"/stories/{story.id}")
    form = page(senco.get(address))
    assert value(form, "title") == STORY["title"]
    assert {i["value"] for i in form.select("input[name=kinds][checked]")} == {"CPD", "STAFFING"}
    changed = senco.post(address, data={**STORY, "title": "Renamed", "kinds": ["PARENTS"],
                                        "version": str(story.version)})
    assert changed.status_code == 302
    db.session.refresh(story)
    assert (story.title, story.kinds) == ("Renamed", ["PARENTS"])
    assert "Renamed" in senco.get(url(setup)).get_data(as_text=True)
    assert senco.get(address + "/delete").status_code == 200
    assert senco.post(address + "/delete").status_code == 302
    assert db.session.scalar(select(func.count(ImpactStory.id))) == 0
    assert actions(setup.la)[-3:] == ["celebration.story_added", "celebration.story_changed",
                                      "celebration.story_removed"]


def test_a_triad_shares_at_most_ten_stories(app, world, setup, celebration):
    for n in range(celebrations.MAX_STORIES):
        add_story(setup, celebration, setup.north, title=f"Story {n}")
    senco = sign_in(app.test_client(), world["a"]["senco"])
    response = senco.post(triad_url(setup, setup.north, "/stories/new"), data=STORY)
    assert response.status_code == 400
    assert "at most 10 impact stories" in field_error(page(response), "title")


def test_tampered_ids_are_not_found(app, world, setup, celebration):
    story = add_story(setup, celebration, setup.north)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.get(triad_url(setup, setup.south, f"/stories/{story.id}")).status_code == 404
    assert lead.post(triad_url(setup, setup.south, f"/stories/{story.id}/delete")).status_code == 404
    assert lead.get(url(setup, "/triads/999999")).status_code == 404
    assert lead.get(f"/la/{setup.la.slug}/celebrations/cohorts/999999").status_code == 404
    assert db.session.scalar(select(func.count(ImpactStory.id))) == 1


def test_pages_before_the_event_is_set_up(app, world, setup):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.get(url(setup, "/summary")).status_code == 404
    assert lead.get(triad_url(setup, setup.north)).status_code == 404
    senco = sign_in(app.test_client(), world["a"]["senco"])
    assert "has not set up the celebration" in senco.get(url(setup)).get_data(as_text=True)


# --- optimistic locking ---------------------------------------------------------------------------


def test_conflicting_saves_give_409_and_keep_the_typed_text(app, world, setup, celebration):
    saved = celebrations.save_contribution(setup.la, celebration, setup.north, celebrations.ContributionDetails(
        "", None, "First words", "", ""), None)
    db.session.commit()
    stale = saved.version
    celebrations.save_contribution(setup.la, celebration, setup.north, celebrations.ContributionDetails(
        "", None, "Saved elsewhere", "", ""), saved.version)
    db.session.commit()
    senco = sign_in(app.test_client(), world["a"]["senco"])
    response = senco.post(triad_url(setup, setup.north), data=contribution_data(
        key_learnings="My careful words", version=str(stale)))
    assert response.status_code == 409
    shown = page(response)
    assert value(shown, "key_learnings") == "My careful words"
    assert field_error(shown, "key_learnings") == CONFLICT
    assert CONFLICT in " ".join(error_summary(shown))
    assert value(shown, "version") == str(saved.version)
    db.session.refresh(saved)
    assert saved.key_learnings == "Saved elsewhere"
    # The form now carries the newer version: saving again is deliberate and works.
    again = senco.post(triad_url(setup, setup.north), data=contribution_data(
        key_learnings="My careful words", version=value(shown, "version")))
    assert again.status_code == 302


def test_a_first_save_after_someone_else_created_the_contribution_conflicts(app, world, setup, celebration):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    opened = value(page(senco.get(triad_url(setup, setup.north))), "version")
    celebrations.save_contribution(setup.la, celebration, setup.north, celebrations.ContributionDetails(
        "", None, "The head's words", "", ""), None)
    db.session.commit()
    response = senco.post(triad_url(setup, setup.north), data=contribution_data(version=opened or ""))
    assert response.status_code == 409


def test_summary_conflict_keeps_the_text(app, world, setup, celebration):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    stale = celebration.version
    celebrations.save_summary(setup.la, celebration, "Another lead's words", celebration.version)
    db.session.commit()
    response = lead.post(url(setup, "/summary"), data={"summary": "Mine", "version": str(stale)})
    assert response.status_code == 409
    assert value(page(response), "summary") == "Mine"


# --- publishing ---------------------------------------------------------------------------------


def test_lead_publishes_and_withdraws_the_report(app, world, setup, celebration):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    # The introduction starts from the year's figures.
    suggested = value(page(lead.get(url(setup, "/summary"))), "summary")
    assert suggested.startswith("In 2025/26, 6 schools in 2 triads took part")
    early = lead.post(url(setup, "/publish"), data={"version": str(celebration.version)})
    assert early.status_code == 303 and early.location.endswith(url(setup))
    db.session.refresh(celebration)
    assert celebration.status is CelebrationStatus.DRAFT
    assert "Write the introduction before you publish" in banner(page(lead.get(early.location)))

    assert lead.post(url(setup, "/summary"), data={"summary": "A year of honest peer review.\nThank you.",
                                                  "version": str(celebration.version)}).status_code == 302
    db.session.refresh(celebration)
    stale = lead.post(url(setup, "/publish"), data={"version": str(celebration.version - 1)})
    assert stale.status_code == 303
    assert CHANGED in banner(page(lead.get(stale.location)))
    assert lead.post(url(setup, "/publish"), data={"version": str(celebration.version)}).status_code == 302
    db.session.refresh(celebration)
    assert celebration.status is CelebrationStatus.PUBLISHED
    assert celebration.published_by_id == world["a"]["lead"].id and celebration.published_at
    shown = page(lead.get(url(setup)))
    assert "Published on" in text_of(shown.select_one(".govuk-summary-list")) and "Lead A" in shown.get_text()
    assert [p.get_text() for p in shown.select("#introduction ~ p")][:2] == [
        "A year of honest peer review.", "Thank you."]
    assert "Withdraw the report to change it" in shown.get_text()

    no_reason = lead.post(url(setup, "/withdraw"), data={"reason": " ", "version": str(celebration.version)})
    assert no_reason.status_code == 400
    assert field_error(page(no_reason), "reason") == "Enter why you are withdrawing the report"
    withdrawn = lead.post(url(setup, "/withdraw"), data={"reason": "Fernbank's story needs a change",
                                                        "version": str(celebration.version)})
    assert withdrawn.status_code == 302
    db.session.refresh(celebration)
    assert celebration.status is CelebrationStatus.DRAFT and celebration.published_at is None
    assert "Fernbank's story needs a change" in lead.get(url(setup)).get_data(as_text=True).replace("&#39;", "'")
    assert actions(setup.la) == ["celebration.event_saved", "celebration.summary_saved",
                                 "celebration.published", "celebration.withdrawn"]
    reason = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "celebration.withdrawn"))
    assert reason == {"reason": "Fernbank's story needs a change"}


def test_a_published_report_is_locked_until_withdrawn(app, world, setup, celebration):
    celebrations.save_summary(setup.la, celebration, "Intro", celebration.version)
    celebrations.publish(setup.la, celebration, world["a"]["lead"], celebration.version)
    db.session.commit()
    senco = sign_in(app.test_client(), world["a"]["senco"])
    sent_back = senco.get(triad_url(setup, setup.north))
    assert sent_back.status_code == 303
    assert "Withdraw it before you change anything" in banner(page(senco.get(sent_back.location)))
    assert senco.post(triad_url(setup, setup.north), data=contribution_data()).status_code == 403
    assert senco.post(triad_url(setup, setup.north, "/stories/new"), data=STORY).status_code == 403
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert lead.post(url(setup, "/event"), data=EVENT).status_code == 403
    assert lead.post(url(setup, "/summary"), data={"summary": "x", "version": "9"}).status_code == 403
    with pytest.raises(Invalid, match="Withdraw it"):
        celebrations.add_story(setup.la, celebration, setup.north, celebrations.StoryDetails(
            "T", "S", ["leadership"], ["CPD"]), ["leadership"])
    db.session.rollback()
    assert db.session.scalar(select(func.count(TriadContribution.id))) == 0


def test_schools_see_only_their_triad_until_the_report_is_published(app, world, setup, celebration, make):
    for triad, words in ((setup.north, "North's learning"), (setup.south, "South's learning")):
        celebrations.save_contribution(setup.la, celebration, triad, celebrations.ContributionDetails(
            "", None, words, "", ""), None)
    celebrations.save_summary(setup.la, celebration, "Our introduction", celebration.version)
    db.session.commit()
    senco = sign_in(app.test_client(), world["a"]["senco"])
    before = page(senco.get(url(setup))).get_text()
    assert "North's learning" in before and "South's learning" not in before
    assert "Our introduction" not in before and "Action plans reviewed" not in before
    assert senco.get(url(setup, "/print")).status_code == 403
    assert senco.get(url(setup, "/celebration-report.pdf")).status_code == 403
    assert senco.get(url(setup, "/impact-stories.xlsx")).status_code == 403
    # Quality assurers assigned to the cohort read it all; others in the LA do not.
    visits.assign_assurer(setup.la, setup.cohort, world["a"]["qa"].id)
    db.session.commit()
    assessor = page(sign_in(app.test_client(), world["a"]["qa"]).get(url(setup))).get_text()
    assert "South's learning" in assessor and "Our introduction" in assessor
    unassigned = make.user(Role.QUALITY_ASSURER, la=setup.la, name="Unassigned Assurer")
    assert sign_in(app.test_client(), unassigned).get(url(setup)).status_code == 404  # as if not there

    celebrations.publish(setup.la, celebration, world["a"]["lead"], celebration.version)
    db.session.commit()
    after = page(senco.get(url(setup))).get_text()
    assert "South's learning" in after and "Our introduction" in after and "Action plans reviewed" in after
    assert senco.get(url(setup, "/print")).status_code == 200
    outsider = make.user(Role.SENCO, school=setup.outsider)
    assert sign_in(app.test_client(), outsider).get(url(setup)).status_code == 403


def test_index_lists_the_cohorts_each_person_may_open(app, world, setup, celebration, make):
    lead = page(sign_in(app.test_client(), world["a"]["lead"]).get(f"/la/{setup.la.slug}/celebrations/"))
    assert "Celebration of learning 2025/26" in lead.get_text() and "Draft" in lead.get_text()
    outsider = sign_in(app.test_client(), make.user(Role.SENCO, school=setup.outsider))
    assert "There are no cohorts for you here yet" in outsider.get(
        f"/la/{setup.la.slug}/celebrations/").get_data(as_text=True)


# --- the report, built from the records -------------------------------------------------------------


@pytest.fixture
def records(world, setup, celebration):
    """School One's plan reviewed at year end (2 met, 1 partly met, 1 not met), School Four's in
    progress with one criterion still to review, a final QA visit to School One, a triad visit to
    South still a draft, and three impact stories."""
    la, cohort = setup.la, setup.cohort
    outcomes = {"one": [CriterionOutcome.MET, CriterionOutcome.MET, CriterionOutcome.PARTLY_MET,
                        CriterionOutcome.NOT_MET],
                "four": [CriterionOutcome.MET, None]}
    for key, judged in outcomes.items():
        plan = plans.start_plan(la, setup.schools[key], cohort, None, [])
        for n in range(0, len(judged), 2):
            plans.save_priority(la, plan, None, plans.PriorityDetails(
                "monitoring", f"Priority {n}", "", [f"Criterion {n}", f"Criterion {n + 1}"]),
                {"monitoring"}, None)
        criteria = [c for p in plan.priorities for c in p.criteria]
        for criterion, outcome in zip(criteria, judged, strict=True):
            criterion.outcome = outcome
        plan.status = PlanStatus.REVIEWED if key == "one" else PlanStatus.IN_PROGRESS
    visits.assign_assurer(la, cohort, world["a"]["qa"].id)
    visit = visits.schedule_visit(la, cohort, world["a"]["qa"].id, date(2026, 3, 3),
                                  school_id=setup.schools["one"].id)
    visits.record_visit(la, cohort, visit, visits.VisitReport(
        date(2026, 3, 3), True, "", [], "", "Honest triad meetings", "", "", "", Rigour.RIGOROUS,
        "Reason", []), set(), visit.version)
    visits.finalise(la, visit, visit.version)
    draft = visits.schedule_visit(la, cohort, world["a"]["qa"].id, date(2026, 3, 4), triad_id=setup.south.id)
    visits.record_visit(la, cohort, draft, visits.VisitReport(
        date(2026, 3, 4), True, "", [], "", "Not final yet", "", "", "", Rigour.DEVELOPING, "R", []),
        set(), draft.version)
    add_story(setup, celebration, setup.north, areas=["leadership", "resources"], kinds=["LEADERSHIP"])
    add_story(setup, celebration, setup.north, areas=["resources"], kinds=["CPD", "STAFFING"])
    add_story(setup, celebration, setup.south, areas=["pupils-parents"], kinds=["PARENTS"])
    db.session.commit()
    return setup


def test_report_is_built_from_plans_qa_findings_and_stories(app, world, records, celebration):
    report = celebrations.build_report(records.la, records.cohort, celebration,
                                       celebrations.area_titles(records.la))
    assert (report.met, report.partly_met, report.not_met) == (3, 1, 1)
    assert report.plans_reviewed == 1 and report.school_count == 6
    one = next(r for r in report.plans if r.school == "School A One")
    assert (one.status, one.met, one.partly_met, one.not_met, one.triad) == (
        PlanStatus.REVIEWED, 2, 1, 1, "North")
    four = next(r for r in report.plans if r.school == "School A Four")
    assert (four.met, four.not_reviewed) == (1, 1)
    assert [(f.visited, f.rigour, f.working_well) for f in report.findings] == [
        ("School A One", Rigour.RIGOROUS, "Honest triad meetings")]
    assert dict(report.rigour)[Rigour.RIGOROUS] == 1 and sum(n for _, n in report.rigour) == 1
    by_area = {title.split(". ", 1)[1]: n for title, n in report.stories_by_area}
    assert len(by_area) == 8 and report.story_count == 3
    assert by_area["Efficient use of resources"] == 2 and by_area["Leadership of SEND"] == 1
    assert by_area["Working with pupils and parents/carers"] == 1 and sum(by_area.values()) == 4
    assert {k.name: n for k, n in report.stories_by_kind if n} == {
        "LEADERSHIP": 1, "CPD": 1, "STAFFING": 1, "PARENTS": 1}

    lead = sign_in(app.test_client(), world["a"]["lead"])
    shown = page(lead.get(url(records)))
    figures = text_of(shown.select_one("#figures + .govuk-summary-list"))
    assert "3 met, 1 partly met, 1 not met" in figures
    assert "Action plans reviewed at year end 1 of 6" in figures
    assert "Final QA visit reports 1" in figures and "Impact stories 3" in figures
    kinds = {text_of(r.th): text_of(r.td) for r in shown.select("#stories-by-kind tbody tr")}
    assert kinds["CPD and training"] == "1" and kinds["Other"] == "0"
    row = next(r for r in shown.select("#plans ~ .app-scroll-region table tbody tr") if "School A One" in text_of(r))
    assert [text_of(td) for td in row.select("td")] == ["North", "Reviewed at year end", "2", "1", "1", "0"]
    assert "Honest triad meetings" in shown.get_text() and "Not final yet" not in shown.get_text()
    # The suggested introduction quotes the same figures.
    suggested = celebrations.suggested_summary(report)
    assert "1 of 6 schools reviewed their action plan" in suggested
    assert "3 success criteria were met, 1 partly met and 1 not met" in suggested


def test_report_queries_do_not_grow_with_the_cohort(app, world, records, celebration, make):
    def count_queries() -> int:
        db.session.expire_all()
        statements = []

        def listener(*args):
            statements.append(args[2])

        engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            la, cohort = records.la, records.cohort
            found = celebrations.find_celebration(la, cohort)
            celebrations.build_report(la, cohort, found, celebrations.area_titles(la))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    small = count_queries()
    # Three more schools in a third triad, each with a plan and a story.
    extra = [make.school(records.la, name=f"School A Extra {n}") for n in range(3)]
    from app.interfaces import cohorts

    cohorts.update_cohort(records.la, records.cohort, records.cohort.name,
                          [m.school for m in records.cohort.members] + extra, records.cohort.version)
    west = triads.create_triad(records.la, records.cohort, "West", [s.id for s in extra], extra[0].id)
    for school in extra:
        plan = plans.start_plan(records.la, school, records.cohort, None, [])
        plans.save_priority(records.la, plan, None, plans.PriorityDetails(
            "outcomes", "P", "", ["C"]), {"outcomes"}, None)
    add_story(records, celebration, west)
    assert count_queries() == small


def test_print_pdf_and_stories_spreadsheet(app, world, records, celebration):
    lead = sign_in(app.test_client(), world["a"]["lead"])
    printed = lead.get(url(records, "/print"))
    assert printed.status_code == 200
    shown = page(printed)
    assert "Change the contribution" not in shown.get_text() and "Add an impact story" not in shown.get_text()
    assert shown.select_one("header.app-print-hidden") is not None
    assert "3 met, 1 partly met, 1 not met" in shown.get_text()
    pdf = lead.get(url(records, "/celebration-report.pdf"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    sheet = lead.get(url(records, "/impact-stories.xlsx"))
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.data))
    rows = list(book["Impact stories"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Triad", "Title", "Story") and len(rows) == 4
    assert {r[0] for r in rows[1:]} == {"North", "South"}


def test_hostile_text_is_stored_as_typed_and_shown_escaped(app, world, setup, celebration):
    senco = sign_in(app.test_client(), world["a"]["senco"])
    hostile = "<script>alert(1)</script>"
    assert senco.post(triad_url(setup, setup.north), data=contribution_data(
        key_learnings=hostile)).status_code == 302
    body = senco.get(url(setup)).get_data(as_text=True)
    assert hostile not in body and "&lt;script&gt;" in body


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_has_a_published_past_celebration_and_a_draft_this_year(app):
    from demo import programme as demo

    with app.test_request_context():
        demo.seed()
        db.session.commit()
    found = {c.status for c in db.session.scalars(select(Celebration))}
    past = db.session.scalar(select(Celebration).where(Celebration.status == CelebrationStatus.PUBLISHED))
    assert found == {CelebrationStatus.PUBLISHED, CelebrationStatus.DRAFT}
    assert past.summary and past.published_at and len(past.contributions) == 4
    assert all(c.stories and c.representative for c in past.contributions)


# --- refused buttons and refused forms ----------------------------------------------------------


def test_a_stale_publish_answers_303_and_the_reason_shows_on_the_report(app, world, setup, celebration):
    celebrations.save_summary(setup.la, celebration, "Intro", celebration.version)
    db.session.commit()
    lead = sign_in(app.test_client(), world["a"]["lead"])
    response = lead.post(url(setup, "/publish"), data={"version": str(celebration.version - 1)})
    assert response.status_code == 303 and response.location.endswith(url(setup))
    shown = page(lead.get(response.location))
    assert CHANGED in banner(shown)
    db.session.refresh(celebration)
    assert celebration.status is CelebrationStatus.DRAFT
    assert "celebration.published" not in actions(setup.la)


def test_a_stale_withdrawal_answers_409_and_keeps_the_reason_typed(app, world, setup, celebration):
    celebrations.save_summary(setup.la, celebration, "Intro", celebration.version)
    celebrations.publish(setup.la, celebration, world["a"]["lead"], celebration.version)
    db.session.commit()
    lead = sign_in(app.test_client(), world["a"]["lead"])
    opened = value(page(lead.get(url(setup, "/withdraw"))), "version")
    # Another lead withdraws it and publishes it again meanwhile.
    celebrations.withdraw(setup.la, celebration, "A typo", celebration.version)
    celebrations.publish(setup.la, celebration, world["a"]["lead"], celebration.version)
    db.session.commit()
    response = lead.post(url(setup, "/withdraw"), data={"reason": "Fernbank's story needs a change",
                                                       "version": opened})
    assert response.status_code == 409
    shown = page(response)
    assert CONFLICT in " ".join(error_summary(shown))
    assert field_error(shown, "reason") == CONFLICT
    assert value(shown, "reason") == "Fernbank's story needs a change"
    assert value(shown, "version") == str(celebration.version)
    db.session.refresh(celebration)
    assert celebration.status is CelebrationStatus.PUBLISHED
