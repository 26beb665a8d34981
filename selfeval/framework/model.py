"""The framework as data: frozen dataclasses, so a parsed framework can be shared and cached freely."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MAINSTREAM = "mainstream"
SPECIALIST = "specialist"
SPECIAL_PHASE = "SPECIAL"


class FrameworkError(ValueError):
    """A framework file or stored definition that cannot be used. `messages` lists every problem."""

    def __init__(self, messages: Sequence[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    description: str


@dataclass(frozen=True)
class Scale:
    levels: tuple[Level, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    @property
    def min(self) -> int:
        return self.levels[0].value

    @property
    def max(self) -> int:
        return self.levels[-1].value

    def contains(self, value: object) -> bool:
        # bool is an int in Python: True must not pass as a rating of 1.
        return isinstance(value, int) and not isinstance(value, bool) and value in self.values

    def level(self, value: int) -> Level:
        if self.contains(value):
            return self.levels[self.values.index(value)]
        raise ValueError(f"{value!r} is not on the scale {self.min} to {self.max}")

    def label(self, value: int) -> str:
        return self.level(value).label


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    hint: str
    evidence_prompts: tuple[str, ...]
    pupil_text: str | None = None

    @property
    def area_id(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Area:
    id: str
    number: int
    title: str
    scope: str
    statements: tuple[Statement, ...]

    @property
    def statement_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.statements)

    def statement(self, statement_id: str) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(f"area '{self.id}' has no statement '{statement_id}'")


@dataclass(frozen=True)
class Variant:
    """One concrete version of the framework (mainstream or specialist), overrides applied."""

    id: str
    title: str
    areas: tuple[Area, ...]

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for area in self.areas for s in area.statements)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(f"variant '{self.id}' has no area '{area_id}'")

    def statement(self, statement_id: str) -> Statement:
        for statement in self.statements:
            if statement.id == statement_id:
                return statement
        raise KeyError(f"variant '{self.id}' has no statement '{statement_id}'")

    def area_of(self, statement_id: str) -> Area:
        for area in self.areas:
            if statement_id in area.statement_ids:
                return area
        raise KeyError(f"variant '{self.id}' has no statement '{statement_id}'")


@dataclass(frozen=True)
class Source:
    """Where the framework's structure comes from. The wording itself is always our own."""

    title: str
    publisher: str
    edition: str | None = None
    published: str | None = None
    urls: tuple[str, ...] = ()
    area_titles_confirmed: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Framework:
    key: str
    version: str
    title: str
    source: Source
    scale: Scale
    # Read-only and ordered: the first variant is the default. Templates iterate `.items()`.
    variants: Mapping[str, Variant]

    @property
    def default_variant(self) -> Variant:
        return next(iter(self.variants.values()))

    def variant(self, variant_id: str) -> Variant:
        try:
            return self.variants[variant_id]
        except KeyError:
            known = ", ".join(self.variants)
            raise KeyError(f"framework '{self.key}' has no variant '{variant_id}' (it has {known})") from None

    def variant_for_phase(self, phase_name: str) -> Variant:
        """The variant for a school's phase, given by name (e.g. `school.phase.name`).

        A special school gets the specialist variant; every other phase the mainstream one. A framework
        without that variant falls back to its first, so an LA's single-variant file still works.
        """
        wanted = SPECIALIST if (phase_name or "").strip().upper() == SPECIAL_PHASE else MAINSTREAM
        return self.variants.get(wanted) or self.default_variant

    def statement(self, statement_id: str, variant_id: str | None = None) -> Statement:
        """A statement by id, worded for `variant_id`, or for the first variant that has it."""
        variants = [self.variant(variant_id)] if variant_id else list(self.variants.values())
        for variant in variants:
            for statement in variant.statements:
                if statement.id == statement_id:
                    return statement
        raise KeyError(f"framework '{self.key}' has no statement '{statement_id}'")

    def area(self, area_id: str, variant_id: str | None = None) -> Area:
        variant = self.variant(variant_id) if variant_id else self.default_variant
        return variant.area(area_id)
