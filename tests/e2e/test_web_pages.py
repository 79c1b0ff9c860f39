"""In a phone-sized Chromium: region drill-down, the user pages, error pages, reading without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD, create_test_user
from tests.e2e.conftest import check_page, sign_in
from tests.e2e.test_web_signin import ends_with


def test_supervisor_drills_down_and_back_up(app, page):
    user = create_test_user("city_supervisor", display_name="李市督")
    sign_in(page, user.username, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="鄂尔多斯市")).to_be_visible()
    check_page(page, "region-city")
    page.get_by_role("link", name=re.compile("东胜区")).click()
    page.get_by_role("link", name=re.compile("泊尔江海子镇")).click()
    expect(page).to_have_url(ends_with("/region/150602100000"))
    check_page(page, "region-township")
    page.get_by_role("navigation", name="上级区划").get_by_role("link", name="东胜区").click()
    expect(page).to_have_url(ends_with("/region/150602000000"))


def test_administrator_lists_filters_and_creates_users(app, page):
    admin = create_test_user("admin", username="admin", display_name="管理员")
    create_test_user("banner_supervisor", username="dongsheng", display_name="东胜区督导")
    create_test_user("township_supervisor", username="borjianghaizi", display_name="泊江海子镇督导")
    create_test_user("cadre", username="cadre-001", display_name="张建国")
    sign_in(page, admin.username, TEST_PASSWORD)
    expect(page.get_by_text("共 4 人")).to_be_visible()
    check_page(page, "admin-users")

    page.get_by_label("角色").select_option(label="苏木乡镇督导")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("共 1 人")).to_be_visible()
    expect(page.locator("ul.users")).to_contain_text("泊江海子镇督导")

    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("dongsheng")
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("初始密码").fill("long-enough-1")
    page.get_by_label("角色").select_option(label="旗区督导")
    page.get_by_label("所属区划代码").fill("150602100000")
    page.get_by_role("button", name="创建用户").click()
    expect(page.locator("#region-error")).to_have_text(
        "角色“旗区督导”须对应旗区级区划，而“150602100000”是苏木乡镇级。")
    check_page(page, "admin-new-user-error")

    page.get_by_label("初始密码").fill("long-enough-1")  # browsers never refill a password
    page.get_by_label("所属区划代码").fill("150602000000")
    page.get_by_role("button", name="创建用户").click()
    expect(page.locator("#username-error")).to_have_text("用户名“dongsheng”已存在。")

    page.get_by_label("用户名").fill("wangfang")
    page.get_by_label("初始密码").fill("long-enough-1")
    page.get_by_role("button", name="创建用户").click()
    expect(page).to_have_url(ends_with("/admin/users"))
    expect(page.get_by_text("已创建用户 wangfang。")).to_be_visible()
    expect(page.get_by_text("共 5 人")).to_be_visible()


@pytest.fixture
def failing_app(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer like production

    @app.get("/explode")
    def explode():
        raise RuntimeError("broken on purpose")

    return app


def test_error_pages_say_what_happened_and_where_to_go(failing_app, page):
    page.goto("/no-such-page")
    expect(page.get_by_text("找不到该页面，或您无权查看。")).to_be_visible()
    check_page(page, "error-404")
    page.get_by_role("link", name="去登录").click()
    expect(page).to_have_url(ends_with("/login"))

    cadre = create_test_user("cadre")
    sign_in(page, cadre.username, TEST_PASSWORD)
    page.goto("/admin/users")
    expect(page.get_by_text("您没有权限查看此页面。")).to_be_visible()
    check_page(page, "error-403")
    page.get_by_role("link", name="返回我的首页").click()
    expect(page).to_have_url(ends_with("/my/round"))

    page.goto("/explode")
    expect(page.get_by_text("服务器出错了，我们已记录此问题，请稍后再试。")).to_be_visible()
    check_page(page, "error-500")


@pytest.mark.parametrize("browser_context_options", [{"java_script_enabled": False}])
def test_pages_work_without_javascript(app, page, browser_context_options):
    user = create_test_user("banner_supervisor")
    sign_in(page, user.username, TEST_PASSWORD)
    expect(page).to_have_url(ends_with("/region/150602000000"))
    expect(page.get_by_role("heading", name="东胜区")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
