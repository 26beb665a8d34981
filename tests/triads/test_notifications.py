"""Who the triads package tells by e-mail when a plan or a visit moves on: the people the access
rules name, no one else, in the transaction of the change, and then in the day's one e-mail."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app import features
from app.extensions import db
from app.interfaces import notifications
from app.models import Notification, NotificationKind, OutboxMessage, Role, Topic, due_state
from tests.conftest import sign_in
from triads import access
from triads import interfaces as triads
from triads.interfaces import plans, visits
from triads.types import PlanStatus, Rigour, VisitStatus


@pytest.fixture
def north(programme, world, make):
    """North's coach school (School A Two) gets a SENCO; School A One starts a plan."""
    a = world["a"]
    coach = make.user(Role.SENCO, school=programme.schools["two"], name="Coach Senco")
    coach_head = make.user(Role.HEADTEACHER, school=programme.schools["two"], name="Coach Head")
    plan = plans.start_plan(programme.la, programme.schools["one"], programme.cohort, a["senco"],
                            [plans.Suggestion("monitoring", None, "Link the provision map to progress")])
    db.session.commit()
    return {"coach": coach, "coach_head": coach_head, "plan": plan}


def queued(kind: NotificationKind | None = None) -> list[Notification]:
    stmt = select(Notification).order_by(Notification.id)
    if kind is not None:
        stmt = stmt.where(Notification.kind == kind)
    return list(db.session.scalars(stmt))


def recipients(kind: NotificationKind) -> set[int]:
    return {n.user_id for n in queued(kind)}


def context_for(person, plan, programme):
    triad = triads.triad_of_school(programme.la.id, plan.school_id, plan.cohort_id)
    return access.plan_context(person.roles, plan, programme.schools["one"], programme.cohort, triad)


def test_sharing_a_plan_tells_the_coach_schools_senco_and_no_one_else(app, world, programme, north):
    a, plan = world["a"], north["plan"]
    plans.advance(programme.la, plan, a["senco"], plan.version)
    db.session.commit()
    assert recipients(NotificationKind.PLAN_SHARED) == {north["coach"].id}
    # The person told is the one the access rules let review it.
    assert context_for(north["coach"], plan, programme).is_coach
    [item] = queued(NotificationKind.PLAN_SHARED)
    assert item.la_id == programme.la.id
    assert item.subject == "School A One's action plan is ready for your review"
    assert item.href == f"/la/{programme.la.slug}/plans/{plan.id}"
    assert item.reason == "the SENCO of School A Two, the coach school of the North triad"


def test_the_coach_school_shares_its_own_plan_without_telling_itself(app, world, programme, north):
    plan = plans.start_plan(programme.la, programme.schools["two"], programme.cohort, north["coach"],
                            [plans.Suggestion("monitoring", None, "Provision map")])
    plans.advance(programme.la, plan, north["coach"], plan.version)
    db.session.commit()
    assert queued() == []


def test_a_coach_comment_tells_the_schools_senco(app, world, programme, north):
    a, plan = world["a"], north["plan"]
    plans.advance(programme.la, plan, a["senco"], plan.version)
    plans.add_comment(programme.la, plan, plan.priorities[0], "Which pupils will this reach?", north["coach"])
    db.session.commit()
    assert recipients(NotificationKind.PLAN_COMMENTED) == {a["senco"].id}
    [item] = queued(NotificationKind.PLAN_COMMENTED)
    assert item.href.endswith(f"/plans/{plan.id}#priority-{plan.priorities[0].id}")
    assert "Which pupils" not in item.body  # the comment's words stay in the service
    assert item.reason == "the SENCO of School A One"


def test_signing_off_tells_the_senco_and_the_la_lead_but_not_the_signer(app, world, programme, north):
    a, plan = world["a"], north["plan"]
    plans.advance(programme.la, plan, a["senco"], plan.version)
    plans.advance(programme.la, plan, north["coach"], plan.version)
    plans.advance(programme.la, plan, a["head"], plan.version)
    db.session.commit()
    assert plan.status is PlanStatus.SIGNED_OFF
    assert recipients(NotificationKind.PLAN_SIGNED_OFF) == {a["senco"].id, a["lead"].id}
    reasons = {n.user_id: n.reason for n in queued(NotificationKind.PLAN_SIGNED_OFF)}
    assert reasons[a["lead"].id] == "an LA SEND lead for Authority A"
    # Nobody of LA B hears a thing.
    b = world["b"]
    assert not {b["lead"].id, b["senco"].id, b["head"].id} & {n.user_id for n in queued()}


