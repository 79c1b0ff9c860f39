"""In a phone-sized Chromium: every role signs in, lands on its page and signs out; failures are explained."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, base_config, create_test_user
from tests.e2e.conftest import check_page, sign_in

LIMIT = 3
ROLES = [
    ("cadre", "/my/round", "结对帮扶干部"),
    ("village_team", "/village/150602100201", "驻村工作队"),
    ("township_supervisor", "/region/150602100000", "苏木乡镇督导"),
    ("banner_supervisor", "/region/150602000000", "旗区督导"),
    ("city_supervisor", "/region/150600000000", "市级督导"),
    ("admin", "/admin/users", "系统管理员"),
]


def ends_with(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + "$")


@pytest.fixture
def app_config(database_url):
    return base_config(database_url, security={"login_attempts_per_minute": LIMIT})


def test_login_page_reads_in_chinese(page):
    page.goto("/")
    expect(page).to_have_url(ends_with("/login"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    check_page(page, "login")


@pytest.mark.parametrize(("role", "landing", "role_name"), ROLES)
def test_each_role_signs_in_lands_home_and_signs_out(app, page, role, landing, role_name):
    user = create_test_user(role, display_name="王小红")
    sign_in(page, user.username, TEST_PASSWORD)
    expect(page).to_have_url(ends_with(landing))
    expect(page.locator("header.top")).to_contain_text("王小红")
    expect(page.locator("header.top")).to_contain_text(role_name)
    check_page(page, f"home-{role}")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(ends_with("/login"))
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
    page.goto(landing)
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_is_explained_in_chinese(app, page):
    user = create_test_user("cadre")
    sign_in(page, user.username, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(page.get_by_label("用户名")).to_have_value(user.username)  # no retyping the name
    check_page(page, "login-failed")


def test_sign_in_is_throttled_after_repeated_failures(app, page):
    user = create_test_user("cadre")
    for _ in range(LIMIT):
        sign_in(page, user.username, "not-the-password")
        expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    sign_in(page, user.username, TEST_PASSWORD)
    expect(page.get_by_role("alert")).to_have_text("登录失败次数过多，请一分钟后再试。")
    expect(page).to_have_url(ends_with("/login"))
    check_page(page, "login-throttled")


def test_reader_can_switch_to_english_and_back(app, page):
    page.goto("/login")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header.top")).to_contain_text("Poverty Data Collection")
    check_page(page, "login-en")
    page.get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_sign_in_returns_to_the_page_asked_for(app, page):
    user = create_test_user("city_supervisor")
    page.goto("/region/150602000000")
    expect(page.get_by_text("请先登录。")).to_be_visible()
    sign_in(page, user.username, TEST_PASSWORD, path=page.url)
    expect(page).to_have_url(ends_with("/region/150602000000"))
