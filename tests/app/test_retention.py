"""Retention: the LA lead sets how long a finished cohort's records are kept; past that date the
retention job removes them (free text, evidence, voices, plans, meetings, QA reports, celebrations,
and the audit trail of those years), keeps the ratings without names, says beforehand what will go,
records what went, and removes nothing more when run again."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.data_protection import DataKind, audit_kept_from, has_passed, kept_until
from app.extensions import db
from app.interfaces import cohorts, outbox, retention
from app.models import AuditEvent, LocalAuthority, OutboxAttachment, OutboxMessage, Role
from tests.conftest import shared_fixture, sign_in
from tests.pages import banner, error_summary, page, text_of

TODAY = date(2026, 12, 2)
OLD = {DataKind.SELF_EVALUATION_TEXT: 1, DataKind.EVIDENCE_FILES: 1, DataKind.VOICES: 1, DataKind.PLANS: 1,
       DataKind.MEETINGS: 3, DataKind.VISIT_REPORTS: 1, DataKind.CELEBRATIONS: 1}


def programme_year(la, start_year: int, schools, senco, assurer) -> dict:
    """A cohort's year, built as people would: in it, school one's self-evaluation with a reason
    written, an evidence file and a parent link, and school two's started by nobody with nothing
    written (nothing to remove); a triad (with its three meetings), school one's action plan with
    a priority, an action and a coach's comment, a QA visit report and the celebration of learning."""
    from selfeval import interfaces as selfeval
    from triads import interfaces as triads
    from triads.interfaces import celebrations, visits
    from triads.types import CelebrationFormat

    one, two, three = schools
    cohort = cohorts.create_cohort(la, start_year, list(schools))
    evaluation = selfeval.start(la, one, cohort, senco)
    area = selfeval.variant_of(evaluation).areas[0]
    carried = selfeval.area_response(evaluation, area.id)  # last year's answers, copied forward
    response = selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
        {area.statements[0].id: (3, "Seen in the minutes")}, 3, "A reason that names a teacher", "", "", False),
        carried.version if carried else 0)
    selfeval.add_evidence(la, response, None, "minutes.txt", "text/plain", b"the minutes", senco)
    selfeval.create_voice_invitation(la, evaluation, selfeval.VoiceKind.PARENT, [area.id], None, None, senco)
    quiet = selfeval.start(la, two, cohort, None)
    triad = triads.create_triad(la, cohort, f"Triad {start_year}", [one.id, two.id, three.id], two.id)
    plan = triads.plans.start_plan(la, one, cohort, senco, [])
    priority = triads.plans.save_priority(la, plan, None, triads.plans.PriorityDetails(
        area.id, "A priority", "", ["A criterion"]), {area.id}, None)
    triads.plans.save_action(la, plan, cohort, priority, None, triads.plans.ActionDetails(
        "An action", senco.id, None, None, "", triads.plans.ActionStatus.NOT_STARTED), None)
    triads.plans.add_comment(la, plan, priority, "A coach's comment", senco)
    visits.assign_assurer(la, cohort, assurer.id)
    visits.schedule_visit(la, cohort, assurer.id, date(start_year + 1, 3, 3), school_id=one.id)
    celebration = celebrations.save_event(la, cohort, None, celebrations.EventDetails(
        date(start_year + 1, 7, 2), CelebrationFormat.IN_PERSON, "Town hall"), None)
    celebrations.save_contribution(la, celebration, triad, celebrations.ContributionDetails(
        "A representative", None, "What we learned", "", ""), None)
    return {"cohort": cohort, "evaluation_id": evaluation.id, "quiet_id": quiet.id, "triad_id": triad.id,
            "area_id": area.id, "statement_id": area.statements[0].id}


