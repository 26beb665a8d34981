def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_signed_in_lead_sees_own_la_on_home(signed_in, world):
    page = signed_in("a", "lead").get("/").get_data(as_text=True)
    assert "Authority A" in page
    assert "Authority B" not in page
