from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.interfaces import cohorts
from app.models import Cohort, LocalAuthority, Role, School, User
from tests.conftest import shared_fixture
from triads import interfaces as triads
from triads.models import Meeting, Triad

YEAR = 2025  # the 2025/26 cohort; "today" is fixed inside it by the `today` fixture
TODAY = date(2025, 11, 20)


@dataclass
class Programme:
    """LA A's 2025/26 cohort of six schools in two triads.

    North: School A One (world's SENCO and head), School A Two (coach), School A Three.
    South: School A Four (coach, with its own SENCO), Five, Six. School A Seven is in the LA but
    not in the cohort."""

    la: LocalAuthority
    cohort: Cohort
    schools: dict[str, School]
    north: Triad
    south: Triad
    south_senco: User
    outsider: School

    @property
    def base(self) -> str:
        return f"/la/{self.la.slug}/triads"

    def triad_url(self, triad: Triad, suffix: str = "") -> str:
        return f"{self.base}/{triad.id}{suffix}"

    def meeting(self, triad: Triad, number: int) -> Meeting:
        return next(m for m in triads.list_meetings(self.la, triad) if m.number == number)

    def meeting_url(self, triad: Triad, number: int, suffix: str = "") -> str:
        return f"{self.base}/{triad.id}/meetings/{self.meeting(triad, number).id}{suffix}"

    def ids(self, *keys: str) -> list[str]:
        return [str(self.schools[k].id) for k in keys]


@shared_fixture
def programme(world, make) -> Programme:
    a = world["a"]
    schools = {"one": a["school"], "two": a["other_school"]}
    for key in ("three", "four", "five", "six"):
        schools[key] = make.school(a["la"], name=f"School A {key.title()}")
    outsider = make.school(a["la"], name="School A Seven")
    cohort = cohorts.create_cohort(a["la"], YEAR, list(schools.values()))
    north = triads.create_triad(a["la"], cohort, "North",
                                [schools[k].id for k in ("one", "two", "three")], schools["two"].id)
    south = triads.create_triad(a["la"], cohort, "South",
                                [schools[k].id for k in ("four", "five", "six")], schools["four"].id)
    db.session.commit()
    south_senco = make.user(Role.SENCO, school=schools["four"], name="Senco Four")
    return Programme(a["la"], cohort, schools, north, south, south_senco, outsider)


@pytest.fixture
def today(monkeypatch):
    """Meetings judge "in the future" against this date."""
    from triads.interfaces import meetings

    monkeypatch.setattr(meetings, "utcnow", lambda: datetime(2025, 11, 20, 12, 0, tzinfo=UTC))
    return TODAY
