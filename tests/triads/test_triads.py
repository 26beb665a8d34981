"""Triads: created, changed and deleted by the LA lead; read by quality assurers and by the people
of their own schools, nobody else."""

import pytest
from sqlalchemy import select

from app import features
from app.extensions import db
from app.forms import CONFLICT
from app.interfaces.errors import EditConflict
from app.models import AuditEvent
from tests.pages import banner, error_summary, field_error, heading, page, snapshot, text_of, value
from tests.triads.conftest import TODAY, YEAR
from triads import interfaces as triads
from triads.models import Meeting, Triad
from triads.types import MeetingStatus


def new_triad(programme, name="East", schools=("three",), coach="three", **overrides) -> dict:
    data = {"name": name, "schools": programme.ids(*schools), "coach": programme.ids(coach)[0]}
    data.update(overrides)
    return data


def edit_form(client, programme, triad) -> dict:
    soup = page(client.get(programme.triad_url(triad, "/edit")))
    return {
        "name": value(soup, "name"),
        "schools": [i["value"] for i in soup.select("input[name=schools][checked]")],
        "coach": value(soup, "coach"),
        "version": value(soup, "version"),
    }


def triad_named(programme, name) -> Triad | None:
    db.session.expire_all()
    return db.session.scalar(select(Triad).where(Triad.cohort_id == programme.cohort.id, Triad.name == name))


@pytest.fixture
def free_schools(programme, make):
    """Four more schools in the cohort, not yet in a triad."""
    from app.interfaces import cohorts

    extra = [make.school(programme.la, name=f"Free School {n}") for n in range(1, 5)]
    for n, school in enumerate(extra, start=1):
        programme.schools[f"free{n}"] = school
    cohorts.update_cohort(programme.la, programme.cohort, programme.cohort.name,
                          [*programme.schools.values()], programme.cohort.version)
    db.session.commit()
    return extra


# --- creating -----------------------------------------------------------------------------------


def test_lead_creates_a_triad_of_three_with_a_coach_and_three_meetings(signed_in, programme, free_schools):
    client = signed_in("a", "lead")
    form = page(client.get(f"{programme.base}/cohorts/{programme.cohort.id}/new"))
    offered = {i["value"] for i in form.select("input[name=schools]")}
    assert offered == set(programme.ids("free1", "free2", "free3", "free4")), "none already in a triad"
    assert "School A One: North" in text_of(form), "and they are listed with their triad"

    response = client.post(f"{programme.base}/cohorts/{programme.cohort.id}/new",
                           data=new_triad(programme, schools=("free1", "free2", "free3"), coach="free2"))
    assert response.status_code == 302
    east = triad_named(programme, "East")
    assert set(east.school_ids) == {f.id for f in free_schools[:3]}
    assert east.coach_school_id == free_schools[1].id
    assert response.location == programme.triad_url(east)
    shown = page(client.get(response.location))
    assert heading(shown) == "East"
    assert "East has been created" in banner(shown)
    coach_row = next(r for r in shown.select("tbody tr") if "Free School 2" in text_of(r))
    assert "Coach" in text_of(coach_row.select_one(".govuk-tag"))
    meetings = [text_of(a) for a in shown.select("a[href*='/meetings/']")]
    assert meetings == ["1. Action planning", "2. Progress review",
                        "3. Final review and preparation for the celebration"]
    assert "triad.created" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_triad_of_four_is_allowed(signed_in, programme, free_schools):
    response = signed_in("a", "lead").post(
        f"{programme.base}/cohorts/{programme.cohort.id}/new",
        data=new_triad(programme, schools=("free1", "free2", "free3", "free4"), coach="free4"))
    assert response.status_code == 302
    assert len(triad_named(programme, "East").school_ids) == 4


@pytest.mark.parametrize("chosen, message", [
    (("free1", "free2"), "Select 3 or 4 schools for a triad; you selected 2"),
    (("free1", "free2", "free3", "free4", "one"), "Select 3 or 4 schools for a triad; you selected 5"),
    ((), "Select 3 or 4 schools for a triad"),
])
def test_a_triad_of_two_or_five_is_refused_at_the_field(signed_in, programme, free_schools, chosen, message):
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(
        f"{programme.base}/cohorts/{programme.cohort.id}/new",
        data=new_triad(programme, schools=chosen, coach="free1"))
    soup = page(response)
    assert response.status_code == 400
    assert field_error(soup, "schools") == message
    assert message in error_summary(soup)
    assert value(soup, "name") == "East", "what was typed is kept"
    assert snapshot() == before


