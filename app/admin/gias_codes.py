"""How an establishment in Get Information about Schools (GIAS) becomes a school here: which ones
are part of the programme, and the phase and type each is given. One table, shown to the lead on
the import page (the "How GIAS types and phases are read" details), so the rule they read is the
rule that runs. No Flask, no database.

GIAS names its coded fields as pairs, "TypeOfEstablishment (code)" and "TypeOfEstablishment
(name)". A row is read by the name; the code is the fallback, because GIAS has reworded names
over the years ("Academy 16-19 converter" beside "Academy 16 to 19 sponsor led") while codes stay.
"""

from dataclasses import dataclass

from app.models.enums import Labelled, Phase, SchoolType


class LeftOut(Labelled):
    """Why a row of the file is not imported."""

    ANOTHER_LA = "In another local authority"
    CLOSED = "Closed"
    PROPOSED_TO_OPEN = "Proposed to open: not open yet"
    INDEPENDENT = "Independent or non-maintained: not state-funded"
    NOT_IN_PROGRAMME = "Not part of the programme"
    NO_PHASE = "GIAS gives no phase of education for this type"
    UNKNOWN_TYPE = "A type of establishment this service does not know"
    UNKNOWN_STATUS = "A status this service does not know"
    UNREADABLE = "The URN or name cannot be used"
    REPEATED = "The URN is on an earlier row too"


@dataclass(frozen=True)
class EstablishmentType:
    code: str
    name: str
    school_type: SchoolType | None  # None: left out, for `left_out`
    phase: Phase | None = None  # the phase whatever GIAS says; None: GIAS's own phase
    left_out: LeftOut | None = None
    aliases: tuple[str, ...] = ()

    @property
    def included(self) -> bool:
        return self.school_type is not None


def _in(code: str, name: str, school_type: SchoolType, phase: Phase | None = None,
        aliases: tuple[str, ...] = ()) -> EstablishmentType:
    return EstablishmentType(code, name, school_type, phase, None, aliases)


def _out(code: str, name: str, reason: LeftOut) -> EstablishmentType:
    return EstablishmentType(code, name, None, None, reason)


S, AP, P16 = Phase.SPECIAL, Phase.ALTERNATIVE_PROVISION, Phase.POST_16

# GIAS's "TypeOfEstablishment" code list, in code order. State-funded schools are in; independent
# and non-maintained schools, colleges, universities and the rest are out, each with its reason.
TYPES: tuple[EstablishmentType, ...] = (
    _in("1", "Community school", SchoolType.COMMUNITY),
    _in("2", "Voluntary aided school", SchoolType.VOLUNTARY_AIDED),
    _in("3", "Voluntary controlled school", SchoolType.VOLUNTARY_CONTROLLED),
    _in("5", "Foundation school", SchoolType.FOUNDATION),
    # GIAS groups the last city technology colleges with independent schools, but they are
    # state-funded, and the Department counts them with state-funded secondary schools.
    _in("6", "City technology college", SchoolType.OTHER),
    _in("7", "Community special school", SchoolType.SPECIAL_SCHOOL, S),
    _out("8", "Non-maintained special school", LeftOut.INDEPENDENT),
    _out("10", "Other independent special school", LeftOut.INDEPENDENT),
    _out("11", "Other independent school", LeftOut.INDEPENDENT),
    _in("12", "Foundation special school", SchoolType.SPECIAL_SCHOOL, S),
    _in("14", "Pupil referral unit", SchoolType.PUPIL_REFERRAL_UNIT, AP),
    # Maintained by the LA, but not a "community school" in law: the service's Other.
    _in("15", "Local authority nursery school", SchoolType.OTHER, Phase.NURSERY,
        aliases=("LA nursery school",)),
    _out("18", "Further education", LeftOut.NOT_IN_PROGRAMME),
    _out("24", "Secure units", LeftOut.NOT_IN_PROGRAMME),
    _out("25", "Offshore schools", LeftOut.NOT_IN_PROGRAMME),
    _out("26", "Service children's education", LeftOut.NOT_IN_PROGRAMME),
    _out("27", "Miscellaneous", LeftOut.NOT_IN_PROGRAMME),
    _in("28", "Academy sponsor led", SchoolType.ACADEMY),
    _out("29", "Higher education institutions", LeftOut.NOT_IN_PROGRAMME),
    _out("30", "Welsh establishment", LeftOut.NOT_IN_PROGRAMME),
    _out("31", "Sixth form centres", LeftOut.NOT_IN_PROGRAMME),
    _out("32", "Special post 16 institution", LeftOut.NOT_IN_PROGRAMME),
    _in("33", "Academy special sponsor led", SchoolType.SPECIAL_SCHOOL, S),
    _in("34", "Academy converter", SchoolType.ACADEMY),
    _in("35", "Free schools", SchoolType.FREE_SCHOOL, aliases=("Free school",)),
    _in("36", "Free schools special", SchoolType.SPECIAL_SCHOOL, S),
    _out("37", "British schools overseas", LeftOut.NOT_IN_PROGRAMME),
    # An alternative provision academy or free school keeps its type; its phase says what it is.
    _in("38", "Free schools alternative provision", SchoolType.FREE_SCHOOL, AP),
    _in("39", "Free schools 16 to 19", SchoolType.FREE_SCHOOL, P16, aliases=("Free schools 16-19",)),
    _in("40", "University technical college", SchoolType.ACADEMY),
    _in("41", "Studio schools", SchoolType.ACADEMY, aliases=("Studio school",)),
    _in("42", "Academy alternative provision converter", SchoolType.ACADEMY, AP),
    _in("43", "Academy alternative provision sponsor led", SchoolType.ACADEMY, AP),
    _in("44", "Academy special converter", SchoolType.SPECIAL_SCHOOL, S),
    _in("45", "Academy 16-19 converter", SchoolType.ACADEMY, P16, aliases=("Academy 16 to 19 converter",)),
    _in("46", "Academy 16 to 19 sponsor led", SchoolType.ACADEMY, P16, aliases=("Academy 16-19 sponsor led",)),
    _out("49", "Online provider", LeftOut.NOT_IN_PROGRAMME),
    _out("56", "Institution funded by other government department", LeftOut.NOT_IN_PROGRAMME),
    # The secure school is an academy, but a secure setting like the secure units.
    _out("57", "Academy secure 16 to 19", LeftOut.NOT_IN_PROGRAMME),
)