@shared_fixture
def county(make):
    """An LA with three cohorts: 2015/16 (past its date with the default 6 years: kept until
    31 August 2022), 2022/23 (finished, kept until 31 August 2029) and 2026/27 (running); an audit
    entry written in 2016 and one of another LA's."""
    from selfeval import interfaces as selfeval

    selfeval.load_bundled_frameworks()
    la = make.la(name="Oldbury County Council", slug="oldbury")
    schools = [make.school(la, name=f"Oldbury School {n}") for n in (1, 2, 3)]
    lead = make.user(Role.LA_LEAD, la=la, name="Lead Oldbury")
    senco = make.user(Role.SENCO, school=schools[0], name="Senco Oldbury")
    assurer = make.user(Role.QUALITY_ASSURER, la=la, name="Assurer Oldbury")
    years = {year: programme_year(la, year, schools, senco, assurer) for year in (2015, 2022, 2026)}
    other = make.la(name="Elsewhere Council", slug="elsewhere")
    for owner in (la, other):
        db.session.add(AuditEvent(la_id=owner.id, action="school.created", entity="School", entity_id=1,
                                  detail={}, created_at=datetime(2016, 1, 5, tzinfo=UTC)))
    db.session.commit()
    return {"la": la, "lead": lead, "senco": senco, "other": other, **{f"y{y}": v for y, v in years.items()}}


def rows(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_the_rule_keeps_a_cohorts_records_for_whole_years_after_its_academic_year():
    assert kept_until(2015, 6) == date(2022, 8, 31)
    assert not has_passed(2015, 6, date(2022, 8, 31)) and has_passed(2015, 6, date(2022, 9, 1))
    # The audit trail goes with the records of the academic year it was written in.
    assert audit_kept_from(date(2026, 12, 2), 6) == date(2020, 9, 1)
    assert audit_kept_from(date(2026, 8, 31), 6) == date(2019, 9, 1)
    assert audit_kept_from(date(2026, 9, 1), 1) == date(2025, 9, 1)  # 2024/25 passed the day before


def test_the_preview_says_what_each_cohort_will_lose_and_when(app, county):
    found = retention.preview(county["la"], TODAY)

    by_year = {row.cohort.start_year: row for row in found.cohorts}
    assert (by_year[2015].passed, by_year[2015].kept_until, by_year[2015].counts) == (True, date(2022, 8, 31), OLD)
    assert (by_year[2022].passed, by_year[2022].finished, by_year[2022].kept_until) == (False, True, date(2029, 8, 31))
    assert by_year[2022].counts == OLD  # what will go on 1 September 2029
    assert (by_year[2026].finished, by_year[2026].counts) == (False, {})
    assert found.audit_kept_from == date(2020, 9, 1) and found.audit_entries == 1
    assert found.removed() == {**OLD, DataKind.AUDIT: 1}
    assert rows(OutboxMessage) == 0  # a preview changes nothing


def test_applying_removes_what_passed_keeps_ratings_and_records_it_once(app, county):
    from selfeval import interfaces as selfeval
    from selfeval.models import AreaResponse, EvidenceFile, SelfEvaluation, StatementRating, VoiceInvitation
    from triads.models import (
        ActionPlan,
        Celebration,
        Meeting,
        Priority,
        PriorityComment,
        QAVisit,
        Triad,
        TriadContribution,
    )

    la, old, kept = county["la"], county["y2015"], county["y2022"]
    before_other = rows(AuditEvent, la_id=county["other"].id)

    retention.apply(la, TODAY)
    db.session.commit()

    old_cohort = old["cohort"].id
    evaluation = db.session.get(SelfEvaluation, old["evaluation_id"])
    first = selfeval.variant_of(evaluation).areas[0]  # the area, and its first statement, that were answered
    area = db.session.scalar(select(AreaResponse).where(AreaResponse.self_evaluation_id == evaluation.id,
                                                        AreaResponse.area_id == first.id))
    assert (evaluation.started_by_id, area.rationale, area.judgement) == (None, "", 3)
    rating = db.session.scalar(select(StatementRating).where(StatementRating.area_response_id == area.id,
                                                             StatementRating.statement_id == first.statements[0].id))
    assert (rating.rating, rating.evidence) == (3, "")
    assert db.session.get(SelfEvaluation, old["quiet_id"]) is not None
    assert rows(EvidenceFile, area_response_id=area.id) == 0  # the file's bytes are in that row
    assert rows(VoiceInvitation, self_evaluation_id=evaluation.id) == 0
    assert rows(ActionPlan, cohort_id=old_cohort) == 0 and rows(Priority, la_id=la.id) == 2  # 2022's, 2026's
    assert rows(PriorityComment, la_id=la.id) == 2
    assert rows(Meeting, triad_id=old["triad_id"]) == 0 and rows(Meeting, triad_id=kept["triad_id"]) == 3
    assert rows(QAVisit, cohort_id=old_cohort) == 0 and rows(Celebration, cohort_id=old_cohort) == 0
    assert rows(TriadContribution, la_id=la.id) == 2  # the other two years'
    assert db.session.get(Triad, old["triad_id"]) is not None
    assert cohorts.get_cohort(la, old_cohort).members  # which schools took part stays
    assert retention.preview(la, TODAY).cohorts[1].counts == OLD  # 2022/23 untouched

    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.la_id == la.id,
                                                              AuditEvent.action == "retention.applied")))
    assert len(events) == 1
    assert events[0].detail == {"years": 6, "cohorts": "2015/16", "self_evaluation_text": 1, "evidence_files": 1,
                                "voices": 1, "plans": 1, "meetings": 3, "visit_reports": 1, "celebrations": 1,
                                "audit": 1}
    assert rows(AuditEvent, la_id=la.id) > 1  # this year's entries stay
    assert db.session.scalar(select(func.min(AuditEvent.created_at)).where(AuditEvent.la_id == la.id)) > (
        datetime(2020, 9, 1, tzinfo=UTC))
    assert rows(AuditEvent, la_id=county["other"].id) == before_other

    again = retention.apply(la, TODAY)
    db.session.commit()
    assert again.removed() == {}
    assert rows(AuditEvent, action="retention.applied") == 1


