"""The framework versions an LA may use: those that ship with the service and the LA's own."""

from sqlalchemy import or_, select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid
from app.models import LocalAuthority, User
from selfeval import framework as fw
from selfeval.models import FrameworkVersion
from selfeval.types import SelfEvaluationAction


class DuplicateFramework(Invalid):
    """That version of that framework is loaded already: a changed wording needs a new version."""

    def __init__(self, message: str):
        super().__init__({"file": message})


def load_framework(text: str, filename: str, la: LocalAuthority | None = None,
                   loaded_by: User | None = None) -> FrameworkVersion:
    """Parse, validate and store a framework file. Raises fw.FrameworkError or DuplicateFramework."""
    parsed = fw.parse(text, filename)
    owner = FrameworkVersion.la_id == la.id if la else FrameworkVersion.la_id.is_(None)
    existing = db.session.scalar(
        select(FrameworkVersion).where(
            owner, FrameworkVersion.key == parsed.key, FrameworkVersion.version == parsed.version
        )
    )
    if existing is not None:
        raise DuplicateFramework(
            f"Version {parsed.version} of '{parsed.title}' is already loaded. "
            "Give the file a new version number to load a changed wording."
        )
    version = FrameworkVersion(
        la_id=la.id if la else None,
        key=parsed.key,
        version=parsed.version,
        title=parsed.title,
        filename=filename[:200],
        definition=fw.to_dict(parsed),
        source_text=text,
        loaded_by_id=loaded_by.id if loaded_by else None,
    )
    db.session.add(version)
    db.session.flush()
    audit.record(la, SelfEvaluationAction.FRAMEWORK_LOADED, version, key=parsed.key, version=parsed.version)
    return version


def load_bundled_frameworks() -> list[FrameworkVersion]:
    """Load every framework file that ships with the service and is not loaded yet."""
    loaded = []
    for path in fw.bundled_files():
        try:
            loaded.append(load_framework(path.read_text(encoding="utf-8"), path.name))
        except DuplicateFramework:
            continue
    return loaded


def list_frameworks(la: LocalAuthority) -> list[FrameworkVersion]:
    """The frameworks an LA may use: those that ship with the service and the LA's own."""
    stmt = (
        select(FrameworkVersion)
        .where(or_(FrameworkVersion.la_id.is_(None), FrameworkVersion.la_id == la.id))
        .order_by(FrameworkVersion.created_at.desc(), FrameworkVersion.id.desc())
    )
    return list(db.session.scalars(stmt))


def get_framework_version(la: LocalAuthority, version_id: int) -> FrameworkVersion:
    version = db.session.get(FrameworkVersion, version_id)
    if version is None or version.la_id not in (None, la.id):
        raise NotFound()
    return version


def current_framework(la: LocalAuthority,
                      versions: list[FrameworkVersion] | None = None) -> FrameworkVersion | None:
    """The framework new self-evaluations use: the LA's newest own one, else the newest shipped.
    Pass `versions` (from list_frameworks) to save the query."""
    versions = list_frameworks(la) if versions is None else versions
    own = [v for v in versions if v.la_id == la.id]
    return (own or versions or [None])[0]


# Parsed frameworks, kept per process: a version is never edited (a new wording is a new version),
# so its parse cannot go stale. Keyed on what names the row, not on the id alone, which SQLite may
# hand out again after a deletion.
_PARSED: dict[tuple, fw.Framework] = {}
_PARSED_KEPT = 256


def framework_of(version: FrameworkVersion) -> fw.Framework:
    """The parsed framework of a version, parsed once per process."""
    key = (version.id, version.la_id, version.key, version.version, version.created_at)
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = fw.from_dict(version.definition)
        if len(_PARSED) >= _PARSED_KEPT:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = parsed
    return parsed
