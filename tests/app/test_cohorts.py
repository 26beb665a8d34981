"""Cohorts: one per academic year, created and changed by the LA lead, read by quality assurers,
copied into the next year with their triads as the programme grows."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.interfaces import cohorts
from app.interfaces.errors import Invalid
from app.models import AuditEvent, Cohort, academic_year_label, current_academic_year
from tests.pages import banner, error_summary, field_error, heading, page, snapshot, text_of, value
from triads import interfaces as triads
from triads.interfaces import plans
from triads.types import SignOff

LA_A = "/la/authority-a"
NOW = current_academic_year()


@pytest.fixture
def schools(world, make):
    """LA A's schools, by short name: one and two from the world, three to eight added."""
    a = world["a"]
    found = {"one": a["school"], "two": a["other_school"]}
    for key in ("three", "four", "five", "six", "seven", "eight"):
        found[key] = make.school(a["la"], name=f"School A {key.title()}")
    return found


@pytest.fixture
def last_year(world, schools):
    """Last year's cohort of six schools, with one triad (Two the coach)."""
    la = world["a"]["la"]
    six = [schools[k] for k in ("one", "two", "three", "four", "five", "six")]
    cohort = cohorts.create_cohort(la, NOW - 1, six)
    triads.create_triad(la, cohort, "North", [s.id for s in six[:3]], schools["two"].id)
    db.session.commit()
    return cohort


def ids(schools, *keys) -> list[str]:
    return [str(schools[k].id) for k in keys]


def cohort_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Cohort.id)))


def cohort_for(world, start_year) -> Cohort | None:
    db.session.expire_all()
    return cohorts.cohort_for_year(world["a"]["la"], start_year)


def member_ids(cohort) -> set[int]:
    db.session.expire_all()
    return {m.school_id for m in db.session.get(Cohort, cohort.id).members}


# --- the list and the page ------------------------------------------------------------------------


def test_lead_and_quality_assurer_see_cohorts_with_school_and_triad_counts(signed_in, last_year, world):
    from triads.interfaces import visits

    # The quality assurer sees the cohorts they are assigned to (tests/app/test_assurer_cohorts.py).
    assert not page(signed_in("a", "qa").get(f"{LA_A}/cohorts")).select("tbody tr")
    visits.assign_assurer(world["a"]["la"], last_year, world["a"]["qa"].id)
    db.session.commit()
    for role in ("lead", "qa"):
        soup = page(signed_in("a", role).get(f"{LA_A}/cohorts"))
        assert heading(soup) == "Cohorts"
        rows = [[text_of(c) for c in r.select("td")] for r in soup.select("tbody tr")]
        year = academic_year_label(NOW - 1)
        assert rows == [[year, f"Peer review {year}", "6", "1"]]
        link = soup.find("a", string=academic_year_label(NOW - 1))
        assert link["href"] == f"{LA_A}/cohorts/{last_year.id}"
        assert bool(soup.select(f"a[href='{LA_A}/cohorts/new']")) == (role == "lead")


def test_cohort_page_lists_schools_and_triads_with_links(signed_in, world, last_year, schools):
    soup = page(signed_in("a", "lead").get(f"{LA_A}/cohorts/{last_year.id}"))
    assert heading(soup) == f"Peer review {academic_year_label(NOW - 1)}"
    (north,) = triads.list_triads(world["a"]["la"], last_year)
    triad_links = {a["href"] for a in soup.find_all("a", string="North")}
    assert triad_links == {f"/la/authority-a/triads/{north.id}"}
    # Each triad's schools with its coach; the schools in none listed; every school's status on the
    # cohort overview, the cohort's one status page.
    members = {text_of(li) for li in soup.find("caption", string=f"Triads in {academic_year_label(NOW - 1)}")
               .parent.select("tbody li")}
    assert {"School A One", "School A Two Coach"} <= members
    unplaced = soup.find("h3", string="Not yet in a triad").find_next("ul")
    assert "School A Four" in text_of(unplaced) and "School A One" not in text_of(unplaced)
    hrefs = {a["href"] for a in soup.select("a")}
    assert f"/la/authority-a/plans/cohorts/{last_year.id}" in hrefs
    assert f"/la/authority-a/triads/cohorts/{last_year.id}" in hrefs
    assert f"/la/authority-a/triads/cohorts/{last_year.id}/new" in hrefs
    assert f"{LA_A}/cohorts/{last_year.id}/edit" in hrefs
    assert f"{LA_A}/cohorts/{last_year.id}/copy" in hrefs
    assert f"{LA_A}/schools/{schools['one'].id}" in hrefs


