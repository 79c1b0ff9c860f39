"""The registry's JSON API: every role sees exactly its subtree through every endpoint, 404 outside it."""

import base64

import pytest
from flask import g

from fieldcollect.extensions import db
from tests.factories import FACTORY_PASSWORD, ScopeWorld, build_scope_world

ROLES = sorted(ScopeWorld.EXPECTED)
HOME = {"admin": "150600000000", "city_supervisor": "150600000000", "banner_supervisor": "150626000000",
        "township_supervisor": "150626101000", "village_team": "150626101201", "cadre": "150626101000",
        "unlinked_cadre": "150626101000"}
OUTSIDE = {"banner_supervisor": "150621000000", "township_supervisor": "150626200000",
           "village_team": "150626101202", "cadre": "150621200201", "unlinked_cadre": "150626000000"}


@pytest.fixture
def world(db_session) -> ScopeWorld:
    return build_scope_world()


def sign_in(client, user):
    """Use the session cookie, as a browser would (no password round trip)."""
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    g.pop("_login_user", None)  # requests share the test's app context, where flask-login caches the user


def basic(username, password=FACTORY_PASSWORD) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.mark.parametrize("role", ROLES)
def test_household_list_holds_exactly_the_roles_households(world, client, role):
    sign_in(client, world.users[role])
    body = client.get("/api/v1/households?per_page=200").get_json()
    assert {item["household_code"] for item in body["items"]} == {f"H-{k}" for k in ScopeWorld.EXPECTED[role]}
    assert body["total"] == len(ScopeWorld.EXPECTED[role])


@pytest.mark.parametrize("role", ROLES)
def test_household_detail_is_404_outside_the_scope(world, client, role):
    sign_in(client, world.users[role])
    for key in world.households:
        response = client.get(f"/api/v1/households/H-{key}")
        expected = 200 if key in ScopeWorld.EXPECTED[role] else 404
        assert response.status_code == expected, (role, key)
        if expected == 404:
            assert response.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/households/NO-SUCH").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_region_counts_only_the_roles_households(world, client, role):
    sign_in(client, world.users[role])
    body = client.get(f"/api/v1/regions/{HOME[role]}").get_json()
    assert body["household_count"] == len(ScopeWorld.EXPECTED[role])
    if body["level"] != "village":
        assert sum(child["household_count"] for child in body["children"]) == len(ScopeWorld.EXPECTED[role])
    if role in OUTSIDE:
        assert client.get(f"/api/v1/regions/{OUTSIDE[role]}").status_code == 404
        assert client.get(f"/api/v1/households?region={OUTSIDE[role]}").status_code == 404
        assert client.get(f"/api/v1/cadres?region={OUTSIDE[role]}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_cadre_list_holds_the_cadres_in_scope(world, client, role):
    sign_in(client, world.users[role])
    expected = {"admin": {world.cadre.id, world.other_cadre.id},
                "city_supervisor": {world.cadre.id, world.other_cadre.id},
                "banner_supervisor": {world.cadre.id, world.other_cadre.id},
                "township_supervisor": {world.cadre.id, world.other_cadre.id},
                "village_team": {world.cadre.id}, "cadre": {world.cadre.id}, "unlinked_cadre": set()}[role]
    body = client.get("/api/v1/cadres").get_json()
    assert {item["id"] for item in body["items"]} == expected


@pytest.mark.parametrize("role", ROLES)
def test_user_list_is_for_administrators_only(world, client, role):
    sign_in(client, world.users[role])
    response = client.get("/api/v1/users")
    assert response.status_code == (200 if role == "admin" else 403)


def test_region_detail_lists_children_with_counts(world, client):
    sign_in(client, world.users["admin"])
    body = client.get("/api/v1/regions/150626000000").get_json()
    assert (body["name"], body["level"], body["household_count"]) == ("乌审旗", "banner", 3)
    counts = {child["code"]: child["household_count"] for child in body["children"]}
    assert counts["150626101000"] == 2 and counts["150626200000"] == 1 and counts["150626100000"] == 0
    village = client.get("/api/v1/regions/150626101201").get_json()
    assert (village["household_count"], village["children"]) == (1, [])
    assert client.get("/api/v1/regions/999").status_code == 404


def test_household_detail_has_members_pairings_and_masked_id_numbers(world, client):
    household = world.households["A1"]
    full = household.members[0].id_number
    sign_in(client, world.users["township_supervisor"])
    body = client.get("/api/v1/households/H-A1").get_json()
    assert [m["relation"] for m in body["members"]] == ["01", "02"]
    assert body["members"][0]["id_number"] == full[:4] + "*" * 10 + full[-4:]
    assert [(p["cadre"]["id"], p["is_primary"]) for p in body["pairings"]] == [(world.cadre.id, True)]
    assert body["village_name"] == "巴音淖尔嘎查"
    assert full not in client.get("/api/v1/households?per_page=200").get_data(as_text=True)
    sign_in(client, world.users["village_team"])
    assert client.get("/api/v1/households/H-A1").get_json()["members"][0]["id_number"] == full


def test_household_list_filters_by_status_text_and_pages(world, client):
    world.households["A2"].status, world.households["A2"].exit_year = "1", 2017
    head_name = world.households["B1"].members[0].name
    db.session.commit()
    sign_in(client, world.users["admin"])
    def codes(query):
        return [i["household_code"] for i in client.get(f"/api/v1/households?{query}").get_json()["items"]]

    assert codes("status=1") == ["H-A2"]
    assert codes(f"q={head_name}") == ["H-B1"]
    assert codes("q=H-C") == ["H-C1"]
    page = client.get("/api/v1/households?per_page=1&page=2").get_json()
    assert ([i["household_code"] for i in page["items"]], page["total"]) == (["H-A2"], 4)
    item = page["items"][0]
    assert (item["head_name"], item["village_name"], item["member_count"]) == (
        world.households["A2"].members[0].name, "乌兰敖包嘎查", 2)
    assert client.get("/api/v1/households?status=9").get_json()["error"]["code"] == "unknown_code"
    assert client.get("/api/v1/households?per_page=0").status_code == 400


def test_user_list_filters_by_role_and_region_and_shows_the_linked_cadre(world, client):
    sign_in(client, world.users["admin"])
    body = client.get("/api/v1/users?role=cadre&region=150626101000").get_json()
    linked = {item["username"]: item["cadre"] for item in body["items"]}
    assert linked == {world.users["cadre"].username: {"id": world.cadre.id, "name": world.cadre.name},
                      world.users["unlinked_cadre"].username: None}
    assert "password_hash" not in body["items"][0] and "digest_ha1" not in body["items"][0]
    assert client.get("/api/v1/users?role=boss").status_code == 400


def test_http_basic_auth_works_and_wrong_passwords_are_refused(world, client):
    username = world.users["township_supervisor"].username
    ok = client.get("/api/v1/households", headers=basic(username))
    assert ok.status_code == 200 and ok.get_json()["total"] == 2
    refused = client.get("/api/v1/households", headers=basic(username, "wrong-password"))
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthenticated"
    assert refused.headers["WWW-Authenticate"].startswith("Basic")
    anonymous = client.get("/api/v1/households")
    assert anonymous.status_code == 401
