"""The LA lead's opt-in to the programme network's anonymised benchmarks."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, LocalAuthority
from tests.pages import banner, error_summary, page


def url(world, key="a") -> str:
    return f"/la/{world[key]['la'].slug}/sharing"


def shares(la_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(LocalAuthority, la_id).shares_benchmarks


def test_an_la_does_not_share_until_its_lead_opts_in(app, world, signed_in):
    lead = signed_in("a", "lead")
    la = world["a"]["la"]
    assert not la.shares_benchmarks
    form = page(lead.get(url(world)))
    assert form.select_one("input[name=shares][value=no]").has_attr("checked")

    response = lead.post(url(world), data={"shares": "yes", "version": str(la.version)})

    assert response.status_code == 302
    assert shares(la.id) and not shares(world["b"]["la"].id)
    assert "now include your figures" in banner(page(lead.get(response.location)))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "la.benchmark_sharing_changed"))
    assert event.la_id == la.id and event.detail["shares"] is True


def test_the_lead_can_stop_sharing(app, world, signed_in):
    la = world["a"]["la"]
    la.shares_benchmarks = True
    db.session.commit()
    response = signed_in("a", "lead").post(url(world), data={"shares": "no", "version": str(la.version)})
    assert response.status_code == 302
    assert not shares(la.id)


def test_a_choice_made_on_a_stale_page_is_refused(app, world, signed_in):
    la = world["a"]["la"]
    stale = str(la.version)
    assert signed_in("a", "lead").post(url(world), data={"shares": "yes", "version": stale}).status_code == 302

    response = signed_in("a", "lead").post(url(world), data={"shares": "no", "version": stale})

    assert response.status_code == 409
    assert "Someone else saved this" in " ".join(error_summary(page(response)))
    assert shares(la.id)


def test_no_answer_is_refused_with_a_message(app, world, signed_in):
    response = signed_in("a", "lead").post(url(world), data={"version": str(world["a"]["la"].version)})
    assert response.status_code == 400
    assert error_summary(page(response)) == ["Select yes or no"]


def test_only_the_lead_may_choose(app, world, signed_in):
    for role in ("senco", "head", "qa"):
        client = signed_in("a", role)
        assert client.get(url(world)).status_code == 403
        assert client.post(url(world), data={"shares": "yes", "version": "1"}).status_code == 403
    assert signed_in("b", "lead").post(url(world), data={"shares": "yes", "version": "1"}).status_code == 404
    assert not shares(world["a"]["la"].id)