def test_the_triad_form_shows_all_its_errors_at_once(signed_in, programme, free_schools):
    client = signed_in("a", "lead")
    url = f"{programme.base}/cohorts/{programme.cohort.id}/new"
    data = new_triad(programme, schools=("free1", "free2"), coach="free1")
    del data["coach"]
    soup = page(client.post(url, data={**data, "name": " "}))
    assert error_summary(soup) == ["Enter a name for the triad",
                                   "Select 3 or 4 schools for a triad; you selected 2",
                                   "Choose the coach school"]
    # A coach outside the schools chosen, beside too few schools: both said at once.
    soup = page(client.post(url, data={**data, "coach": programme.ids("free3")[0]}))
    assert error_summary(soup) == ["Select 3 or 4 schools for a triad; you selected 2",
                                   "The coach school must be one of the triad's schools"]


def test_a_school_already_in_another_triad_of_the_cohort_is_refused(signed_in, programme, free_schools):
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(
        f"{programme.base}/cohorts/{programme.cohort.id}/new",
        data=new_triad(programme, schools=("free1", "free2", "one"), coach="free1"))
    assert response.status_code == 400
    assert field_error(page(response), "schools") == (
        "A school can be in only one triad in a cohort: School A One already in another triad")
    assert snapshot() == before


@pytest.mark.parametrize("coach, message", [
    ("free4", "The coach school must be one of the triad's schools"),
    ("", "Choose the coach school"),
    ("abc", "Choose the coach school from the list"),
    ("999999", "Choose the coach school from the list"),
])
def test_the_coach_must_be_one_of_the_chosen_schools(signed_in, programme, free_schools, coach, message):
    client = signed_in("a", "lead")
    before = snapshot()
    data = new_triad(programme, schools=("free1", "free2", "free3"), coach="free1")
    data["coach"] = programme.ids(coach)[0] if coach in programme.schools else coach
    response = client.post(f"{programme.base}/cohorts/{programme.cohort.id}/new", data=data)
    assert response.status_code == 400
    assert field_error(page(response), "coach") == message
    assert snapshot() == before


def test_the_coach_may_be_chosen_later_and_the_lead_is_asked_for_it(app, world, signed_in, programme,
                                                                   free_schools):
    client = signed_in("a", "lead")
    data = {**new_triad(programme, schools=("free1", "free2", "free3")), "coach": "later"}
    response = client.post(f"{programme.base}/cohorts/{programme.cohort.id}/new", data=data)
    assert response.status_code == 302
    triad = db.session.scalar(select(Triad).where(Triad.name == "East"))
    assert triad.coach_school_id is None
    shown = page(client.get(response.location))
    assert "No coach school has been chosen yet" in text_of(shown)
    assert "Choose a coach school for East" in lead_waiting(app, world, programme)
    form = page(client.get(f"{programme.base}/{triad.id}/edit"))
    assert form.select_one("input[name=coach][checked]")["value"] == "later"
    data = new_triad(programme, schools=("free1", "free2", "free3"), coach="free2",
                     version=value(form, "version"))
    assert client.post(f"{programme.base}/{triad.id}/edit", data=data).status_code == 302
    db.session.refresh(triad)
    assert triad.coach_school_id == programme.schools["free2"].id
    assert "Choose a coach school for East" not in lead_waiting(app, world, programme)


def lead_waiting(app, world, programme) -> list[str]:
    lead = world["a"]["lead"]
    with app.test_request_context():
        return [task.title for task in features.waiting_for(programme.la, lead, lead.active_roles(), TODAY)]


def test_a_coach_from_another_la_or_two_coaches_are_refused(signed_in, world, programme, free_schools):
    client = signed_in("a", "lead")
    url = f"{programme.base}/cohorts/{programme.cohort.id}/new"
    before = snapshot()
    data = new_triad(programme, schools=("free1", "free2", "free3"), coach="free1")
    data["coach"] = str(world["b"]["school"].id)
    assert client.post(url, data=data).status_code == 400
    # Two coach values in one POST (impossible with radios): the first is taken, and it must still
    # be one of the chosen schools.
    data["coach"] = [programme.ids("one")[0], programme.ids("free1")[0]]
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert field_error(page(response), "coach") == "The coach school must be one of the triad's schools"
    assert snapshot() == before


