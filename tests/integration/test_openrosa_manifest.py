"""Manifest and media (PROTOCOL.md §2.2–2.3, conformance cases 17–23): per-user household lists."""

from __future__ import annotations

import csv
import hashlib
import io
from xml.etree import ElementTree

import pytest

from fieldcollect.forms.models import FormState
from fieldcollect.phones import media
from tests.integration.openrosa_support import (
    NS,
    Phone,
    make_phone_user,
    pair_household,
    publish_form,
    register_household,
    set_form_state,
)


@pytest.fixture
def household_lists(monkeypatch):
    """Serve households.csv from a dict of cadre id → CSV text that a test can change."""
    lists: dict[int, str] = {}
    monkeypatch.setattr(media, "listed_households", lambda user, on_date: user.cadre_id)
    monkeypatch.setitem(media.LIST_BUILDERS, "households.csv",
                        lambda session, cadre_id, full_id_numbers: lists[cadre_id].encode("utf-8"))
    return lists


@pytest.fixture
def cadre(app, household_lists):
    user, token = make_phone_user("cadre", "cadre-li")
    household_lists[user.cadre_id] = "name,label\nh1,王某某\nh2,李某某\n"
    return user, token


def media_files(response) -> list[dict]:
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{{{NS['m']}}}manifest"
    return [{child.tag.split("}")[1]: child.text for child in item}
            for item in root.findall("m:mediaFile", NS)]


def test_manifest_of_a_form_without_media_is_empty(client, cadre):
    publish_form(media=())
    response = Phone(client, token=cadre[1]).get("/forms/household_visit/manifest")
    assert response.status_code == 200
    assert media_files(response) == []


def test_manifest_lists_the_cadres_list_with_md5_and_absolute_url(client, cadre, household_lists):
    publish_form()
    response = Phone(client, token=cadre[1]).get("/forms/household_visit/manifest")
    assert response.status_code == 200
    assert "text/xml" in response.headers["Content-Type"]
    assert response.headers["X-OpenRosa-Version"] == "1.0"
    expected = hashlib.md5(household_lists[cadre[0].cadre_id].encode()).hexdigest()
    assert media_files(response) == [{
        "filename": "households.csv", "hash": f"md5:{expected}",
        "downloadUrl": f"http://localhost/key/{cadre[1]}/forms/household_visit/attachments/households.csv"}]


def test_manifest_omits_declared_media_the_server_cannot_make(client, cadre):
    publish_form(media=("households.csv", "prices.csv"))
    manifest = Phone(client, token=cadre[1]).get("/forms/household_visit/manifest")
    names = [f["filename"] for f in media_files(manifest)]
    assert names == ["households.csv"]


def test_media_download_matches_the_manifest_hash(client, cadre):
    publish_form()
    phone = Phone(client, token=cadre[1])
    [entry] = media_files(phone.get("/forms/household_visit/manifest"))
    response = phone.get("/forms/household_visit/attachments/households.csv")
    assert response.status_code == 200
    assert "md5:" + hashlib.md5(response.data).hexdigest() == entry["hash"]
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''households.csv" in response.headers["Content-Disposition"]


