"""The cadre's home, 本季度 (issue 8), fed by the real receiver: the open round and its deadline, each
household's mark per category, and the correction loop of issue 6 — a has_issues or rejected comment
shows on the cadre's page until their edit or new submission answers it."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fieldcollect.extensions import db
from fieldcollect.phones.service import get_active_key
from fieldcollect.submissions.storage import open_store
from tests.integration.receiver_support import QIQIGE, WANG, receive, submission_xml
from tests.integration.round_pages_support import (
    BASIC_COMMENT,
    INCOME_COMMENT,
    OTHER_HOUSEHOLD,
    at,
    set_today,
    sign_in,
)


def page_of(client, user) -> str:
    sign_in(client, user)
    response = client.get("/my/round")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card(page: str, code: str) -> str:
    """Return the HTML of the household card that shows this household code."""
    cards = re.findall(r'<li class="card household-card.*?</ul>\s*</li>', page, re.S)
    found = [c for c in cards if code in c]
    assert len(found) == 1, f"{code}: {len(found)} cards"
    return found[0]


def chips(html: str) -> dict[str, str]:
    """Return {short label: mark} of a card's status chips."""
    return dict((label, mark) for mark, label in
                re.findall(r'<li class="chip chip-(\w+)".*?<span class="chip-label">(.*?)</span>', html, re.S))


def test_the_page_names_the_open_round_its_deadline_and_the_days_left(round_scene, client):
    page = page_of(client, round_scene.world.cadre)
    assert "本季度：2018年第2季度" in page
    assert "2018-07-10" in page and "还剩 35 天" in page


def test_a_cadre_can_look_back_at_an_earlier_round(round_scene, client):
    sign_in(client, round_scene.world.cadre)
    page = client.get("/my/round").get_data(as_text=True)
    assert '<option value="2018Q1">' in page.replace("\n", "")  # the picker offers the rounds before
    earlier = client.get("/my/round?round=2018Q1").get_data(as_text=True)
    assert "<h1>2018年第1季度</h1>" in earlier and "本季度：" not in earlier
    assert "2018-04-10" in earlier and "已逾期 56 天" in earlier  # 2018-04-10 → 2018-06-05
    assert "<strong>0</strong> / 2" in earlier  # nothing was sent for 2018Q1 in this scene
    assert client.get("/my/round?round=2019Q1").status_code == 404  # not started yet


def test_the_days_past_the_deadline_are_counted_while_the_round_is_still_open(round_scene, client, monkeypatch):
    set_today(monkeypatch, date(2018, 7, 10))
    assert "今天截止" in page_of(client, round_scene.world.cadre)
    set_today(monkeypatch, date(2018, 6, 30))
    assert "还剩 10 天" in page_of(client, round_scene.world.cadre)


def test_each_household_shows_a_mark_per_category(round_scene, client):
    page = page_of(client, round_scene.world.cadre)
    wang = chips(card(page, WANG))
    assert wang == {"基本": "done", "收支": "has_issues", "帮扶": "done", "产业": "done", "就医": "done",
                    "住房": "done", "培训": "done", "其它": "done"}
    qiqige = chips(card(page, QIQIGE))
    assert qiqige == {"基本": "rejected", "收支": "rejected", "帮扶": "done", "产业": "missing",
                      "就医": "missing", "住房": "missing", "培训": "missing", "其它": "optional"}
    assert "王建国" in card(page, WANG) and "巴音嘎查" in card(page, WANG)


def test_the_summary_counts_complete_households(round_scene, client):
    page = page_of(client, round_scene.world.cadre)
    assert re.search(r"<strong>1</strong> / 2\s*<span class=\"meta\">户已完成", page)
    assert "还缺 6 类" in card(page, QIQIGE)  # 基本 (rejected), 收支 (rejected) and four not sent


def test_supervisor_comments_and_validation_reasons_are_listed_first_as_work_to_do(round_scene, client):
    page = page_of(client, round_scene.world.cadre)
    fixes = page[page.index("需要修改</h2>"):page.index("我的结对户")]
    assert INCOME_COMMENT in fixes and BASIC_COMMENT in fixes
    assert "“工资性收入合计”为 999" in fixes  # validation's own reasons for the income it rejected
    assert fixes.count('class="fix fix-rejected"') == 2 and fixes.count('class="fix fix-has_issues"') == 1
    assert page.index("需要修改</h2>") < page.index("我的结对户")  # the requests come before the households
    households = page[page.index("我的结对户"):]
    assert households.index(QIQIGE) < households.index(WANG)  # unfinished before complete, both asked to fix


def test_a_new_submission_of_that_form_clears_the_comment(round_scene, app, client):
    store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
    xml = submission_xml("fp_basic", "uuid:page-new-basic", household=QIQIGE, period="2018Q2",
                         visit_date="2018-06-04")
    receive(store, round_scene.world.cadre, xml, now=at("2018-06-04 09:00"))
    page = page_of(client, round_scene.world.cadre)
    assert BASIC_COMMENT not in page
    assert chips(card(page, QIQIGE))["基本"] == "done"
    assert INCOME_COMMENT in page  # the other request still stands


def test_a_cadre_sees_only_their_own_households_and_comments(round_scene, client):
    page = page_of(client, round_scene.other_cadre)
    assert OTHER_HOUSEHOLD in page
    assert WANG not in page and QIQIGE not in page
    assert INCOME_COMMENT not in page and BASIC_COMMENT not in page
    assert chips(card(page, OTHER_HOUSEHOLD))["住房"] == "done"


def test_the_setup_qr_code_is_folded_away_with_its_instructions(round_scene, client):
    assert get_active_key(db.session, round_scene.world.cadre) is None
    page = page_of(client, round_scene.world.cadre)
    details = page[page.index('<details class="card setup-qr">'):page.index("</details>")]
    assert "<svg" in details and "扫描二维码" in details
    assert get_active_key(db.session, round_scene.world.cadre) is not None  # the code carries a working key


@pytest.mark.parametrize("role", ["village_team", "township_supervisor", "admin"])
def test_other_roles_are_not_shown_the_cadre_page(client, login_as, role):
    login_as(role)
    assert client.get("/my/round").status_code == 403


def test_a_cadre_login_without_a_cadre_record_gets_a_note(client, login_as, monkeypatch):
    set_today(monkeypatch)
    login_as("cadre")
    page = client.get("/my/round").get_data(as_text=True)
    assert "尚未关联结对帮扶干部" in page
