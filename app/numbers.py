"""Figures for people: rounded half up (2.125 shows as 2.13, 0.5 as 1), as people and Excel's ROUND
do, and the same on every page, chart, download and document.

Python's round() and format() round half to even and work on the binary value, so 2.125 would show
as 2.12 and 2.675 as 2.67. Here the value is first cut to nine decimals (which removes the binary
noise of a mean such as 2.1249999999999996) and then rounded in decimal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MISSING = "–"


def round_half_up(value, places: int = 0) -> Decimal | None:
    """The value rounded to `places` decimals, halves away from zero; None when it is missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):  # None, pandas' NA
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    rounded = Decimal(repr(round(number, 9))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else abs(rounded)  # never "-0.00"


def number_text(value, places: int = 0, *, signed: bool = False, percent: bool = False,
                missing: str = MISSING) -> str:
    """The value as shown: 2.13, +0.20 (signed), 17% (percent, from a share of 0.17)."""
    rounded = round_half_up(float(value) * 100 if percent and _known(value) else value, places)
    if rounded is None:
        return missing
    text = f"{rounded:{'+' if signed and rounded != 0 else ''}.{places}f}"
    return text + "%" if percent else text


def _known(value) -> bool:
    return round_half_up(value, 9) is not None


@dataclass(frozen=True)
class Number:
    """A figure for a page and its downloads: the page shows `str(number)`; a spreadsheet holds the
    rounded number with a number format that shows it the same way."""

    value: object
    places: int = 0
    signed: bool = False
    percent: bool = False

    def __str__(self) -> str:
        return number_text(self.value, self.places, signed=self.signed, percent=self.percent)

    @property
    def missing(self) -> bool:
        return not _known(self.value)

    @property
    def rounded(self) -> int | float | None:
        """What a spreadsheet cell holds: a percentage as its share (17% as 0.17)."""
        if self.percent:
            shown = round_half_up(float(self.value) * 100, self.places) if not self.missing else None
            return None if shown is None else float(shown / 100)
        rounded = round_half_up(self.value, self.places)
        if rounded is None:
            return None
        return int(rounded) if self.places == 0 else float(rounded)

    @property
    def number_format(self) -> str:
        digits = "0" + ("." + "0" * self.places if self.places else "")
        if self.percent:
            return digits + "%"
        if self.signed:
            return f"+{digits};-{digits};{digits}"
        return digits
