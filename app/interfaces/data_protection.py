"""The LA lead's data protection settings: the LA's privacy notice and how long a finished cohort's
records are kept."""

from app.data_protection import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, default_privacy_notice
from app.db import utcnow
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import LocalAuthority
from app.models.audit import CoreAction


def privacy_notice(la: LocalAuthority) -> str:
    """The notice people read: the lead's own, or the service's default in the LA's name."""
    return la.privacy_notice or default_privacy_notice(la.name, la.retention_years)


def set_privacy_notice(la: LocalAuthority, text: str, version: int | None) -> LocalAuthority:
    """Save the lead's notice as a new numbered version. Raises EditConflict when someone saved the
    LA since `version`, Invalid when the notice is empty."""
    expect_version(la, version)
    text = text.strip().replace("\r\n", "\n")
    if not text:
        raise Invalid({"notice": "Enter the privacy notice"})
    if text == privacy_notice(la).strip():
        return la
    la.privacy_notice = text
    la.privacy_notice_version += 1
    la.privacy_notice_changed_at = utcnow()
    flush_or_conflict()
    # The notice itself is public; the trail says which version, and how long it was, not the words.
    audit.record(la, CoreAction.LA_PRIVACY_NOTICE_CHANGED, la, notice_version=la.privacy_notice_version,
                 characters=len(text))
    return la


def set_retention_years(la: LocalAuthority, years: int, version: int | None) -> LocalAuthority:
    expect_version(la, version)
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise Invalid({"years": f"Enter a number of years from {MIN_RETENTION_YEARS} to {MAX_RETENTION_YEARS}"})
    if la.retention_years == years:
        return la
    before = la.retention_years
    la.retention_years = years
    flush_or_conflict()
    audit.record(la, CoreAction.LA_RETENTION_CHANGED, la, years={"from": before, "to": years})
    return la

