"""Enumerations shared by models, forms and templates. Stored by name as plain strings."""

import enum

from sqlalchemy import Enum


def string_enum(enum_cls: type[enum.Enum]) -> Enum:
    # Non-native: a VARCHAR on every database, so adding a member never needs an ALTER TYPE.
    return Enum(enum_cls, native_enum=False, length=40, validate_strings=True)


class Labelled(enum.Enum):
    """An enum whose value is the words shown to people."""

    @property
    def label(self) -> str:
        return self.value


class Role(Labelled):
    PLATFORM_ADMIN = "Platform administrator"
    LA_LEAD = "LA SEND lead"
    SENCO = "SENCO"
    HEADTEACHER = "Headteacher"
    # A deputy, an assistant SENCO, a governor for SEND: reads their school's work, changes nothing.
    STAFF = "Other school staff"
    QUALITY_ASSURER = "Quality assurer"
    PROGRAMME_ANALYST = "Programme analyst"

    @property
    def scope(self) -> str:
        if self in (Role.PLATFORM_ADMIN, Role.PROGRAMME_ANALYST):
            return "global"
        if self in (Role.SENCO, Role.HEADTEACHER, Role.STAFF):
            return "school"
        return "la"

    @classmethod
    def invitable_by_la(cls) -> list["Role"]:
        return [cls.LA_LEAD, cls.SENCO, cls.HEADTEACHER, cls.STAFF, cls.QUALITY_ASSURER]


class Phase(Labelled):
    NURSERY = "Nursery"
    PRIMARY = "Primary"
    SECONDARY = "Secondary"
    ALL_THROUGH = "All-through"
    SPECIAL = "Special"
    ALTERNATIVE_PROVISION = "Alternative provision"
    POST_16 = "Post-16"


class SchoolType(Labelled):
    COMMUNITY = "Community school"
    VOLUNTARY_AIDED = "Voluntary aided school"
    VOLUNTARY_CONTROLLED = "Voluntary controlled school"
    FOUNDATION = "Foundation school"
    ACADEMY = "Academy"
    FREE_SCHOOL = "Free school"
    SPECIAL_SCHOOL = "Special school"
    PUPIL_REFERRAL_UNIT = "Pupil referral unit"
    OTHER = "Other"


def lookup(enum_cls: type[enum.Enum], text: str):
    """Find a member by name or label, ignoring case, spaces and hyphens (for CSV imports)."""
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    for member in enum_cls:
        for candidate in (member.name, member.value):
            if "".join(ch for ch in candidate.lower() if ch.isalnum()) == key:
                return member
    return None
