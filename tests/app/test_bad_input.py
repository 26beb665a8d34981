"""Every form, sent what a careless or hostile visitor might send.

Each form must refuse with a 4xx and a message a person can act on, never a 500, and leave the
database exactly as it was. A positive control posts each form's valid values, so a refusal below
is known to come from the bad value and not from a broken form.
"""

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.auth import tokens
from app.extensions import db
from app.interfaces import invitations
from app.models import LocalAuthority, Role, School, User
from tests.conftest import shared_fixture, sign_in
from tests.factories import PASSWORD
from tests.pages import error_summary, field_errors, file_upload, heading, page, snapshot, value

SCRIPT = "<script>alert(1)</script>"
SQL = "'; DROP TABLE school; --"
TEN_MB = "a" * (10 * 1024 * 1024)
NEW_PASSWORD = "a brand new passphrase"
CSV_HEADER = "urn,name,phase,type\n"


@shared_fixture
def setting(make):
    """One LA with its lead, a school with a SENCO, a platform admin, and an open invitation."""
    la = make.la(name="Authority A", slug="authority-a", code="901")
    school = make.school(la, name="School A One", urn="100001")
    lead = make.user(Role.LA_LEAD, la=la, name="Lead A", email="lead@a.example.org")
    senco = make.user(Role.SENCO, school=school, name="Senco A")
    admin = make.user(Role.PLATFORM_ADMIN, name="Platform Admin")
    analyst = make.user(Role.PROGRAMME_ANALYST, name="Programme Analyst")
    invitation = invitations.create_invitation(
        la, "invitee@example.org", "Invitee", Role.QUALITY_ASSURER, None, lead, timedelta(days=7)
    )
    db.session.commit()
    return {
        "la": la,
        "school": school,
        "lead": lead,
        "senco": senco,
        "admin": admin,
        "analyst": analyst,
        **programme_objects(la, school, senco, make),
        **two_step_people(school, make),
        "reset_url": f"/password-reset/{tokens.make_reset_token(lead.id, lead.session_key)}",
        "invitation_url": f"/invitations/{tokens.make_invitation_token(invitation.id, invitation.nonce)}",
    }


def two_step_people(school, make) -> dict:
    """Someone setting up two-step sign-in (scanned, not yet confirmed), and someone who has it on."""
    from app import one_time_codes
    from app.interfaces import two_step

    setting_up = make.user(Role.HEADTEACHER, school=school, name="Head Setting Up")
    two_step.start_setup(setting_up, one_time_codes.new_secret())
    using = make.user(Role.STAFF, school=school, name="Deputy With Two Steps")
    two_step.start_setup(using, one_time_codes.new_secret())
    # The step before now, so that the code a form is sent "now" has not been used.
    two_step.confirm_setup(using, one_time_codes.code_for(two_step.pending_secret(using), time.time() - 30))
    db.session.commit()
    return {"two_step_setting_up": setting_up, "two_step_user": using}


def two_step_code(user) -> str:
    from app import one_time_codes
    from app.interfaces import two_step

    found = two_step.get_secret(user)
    db.session.commit()  # ends the test's read before the request
    return one_time_codes.code_for(found.secret)


def programme_objects(la, school, senco, make) -> dict:
    """A cohort, a self-evaluation with a parent link, and an action plan with a priority, an
    action and a coach's comment, so the programme's forms can be sent bad input too."""
    from app.interfaces import cohorts
    from selfeval import interfaces as selfeval
    from selfeval.types import SelfEvaluationStatus
    from triads import interfaces as triads
    from triads.types import ActionStatus

    selfeval.load_bundled_frameworks()
    partner, third = make.school(la, name="School A Two"), make.school(la, name="School A Three")
    cohort = cohorts.create_cohort(la, 2026, [school, partner, third])
    triad = triads.create_triad(la, cohort, "A triad", [school.id, partner.id, third.id], partner.id)
    coach = make.user(Role.SENCO, school=partner, name="Coach A")
    evaluation = selfeval.start(la, school, cohort, senco)
    voice = selfeval.create_voice_invitation(la, evaluation, selfeval.VoiceKind.PARENT, ["outcomes"],
                                             None, None, senco)
    plan = triads.plans.start_plan(la, school, cohort, senco, [])
    priority = triads.plans.save_priority(la, plan, None, triads.plans.PriorityDetails(
        "outcomes", "A priority", "", ["A criterion"]), {"outcomes"}, None)
    action = triads.plans.save_action(la, plan, cohort, priority, None, triads.plans.ActionDetails(
        "An action", None, None, None, "", ActionStatus.NOT_STARTED), None)
    comment = triads.plans.add_comment(la, plan, priority, "A comment", coach)
    triads.plans.advance(la, plan, senco, plan.version)  # shared, so the coach may comment
    submitted = selfeval.start(la, partner, cohort, None)
    submitted.status = SelfEvaluationStatus.SUBMITTED  # only a submitted one can be reopened
    from flask import current_app

    from selfeval.access import voice_link

    with current_app.test_request_context():
        link = voice_link(voice)
    visits = qa_visits(la, cohort, school, make)
    celebration = celebration_objects(la, cohort, triad)
    sign_off = sign_off_objects(la, cohort, third, coach, make)
    meeting = triads.list_meetings(la, triad)[0]
    db.session.commit()
    base = f"/la/{la.slug}"
    return {
        "coach": coach,
        "meeting_url": f"{base}/triads/{triad.id}/meetings/{meeting.id}/edit",
        "meeting_id": meeting.id,
        "evaluation_url": f"{base}/self-evaluation/{evaluation.id}",
        "submitted_url": f"{base}/self-evaluation/{submitted.id}",
        "voice_path": link.split("localhost", 1)[-1],
        "plan_url": f"{base}/plans/{plan.id}",
        "priority_url": f"{base}/plans/{plan.id}/priorities/{priority.id}",
        "action_url": f"{base}/plans/{plan.id}/priorities/{priority.id}/actions/{action.id}",
        "comment_id": comment.id,
        "criterion_id": priority.criteria[0].id,
        **visits,
        **celebration,
        **sign_off,
    }


