from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TenantOwned, Versioned
from app.models.enums import Phase, SchoolType, string_enum
from app.models.local_authority import LocalAuthority


class School(TenantOwned, Versioned, Base):
    __tablename__ = "school"
    # URNs are unique nationally, but uniqueness is checked per LA so that adding a school never
    # reveals whether another LA holds it.
    __table_args__ = (
        UniqueConstraint("la_id", "urn"),
        Index("ix_school_la_id_name", "la_id", "name"),
    )

    urn: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(120))
    phase: Mapped[Phase] = mapped_column(string_enum(Phase))
    school_type: Mapped[SchoolType] = mapped_column(string_enum(SchoolType))

    la: Mapped[LocalAuthority] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<School {self.urn} {self.name}>"
