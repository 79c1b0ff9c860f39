"""In a phone-sized Chromium: an administrator imports a registry file and publishes an XLSForm."""

import re

from playwright.sync_api import expect

from fieldcollect.demo.files import registry_files
from fieldcollect.demo.registry import plan_registry
from fieldcollect.demo.service import official_townships
from tests.conftest import TEST_PASSWORD, create_test_user
from tests.e2e.conftest import check_page, sign_in
from tests.e2e.test_web_signin import ends_with
from tests.integration.test_web_admin_forms import xlsform
from tests.integration.test_web_admin_imports import USERS_CSV, with_mistakes


def choose_file(page, label: str, name: str, data: bytes) -> None:
    page.get_by_label(label).set_input_files({"name": name, "mimeType": "application/octet-stream",
                                              "buffer": data})


def checked(page, name: str) -> None:
    """Wait until the page has loaded (its stylesheet too: an element can show before), then check it."""
    page.wait_for_load_state("load")
    check_page(page, name)


def test_administrator_imports_households_and_users(app, page):
    admin = create_test_user("admin", username="admin", display_name="管理员")
    households = registry_files(plan_registry(7, 6, official_townships()))[0]
    sign_in(page, admin.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="导入").click()
    expect(page.get_by_role("heading", name="导入")).to_be_visible()
    checked(page, "admin-imports")

    page.get_by_label("导入内容").select_option(label="户（含家庭成员）")
    choose_file(page, "文件（.xlsx 或 .csv）", "households.csv", with_mistakes(households))
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("文件有 2 处错误，未写入任何数据。")
    expect(page.locator("table.row-errors tbody tr")).to_have_count(2)
    checked(page, "admin-import-errors")

    page.get_by_role("link", name="导入另一个文件").click()
    page.get_by_label("导入内容").select_option(label="用户")
    choose_file(page, "文件（.xlsx 或 .csv）", "users.csv", USERS_CSV)
    page.get_by_role("button", name="只检查不导入").click()
    expect(page.get_by_text("检查通过，未写入任何数据。", exact=False)).to_be_visible()
    checked(page, "admin-import-checked")

    page.get_by_role("link", name="导入另一个文件").click()
    page.get_by_label("导入内容").select_option(label="用户")
    choose_file(page, "文件（.xlsx 或 .csv）", "users.csv", USERS_CSV)
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_text("导入完成。")).to_be_visible()
    checked(page, "admin-import-done")


def test_administrator_uploads_a_form_fixes_it_and_closes_it(app, page):
    admin = create_test_user("admin", username="admin", display_name="管理员")
    sign_in(page, admin.username, TEST_PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="表单").click()
    expect(page.get_by_text("还没有发布任何表单。", exact=False)).to_be_visible()
    page.get_by_role("link", name="上传表单").click()
    checked(page, "admin-form-upload")

    choose_file(page, "XLSForm 文件（.xlsx）", "fx_web.xlsx", xlsform(choice_list="no_such_list"))
    page.get_by_role("button", name="检查并发布").click()
    expect(page.get_by_role("alert")).to_contain_text("List name not in choices sheet: no_such_list")
    checked(page, "admin-form-refused")

    choose_file(page, "XLSForm 文件（.xlsx）", "fx_web.xlsx", xlsform())
    page.get_by_role("button", name="检查并发布").click()
    expect(page.get_by_text("已发布版本 2018010101。")).to_be_visible()
    checked(page, "admin-form-published")

    page.get_by_role("link", name="查看各版本").click()
    expect(page).to_have_url(ends_with("/admin/forms/fx_web"))
    page.get_by_role("button", name=re.compile("^停止下发")).click()
    expect(page.get_by_text("表单“网页上传的表单”现为：停止下发")).to_be_visible()
    checked(page, "admin-form-detail")

    page.get_by_role("link", name="返回表单列表").click()
    expect(page.locator(".state-closing")).to_have_text("停止下发")
    checked(page, "admin-forms")
