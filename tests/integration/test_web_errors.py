"""Error pages: Chinese, helpful, and the 500 page still renders when the database is down."""

import logging

import pytest
from flask import abort

from fieldcollect import create_app
from tests.conftest import base_config


def test_not_found_page_offers_sign_in_to_visitors(client):
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "找不到该页面，或您无权查看。" in page and 'href="/login"' in page


def test_not_found_page_offers_home_to_signed_in_users(client, login_as):
    login_as("cadre")
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "返回我的首页" in page


def test_forbidden_page_says_so_in_chinese(client, login_as):
    login_as("cadre")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "您没有权限查看此页面。" in response.get_data(as_text=True)


def unreachable_database_url(tmp_path) -> str:
    from tests.conftest import ON_POSTGRES

    if ON_POSTGRES:
        return "postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2"
    return f"sqlite:///{tmp_path}/missing-folder/none.db"


@pytest.fixture
def app_log(caplog):
    """Capture everything the app logs (its logger does not propagate to the root)."""
    logger = logging.getLogger("fieldcollect")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.fixture
def downed_app(tmp_path):
    app = create_app(base_config(unreachable_database_url(tmp_path), database={"check_on_start": False}))
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer like production, not re-raise into the test
    return app


def test_server_error_page_renders_while_the_database_is_down(downed_app, app_log):
    client = downed_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # loading this user needs the database
    response = client.get("/my/round", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "服务器出错了，我们已记录此问题，请稍后再试。" in page and "req-42" in page
    assert "OperationalError" in app_log.text and "req-42" in app_log.text


def test_server_error_log_names_the_error_but_not_its_data(app, app_log):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    personal = "".join(["张", "三 ", "150602", "19900101", "1234"])  # not in the source lines either

    @app.get("/explode")
    def explode():
        raise ValueError(personal)

    response = app.test_client().get("/explode")
    assert response.status_code == 500
    assert "ValueError" in app_log.text and "explode" in app_log.text
    assert "张三" not in app_log.text and "1990" not in app_log.text


def test_aborted_server_error_uses_the_same_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/abort")
    def aborted():
        abort(500)

    assert "服务器出错了" in app.test_client().get("/abort").get_data(as_text=True)


def test_api_errors_stay_json(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404 and response.is_json
