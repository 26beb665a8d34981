"""The retention job: which of an LA's finished cohorts have passed the date its lead set, what of
them would go, and removing it (`flask retention`, the lead's preview page). Each feature package
removes its own records (app.features.register_retention); the core removes the audit trail of the
years that have passed. Running it twice removes nothing the second time and records nothing."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, func, select

from app import features
from app.data_protection import COHORT_KINDS, DataKind, audit_kept_from, has_passed, kept_until
from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.cohorts import list_cohorts
from app.models import AuditEvent, Cohort, LocalAuthority, OutboxMessage
from app.models.audit import CoreAction


@dataclass
class CohortRetention:
    cohort: Cohort
    kept_until: date
    finished: bool  # its academic year has ended
    passed: bool  # its records are past their date: the job removes them
    counts: dict[DataKind, int] = field(default_factory=dict)  # what there is to remove (finished cohorts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Retention:
    la: LocalAuthority
    today: date
    years: int
    cohorts: list[CohortRetention]
    audit_kept_from: date
    audit_entries: int  # audit trail entries written before `audit_kept_from`

    def removed(self) -> dict[DataKind, int]:
        """What the job removes today, by kind: the passed cohorts' records and the old audit trail."""
        totals = {kind: sum(c.counts.get(kind, 0) for c in self.cohorts if c.passed) for kind in COHORT_KINDS}
        totals[DataKind.AUDIT] = self.audit_entries
        return {kind: count for kind, count in totals.items() if count}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _cohort_records(la: LocalAuthority, cohort: Cohort, remove: bool) -> dict[DataKind, int]:
    counts: dict[DataKind, int] = {}
    for provider in features.retention_providers():
        for kind, count in provider(la, cohort, remove).items():
            counts[kind] = counts.get(kind, 0) + count
    return counts


def preview(la: LocalAuthority, today: date | None = None) -> Retention:
    """What the rule removes, and when: every cohort with its date, and for each finished one what
    there is to remove (removed today if its date has passed, else on the day after its date)."""
    today = today or utcnow().date()
    years = la.retention_years
    rows = []
    for cohort in list_cohorts(la):
        finished = cohort.bounds[1] < today
        row = CohortRetention(cohort, kept_until(cohort.start_year, years), finished,
                              has_passed(cohort.start_year, years, today))
        if finished:
            row.counts = _cohort_records(la, cohort, remove=False)
        rows.append(row)
    kept_from = audit_kept_from(today, years)
    old_entries = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.la_id == la.id, AuditEvent.created_at < _start_of(kept_from))) or 0
    return Retention(la, today, years, rows, kept_from, old_entries)


def apply(la: LocalAuthority, today: date | None = None) -> Retention:
    """Remove what has passed its date, and record in the LA's audit trail what went (only when
    something did). Returns what there was to remove."""
    found = preview(la, today)
    removed = found.removed()
    if not removed:
        return found
    for row in found.cohorts:
        if row.passed and row.total:
            _cohort_records(la, row.cohort, remove=True)
    db.session.execute(delete(AuditEvent).where(
        AuditEvent.la_id == la.id, AuditEvent.created_at < _start_of(found.audit_kept_from)),
        execution_options={"synchronize_session": False})
    # Flat, so the activity page reads it as "cohorts: 2015/16; plans: 3; ...".
    audit.record(la, CoreAction.RETENTION_APPLIED, la, years=found.years,
                 cohorts=", ".join(row.cohort.academic_year for row in found.cohorts if row.passed and row.total),
                 **{kind.value: count for kind, count in removed.items()})
    db.session.flush()
    return found


def every_la() -> list[LocalAuthority]:
    return list(db.session.scalars(select(LocalAuthority).order_by(LocalAuthority.name)))


def purge_outbox(age: timedelta) -> int:
    """Delete outbox e-mails older than `age` (their attachments go with them: ON DELETE CASCADE)."""
    result = db.session.execute(delete(OutboxMessage).where(OutboxMessage.created_at < utcnow() - age),
                                execution_options={"synchronize_session": False})
    return result.rowcount or 0
