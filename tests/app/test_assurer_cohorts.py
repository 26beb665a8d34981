"""One rule for the cohorts a quality assurer reads (app/auth/permissions.py `cohort_scope`): the
cohorts the lead assigned them to, unless the lead grants the whole LA; the same on every page and
download, and a cohort outside it is a 404, as another LA's would be.

On the dashboards' cohort (tests/dashboards/conftest.py): LA A's 2025/26 cohort has self-evaluations,
triads, meetings, a plan and a final QA visit; its 2024/25 cohort has School A One's and Two's
submitted self-evaluations. The world's assurer is assigned to 2025/26; `last_years` is assigned
to 2024/25 only.
"""

import pytest
from flask import url_for

from app.auth import permissions
from app.extensions import db
from app.interfaces import audit, users
from app.models import Role
from app.models.audit import CoreAction
from selfeval import interfaces as selfeval
from tests.conftest import sign_in
from tests.dashboards import conftest as dashboards
from tests.pages import page, text_of
from triads import interfaces as triads
from triads.interfaces import plans, visits

built = dashboards.built  # the dashboards' cohorts, as a fixture here too


@pytest.fixture
def last_years(built, make):
    assurer = make.user(Role.QUALITY_ASSURER, la=built.la, name="Assurer Last Year")
    visits.assign_assurer(built.la, built.previous, assurer.id)
    db.session.commit()
    return assurer


def this_years_records(app, built) -> dict[str, str]:
    """Every kind of page and download of the 2025/26 cohort an assurer could ask for."""
    la, cohort, one = built.la, built.cohort, built.schools["one"]
    evaluation = selfeval.find_self_evaluation(la, one.id, cohort.id)
    evidence = selfeval.list_evidence(la, evaluation)[0]
    plan = plans.find_plan(la, one.id, cohort.id)
    visit = visits.list_visits(la, cohort.id)[0]
    meeting = triads.list_meetings(la, built.north)[0]
    four = built.schools["four"]  # in the 2025/26 cohort only
    slug = la.slug
    with app.test_request_context():
        return {
            "self-evaluation": url_for("selfeval.task_list", la_slug=slug, self_evaluation_id=evaluation.id),
            "self-evaluation summary": url_for("selfeval.summary", la_slug=slug, self_evaluation_id=evaluation.id),
            "self-evaluation Word": url_for("selfeval.summary_docx", la_slug=slug,
                                            self_evaluation_id=evaluation.id),
            "self-evaluation Excel": url_for("selfeval.export", la_slug=slug, self_evaluation_id=evaluation.id),
            "evidence": url_for("selfeval.download_evidence", la_slug=slug, self_evaluation_id=evaluation.id,
                                evidence_id=evidence.id),
            "school's self-evaluations": url_for("selfeval.school_index", la_slug=slug, school_id=four.id),
            "school page": url_for("admin.school", la_slug=slug, school_id=four.id),
            "school's plans": url_for("plans.school", la_slug=slug, school_id=four.id),
            "school's triads": url_for("triads.school_triads", la_slug=slug, school_id=four.id),
            "cohort page": url_for("admin.cohort", la_slug=slug, cohort_id=cohort.id),
            "cohort overview": url_for("plans.overview", la_slug=slug, cohort_id=cohort.id),
            "cohort overview Excel": url_for("plans.export_overview", la_slug=slug, cohort_id=cohort.id,
                                             fmt="xlsx"),
            "cohort actions Excel": url_for("plans.export_actions", la_slug=slug, cohort_id=cohort.id),
            "cohort triads": url_for("triads.cohort_triads", la_slug=slug, cohort_id=cohort.id),
            "triad": url_for("triads.triad", la_slug=slug, triad_id=built.north.id),
            "meeting": url_for("triads.meeting", la_slug=slug, triad_id=built.north.id, meeting_id=meeting.id),
            "plan": url_for("plans.plan", la_slug=slug, plan_id=plan.id),
            "plan Word": url_for("plans.docx", la_slug=slug, plan_id=plan.id),
            "visit": url_for("visits.visit", la_slug=slug, visit_id=visit.id),
            "visit Word": url_for("visits.report_docx", la_slug=slug, visit_id=visit.id),
            "celebration": url_for("celebrations.celebration", la_slug=slug, cohort_id=cohort.id),
            "heatmap": url_for("dashboards.heatmap", la_slug=slug, cohort_id=cohort.id),
            "heatmap Excel": url_for("dashboards.heatmap_download", la_slug=slug, cohort_id=cohort.id, fmt="xlsx"),
            "school profile": url_for("dashboards.school", la_slug=slug, cohort_id=cohort.id, school_id=one.id),
        }