@pytest.mark.parametrize("schools, message", [
    (["abc"], "Choose schools from the list"),
    (["-1"], "Choose schools from the list"),
    ("other LA", "Choose schools from the list"),
    ("outsider", "Choose schools from the list"),
])
def test_tampered_school_ids_are_refused(signed_in, world, programme, free_schools, schools, message):
    if schools == "other LA":
        schools = [*programme.ids("free1", "free2"), str(world["b"]["school"].id)]
    elif schools == "outsider":
        schools = [*programme.ids("free1", "free2"), str(programme.outsider.id)]
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(
        f"{programme.base}/cohorts/{programme.cohort.id}/new",
        data={"name": "East", "schools": schools, "coach": programme.ids("free1")[0]})
    assert response.status_code == 400
    assert field_error(page(response), "schools") == message
    assert snapshot() == before


@pytest.mark.parametrize("name, message", [
    ("", "Enter a name for the triad"),
    ("   ", "Enter a name for the triad"),
    ("x" * 121, "Triad name must be 120 characters or fewer"),
    ("<script>alert(1)</script>", "Triad name must not contain < or >"),
    ("Bad\x00name", "Triad name must only contain printable characters"),
    ("North", "Another triad in this cohort has this name"),
])
def test_bad_triad_names_are_refused(signed_in, programme, free_schools, name, message):
    client = signed_in("a", "lead")
    before = snapshot()
    response = client.post(
        f"{programme.base}/cohorts/{programme.cohort.id}/new",
        data=new_triad(programme, name=name, schools=("free1", "free2", "free3"), coach="free1"))
    assert response.status_code == 400
    assert field_error(page(response), "name") == message
    assert "<script>alert" not in response.get_data(as_text=True)
    assert snapshot() == before


# --- changing and deleting ----------------------------------------------------------------------


def test_lead_renames_a_triad_changes_members_and_coach(signed_in, programme, free_schools):
    client = signed_in("a", "lead")
    form = edit_form(client, programme, programme.north)
    assert form["name"] == "North"
    assert set(form["schools"]) == set(programme.ids("one", "two", "three"))
    assert form["coach"] == programme.ids("two")[0]
    form.update(name="North West", schools=programme.ids("one", "two", "free1", "free2"),
                coach=programme.ids("free1")[0])
    response = client.post(programme.triad_url(programme.north, "/edit"), data=form)
    assert response.status_code == 302
    saved = triad_named(programme, "North West")
    assert set(saved.school_ids) == {int(i) for i in programme.ids("one", "two", "free1", "free2")}
    assert saved.coach_school_id == programme.schools["free1"].id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "triad.updated"))
    assert event.detail["before"]["name"] == "North" and event.detail["after"]["name"] == "North West"
    # School A Three is free again: it may now join another triad.
    offered = page(client.get(f"{programme.base}/cohorts/{programme.cohort.id}/new"))
    assert programme.ids("three")[0] in {i["value"] for i in offered.select("input[name=schools]")}


def test_editing_a_triad_keeps_the_same_rules(signed_in, programme, free_schools):
    client = signed_in("a", "lead")
    url = programme.triad_url(programme.north, "/edit")
    form = edit_form(client, programme, programme.north)
    before = snapshot()
    for changes, field, message in [
        ({"schools": programme.ids("one", "two")}, "schools",
         "Select 3 or 4 schools for a triad; you selected 2"),
        ({"schools": programme.ids("one", "two", "four")}, "schools",
         "A school can be in only one triad in a cohort: School A Four already in another triad"),
        ({"coach": programme.ids("free1")[0]}, "coach",
         "The coach school must be one of the triad's schools"),
        ({"name": "South"}, "name", "Another triad in this cohort has this name"),
    ]:
        response = client.post(url, data={**form, **changes})
        assert response.status_code == 400, changes
        assert field_error(page(response), field) == message
    assert snapshot() == before


def test_second_edit_of_a_triad_gets_409_and_keeps_typed_values(signed_in, programme, free_schools):
    first, second = signed_in("a", "lead"), signed_in("a", "lead")
    url = programme.triad_url(programme.north, "/edit")
    first_form = edit_form(first, programme, programme.north)
    second_form = edit_form(second, programme, programme.north)
    # Only the members change: the version must move on all the same.
    first_form["schools"] = programme.ids("one", "two", "three", "free1")
    assert first.post(url, data=first_form).status_code == 302
    second_form["name"] = "Typed by second"
    response = second.post(url, data=second_form)
    soup = page(response)
    assert response.status_code == 409
    assert CONFLICT in " ".join(error_summary(soup))
    assert "Free School 1" in banner(soup), "the other person's version is shown"
    assert value(soup, "name") == "Typed by second"
    db.session.expire_all()
    saved = db.session.get(Triad, programme.north.id)
    assert saved.name == "North" and len(saved.school_ids) == 4
    # Saving again from the re-shown form carries the new version and succeeds.
    second_form["version"] = value(soup, "version")
    assert second.post(url, data=second_form).status_code == 302