def test_school_staff_cannot_see_or_change_cohorts(signed_in, last_year, schools):
    for role in ("senco", "head"):
        client = signed_in("a", role)
        for url in (f"{LA_A}/cohorts", f"{LA_A}/cohorts/{last_year.id}", f"{LA_A}/cohorts/new",
                    f"{LA_A}/cohorts/{last_year.id}/edit", f"{LA_A}/cohorts/{last_year.id}/copy"):
            assert client.get(url).status_code == 403, (role, url)


def test_quality_assurer_cannot_change_cohorts(signed_in, last_year, schools):
    client = signed_in("a", "qa")
    before = snapshot()
    for url, data in [
        (f"{LA_A}/cohorts/new", {"start_year": str(NOW), "schools": ids(schools, "one")}),
        (f"{LA_A}/cohorts/{last_year.id}/edit", {"name": "Changed", "schools": ids(schools, "one"),
                                                 "version": str(last_year.version)}),
        (f"{LA_A}/cohorts/{last_year.id}/copy", {"new_schools": ids(schools, "seven")}),
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, data=data).status_code == 403
    assert snapshot() == before


def test_a_cohort_of_another_la_is_not_found(signed_in, world, make):
    b = world["b"]
    cohort_b = cohorts.create_cohort(b["la"], NOW, [b["school"]])
    db.session.commit()
    client = signed_in("a", "lead")
    before = snapshot()
    for suffix in ("", "/edit", "/copy"):
        assert client.get(f"{LA_A}/cohorts/{cohort_b.id}{suffix}").status_code == 404
    assert client.post(f"{LA_A}/cohorts/{cohort_b.id}/edit", data={"name": "X"}).status_code == 404
    assert client.post(f"{LA_A}/cohorts/{cohort_b.id}/copy", data={}).status_code == 404
    assert snapshot() == before


# --- creating ---------------------------------------------------------------------------------------


def test_lead_creates_a_cohort_for_a_year_near_this_one(signed_in, world, schools):
    client = signed_in("a", "lead")
    form = page(client.get(f"{LA_A}/cohorts/new"))
    years = [text_of(label) for label in form.select("input[name=start_year] + label")]
    assert years == [academic_year_label(y) for y in range(NOW - 1, NOW + 3)]
    assert "find a school by name" in text_of(form.select_one("#schools-hint")).lower()
    assert len(form.select("input[name=schools]")) == len(schools)

    response = client.post(f"{LA_A}/cohorts/new", data={
        "start_year": str(NOW), "name": "", "schools": ids(schools, "one", "two", "three")})
    assert response.status_code == 302
    created = cohort_for(world, NOW)
    assert created.name == f"Peer review {academic_year_label(NOW)}"
    assert member_ids(created) == {int(i) for i in ids(schools, "one", "two", "three")}
    assert response.location == f"{LA_A}/cohorts/{created.id}"
    assert f"The {academic_year_label(NOW)} cohort has been created with 3 schools." in banner(
        page(client.get(response.location)))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "cohort.created"))
    assert event.actor_id == world["a"]["lead"].id


@pytest.mark.parametrize("data, field, message", [
    ({"start_year": "", "schools": ["ONE"]}, "start_year", "Select the academic year"),
    ({"schools": ["ONE"]}, "start_year", "Select the academic year"),
    ({"start_year": "1999", "schools": ["ONE"]}, "start_year", "Select the academic year"),
    ({"start_year": "abc", "schools": ["ONE"]}, "start_year", "Select the academic year"),
    ({"start_year": "NOW"}, "schools", "Select at least one school"),
    ({"start_year": "NOW", "schools": ["abc"]}, "schools", "Select schools from the list"),
    ({"start_year": "NOW", "schools": ["ONE", "B"]}, "schools", "Select schools from the list"),
    ({"start_year": "NOW", "schools": ["ONE"], "name": "x" * 121}, "name",
     "Name must be 120 characters or fewer"),
    ({"start_year": "NOW", "schools": ["ONE"], "name": "<b>x</b>"}, "name", "Name must not contain < or >"),
])
def test_bad_cohort_input_is_refused_at_the_field(signed_in, world, schools, data, field, message):
    resolve = {"ONE": str(schools["one"].id), "B": str(world["b"]["school"].id), "NOW": str(NOW)}
    data = {k: ([resolve.get(v, v) for v in val] if isinstance(val, list) else resolve.get(val, val))
            for k, val in data.items()}
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(f"{LA_A}/cohorts/new", data=data)
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, field) == message
    assert message in error_summary(soup)
    assert snapshot() == before


