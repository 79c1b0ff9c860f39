"""The form list (PROTOCOL.md §1, conformance cases 6–16): who sees which forms, in what shape."""

from __future__ import annotations

import hashlib
from xml.etree import ElementTree

import pytest

from fieldcollect.forms.models import FormState
from tests.integration.openrosa_support import NS, Phone, make_phone_user, publish_form, set_form_state


@pytest.fixture
def cadre(app):
    return make_phone_user("cadre", "cadre-wang")


def forms_in(response) -> list[dict]:
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{{{NS['x']}}}xforms"
    return [{child.tag.split("}")[1]: (child.text or "") for child in xform}
            for xform in root.findall("x:xform", NS)]


def test_form_list_without_credentials_is_401_with_a_challenge(client):
    response = Phone(client).form_list()
    assert response.status_code == 401
    assert response.headers.getlist("WWW-Authenticate")


def test_form_list_for_a_user_whose_role_fills_no_listed_form_is_empty(client, app):
    publish_form(category="basic")
    _, token = make_phone_user("village_team")
    response = Phone(client, token=token).form_list()
    assert response.status_code == 200
    assert forms_in(response) == []
    assert b"<xforms" in response.data and b"</xforms>" in response.data


def test_form_list_has_the_exact_structure_and_an_absolute_download_url(client, cadre):
    version = publish_form(media=())
    user, token = cadre
    response = Phone(client, token=token).form_list()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    [entry] = forms_in(response)
    assert entry == {
        "formID": "household_visit", "name": "入户走访（测试）", "version": "2018100101",
        "hash": "md5:" + hashlib.md5(version.xml).hexdigest(),
        "downloadUrl": f"http://localhost/key/{token}/forms/household_visit.xml",
    }


def test_form_list_download_url_round_trips_to_the_listed_hash(client, cadre):
    publish_form()
    phone = Phone(client, token=cadre[1])
    [entry] = forms_in(phone.form_list())
    body = phone.get(entry["downloadUrl"].removeprefix(f"http://localhost/key/{cadre[1]}")).data
    assert entry["hash"] == "md5:" + hashlib.md5(body).hexdigest()


def test_form_list_form_id_query_filters_and_unknown_id_gives_empty_list(client, cadre):
    publish_form("household_visit")
    publish_form("income_survey", category="income", title="收入调查")
    phone = Phone(client, token=cadre[1])
    assert [f["formID"] for f in forms_in(phone.form_list())] == ["household_visit", "income_survey"]
    assert [f["formID"] for f in forms_in(phone.form_list("formID=income_survey"))] == ["income_survey"]
    assert forms_in(phone.form_list("formID=nothing")) == []


def test_form_list_shows_each_role_only_the_forms_it_fills(client, cadre):
    publish_form("household_visit", category="basic")
    publish_form("exit_check", category="exit", title="退出核查")
    publish_form("identify", category="identification", title="识别核查")
    _, team_token = make_phone_user("village_team")
    _, supervisor_token = make_phone_user("township_supervisor")
    assert [f["formID"] for f in forms_in(Phone(client, token=team_token).form_list())] == [
        "identify", "exit_check"]
    assert [f["formID"] for f in forms_in(Phone(client, token=supervisor_token).form_list())] == [
        "identify", "exit_check"]


def test_a_cadres_form_list_includes_the_procedure_forms(client, cadre):
    # Regulation art. 7: the paired cadre acknowledges the exit at their visit (帮扶干部与贫困户认可).
    publish_form("household_visit", category="basic")
    publish_form("exit_check", category="exit", title="退出核查")
    publish_form("identify", category="identification", title="识别核查")
    listed = forms_in(Phone(client, token=cadre[1]).form_list())
    assert [f["formID"] for f in listed] == ["household_visit", "identify", "exit_check"]
    assert all(f["manifestUrl"].endswith(f"/forms/{f['formID']}/manifest") for f in listed)


def test_form_list_for_token_users_prefixes_every_url_with_the_key(client, cadre):
    publish_form()
    [entry] = forms_in(Phone(client, token=cadre[1]).form_list())
    assert entry["downloadUrl"].startswith(f"http://localhost/key/{cadre[1]}/forms/")
    assert entry["manifestUrl"] == f"http://localhost/key/{cadre[1]}/forms/household_visit/manifest"


def test_form_list_with_st_query_token_writes_the_key_into_urls(client, cadre):
    publish_form()
    [entry] = forms_in(Phone(client).form_list(f"st={cadre[1]}"))
    assert entry["downloadUrl"] == f"http://localhost/key/{cadre[1]}/forms/household_visit.xml"


def test_form_list_excludes_closing_closed_and_unpublished_forms(client, cadre, db_session):
    from fieldcollect.forms.models import Form

    publish_form("open_form")
    publish_form("closing_form")
    publish_form("closed_form")
    set_form_state("closing_form", FormState.CLOSING)
    set_form_state("closed_form", FormState.CLOSED)
    db_session.add(Form(form_id="draft_form", title="草稿", category="basic"))
    db_session.commit()
    assert [f["formID"] for f in forms_in(Phone(client, token=cadre[1]).form_list())] == ["open_form"]


def test_form_list_url_encodes_ids_and_escapes_names_once(client, cadre):
    publish_form("with space", title="收入 & 支出 <2018>", media=())
    response = Phone(client, token=cadre[1]).form_list()
    assert "<name>收入 &amp; 支出 &lt;2018&gt;</name>".encode() in response.data
    [entry] = forms_in(response)
    assert entry["downloadUrl"].endswith("/forms/with%20space.xml")
    assert Phone(client, token=cadre[1]).get("/forms/with%20space.xml").status_code == 200


def test_form_list_has_a_manifest_url_only_when_the_form_declares_media(client, cadre):
    publish_form("with_media", media=("households.csv",))
    publish_form("without_media", media=())
    entries = {f["formID"]: f for f in forms_in(Phone(client, token=cadre[1]).form_list())}
    assert "manifestUrl" in entries["with_media"]
    assert "manifestUrl" not in entries["without_media"]


def test_form_list_lists_only_the_current_version(client, cadre):
    publish_form(version="1")
    current = publish_form(version="2")
    [entry] = forms_in(Phone(client, token=cadre[1]).form_list())
    assert (entry["version"], entry["hash"]) == ("2", "md5:" + current.md5)


def test_head_form_list_is_not_405_and_has_no_body(client, cadre):
    publish_form()
    response = Phone(client, token=cadre[1]).request("HEAD", "/formList")
    assert response.status_code in (200, 204)
    assert response.data == b""


def test_form_list_with_trailing_slash_is_served_not_redirected(client, cadre):
    publish_form()
    response = Phone(client, token=cadre[1]).get("/formList/")
    assert response.status_code == 200
    assert len(forms_in(response)) == 1


def test_form_download_serves_exact_bytes_as_text_xml(client, cadre):
    version = publish_form()
    response = Phone(client, token=cadre[1]).get("/forms/household_visit.xml")
    assert response.status_code == 200
    assert response.data == version.xml
    assert response.headers["Content-Type"].startswith("text/xml")


def test_form_download_of_unknown_form_is_404_with_openrosa_message(client, cadre):
    response = Phone(client, token=cadre[1]).get("/forms/nothing.xml")
    assert response.status_code == 404
    assert "nothing" in response.get_data(as_text=True)
