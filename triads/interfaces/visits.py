"""Quality-assurance visits: assurers assigned to a cohort, visits to a school or a triad, the
draft report the school comments on, the final report and the school's response, and next steps
that become plan actions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, schools
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import Cohort, CohortSchool, LocalAuthority, NotificationKind, Role, RoleAssignment, School, User
from triads import calendar
from triads.interfaces import arrangements, notices, plans
from triads.interfaces.arrangements import Arrangement, When, arrangement_of
from triads.interfaces.meetings import ROLE_WORDS, la_leads
from triads.interfaces.triads import get_triad
from triads.models import CohortAssurer, QANextStep, QAVisit, QAVisitComment, Triad
from triads.types import ActionStatus, ArrangementChange, Rigour, TriadsAction, VisitStatus

MAX_NEXT_STEPS = 10


def _today() -> date:
    return utcnow().date()


# --- assurers ---------------------------------------------------------------------------------


def quality_assurers(la: LocalAuthority) -> list[User]:
    """People holding the quality-assurer role in this LA."""
    stmt = (select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.role == Role.QUALITY_ASSURER,
                   RoleAssignment.active.is_(True))
            .distinct().order_by(User.name))
    return list(db.session.scalars(stmt))


def is_quality_assurer(la: LocalAuthority, user_id: int) -> bool:
    return user_id in {u.id for u in quality_assurers(la)}


def assurers_of(la: LocalAuthority, cohort: Cohort) -> list[User]:
    stmt = (select(User).join(CohortAssurer, CohortAssurer.user_id == User.id)
            .where(CohortAssurer.la_id == la.id, CohortAssurer.cohort_id == cohort.id)
            .order_by(User.name))
    return list(db.session.scalars(stmt))


def assurers_by_cohort(la: LocalAuthority, cohort_ids: list[int]) -> dict[int, list[User]]:
    """Each cohort's quality assurers, by name, in one query for all the cohorts."""
    found: dict[int, list[User]] = {cohort_id: [] for cohort_id in cohort_ids}
    if not cohort_ids:
        return found
    stmt = (select(CohortAssurer.cohort_id, User).join(User, CohortAssurer.user_id == User.id)
            .where(CohortAssurer.la_id == la.id, CohortAssurer.cohort_id.in_(cohort_ids))
            .order_by(User.name))
    for cohort_id, user in db.session.execute(stmt):
        found[cohort_id].append(user)
    return found


def is_assigned(la: LocalAuthority, cohort_id: int, user_id: int) -> bool:
    return db.session.scalar(select(CohortAssurer.id).where(
        CohortAssurer.la_id == la.id, CohortAssurer.cohort_id == cohort_id,
        CohortAssurer.user_id == user_id)) is not None


def assigned_cohort_ids(la: LocalAuthority, user: User) -> set[int]:
    return set(db.session.scalars(select(CohortAssurer.cohort_id).where(
        CohortAssurer.la_id == la.id, CohortAssurer.user_id == user.id)))


def assign_assurer(la: LocalAuthority, cohort: Cohort, user_id: int) -> None:
    if not is_quality_assurer(la, user_id):
        raise Invalid({"assurers": "Choose people who are quality assurers in this local authority"})
    if is_assigned(la, cohort.id, user_id):
        return
    assignment = CohortAssurer(la_id=la.id, cohort_id=cohort.id, user_id=user_id)
    db.session.add(assignment)
    db.session.flush()
    audit.record(la, TriadsAction.QA_ASSURER_ASSIGNED, cohort, user_id=user_id)


def unassign_assurer(la: LocalAuthority, cohort: Cohort, user_id: int) -> None:
    assignment = db.session.scalar(select(CohortAssurer).where(
        CohortAssurer.la_id == la.id, CohortAssurer.cohort_id == cohort.id,
        CohortAssurer.user_id == user_id))
    if assignment is None:
        return
    db.session.delete(assignment)
    db.session.flush()
    audit.record(la, TriadsAction.QA_ASSURER_UNASSIGNED, cohort, user_id=user_id)


