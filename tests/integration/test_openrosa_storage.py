"""Store first (issue 5): raw bytes and attachments are kept before processing; failures are replayable."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from fieldcollect.submissions import processing
from fieldcollect.submissions.models import SubmissionVersion
from fieldcollect.submissions.processing import load_xml
from fieldcollect.submissions.storage import open_store
from tests.integration.openrosa_support import Phone, make_phone_user, message_of, publish_form, visit_xml

PHOTO = b"\xff\xd8" + b"photo in the file store" * 40


@pytest.fixture
def phone(app, client):
    publish_form()
    return Phone(client, token=make_phone_user("cadre", "cadre-liu")[1])


def only_version(db_session) -> SubmissionVersion:
    db_session.expire_all()
    return db_session.scalars(select(SubmissionVersion)).one()


def break_processing(monkeypatch):
    def explode(session, version, store=None, *_, **__):
        version.instance_name = "half-done work that must be rolled back"
        session.flush()
        raise RuntimeError("merge failed")
    monkeypatch.setattr(processing, "merge", explode)  # the step after validation that writes the timeline


def test_when_processing_fails_the_phone_gets_201_and_the_version_is_marked(phone, db_session, monkeypatch):
    break_processing(monkeypatch)
    xml = visit_xml("uuid:fragile")
    response = phone.submit(xml)
    assert response.status_code == 201
    assert message_of(response) == "数据已安全保存，服务器稍后处理。"
    version = only_version(db_session)
    assert load_xml(version) == xml
    assert version.processing_state == "failed"
    assert "merge failed" in version.processing_error
    assert version.instance_name == "h1-王某某"  # the header from the receipt, not the rolled-back write


def test_reprocess_command_replays_failed_versions(app, phone, db_session, monkeypatch):
    break_processing(monkeypatch)
    phone.submit(visit_xml("uuid:later"))
    monkeypatch.undo()
    result = app.test_cli_runner().invoke(args=["submissions", "reprocess"])
    assert result.exit_code == 0, result.output
    assert "processed 1, failed 0" in result.output
    version = only_version(db_session)
    assert (version.processing_state, version.processing_error) == ("processed", None)


def test_reprocess_command_exits_non_zero_while_processing_still_fails(app, phone, monkeypatch):
    break_processing(monkeypatch)
    phone.submit(visit_xml("uuid:still"))
    result = app.test_cli_runner().invoke(args=["submissions", "reprocess"])
    assert result.exit_code == 1
    assert "processed 0, failed 1" in result.output


def test_identical_resend_retries_failed_processing(phone, db_session, monkeypatch):
    break_processing(monkeypatch)
    xml = visit_xml("uuid:retry")
    phone.submit(xml)
    monkeypatch.undo()
    assert message_of(phone.submit(xml)) == "提交成功。"
    assert only_version(db_session).processing_state == "processed"


class TestFileStore:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["openrosa"]["storage"] = "files"
        return app_config

    def test_raw_xml_and_attachments_go_to_content_addressed_files(self, app, phone, db_session, app_config):
        xml = visit_xml("uuid:files", photo="house.jpg")
        assert phone.submit(xml, {"house.jpg": PHOTO}).status_code == 201
        version = only_version(db_session)
        assert version.xml_content is None
        assert version.xml_key == hashlib.sha256(xml).hexdigest()
        [attachment] = version.attachments
        assert attachment.content is None
        root = app_config["openrosa"]["storage_dir"]
        key = attachment.storage_key
        with open(f"{root}/{key[:2]}/{key[2:4]}/{key}", "rb") as stored:
            assert stored.read() == PHOTO
        store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
        assert load_xml(version, store) == xml
        assert store.get(None, attachment.storage_key) == PHOTO

    def test_identical_resend_is_recognised_from_the_file_store(self, phone, db_session):
        xml = visit_xml("uuid:files-again")
        assert phone.submit(xml).status_code == 201
        assert phone.submit(xml).status_code == 201
        assert phone.submit(visit_xml("uuid:files-again", members=9)).status_code == 409
