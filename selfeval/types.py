"""The self-evaluation's enumerations: statuses, who gives views, and the audit actions with their words."""

import enum

from app.models import AuditAction
from app.models.enums import Labelled


class SelfEvaluationStatus(Labelled):
    IN_PROGRESS = "In progress"
    SUBMITTED = "Submitted"


class AreaStatus(Labelled):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"


class VoiceKind(Labelled):
    HEADTEACHER = "Headteacher"
    SENIOR_LEADER = "Senior leader"
    TEACHER = "Teacher"
    TEACHING_ASSISTANT = "Teaching assistant"
    GOVERNOR = "Governor"
    PARENT = "Parent or carer"
    PUPIL = "Pupil"

    @property
    def anonymous(self) -> bool:
        """Parents and pupils answer without an account and without giving a name."""
        return self in (VoiceKind.PARENT, VoiceKind.PUPIL)


class NetworkCountKind(enum.Enum):
    """What a row of the network's summary counts (selfeval/models/network.py)."""

    SCHOOLS = "schools"  # the schools that submitted (key and phase "", value 0)
    AREA_LEVEL = "area level"  # key: an area, by phase, value: the level judged
    STATEMENT_RATING = "statement rating"  # key: a statement, value: the rating
    AREA_CHANGE = "area change"  # key: an area, value: the change in level from the year before


class SelfEvaluationAction(AuditAction):
    FRAMEWORK_LOADED = ("framework.loaded", "Self-evaluation framework loaded")
    EVALUATION_STARTED = ("self_evaluation.started", "Self-evaluation started")
    EVALUATION_AREA_SAVED = ("self_evaluation.area_saved", "Self-evaluation area saved")
    EVALUATION_SUBMITTED = ("self_evaluation.submitted", "Self-evaluation submitted")
    EVALUATION_REOPENED = ("self_evaluation.reopened", "Self-evaluation reopened")
    EVALUATION_COMMENTED = ("self_evaluation.commented", "Comment on a self-evaluation")
    EVALUATION_SUMMARY_CONFIRMED = ("self_evaluation.summary_confirmed",
                                    "Strengths and areas for development confirmed")
    VOICE_INVITED = ("voice.invited", "Views asked for")
    VOICE_CLOSED = ("voice.closed", "Link for views closed")
    EVIDENCE_UPLOADED = ("evidence.uploaded", "Evidence file uploaded")
    EVIDENCE_DELETED = ("evidence.deleted", "Evidence file deleted")
