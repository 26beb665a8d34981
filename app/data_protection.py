"""The LA as data controller: what personal data the service holds, why, who sees it and for how long
(the record of processing), the date a finished cohort's records pass, and each LA's privacy notice
until its lead writes their own.

One table, `RECORD`, is the record of processing: the lead's page and its downloads are drawn from
it, and the retention job reports what it removes by the same kinds, so the two cannot drift apart.
Pure: no Flask, no database.
"""

import enum
from dataclasses import dataclass
from datetime import date

from app.models.cohort import academic_year_bounds, academic_year_of

DEFAULT_RETENTION_YEARS = 6
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 10
# What the purge commands keep by default, run daily from cron (see README, Commands).
SIGN_IN_ATTEMPT_DAYS = 30
OUTBOX_DAYS = 30

NOTICE_MAX_LENGTH = 20000
LAWFUL_BASIS = ("Public task (UK GDPR Article 6(1)(e)): the local authority's duties to children and young "
                "people with special educational needs and disabilities")


class DataKind(enum.Enum):
    """A kind of personal data, by a stable key; the retention job counts what it removes by these."""

    ACCOUNTS = "accounts"
    ROLES = "roles"
    SIGN_IN = "sign_in"
    SESSIONS = "sessions"
    TWO_STEP = "two_step"
    AUDIT = "audit"
    SELF_EVALUATION_TEXT = "self_evaluation_text"
    RATINGS = "ratings"
    EVIDENCE_FILES = "evidence_files"
    VOICES = "voices"
    PLANS = "plans"
    MEETINGS = "meetings"
    VISIT_REPORTS = "visit_reports"
    CELEBRATIONS = "celebrations"
    EMAILS = "emails"


class Ending(enum.Enum):
    """What happens to a kind of data at the end of its time."""

    COHORT_DELETED = "Deleted when the cohort's records pass their date"
    COHORT_ANONYMISED = "Free text and names removed when the cohort's records pass their date"
    KEPT_ANONYMISED = "Kept without names or free text, for the network's anonymised benchmarks"
    AUDIT_DELETED = "Deleted when the records of its academic year pass their date"
    WITH_PERSON = "Removed when the local authority lead erases the person"
    DAYS = "Deleted by a daily command"


@dataclass(frozen=True)
class Processing:
    """One row of the record of processing."""

    kind: DataKind
    name: str
    data: str
    purpose: str
    who_sees: str
    ending: Ending

    def kept_for(self, years: int) -> str:
        """How long, in the words of the LA's own retention setting."""
        after = f"{years} year{'s' if years != 1 else ''} after the end of the cohort's academic year"
        return {
            Ending.COHORT_DELETED: after,
            Ending.COHORT_ANONYMISED: after,
            Ending.KEPT_ANONYMISED: f"Names and free text: {after}. Ratings: kept, anonymised",
            Ending.AUDIT_DELETED: f"{years} year{'s' if years != 1 else ''} after the end of the academic "
                                  "year in which the change was made",
            Ending.WITH_PERSON: "While the person has a role in the local authority, and until they are erased",
            Ending.DAYS: f"{OUTBOX_DAYS if self.kind is DataKind.EMAILS else SIGN_IN_ATTEMPT_DAYS} days",
        }[self.ending]


SCHOOL_STAFF = "the school's SENCO, headteacher and other staff"

