"""The network's figures kept as counts per LA and year, so that the analyst's pages read a few
thousand summary rows instead of every rating in the network. Kept for every LA whatever its
sharing choice (the read picks the sharing LAs), and recounted from the LA's own ratings whenever
one of its self-evaluations is submitted or reopened (selfeval/interfaces/network_summary.py)."""

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base
from app.models.enums import string_enum
from selfeval.types import NetworkCountKind


class NetworkCountRow(Base):
    """How many of an LA's schools gave `value` for `key` in a year (of one phase, or "" for all)."""

    __tablename__ = "network_count"
    __table_args__ = (
        # Also the path of a recount, which replaces one LA's rows for a year or two.
        UniqueConstraint("la_id", "start_year", "kind", "key", "phase", "value"),
        # The reads: one kind and year, added up per key, phase and value over the sharing LAs.
        # Every column the reads use is in the index, in the order they group by, so they walk the
        # index alone, already in groups, and never the table.
        Index("ix_network_count_kind_start_year_key", "kind", "start_year", "key", "phase", "value", "la_id",
              "schools"),
    )

    la_id: Mapped[int] = mapped_column(ForeignKey("local_authority.id", ondelete="CASCADE"))
    start_year: Mapped[int]
    kind: Mapped[NetworkCountKind] = mapped_column(string_enum(NetworkCountKind))
    key: Mapped[str] = mapped_column(String(80))  # an area or statement id; "" for SCHOOLS
    phase: Mapped[str] = mapped_column(String(40), default="")  # a Phase name, or "" when not by phase
    value: Mapped[int]
    schools: Mapped[int]


class NetworkRevision(Base):
    """One row, whose number goes up with every recount, in the same transaction: what a cache of
    the figures is keyed on (network_fingerprint), read in one step whatever the network's size."""

    __tablename__ = "network_revision"

    revision: Mapped[int] = mapped_column(default=0)
