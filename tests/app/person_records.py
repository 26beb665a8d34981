"""One person with something in every kind of record that can be theirs, for the subject access
and erasure tests: a SENCO of LA A's school who is also a quality assurer in LA B, with others'
records beside theirs that must not be taken for theirs."""

import contextlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy import select

from app.extensions import db
from app.interfaces import cohorts, invitations, outbox, users
from app.models import Notification, NotificationKind, Role, SignInAttempt

NAME = "Priya Okonkwo-Hale"
EMAIL = "priya.hale@ashfield.example"


@contextlib.contextmanager
def acting_as(person):
    """Interfaces record who acted from the signed-in person, as in a request."""
    with current_app.test_request_context():
        login_user(person)
        yield
        logout_user()


@dataclass
class Records:
    person: object
    others: dict = field(default_factory=dict)  # what was built beside theirs
    ids: dict = field(default_factory=dict)  # section key -> ids of their rows in LA A
    in_b: dict = field(default_factory=dict)  # section key -> ids of their rows in LA B


def notification(la, person, key: str) -> Notification:
    row = Notification(la_id=la.id, user_id=person.id, kind=NotificationKind.PLAN_SHARED, key=key,
                       day=date(2026, 12, 1), subject="A plan to review", body="Please review it.",
                       href="/", reason=f"{person.name} is the coach")
    db.session.add(row)
    db.session.flush()
    return row


def build(world, make) -> Records:
    from selfeval import interfaces as selfeval
    from triads import interfaces as triads
    from triads.interfaces import visits
    from triads.types import ActionStatus

    a, b = world["a"], world["b"]
    la, school = a["la"], a["school"]
    selfeval.load_bundled_frameworks()
    person = make.user(Role.SENCO, school=school, name=NAME, email=EMAIL)
    users.grant_role(person, Role.QUALITY_ASSURER, la=b["la"])
    other = a["senco"]
    records = Records(person, {"other": other})
    cohort = cohorts.create_cohort(la, 2025, [school, a["other_school"]])
    with acting_as(person):
        evaluation = selfeval.start(la, school, cohort, person)
        area = selfeval.variant_of(evaluation).areas[0]
        response = selfeval.save_area(la, evaluation, area, selfeval.AreaAnswers(
            {}, None, "Priya's rationale for the area", "", "", False), 0)
        evidence = selfeval.add_evidence(la, response, None, "provision-map.txt", "text/plain",
                                         b"Provision map, written by Priya Okonkwo-Hale", person)
        comment = selfeval.add_comment(la, evaluation, area.id, "A comment on the area", person)
        plan = triads.plans.start_plan(la, school, cohort, person, [])
        priority = triads.plans.save_priority(la, plan, None, triads.plans.PriorityDetails(
            "outcomes", "Know every pupil's starting point", "", ["A criterion"]), {"outcomes"}, None)
        action = triads.plans.save_action(la, plan, cohort, priority, None, triads.plans.ActionDetails(
            "Map the provision", person.id, None, None, "", ActionStatus.NOT_STARTED), None)
        note = triads.plans.add_progress_note(la, plan, action, ActionStatus.ON_TRACK,
                                              "Started with Year 3", person)
        coach_comment = triads.plans.add_comment(la, plan, priority, "What will parents notice?", person)
    with acting_as(other):
        other_comment = selfeval.add_comment(la, evaluation, area.id, "Someone else's comment", other)
    visits.assign_assurer(la, cohort, a["qa"].id)
    visit = visits.schedule_visit(la, cohort, a["qa"].id, date(2026, 3, 3), school_id=school.id)
    visits.record_visit(la, cohort, visit, visits.VisitReport(
        date(2026, 3, 3), True, "", [], "", "Found well", "", "", "", visits.Rigour.RIGOROUS, "Reason",
        ["A step"]), set(), visit.version)
    visit_comment = visits.add_comment(la, visit, "Please mention the forum", person)
    mine = notification(la, person, "mine-a")
    theirs_b = notification(b["la"], person, "mine-b")
    notification(la, other, "not-mine")
    to_them = outbox.store(EMAIL, "Reset your password", f"Hello {NAME}, https://triads.example/password-reset/"
                           "a-secret-token", la.id)
    outbox.store(other.email, "Someone else's mail", "Hello", la.id)
    attempt = SignInAttempt(email=EMAIL, address="203.0.113.9", succeeded=True)
    db.session.add(attempt)
    invited = invitations.create_invitation(la, EMAIL, NAME, Role.HEADTEACHER, school, a["lead"], timedelta(days=7))
    db.session.commit()
    from app.models import AuditEvent

    about = db.session.scalars(select(AuditEvent.id).where(
        AuditEvent.la_id == la.id, AuditEvent.entity == "User", AuditEvent.entity_id == person.id)).all()
    made = db.session.scalars(select(AuditEvent.id).where(
        AuditEvent.la_id == la.id, AuditEvent.actor_id == person.id)).all()
    assignment = next(r for r in person.roles if r.la_id == la.id)
    # Notifications the records above queued for them (a draft QA report ready, say), and one of ours.
    notified = set(db.session.scalars(select(Notification.id).where(
        Notification.la_id == la.id, Notification.user_id == person.id)))
    assert mine.id in notified
    records.others.update(evaluation=evaluation, plan=plan, visit=visit, area=area, other_comment=other_comment,
                          cohort=cohort, action=action, priority=priority)
    records.ids = {
        "role_assignment.user_id": {assignment.id},
        "audit_event.actor_id": set(made),
        "audit_event.about": set(about) | {invited_event(la, invited)},
        "notification.user_id": notified,
        "self_evaluation.started_by_id": {evaluation.id},
        "area_comment.author_id": {comment.id},
        "evidence_file.uploaded_by_id": {evidence.id},
        "plan_action.owner_id": {action.id},
        "plan_progress_note.author_id": {note.id},
        "plan_priority_comment.author_id": {coach_comment.id},
        "plan_transition.actor_id": {t.id for t, _ in triads.plans.transitions(la, plan)},
        "qa_visit_comment.author_id": {visit_comment.id},
        "invitation.email": {invited.id},
        "sign_in_attempt.email": {attempt.id},
        "outbox_message.recipient": {to_them.id},
        # What their audit entries name, as it stands now: the self-evaluation and the area they
        # saved (with its statements), the plan and its priority, criterion and action.
        "self_evaluation.changed": {evaluation.id},
        "area_response.changed": {response.id},
        "statement_rating.changed": {r.id for r in response.ratings},
        "action_plan.changed": {plan.id},
        "plan_priority.changed": {priority.id},
        "plan_success_criterion.changed": {c.id for c in priority.criteria},
        "plan_action.changed": {action.id},
    }
    records.in_b = {"notification.user_id": {theirs_b.id}}
    return records


def invited_event(la, invitation) -> int:
    from app.models import AuditEvent

    return db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.la_id == la.id, AuditEvent.entity == "Invitation", AuditEvent.entity_id == invitation.id))