def test_update_triad_with_a_stale_version_raises_edit_conflict(app, programme):
    stale = programme.north.version
    triads.update_triad(programme.la, programme.cohort, programme.north, "North",
                        [*programme.north.school_ids], programme.north.coach_school_id, stale)
    db.session.commit()
    assert programme.north.version == stale + 1, "a save that changes nothing still moves the version"
    with pytest.raises(EditConflict):
        triads.update_triad(programme.la, programme.cohort, programme.north, "Other",
                            programme.north.school_ids, programme.north.coach_school_id, stale)


def test_lead_deletes_a_triad_after_confirming(signed_in, programme):
    client = signed_in("a", "lead")
    url = programme.triad_url(programme.north, "/delete")
    confirm = page(client.get(url))
    assert heading(confirm) == "Delete North?"
    assert "three meetings" in text_of(confirm)
    meeting_ids = [m.id for m in triads.list_meetings(programme.la, programme.north)]
    response = client.post(url)
    assert response.status_code == 302
    assert response.location == f"/la/{programme.la.slug}/cohorts/{programme.cohort.id}"
    assert "North has been deleted" in banner(page(client.get(response.location)))
    assert triad_named(programme, "North") is None
    assert not db.session.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids))).all()
    assert "triad.deleted" in db.session.scalars(select(AuditEvent.action)).all()


def test_deleting_warns_about_recorded_meetings(signed_in, programme, today):
    meeting = programme.meeting(programme.north, 1)
    triads.update_meeting(programme.la, programme.cohort, programme.north, meeting, triads.MeetingDetails(
        today, None, [], "", "", "Notes", "", "", True), set(), meeting.version)
    db.session.commit()
    confirm = page(signed_in("a", "lead").get(programme.triad_url(programme.north, "/delete")))
    assert "including 1 already recorded as held" in text_of(confirm)


# --- reading, and who may ------------------------------------------------------------------------


def test_cohort_triads_list_shows_schools_coach_and_self_evaluation_status(signed_in, programme, world):
    from triads.interfaces import visits

    # An assurer reads the cohorts they are assigned to (tests/app/test_assurer_cohorts.py).
    assert signed_in("a", "qa").get(f"{programme.base}/cohorts/{programme.cohort.id}").status_code == 404
    visits.assign_assurer(programme.la, programme.cohort, world["a"]["qa"].id)
    db.session.commit()
    for role in ("lead", "qa"):
        soup = page(signed_in("a", role).get(f"{programme.base}/cohorts/{programme.cohort.id}"))
        assert heading(soup) == f"Triads {YEAR}/26"
        rows = {text_of(r.select("td")[0]): r for r in soup.select("tbody tr")}
        assert "School A Two Coach" in rows
        assert "School A Four Coach" in rows
        assert all("Not started" in text_of(r) for r in rows.values())
        assert "School A Seven" not in text_of(soup), "not in the cohort"
    create = f"{programme.base}/cohorts/{programme.cohort.id}/new"
    assert page(signed_in("a", "lead").get(f"{programme.base}/cohorts/{programme.cohort.id}")).select(
        f"a[href='{create}']")
    assert not page(signed_in("a", "qa").get(f"{programme.base}/cohorts/{programme.cohort.id}")).select(
        f"a[href='{create}']")


def test_school_people_see_their_own_triad_and_not_another(signed_in, app, programme):
    from tests.conftest import sign_in

    for role in ("senco", "head"):
        client = signed_in("a", role)
        own = client.get(programme.triad_url(programme.north))
        assert own.status_code == 200, role
        soup = page(own)
        assert "School A Three" in text_of(soup)
        people = text_of(soup.find("caption", string="SENCOs and headteachers of the triad's schools").parent)
        assert "Senco A" in people and "Head A" in people
        assert "Change the triad" not in text_of(soup)
        assert client.get(programme.triad_url(programme.south)).status_code == 403
    south = sign_in(app.test_client(), programme.south_senco)
    assert south.get(programme.triad_url(programme.south)).status_code == 200
    assert south.get(programme.triad_url(programme.north)).status_code == 403


