from app.models.api_token import ApiToken
from app.models.audit import AuditAction, AuditEvent, CoreAction
from app.models.cohort import (
    Cohort,
    CohortSchool,
    DueState,
    Milestone,
    Timetable,
    academic_year_bounds,
    academic_year_label,
    academic_year_of,
    current_academic_year,
    current_cohort,
    due_state,
)
from app.models.data_revision import DataRevision
from app.models.enums import Phase, Role, SchoolType
from app.models.invitation import Invitation
from app.models.local_authority import LocalAuthority
from app.models.notification import (
    DigestStatus,
    Notification,
    NotificationDigest,
    NotificationKind,
    NotificationOptOut,
    NotificationStatus,
    Topic,
)
from app.models.outbox import OutboxAttachment, OutboxMessage
from app.models.school import School
from app.models.security import SignInAttempt
from app.models.two_step import RecoveryCode, TwoStepSecret
from app.models.user import RoleAssignment, User
from app.models.user_session import UserSession

__all__ = [
    "ApiToken",
    "AuditAction",
    "AuditEvent",
    "CoreAction",
    "Cohort",
    "DataRevision",
    "CohortSchool",
    "DueState",
    "Milestone",
    "Timetable",
    "academic_year_bounds",
    "academic_year_label",
    "academic_year_of",
    "current_academic_year",
    "current_cohort",
    "due_state",
    "Invitation",
    "LocalAuthority",
    "DigestStatus",
    "Notification",
    "NotificationDigest",
    "NotificationKind",
    "NotificationOptOut",
    "NotificationStatus",
    "Topic",
    "OutboxAttachment",
    "OutboxMessage",
    "Phase",
    "RecoveryCode",
    "Role",
    "RoleAssignment",
    "School",
    "SchoolType",
    "SignInAttempt",
    "TwoStepSecret",
    "User",
    "UserSession",
]