def sign_off_objects(la, cohort, third, coach, make) -> dict:
    """School A Three has a SENCO and no headteacher; the cohort lets the SENCO sign off for the
    head, and its plan, reviewed by the coach, waits for it."""
    from triads.interfaces import plans
    from triads.types import SignOff

    senco = make.user(Role.SENCO, school=third, name="Senco Three")
    rule = plans.set_sign_off(la, cohort, SignOff.SENCO_NAMING_HEAD, None)
    plan = plans.start_plan(la, third, cohort, senco, [])
    plans.save_priority(la, plan, None, plans.PriorityDetails("outcomes", "A priority", "", ["A criterion"]),
                        {"outcomes"}, None)
    plans.advance(la, plan, senco, plan.version)
    plans.advance(la, plan, coach, plan.version)
    return {"third_senco": senco, "sign_off_plan_id": plan.id, "sign_off_rule_id": rule.id}


def sign_off_version(s, model: str, key: str) -> str:
    from triads.models import ActionPlan, SignOffRule

    return version_of({"ActionPlan": ActionPlan, "SignOffRule": SignOffRule}[model], s[key])


def qa_visits(la, cohort, school, make) -> dict:
    """An assigned quality assurer with a draft report (the school may comment on it) and a final
    one (the school may respond)."""
    from datetime import date

    from triads.interfaces import visits
    from triads.types import Rigour

    assurer = make.user(Role.QUALITY_ASSURER, la=la, name="Assurer A")
    visits.assign_assurer(la, cohort, assurer.id)
    report = visits.VisitReport(date(2026, 10, 5), True, "Head", ["outcomes"], "", "Working well", "",
                                "", "", Rigour.RIGOROUS, "Reason", ["A next step"])
    found = {}
    for key in ("draft", "final"):
        visit = visits.schedule_visit(la, cohort, assurer.id, date(2027, 3, 3), school_id=school.id)
        visits.record_visit(la, cohort, visit, report, {"outcomes"}, visit.version)
        if key == "final":
            visits.finalise(la, visit, visit.version)
        found[f"{key}_visit_id"] = visit.id
    found["scheduled_visit_id"] = visits.schedule_visit(la, cohort, assurer.id, date(2027, 3, 4),
                                                        school_id=school.id).id
    base = f"/la/{la.slug}/visits"
    return {"assurer": assurer, "visits_url": base, "cohort_id": cohort.id, **found}


def celebration_objects(la, cohort, triad) -> dict:
    """The cohort's celebration of learning, a draft, with the triad's contribution and a story."""
    from datetime import date

    from triads.interfaces import celebrations
    from triads.types import CelebrationFormat

    celebration = celebrations.save_event(la, cohort, None, celebrations.EventDetails(
        date(2027, 7, 2), CelebrationFormat.IN_PERSON, "Town hall"), None)
    contribution = celebrations.save_contribution(la, celebration, triad, celebrations.ContributionDetails(
        "", None, "What we learned", "", ""), None)
    story = celebrations.add_story(la, celebration, triad, celebrations.StoryDetails(
        "A story", "What changed", ["outcomes"], ["CPD"]), ["outcomes"])
    base = f"/la/{la.slug}/celebrations/cohorts/{cohort.id}"
    return {"celebration_url": base, "contribution_url": f"{base}/triads/{triad.id}",
            "celebration_id": celebration.id, "contribution_id": contribution.id, "story_id": story.id}


