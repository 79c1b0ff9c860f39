"""The receiver's JSON API (issue 6): household state and timeline, submissions list and detail, review
and conflict resolution — scoped as the registry is, with personal answers masked for supervisors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from fieldcollect.extensions import db
from fieldcollect.submissions.storage import open_store
from tests.factories import FACTORY_PASSWORD, UserFactory
from tests.integration.receiver_support import (
    QIQIGE,
    WANG,
    build_world,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)

LATER = datetime(2018, 9, 1, tzinfo=UTC)


@pytest.fixture
def world(app):
    publish_forms("fp_income", "fp_basic")
    world = build_world()
    store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
    receive(store, world.cadre, income("uuid:q2"))
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=8000), now=LATER)
    receive(store, world.cadre, income("uuid:q3-other", "2018Q3", "2018-08-21", wage_work=8500), now=LATER)
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic"),
            files=[("house.jpg", b"\xff\xd8 not referenced, ignored")])
    receive(store, world.other_cadre, income("uuid:stranger", household=QIQIGE))  # has_issues: not paired
    world.outsider = UserFactory(role="township_supervisor", region_code="150621200000")  # another banner
    db.session.commit()
    return world


def income(instance_id: str, period: str = "2018Q2", visit: str = "2018-05-20", wage_work: int = 6000,
           household: str = WANG) -> bytes:
    return submission_xml("fp_income", instance_id, period=period, visit_date=visit, household=household,
                          values=income_values(wage_work=wage_work))


def auth(user) -> dict:
    token = base64.b64encode(f"{user.username}:{FACTORY_PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def get(client, user, path: str):
    return client.get(f"/api/v1{path}", headers=auth(user))


def post(client, user, path: str, body: dict):
    return client.post(f"/api/v1{path}", json=body, headers=auth(user))


def test_state_gives_each_category_its_latest_period_and_flags_a_conflict(client, world):
    response = get(client, world.cadre, f"/households/{WANG}/state")
    assert response.status_code == 200, response.json
    state = response.json
    assert set(state) == {"income", "basic"}
    income_state = state["income"]
    assert (income_state["period"], income_state["instance_id"], income_state["conflict"]) == (
        "2018Q3", "uuid:q3-other", True)
    assert income_state["fields"]["wage_work"] == 8500.0 and income_state["conflict_id"] == "income-2018Q3"
    assert "wage_work" in income_state["conflicting_fields"]
    assert state["basic"]["conflict"] is False


def test_state_shows_id_numbers_to_the_cadre_and_masks_personal_answers_for_a_supervisor(client, world):
    roster = get(client, world.cadre, f"/households/{WANG}/state").json["basic"]["fields"]["member"]
    assert roster[0]["id_number"] == "150626196003020135" and roster[0]["health"] == ["2", "3", "4"]
    masked = get(client, world.supervisor, f"/households/{WANG}/state").json["basic"]["fields"]["member"]
    assert masked[0]["id_number"] == "1506**********0135" and masked[0]["health"] == "***"
    assert masked[0]["member_name"] == "王建国"  # names are not marked personal in the form


def test_a_household_outside_the_scope_does_not_exist(client, world):
    assert get(client, world.outsider, f"/households/{WANG}/state").status_code == 404
    assert get(client, world.outsider, f"/households/{WANG}/timeline").status_code == 404
    assert get(client, world.cadre, "/households/150626101201999/state").status_code == 404


def test_timeline_lists_entries_in_period_order_with_changes_and_filters(client, world):
    entries = get(client, world.supervisor, f"/households/{WANG}/timeline?category=income").json["entries"]
    assert [(e["period"], e["instance_id"], e["conflict"]) for e in entries] == [
        ("2018Q2", "uuid:q2", False), ("2018Q3", "uuid:q3", True), ("2018Q3", "uuid:q3-other", True)]
    q3 = entries[1]
    assert q3["cadre"]["name"] == "张干部" and q3["visit_date"] == "2018-08-20"
    assert q3["review_state"] == "received" and q3["conflict_id"] == "income-2018Q3"
    assert {"field": "wage_work", "old": 6000.0, "new": 8000.0, "row": None} in q3["changes"]
    only = get(client, world.supervisor, f"/households/{WANG}/timeline?period=2018Q2").json["entries"]
    # Same period and arrival time: ordered by instanceID.
    assert [(e["category"], e["instance_id"]) for e in only] == [("basic", "uuid:basic"),
                                                                  ("income", "uuid:q2")]


def test_a_supervisor_resolves_a_conflict_and_the_state_follows(client, world):
    response = post(client, world.supervisor, f"/households/{WANG}/conflicts/income-2018Q3/resolve",
                    {"instance_id": "uuid:q3"})
    assert response.status_code == 200, response.json
    decided = response.json
    assert (decided["chosen_instance_id"], decided["resolved_by"]) == ("uuid:q3", world.supervisor.username)
    state = get(client, world.cadre, f"/households/{WANG}/state").json["income"]
    assert (state["conflict"], state["instance_id"]) == (False, "uuid:q3")
    assert state["fields"]["wage_work"] == 8000.0


def test_resolving_needs_a_reviewer_and_a_submission_of_that_conflict(client, world):
    path = f"/households/{WANG}/conflicts/income-2018Q3/resolve"
    assert post(client, world.cadre, path, {"instance_id": "uuid:q3"}).status_code == 403
    wrong = post(client, world.supervisor, path, {"instance_id": "uuid:q2"})
    assert (wrong.status_code, wrong.json["error"]["code"]) == (400, "conflict_pick_unknown")
    assert post(client, world.supervisor, path, {}).json["error"]["code"] == "conflict_resolution_invalid"
    assert post(client, world.supervisor, f"/households/{WANG}/conflicts/income-2018Q2/resolve",
                {"instance_id": "uuid:q2"}).status_code == 404
    merged = post(client, world.supervisor, path,
                  {"base": "uuid:q3", "fields": {"wage_work": "uuid:q3-other"}})
    assert merged.status_code == 200 and merged.json["picks"] == {"wage_work": "uuid:q3-other"}


def test_the_submission_list_is_scoped_filtered_and_paged(client, world):
    listed = get(client, world.supervisor, "/submissions?per_page=2").json
    assert (listed["total"], len(listed["items"]), listed["page"]) == (5, 2, 1)
    issues = get(client, world.supervisor, "/submissions?state=has_issues").json["items"]
    assert [(i["instance_id"], i["household_code"], i["submitter"]) for i in issues] == [
        ("uuid:stranger", QIQIGE, world.other_cadre.username)]
    by_form = get(client, world.supervisor, "/submissions?form=fp_income&period=2018Q3").json["items"]
    assert sorted(i["instance_id"] for i in by_form) == ["uuid:q3", "uuid:q3-other"]
    assert get(client, world.supervisor, "/submissions?region=150626101201").json["total"] == 5
    assert get(client, world.outsider, "/submissions").json["total"] == 0
    assert get(client, world.other_cadre, "/submissions").json["total"] == 1  # their own, though not paired
    assert get(client, world.supervisor, "/submissions?state=odd").status_code == 400


def test_the_detail_has_answers_versions_findings_and_masks_for_a_supervisor(client, world):
    detail = get(client, world.supervisor, "/submissions/uuid:basic").json
    assert (detail["form_id"], detail["household_code"]) == ("fp_basic", WANG)
    assert detail["review_state"] == "received"
    assert detail["answers"]["member"][1]["id_number"] == "1506**********0226"
    assert detail["answers"]["period"] == "2018Q2" and detail["answers"]["visit_date"] == "2018-05-20"
    assert [v["instance_id"] for v in detail["versions"]] == ["uuid:basic"]
    assert detail["attachments"] == []  # the file was not named by the XML
    stranger = get(client, world.supervisor, "/submissions/uuid:stranger").json
    assert [f["code"] for f in stranger["findings"]] == ["cadre_not_paired"]
    assert get(client, world.supervisor, detail["xml_url"].removeprefix("/api/v1")).status_code == 403
    raw = get(client, world.admin, detail["xml_url"].removeprefix("/api/v1"))
    assert raw.status_code == 200 and b"150626196205010226" in raw.data
    assert get(client, world.outsider, "/submissions/uuid:basic").status_code == 404


def test_a_review_through_the_api_changes_the_state_and_records_who(client, world):
    refused = post(client, world.supervisor, "/submissions/uuid:q2/review", {"state": "has_issues"})
    assert refused.json["error"]["code"] == "review_comment_required"
    assert post(client, world.cadre, "/submissions/uuid:q2/review", {"state": "approved"}).status_code == 403
    response = post(client, world.supervisor, "/submissions/uuid:q2/review",
                    {"state": "rejected", "comment": "重复录入"})
    assert response.status_code == 200, response.json
    assert response.json["review_state"] == "rejected"
    detail = get(client, world.supervisor, "/submissions/uuid:q2").json
    assert [(r["state"], r["comment"], r["reviewer"]) for r in detail["reviews"]] == [
        ("rejected", "重复录入", world.supervisor.username)]
    periods = [e["period"] for e in get(client, world.cadre, f"/households/{WANG}/timeline?category=income")
               .json["entries"]]
    assert periods == ["2018Q3", "2018Q3"]  # the rejected entry left the timeline
