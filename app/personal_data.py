"""A person's data: what the service holds about one person, in what tables, and what erasing
them does to each. The walk itself is in app/interfaces/personal_data.py; this module is the map
it follows, and the archive it hands over.

Every column that points at a person's account (a foreign key to `user_account`) is listed here
once, as exported or as not personal, with the reason; tests/app/test_subject_access.py fails
when a model gains such a column that is in neither list. Tables are named as strings, so the
core needs no feature package to describe them.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum

from app.models import Role

# --- what is exported ----------------------------------------------------------------------------

# table.column pointing at the person -> what the rows it finds are, as the export titles them.
EXPORTED = {
    "role_assignment.user_id": "Roles",
    "audit_event.actor_id": "Changes they made (the audit trail)",
    "api_token.created_by_id": "Data feed tokens they made",
    "api_token.revoked_by_id": "Data feed tokens they revoked",
    "notification.user_id": "Notifications queued for them",
    "notification_digest.user_id": "Daily e-mails sent to them",
    "notification_opt_out.user_id": "E-mails they chose not to get",
    "user_session.user_id": "Their sign-in sessions",
    "two_step_secret.user_id": "Two-step sign-in (whether it is on; never the secret)",
    "recovery_code.user_id": "Recovery codes (when each was used; never the code)",
    "framework_version.loaded_by_id": "Self-evaluation frameworks they loaded",
    "self_evaluation.started_by_id": "Self-evaluations they started",
    "self_evaluation.submitted_by_id": "Self-evaluations they submitted",
    "area_comment.author_id": "Comments they wrote on self-evaluation areas",
    "evidence_file.uploaded_by_id": "Evidence files they uploaded",
    "action_plan.signed_off_by_id": "Action plans they signed off",
    "plan_action.owner_id": "Plan actions they own",
    "plan_progress_note.author_id": "Progress notes they wrote",
    "plan_priority_comment.author_id": "Coach's comments they wrote",
    "plan_priority_comment.resolved_by_id": "Coach's comments they resolved",
    "plan_transition.actor_id": "Steps they took on action plans",
    "triad_meeting_attendee.user_id": "Triad meetings they attended",
    "qa_cohort_assurer.user_id": "Cohorts they were assigned to as a quality assurer",
    "qa_visit.assurer_id": "QA visits they made, with their reports",
    "qa_visit_comment.author_id": "Comments they wrote on draft QA reports",
    "celebration.published_by_id": "Celebration reports they published",
}

# table.column pointing at the person -> why its rows are not theirs to be given.
NOT_PERSONAL = {
    "invitation.invited_by_id": "Invitations they sent hold other people's names and e-mail addresses; "
                                "that they sent them is in the changes they made.",
    "voice_invitation.created_by_id": "Requests for views they made hold other people's e-mail addresses; "
                                      "that they made them is in the changes they made.",
}

# Rows that name the person by e-mail address rather than by account.
BY_EMAIL = {
    "invitation.email": "Invitations to them",
    "voice_invitation.email": "Requests for their views",
    "sign_in_attempt.email": "Sign-in attempts with their e-mail address",
    "outbox_message.recipient": "E-mails to them kept in the outbox",
}

# Tables without an LA of their own. An LA lead's export includes those that hold only the
# person's own settings or sign-ins; the rest (a day's e-mail can carry two LAs' news) only the
# platform administrator's export.
PERSON_WIDE = {"user_account", "notification_opt_out", "sign_in_attempt", "user_session",
               "two_step_secret", "recovery_code"}

# Tables whose rows with no LA (a role given at a school, a password changed) an LA lead's export
# leaves out: the entries of the platform's own audit trail are the administrator's to give.
OWN_LA_ONLY = {"audit_event"}

# E-mails kept in the outbox may hold links that sign in (a password reset, an invitation): the
# export gives the words, never a link.
REDACTED = {"outbox_message.body"}

# What they wrote where no author is kept (area answers, meeting notes, a triad's celebration
# part): the records their audit entries name, as they stand now, with the parts under them that
# hold the text. Keyed by the audited entity's class name, as the audit trail stores it.
RECORDS_THEY_CHANGED = {
    "SelfEvaluation": ("area_response", "statement_rating"),
    "ActionPlan": ("plan_priority", "plan_success_criterion", "plan_action"),
    "Meeting": (),
    "QAVisit": ("qa_next_step",),
    "Celebration": (),
    "TriadContribution": ("celebration_impact_story",),
    "ImpactStory": (),
}
# A self-evaluation's areas are theirs only where they saved that area ("area" in the entry).
ONLY_AUDITED = {"area_response": ("area_id", "area")}

# Never exported, whoever asks: anything that would let the file sign someone in.
SECRET_COLUMN = re.compile(r"hash|nonce|secret|session_key|token", re.IGNORECASE)

# --- what erasing does ----------------------------------------------------------------------------

# Rows that exist only for the person: deleted. Every other row pointing at them is kept, so the
# school's records stay readable, and names the anonymised account ("A former SENCO").
DELETED_ON_ERASURE = {"notification", "notification_digest", "notification_opt_out", "user_session",
                      "two_step_secret", "recovery_code"}
DELETED_BY_EMAIL = {"invitation", "sign_in_attempt", "outbox_message"}

# An erased account's e-mail address: unique, and on a domain that can never receive mail (RFC 2606).
ERASED_DOMAIN = "erased.invalid"

# What an erased person is called, from the first of their roles in this order.
FORMER = {
    Role.SENCO: "SENCO",
    Role.HEADTEACHER: "headteacher",
    Role.STAFF: "member of school staff",
    Role.QUALITY_ASSURER: "quality assurer",
    Role.LA_LEAD: "LA SEND lead",
    Role.PROGRAMME_ANALYST: "programme analyst",
    Role.PLATFORM_ADMIN: "platform administrator",
}


def former_label(roles: list[Role]) -> str:
    """ "A former SENCO": the words that replace an erased person's name."""
    for role, words in FORMER.items():
        if role in roles:
            return f"A former {words}"
    return "A former user"