def test_only_the_lead_manages_triads(signed_in, programme, free_schools, world):
    from triads.interfaces import visits

    visits.assign_assurer(programme.la, programme.cohort, world["a"]["qa"].id)  # so that they read it
    db.session.commit()
    create = f"{programme.base}/cohorts/{programme.cohort.id}/new"
    clients = {role: signed_in("a", role) for role in ("qa", "senco", "head")}
    before = snapshot()
    for role, client in clients.items():
        for url in (create, programme.triad_url(programme.north, "/edit"),
                    programme.triad_url(programme.north, "/delete")):
            assert client.get(url).status_code == 403, (role, url)
            assert client.post(url, data=new_triad(programme, schools=("free1", "free2", "free3"),
                                                   coach="free1")).status_code == 403, (role, url)
    assert snapshot() == before
    assert signed_in("a", "qa").get(programme.triad_url(programme.north)).status_code == 200
    assert signed_in("a", "senco").get(f"{programme.base}/cohorts/{programme.cohort.id}").status_code == 403


def test_a_triad_of_another_la_is_not_found(signed_in, world, programme, make):
    from app.interfaces import cohorts

    b = world["b"]
    third = make.school(b["la"], name="School B Three")
    cohort_b = cohorts.create_cohort(b["la"], YEAR, [b["school"], b["other_school"], third])
    triad_b = triads.create_triad(b["la"], cohort_b, "B triad",
                                  [b["school"].id, b["other_school"].id, third.id], third.id)
    db.session.commit()
    client = signed_in("a", "lead")
    for suffix in ("", "/edit", "/delete"):
        assert client.get(f"{programme.base}/{triad_b.id}{suffix}").status_code == 404
    assert client.get(f"{programme.base}/cohorts/{cohort_b.id}").status_code == 404
    assert client.post(f"{programme.base}/cohorts/{cohort_b.id}/new", data={"name": "X"}).status_code == 404


def test_school_triads_page_leads_to_the_schools_own_triad(signed_in, programme):
    client = signed_in("a", "senco")
    soup = page(client.get(f"{programme.base}/schools/{programme.schools['one'].id}"))
    assert heading(soup) == "Triads"
    link = soup.find("a", string="North")
    assert link["href"] == programme.triad_url(programme.north)
    assert client.get(f"{programme.base}/schools/{programme.schools['four'].id}").status_code == 403
    lead = signed_in("a", "lead")
    outsider = page(lead.get(f"{programme.base}/schools/{programme.outsider.id}"))
    assert "not in a triad yet" in text_of(outsider)


def test_self_evaluation_links_follow_self_evaluation_access(signed_in, programme):
    from selfeval import interfaces as selfeval

    selfeval.load_bundled_frameworks()
    own = selfeval.start(programme.la, programme.schools["one"], programme.cohort, None)
    partner = selfeval.start(programme.la, programme.schools["three"], programme.cohort, None)
    db.session.commit()
    soup = page(signed_in("a", "senco").get(programme.triad_url(programme.north)))
    hrefs = {a["href"] for a in soup.select("a[href*='self-evaluation']")}
    assert f"/la/{programme.la.slug}/self-evaluation/{own.id}" in hrefs
    assert f"/la/{programme.la.slug}/self-evaluation/{partner.id}" not in hrefs, "drafts are private"
    lead = page(signed_in("a", "lead").get(programme.triad_url(programme.north)))
    assert f"/la/{programme.la.slug}/self-evaluation/{partner.id}" in {
        a["href"] for a in lead.select("a[href*='self-evaluation']")}


def test_every_triad_page_has_one_heading_and_a_title(signed_in, programme):
    client = signed_in("a", "lead")
    cohort_url = f"{programme.base}/cohorts/{programme.cohort.id}"
    urls = [cohort_url, f"{cohort_url}/new",
            programme.triad_url(programme.north), programme.triad_url(programme.north, "/edit"),
            programme.triad_url(programme.north, "/delete"),
            f"{programme.base}/schools/{programme.schools['one'].id}",
            programme.meeting_url(programme.north, 1), programme.meeting_url(programme.north, 1, "/edit")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        soup = page(response)
        assert len(soup.find_all("h1")) == 1, url
        title = text_of(soup.find("title"))
        assert title.endswith("– SEND Triads") and len(title) > len("– SEND Triads") + 2, url
        for form in soup.select("main form"):
            assert form.get("method") == "post", url


def test_meetings_start_planned(programme):
    statuses = [m.status for m in triads.list_meetings(programme.la, programme.north)]
    assert statuses == [MeetingStatus.PLANNED] * 3