def set_assurers(la: LocalAuthority, cohort: Cohort, user_ids: set[int]) -> None:
    allowed = {u.id for u in quality_assurers(la)}
    if user_ids - allowed:
        raise Invalid({"assurers": "Choose people who are quality assurers in this local authority"})
    current = {u.id for u in assurers_of(la, cohort)}
    for user_id in sorted(user_ids - current):
        assign_assurer(la, cohort, user_id)
    for user_id in sorted(current - user_ids):
        unassign_assurer(la, cohort, user_id)


# --- visits -------------------------------------------------------------------------------------


def get_visit(la: LocalAuthority, visit_id: int) -> QAVisit:
    visit = db.session.scalar(select(QAVisit).where(QAVisit.id == visit_id, QAVisit.la_id == la.id))
    if visit is None:
        raise NotFound()
    return visit


def visit_title(la: LocalAuthority, visit: QAVisit) -> str:
    """What was visited: the school's name, or the triad's."""
    if visit.school_id is not None:
        return schools.get_school(la, visit.school_id).name
    return get_triad(la, visit.triad_id).name + " (whole triad)"


def visit_titles(la: LocalAuthority, visits: list[QAVisit]) -> dict[int, str]:
    """Each visit's title (as visit_title), read in two queries for a whole list of visits."""
    school_ids = {v.school_id for v in visits if v.school_id is not None}
    triad_ids = {v.triad_id for v in visits if v.school_id is None and v.triad_id is not None}
    names = dict(db.session.execute(select(School.id, School.name).where(
        School.la_id == la.id, School.id.in_(school_ids))).all()) if school_ids else {}
    triad_names = dict(db.session.execute(select(Triad.id, Triad.name).where(
        Triad.la_id == la.id, Triad.id.in_(triad_ids))).all()) if triad_ids else {}
    return {v.id: names[v.school_id] if v.school_id is not None
            else triad_names[v.triad_id] + " (whole triad)" for v in visits}


def visit_school_ids(la: LocalAuthority, visit: QAVisit) -> list[int]:
    """The schools a visit covers: its school, or every school of its triad."""
    if visit.school_id is not None:
        return [visit.school_id]
    triad = db.session.scalar(select(Triad).where(Triad.id == visit.triad_id, Triad.la_id == la.id))
    return triad.school_ids if triad else []


def _cohort_school_ids(la: LocalAuthority, cohort: Cohort) -> set[int]:
    return set(db.session.scalars(select(CohortSchool.school_id).where(
        CohortSchool.la_id == la.id, CohortSchool.cohort_id == cohort.id)))


def schedule_visit(la: LocalAuthority, cohort: Cohort, assurer_id: int, planned_on: date | None,
                   school_id: int | None = None, triad_id: int | None = None,
                   arrangement: Arrangement | None = None,
                   link_to: Callable[[int], str] | None = None) -> QAVisit:
    """Schedule a visit. With `link_to` (a visit's id to its page, for the e-mails), the people
    involved get a calendar invitation."""
    arrangement = arrangement or Arrangement()
    errors: dict[str, str] = arrangements.check(arrangement, planned_on, "planned_on", "visit")
    if not is_quality_assurer(la, assurer_id) or not is_assigned(la, cohort.id, assurer_id):
        errors["assurer"] = ("The quality assurer must be assigned to this cohort by the local "
                             "authority before a visit can be scheduled")
    if (school_id is None) == (triad_id is None):
        errors["target"] = "Choose one school or one triad to visit"
    elif school_id is not None and school_id not in _cohort_school_ids(la, cohort):
        errors["target"] = "Choose a school in this cohort"
    elif triad_id is not None and db.session.scalar(select(Triad.id).where(
            Triad.id == triad_id, Triad.la_id == la.id, Triad.cohort_id == cohort.id)) is None:
        errors["target"] = "Choose a triad in this cohort"
    if planned_on is None:
        errors["planned_on"] = "Enter the date of the visit"
    errors.update(arrangements.in_year(cohort, planned_on, "planned_on", "The visit date"))
    if errors:
        raise Invalid(errors)
    visit = QAVisit(la_id=la.id, cohort_id=cohort.id, assurer_id=assurer_id, school_id=school_id,
                    triad_id=triad_id, planned_on=planned_on, status=VisitStatus.SCHEDULED,
                    focus_areas=[], invite_sequence=0)
    arrangements.arrange(visit, None, planned_on, arrangement)
    db.session.add(visit)
    db.session.flush()
    sent = _invite(la, cohort, visit, ArrangementChange.ARRANGED, link_to(visit.id)) if link_to else 0
    audit.record(la, TriadsAction.QA_VISIT_SCHEDULED, visit, school_id=school_id, triad_id=triad_id,
                 assurer_id=assurer_id, **({"invitations": sent} if sent else {}))
    return visit