@dataclass(frozen=True)
class Coded:
    """One value of a GIAS code list and what it means here."""

    code: str
    name: str
    means: object  # a Phase (None: no phase), or a LeftOut for a status (None: included)


# "PhaseOfEducation": the phase of a school whose type does not fix it.
PHASES: tuple[Coded, ...] = (
    Coded("0", "Not applicable", None),
    Coded("1", "Nursery", Phase.NURSERY),
    Coded("2", "Primary", Phase.PRIMARY),
    Coded("3", "Middle deemed primary", Phase.PRIMARY),
    Coded("4", "Secondary", Phase.SECONDARY),
    Coded("5", "Middle deemed secondary", Phase.SECONDARY),
    Coded("6", "16 plus", Phase.POST_16),
    Coded("7", "All-through", Phase.ALL_THROUGH),
)

# "EstablishmentStatus": open schools are in, even those proposed to close (they are still open).
STATUSES: tuple[Coded, ...] = (
    Coded("1", "Open", None),
    Coded("2", "Closed", LeftOut.CLOSED),
    Coded("3", "Open, but proposed to close", None),
    Coded("4", "Proposed to open", LeftOut.PROPOSED_TO_OPEN),
)


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _index(entries, names) -> tuple[dict, dict]:
    by_name = {_key(n): e for e in entries for n in names(e)}
    by_code = {e.code: e for e in entries}
    return by_name, by_code


_TYPES = _index(TYPES, lambda t: (t.name, *t.aliases))
_PHASES = _index(PHASES, lambda p: (p.name,))
_STATUSES = _index(STATUSES, lambda s: (s.name,))


def _find(index: tuple[dict, dict], name: str, code: str):
    by_name, by_code = index
    return by_name.get(_key(name)) or by_code.get(code.strip())


@dataclass(frozen=True)
class Reading:
    """What a row means here: a phase and type, or why it is left out."""

    phase: Phase | None = None
    school_type: SchoolType | None = None
    left_out: LeftOut | None = None


def read(status: str, type_name: str, phase_name: str, status_code: str = "", type_code: str = "",
         phase_code: str = "") -> Reading:
    """The rule, applied to one row's status, type and phase (each by name, or by code)."""
    found_status = _find(_STATUSES, status, status_code)
    if found_status is None:
        return Reading(left_out=LeftOut.UNKNOWN_STATUS)
    if found_status.means is not None:
        return Reading(left_out=found_status.means)
    kind = _find(_TYPES, type_name, type_code)
    if kind is None:
        return Reading(left_out=LeftOut.UNKNOWN_TYPE)
    if not kind.included:
        return Reading(left_out=kind.left_out)
    if kind.phase is not None:
        return Reading(kind.phase, kind.school_type)
    found_phase = _find(_PHASES, phase_name, phase_code)
    if found_phase is None or found_phase.means is None:
        return Reading(left_out=LeftOut.NO_PHASE)
    return Reading(found_phase.means, kind.school_type)
