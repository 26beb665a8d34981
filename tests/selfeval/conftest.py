import pytest

from app.extensions import db
from app.interfaces import cohorts
from selfeval import access
from selfeval import interfaces as selfeval
from tests.conftest import shared_fixture


@shared_fixture
def framework_loaded(world):
    """The bundled frameworks. Taking `world`, which every test that loads them has, puts it on
    one line of shared fixtures with `cohort` and `evaluation` (tests/conftest.py)."""
    versions = selfeval.load_bundled_frameworks()
    db.session.commit()
    return versions[0]


@shared_fixture
def cohort(world, framework_loaded):
    a = world["a"]
    created = cohorts.create_cohort(a["la"], 2026, [a["school"], a["other_school"]])
    db.session.commit()
    return created


@shared_fixture
def evaluation(world, cohort):
    a = world["a"]
    created = selfeval.start(a["la"], a["school"], cohort, a["senco"])
    db.session.commit()
    return created


@pytest.fixture
def triad_of_a(world):
    """School One and School Two of LA A in one triad, School Two the coach."""
    a = world["a"]
    members = {a["school"].id, a["other_school"].id}

    def lookup(school_id, cohort_id):
        if school_id not in members:
            return access.TriadLinks()
        return access.TriadLinks(frozenset(members - {school_id}),
                                 frozenset({a["other_school"].id}))

    previous = access.registered_triad_lookup()
    access.register_triad_lookup(lookup)
    yield
    access.register_triad_lookup(previous)


def base_url(world, evaluation) -> str:
    return f"/la/{world['a']['la'].slug}/self-evaluation/{evaluation.id}"


def area_form(variant_area, scale_value=3, completed="yes", **overrides) -> dict:
    data = {f"rating_{i}": str(scale_value) for i in range(1, len(variant_area.statements) + 1)}
    data.update({f"evidence_{i}": f"Evidence {i}" for i in range(1, len(variant_area.statements) + 1)})
    data.update({"judgement": str(scale_value), "rationale": "Because the evidence shows it.",
                 "strengths": "Strong", "development": "Consistency", "completed": completed,
                 "version": "0"})
    data.update(overrides)
    return data