def test_a_refused_step_queues_nothing(app, world, programme, north):
    from app.interfaces.errors import EditConflict

    a, plan = world["a"], north["plan"]
    with pytest.raises(EditConflict):
        plans.advance(programme.la, plan, a["senco"], plan.version - 1)
    db.session.rollback()
    assert queued() == []


def test_a_draft_qa_report_tells_the_visited_schools_senco_and_head(app, world, programme, north):
    a = world["a"]
    visits.assign_assurer(programme.la, programme.cohort, a["qa"].id)
    visit = visits.schedule_visit(programme.la, programme.cohort, a["qa"].id, date(2026, 3, 3),
                                  school_id=programme.schools["one"].id)
    db.session.commit()
    assert queued() == []
    report = visits.VisitReport(date(2026, 3, 3), True, "Head", ["monitoring"], "", "Working well", "",
                                "", "", Rigour.RIGOROUS, "Reason", [])
    visits.record_visit(programme.la, programme.cohort, visit, report, {"monitoring"}, visit.version)
    visits.record_visit(programme.la, programme.cohort, visit, report, {"monitoring"}, visit.version)
    db.session.commit()
    assert visit.status is VisitStatus.DRAFT
    assert recipients(NotificationKind.QA_DRAFT_READY) == {a["senco"].id, a["head"].id}
    assert len(queued()) == 2  # saved twice as a draft: told once
    ctx = access.visit_context(a["head"].roles, a["head"].id, set(), visit, programme.cohort,
                               [programme.schools["one"].id], "School A One")
    assert ctx.may_read


def test_a_person_who_opted_out_is_not_told(app, world, programme, north):
    a, plan = world["a"], north["plan"]
    notifications.save_topics(north["coach"], {Topic.REMINDERS}, north["coach"].version)
    plans.advance(programme.la, plan, a["senco"], plan.version)
    db.session.commit()
    assert queued() == []


def test_the_day_after_the_coach_gets_one_email_with_the_reason_and_link(app, world, programme, north):
    a, plan = world["a"], north["plan"]
    plans.advance(programme.la, plan, a["senco"], plan.version)
    db.session.commit()
    day = queued()[0].day
    result = app.test_cli_runner().invoke(args=["send-reminders", "--today", day.isoformat(),
                                                "--base-url", "https://send.example"])
    assert result.exit_code == 0, result.output
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == north["coach"].email))
    assert f"Open it: https://send.example/la/{programme.la.slug}/plans/{plan.id}" in message.body
    assert ("You are getting this because you are the SENCO of School A Two, the coach school of the "
            "North triad and chose “Things waiting for me”.") in message.body
    # The link works for them.
    coach = sign_in(app.test_client(), north["coach"])
    assert coach.get(f"/la/{programme.la.slug}/plans/{plan.id}").status_code == 200


def test_reminders_come_from_what_is_waiting_for_each_person(app, world, programme, north, monkeypatch):
    """Whatever the feature packages register: here a stand-in provider for the coach's review."""
    a, plan = world["a"], north["plan"]
    due = date(2025, 12, 15)

    def provider(la, person, assignments, today):
        ctx = access.plan_context(assignments, plan, programme.schools["one"], programme.cohort,
                                  programme.north)
        if la.id != plan.la_id or not ctx.is_coach:
            return []
        return [features.Task("plans.review", f"plans.review:plan-{plan.id}", "Review School A One's action plan",
                              f"/la/{la.slug}/plans/{plan.id}", la.id, due, due_state(due, False, today),
                              plan.school_id)]

    monkeypatch.setattr(features, "_task_providers", [provider])
    for offset in (-7, -6, 0):
        app.test_cli_runner().invoke(args=["send-reminders", "--today", (due + timedelta(days=offset)).isoformat()])
    sent = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(m.recipient, m.subject) for m in sent] == [
        (north["coach"].email, "SEND Triads: Due in 7 days: Review School A One's action plan"),
        (north["coach"].email, "SEND Triads: Due today: Review School A One's action plan"),
    ]
    assert "because you are the SENCO of School A One" not in sent[0].body
    assert "because you are the SENCO of School A Two" in sent[0].body
    assert a["senco"].email not in {m.recipient for m in sent}