def test_a_year_that_already_has_a_cohort_is_refused_at_the_field(signed_in, last_year, schools):
    client = signed_in("a", "lead")
    form = page(client.get(f"{LA_A}/cohorts/new"))
    assert "There is already a cohort for this year" in text_of(form.select_one("#start_year-item-hint"))
    before = snapshot()
    response = client.post(f"{LA_A}/cohorts/new", data={
        "start_year": str(NOW - 1), "name": "Typed name", "schools": ids(schools, "seven")})
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "start_year") == f"There is already a cohort for {academic_year_label(NOW - 1)}"
    assert value(soup, "name") == "Typed name"
    assert [i["value"] for i in soup.select("input[name=schools][checked]")] == ids(schools, "seven")
    assert snapshot() == before


def test_create_cohort_refuses_a_taken_year_and_no_schools(world, last_year):
    la = world["a"]["la"]
    with pytest.raises(Invalid) as refused:
        cohorts.create_cohort(la, NOW - 1, [])
    assert refused.value.errors == {
        "start_year": f"There is already a cohort for {academic_year_label(NOW - 1)}",
        "schools": "Select at least one school"}


# --- changing schools -------------------------------------------------------------------------------


def edit_form(client, cohort) -> dict:
    soup = page(client.get(f"{LA_A}/cohorts/{cohort.id}/edit"))
    return {"name": value(soup, "name"), "version": value(soup, "version"),
            "schools": [i["value"] for i in soup.select("input[name=schools][checked]")]}


def test_lead_changes_a_cohorts_name_and_schools(signed_in, last_year, schools):
    client = signed_in("a", "lead")
    form = edit_form(client, last_year)
    assert set(form["schools"]) == set(ids(schools, "one", "two", "three", "four", "five", "six"))
    form.update(name="Year one", schools=ids(schools, "one", "two", "three", "four", "seven"))
    response = client.post(f"{LA_A}/cohorts/{last_year.id}/edit", data=form)
    assert response.status_code == 302
    assert member_ids(last_year) == {int(i) for i in ids(schools, "one", "two", "three", "four", "seven")}
    assert db.session.get(Cohort, last_year.id).name == "Year one"
    assert "cohort.updated" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_school_in_a_triad_of_the_cohort_cannot_be_removed(signed_in, last_year, schools):
    client = signed_in("a", "lead")
    form = edit_form(client, last_year)
    shown = page(client.get(f"{LA_A}/cohorts/{last_year.id}/edit"))
    assert "In the triad North" in text_of(shown)
    before = snapshot()
    form["schools"] = ids(schools, "one", "four", "five", "six")
    response = client.post(f"{LA_A}/cohorts/{last_year.id}/edit", data=form)
    soup = page(response)
    assert response.status_code == 400
    rule = "take it out of the triad before you remove it from the cohort"
    assert field_error(soup, "schools") == (
        f"School A Three is in the triad North: {rule}; School A Two is in the triad North: {rule}")
    assert snapshot() == before


@pytest.mark.parametrize("changes, message", [
    ({"schools": []}, "Select at least one school"),
    ({"schools": ["abc"]}, "Select schools from the list"),
    ({"name": ""}, "Enter a name for the cohort"),
    ({"name": "   "}, "Enter a name for the cohort"),
])
def test_bad_cohort_changes_are_refused(signed_in, world, schools, changes, message):
    la = world["a"]["la"]
    cohort = cohorts.create_cohort(la, NOW, [schools["one"]])
    db.session.commit()
    client = signed_in("a", "lead")
    form = {**edit_form(client, cohort), **changes}
    before = snapshot()
    response = client.post(f"{LA_A}/cohorts/{cohort.id}/edit", data=form)
    assert response.status_code == 400
    assert message in error_summary(page(response))
    assert snapshot() == before


def test_second_edit_of_a_cohort_gets_409_and_keeps_choices(signed_in, last_year, schools):
    first, second = signed_in("a", "lead"), signed_in("a", "lead")
    first_form, second_form = edit_form(first, last_year), edit_form(second, last_year)
    # Only the schools change: the version moves on all the same.
    first_form["schools"] = [*first_form["schools"], *ids(schools, "seven")]
    assert first.post(f"{LA_A}/cohorts/{last_year.id}/edit", data=first_form).status_code == 302
    second_form.update(name="Typed by second", schools=[*second_form["schools"], *ids(schools, "eight")])
    response = second.post(f"{LA_A}/cohorts/{last_year.id}/edit", data=second_form)
    soup = page(response)
    assert response.status_code == 409
    assert "Someone else saved this" in " ".join(error_summary(soup))
    assert "School A Seven" in banner(soup)
    assert value(soup, "name") == "Typed by second"
    assert ids(schools, "eight")[0] in [i["value"] for i in soup.select("input[name=schools][checked]")]
    assert schools["eight"].id not in member_ids(last_year)
    second_form["version"] = value(soup, "version")
    assert second.post(f"{LA_A}/cohorts/{last_year.id}/edit", data=second_form).status_code == 302
    assert schools["eight"].id in member_ids(last_year)