def erased_email(user_id: int) -> str:
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def is_erased(email: str) -> bool:
    return email.endswith("@" + ERASED_DOMAIN)


# --- the archive ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str  # "area_comment.author_id"
    title: str
    rows: list[dict]


@dataclass(frozen=True)
class Export:
    about: dict
    account: dict
    sections: list[Section]
    files: dict[str, bytes]  # path in the archive -> content


def plain(value):
    """A column's value as JSON holds it."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name
    return value


def archive(export: Export) -> bytes:
    """One zip: everything as JSON, the same as readable text, and the files they uploaded."""
    document = {"about": export.about, "account": export.account,
                "sections": [{"key": s.key, "title": s.title, "rows": s.rows} for s in export.sections]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("personal-data.json", json.dumps(document, indent=2, ensure_ascii=False, default=str))
        zipped.writestr("personal-data.txt", summary(export))
        for path, content in export.files.items():
            zipped.writestr(path, content)
    return buffer.getvalue()


def summary(export: Export) -> str:
    lines = ["Everything SEND Triads holds about one person", "=" * 46, ""]
    lines += [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in export.about.items()]
    lines += ["", "Account", "-------"]
    lines += [f"{key}: {value}" for key, value in export.account.items()]
    for section in export.sections:
        lines += ["", f"{section.title} ({len(section.rows)})", "-" * (len(section.title) + 4)]
        for row in section.rows:
            lines += ["", *(f"  {key}: {value}" for key, value in row.items() if value not in (None, "", [], {}))]
    if export.files:
        lines += ["", "Files", "-----", *(f"  {path}" for path in export.files)]
    return "\n".join(lines) + "\n"


def file_path(table: str, row_id: int, filename: str) -> str:
    safe = re.sub(r"[^\w.\- ]", "_", filename).strip() or "file"
    return f"files/{table}-{row_id}-{safe}"
