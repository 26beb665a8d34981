"""A loaded framework file, kept whole so every self-evaluation keeps the wording it was made with."""

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class FrameworkVersion(Base):
    """One loaded framework file. Never edited: a new wording is a new version, so existing
    self-evaluations keep the framework they were made with."""

    __tablename__ = "framework_version"
    __table_args__ = (UniqueConstraint("la_id", "key", "version"),)

    # None for the frameworks that ship with the service; an LA's id for one its lead loaded.
    la_id: Mapped[int | None] = mapped_column(
        ForeignKey("local_authority.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    # Deferred: every self-evaluation loads its version, and the parsed framework is kept per
    # process (selfeval.interfaces.frameworks.framework_of), so the file is read only to parse it.
    definition: Mapped[dict] = mapped_column(JSON, deferred=True)
    source_text: Mapped[str] = mapped_column(Text, deferred=True)
    loaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
