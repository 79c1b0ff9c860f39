"""Edits through deprecatedID (PROTOCOL.md §3.4 rows E1–E5, conformance cases 45–51)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.processing import load_xml
from tests.integration.openrosa_support import Phone, make_phone_user, message_of, publish_form, visit_xml

PHOTO = b"\xff\xd8" + b"first photo" * 30
NEW_PHOTO = b"\xff\xd8" + b"second photo" * 30


@pytest.fixture
def phone(app, client):
    publish_form()
    _, token = make_phone_user("cadre", "cadre-zhou")
    return Phone(client, token=token)


def version_of(db_session, instance_id: str) -> SubmissionVersion:
    return db_session.scalar(select(SubmissionVersion).where(SubmissionVersion.instance_id == instance_id))


def test_edit_of_an_unknown_instance_is_404(phone):
    response = phone.submit(visit_xml("uuid:new", deprecated_id="uuid:never-seen"))
    assert response.status_code == 404
    assert "uuid:never-seen" in message_of(response)


def test_edit_is_201_and_replaces_the_current_version(phone, db_session):
    phone.submit(visit_xml("uuid:v1", members=3))
    edit = visit_xml("uuid:v2", deprecated_id="uuid:v1", members=5)
    assert phone.submit(edit).status_code == 201
    old, new = version_of(db_session, "uuid:v1"), version_of(db_session, "uuid:v2")
    assert (old.current, new.current) == (False, True)
    assert old.submission_pk == new.submission_pk
    assert load_xml(new) == edit
    assert new.deprecated_id == "uuid:v1"
    submission = db_session.scalar(select(Submission))
    assert (submission.instance_id, submission.review_state) == ("uuid:v1", "edited")


def test_edit_of_a_version_that_was_already_edited_is_409(phone):
    phone.submit(visit_xml("uuid:v1"))
    phone.submit(visit_xml("uuid:v2", deprecated_id="uuid:v1"))
    response = phone.submit(visit_xml("uuid:v2b", deprecated_id="uuid:v1", members=7))
    assert response.status_code == 409
    assert "uuid:v1" in message_of(response)


def test_resending_a_superseded_original_is_409(phone):
    original = visit_xml("uuid:v1")
    phone.submit(original)
    phone.submit(visit_xml("uuid:v2", deprecated_id="uuid:v1"))
    assert phone.submit(original).status_code == 409


def test_edit_whose_new_instance_id_is_taken_is_409(phone):
    phone.submit(visit_xml("uuid:a"))
    phone.submit(visit_xml("uuid:b"))
    assert phone.submit(visit_xml("uuid:b", deprecated_id="uuid:a", members=8)).status_code == 409


def test_edit_carries_forward_attachments_it_still_names(phone, db_session):
    phone.submit(visit_xml("uuid:v1", photo="house.jpg"), {"house.jpg": PHOTO})
    edit = visit_xml("uuid:v2", deprecated_id="uuid:v1", photo="house.jpg", members=4)
    assert phone.submit(edit).status_code == 201
    [attachment] = version_of(db_session, "uuid:v2").attachments
    assert attachment.name == "house.jpg"
    assert attachment.content == PHOTO


def test_edit_replaces_an_attachment_it_sends_again(phone, db_session):
    phone.submit(visit_xml("uuid:v1", photo="house.jpg"), {"house.jpg": PHOTO})
    phone.submit(visit_xml("uuid:v2", deprecated_id="uuid:v1", photo="house.jpg"), {"house.jpg": NEW_PHOTO})
    assert [a.content for a in version_of(db_session, "uuid:v2").attachments] == [NEW_PHOTO]
    assert [a.content for a in version_of(db_session, "uuid:v1").attachments] == [PHOTO]


def test_split_upload_of_an_edit_upserts_attachments(phone, db_session):
    phone.submit(visit_xml("uuid:v1"))
    edit = visit_xml("uuid:v2", deprecated_id="uuid:v1", photo="house.jpg", extra="voice.wav")
    assert phone.submit(edit, {"house.jpg": NEW_PHOTO}, incomplete=True).status_code == 201
    assert phone.submit(edit, {"voice.wav": b"RIFF...."}).status_code == 201
    assert sorted(a.name for a in version_of(db_session, "uuid:v2").attachments) == ["house.jpg", "voice.wav"]


def test_anonymous_edit_is_401_so_a_challenge_can_follow(client, phone):
    phone.submit(visit_xml("uuid:v1"))
    response = Phone(client).submit(visit_xml("uuid:v2", deprecated_id="uuid:v1"))
    assert response.status_code == 401
    assert any(value.startswith("Digest ") for value in response.headers.getlist("WWW-Authenticate"))


def test_same_instance_id_on_another_form_does_not_conflict(phone, db_session):
    publish_form("income_survey", category="income", title="收入调查")
    assert phone.submit(visit_xml("uuid:shared")).status_code == 201
    assert phone.submit(visit_xml("uuid:shared", form_id="income_survey", members=6)).status_code == 201
    assert len(db_session.scalars(select(Submission)).all()) == 2
