"""Who may compare which cohorts, asked for a person and many cohorts at once (dashboards.access)."""

import pytest

from app.extensions import db
from app.interfaces import cohorts
from app.models import current_academic_year
from dashboards import access
from triads.interfaces import visits

NOW = current_academic_year()


@pytest.fixture
def years(world):
    """LA A's cohorts this year and last, its quality assurer assigned to last year's only."""
    a = world["a"]
    this = cohorts.create_cohort(a["la"], NOW, [a["school"], a["other_school"]])
    last = cohorts.create_cohort(a["la"], NOW - 1, [a["school"]])
    visits.assign_assurer(a["la"], last, a["qa"].id)
    db.session.commit()
    return this, last


def visible(world, who, la_key: str = "a", **kwargs):
    person = world[who] if who in ("admin", "analyst") else world[la_key][who]
    return access.visible_cohorts(world["a"]["la"], person, person.active_roles(), **kwargs)


def test_the_lead_sees_every_cohort_of_the_la_newest_first(world, years):
    assert visible(world, "lead") == list(years)
    assert access.sees_every_cohort(world["a"]["la"], world["a"]["lead"].active_roles())


def test_a_quality_assurer_sees_only_the_cohorts_assigned_to_them(world, years):
    this, last = years
    a = world["a"]
    assert visible(world, "qa") == [last]
    assert not access.sees_every_cohort(a["la"], a["qa"].active_roles())
    assert access.may_see_cohort(a["la"], a["qa"], a["qa"].active_roles(), last)
    assert not access.may_see_cohort(a["la"], a["qa"], a["qa"].active_roles(), this)


@pytest.mark.parametrize("who", ["senco", "head"])
def test_school_staff_see_no_cohort(world, years, who):
    assert visible(world, who) == []


@pytest.mark.parametrize("who", ["lead", "qa"])
def test_roles_in_another_la_count_for_nothing(world, years, who):
    assert visible(world, who, la_key="b") == []


@pytest.mark.parametrize("who", ["admin", "analyst"])
def test_global_roles_see_no_la_cohort(world, years, who):
    assert visible(world, who) == []


def test_asked_about_some_cohorts_it_answers_for_those_in_their_order(world, years):
    this, last = years
    assert visible(world, "lead", cohorts=[last, this]) == [last, this]
    assert visible(world, "qa", cohorts=[last, this]) == [last]
    assert visible(world, "qa", cohorts=[]) == []
