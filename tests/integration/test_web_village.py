"""The village page, 本村进度 (issue 8), fed by the real receiver: every responsible cadre with who has
finished, the households still missing categories or asked to correct them, the round chooser and
the printable QR sheet; scoped, so another village's team or a supervisor elsewhere gets a 404."""

from __future__ import annotations

import re

from fieldcollect.web.nav import NAV
from tests.factories import UserFactory
from tests.integration.receiver_support import QIQIGE, VILLAGE, WANG
from tests.integration.round_pages_support import (
    BASIC_COMMENT,
    INCOME_COMMENT,
    OTHER_HOUSEHOLD,
    OTHER_VILLAGE,
    set_today,
    sign_in,
)


def page_of(client, user, path: str = f"/village/{VILLAGE}") -> str:
    sign_in(client, user)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def stat(page: str, label: str) -> str:
    return re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page).group(1)


def test_the_team_sees_its_villages_figures_for_the_open_round(round_scene, client):
    page = page_of(client, round_scene.village_team)
    assert "巴音嘎查" in page and "2018年第2季度（当前）" in page and "还剩 35 天" in page
    assert re.search(r"<strong>1</strong> / 2\s*<span class=\"meta\">户已完成", page)
    assert (stat(page, "按时"), stat(page, "逾期"), stat(page, "未完成")) == ("1", "0", "1")
    assert stat(page, "干部完成") == "0/1"


def test_each_cadre_is_listed_with_households_complete_and_on_time(round_scene, client):
    page = page_of(client, round_scene.village_team)
    cadres = section(page, "结对帮扶干部（", "未完成或需修改的户")
    assert "张干部" in cadres and "缺 1 户" in cadres and "完成 1/2 户 · 按时 1 户" in cadres
    assert "赵干部" not in cadres  # responsible for a household in another village


def test_the_households_to_chase_show_what_they_lack_and_what_to_fix(round_scene, client):
    page = page_of(client, round_scene.village_team)
    chase = section(page, "未完成或需修改的户", "手机设置二维码")
    assert "（2）" in chase  # 其其格 is missing categories; 王建国 is complete but asked to fix the income
    rows = {m.group(1): m.group(0) for m in re.finditer(r'href="/households/(\d+)".*?</li>', chase, re.S)}
    assert set(rows) == {WANG, QIQIGE}
    assert re.findall(r'<span class="lack">(.*?)</span>', rows[QIQIGE]) == ["基本", "收支", "产业", "就医",
                                                                          "住房", "培训"]
    assert BASIC_COMMENT in rows[QIQIGE]
    assert '<span class="lack">' not in rows[WANG] and INCOME_COMMENT in rows[WANG]


def test_cadres_with_missing_households_come_first(app, client, monkeypatch):
    from datetime import date

    from fieldcollect.extensions import db
    from tests.factories import CadreFactory, HouseholdFactory, PairingFactory, VillageFactory
    from tests.integration.rounds_support import add_entries, at

    set_today(monkeypatch)
    VillageFactory(code=VILLAGE, name="巴音嘎查")
    done, behind = CadreFactory(name="甲干部"), CadreFactory(name="乙干部")
    for cadre, complete in ((done, True), (behind, False)):
        household = HouseholdFactory(village_code=VILLAGE)
        PairingFactory(cadre=cadre, household=household, start_date=date(2018, 1, 1))
        if complete:
            add_entries(household, "2018Q2", at("2018-06-01 09:00"))
    team = UserFactory(role="village_team", region_code=VILLAGE)
    db.session.commit()
    cadres = section(page_of(client, team), "结对帮扶干部（", "未完成或需修改的户")
    assert cadres.index("乙干部") < cadres.index("甲干部")


def test_the_round_chooser_shows_another_round_and_refuses_unknown_ones(round_scene, client):
    options = re.findall(r'<option value="(\w+)"', page_of(client, round_scene.village_team))
    assert options == ["2018Q2", "2018Q1", "2017Q4", "2017Q3"]  # a year back from the open round
    page = page_of(client, round_scene.village_team, f"/village/{VILLAGE}?round=2018Q1")
    assert 'value="2018Q1" selected' in page
    assert "2018-04-10" in page and "已逾期 56 天" in page
    assert re.search(r"<strong>0</strong> / 2", page)  # nothing was sent for 2018Q1
    assert client.get(f"/village/{VILLAGE}?round=2019Q1").status_code == 404  # not started yet
    assert client.get(f"/village/{VILLAGE}?round=rubbish").status_code == 404


def test_the_page_links_the_printable_qr_sheet_of_the_village(round_scene, client):
    page = page_of(client, round_scene.village_team)
    assert f'href="/phones/qr-sheets?region={VILLAGE}"' in page
    sheet = client.get(f"/phones/qr-sheets?region={VILLAGE}")
    html = sheet.get_data(as_text=True)
    assert sheet.status_code == 200 and html.count("<svg") == 1
    assert "张干部" in html and "赵干部" not in html  # paired here, though homed at the township


def test_another_villages_team_gets_404(round_scene, client):
    sign_in(client, round_scene.other_team)
    assert client.get(f"/village/{VILLAGE}").status_code == 404
    page = page_of(client, round_scene.other_team, f"/village/{OTHER_VILLAGE}")
    assert OTHER_HOUSEHOLD in page and WANG not in page


def test_a_supervisor_sees_villages_in_scope_only(round_scene, client):
    page = page_of(client, round_scene.world.supervisor)  # township supervisor over 乌审召镇
    assert "张干部" in page and 'href="/region/150626101000"' in page  # the way back up
    outside = UserFactory(role="township_supervisor", region_code="150602100000")
    sign_in(client, outside)
    assert client.get(f"/village/{VILLAGE}").status_code == 404


def test_only_village_codes_are_village_pages(round_scene, client):
    sign_in(client, round_scene.world.admin)
    assert client.get("/village/150626101000").status_code == 404  # a township
    assert client.get("/village/15062610120").status_code == 404
    assert client.get("/village/150626101299").status_code == 404  # no such village
    assert client.get(f"/village/{VILLAGE}").status_code == 200


def test_a_cadre_may_not_open_the_village_page(round_scene, client):
    sign_in(client, round_scene.world.cadre)
    assert client.get(f"/village/{VILLAGE}").status_code == 403


def test_the_village_teams_navigation_leads_here(round_scene, client):
    entry = next(e for e in NAV if "village_team" in e.roles)
    assert entry.endpoint == "village.show"
    sign_in(client, round_scene.village_team)
    assert client.get("/").headers["Location"] == f"/village/{VILLAGE}"


def test_a_village_with_nothing_expected_is_not_called_all_done(app, client, monkeypatch):
    from fieldcollect.extensions import db
    from tests.factories import VillageFactory

    set_today(monkeypatch)
    VillageFactory(code=VILLAGE, name="巴音嘎查")  # no household registered in it
    team = UserFactory(role="village_team", region_code=VILLAGE)
    db.session.commit()
    page = page_of(client, team)
    assert "本季度本村没有需要采集的户。" in page
    assert "本村所有户均已完成本季度采集。" not in page and "未完成或需修改的户" not in page
