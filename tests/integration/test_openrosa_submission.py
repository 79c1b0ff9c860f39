"""Submissions (PROTOCOL.md §3, conformance cases 24–44): the HEAD pre-flight and the POST decision table."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import UTC

import pytest
from sqlalchemy import func, select

from fieldcollect import create_app
from fieldcollect.extensions import db
from fieldcollect.forms.models import FormState
from fieldcollect.submissions.models import Submission, SubmissionAttachment, SubmissionVersion
from fieldcollect.submissions.processing import load_xml
from tests.integration.openrosa_support import (
    DEVICE_ID,
    Phone,
    make_phone_user,
    message_of,
    publish_form,
    set_form_state,
    visit_xml,
)

PHOTO = b"\xff\xd8\xff\xe0" + b"house photo bytes" * 50
AUDIO = b"RIFF" + b"voice" * 40


@pytest.fixture
def phone(app, client):
    publish_form()
    _, token = make_phone_user("cadre", "cadre-sun")
    return Phone(client, token=token)


@contextmanager
def app_with(config):
    """Run a second application (other settings, same database) and release its connections after."""
    other = create_app(config)
    with other.app_context():
        try:
            yield other
        finally:
            db.session.remove()
            db.engine.dispose()


def versions(db_session) -> list[SubmissionVersion]:
    return list(db_session.scalars(select(SubmissionVersion).order_by(SubmissionVersion.id)))


def count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


# --- HEAD -------------------------------------------------------------------------------------

def test_head_submission_is_204_with_no_body_and_the_size_limit(phone):
    response = phone.head_submission()
    assert response.status_code == 204
    assert response.data == b""
    assert response.headers["X-OpenRosa-Accept-Content-Length"] == "10000000"


def test_get_submission_is_204_too(phone):
    assert phone.get("/submission").status_code == 204


def test_head_submission_limit_follows_the_setting(client, app_config):
    app_config["openrosa"]["max_submission_bytes"] = 123456
    with app_with(app_config) as other:
        _, token = make_phone_user("cadre")
        response = Phone(other.test_client(), token=token).head_submission()
    assert response.headers["X-OpenRosa-Accept-Content-Length"] == "123456"


def test_head_submission_without_auth_is_401_and_with_unknown_key_403(client, app):
    assert Phone(client).head_submission().status_code == 401
    assert Phone(client, token="A" * 64).head_submission().status_code == 403


# --- POST: malformed requests -----------------------------------------------------------------

def test_post_that_is_not_multipart_is_400_naming_the_missing_field(phone):
    response = phone.request("POST", "/submission", data=visit_xml("uuid:a"), content_type="text/xml")
    assert response.status_code == 400
    assert "xml_submission_file" in message_of(response)


@pytest.mark.parametrize("body, content_type", [
    (b"--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nval", "multipart/form-data"),
    (b"", "multipart/form-data; boundary=xx"),
    (b"--xx\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"a.xml\"\r\n\r\n<da",
     "multipart/form-data; boundary=xx"),
    (b"--xx\r\nbroken header\r\n\r\nval\r\n--xx--\r\n", "multipart/form-data; boundary=xx"),
])
def test_broken_multipart_is_400_not_500(phone, body, content_type):
    response = phone.request("POST", "/submission", data=body, content_type=content_type)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert message_of(response)


def test_malformed_xml_is_400_with_a_clear_message(phone):
    response = phone.submit(b"<data id='household_visit'><unclosed></data>")
    assert response.status_code == 400
    assert "XML" in message_of(response)


def test_xml_without_form_id_is_400(phone):
    response = phone.submit(b"<data><meta><instanceID>uuid:x</instanceID></meta></data>")
    assert response.status_code == 400
    assert "id" in message_of(response)


def test_xml_with_a_dtd_is_refused(phone):
    bomb = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><data id="household_visit">&a;</data>'
    assert phone.submit(bomb).status_code == 400


def test_oversize_post_is_413_with_an_openrosa_body(client, app_config):
    app_config["openrosa"]["max_submission_bytes"] = 1000
    with app_with(app_config) as small:
        publish_form()
        _, token = make_phone_user("cadre")
        phone = Phone(small.test_client(), token=token)
        # A prebuilt body: the test client spools a large dict body to a file it never closes.
        body = _multipart([("xml_submission_file", "s.xml", visit_xml("uuid:big", photo="p.jpg")),
                           ("p.jpg", "p.jpg", b"x" * (2 << 20))])
        response = phone.request("POST", "/submission", data=body,
                                 content_type="multipart/form-data; boundary=B0UND")
    assert response.status_code == 413
    assert "1000" in message_of(response)
    assert response.headers["X-OpenRosa-Version"] == "1.0"


# --- POST: the decision table -----------------------------------------------------------------

def test_unknown_form_is_404(phone):
    response = phone.submit(visit_xml("uuid:a", form_id="no_such_form"))
    assert response.status_code == 404
    assert "no_such_form" in message_of(response)


def test_unknown_form_version_is_404(phone):
    response = phone.submit(visit_xml("uuid:a", version="1999"))
    assert response.status_code == 404
    assert "1999" in message_of(response)


def test_closed_form_is_409(phone):
    set_form_state("household_visit", FormState.CLOSED)
    response = phone.submit(visit_xml("uuid:a"))
    assert response.status_code == 409
    assert "household_visit" in message_of(response)


def test_closing_form_still_accepts_submissions(phone):
    set_form_state("household_visit", FormState.CLOSING)
    assert phone.submit(visit_xml("uuid:a")).status_code == 201


def test_form_the_role_does_not_fill_is_refused(client, phone):
    _, team_token = make_phone_user("village_team")
    assert Phone(client, token=team_token).submit(visit_xml("uuid:a")).status_code == 403


def test_unauthenticated_post_is_401(client, phone):
    response = Phone(client).submit(visit_xml("uuid:a"))
    assert response.status_code == 401
    assert response.headers.getlist("WWW-Authenticate")


def test_valid_submission_is_201_and_stored_byte_for_byte(phone, db_session):
    xml = visit_xml("uuid:first")
    response = phone.submit(xml)
    assert response.status_code == 201
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert message_of(response) == "提交成功。"
    [version] = versions(db_session)
    assert load_xml(version) == xml
    assert version.xml_md5 == hashlib.md5(xml).hexdigest()
    assert (version.instance_id, version.current) == ("uuid:first", True)
    assert version.processing_state == "processed"
    assert version.instance_name == "h1-王某某"
    assert version.submission.submitter_pk is not None


def test_device_id_and_user_agent_are_recorded_and_a_blank_device_id_tolerated(phone, db_session):
    phone.submit(visit_xml("uuid:one"))
    blank = phone.request("POST", "/submission?deviceID=", device=False, content_type="multipart/form-data",
                          data={"xml_submission_file": (visit_xml("uuid:two"), "submission.xml", "text/xml")})
    assert blank.status_code == 201
    one, two = versions(db_session)
    assert one.device_id == DEVICE_ID
    assert one.user_agent == "org.odk.collect.android/test"
    assert two.device_id is None


def test_old_form_version_is_accepted_and_stored_against_it(phone, db_session):
    publish_form(version="2018110101")
    assert phone.submit(visit_xml("uuid:old", version="2018100101")).status_code == 201
    assert versions(db_session)[0].form_version.version == "2018100101"


def test_attachments_are_saved_by_name_and_unknown_parts_ignored(phone, db_session):
    xml = visit_xml("uuid:photo", photo="house.jpg")
    response = phone.submit(xml, {"house.jpg": PHOTO, "stray.txt": b"not referenced"})
    assert response.status_code == 201
    [attachment] = versions(db_session)[0].attachments
    assert (attachment.name, attachment.md5, attachment.size) == ("house.jpg", hashlib.md5(PHOTO).hexdigest(),
                                                                  len(PHOTO))
    assert attachment.content == PHOTO


def test_attachment_with_a_chinese_name_is_saved(phone, db_session):
    name = "住房照片.jpg"
    assert phone.submit(visit_xml("uuid:zh", photo=name), {name: PHOTO}).status_code == 201
    assert [a.name for a in versions(db_session)[0].attachments] == [name]


def test_identical_duplicate_attachment_parts_are_tolerated(phone, db_session):
    xml = visit_xml("uuid:dup", photo="house.jpg")
    body = _multipart([("xml_submission_file", "submission.xml", xml), ("house.jpg", "house.jpg", PHOTO),
                       ("house.jpg", "house.jpg", PHOTO)])
    response = phone.request("POST", "/submission", data=body,
                             content_type="multipart/form-data; boundary=B0UND")
    assert response.status_code == 201
    assert [a.name for a in versions(db_session)[0].attachments] == ["house.jpg"]


def test_a_file_the_xml_names_in_two_fields_is_stored_once(phone, db_session):
    xml = visit_xml("uuid:twice", photo="house.jpg", extra="house.jpg")
    assert phone.submit(xml, {"house.jpg": PHOTO}).status_code == 201
    assert phone.submit(xml, {"house.jpg": PHOTO}).status_code == 201  # and so is Collect's retry
    assert count(db_session, SubmissionAttachment) == 1
    [attachment] = versions(db_session)[0].attachments
    assert (attachment.name, attachment.md5) == ("house.jpg", hashlib.md5(PHOTO).hexdigest())


def test_split_upload_with_is_incomplete_stores_every_file_once(phone, db_session):
    xml = visit_xml("uuid:split", photo="house.jpg", extra="voice.wav")
    first = phone.submit(xml, {"house.jpg": PHOTO}, incomplete=True)
    second = phone.submit(xml, {"voice.wav": AUDIO})
    assert (first.status_code, second.status_code) == (201, 201)
    [version] = versions(db_session)
    assert {a.name: a.md5 for a in version.attachments} == {
        "house.jpg": hashlib.md5(PHOTO).hexdigest(), "voice.wav": hashlib.md5(AUDIO).hexdigest()}


def test_exact_resend_is_201_without_a_duplicate(phone, db_session):
    xml = visit_xml("uuid:again")
    assert phone.submit(xml).status_code == 201
    assert phone.submit(xml).status_code == 201
    assert count(db_session, Submission) == 1
    assert count(db_session, SubmissionVersion) == 1


def test_same_instance_id_with_different_xml_is_409(phone, db_session):
    assert phone.submit(visit_xml("uuid:same", members=3)).status_code == 201
    response = phone.submit(visit_xml("uuid:same", members=4))
    assert response.status_code == 409
    assert "XML" in message_of(response)
    assert count(db_session, SubmissionVersion) == 1


def test_a_single_changed_byte_of_whitespace_is_a_conflict(phone):
    xml = visit_xml("uuid:ws")
    assert phone.submit(xml).status_code == 201
    assert phone.submit(xml + b"\n").status_code == 409


def test_resubmitting_a_deleted_submission_is_409(phone, db_session):
    from datetime import datetime

    xml = visit_xml("uuid:gone")
    phone.submit(xml)
    db_session.scalar(select(Submission)).deleted_at = datetime.now(UTC)
    db_session.commit()
    assert phone.submit(xml).status_code == 409


def test_client_audit_log_is_kept_when_the_xml_names_it(phone, db_session):
    xml = visit_xml("uuid:audit", extra="audit.csv")
    assert phone.submit(xml, {"audit.csv": b"event,node,start\nform start,,1\n"}).status_code == 201
    assert [a.name for a in versions(db_session)[0].attachments] == ["audit.csv"]


def test_client_audit_log_named_in_meta_audit_is_kept(phone, db_session):
    # Collect's audit question writes <meta><audit>audit.csv</audit> and sends the file under that name.
    log = b"event,node,start,end\nform start,,1544195034473,\nquestion,/data/members,1544195034480,1544195036012\n"
    xml = visit_xml("uuid:audit-meta", audit="audit.csv")
    assert b"<meta><audit>audit.csv</audit><instanceID>" in xml
    assert phone.submit(xml, {"audit.csv": log}).status_code == 201
    [attachment] = versions(db_session)[0].attachments
    assert (attachment.name, attachment.md5, attachment.content) == ("audit.csv", hashlib.md5(log).hexdigest(), log)


def test_every_body_is_an_openrosa_response_and_errors_say_error(phone):
    ok = phone.submit(visit_xml("uuid:ok"))
    refused = phone.submit(visit_xml("uuid:ok", members=9))
    for response, nature in ((ok, ""), (refused, "error")):
        assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
        assert f'nature="{nature}"'.encode() in response.data
        assert b'<OpenRosaResponse xmlns="http://openrosa.org/http/response"' in response.data


def test_messages_are_in_chinese_by_default(phone):
    response = phone.submit(visit_xml("uuid:zh", form_id="nothing"))
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "zh"
    assert message_of(response) == "服务器上没有表单“nothing”。"


def test_messages_follow_the_phones_accept_language(client, phone):
    # (Each test has one locale: its requests share the app context where Flask-Babel caches it.)
    english = Phone(client, token=phone.prefix.removeprefix("/key/"), language="en-US,en;q=0.9")
    response = english.submit(visit_xml("uuid:en", form_id="nothing"))
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "en"


def test_submission_without_instance_id_gets_one(phone, db_session):
    xml = b'<data id="household_visit" version="2018100101"><household>h1</household></data>'
    assert phone.submit(xml).status_code == 201
    assert versions(db_session)[0].instance_id.startswith("uuid:")


def test_trailing_slash_on_submission_is_not_redirected(phone):
    response = phone.request("POST", "/submission/", content_type="multipart/form-data",
                             data={"xml_submission_file": (visit_xml("uuid:slash"), "s.xml", "text/xml")})
    assert response.status_code == 201


def _multipart(parts) -> bytes:
    chunks = []
    for name, filename, data in parts:
        chunks.append(f'--B0UND\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(chunks) + b"--B0UND--\r\n"
