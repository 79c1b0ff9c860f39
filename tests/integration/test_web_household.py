"""The household page (issue 8): facts, members, pairings, state per category, the timeline in words,
conflicts side by side and their resolution — scoped, with ID numbers masked for supervisors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.timelines.models import ConflictResolution
from fieldcollect.timelines.service import household_states
from tests.integration.receiver_support import QIQIGE, WANG, household_id
from tests.integration.review_pages_support import build_review_world, page_text, sign_in
from tests.integration.test_web_auth import csrf_token

PAGE = f"/households/{WANG}"
RESOLVE = f"/households/{WANG}/conflicts/income-2018Q3/resolve"


@pytest.fixture
def world(app):
    return build_review_world(app)


def test_the_page_shows_the_household_its_members_pairings_and_state_per_category(client, world):
    sign_in(client, world.cadre)
    response = client.get(PAGE)
    assert response.status_code == 200
    text = page_text(response)
    assert "王建国户" in text and "巴音嘎查" in text and "一般贫困户" in text
    assert "王建国 户主" in text and "李秀英 配偶" in text and "王小明 之子" in text
    assert "张干部 主要" in text and "2018-01-01 – 至今" in text
    state = text[text.index("各类信息现状"):text.index("冲突（1）")]
    assert "基本信息 2018年第3季度" in state and "住房安全信息 2018年第2季度" in state
    assert re.search(r"收支信息 2018年第3季度 有冲突 张干部 · 走访 2018-08-21", state)


def test_the_timeline_shows_field_level_changes_with_the_forms_words(client, world):
    sign_in(client, world.cadre)
    text = page_text(client.get(PAGE))
    timeline = text[text.index("变化记录"):]
    assert "务工收入 4,000 → 6,000" in timeline and "工资性收入合计 4,000 → 6,000" in timeline
    assert "人均纯收入 1,333.33 → 2,166.67" in timeline
    # A roster change is named by member, with the choices' words rather than their codes.
    assert "王小明 健康状况 患有大病、残疾 → 长期慢性病" in timeline
    assert "首次记录，共 25 项" in timeline


def test_a_supervisor_sees_id_numbers_and_personal_changes_masked(client, world):
    sign_in(client, world.supervisor)
    text = page_text(client.get(PAGE))
    assert "1506**********0135" in text and "150626196003020135" not in text
    assert "王小明 健康状况 *** → ***" in text and "长期慢性病" not in text


def test_a_cadre_and_a_village_team_see_id_numbers_whole(client, world):
    for user in (world.cadre, world.village_team):
        sign_in(client, user)
        assert "证件号码 150626196003020135" in page_text(client.get(PAGE))


def test_a_conflict_is_shown_side_by_side_with_a_resolve_form_for_reviewers_only(client, world):
    sign_in(client, world.supervisor)
    page = client.get(PAGE).get_data(as_text=True)
    text = page_text(client.get(PAGE))
    conflict = text[text.index("冲突（1）"):text.index("变化记录")]
    assert "收支信息 · 2018年第3季度" in conflict
    assert re.search(r"务工收入 A 6,000 B 6,500 工资性收入合计 A 6,000 B 6,500", conflict)
    assert f'action="{RESOLVE}"' in page and 'name="pick-wage_work"' in page
    sign_in(client, world.cadre)
    page = client.get(PAGE).get_data(as_text=True)
    assert "务工收入" in page_text(client.get(PAGE)) and f'action="{RESOLVE}"' not in page


def test_taking_one_submission_whole_settles_the_conflict_and_records_who(client, world):
    sign_in(client, world.supervisor)
    response = client.post(RESOLVE, data={"csrf_token": csrf_token(client, PAGE), "chosen": "uuid:q3",
                                          "base": "uuid:q3", "pick-wage_work": "uuid:q3-other"})
    assert response.status_code == 302 and response.location.endswith(f"{PAGE}#state")
    state = household_states(db.session, household_id(WANG))["income"]
    assert (state.conflict, state.instance_id, state.fields["wage_work"]) == (False, "uuid:q3", 6000.0)
    resolution = db.session.scalars(select(ConflictResolution)).one()
    assert (resolution.chosen_instance_id, resolution.resolved_by) == ("uuid:q3", world.supervisor.id)
    text = page_text(client.get(PAGE))
    assert "冲突已处理，现状已更新。" in text and "冲突（" not in text


def test_merging_field_by_field_takes_each_picked_answer_from_its_side(client, world):
    sign_in(client, world.supervisor)
    picks = {"pick-wage_work": "uuid:q3-other", "pick-wage_total": "uuid:q3", "pick-total_income": "uuid:q3",
             "pick-net_income": "uuid:q3", "pick-net_income_pc": "uuid:q3"}
    token = csrf_token(client, PAGE)
    client.post(RESOLVE, data={"csrf_token": token, "merge": "1", "base": "uuid:q3", **picks})
    state = household_states(db.session, household_id(WANG))["income"]
    assert (state.conflict, state.instance_id) == (False, None)
    assert (state.fields["wage_work"], state.fields["wage_total"]) == (6500.0, 6000.0)
    assert db.session.scalars(select(ConflictResolution)).one().picks["wage_work"] == "uuid:q3-other"


def test_a_pick_from_outside_the_conflict_is_refused_with_a_message(client, world):
    sign_in(client, world.supervisor)
    response = client.post(RESOLVE, data={"csrf_token": csrf_token(client, PAGE), "chosen": "uuid:q2"},
                           follow_redirects=True)
    assert "uuid:q2" in page_text(response)
    assert household_states(db.session, household_id(WANG))["income"].conflict is True


def test_resolving_needs_a_reviewer_and_a_csrf_token(client, world):
    sign_in(client, world.cadre)
    token = csrf_token(client, PAGE)
    assert client.post(RESOLVE, data={"csrf_token": token, "chosen": "uuid:q3"}).status_code == 403
    sign_in(client, world.supervisor)
    assert client.post(RESOLVE, data={"chosen": "uuid:q3"}).status_code == 400
    assert household_states(db.session, household_id(WANG))["income"].conflict is True


def test_a_household_outside_the_scope_does_not_exist(client, world):
    sign_in(client, world.outsider)
    assert client.get(PAGE).status_code == 404
    token = csrf_token(client, "/review")
    assert client.post(RESOLVE, data={"csrf_token": token, "chosen": "uuid:q3"}).status_code == 404
    sign_in(client, world.other_cadre)  # not paired with 王建国
    assert client.get(PAGE).status_code == 404
    sign_in(client, world.cadre)
    assert client.get("/households/150626101201999").status_code == 404
    assert client.get(f"/households/{QIQIGE}").status_code == 200


def test_signing_in_is_required(client, world):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.location
