"""The rounds API over a known pattern (complete, late, partial, rejected, conflicting, held after the lock):
exact counts at every level, the drill-down to one household, cadres, assessment, scope and admission."""

import pytest
from flask import g

from fieldcollect.rounds.models import RoundEvent, RoundExpectation
from tests.integration.rounds_support import EXPECTED, EXPECTED_BY_CATEGORY, build_rounds_world


@pytest.fixture
def world(db_session):
    return build_rounds_world()


def sign_in(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)


def figures(body):
    return tuple(body[key] for key in ("expected", "complete", "on_time", "late", "missing", "conflict"))


def test_progress_gives_exact_counts_at_every_level(world, client):
    sign_in(client, world.users["city"])
    for code, expected in EXPECTED.items():
        body = client.get(f"/api/v1/rounds/2018Q1/progress?region={code}").get_json()
        assert figures(body) == expected, code
        assert body["round"] == "2018Q1" and body["deadline"] == "2018-04-10"
        assert body["region"]["code"] == code
        children = {child["region"]["code"]: figures(child) for child in body["children"]}
        for child_code, child_figures in children.items():
            assert child_figures == EXPECTED.get(child_code, (0, 0, 0, 0, 0, 0)), child_code


def test_city_roll_up_lists_every_banner_and_rates(world, client):
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018Q1/progress").get_json()
    assert body["region"] == {"code": "150600000000", "name": "鄂尔多斯市", "level": "city"}
    assert len(body["children"]) == 9  # every banner/district of Ordos, zero where nothing is expected
    assert body["completion_rate"] == round(6 / 11, 4)
    assert body["on_time_rate"] == round(5 / 11, 4)
    assert {code: c["received"] for code, c in body["by_category"].items()} == EXPECTED_BY_CATEGORY
    assert all(c["expected"] == 11 and c["missing"] == 11 - c["received"]
               for c in body["by_category"].values())
    wushen = next(c for c in body["children"] if c["region"]["code"] == "150626000000")
    # training reached a1, a2 (late), a4 and b1; not b2 (rejected) nor c_1 (held after the lock)
    assert wushen["by_category"]["training"]["received"] == 4


def test_drill_down_from_city_to_one_household_in_four_clicks(world, client):
    sign_in(client, world.users["city"])
    path = "/api/v1/rounds/2018Q1/progress"
    city = client.get(path).get_json()
    banner = client.get(f"{path}?region={_child(city, '150626000000')}").get_json()
    township = client.get(f"{path}?region={_child(banner, '150626101000')}").get_json()
    village = client.get(f"{path}?region={_child(township, '150626101201')}").get_json()
    assert village["children"] == []
    rows = {h["household_code"]: h for h in village["households"]}
    assert set(rows) == {"H-a1", "H-a2", "H-a3", "H-a4"}
    assert (rows["H-a2"]["complete"], rows["H-a2"]["on_time"]) == (True, False)
    assert rows["H-a3"]["lacking"] == ["industry", "medical", "housing", "training"]
    assert rows["H-a4"]["conflict"] is True
    assert rows["H-a1"]["cadre_name"] == "干部甲"  # re-paired before the deadline: the deadline's cadre
    household = client.get("/api/v1/rounds/2018Q1/households/H-a4").get_json()
    basic = next(c for c in household["categories"] if c["category"] == "basic")
    assert basic["received"] and len(basic["entries"]) == 2 and all(e["conflict"] for e in basic["entries"])
    assert household["complete"] and household["on_time"] and household["conflict"]


def _child(body, code):
    assert code in {child["region"]["code"] for child in body["children"]}
    return code


def test_household_held_after_the_lock_shows_why(world, client):
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018Q1/households/H-c_1").get_json()
    training = next(c for c in body["categories"] if c["category"] == "training")
    assert training["received"] is False
    assert [(e["held"], e["counted"], e["on_time"]) for e in training["entries"]] == [(True, False, False)]
    assert body["complete"] is False


