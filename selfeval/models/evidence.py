"""Evidence files uploaded behind an area's answers."""

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, TenantOwned


class EvidenceFile(TenantOwned, Base):
    """Stored in the database so every worker sees it and backups include it; 5 MB at most."""

    __tablename__ = "evidence_file"

    area_response_id: Mapped[int] = mapped_column(
        ForeignKey("area_response.id", ondelete="CASCADE"), index=True
    )
    statement_id: Mapped[str | None] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
