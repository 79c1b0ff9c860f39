"""In a phone-sized Chromium: the cadre's 本季度 with what to fix, and the village team's 本村进度."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import check_page, screenshot, sign_in
from tests.e2e.test_web_signin import ends_with
from tests.factories import FACTORY_PASSWORD
from tests.integration.receiver_support import QIQIGE, VILLAGE, WANG
from tests.integration.round_pages_support import (
    BASIC_COMMENT,
    INCOME_COMMENT,
)


def test_cadre_sees_the_round_what_to_fix_and_each_households_marks(round_scene, page):
    sign_in(page, round_scene.world.cadre.username, FACTORY_PASSWORD)
    expect(page).to_have_url(ends_with("/my/round"))
    expect(page.get_by_role("heading", name="本季度：2018年第2季度")).to_be_visible()
    expect(page.get_by_text("还剩 35 天")).to_be_visible()
    fixes = page.locator("section.fixes")
    expect(fixes.get_by_text(INCOME_COMMENT)).to_be_visible()
    expect(fixes.get_by_text(BASIC_COMMENT)).to_be_visible()
    qiqige = page.locator("li.household-card", has_text=QIQIGE)
    expect(qiqige.locator("li.chip")).to_have_count(8)
    expect(qiqige.locator("li.chip-rejected")).to_have_count(2)
    expect(page.locator("li.household-card", has_text=WANG).locator("li.chip-has_issues")).to_have_count(1)
    expect(page.locator("details.setup-qr svg")).not_to_be_visible()  # folded away until asked for
    check_page(page, "cadre-round")

    page.get_by_text("手机设置二维码（ODK Collect）").click()
    qr = page.locator("details.setup-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert 200 <= box["width"] <= 300, box  # big enough to scan from another phone, within the screen
    check_page(page, "cadre-round-qr")


def test_village_team_sees_its_cadres_the_households_to_chase_and_other_rounds(round_scene, page):
    sign_in(page, round_scene.village_team.username, FACTORY_PASSWORD)
    expect(page).to_have_url(ends_with(f"/village/{VILLAGE}"))
    expect(page.get_by_role("heading", name="巴音嘎查")).to_be_visible()
    expect(page.get_by_text("缺 1 户")).to_be_visible()
    expect(page.get_by_text(BASIC_COMMENT)).to_be_visible()
    expect(page.get_by_role("link", name="打印本村干部的二维码")).to_have_attribute(
        "href", f"/phones/qr-sheets?region={VILLAGE}")
    check_page(page, "village-team")

    page.get_by_label("季度").select_option("2018Q1")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"round=2018Q1$"))
    expect(page.get_by_text("已逾期 56 天")).to_be_visible()
    screenshot(page, "village-team-past-round")

    page.get_by_role("link", name="打印本村干部的二维码").click()
    expect(page.locator("figure.qr-card")).to_have_count(1)
    expect(page.locator("figure.qr-card")).to_contain_text("张干部")


def test_supervisor_opens_a_village_under_them(round_scene, page):
    sign_in(page, round_scene.world.supervisor.username, FACTORY_PASSWORD)
    page.goto(f"/village/{VILLAGE}")
    expect(page.get_by_role("heading", name="巴音嘎查")).to_be_visible()
    expect(page.get_by_role("link", name="乌审召镇")).to_be_visible()
    check_page(page, "village-supervisor")


def test_in_english_the_cadre_and_village_pages_still_fit_a_phone(round_scene, page):
    # English words are longer than Chinese ones: the category marks and tables must not push the page wide.
    sign_in(page, round_scene.world.cadre.username, FACTORY_PASSWORD)
    page.goto("/my/round?lang=en")
    expect(page.get_by_role("heading", name=re.compile("^This quarter"))).to_be_visible()
    check_page(page, "cadre-round-en")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, round_scene.village_team.username, FACTORY_PASSWORD)
    page.goto(f"/village/{VILLAGE}?lang=en")
    check_page(page, "village-team-en")
