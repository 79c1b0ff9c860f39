"""The layout around every page: navigation by role, region pages and their scope, the language switch."""

import re

import pytest
from flask_babel import refresh

from fieldcollect.users.roles import Role
from fieldcollect.web.nav import NAV
from tests.conftest import TEST_VILLAGE


def nav_labels(page: str) -> list[str]:
    nav = re.search(r'<nav class="nav".*?</nav>', page, re.S)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(0)) if nav else []


def test_every_nav_entry_names_a_registered_page(app):
    assert {entry.endpoint for entry in NAV} <= set(app.view_functions)


def test_every_role_has_a_home_page():
    for role in Role:
        assert any(role in entry.roles for entry in NAV), role


@pytest.mark.parametrize(("role", "path", "labels"), [
    ("cadre", "/my/round", ["本季度"]),
    ("village_team", f"/village/{TEST_VILLAGE}", ["本村进度", "采集记录"]),
    ("township_supervisor", "/region/150602100000", ["进度", "审核"]),
    ("city_supervisor", "/region/150600000000", ["进度", "审核"]),
    ("admin", "/admin/users", ["用户", "导入", "表单"]),
])
def test_navigation_shows_the_roles_pages_and_marks_the_current_one(client, login_as, role, path, labels):
    login_as(role)
    page = client.get(path).get_data(as_text=True)
    assert nav_labels(page) == labels
    assert 'aria-current="page"' in page


def test_top_bar_shows_name_and_role_in_chinese_and_a_sign_out_button(client, login_as):
    user = login_as("banner_supervisor")
    page = client.get("/region/150602000000").get_data(as_text=True)
    assert user.display_name in page
    assert "旗区督导" in page
    assert 'action="/logout"' in page


def test_cadre_home_shows_role_and_the_open_round(client, login_as):
    login_as("cadre")
    page = client.get("/my/round").get_data(as_text=True)
    assert "结对帮扶干部" in page and re.search(r"本季度：\d{4}年第[1-4]季度", page)


def test_region_page_lists_children_and_the_way_up(client, login_as):
    login_as("banner_supervisor")
    page = client.get("/region/150602000000").get_data(as_text=True)
    assert "东胜区" in page
    assert 'href="/region/150602100000"' in page and "泊尔江海子镇" in page
    township = client.get("/region/150602100000").get_data(as_text=True)
    assert 'href="/region/150602000000"' in township  # back up to the banner
    assert 'href="/region/150600000000"' not in township  # the city is outside this user's scope


def test_region_outside_scope_is_not_found(client, login_as):
    login_as("banner_supervisor")  # 东胜区
    assert client.get("/region/150621000000").status_code == 404  # 达拉特旗
    assert client.get("/region/150600000000").status_code == 404
    assert client.get("/region/not-a-code").status_code == 404


def test_region_page_is_forbidden_to_cadres(client, login_as):
    login_as("cadre")
    response = client.get("/region/150602000000")
    assert response.status_code == 403
    assert "您没有权限查看此页面。" in response.get_data(as_text=True)


def test_admin_may_open_any_region(client, login_as):
    login_as("admin")
    assert client.get("/region/150621000000").status_code == 200


def test_front_door_sends_visitors_to_sign_in_and_users_home(client, login_as):
    assert client.get("/").headers["Location"] == "/login"
    login_as("cadre")
    assert client.get("/").headers["Location"] == "/my/round"


def test_language_switch_sets_a_cookie_and_returns_to_the_page(client):
    response = client.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Poverty Data Collection" in page
    client.get("/lang/zh?next=/login")
    refresh()  # the test's requests share one app context, where Flask-Babel caches the locale
    assert '<html lang="zh-CN">' in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_unknown_languages_and_foreign_targets(client):
    assert client.get("/lang/fr").status_code == 404
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"


def test_pages_link_the_stylesheet_served_by_the_app(client):
    page = client.get("/login").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    assert href.startswith("/assets/")
    with client.get(href) as css:
        assert css.status_code == 200 and b"min-height: 44px" in css.data
    assert "http" not in page.split("<body>")[0].replace('http-equiv', '')  # no CDN in <head>


def test_navigation_marks_the_section_on_pages_below_it(client, login_as):
    login_as("city_supervisor")
    child = client.get("/region/150602100000").get_data(as_text=True)
    assert re.search(r'<a href="/region/150600000000" aria-current="page">进度</a>', child)


def test_navigation_marks_users_while_creating_one(client, login_as):
    login_as("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert re.search(r'<a href="/admin/users" aria-current="page">用户</a>', page)