def celebration_version(s, model: str, key: str) -> str:
    from triads.models import celebrations as celebration_models

    return version_of(getattr(celebration_models, model), s[key])


def visit_version(s, key: str) -> str:
    from triads.models import QAVisit

    return version_of(QAVisit, s[key])


def meeting_version(s) -> str:
    from triads.models import Meeting

    return version_of(Meeting, s["meeting_id"])


def visit_report_values(s) -> dict:
    return {"held_on": ["5", "10", "2026"], "headteacher_present": "yes", "attendees": "Head, SENCO",
            "focus_areas": ["outcomes"], "evidence_seen": "Minutes", "working_well": "Leadership",
            "needs_to_change": "Data", "challenge": "How do you know?", "reassurance": "It matches",
            "rigour": "RIGOROUS", "rigour_reason": "Several voices", "next_steps": "Train TAs",
            "version": visit_version(s, "draft_visit_id")}


def area_values() -> dict:
    from selfeval import framework as fw

    area = fw.default_framework().default_variant.area("outcomes")
    values = {f"rating_{i}": "3" for i in range(1, len(area.statements) + 1)}
    values.update({"judgement": "3", "rationale": "Because", "strengths": "", "development": "",
                   "completed": "yes", "version": "0"})
    return values


def timetable_values(s) -> dict:
    """The timetable form as drawn: every date at the programme's default."""
    from app.models import Cohort

    db.session.expire_all()
    cohort = db.session.get(Cohort, s["cohort_id"])
    values = {m.value: [str(d.day), str(d.month), str(d.year)] for m, d in cohort.timetable.dates.items()}
    return {**values, "version": str(cohort.version)}


def gias_preview_payload(s) -> str:
    """What a checked GIAS file's preview puts in its Confirm form: one school to add."""
    from app.admin import gias_payload
    from app.admin.gias_import import Preview
    from app.interfaces.schools import SchoolData
    from app.models import Phase, SchoolType

    school = SchoolData("700001", "Alder Primary", Phase.PRIMARY, SchoolType.ACADEMY)
    return gias_payload.seal(s["la"].id, Preview(s["la"].code, to_add=[school]))


def version_of(model, row_id: int) -> str:
    db.session.expire_all()
    return str(db.session.get(model, row_id).version)


def version_of_evaluation(setting) -> str:
    from selfeval.models import SelfEvaluation

    evaluation_id = int(setting["submitted_url"].rsplit("/", 1)[1])
    return version_of(SelfEvaluation, evaluation_id)


@dataclass(frozen=True)
class Form:
    name: str
    who: str | None  # key in `setting` of the person signed in, or None for a visitor
    url: Callable[[dict], str]
    valid: Callable[[dict], dict]  # values the form accepts; called after signing in
    wrong: dict  # fields given a value of the wrong kind
    wrong_status: int = 400  # a non-numeric version reads as a stale form: 409
    passwords: tuple = ()
    versions: tuple = ()
    is_upload: bool = False
    too_long: int = 1000  # more characters than any of the form's text fields allows