# --- copying into next year -------------------------------------------------------------------------


def test_copy_keeps_every_school_and_triad_and_adds_new_schools(signed_in, world, last_year, schools):
    client = signed_in("a", "lead")
    form = page(client.get(f"{LA_A}/cohorts/{last_year.id}/copy"))
    assert heading(form) == f"Copy the cohort into {academic_year_label(NOW)}"
    assert {i["value"] for i in form.select("input[name=new_schools]")} == set(ids(schools, "seven", "eight"))
    assert "North" in text_of(form)
    response = client.post(f"{LA_A}/cohorts/{last_year.id}/copy",
                           data={"name": "", "new_schools": ids(schools, "seven", "eight")})
    assert response.status_code == 302
    copied = cohort_for(world, NOW)
    assert response.location == f"{LA_A}/cohorts/{copied.id}"
    assert member_ids(copied) == member_ids(last_year) | {schools["seven"].id, schools["eight"].id}
    (north,) = triads.list_triads(world["a"]["la"], copied)
    assert (north.name, set(north.school_ids), north.coach_school_id) == (
        "North", {int(i) for i in ids(schools, "one", "two", "three")}, schools["two"].id)
    assert len(triads.list_meetings(world["a"]["la"], north)) == 3
    assert "8 schools and 1 triad kept" in banner(page(client.get(response.location)))
    assert member_ids(last_year) == {int(i) for i in ids(schools, "one", "two", "three", "four", "five",
                                                          "six")}


def test_copy_keeps_who_signs_off_the_plans(signed_in, world, last_year):
    la = world["a"]["la"]
    plans.set_sign_off(la, last_year, SignOff.SENCO_NAMING_HEAD, None)
    db.session.commit()
    response = signed_in("a", "lead").post(f"{LA_A}/cohorts/{last_year.id}/copy", data={"name": ""})
    assert response.status_code == 302
    assert plans.sign_off_of(la, cohort_for(world, NOW)) is SignOff.SENCO_NAMING_HEAD


def test_copy_of_a_cohort_with_no_choice_keeps_the_headteacher_rule(signed_in, world, last_year):
    signed_in("a", "lead").post(f"{LA_A}/cohorts/{last_year.id}/copy", data={"name": ""})
    assert plans.sign_off_rule(world["a"]["la"], cohort_for(world, NOW)) is None


def test_copy_is_refused_when_next_year_already_has_a_cohort(signed_in, world, last_year, schools):
    cohorts.create_cohort(world["a"]["la"], NOW, [schools["one"]])
    db.session.commit()
    client = signed_in("a", "lead")
    shown = page(client.get(f"{LA_A}/cohorts/{last_year.id}/copy"))
    assert f"There is already a cohort for {academic_year_label(NOW)}" in text_of(shown)
    assert not shown.select("input[name=new_schools]")
    before = snapshot()
    response = client.post(f"{LA_A}/cohorts/{last_year.id}/copy", data={"new_schools": ids(schools, "seven")})
    assert response.status_code == 409
    assert snapshot() == before


@pytest.mark.parametrize("new_schools", [["abc"], "ONE", "B"])
def test_copy_refuses_tampered_school_ids(signed_in, world, last_year, schools, new_schools):
    if new_schools == "ONE":
        new_schools = ids(schools, "one")  # already in the cohort, so not offered
    elif new_schools == "B":
        new_schools = [str(world["b"]["school"].id)]
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(f"{LA_A}/cohorts/{last_year.id}/copy", data={"new_schools": new_schools})
    assert response.status_code == 400
    assert field_error(page(response), "new_schools") == "Select schools from the list"
    assert snapshot() == before
    assert cohort_count() == 1


def test_copy_with_no_new_schools_keeps_the_same_schools(signed_in, world, last_year):
    response = signed_in("a", "lead").post(f"{LA_A}/cohorts/{last_year.id}/copy", data={"name": "Year two"})
    assert response.status_code == 302
    copied = cohort_for(world, NOW)
    assert copied.name == "Year two"
    assert member_ids(copied) == member_ids(last_year)


def test_every_cohort_page_has_one_heading_and_a_title(signed_in, last_year):
    client = signed_in("a", "lead")
    for suffix in ("", "/new", f"/{last_year.id}", f"/{last_year.id}/edit", f"/{last_year.id}/copy"):
        response = client.get(f"{LA_A}/cohorts{suffix}")
        assert response.status_code == 200, suffix
        soup = page(response)
        assert len(soup.find_all("h1")) == 1, suffix
        assert text_of(soup.find("title")).endswith("– SEND Triads"), suffix
