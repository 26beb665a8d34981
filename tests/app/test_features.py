"""The core's one extension point for triads (app.features): empty answers until the triads package
registers its own, and the core's cohort and home pages asking it rather than importing triads."""

from types import SimpleNamespace

import pytest

from app import features
from app.extensions import db
from app.interfaces import cohorts
from app.interfaces.errors import Invalid
from app.models import Cohort, LocalAuthority, current_academic_year
from tests.pages import page, text_of
from triads import interfaces as triads

LA_A = "/la/authority-a"


@pytest.fixture
def register():
    """Register a stand-in for the triads package for one test, and put the real one back after."""
    before = features.triads()
    yield features.register_triads
    features.register_triads(before)


def stand_in(**answers) -> features.TriadFeature:
    """A triads feature answering `answers` and nothing (empty) otherwise."""
    empty = {"triad_names_by_school": features.NO_TRIADS.triad_names_by_school,
             "list_triads": features.NO_TRIADS.list_triads,
             "copy_triads": features.NO_TRIADS.copy_triads,
             "triad_counts": features.NO_TRIADS.triad_counts}
    return features.TriadFeature(**{**empty, **answers})


@pytest.fixture
def cohort(world):
    a = world["a"]
    made = cohorts.create_cohort(a["la"], current_academic_year(), [a["school"], a["other_school"]])
    db.session.commit()
    return made


def test_without_triads_registered_the_core_hears_of_no_triads_and_nothing_overdue(register):
    register(features.NO_TRIADS)
    la, first, second = LocalAuthority(), Cohort(), Cohort()
    assert features.triads().triad_names_by_school(first) == {}
    assert list(features.triads().list_triads(la, first)) == []
    assert list(features.triads().copy_triads(la, first, second)) == []


def test_a_registration_must_answer_every_question():
    with pytest.raises(TypeError):
        features.TriadFeature(triad_names_by_school=lambda cohort: {})  # type: ignore[call-arg]


def test_the_app_registers_the_triads_packages_answers(app):
    registered = features.triads()
    assert registered.triad_names_by_school is triads.triad_names_by_school
    assert registered.list_triads is triads.list_triads
    assert registered.copy_triads is triads.copy_triads
    assert registered.triad_counts is triads.triad_counts


def test_without_triads_a_school_may_leave_a_cohort(register, world, cohort):
    register(features.NO_TRIADS)
    a = world["a"]
    cohorts.update_cohort(a["la"], cohort, cohort.name, [a["school"]], cohort.version)
    assert {m.school_id for m in cohort.members} == {a["school"].id}


def test_a_school_the_feature_places_in_a_triad_may_not_leave_the_cohort(register, world, cohort):
    a = world["a"]
    asked = []

    def names(of: Cohort) -> dict[int, str]:
        asked.append(of)
        return {a["other_school"].id: "Riverside"}

    register(stand_in(triad_names_by_school=names))
    with pytest.raises(Invalid) as refused:
        cohorts.update_cohort(a["la"], cohort, cohort.name, [a["school"]], cohort.version)
    assert asked == [cohort]
    assert "School A Two is in the triad Riverside" in refused.value.errors["schools"]


def test_cohort_pages_show_the_triads_the_feature_lists(register, signed_in, world, cohort):
    a = world["a"]
    riverside = SimpleNamespace(id=7, name="Riverside", school_ids=[a["school"].id, a["other_school"].id],
                                coach_school_id=a["school"].id)
    register(stand_in(list_triads=lambda la, of: [riverside] if of.id == cohort.id else [],
                      triad_counts=lambda la: {cohort.id: 1}))
    client = signed_in("a", "lead")
    rows = [[text_of(c) for c in r.select("td")] for r in page(client.get(f"{LA_A}/cohorts")).select("tbody tr")]
    assert [row[-1] for row in rows] == ["1"]
    soup = page(client.get(f"{LA_A}/cohorts/{cohort.id}"))
    assert {a["href"] for a in soup.find_all("a", string="Riverside")} == {f"{LA_A}/triads/7"}