def test_media_download_has_an_etag_and_answers_304_when_unchanged(client, cadre):
    publish_form()
    phone = Phone(client, token=cadre[1])
    first = phone.get("/forms/household_visit/attachments/households.csv")
    etag = first.headers["ETag"]
    again = phone.get("/forms/household_visit/attachments/households.csv", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_media_hash_and_etag_change_exactly_when_the_list_changes(client, cadre, household_lists):
    publish_form()
    phone = Phone(client, token=cadre[1])
    before = media_files(phone.get("/forms/household_visit/manifest"))[0]["hash"]
    assert media_files(phone.get("/forms/household_visit/manifest"))[0]["hash"] == before
    etag = phone.get("/forms/household_visit/attachments/households.csv").headers["ETag"]
    household_lists[cadre[0].cadre_id] += "h3,张某某\n"
    assert media_files(phone.get("/forms/household_visit/manifest"))[0]["hash"] != before
    changed = phone.get("/forms/household_visit/attachments/households.csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert b"h3" in changed.data


def test_each_cadre_gets_their_own_household_list(client, cadre, household_lists):
    publish_form()
    other, other_token = make_phone_user("cadre", "cadre-zhao")
    household_lists[other.cadre_id] = "name,label\nh9,赵某某\n"
    mine = Phone(client, token=cadre[1]).get("/forms/household_visit/attachments/households.csv").data
    theirs = Phone(client, token=other_token).get("/forms/household_visit/attachments/households.csv").data
    assert b"h1" in mine and b"h9" not in mine
    assert theirs == "name,label\nh9,赵某某\n".encode()


def test_manifest_and_media_of_a_form_the_role_does_not_fill_are_403(client, cadre, household_lists):
    publish_form(category="basic")
    team, team_token = make_phone_user("village_team")
    phone = Phone(client, token=team_token)
    assert phone.get("/forms/household_visit/manifest").status_code == 403
    assert phone.get("/forms/household_visit/attachments/households.csv").status_code == 403
    assert phone.get("/forms/household_visit.xml").status_code == 403


def test_manifest_and_media_of_a_closed_form_are_403(client, cadre):
    publish_form()
    set_form_state("household_visit", FormState.CLOSED)
    phone = Phone(client, token=cadre[1])
    assert phone.get("/forms/household_visit/manifest").status_code == 403
    assert phone.get("/forms/household_visit/attachments/households.csv").status_code == 403


def test_media_not_declared_by_the_form_is_404(client, cadre):
    publish_form(media=())
    response = Phone(client, token=cadre[1]).get("/forms/household_visit/attachments/households.csv")
    assert response.status_code == 404


def test_manifest_needs_the_openrosa_version_header(client, cadre):
    publish_form()
    response = Phone(client, token=cadre[1]).get("/forms/household_visit/manifest", openrosa=False)
    assert response.status_code == 400


class TestRegistryLists:
    """The real per-cadre lists from the registry (households.phone_lists), not a stand-in."""

    @pytest.fixture
    def cadre(self, app):
        return make_phone_user("cadre", "cadre-registry")

    def test_household_list_holds_only_the_cadres_current_households(self, client, cadre):
        from datetime import date, timedelta

        publish_form()
        user, token = cadre
        other, _ = make_phone_user("cadre", "cadre-other")
        pair_household(user, "150602100201001", "王建国")
        pair_household(user, "150602100201002", "李秀英", end=date.today() - timedelta(days=1))
        pair_household(other, "150602100201003", "赵四")
        body = Phone(client, token=token).get("/forms/household_visit/attachments/households.csv").data
        assert "王建国".encode() in body
        assert "李秀英".encode() not in body and "赵四".encode() not in body

    def test_manifest_hash_changes_when_a_pairing_does(self, client, cadre):
        publish_form(media=("households.csv", "members.csv"))
        user, token = cadre
        phone = Phone(client, token=token)
        pair_household(user, "150602100201001", "王建国")
        before = {f["filename"]: f["hash"] for f in media_files(phone.get("/forms/household_visit/manifest"))}
        assert set(before) == {"households.csv", "members.csv"}
        unchanged = {f["filename"]: f["hash"]
                     for f in media_files(phone.get("/forms/household_visit/manifest"))}
        assert unchanged == before
        pair_household(user, "150602100201004", "张三")
        after = {f["filename"]: f["hash"] for f in media_files(phone.get("/forms/household_visit/manifest"))}
        assert after["households.csv"] != before["households.csv"]
        assert after["members.csv"] != before["members.csv"]

    def test_a_village_teams_exit_form_lists_exactly_its_villages_households(self, client, app):
        publish_form("fp_exit", category="exit", media=("households.csv", "members.csv"))
        cadre, _ = make_phone_user("cadre", "cadre-registry-2")
        pair_household(cadre, "150602100201001", "王建国")  # in the team's village, paired with a cadre
        register_household("150602100201002", "李秀英")  # in the village, paired with nobody
        register_household("150602100202001", "赵四", village="150602100202")  # the next village
        _, token = make_phone_user("village_team")
        phone = Phone(client, token=token)
        entries = {f["filename"]: f for f in media_files(phone.get("/forms/fp_exit/manifest"))}
        assert set(entries) == {"households.csv", "members.csv"}
        body = phone.get("/forms/fp_exit/attachments/households.csv").data
        listed = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
        assert [(r["name"], r["head_name"]) for r in listed] == [("150602100201001", "王建国"),
                                                                 ("150602100201002", "李秀英")]
        assert entries["households.csv"]["hash"] == "md5:" + hashlib.md5(body).hexdigest()
        members = phone.get("/forms/fp_exit/attachments/members.csv").data
        assert entries["members.csv"]["hash"] == "md5:" + hashlib.md5(members).hexdigest()
        assert "赵四".encode() not in members and "李秀英".encode() in members

    def test_a_region_lists_hash_changes_exactly_when_its_households_do(self, client, app):
        publish_form("fp_exit", category="exit")
        _, token = make_phone_user("township_supervisor")
        register_household("150602100201001", "王建国")
        phone = Phone(client, token=token)
        before = media_files(phone.get("/forms/fp_exit/manifest"))[0]["hash"]
        assert media_files(phone.get("/forms/fp_exit/manifest"))[0]["hash"] == before
        register_household("150602100202001", "赵四", village="150602100202")  # same township
        assert media_files(phone.get("/forms/fp_exit/manifest"))[0]["hash"] != before

    def test_a_cadre_gets_their_paired_households_for_a_procedure_form(self, client, cadre):
        publish_form("fp_exit", category="exit")
        user, token = cadre
        pair_household(user, "150602100201001", "王建国")
        register_household("150602100201002", "李秀英")
        phone = Phone(client, token=token)
        [entry] = media_files(phone.get("/forms/fp_exit/manifest"))
        body = phone.get("/forms/fp_exit/attachments/households.csv").data
        assert entry["hash"] == "md5:" + hashlib.md5(body).hexdigest()
        assert [r["name"] for r in csv.DictReader(io.StringIO(body.decode("utf-8")))] == ["150602100201001"]
