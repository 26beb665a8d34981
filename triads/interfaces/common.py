"""Shared pieces of the triads interfaces."""

from datetime import date

from app.models import Cohort


class Invalid(ValueError):
    """Input refused, with a message per form field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def academic_year_bounds(cohort: Cohort) -> tuple[date, date]:
    return date(cohort.start_year, 9, 1), date(cohort.start_year + 1, 8, 31)
