"""Figures round half up, the same everywhere: the helper every table, chart, download and
document uses."""

from decimal import Decimal

import pandas as pd
import pytest

from app.numbers import Number, number_text, round_half_up


@pytest.mark.parametrize(("value", "places", "shown"), [
    (2.125, 2, "2.13"),  # exact in binary: Python's round() and format() give 2.12
    (2.135, 2, "2.14"),  # just below in binary (2.13499...): people and Excel's ROUND say 2.14
    (2.675, 2, "2.68"),
    (17 / 8, 2, "2.13"),  # a mean of eight ratings: 2, 2, 2, 2, 2, 2, 2, 3
    (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"),  # integers: never to the even one
    (-0.5, 0, "-1"), (-2.125, 2, "-2.13"),  # halves away from zero, as Excel's ROUND
    (2.25, 1, "2.3"), (3, 1, "3.0"),
    (-0.001, 2, "0.00"),  # never "-0.00"
])
def test_halves_round_up(value, places, shown):
    assert number_text(value, places) == shown
    assert round_half_up(value, places) == Decimal(shown)


def test_signed_percent_and_missing():
    assert number_text(0.2, 2, signed=True) == "+0.20"
    assert number_text(-0.2, 2, signed=True) == "-0.20"
    assert number_text(0, 2, signed=True) == "0.00"
    assert number_text(0.125, 0, percent=True) == "13%"  # 12.5% -> 13%, not 12%
    assert number_text(1 / 6, 0, percent=True) == "17%"
    for missing in (None, pd.NA, float("nan")):
        assert number_text(missing, 2) == "–" and round_half_up(missing) is None


def test_a_number_holds_what_a_spreadsheet_needs():
    assert (Number(2.125, 2).rounded, Number(2.125, 2).number_format, str(Number(2.125, 2))) == (2.13, "0.00", "2.13")
    assert (Number(0.125, 0, percent=True).rounded, Number(0.125, 0, percent=True).number_format) == (0.13, "0%")
    signed = Number(-0.2, 2, signed=True)
    assert (signed.rounded, signed.number_format, str(signed)) == (-0.2, "+0.00;-0.00;0.00", "-0.20")
    assert Number(2.5).rounded == 3 and isinstance(Number(2.5).rounded, int)
    assert Number(None, 2).missing and Number(None, 2).rounded is None
