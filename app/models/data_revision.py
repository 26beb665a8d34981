"""A number per LA that goes up, in the same transaction, whenever anything of that LA is written:
what a page kept once drawn is keyed on (app/kept_pages.py). Row la_id 0 stands for writes that are
not one LA's (people and their roles, the platform administrator's pages, commands run from cron)."""

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class DataRevision(Base):
    __tablename__ = "data_revision"

    la_id: Mapped[int] = mapped_column(unique=True)  # not a foreign key: 0 is not an LA
    revision: Mapped[int] = mapped_column(BigInteger, default=0)