def test_cadres_list_figures_and_what_each_missing_household_lacks(world, client):
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018Q1/cadres").get_json()
    rows = {(item["cadre"] or {}).get("name"): item for item in body["items"]}
    assert body["total"] == 4
    assert {name: figures(row) for name, row in rows.items()} == {
        "干部甲": (4, 2, 1, 1, 2, 0), "干部乙": (4, 2, 2, 0, 2, 1), "干部丙": (2, 2, 2, 0, 0, 0),
        None: (1, 0, 0, 0, 1, 0)}
    lacking = {h["household_code"]: h["lacking"] for h in rows["干部乙"]["missing_households"]}
    assert lacking == {"H-b2": ["training"], "H-b3": list(EXPECTED_BY_CATEGORY)}
    assert [h["household_code"] for h in rows[None]["missing_households"]] == ["H-d2"]
    assert rows["干部甲"]["households"] == 4


def test_assessment_ranks_cadres_and_units_with_the_configured_weights(world, client):
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018Q1/assessment").get_json()
    assert [(i["rank"], i["cadre"]["name"], i["score"]) for i in body["items"]] == [
        (1, "干部丙", 100.0), (2, "干部乙", 50.0), (3, "干部甲", 42.5)]
    units = client.get("/api/v1/rounds/2018Q1/assessment?by=unit").get_json()
    assert [(i["rank"], i["work_unit"], i["score"]) for i in units["items"]] == [
        (1, "东胜区教育局", 100.0), (2, "乌审旗农牧局", 46.25)]
    banner = client.get("/api/v1/rounds/2018Q1/assessment?region=150626000000").get_json()
    assert [i["cadre"]["name"] for i in banner["items"]] == ["干部乙", "干部甲"]  # ranked within the region


def test_assessment_for_a_year_covers_its_started_rounds(world, client):
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018/assessment").get_json()
    assert body["rounds"] == ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]
    # Only 2018Q1 had field work. 干部甲 answers for 4 households in Q1 and 5 from Q2 on (c_3 registered
    # in May 2018), so 4 + 3 × 5 household-rounds; 干部丙 for 2 in each round.
    scores = {i["cadre"]["name"]: (i["expected"], i["complete"], i["on_time"]) for i in body["items"]}
    assert scores["干部甲"] == (19, 2, 1) and scores["干部丙"] == (8, 2, 2)


def test_weights_come_from_the_rounds_settings(world, app, client):
    app.config["SETTINGS"] = _with_weights(app.config["SETTINGS"], 1.0, 0.0)
    sign_in(client, world.users["city"])
    body = client.get("/api/v1/rounds/2018Q1/assessment").get_json()
    scores = {i["cadre"]["name"]: i["score"] for i in body["items"]}
    assert scores == {"干部丙": 100.0, "干部乙": 50.0, "干部甲": 50.0}
    assert [i["rank"] for i in body["items"]] == [1, 2, 2]  # equal scores share a rank


def _with_weights(settings, completion, timeliness):
    from dataclasses import replace
    return replace(settings, rounds=replace(settings.rounds, completion_weight=completion,
                                            timeliness_weight=timeliness))


@pytest.mark.parametrize("role, region, expected", [
    ("banner", None, EXPECTED["150626000000"]),
    ("township", None, EXPECTED["150626101000"]),
    ("village", None, EXPECTED["150626101201"]),
    ("cadre", None, (4, 2, 1, 1, 2, 0)),  # only the cadre's own households: a1, a2, a3, c_1
])
def test_each_role_sees_its_own_figures(world, client, role, region, expected):
    sign_in(client, world.users[role])
    body = client.get("/api/v1/rounds/2018Q1/progress").get_json()
    assert figures(body) == expected


@pytest.mark.parametrize("role, outside", [("banner", "150602000000"), ("township", "150626200000"),
                                           ("village", "150626101202"), ("cadre", "150602100201")])