def _scheduled(visit: QAVisit, field: str) -> None:
    if visit.status is not VisitStatus.SCHEDULED:
        raise Invalid({field: "This visit has been written up, so its date and place can no longer change"})


def rearrange_visit(la: LocalAuthority, cohort: Cohort, visit: QAVisit, planned_on: date | None,
                    arrangement: Arrangement, version: int | None, page_url: str | None = None) -> QAVisit:
    """Move a scheduled visit, or change its times or place; the people involved get the update."""
    _scheduled(visit, "planned_on")
    expect_version(visit, version)
    errors = arrangements.check(arrangement, planned_on, "planned_on", "visit")
    if planned_on is None:
        errors["planned_on"] = "Enter the date of the visit"
    errors.update(arrangements.in_year(cohort, planned_on, "planned_on", "The visit date"))
    if errors:
        raise Invalid(errors)
    before = When(visit.planned_on, arrangement_of(visit))
    arrangements.arrange(visit, visit.planned_on, planned_on, arrangement)
    visit.planned_on = planned_on
    change = arrangements.change_between(before, When(planned_on, arrangement))
    if change is None:
        return visit
    flush_or_conflict()
    sent = _invite(la, cohort, visit, change, page_url) if page_url else 0
    audit.record(la, TriadsAction.QA_VISIT_REARRANGED, visit, sequence=visit.invite_sequence,
                 **({"planned_on": {"from": before.day.isoformat(), "to": planned_on.isoformat()}}
                    if before.day != planned_on else {}), **({"invitations": sent} if sent else {}))
    return visit


def cancel_visit(la: LocalAuthority, cohort: Cohort, visit: QAVisit, version: int | None,
                 page_url: str | None = None) -> None:
    """Call off a visit that has not taken place. It is removed; the people involved get a
    cancellation that takes it out of their calendars."""
    _scheduled(visit, "visit")
    expect_version(visit, version)
    visit.invite_sequence = (visit.invite_sequence or 0) + 1
    flush_or_conflict()
    # The cancellation is built before the visit goes: it names what is being called off.
    occasion = visit_occasion(la, cohort, visit, page_url or "", cancelled=True)
    people = visit_people(la, visit)
    audit.record(la, TriadsAction.QA_VISIT_CANCELLED, visit, planned_on=visit.planned_on.isoformat(),
                 school_id=visit.school_id, triad_id=visit.triad_id)
    db.session.delete(visit)
    db.session.flush()
    if page_url and occasion.day >= arrangements.today():
        arrangements.send_invitations(la, occasion, ArrangementChange.CANCELLED,
                                      f"The QA visit to {occasion.summary.removeprefix('QA visit: ')}", people,
                                      NotificationKind.VISIT)


# --- calendar invitations -------------------------------------------------------------------------


def occasion_title(la: LocalAuthority, visit: QAVisit) -> str:
    if visit.school_id is not None:
        return schools.get_school(la, visit.school_id).name
    return f"the {get_triad(la, visit.triad_id).name} (every school)"


