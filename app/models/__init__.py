from app.models.audit import AuditEvent
from app.models.cohort import (
    Cohort,
    CohortSchool,
    academic_year_bounds,
    academic_year_label,
    academic_year_of,
    current_academic_year,
    current_cohort,
)
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
    "academic_year_bounds",
    "academic_year_label",
    "academic_year_of",
    "current_academic_year",
    "current_cohort",
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
]