def statuses(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_the_rule_is_one_pure_predicate(world):
    a = world["a"]
    lead, qa, senco = (a[k].active_roles() for k in ("lead", "qa", "senco"))
    assert permissions.cohort_scope(lead, set()) == permissions.EVERY_COHORT
    assert permissions.cohort_scope(qa, {7}) == permissions.CohortScope(cohort_ids=frozenset({7}))
    assert permissions.cohort_scope(senco, {7}) == permissions.NO_COHORTS
    assert not permissions.needs_assigned_cohorts(lead) and permissions.needs_assigned_cohorts(qa)
    qa[0].whole_la = True
    assert permissions.cohort_scope(qa, set()) == permissions.EVERY_COHORT
    assert not permissions.needs_assigned_cohorts(qa)


def test_an_assurer_of_another_cohort_gets_404_everywhere_then_reads_all_once_granted(app, built, last_years):
    urls = this_years_records(app, built)
    client = sign_in(app.test_client(), last_years)
    assert statuses(client, urls) == {name: 404 for name in urls}, "same as another LA's records"

    lead = sign_in(app.test_client(), dashboards_lead(built))
    assignment = next(a for a in last_years.roles if a.role is Role.QUALITY_ASSURER)
    form = f"/la/{built.la.slug}/people/assurers/{assignment.id}/cohorts"
    assert "Only the cohorts they are assigned to" in text_of(page(lead.get(form)).find("main"))
    response = lead.post(form, data={"cohorts": "whole_la", "version": assignment.version})
    assert response.status_code == 302
    events = audit.list_events(built.la, limit=5)
    assert any(event.action == CoreAction.ASSURER_COHORTS_CHANGED.key for event, _ in events)

    assert statuses(client, urls) == {name: 200 for name in urls}


def test_an_assurer_reads_their_own_cohort_and_never_hears_of_the_other(app, built, last_years):
    client = sign_in(app.test_client(), last_years)
    la, previous, one = built.la, built.previous, built.schools["one"]
    evaluation = selfeval.find_self_evaluation(la, one.id, previous.id)
    base = f"/la/{la.slug}"
    for path in (f"/self-evaluation/{evaluation.id}", f"/self-evaluation/{evaluation.id}/summary.docx",
                 f"/dashboards/cohorts/{previous.id}/heatmap", f"/cohorts/{previous.id}",
                 f"/plans/cohorts/{previous.id}", f"/schools/{one.id}"):
        assert client.get(base + path).status_code == 200, path
    # School A One is in both cohorts: its years list only the one this assurer reads.
    years = text_of(page(client.get(f"{base}/self-evaluation/schools/{one.id}")).find("main"))
    assert previous.academic_year in years and built.cohort.academic_year not in years
    cohorts_page = text_of(page(client.get(f"{base}/cohorts")).find("main"))
    assert previous.academic_year in cohorts_page and built.cohort.academic_year not in cohorts_page
    dashboards_page = text_of(page(client.get(f"{base}/dashboards/")).find("main"))
    assert built.cohort.academic_year not in dashboards_page


def test_the_assurer_of_this_year_cannot_read_last_years_self_evaluations(app, built, world):
    la, previous, one = built.la, built.previous, built.schools["one"]
    evaluation = selfeval.find_self_evaluation(la, one.id, previous.id)
    client = sign_in(app.test_client(), world["a"]["qa"])
    assert client.get(f"/la/{la.slug}/self-evaluation/{evaluation.id}").status_code == 404
    assert client.get(f"/la/{la.slug}/dashboards/cohorts/{previous.id}/heatmap").status_code == 404


def test_only_an_assurers_role_has_cohorts_to_choose(app, built, world):
    lead = sign_in(app.test_client(), dashboards_lead(built))
    senco = world["a"]["senco"]
    assert lead.get(f"/la/{built.la.slug}/people/assurers/{senco.roles[0].id}/cohorts").status_code == 404
    qa = world["a"]["qa"]
    assert sign_in(app.test_client(), qa).get(
        f"/la/{built.la.slug}/people/assurers/{qa.roles[0].id}/cohorts").status_code == 403


def test_a_grant_ends_when_the_role_changes(app, built, last_years):
    assignment = next(a for a in last_years.roles if a.role is Role.QUALITY_ASSURER)
    users.set_assurer_whole_la(built.la, last_years, assignment, True, assignment.version)
    users.change_role(built.la, last_years, assignment, Role.LA_LEAD, None, assignment.version)
    assert assignment.whole_la is False


def dashboards_lead(built):
    return next(u for u in users.list_people(built.la) if any(a.role is Role.LA_LEAD for a in u.roles))