def visit_occasion(la: LocalAuthority, cohort: Cohort, visit: QAVisit, page_url: str,
                   cancelled: bool = False) -> calendar.Occasion:
    """The visit as a calendar sees it. Names the school or triad and the assurer, never a child."""
    title = occasion_title(la, visit)
    assurer = db.session.get(User, visit.assurer_id) if visit.assurer_id else None
    description = f"Quality-assurance visit to {title}, {cohort.academic_year}"
    description += f", by {assurer.name}." if assurer else "."
    description += ("\nThe quality assurer looks at how rigorous the school's peer review is, with "
                    "the headteacher present, and writes a report the school can comment on.")
    return calendar.Occasion(
        uid=calendar.uid("qa-visit", visit.id, visit.created_at), sequence=visit.invite_sequence or 0,
        day=visit.planned_on, start_time=visit.start_time, end_time=visit.end_time,
        summary=f"QA visit: {title}", description=description, place=visit.place or "",
        online_link=visit.online_link or "", url=page_url, cancelled=cancelled)


def visit_people(la: LocalAuthority, visit: QAVisit) -> list[tuple[User, str]]:
    """Who a visit's invitation goes to, with why: the visited schools' SENCOs and headteachers,
    the visit's quality assurer and the LA's SEND leads."""
    triad = get_triad(la, visit.triad_id) if visit.triad_id is not None else None
    stmt = (select(User, School, RoleAssignment.role)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(School, School.id == RoleAssignment.school_id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True), User.active.is_(True),
                   RoleAssignment.role.in_([Role.SENCO, Role.HEADTEACHER]),
                   RoleAssignment.school_id.in_(visit_school_ids(la, visit)))
            .order_by(School.name, User.name))
    people = [(user, f"you are the {ROLE_WORDS[role]} at {school.name}, "
                     + (f"in the {triad.name}, which is being visited" if triad else "the school being visited"))
              for user, school, role in db.session.execute(stmt)]
    assurer = db.session.get(User, visit.assurer_id) if visit.assurer_id else None
    if assurer is not None and assurer.active:
        people.append((assurer, "you are the quality assurer making the visit"))
    return people + la_leads(la)


def visit_invitation(la: LocalAuthority, cohort: Cohort, visit: QAVisit, page_url: str, person: User) -> bytes:
    return arrangements.invitation_file(visit_occasion(la, cohort, visit, page_url), person)


def _invite(la: LocalAuthority, cohort: Cohort, visit: QAVisit, change: ArrangementChange, page_url: str) -> int:
    occasion = visit_occasion(la, cohort, visit, page_url)
    if occasion.day < arrangements.today():
        return 0
    return arrangements.send_invitations(la, occasion, change, f"The QA visit to {occasion_title(la, visit)}",
                                         visit_people(la, visit), NotificationKind.VISIT)


@dataclass(frozen=True)
class VisitReport:
    held_on: date | None
    headteacher_present: bool | None
    attendees: str
    focus_areas: list[str]
    evidence_seen: str
    working_well: str
    needs_to_change: str
    challenge: str
    reassurance: str
    rigour: Rigour | None
    rigour_reason: str
    next_steps: list[str]


def _editable(visit: QAVisit) -> None:
    if visit.status is VisitStatus.FINAL:
        raise Invalid({"visit": "This report is final. Reopen it before you change it"})