def test_a_longer_rule_keeps_what_a_shorter_one_would_remove(app, county):
    la = county["la"]
    la.retention_years = 10  # 2015/16 kept until 31 August 2026: passed; 2022/23 until 2033
    db.session.commit()
    assert [r.passed for r in retention.preview(la, date(2026, 8, 31)).cohorts] == [False, False, False]
    assert [r.passed for r in retention.preview(la, TODAY).cohorts] == [False, False, True]


def test_the_command_previews_by_default_and_applies_when_asked(app, county):
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["retention", "--today", "2026-12-02"])

    assert dry.exit_code == 0, dry.output
    assert "Oldbury County Council (records kept 6 years after a cohort's year ends):" in dry.output
    assert "Peer review 2015/16, kept until 2022-08-31: Self-evaluation free text: 1;" in dry.output
    assert "Triad meetings: 3" in dry.output and "Would remove 10 records." in dry.output
    assert "Audit trail written before 2020-09-01: 1" in dry.output
    assert "Elsewhere Council" in dry.output and "Would remove 1 record." in dry.output
    assert rows(AuditEvent, action="retention.applied") == 0

    applied = runner.invoke(args=["retention", "--apply", "--today", "2026-12-02"])
    assert applied.exit_code == 0 and "Removed 10 records." in applied.output
    assert rows(AuditEvent, action="retention.applied") == 2  # one per LA that lost something

    again = runner.invoke(args=["retention", "--apply", "--today", "2026-12-02"])
    assert again.output.count("Nothing past its date.") == 2
    assert rows(AuditEvent, action="retention.applied") == 2


# --- the lead's page -----------------------------------------------------------------------------


def retention_url(county) -> str:
    return f"/la/{county['la'].slug}/retention"


