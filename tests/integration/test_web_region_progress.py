"""A supervisor's region pages over the known 2018Q1 pattern: the figures the page shows are the API's,
the children link down to the village page, trends add income per person, rankings match the
assessment, downloads work with the session, and another banner's region does not exist."""

import html
import re
from datetime import date

import pytest
from flask import current_app

from fieldcollect.extensions import db
from fieldcollect.rounds.calendar import Round
from fieldcollect.rounds.service import ensure_round
from fieldcollect.timelines.income import income_per_person
from fieldcollect.web.charts import percent
from tests.integration.rounds_support import EXPECTED, add_entry, at, build_rounds_world
from tests.integration.test_api_rounds import sign_in

COUNT_LABELS = ("应采集户数", "已完成", "按时完成", "逾期完成", "未完成", "有冲突")
ROW = re.compile(r'<tr><th scope="row"><a class="cell-link" href="([^"]+)">([^<]+)</a></th>(.*?)</tr>', re.S)
CELL = re.compile(r"<td>([^<]*)</td>")
WUSHEN, DONGSHENG, CITY = "150626000000", "150602000000", "150600000000"


@pytest.fixture
def world(app, db_session):
    world = build_rounds_world()
    open_round("2018Q1")  # a page offers the opened rounds and the one being collected today
    return world


def open_round(name: str) -> None:
    settings = current_app.config["SETTINGS"]
    ensure_round(db.session, Round.parse(name), settings.rounds, settings.server.timezone, date(2026, 1, 1))
    db.session.commit()


def page_figures(page: str) -> tuple:
    """Return the region's counts and its two rates as the page shows them."""
    counts = tuple(int(re.search(rf"<dt>{label}</dt><dd>(\d+)</dd>", page).group(1)) for label in COUNT_LABELS)
    rates = re.findall(r'<span class="rate">([^<]+)</span><span class="meta">', page)
    return counts, tuple(rates)


def child_rows(page: str) -> dict[str, tuple[str, list[str]]]:
    """Return each child row of the children table: its name -> (link, cells)."""
    return {name: (href, CELL.findall(cells)) for href, name, cells in ROW.findall(page)}


def api_figures(body: dict) -> tuple:
    counts = tuple(body[k] for k in ("expected", "complete", "on_time", "late", "missing", "conflict"))
    return counts, (percent(body["completion_rate"]), percent(body["on_time_rate"]))


def test_region_figures_and_children_equal_the_apis_at_every_level(world, client):
    sign_in(client, world.users["city"])
    for code in (CITY, WUSHEN, DONGSHENG, "150626101000", "150626200000"):
        page = client.get(f"/region/{code}?round=2018Q1").get_data(as_text=True)
        body = client.get(f"/api/v1/rounds/2018Q1/progress?region={code}").get_json()
        assert page_figures(page) == api_figures(body), code
        assert page_figures(page)[0] == EXPECTED[code]
        rows = child_rows(page)
        assert len(rows) == len(body["children"])
        for child in body["children"]:
            _, cells = rows[child["region"]["name"]]
            (expected, complete, on_time, late, missing, conflict), (rate, on_time_rate) = api_figures(child)
            assert cells == [str(expected), str(complete), rate, str(on_time), str(late), str(missing),
                             str(conflict), on_time_rate], child["region"]["code"]