RECORD: tuple[Processing, ...] = (
    Processing(DataKind.ACCOUNTS, "Account details",
               "Name, work e-mail address, a password hash, when the person last signed in",
               "To let people sign in and to say who did what", "The person; the local authority lead; the "
               "platform administrator", Ending.WITH_PERSON),
    Processing(DataKind.ROLES, "Roles and invitations",
               "Each person's role (SENCO, headteacher, quality assurer, lead) and school; invitations sent",
               "To decide what each person may see and do", "The local authority lead; the person",
               Ending.WITH_PERSON),
    Processing(DataKind.SIGN_IN, "Sign-in records",
               "The e-mail address and network address of each attempt to sign in, and whether it worked",
               "To stop people guessing passwords", "Nobody in the service; the service provider's staff "
               "if investigating an attack", Ending.DAYS),
    Processing(DataKind.SESSIONS, "Sessions",
               "Where a person is signed in: a description of the browser, the network address, when the "
               "session started and was last used; text typed into a form sent after it ended",
               "To keep people signed in, end sessions on sign-out, and let people see and end their own",
               "The person themselves; the service provider's staff if investigating an attack",
               Ending.DAYS),
    Processing(DataKind.TWO_STEP, "Two-step sign-in",
               "The key of the person's authenticator app and their recovery codes (stored only as hashes)",
               "To check the second step of signing in", "Nobody: never shown after it is set up",
               Ending.WITH_PERSON),
    Processing(DataKind.AUDIT, "Audit trail",
               "Who changed what and when, with the changed values",
               "To show who changed a school's records, and to investigate mistakes or misuse",
               "The local authority lead", Ending.AUDIT_DELETED),
    Processing(DataKind.SELF_EVALUATION_TEXT, "Self-evaluation free text",
               "Reasons, strengths, areas for development and evidence notes written by the school; coach "
               "schools' comments; who started and submitted the self-evaluation",
               "To review the school's SEND provision and plan improvements",
               f"{SCHOOL_STAFF}; the coach school in its triad; the cohort's quality assurers; the local "
               "authority lead", Ending.COHORT_ANONYMISED),
    Processing(DataKind.RATINGS, "Self-evaluation ratings",
               "The school's judgement of each area and rating of each statement",
               "To compare the local authority's schools and, if the lead shares, the network's anonymised "
               "benchmarks", f"{SCHOOL_STAFF}; the triad's coach school; quality assurers; the local "
               "authority lead; the programme analyst (anonymised, groups of 5 schools or more)",
               Ending.KEPT_ANONYMISED),
    Processing(DataKind.EVIDENCE_FILES, "Evidence files",
               "Files the school uploaded behind its answers (stored in the database)",
               "To show the evidence behind a self-evaluation",
               f"{SCHOOL_STAFF}; the coach school; quality assurers; the local authority lead",
               Ending.COHORT_DELETED),
    Processing(DataKind.VOICES, "Other voices: staff, parent and pupil views",
               "Ratings and comments given through a link; the name and e-mail address of a person asked "
               "by e-mail. Parent and pupil answers are anonymous",
               "To widen the self-evaluation beyond the SENCO",
               f"{SCHOOL_STAFF}, as a summary; never a parent's or pupil's identity", Ending.COHORT_DELETED),
    Processing(DataKind.PLANS, "Action plans",
               "Priorities, actions and who owns them, progress notes, coach comments, who signed off",
               "To plan and track the school's improvements",
               f"{SCHOOL_STAFF}; the coach school; quality assurers; the local authority lead",
               Ending.COHORT_DELETED),
    Processing(DataKind.MEETINGS, "Triad meetings",
               "Dates, places, agendas, notes, agreed actions and who attended",
               "To record the triad's meetings", "The triad's schools; quality assurers; the local authority "
               "lead", Ending.COHORT_DELETED),
    Processing(DataKind.VISIT_REPORTS, "QA visit reports",
               "The quality assurer's findings, judgement of rigour, next steps, the school's comments and "
               "response, who attended", "To check the rigour of the peer review",
               f"{SCHOOL_STAFF}; the quality assurer; the local authority lead", Ending.COHORT_DELETED),
    Processing(DataKind.CELEBRATIONS, "Celebrations of learning",
               "Each triad's representative, key learnings, evidence of impact and impact stories",
               "To share what the cohort learned", "Every school in the cohort once published; the local "
               "authority lead", Ending.COHORT_DELETED),
    Processing(DataKind.EMAILS, "E-mails in the outbox",
               "Recipient, subject and text of e-mails written to the outbox instead of being sent",
               "To send invitations, password resets and reminders", "The platform administrator",
               Ending.DAYS),
)

COHORT_KINDS = tuple(p.kind for p in RECORD
                     if p.ending in (Ending.COHORT_DELETED, Ending.COHORT_ANONYMISED))
NAMES = {p.kind: p.name for p in RECORD}


def kept_until(start_year: int, years: int) -> date:
    """The last day a cohort's records are kept: `years` after its academic year ends (31 August)."""
    last_day = academic_year_bounds(start_year)[1]
    return last_day.replace(year=last_day.year + years)


def has_passed(start_year: int, years: int, today: date) -> bool:
    return today > kept_until(start_year, years)


def audit_kept_from(today: date, years: int) -> date:
    """The first day of the oldest academic year whose audit trail is still kept: an entry belongs to
    the academic year it was written in and goes with that year's cohort records."""
    year = academic_year_of(today)
    while not has_passed(year - 1, years, today):
        year -= 1
    return academic_year_bounds(year)[0]


def default_privacy_notice(la_name: str, years: int = DEFAULT_RETENTION_YEARS) -> str:
    """A starting point the lead edits: the facts the service can state, in the LA's name."""
    return f"""# Who is responsible for your information
{la_name} is the data controller for the information held in SEND Triads about its schools' peer review of \
special educational needs and disabilities (SEND). The company that runs SEND Triads is a data processor: it \
holds the information for {la_name} and uses it only on {la_name}'s instructions.

# What we hold and why
We hold your name, work e-mail address and role, and what you and your school record about the school's SEND \
provision: self-evaluations, action plans, triad meetings, quality-assurance visits and the celebration of \
learning. We use it to run the peer review and to support schools. Our lawful basis is public task.

SEND Triads is not for information about individual children. Do not enter a child's name or anything that \
could identify a child.

# Who can see it
People at your school, your triad's coach school, the cohort's quality assurers and {la_name}'s SEND lead see \
your school's records. If {la_name} chooses to share, the programme network sees only anonymised figures about \
groups of at least 5 schools.

# How long we keep it
We keep a cohort's records for {years} year{'s' if years != 1 else ''} after the end of its academic year. Then we \
delete them, keeping only anonymised ratings.

# Your rights
You can ask for a copy of the information held about you, and ask us to correct or erase it. Contact \
{la_name}'s data protection officer. You can also complain to the Information Commissioner's Office.
"""


@dataclass(frozen=True)
class Block:
    heading: bool
    lines: tuple[str, ...]


def notice_blocks(text: str) -> list[Block]:
    """A notice as written: a line starting with "#" is a heading, blank lines separate paragraphs."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block(False, tuple(paragraph)))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            close()
            if heading := stripped.lstrip("#").strip():
                blocks.append(Block(True, (heading,)))
        elif stripped:
            paragraph.append(stripped)
        else:
            close()
    close()
    return blocks
