"""/healthz reports the process and its database."""

from tests.conftest import ON_POSTGRES


def test_healthz_with_reachable_database_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"
    assert response.json["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")


def test_every_response_carries_a_request_id(client):
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"


def test_unknown_page_is_a_chinese_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "找不到该页面" in response.get_data(as_text=True)


def test_unknown_page_in_english_when_asked(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 404
    assert 'lang="en"' in response.get_data(as_text=True)
