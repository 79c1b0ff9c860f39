"""Signing in and out through the login page: landing pages, messages, CSRF and safe redirects."""

import re
from urllib.parse import quote

import pytest

from tests.conftest import TEST_PASSWORD, TEST_VILLAGE, create_test_user

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, path="/login"):
    page = client.get(path).get_data(as_text=True)
    return TOKEN.search(page).group(1)


def post_login(client, username, password, next_url=None, **kwargs):
    path = "/login" + (f"?next={next_url}" if next_url else "")
    data = {"csrf_token": csrf_token(client), "username": username, "password": password}
    return client.post(path, data=data, **kwargs)


def test_login_page_is_chinese_with_labelled_inputs(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert '<label for="username">用户名</label>' in page
    assert '<label for="password">密码</label>' in page
    assert 'name="csrf_token"' in page


@pytest.mark.parametrize(("role", "landing"), [
    ("cadre", "/my/round"),
    ("village_team", f"/village/{TEST_VILLAGE}"),
    ("township_supervisor", "/region/150602100000"),
    ("banner_supervisor", "/region/150602000000"),
    ("city_supervisor", "/region/150600000000"),
    ("admin", "/admin/users"),
])
def test_each_role_lands_on_its_home_page(app, client, role, landing):
    user = create_test_user(role, display_name="王小红")
    response = post_login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    page = client.get(landing).get_data(as_text=True)
    assert "王小红" in page


def test_wrong_password_is_refused_in_chinese(app, client):
    user = create_test_user("cadre")
    response = post_login(client, user.username, "not-the-password")
    assert response.status_code == 401
    assert "用户名或密码错误。" in response.get_data(as_text=True)
    assert client.get("/my/round").status_code == 302  # still signed out


def test_unknown_user_gets_the_same_message(app, client):
    response = post_login(client, "nobody", "whatever-password")
    assert response.status_code == 401
    assert "用户名或密码错误。" in response.get_data(as_text=True)


def test_empty_fields_are_named_in_chinese(app, client):
    response = client.post("/login", data={"csrf_token": csrf_token(client), "username": "", "password": ""})
    assert response.status_code == 400
    assert response.get_data(as_text=True).count("请填写此项。") == 2


def test_post_without_csrf_token_is_refused(app, client):
    user = create_test_user("cadre")
    response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)
    assert client.get("/my/round").status_code == 302


def test_sign_out_needs_a_token_and_then_signs_out(app, client, login_as):
    login_as("cadre")
    assert client.post("/logout").status_code == 400
    assert client.get("/my/round").status_code == 200
    token = csrf_token(client, "/my/round")
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=True)
    assert "您已退出登录。" in response.get_data(as_text=True)
    assert client.get("/my/round").status_code == 302


def test_protected_page_sends_to_login_with_next_and_back(app, client):
    user = create_test_user("admin")
    response = client.get("/admin/users?role=cadre")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "请先登录。" in followed
    back = post_login(client, user.username, TEST_PASSWORD, next_url="/admin/users%3Frole%3Dcadre")
    assert back.headers["Location"] == "/admin/users?role=cadre"


@pytest.mark.parametrize("evil", [
    "https://evil.example/", "//evil.example/", "/\\evil.example/", "http:/evil.example",
    "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "evil.example",
])
def test_next_pointing_off_site_is_ignored(app, client, evil):
    user = create_test_user("admin")
    response = post_login(client, user.username, TEST_PASSWORD, next_url=quote(evil, safe=""))
    assert response.headers["Location"] == "/admin/users"


def test_signed_in_user_visiting_login_goes_home(app, client, login_as):
    login_as("banner_supervisor")
    response = client.get("/login")
    assert response.headers["Location"] == "/region/150602000000"


def test_inactive_user_cannot_sign_in(app, client, db_session):
    user = create_test_user("cadre")
    user.active = False
    db_session.commit()
    assert post_login(client, user.username, TEST_PASSWORD).status_code == 401