FORMS = [
    Form(
        "sign in",
        None,
        lambda s: "/sign-in",
        lambda s: {"email": "lead@a.example.org", "password": PASSWORD},
        wrong={"email": "lead at a.example.org"},
        passwords=("password",),
    ),
    Form(
        "password reset request",
        None,
        lambda s: "/password-reset",
        lambda s: {"email": "lead@a.example.org"},
        wrong={"email": "lead@"},
    ),
    Form(
        "password reset",
        None,
        lambda s: s["reset_url"],
        lambda s: {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        wrong={"new_password": "lead@a.example.org", "confirm_password": "lead@a.example.org"},
        passwords=("new_password", "confirm_password"),
    ),
    Form(
        "accept invitation",
        None,
        lambda s: s["invitation_url"],
        lambda s: {"name": "Invitee", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
        wrong={"new_password": "short", "confirm_password": "short"},
        passwords=("new_password", "confirm_password"),
    ),
    Form(
        "account",
        "lead",
        lambda s: "/account",
        lambda s: {"name": "Lead Renamed", "version": version_of(User, s["lead"].id)},
        wrong={"version": "one"},
        wrong_status=409,
        versions=("version",),
    ),
    Form(
        "change password",
        "lead",
        lambda s: "/account/password",
        lambda s: {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
        wrong={"current_password": 12345678901234},
        passwords=("current_password", "new_password", "confirm_password"),
    ),
    Form(
        "create local authority",
        "admin",
        lambda s: "/admin/local-authorities/new",
        lambda s: {
            "name": "Northmere",
            "slug": "northmere",
            "code": "990",
            "lead_name": "Nia Lead",
            "lead_email": "nia@northmere.example.org",
        },
        wrong={"code": "9a0", "slug": "North Mere"},
    ),
    Form(
        "two-step sign-in set-up",
        "two_step_setting_up",
        lambda s: "/account/two-step/set-up",
        lambda s: {"code": two_step_code(s["two_step_setting_up"])},
        wrong={"code": "12345a"},
    ),
    Form(
        "turn off two-step sign-in",
        "two_step_user",
        lambda s: "/account/two-step/turn-off",
        lambda s: {"password": PASSWORD, "code": two_step_code(s["two_step_user"])},
        wrong={"code": "12345a"},
        passwords=("password",),
    ),
    Form(
        "reset two-step sign-in",
        "admin",
        lambda s: "/admin/two-step-sign-in",
        lambda s: {"email": s["two_step_user"].email},
        wrong={"email": "deputy at example.org"},
    ),
    Form(
        "require two-step sign-in",
        "lead",
        lambda s: "/la/authority-a/two-step-sign-in",
        lambda s: {"required": "yes", "version": version_of(LocalAuthority, s["la"].id)},
        wrong={"required": "maybe"},
        versions=("version",),
    ),
    Form(
        "benchmark sharing",
        "lead",
        lambda s: "/la/authority-a/sharing",
        lambda s: {"shares": "yes", "version": version_of(LocalAuthority, s["la"].id)},
        wrong={"shares": "maybe"},
        versions=("version",),
    ),
    Form(
        "data feed token",
        "lead",
        lambda s: "/la/authority-a/api-tokens",
        lambda s: {"name": "Power BI dashboard"},
        wrong={"name": "Power\x07BI"},
    ),
    Form(
        "network data feed token",
        "analyst",
        lambda s: "/network/api-tokens",
        lambda s: {"name": "Network report"},
        wrong={"name": "Network\x00report"},
    ),
    Form(
        "add school",
        "lead",
        lambda s: "/la/authority-a/schools/new",
        lambda s: {"urn": "123456", "name": "Brook Lane", "phase": "PRIMARY", "school_type": "ACADEMY"},
        wrong={"urn": "12E456", "phase": "1"},
    ),
    Form(
        "change school",
        "lead",
        lambda s: f"/la/authority-a/schools/{s['school'].id}/edit",
        lambda s: {
            "urn": "100001",
            "name": "School A Renamed",
            "phase": "PRIMARY",
            "school_type": "ACADEMY",
            "version": version_of(School, s["school"].id),
        },
        wrong={"urn": "ABCDEF"},
        versions=("version",),
    ),
    Form(
        "import schools",
        "lead",
        lambda s: "/la/authority-a/schools/import",
        lambda s: {"file": CSV_HEADER + "700001,Alder Primary,Primary,Academy\n"},
        wrong={"file": "PK\x03\x04\x14\x00\x00\x00"},
        is_upload=True,
    ),
    Form(
        "confirm import from GIAS",
        "lead",
        lambda s: "/la/authority-a/schools/import/confirm",
        lambda s: {"payload": gias_preview_payload(s)},
        wrong={"payload": "tampered.payload"},
    ),
    Form(
        "change local authority",
        "admin",
        lambda s: f"/admin/local-authorities/{s['la'].id}/edit",
        lambda s: {"name": "Authority A", "code": "903", "version": version_of(LocalAuthority, s["la"].id)},
        wrong={"code": "9a0"},
        versions=("version",),
    ),
    Form(
        "import people",
        "lead",
        lambda s: "/la/authority-a/people/import",
        lambda s: {"file": "urn,name,email,role\n100001,Robin Example,robin@example.org,SENCO\n"},
        wrong={"file": "PK\x03\x04\x14\x00\x00\x00"},
        is_upload=True,
    ),
    Form(
        "who signs off action plans",
        "lead",
        lambda s: f"/la/authority-a/plans/cohorts/{s['cohort_id']}/sign-off",
        lambda s: {"rule": "HEADTEACHER_ONLY", "version": sign_off_version(s, "SignOffRule", "sign_off_rule_id")},
        wrong={"rule": "ANYONE"},
        versions=("version",),
    ),
    Form(
        "sign off for the headteacher",
        "third_senco",
        lambda s: f"/la/authority-a/plans/{s['sign_off_plan_id']}/sign-off",
        lambda s: {"headteacher": "Dana Head", "version": sign_off_version(s, "ActionPlan", "sign_off_plan_id")},
        wrong={"headteacher": "Dana\x07Head"},
        versions=("version",),
    ),
    Form(
        "invite",
        "lead",
        lambda s: "/la/authority-a/people/invite",
        lambda s: {
            "name": "Robin",
            "email": "robin@example.org",
            "role": "SENCO",
            "school": str(s["school"].id),
        },
        wrong={"role": "PLATFORM_ADMIN"},
    ),
    Form(
        "add role",
        "lead",
        lambda s: f"/la/authority-a/people/{s['senco'].id}/roles/new",
        lambda s: {"role": "HEADTEACHER", "school": str(s["school"].id)},
        wrong={"school": "first"},
    ),
    Form(
        "change role",
        "lead",
        lambda s: f"/la/authority-a/people/{s['senco'].id}/roles/{s['senco'].roles[0].id}/edit",
        lambda s: {
            "role": "HEADTEACHER",
            "school": str(s["school"].id),
            "version": str(s["senco"].roles[0].version),
        },
        wrong={"version": "v1"},
        wrong_status=409,
        versions=("version",),
    ),
    Form(
        "self-evaluation area",
        "senco",
        lambda s: s["evaluation_url"] + "/areas/outcomes",
        lambda s: area_values(),
        wrong={"rating_1": "9", "judgement": "three"},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "ask for views",
        "senco",
        lambda s: s["evaluation_url"] + "/voices",
        lambda s: {"kind": "TEACHER", "areas": "outcomes", "email": "t@example.org", "name": "Teacher"},
        wrong={"kind": "SPY", "areas": "nowhere"},
    ),
    Form(
        "give views",
        None,
        lambda s: s["voice_path"],
        lambda s: {"rating_1": "2", "evidence_1": "Helpful meetings"},
        wrong={"rating_1": "-4"},
        too_long=2001,
    ),
    Form(
        "reopen self-evaluation",
        "lead",
        lambda s: s["submitted_url"] + "/reopen",
        lambda s: {"reason": "Missing evidence", "version": version_of_evaluation(s)},
        wrong={"version": "x"},
        wrong_status=409,
        versions=("version",),
        too_long=2001,
    ),
    Form(
        "add priority",
        "senco",
        lambda s: s["plan_url"] + "/priorities/new",
        lambda s: {"area": "leadership", "title": "Lead SEND", "intended_outcome": "",
                   "criteria": "One criterion"},
        wrong={"area": "made-up"},
        too_long=2001,
    ),
    Form(
        "change action",
        "senco",
        lambda s: s["action_url"],
        lambda s: {"description": "Train staff", "owner": "", "starts_on": ["1", "9", "2026"],
                   "due_on": ["1", "10", "2026"], "resources": "", "status": "ON_TRACK",
                   "version": "1"},
        wrong={"status": "FINISHED", "owner": "someone"},
        versions=("version",),
        too_long=2001,
    ),
    Form(
        "progress note",
        "senco",
        lambda s: s["action_url"] + "/progress",
        lambda s: {"status": "ON_TRACK", "body": "Going well"},
        wrong={"status": "SIDEWAYS"},
        too_long=2001,
    ),
    Form(
        "coach comment",
        "coach",
        lambda s: s["priority_url"] + "/comments",
        lambda s: {"body": "Consider parents"},
        wrong={"body": ""},
        too_long=2001,
    ),
    Form(
        "assign quality assurers",
        "lead",
        lambda s: f"{s['visits_url']}/cohorts/{s['cohort_id']}/assurers",
        lambda s: {"assurers": str(s["assurer"].id)},
        wrong={"assurers": "everyone"},
    ),
    Form(
        "schedule QA visit",
        "assurer",
        lambda s: f"{s['visits_url']}/cohorts/{s['cohort_id']}/new",
        lambda s: {"target": f"school-{s['school'].id}", "assurer": str(s["assurer"].id),
                   "planned_on": ["3", "3", "2027"], "start_time": "9:30am", "end_time": "midday",
                   "place": "Main office", "online_link": ""},
        wrong={"target": "school-first", "assurer": "me", "start_time": "25:00",
               "online_link": "javascript:alert(1)"},
    ),
    Form(
        "change QA visit date, time or place",
        "assurer",
        lambda s: f"{s['visits_url']}/{s['scheduled_visit_id']}/arrangements",
        lambda s: {"planned_on": ["4", "3", "2027"], "start_time": "14:00", "end_time": "15:30",
                   "place": "", "online_link": "https://meet.example.org/qa-visit",
                   "version": visit_version(s, "scheduled_visit_id")},
        # The end before the start: refused by the interface, at the end time.
        wrong={"start_time": "14:00", "end_time": "1pm", "online_link": "http://meet.example.org/x"},
        versions=("version",),
    ),
    Form(
        "plan triad meeting",
        "senco",
        lambda s: s["meeting_url"],
        lambda s: {"start_time": "10:00", "end_time": "12:00", "held_on": ["14", "10", "2026"],
                   "host_school": "", "place": "The library", "online_link": "https://meet.example.org/triad",
                   "guests": "", "agenda": "Action planning", "notes": "", "agreed_actions": "",
                   "follow_ups": "", "recorded": "no", "version": meeting_version(s)},
        wrong={"start_time": "half ten", "end_time": "24:30", "online_link": "ftp://meet.example.org/triad"},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "record QA visit",
        "assurer",
        lambda s: f"{s['visits_url']}/{s['draft_visit_id']}/record",
        visit_report_values,
        wrong={"rigour": "EXCELLENT", "headteacher_present": "maybe", "focus_areas": "everything"},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "comment on draft QA report",
        "senco",
        lambda s: f"{s['visits_url']}/{s['draft_visit_id']}/comments",
        lambda s: {"body": "Please mention the parents' forum"},
        wrong={"body": " "},
        too_long=2001,
    ),
    Form(
        "respond to QA report",
        "senco",
        lambda s: f"{s['visits_url']}/{s['final_visit_id']}/response",
        lambda s: {"response": "Thank you; we agree", "version": visit_version(s, "final_visit_id")},
        wrong={"response": " "},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "celebration event",
        "lead",
        lambda s: s["celebration_url"] + "/event",
        lambda s: {"held_on": ["2", "7", "2027"], "format": "ONLINE", "venue": "Joining link to follow",
                   "version": celebration_version(s, "Celebration", "celebration_id")},
        wrong={"format": "BY_POST"},
        versions=("version",),
    ),
    Form(
        "celebration introduction",
        "lead",
        lambda s: s["celebration_url"] + "/summary",
        lambda s: {"summary": "A year of peer review",
                   "version": celebration_version(s, "Celebration", "celebration_id")},
        wrong={"version": "latest"},
        wrong_status=409,
        versions=("version",),
        too_long=6001,
    ),
    Form(
        "triad's celebration contribution",
        "senco",
        lambda s: s["contribution_url"],
        lambda s: {"representative": "Sam Lee, SENCO", "representative_school": str(s["school"].id),
                   "key_learnings": "Several voices", "evidence_of_impact": "Surveys",
                   "next_steps": "Share it", "version": celebration_version(s, "TriadContribution",
                                                                            "contribution_id")},
        wrong={"representative_school": "first"},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "add impact story",
        "senco",
        lambda s: s["contribution_url"] + "/stories/new",
        lambda s: {"title": "TAs trained", "story": "Every class", "areas": "outcomes", "kinds": "CPD"},
        wrong={"areas": "nowhere", "kinds": "MAGIC"},
        too_long=4001,
    ),
    Form(
        "change impact story",
        "senco",
        lambda s: s["contribution_url"] + f"/stories/{s['story_id']}",
        lambda s: {"title": "TAs trained", "story": "Every class", "areas": "outcomes", "kinds": "CPD",
                   "version": celebration_version(s, "ImpactStory", "story_id")},
        wrong={"areas": "outcomes-and-more"},
        versions=("version",),
        too_long=4001,
    ),
    Form(
        "cohort timetable",
        "lead",
        lambda s: f"/la/authority-a/cohorts/{s['cohort_id']}/timetable",
        timetable_values,
        wrong={"launch_on": "soon", "qa_visits_to": "31-05"},
        versions=("version",),
    ),
    Form(
        "resolve comment",
        "senco",
        lambda s: s["priority_url"] + f"/comments/{s['comment_id']}/resolve",
        lambda s: {"response": "Done"},
        wrong={"response": " "},
        too_long=2001,
    ),
    Form(
        "privacy notice",
        "lead",
        lambda s: "/la/authority-a/privacy-notice/edit",
        lambda s: {"notice": "# Who we are\nAuthority A is the data controller.",
                   "version": version_of(LocalAuthority, s["la"].id)},
        wrong={"notice": "Ring the\x07bell"},
        versions=("version",),
        too_long=20001,
    ),
    Form(
        "how long records are kept",
        "lead",
        lambda s: "/la/authority-a/retention",
        lambda s: {"years": "7", "version": version_of(LocalAuthority, s["la"].id)},
        wrong={"years": "eleven"},
        versions=("version",),
    ),
]

CASES = ["all empty", "too long", "wrong kind", "script", "sql", "10 MB"]

# Free text (evidence, notes, comments) may hold any characters: it is stored as typed and
# escaped when shown, which test_free_text_is_stored_as_typed_and_shown_escaped checks.
FREE_TEXT_FORMS = {"self-evaluation area", "give views", "reopen self-evaluation", "add priority",
                   "change action", "progress note", "coach comment", "resolve comment",
                   "ask for views", "record QA visit", "comment on draft QA report",
                   "respond to QA report", "celebration event", "celebration introduction",
                   "triad's celebration contribution", "add impact story", "change impact story",
                   "privacy notice"}

# Any text is a valid password, so forms with nothing but passwords have no hostile case; and a
# name may contain an apostrophe, so SQL-like names are accepted (see the test of that below).
NOT_APPLICABLE = {
    ("password reset", "script"),
    ("password reset", "sql"),
    ("change password", "script"),
    ("change password", "sql"),
    ("accept invitation", "sql"),
    ("account", "sql"),
    *((name, case) for name in FREE_TEXT_FORMS for case in ("script", "sql")),
    # Only ratings are required for a view, and a too-short reason stays a reason.
    ("give views", "all empty"),
    # A headteacher's name may contain an apostrophe, like any name.
    ("sign off for the headteacher", "sql"),
    # So may a token's ("Finance team's Power BI").
    ("data feed token", "sql"),
    ("network data feed token", "sql"),
    # Choosing no assurer at all is how a lead removes the last one from a cohort.
    ("assign quality assurers", "all empty"),
    # Nothing but dates: no text to make too long.
    ("cohort timetable", "too long"),
}


def bad_values(form: Form, case: str, valid: dict) -> dict:
    typed = [name for name in valid if name not in form.versions]
    if form.is_upload:
        return {"file": _bad_file(case, form)}
    if case == "all empty":
        return {name: "" for name in valid}
    if case == "too long":
        return {**valid, **{name: "x" * form.too_long for name in typed
                            if isinstance(valid[name], str)}}
    if case == "wrong kind":
        return {**valid, **{k: str(v) for k, v in form.wrong.items()}}
    if case in ("script", "sql"):
        hostile = SCRIPT if case == "script" else SQL
        return {**valid, **{name: hostile for name in typed if name not in form.passwords}}
    if case == "10 MB":
        return {**valid, typed[0]: TEN_MB}
    raise AssertionError(case)


def _bad_file(case: str, form: Form) -> str | None:
    if case == "all empty":
        return None
    if case == "wrong kind":
        return form.wrong["file"]
    if case == "10 MB":
        return TEN_MB
    cell = {"too long": "7" * 1000, "script": SCRIPT, "sql": SQL}[case]
    out = io.StringIO()
    csv.writer(out).writerows([["urn", "name", "phase", "type"], [cell] * 4])
    return out.getvalue()


def submit(client, form: Form, url: str, values: dict):
    if form.is_upload:
        if values["file"] is None:
            return client.post(url, data={}, content_type="multipart/form-data")
        return client.post(url, **file_upload("file", "schools.csv", values["file"].encode()))
    return client.post(url, data=values)


def client_for(app, form: Form, setting: dict):
    client = app.test_client()
    return sign_in(client, setting[form.who]) if form.who else client


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_each_form_accepts_its_valid_values(app, setting, form):
    client = client_for(app, form, setting)
    response = submit(client, form, form.url(setting), form.valid(setting))
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:3000]
    if response.status_code == 200:  # the reset request answers with its 'check your email' page
        assert heading(page(response)) == "Check your email"


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
def test_bad_input_is_refused_with_a_message_and_changes_nothing(app, setting, form, subtests):
    # One sign-in per form, each case a subtest: every case must leave the database as it was,
    # so they can share the setting, and each failure is still reported under its own name.
    client = client_for(app, form, setting)
    for case in CASES:
        if (form.name, case) not in NOT_APPLICABLE:
            with subtests.test(case):
                check_refused(client, form, form.url(setting), case, form.valid(setting))


def check_refused(client, form: Form, url: str, case: str, valid: dict) -> None:
    values = bad_values(form, case, valid)
    before = snapshot()

    response = submit(client, form, url, values)

    expected = form.wrong_status if case == "wrong kind" else 400
    assert response.status_code == expected, response.get_data(as_text=True)[:3000]
    body = response.get_data(as_text=True).replace(TEN_MB, "[ten megabytes]")
    soup = BeautifulSoup(body, "html.parser")
    summary, at_fields = error_summary(soup), field_errors(soup)
    assert summary and at_fields, "the page must say what is wrong"
    assert set(summary) <= set(at_fields), "each summary message is also shown at its field"
    assert SCRIPT not in body, "a typed value must be escaped when the form is shown again"
    if case in ("script", "sql") and not form.is_upload:
        for name, typed in values.items():
            if soup.find("input", attrs={"name": name, "type": ["text", "email"]}) is not None:
                shown = value(soup, name)
                # Email addresses are lower-cased as they are read; nothing else is changed.
                assert shown == (typed.lower() if "email" in name else typed), (
                    f"{name} must keep what was typed"
                )
    assert snapshot() == before


# --- values that are allowed, and must stay plain text -----------------------------------------


def test_sql_like_text_in_a_name_is_stored_verbatim(app, setting):
    lead = sign_in(app.test_client(), setting["lead"])
    schools_before = db.session.scalar(select(func.count(School.id)))
    response = lead.post(
        "/la/authority-a/schools/new",
        data={"urn": "123456", "name": SQL, "phase": "PRIMARY", "school_type": "ACADEMY"},
    )
    assert response.status_code == 302
    assert (
        lead.post("/account", data={"name": SQL, "version": version_of(User, setting["lead"].id)}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.scalar(select(School.name).where(School.urn == "123456")) == SQL
    assert db.session.get(User, setting["lead"].id).name == SQL
    assert db.session.scalar(select(func.count(School.id))) == schools_before + 1
    assert heading(page(lead.get(response.location))) == SQL


@pytest.mark.parametrize("password", [SCRIPT, SQL + " and more"])
def test_hostile_looking_text_is_just_a_password(app, setting, password):
    response = app.test_client().post(
        setting["reset_url"], data={"new_password": password, "confirm_password": password}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert password not in db.session.get(User, setting["lead"].id).password_hash
    assert (
        app.test_client()
        .post("/sign-in", data={"email": "lead@a.example.org", "password": password})
        .status_code
        == 302
    )


def test_names_stored_with_markup_are_shown_as_text_everywhere(app, make):
    # The forms refuse < and >, but rows may come from elsewhere (a seed, an older import).
    la = make.la(name=f"Authority {SCRIPT}", slug="authority-x", code="902")
    school = make.school(la, name=f"School {SCRIPT}", urn="100002")
    lead = make.user(Role.LA_LEAD, la=la, name=f"Lead {SCRIPT}")
    make.user(Role.SENCO, school=school, name=f"Senco {SCRIPT}")
    admin = make.user(Role.PLATFORM_ADMIN, name="Admin")
    client = sign_in(app.test_client(), lead)
    admin_client = sign_in(app.test_client(), admin)
    pages = {
        "/": client,
        "/la/authority-x/": client,
        "/la/authority-x/schools": client,
        f"/la/authority-x/schools/{school.id}": client,
        "/la/authority-x/people": client,
        f"/la/authority-x/people/{lead.id}": client,
        "/la/authority-x/activity": client,
        f"/la/authority-x/schools/{school.id}/edit": client,
        "/account": client,
        "/admin/local-authorities": admin_client,
    }
    for url, who in pages.items():
        response = who.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert SCRIPT not in body, f"{url} put a stored name into the page as markup"
        soup = page(response)
        assert not [s for s in soup.find_all("script") if "alert" in s.get_text()], url
        assert SCRIPT in soup.get_text() or SCRIPT in str([i.get("value") for i in soup.find_all("input")]), (
            url
        )


def test_search_text_is_shown_back_as_text(app, setting):
    lead = sign_in(app.test_client(), setting["lead"])
    response = lead.get("/la/authority-a/schools", query_string={"q": SCRIPT})
    assert response.status_code == 200
    assert SCRIPT not in response.get_data(as_text=True)
    assert value(page(response), "q") == SCRIPT


def test_la_names_from_the_admin_form_are_checked_for_markup(app, setting):
    admin = sign_in(app.test_client(), setting["admin"])
    before = db.session.scalar(select(func.count(LocalAuthority.id)))
    response = admin.post(
        "/admin/local-authorities/new",
        data={
            "name": SCRIPT,
            "slug": "x",
            "code": "903",
            "lead_name": "Nia",
            "lead_email": "nia@example.org",
        },
    )
    assert response.status_code == 400
    assert "Name must not contain < or >" in field_errors(page(response))
    assert db.session.scalar(select(func.count(LocalAuthority.id))) == before


def test_deleting_evidence_shows_its_name_as_text_and_refuses_ids_that_are_not_its(app, setting):
    """The confirmation page before evidence is deleted: a file name with markup is shown as text,
    and ids that are not a file of this self-evaluation change nothing, GET or POST."""
    from selfeval import interfaces as selfeval
    from selfeval.models import SelfEvaluation

    evaluation_url = setting["evaluation_url"]
    evaluation = db.session.get(SelfEvaluation, int(evaluation_url.rsplit("/", 1)[-1]))
    area = selfeval.variant_of(evaluation).areas[0]
    file = selfeval.add_area_evidence(setting["la"], evaluation, area, None, f"{SCRIPT}.txt", "text/plain",
                                      b"notes", setting["senco"])
    db.session.commit()
    senco = sign_in(app.test_client(), setting["senco"])
    before = snapshot()
    asked = senco.get(f"{evaluation_url}/evidence/{file.id}/delete")
    assert asked.status_code == 200
    assert SCRIPT not in asked.get_data(as_text=True)
    assert heading(page(asked)) == f"Delete {SCRIPT}.txt?"
    for bad in ("abc", "999999", "-1", f"{file.id}x"):
        for method in (senco.get, senco.post):
            assert method(f"{evaluation_url}/evidence/{bad}/delete").status_code == 404, (bad, method)
    assert snapshot() == before