def record_visit(la: LocalAuthority, cohort: Cohort, visit: QAVisit, report: VisitReport,
                 area_ids: set[str], version: int | None) -> QAVisit:
    """Save the report as a draft the school can see and comment on."""
    _editable(visit)
    expect_version(visit, version)
    errors: dict[str, str] = {}
    if report.held_on is None:
        errors["held_on"] = "Enter the date the visit took place"
    errors.update(arrangements.in_year(cohort, report.held_on, "held_on", "The date of the visit"))
    if report.held_on is not None and report.held_on > _today():
        errors["held_on"] = "The date of the visit must be today or in the past"
    if set(report.focus_areas) - area_ids:
        errors["focus_areas"] = "Choose focus areas from the eight areas"
    if len(report.next_steps) > MAX_NEXT_STEPS:
        errors["next_steps"] = f"Enter at most {MAX_NEXT_STEPS} next steps, one per line"
    if errors:
        raise Invalid(errors)
    visit.held_on = report.held_on
    visit.headteacher_present = report.headteacher_present
    visit.attendees = report.attendees
    visit.focus_areas = [a for a in sorted(area_ids) if a in set(report.focus_areas)]
    visit.evidence_seen = report.evidence_seen
    visit.working_well = report.working_well
    visit.needs_to_change = report.needs_to_change
    visit.challenge = report.challenge
    visit.reassurance = report.reassurance
    visit.rigour = report.rigour
    visit.rigour_reason = report.rigour_reason
    # Keep steps already turned into actions when their text is unchanged.
    kept = {s.text: s for s in visit.next_steps}
    visit.next_steps = [kept.get(text) or QANextStep(la_id=la.id, text=text)
                        for text in report.next_steps]
    first_draft = visit.status is not VisitStatus.DRAFT
    visit.status = VisitStatus.DRAFT
    flush_or_conflict()
    audit.record(la, TriadsAction.QA_VISIT_RECORDED, visit)
    if first_draft:
        notices.draft_report_ready(la, visit, visit_school_ids(la, visit), visit_title(la, visit), None)
    return visit


def add_comment(la: LocalAuthority, visit: QAVisit, body: str, user: User) -> QAVisitComment:
    if visit.status is not VisitStatus.DRAFT:
        raise Invalid({"body": "The school comments on the draft report, before it is final"})
    comment = QAVisitComment(la_id=la.id, visit_id=visit.id, author_id=user.id, body=body)
    visit.comments.append(comment)
    db.session.flush()
    audit.record(la, TriadsAction.QA_VISIT_COMMENTED, visit)
    return comment


def finalise(la: LocalAuthority, visit: QAVisit, version: int | None) -> None:
    if visit.status is not VisitStatus.DRAFT:
        raise Invalid({"visit": "Only a draft report can be finalised"})
    expect_version(visit, version)
    missing = [label for label, value in (("the date of the visit", visit.held_on),
                                          ("the judgement of rigour", visit.rigour),
                                          ("the reason for the judgement", visit.rigour_reason))
               if not value]
    if missing:
        raise Invalid({"visit": "Before you finalise, record " + " and ".join(missing)})
    visit.status = VisitStatus.FINAL
    visit.finalised_at = utcnow()
    flush_or_conflict()
    audit.record(la, TriadsAction.QA_VISIT_FINALISED, visit, rigour=visit.rigour)


def reopen(la: LocalAuthority, visit: QAVisit, version: int | None) -> None:
    if visit.status is not VisitStatus.FINAL:
        raise Invalid({"visit": "Only a final report can be reopened"})
    expect_version(visit, version)
    visit.status = VisitStatus.DRAFT
    visit.finalised_at = None
    flush_or_conflict()
    audit.record(la, TriadsAction.QA_VISIT_REOPENED, visit)
    notices.draft_report_ready(la, visit, visit_school_ids(la, visit), visit_title(la, visit), None)


def respond(la: LocalAuthority, visit: QAVisit, body: str, version: int | None) -> None:
    if visit.status is not VisitStatus.FINAL:
        raise Invalid({"response": "The school responds once the report is final"})
    expect_version(visit, version)
    visit.school_response = body
    visit.school_responded_at = utcnow()
    flush_or_conflict()
    audit.record(la, TriadsAction.QA_VISIT_RESPONDED, visit)


def get_next_step(visit: QAVisit, step_id: int) -> QANextStep:
    for step in visit.next_steps:
        if step.id == step_id:
            return step
    raise NotFound()


