"""The audit trail: who changed what, when, and the words for every kind of change."""

import enum

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class AuditAction(enum.Enum):
    """A kind of change: stored by its key ("plan.advanced"), shown to people by its words.

    Each package lists its own actions in a subclass; every subclass is known here, so the
    activity page can name any action stored, whichever package wrote it."""

    def __new__(cls, key: str, label: str):
        member = object.__new__(cls)
        member._value_ = key
        member.label = label
        return member

    @property
    def key(self) -> str:
        return self.value

    @staticmethod
    def every() -> list["AuditAction"]:
        return [action for kind in AuditAction.__subclasses__() for action in kind]

    @staticmethod
    def describe(key: str) -> str:
        for kind in AuditAction.__subclasses__():
            try:
                return kind(key).label
            except ValueError:
                continue
        return key


class AuditEvent(Base):
    """Who changed what, when. Written by interfaces in the same transaction as the change."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_la_id_created_at", "la_id", "created_at"),)

    la_id: Mapped[int | None] = mapped_column(ForeignKey("local_authority.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class CoreAction(AuditAction):
    LA_CREATED = ("la.created", "Local authority created")
    LA_UPDATED = ("la.updated", "Local authority details changed")
    SCHOOL_CREATED = ("school.created", "School added")
    SCHOOL_UPDATED = ("school.updated", "School details changed")
    SCHOOL_DELETED = ("school.deleted", "School removed")
    SCHOOLS_IMPORTED = ("schools.imported", "Schools imported")
    INVITATION_SENT = ("invitation.sent", "Invitation sent")
    INVITATION_RESENT = ("invitation.resent", "Invitation sent again")
    INVITATION_REVOKED = ("invitation.revoked", "Invitation cancelled")
    INVITATION_ACCEPTED = ("invitation.accepted", "Invitation accepted")
    ROLE_GRANTED = ("role.granted", "Role given")
    ROLE_CHANGED = ("role.changed", "Role changed")
    ROLE_REMOVED = ("role.removed", "Role removed")
    ASSURER_COHORTS_CHANGED = ("role.assurer_cohorts_changed", "Quality assurer's cohorts changed")
    USER_DEACTIVATED = ("user.deactivated", "Person deactivated")
    USER_REACTIVATED = ("user.reactivated", "Person reactivated")
    USER_PASSWORD_CHANGED = ("user.password_changed", "Password changed")
    COHORT_CREATED = ("cohort.created", "Cohort created")
    COHORT_UPDATED = ("cohort.updated", "Cohort's schools changed")
    COHORT_COPIED = ("cohort.copied", "Cohort copied into the next year")
    COHORT_TIMETABLE_CHANGED = ("cohort.timetable_changed", "Cohort's timetable changed")
    LA_BENCHMARK_SHARING_CHANGED = ("la.benchmark_sharing_changed", "Sharing with the programme network changed")
    API_TOKEN_CREATED = ("api_token.created", "Data feed token created")
    API_TOKEN_REVOKED = ("api_token.revoked", "Data feed token revoked")
    API_TOKEN_USED = ("api_token.used", "Data feed read")
    LA_EXPORTED = ("la.exported", "All the local authority's data downloaded")
    USER_SIGNED_OUT_EVERYWHERE = ("user.signed_out_everywhere", "Signed out everywhere")
    LA_PRIVACY_NOTICE_CHANGED = ("la.privacy_notice_changed", "Privacy notice changed")
    LA_RETENTION_CHANGED = ("la.retention_changed", "How long finished cohorts' records are kept changed")
    RETENTION_APPLIED = ("retention.applied", "Records past their retention date removed")
    TWO_STEP_ON = ("two_step.on", "Two-step sign-in turned on")
    TWO_STEP_OFF = ("two_step.off", "Two-step sign-in turned off")
    TWO_STEP_RESET = ("two_step.reset", "Two-step sign-in reset")
    RECOVERY_CODE_USED = ("two_step.recovery_code_used", "Recovery code used to sign in")
    LA_TWO_STEP_REQUIREMENT_CHANGED = ("la.two_step_requirement_changed", "Two-step sign-in requirement changed")
    PERSONAL_DATA_EXPORTED = ("user.data_exported", "Everything held about a person downloaded")
    USER_ERASED = ("user.erased", "Person's details erased")
