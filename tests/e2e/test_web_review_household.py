"""In a phone-sized Chromium: a supervisor reviews submissions and settles a conflict on the household page;
a cadre reads the household with ID numbers whole."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, sign_in
from tests.factories import FACTORY_PASSWORD
from tests.integration.receiver_support import WANG
from tests.integration.review_pages_support import build_review_world


@pytest.fixture
def world(app):
    return build_review_world(app)


def test_supervisor_filters_the_queue_reads_a_submission_and_asks_for_a_correction(world, page):
    sign_in(page, world.supervisor.username, FACTORY_PASSWORD)
    page.goto("/review")
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="审核")).to_have_attribute(
        "aria-current", "page")
    expect(page.get_by_role("heading", name="审核")).to_be_visible()
    expect(page.get_by_text("共 7 份")).to_be_visible()
    check_page(page, "review-queue")

    page.get_by_label("信息类别").select_option(label="住房安全信息")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("共 1 份")).to_be_visible()
    page.get_by_role("link", name=re.compile("住房安全信息")).click()
    expect(page.get_by_role("heading", name=re.compile("住房安全信息"))).to_be_visible()
    expect(page.get_by_text("房屋主要结构")).to_be_visible()
    expect(page.locator("img[alt='住房照片']")).to_be_visible()
    check_page(page, "review-submission")

    page.get_by_label("有问题，需整改").check()
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator("#comment-error")).to_contain_text("须写明要修改什么")
    page.get_by_label("有问题，需整改").check()
    page.get_by_label("意见").fill("住房照片看不清，请重拍。")
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.get_by_text("已记录审核结论：有问题。")).to_be_visible()
    expect(page.get_by_text("督导意见：住房照片看不清，请重拍。")).to_be_visible()
    check_page(page, "review-submission-decided")


def test_supervisor_bulk_approves_from_the_queue(world, page):
    sign_in(page, world.supervisor.username, FACTORY_PASSWORD)
    page.goto("/review?form=fp_basic")
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="通过选中的记录").click()
    expect(page.get_by_text("已通过 2 份记录。")).to_be_visible()
    expect(page.locator(".queue .rs-approved")).to_have_count(2)


def test_supervisor_settles_a_conflict_field_by_field_on_the_household_page(world, page):
    sign_in(page, world.supervisor.username, FACTORY_PASSWORD)
    page.goto(f"/households/{WANG}")
    expect(page.get_by_role("heading", name="王建国户")).to_be_visible()
    expect(page.get_by_text("1506**********0135")).to_be_visible()
    expect(page.get_by_text("务工收入 4,000 → 6,000")).to_be_visible()
    check_page(page, "household-supervisor")

    conflict = page.locator("#conflict-income-2018Q3")
    conflict.get_by_role("radio").nth(1).check()  # 务工收入 from B (6,500)
    conflict.get_by_role("button", name="按所选逐项合并").click()
    expect(page.get_by_text("冲突已处理，现状已更新。")).to_be_visible()
    expect(page.locator("#conflicts")).to_have_count(0)
    check_page(page, "household-resolved")


def test_cadre_reads_the_household_with_whole_id_numbers_and_no_resolve_form(world, page):
    sign_in(page, world.cadre.username, FACTORY_PASSWORD)
    page.goto(f"/households/{WANG}")
    expect(page.get_by_text("150626196003020135")).to_be_visible()
    expect(page.locator("#conflict-income-2018Q3")).to_be_visible()
    expect(page.get_by_role("button", name="按所选逐项合并")).to_have_count(0)
    check_page(page, "household-cadre")