def lead_client(app, county):
    return sign_in(app.test_client(), county["lead"])


def test_the_lead_sees_what_the_rule_will_remove_and_when(app, county):
    body = page(lead_client(app, county).get(retention_url(county)))
    table = [[text_of(c) for c in tr.find_all(["th", "td"])] for tr in body.select("table tbody tr")]
    assert [r[0] for r in table] == ["Peer review 2026/27", "Peer review 2022/23", "Peer review 2015/16"]
    assert table[0][2] == "Nothing yet: the cohort's year has not ended"
    assert table[1][1] == "After 31 August 2029"
    assert table[2][1].startswith("Past its date")
    assert "Action plans: 1" in table[2][2] and "Triad meetings: 3" in table[2][2]
    assert body.select_one("input[name=years]")["value"] == "6"


def test_the_lead_changes_how_long_records_are_kept(app, county):
    la = county["la"]
    client = lead_client(app, county)

    response = client.post(retention_url(county), data={"years": "8", "version": str(la.version)})

    assert response.status_code == 302
    assert "now kept for 8 years" in banner(page(client.get(response.location)))
    db.session.expire_all()
    assert db.session.get(LocalAuthority, la.id).retention_years == 8
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "la.retention_changed"))
    assert event.la_id == la.id and event.detail == {"years": {"from": 6, "to": 8}}


@pytest.mark.parametrize("years", ["0", "11", "-1", "six", "2.5", "²", ""])
def test_years_outside_1_to_10_are_refused_with_the_range(app, county, years):
    la = county["la"]
    response = lead_client(app, county).post(retention_url(county), data={"years": years, "version": str(la.version)})
    assert response.status_code == 400
    assert error_summary(page(response)) == ["Enter a number of years from 1 to 10"]
    db.session.expire_all()
    assert db.session.get(LocalAuthority, la.id).retention_years == 6


def test_the_interface_holds_to_the_range_too(app, county):
    from app.interfaces import data_protection
    from app.interfaces.errors import Invalid

    with pytest.raises(Invalid):
        data_protection.set_retention_years(county["la"], 11, county["la"].version)


def test_a_change_saved_over_someone_elses_is_refused(app, county):
    la = county["la"]
    stale = str(la.version)
    client = lead_client(app, county)
    assert client.post(retention_url(county), data={"years": "3", "version": stale}).status_code == 302
    response = client.post(retention_url(county), data={"years": "9", "version": stale})
    assert response.status_code == 409
    assert "kept for 3 years" in text_of(page(response).select_one(".govuk-notification-banner"))


def test_only_the_lead_sets_retention(app, world, signed_in):
    url = f"/la/{world['a']['la'].slug}/retention"
    for role in ("senco", "head", "staff", "qa"):
        assert signed_in("a", role).get(url).status_code == 403
        assert signed_in("a", role).post(url, data={"years": "1", "version": "1"}).status_code == 403
    assert signed_in("b", "lead").post(url, data={"years": "1", "version": "1"}).status_code == 404


# --- the outbox ----------------------------------------------------------------------------------


def test_old_outbox_emails_are_purged_with_their_attachments(app):
    old = outbox.store("a@example.org", "Old", "A link", None, [outbox.Attachment("invite.ics", "BEGIN")])
    old.created_at = datetime.now(UTC) - timedelta(days=31)
    outbox.store("b@example.org", "New", "Another link", None)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["purge-outbox"])

    assert "Removed 1 outbox e-mail older than 30 days." in result.output
    assert [m.subject for m in db.session.scalars(select(OutboxMessage))] == ["New"]
    assert rows(OutboxAttachment) == 0


def test_every_kind_the_job_removes_is_in_the_record_of_processing(app, county):
    from app import features
    from app.data_protection import COHORT_KINDS

    reported = {kind for provider in features.retention_providers()
                for kind in provider(county["la"], county["y2015"]["cohort"], False)}
    assert reported == set(COHORT_KINDS)
