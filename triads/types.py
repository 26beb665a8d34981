"""The triads package's enumerations (their values are the words people see) and audit actions.
Forms, templates and other packages name a status from here, never from the models."""

from app.models import AuditAction
from app.models.enums import Labelled


class MeetingStatus(Labelled):
    PLANNED = "Planned"
    RECORDED = "Recorded"


class ArrangementChange(Labelled):
    """What happened to a meeting's or a visit's date, times or place, as an e-mail says it."""

    ARRANGED = "arranged"
    MOVED = "changed"
    CANCELLED = "called off"


class PlanStatus(Labelled):
    DRAFT = "Draft"
    SHARED = "Shared with triad"
    COACH_REVIEWED = "Coach reviewed"
    SIGNED_OFF = "Signed off"
    IN_PROGRESS = "In progress"
    REVIEWED = "Reviewed at year end"


class ActionStatus(Labelled):
    NOT_STARTED = "Not started"
    ON_TRACK = "On track"
    AT_RISK = "At risk"
    OFF_TRACK = "Off track"
    DONE = "Done"


class SignOff(Labelled):
    """Who signs a school's action plan off when the school has no active headteacher account: the
    LA lead's choice for each cohort. A school with a headteacher account is always signed off by its
    headteacher (a deputy or another senior leader can be invited with the headteacher role)."""

    HEADTEACHER_ONLY = "Only a headteacher with an account"
    SENCO_NAMING_HEAD = "The SENCO, naming the headteacher who agreed the plan"


class CriterionOutcome(Labelled):
    MET = "Met"
    PARTLY_MET = "Partly met"
    NOT_MET = "Not met"


class VisitStatus(Labelled):
    SCHEDULED = "Scheduled"
    DRAFT = "Draft report"
    FINAL = "Final report"


class Rigour(Labelled):
    NOT_YET_RIGOROUS = "Not yet rigorous"
    DEVELOPING = "Developing rigour"
    RIGOROUS = "Rigorous"
    HIGHLY_RIGOROUS = "Highly rigorous"


class CelebrationFormat(Labelled):
    IN_PERSON = "In person"
    ONLINE = "Online"


class CelebrationStatus(Labelled):
    DRAFT = "Draft"
    PUBLISHED = "Published"


class ChangeKind(Labelled):
    """The kind of change an impact story tells of."""

    LEADERSHIP = "Leadership"
    STAFFING = "Staffing"
    CPD = "CPD and training"
    PUPIL_VOICE = "Pupil voice"
    PARENTS = "Parents and carers"
    SYSTEMS = "Systems and processes"
    PROVISION = "Provision and interventions"
    OTHER = "Other"


class TriadsAction(AuditAction):
    TRIAD_CREATED = ("triad.created", "Triad created")
    TRIAD_UPDATED = ("triad.updated", "Triad changed")
    TRIAD_DELETED = ("triad.deleted", "Triad removed")
    MEETING_PLANNED = ("meeting.planned", "Triad meeting planned")
    MEETING_RECORDED = ("meeting.recorded", "Triad meeting recorded")
    PLAN_STARTED = ("plan.started", "Action plan started")
    PLAN_ADVANCED = ("plan.advanced", "Action plan moved on")
    PLAN_PRIORITY_SAVED = ("plan.priority_saved", "Priority saved")
    PLAN_PRIORITY_DELETED = ("plan.priority_deleted", "Priority removed")
    PLAN_ACTION_SAVED = ("plan.action_saved", "Action saved")
    PLAN_PROGRESS_NOTED = ("plan.progress_noted", "Progress noted")
    PLAN_COACH_COMMENTED = ("plan.coach_commented", "Coach commented on a plan")
    PLAN_COMMENT_RESOLVED = ("plan.comment_resolved", "Coach's comment resolved")
    PLAN_CRITERION_REVIEWED = ("plan.criterion_reviewed", "Impact reviewed")
    PLAN_SIGN_OFF_RULE_SET = ("plan.sign_off_rule_set", "Who signs off action plans changed")
    CELEBRATION_EVENT_SAVED = ("celebration.event_saved", "Celebration of learning set up or changed")
    CELEBRATION_SUMMARY_SAVED = ("celebration.summary_saved", "Celebration report's introduction saved")
    CELEBRATION_PUBLISHED = ("celebration.published", "Celebration report published")
    CELEBRATION_WITHDRAWN = ("celebration.withdrawn", "Celebration report withdrawn")
    CELEBRATION_CONTRIBUTION_SAVED = ("celebration.contribution_saved", "Triad's celebration contribution saved")
    CELEBRATION_STORY_ADDED = ("celebration.story_added", "Impact story added")
    CELEBRATION_STORY_CHANGED = ("celebration.story_changed", "Impact story changed")
    CELEBRATION_STORY_REMOVED = ("celebration.story_removed", "Impact story removed")
    QA_ASSURER_ASSIGNED = ("qa.assurer_assigned", "Quality assurer assigned to a cohort")
    QA_ASSURER_UNASSIGNED = ("qa.assurer_unassigned", "Quality assurer taken off a cohort")
    QA_STEP_TO_ACTION = ("qa.step_to_action", "QA next step added to an action plan")
    QA_VISIT_COMMENTED = ("qa.visit_commented", "School commented on a draft QA report")
    QA_VISIT_FINALISED = ("qa.visit_finalised", "QA report finalised")
    QA_VISIT_RECORDED = ("qa.visit_recorded", "QA visit written up")
    QA_VISIT_REOPENED = ("qa.visit_reopened", "QA report reopened")
    QA_VISIT_RESPONDED = ("qa.visit_responded", "School responded to a QA report")
    QA_VISIT_SCHEDULED = ("qa.visit_scheduled", "QA visit scheduled")
    QA_VISIT_REARRANGED = ("qa.visit_rearranged", "QA visit's date, time or place changed")
    QA_VISIT_CANCELLED = ("qa.visit_cancelled", "QA visit cancelled")