def test_region_page_shows_per_category_counts_and_a_chart_of_children(world, client):
    sign_in(client, world.users["banner"])
    page = client.get(f"/region/{WUSHEN}?round=2018Q1").get_data(as_text=True)
    assert re.search(r'<th scope="row">培训就业信息</th><td>8</td><td>4</td>\s*<td>4</td>', page)
    chart = re.search(r'<svg class="chart".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in chart and "乌审召镇" in chart and "57%" in chart  # 4 of 7 complete
    assert '<option value="2018Q1" selected>' in page


def test_drill_down_links_go_from_city_to_banner_to_township_to_village(world, client):
    sign_in(client, world.users["city"])
    city = child_rows(client.get("/region/150600000000?round=2018Q1").get_data(as_text=True))
    assert city["乌审旗"][0] == f"/region/{WUSHEN}?round=2018Q1"
    banner = child_rows(client.get(city["乌审旗"][0]).get_data(as_text=True))
    assert banner["乌审召镇"][0] == "/region/150626101000?round=2018Q1"
    township = child_rows(client.get(banner["乌审召镇"][0]).get_data(as_text=True))
    assert township["VA嘎查"][0] == "/village/150626101201?round=2018Q1"
    assert client.get(township["VA嘎查"][0]).status_code == 200


def test_a_banner_supervisor_gets_not_found_for_another_banner(world, client):
    sign_in(client, world.users["banner"])  # 乌审旗
    for path in ("", "/trends", "/ranking"):
        assert client.get(f"/region/{DONGSHENG}{path}?round=2018Q1").status_code == 404
        assert client.get(f"/region/{CITY}{path}").status_code == 404
        assert client.get(f"/region/{WUSHEN}{path}").status_code == 200
    page = client.get(f"/region/{WUSHEN}?round=2018Q1").get_data(as_text=True)
    assert f'href="/region/{CITY}"' not in page  # no way up out of the scope


def test_download_links_give_the_rounds_workbook_and_csv_to_the_signed_in_session(world, client):
    sign_in(client, world.users["banner"])
    page = client.get(f"/region/{WUSHEN}?round=2018Q1").get_data(as_text=True)
    links = re.findall(r'href="(/api/v1/rounds/2018Q1/progress\.(?:xlsx|csv)\?region=\d+)"', page)
    assert links == [f"/api/v1/rounds/2018Q1/progress.xlsx?region={WUSHEN}",
                     f"/api/v1/rounds/2018Q1/progress.csv?region={WUSHEN}"]
    workbook = client.get(links[0])
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    csv = client.get(links[1]).data.decode("utf-8-sig")
    assert "乌审召镇" in csv and "东胜区" not in csv


def add_income(world, key: str, net: object, members: object, received: str = "2018-04-11 10:00"):
    """Add an income entry received after the world's own (blank) ones, so that it stands."""
    entry = add_entry(world.households[key], "income", "2018Q1", at(received), instance_id=None)
    entry.answers = {"net_income": net, "member_count": members}
    db.session.flush()
    return entry


def test_income_per_person_divides_net_income_by_people_one_entry_per_household(world, db_session):
    add_income(world, "a1", 9000.0, 3)
    add_income(world, "a1", 12000.0, 3, "2018-04-12 10:00")  # the latest entry of a1 stands
    add_income(world, "b1", 6000, 2)
    add_income(world, "b2", "", 2)  # a blank calculation: left out, not a failed cast
    add_income(world, "d1", 30000, 1)  # 东胜区
    db_session.commit()
    wushen = income_per_person(db_session, ["2018Q1", "2018Q2"], WUSHEN, None)
    assert list(wushen) == ["2018Q1"]
    assert (wushen["2018Q1"].households, wushen["2018Q1"].people) == (2, 5)
    assert wushen["2018Q1"].per_person == pytest.approx(3600.0)
    city = income_per_person(db_session, ["2018Q1"], CITY, None)
    assert city["2018Q1"].per_person == pytest.approx(48000 / 6)


def test_trends_page_shows_each_opened_round_with_rates_and_income(world, client):
    add_income(world, "a1", 12000.0, 3)
    add_income(world, "b1", 6000, 2)
    db.session.commit()
    sign_in(client, world.users["banner"])
    open_round("2018Q2")  # nothing collected
    page = client.get(f"/region/{WUSHEN}/trends").get_data(as_text=True)
    rows = {name: cells for _, name, cells in ((h, n, CELL.findall(c)) for h, n, c in ROW.findall(page))}
    assert rows["2018Q1"] == ["8", "50%", "38%", "3,600"]  # 4 and 3 of 8; 18000 yuan for 5 people
    assert rows["2018Q2"] == ["9", "0%", "0%", "—"]  # c_3, registered in May, is expected from 2018Q2
    assert page.count('<svg class="chart"') == 2 and "18Q1" in page


@pytest.mark.parametrize("by", ["cadre", "unit"])
def test_ranking_lists_the_assessments_scores_in_order(world, client, by):
    sign_in(client, world.users["city"])
    body = client.get(f"/api/v1/rounds/2018Q1/assessment?region={CITY}&by={by}").get_json()
    page = client.get(f"/region/{CITY}/ranking?period=2018Q1&by={by}").get_data(as_text=True)
    shown = re.findall(r"<tr><td>(\d+)</td>\s*<th scope=\"row\">([^<]+)(?:<span[^>]*>[^<]*</span>)?</th>\s*"
                       r"<td><strong>([\d.]+)</strong>", page)
    names = [item["cadre"]["name"] if by == "cadre" else item["work_unit"] for item in body["items"]]
    assert shown == [(str(item["rank"]), name, f"{item['score']:.2f}") for item, name in zip(body["items"], names,
                                                                                              strict=True)]
    assert len(shown) >= 2


def test_ranking_of_child_regions_scores_each_banner_and_ranks_them(world, client):
    sign_in(client, world.users["city"])
    page = client.get(f"/region/{CITY}/ranking?period=2018Q1").get_data(as_text=True)
    shown = re.findall(r"<tr><td>(\d+)</td>\s*<th scope=\"row\"><a class=\"cell-link\" href=\"([^\"]+)\">([^<]+)</a>"
                       r"</th>\s*<td><strong>([\d.]+)</strong>", page)
    # 东胜区 100×(0.7×2+0.3×2)/3 = 66.67; 乌审旗 100×(0.7×4+0.3×3)/8 = 46.25; banners expecting nothing are unranked
    assert [(rank, name, score) for rank, _, name, score in shown] == [("1", "东胜区", "66.67"),
                                                                      ("2", "乌审旗", "46.25")]
    assert html.unescape(shown[0][1]) == f"/region/{DONGSHENG}/ranking?period=2018Q1&by=region"
    assert f"/api/v1/rounds/2018Q1/assessment.xlsx?region={CITY}" in page


def test_ranking_for_a_year_adds_up_its_rounds(world, client):
    sign_in(client, world.users["city"])
    page = client.get(f"/region/{CITY}/ranking?period=2018&by=region").get_data(as_text=True)
    assert '<option value="2018" selected>' in page
    # 2018Q2–Q4 open on first use with the same households expected and nothing collected: a quarter of Q1's
    assert re.search(r"东胜区</a></th>\s*<td><strong>16\.67</strong>", page)
    assert client.get(f"/region/{CITY}/ranking?period=1999").status_code == 404
    assert client.get(f"/region/{CITY}/ranking?by=nobody").status_code == 404
