"""A city supervisor on a phone: a past round's progress with its chart, drilling down to a village,
trends over rounds with income per person, rankings, and a workbook download."""

import re
from datetime import date

import pytest
from flask import current_app
from playwright.sync_api import expect
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.rounds.calendar import Round
from fieldcollect.rounds.service import ensure_round
from fieldcollect.timelines.models import TimelineEntry
from tests.e2e.conftest import check_page, sign_in
from tests.e2e.test_web_signin import ends_with
from tests.factories import FACTORY_PASSWORD
from tests.integration.rounds_support import add_entry, at, build_rounds_world


@pytest.fixture
def world(app):
    world = build_rounds_world()
    for household, net in (("a1", 12000.0), ("b1", 6000.0), ("d1", 9000.0)):
        entry = standing_income(world.households[household]) or add_entry(
            world.households[household], "income", "2018Q1", at("2018-04-01 10:00"))
        entry.answers = {"net_income": net, "member_count": 3}
    settings = current_app.config["SETTINGS"]
    for name in ("2017Q4", "2018Q1", "2018Q2"):
        ensure_round(db.session, Round.parse(name), settings.rounds, settings.server.timezone, date(2026, 1, 1))
    db.session.commit()
    return world


def standing_income(household) -> TimelineEntry | None:
    """Return the household's 2018Q1 income entry that stands (the latest received), if it has one."""
    return db.session.scalars(select(TimelineEntry).where(
        TimelineEntry.household_id == household.id, TimelineEntry.category == "income",
        TimelineEntry.period == "2018Q1").order_by(TimelineEntry.received_at.desc(),
                                                    TimelineEntry.instance_id.desc())).first()


def test_supervisor_reads_progress_drills_down_and_sees_trends_and_rankings(world, page):
    sign_in(page, world.users["city"].username, FACTORY_PASSWORD)
    expect(page.get_by_role("heading", name="鄂尔多斯市")).to_be_visible()
    page.get_by_label("季度", exact=True).select_option("2018Q1")
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".rates")).to_contain_text("55%")  # 6 of 11 complete
    expect(page.get_by_role("img", name="下级区划完成率")).to_be_visible()
    check_page(page, "supervisor-city-progress")

    page.get_by_role("link", name="乌审旗", exact=True).click()
    expect(page).to_have_url(ends_with("/region/150626000000?round=2018Q1"))
    expect(page.locator("dl.figures")).to_contain_text("8")
    check_page(page, "supervisor-banner-progress")
    page.get_by_role("link", name="乌审召镇", exact=True).click()
    page.get_by_role("link", name="VA嘎查", exact=True).click()
    expect(page).to_have_url(ends_with("/village/150626101201?round=2018Q1"))

    page.goto("/region/150626000000")
    page.get_by_role("navigation", name="本区划视图").get_by_role("link", name="趋势").click()
    expect(page.get_by_role("img", name="人均纯收入（元）")).to_be_visible()
    expect(page.locator("table.data")).to_contain_text("3,000")  # (12000 + 6000) ÷ 6 people in 乌审旗
    check_page(page, "supervisor-trends")

    page.get_by_role("navigation", name="本区划视图").get_by_role("link", name="排名").click()
    page.get_by_label("考核期").select_option("2018Q1")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("table.data tbody tr").first).to_contain_text("乌审召镇")
    check_page(page, "supervisor-ranking-regions")
    page.get_by_role("navigation", name="排名对象").get_by_role("link", name="帮扶干部").click()
    expect(page.locator("table.data")).to_contain_text("干部甲")
    check_page(page, "supervisor-ranking-cadres")

    with page.expect_download() as download:
        page.get_by_role("link", name="考核排名 XLSX").click()
    assert re.search(r"\.xlsx$", download.value.suggested_filename)


@pytest.mark.parametrize("path", ["/region/150600000000?round=2018Q1", "/region/150626000000/trends",
                                  "/region/150626000000/ranking?period=2018Q1",
                                  "/region/150626000000/ranking?period=2018Q1&by=cadre"])
def test_in_english_the_supervisor_pages_still_fit_a_phone(world, page, path):
    # English words are longer than Chinese ones: every table scrolls inside its box, never the page.
    sign_in(page, world.users["city"].username, FACTORY_PASSWORD)
    page.goto(path + ("&" if "?" in path else "?") + "lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_page(page, "supervisor-en-" + path.split("/")[-1].split("?")[0])