def step_to_action(la: LocalAuthority, cohort: Cohort, visit: QAVisit, step: QANextStep,
                   school_id: int, priority_id: int | None = None):
    """One click: the agreed next step becomes an action in the school's plan."""
    if visit.status is not VisitStatus.FINAL:
        raise Invalid({"step": "Next steps can be added to the plan once the report is final"})
    if step.action_id is not None:
        raise Invalid({"step": "This next step is already in an action plan"})
    if school_id not in visit_school_ids(la, visit):
        raise NotFound()
    plan = plans.find_plan(la, school_id, cohort.id)
    if plan is None:
        raise Invalid({"step": "Start the action plan first, then add this next step to it"})
    if not plan.priorities:
        raise Invalid({"step": "Add a priority to the action plan first, then add this next step"})
    priority = plan.priorities[0] if priority_id is None else plans.get_priority(plan, priority_id)
    details = plans.ActionDetails(step.text[:1000], None, None, None, "From the QA visit",
                                  ActionStatus.NOT_STARTED)
    action = plans.save_action(la, plan, cohort, priority, None, details, None)
    step.action_id = action.id
    db.session.flush()
    audit.record(la, TriadsAction.QA_STEP_TO_ACTION, visit, step_id=step.id, action_id=action.id)
    return action


# --- lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitLists:
    upcoming: list[QAVisit]
    to_write_up: list[QAVisit]
    finished: list[QAVisit]


def _split(visits: list[QAVisit], today: date) -> VisitLists:
    upcoming = [v for v in visits if v.status is VisitStatus.SCHEDULED and v.planned_on >= today]
    to_write = [v for v in visits if v.status is VisitStatus.DRAFT
                or (v.status is VisitStatus.SCHEDULED and v.planned_on < today)]
    finished = [v for v in visits if v.status is VisitStatus.FINAL]
    return VisitLists(upcoming, to_write, sorted(finished, key=lambda v: v.held_on or v.planned_on,
                                                 reverse=True))


def list_visits(la: LocalAuthority, cohort_id: int | None = None) -> list[QAVisit]:
    stmt = select(QAVisit).where(QAVisit.la_id == la.id).order_by(QAVisit.planned_on, QAVisit.id)
    if cohort_id is not None:
        stmt = stmt.where(QAVisit.cohort_id == cohort_id)
    return list(db.session.scalars(stmt))


def visits_for_assurer(la: LocalAuthority, user: User, today: date | None = None) -> VisitLists:
    """Only this LA's visits: an assurer covering several LAs sees each one separately."""
    visits = list(db.session.scalars(select(QAVisit).where(
        QAVisit.la_id == la.id, QAVisit.assurer_id == user.id).order_by(QAVisit.planned_on, QAVisit.id)))
    return _split(visits, today or _today())


def visits_for_all(la: LocalAuthority, today: date | None = None) -> VisitLists:
    return _split(list_visits(la), today or _today())


def visits_for_school(la: LocalAuthority, school_id: int) -> list[QAVisit]:
    """Visits to the school itself or to a triad it belongs to."""
    triad_ids = select(Triad.id).where(Triad.la_id == la.id, Triad.members.any(school_id=school_id))
    stmt = (select(QAVisit).where(QAVisit.la_id == la.id)
            .where((QAVisit.school_id == school_id) | QAVisit.triad_id.in_(triad_ids))
            .order_by(QAVisit.planned_on, QAVisit.id))
    return list(db.session.scalars(stmt))


def last_rigour_by_school(la: LocalAuthority) -> dict[int, tuple[Rigour, date | None]]:
    """Each school's latest finished visit's judgement (a triad visit counts for its schools)."""
    found: dict[int, tuple[Rigour, date | None]] = {}
    finished = db.session.scalars(select(QAVisit).where(
        QAVisit.la_id == la.id, QAVisit.status == VisitStatus.FINAL, QAVisit.rigour.is_not(None))
        .order_by(QAVisit.held_on, QAVisit.id))
    for visit in finished:
        for school_id in visit_school_ids(la, visit):
            found[school_id] = (visit.rigour, visit.held_on)
    return found


def comment_authors(visit: QAVisit) -> dict[int, str]:
    ids = {c.author_id for c in visit.comments if c.author_id}
    if visit.assurer_id:
        ids.add(visit.assurer_id)
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
