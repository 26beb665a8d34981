from app.models.audit import AuditEvent
from app.models.cohort import Cohort, CohortSchool, academic_year_label
from app.models.enums import Phase, Role, SchoolType
from app.models.invitation import Invitation
from app.models.local_authority import LocalAuthority
from app.models.outbox import OutboxMessage
from app.models.school import School
from app.models.security import SignInAttempt
from app.models.user import RoleAssignment, User

__all__ = [
    "AuditEvent",
    "Cohort",
    "CohortSchool",
    "Invitation",
    "LocalAuthority",
    "OutboxMessage",
    "Phase",
    "Role",
    "RoleAssignment",
    "School",
    "SchoolType",
    "SignInAttempt",
    "User",
    "academic_year_label",
]
