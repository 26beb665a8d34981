"""The home pages' "Waiting for you": the core asks every registered provider (app.features), LA by
LA with the person's roles there, and shows each task as a link with its due tag; people in several
LAs see them grouped per LA; when nothing is waiting, the page says what the timetable brings next."""

from datetime import UTC, date, datetime

import pytest

from app import features
from app.extensions import db
from app.interfaces import cohorts
from app.models import DueState, Role
from tests.conftest import sign_in
from tests.pages import page, text_of

TODAY = date(2026, 12, 2)


@pytest.fixture
def providers(monkeypatch):
    """Replace every registered provider with the ones a test gives, and put them back after."""
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(features, "_task_providers", [])
    return features.register_tasks


def task(la, title: str, href: str = "/somewhere", due: date | None = None,
         state: DueState = DueState.UPCOMING, kind: str = "test.kind") -> features.Task:
    return features.Task(kind, f"{kind}:{title}", title, href, la.id, due, state)


def waiting_section(soup) -> list[str]:
    """The lines of the "Waiting for you" section, headings included, up to the next section."""
    lines = []
    for element in soup.find(id="waiting").find_next_siblings():
        if element.name == "h2":
            break
        if element.name in ("h3", "p"):
            lines.append(text_of(element))
        lines.extend(text_of(li) for li in element.select("li"))
    return lines


def test_each_provider_is_asked_per_la_with_the_persons_roles_there_and_today(app, world, providers):
    asked = []

    def provider(la, person, assignments, today):
        asked.append((la.slug, person.id, sorted(a.role.name for a in assignments), today))
        return [task(la, "Sign off the plan", f"/la/{la.slug}/plans/7", date(2026, 12, 15), DueState.DUE_SOON)]

    providers(provider)
    a = world["a"]
    home = page(sign_in(app.test_client(), a["head"]).get("/"))
    assert asked == [(a["la"].slug, a["head"].id, ["HEADTEACHER"], TODAY)]
    link = home.find("a", string="Sign off the plan")
    assert link["href"] == f"/la/{a['la'].slug}/plans/7"
    assert waiting_section(home) == ["Sign off the plan Due soon by 15 December 2026"]
    # At the top: before the LA's own section and its list of pages.
    assert home.find(id="waiting").find_previous("h2") is None


def test_overdue_first_then_by_date_each_with_its_tag(app, world, providers):
    def provider(la, person, assignments, today):
        return [task(la, "Later", due=date(2027, 3, 31)),
                task(la, "Soon", due=date(2026, 12, 10), state=DueState.DUE_SOON),
                task(la, "Late", due=date(2026, 10, 31), state=DueState.OVERDUE),
                task(la, "Undated")]

    providers(provider)
    lines = waiting_section(page(sign_in(app.test_client(), world["a"]["lead"]).get("/")))
    assert lines == ["Late Overdue was due 31 October 2026", "Soon Due soon by 10 December 2026",
                     "Later by 31 March 2027", "Undated"]


def test_a_person_in_two_las_sees_each_las_tasks_under_its_name(app, world, make, providers):
    a, b = world["a"], world["b"]
    assurer = make.user(Role.QUALITY_ASSURER, la=a["la"], name="Two Authorities")
    from app.interfaces import users

    users.grant_role(assurer, Role.QUALITY_ASSURER, la=b["la"])
    db.session.commit()
    providers(lambda la, person, assignments, today: (
        [task(la, f"Write up the visit in {la.name}")] if la.id == a["la"].id else []))
    lines = waiting_section(page(sign_in(app.test_client(), assurer).get("/")))
    assert lines[0] == "In Authority A" and lines[1] == "Write up the visit in Authority A"
    assert lines[2] == "In Authority B" and lines[3].startswith("Nothing is waiting for you.")
    # On an LA's own home page, only that LA's.
    la_home = page(sign_in(app.test_client(), assurer).get(f"/la/{b['la'].slug}/"))
    assert waiting_section(la_home) == ["Nothing is waiting for you. Authority B has no cohort running this year."]


def test_nothing_waiting_says_what_the_timetable_brings_next(app, world, providers):
    a = world["a"]
    cohort = cohorts.create_cohort(a["la"], 2026, [a["school"]])
    db.session.commit()
    client = sign_in(app.test_client(), a["qa"])
    assert waiting_section(page(client.get("/"))) == [
        "Nothing is waiting for you. Next in this year's timetable: Action plans signed off by 15 December 2026."]
    # The lead's own dates: meeting 2 moved before the QA window, and sign-off already past.
    current = cohorts.get_cohort(a["la"], cohort.id)
    current.plan_signed_off_by, current.meeting_2_by = date(2026, 11, 30), date(2027, 1, 20)
    db.session.commit()
    assert waiting_section(page(client.get(f"/la/{a['la'].slug}/"))) == [
        "Nothing is waiting for you. Next in this year's timetable: Meeting 2 by 20 January 2027."]


def test_after_the_last_date_of_the_year_the_empty_state_says_so(app, world, providers, monkeypatch):
    a = world["a"]
    cohorts.create_cohort(a["la"], 2026, [a["school"]])
    db.session.commit()
    monkeypatch.setattr("app.home.routes.utcnow", lambda: datetime(2027, 8, 1, 9, 0, tzinfo=UTC))
    assert waiting_section(page(sign_in(app.test_client(), a["qa"]).get("/"))) == [
        "Nothing is waiting for you. This year's timetable is complete: next year's starts in September."]


def test_people_without_an_la_see_that_nothing_is_waiting(app, world, providers):
    for role in ("admin", "analyst"):
        home = page(sign_in(app.test_client(), world[role]).get("/"))
        assert waiting_section(home)[0] == "Nothing is waiting for you."


def test_the_real_providers_answer_for_every_role_without_a_cohort(app, world):
    """With the packages' own providers and no cohort running, every home page still renders."""
    for role in ("lead", "senco", "head", "qa"):
        home = page(sign_in(app.test_client(), world["a"][role]).get("/"))
        assert "Nothing is waiting for you." in waiting_section(home)[0], role