def test_regions_outside_the_scope_are_404(world, client, role, outside):
    sign_in(client, world.users[role])
    for path in ("progress", "cadres", "assessment", "progress.xlsx", "progress.csv"):
        response = client.get(f"/api/v1/rounds/2018Q1/{path}?region={outside}")
        assert response.status_code == 404, path
    assert client.get("/api/v1/rounds/2018Q1/households/H-d1").status_code == 404


def test_bad_and_future_rounds_are_refused(world, client):
    sign_in(client, world.users["city"])
    assert client.get("/api/v1/rounds/2018Q5/progress").get_json()["error"]["code"] == "round_invalid"
    response = client.get("/api/v1/rounds/2999Q1/progress")
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "round_not_started")
    assert client.get("/api/v1/rounds/2018Q1/assessment?by=village").status_code == 400


def test_rounds_list_marks_the_open_round_and_opened_ones(world, client):
    sign_in(client, world.users["city"])
    client.get("/api/v1/rounds/2018Q1/progress")
    items = client.get("/api/v1/rounds").get_json()["items"]
    q1 = next(i for i in items if i["round"] == "2018Q1")
    assert q1 == {"round": "2018Q1", "first_day": "2018-01-01", "last_day": "2018-03-31",
                  "deadline": "2018-04-10", "lock_date": "2018-05-11", "open": False, "locked": True,
                  "opened": True}
    assert sum(1 for i in items if i["open"]) == 1


def test_first_use_opens_a_past_round_once_and_records_it(world, client, db_session):
    sign_in(client, world.users["city"])
    client.get("/api/v1/rounds/2018Q1/progress")
    client.get("/api/v1/rounds/2018Q1/cadres")
    opened = db_session.query(RoundEvent).filter_by(round_name="2018Q1", kind="open").all()
    assert len(opened) == 1 and opened[0].detail["households"] == 11
    assert db_session.query(RoundExpectation).filter_by(round_name="2018Q1").count() == 11


def test_supervisor_admits_a_held_submission_and_the_figures_move(world, client):
    sign_in(client, world.users["banner"])
    before = client.get("/api/v1/rounds/2018Q1/progress?region=150626200201").get_json()
    assert figures(before) == (1, 0, 0, 0, 1, 0)
    response = client.post("/api/v1/rounds/2018Q1/admissions", json={"instance_id": world.held.instance_id},
                           headers={"Authorization": _basic(world.users["banner"])})
    assert response.status_code == 201, response.get_json()
    after = client.get("/api/v1/rounds/2018Q1/progress?region=150626200201").get_json()
    assert figures(after) == (1, 1, 0, 1, 0, 0)  # complete, and late
    again = client.post("/api/v1/rounds/2018Q1/admissions", json={"instance_id": world.held.instance_id},
                        headers={"Authorization": _basic(world.users["banner"])})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "entry_not_held")


def test_only_supervisors_admit_and_only_in_their_scope(world, client):
    payload = {"instance_id": world.held.instance_id}
    village = client.post("/api/v1/rounds/2018Q1/admissions", json=payload,
                          headers={"Authorization": _basic(world.users["village"])})
    assert village.status_code == 403
    township = client.post("/api/v1/rounds/2018Q1/admissions", json=payload,
                           headers={"Authorization": _basic(world.users["township"])})
    assert township.status_code == 404  # VC lies outside 乌审召镇
    on_time = client.post("/api/v1/rounds/2018Q1/admissions", json={"instance_id": _instance_of(world, "a1")},
                          headers={"Authorization": _basic(world.users["city"])})
    assert on_time.get_json()["error"]["code"] == "entry_not_held"


def _instance_of(world, key):
    from fieldcollect.extensions import db
    from fieldcollect.timelines.models import TimelineEntry
    entry = db.session.query(TimelineEntry).filter_by(household_id=world.households[key].id).first()
    return entry.instance_id


def _basic(user):
    import base64

    from tests.factories import FACTORY_PASSWORD
    return "Basic " + base64.b64encode(f"{user.username}:{FACTORY_PASSWORD}".encode()).decode()
