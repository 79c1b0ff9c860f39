"""End to end with a real JavaRosa phone: the shared jr-client simulator against a live server.

jr-client (../shared/tools/jr-client) fills forms with JavaRosa, the engine inside ODK Collect, and
speaks OpenRosa as strictly as Collect does: it refuses what Collect would refuse. The run goes
form list → form download → media → fill → HEAD → POST → resend → edit → conflicting resend,
with the phone set up by key (as from a QR code) and again by user name and password (Digest).
A run against a server that accepts little per request makes the phone split its upload with
*isIncomplete* (PROTOCOL.md §3.2, §6.9 step 7). Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldcollect.extensions import db
from fieldcollect.forms.service import publish_form
from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.processing import load_xml
from fieldcollect.sync import views
from tests.conftest import TEST_PASSWORD
from tests.integration.openrosa_support import live_server, make_phone_user, pair_household, register_household

REPO = Path(__file__).resolve().parents[2]
JR_CLIENT = REPO.parent / "shared" / "tools" / "jr-client" / "jr_client.py"
FORM_SOURCE = REPO / "tests" / "fixtures" / "openrosa" / "fp_housing_e2e.md"
EXIT_FORM = REPO / "forms" / "xlsform" / "fp_exit.xlsx"
# Meets the exit standard but stays for now (as tests/fixtures/submissions/javarosa/make.py).
EXIT_ANSWERS = {"member_count": 3, "annual_wage": 20000, "annual_business": 0, "annual_property": 0,
                "annual_transfer": 0, "annual_expense": 0, "poverty_line": 3535, "food_ok": "1", "clothes_ok": "1",
                "school_age_children": "0", "medical_ok": "1", "housing_ok": "1", "water_quantity": "1",
                "water_quality": "1", "water_access": "1", "water_reliable": "1", "exit_opinion": "stay",
                "stay_reason": "07"}
SPLIT_LIMIT = 50_000  # X-OpenRosa-Accept-Content-Length in the split-upload run: two photos do not fit

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not JR_CLIENT.is_file(), reason=f"the phone simulator is not at {JR_CLIENT} "
                       "(the shared folder sits next to the repository; CI places a copy there)"),
    pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"),
                       reason="jr-client needs Java 17 to run JavaRosa"),
]


class Simulator:
    """Run jr-client commands with their own data folder; compiled classes stay in the user cache."""

    def __init__(self, data_dir: Path):
        self.env = {**os.environ, "JR_CLIENT_DATA": str(data_dir), "TZ": "Asia/Shanghai"}
        self.data_dir = data_dir

    def run(self, *args: str, expect: int = 0) -> str:
        done = subprocess.run([sys.executable, str(JR_CLIENT), *args], env=self.env, capture_output=True,
                              text=True, timeout=300)
        output = done.stdout + done.stderr
        assert done.returncode == expect, f"jr-client {args[0]} exited {done.returncode}:\n{output}"
        return output

    def instances(self, form_id: str) -> list[dict]:
        folder = self.data_dir / "instances" / form_id
        found = [json.loads(path.read_text("utf-8")) for path in folder.glob("*/result.json")]
        return sorted(found, key=lambda result: result["instanceID"])


@pytest.fixture
def accepted_length() -> int | None:
    """The server's X-OpenRosa-Accept-Content-Length; a test parametrizes it, None keeps the default."""
    return None


@pytest.fixture
def app_config(app_config, accepted_length):
    """The test app's settings, with the accepted length a test asked for."""
    if accepted_length is not None:
        app_config["openrosa"]["max_submission_bytes"] = accepted_length
    return app_config


@pytest.fixture
def phone_world(app, tmp_path):
    """A published form, a cadre with a key and two paired households, served over real HTTP."""
    published = publish_form(db.session, FORM_SOURCE.read_bytes(), FORM_SOURCE.name, validate=True)
    db.session.commit()
    user, token = make_phone_user("cadre", "cadre-e2e")
    pair_household(user, "150602100201001", "王建国")
    pair_household(user, "150602100201002", "李秀英")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"household": "150602100201002", "members": 4, "income": 3650.5,
                                   "has_housing": "1", "note": "端到端", "house_photo": "house.jpg"},
                                  ensure_ascii=False), "utf-8")
    with live_server(app) as base:
        yield {"base": base, "token": token, "form": published.form_version, "answers": answers,
               "jr": Simulator(tmp_path / "jr-data")}


def versions() -> list[SubmissionVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(SubmissionVersion).order_by(SubmissionVersion.id)))


def test_a_javarosa_phone_lists_fills_submits_resends_and_edits(phone_world):
    jr, server = phone_world["jr"], f"{phone_world['base']}/key/{phone_world['token']}"

    listed = jr.run("formlist", "--server", server)  # strict: list, form md5, manifest, media md5
    assert "fp_housing" in listed

    filled = jr.run("fill", "--server", server, "--form", "fp_housing", "--answers",
                    str(phone_world["answers"]), "--resend", "--quiet")
    assert filled.count("-> 201") >= 2, filled  # the POST and its identical resend
    [original] = versions()
    [result] = jr.instances("fp_housing")
    assert original.instance_id == result["instanceID"]
    sent = (jr.data_dir / "instances" / "fp_housing" / result["instanceID"].removeprefix("uuid:")
            / "submission.xml").read_bytes()
    assert load_xml(original) == sent  # stored byte for byte
    assert original.instance_name.startswith("150602100201002 · 李秀英")  # from the household list
    assert original.device_id.startswith("collect:")
    assert [a.name for a in original.attachments] == [result["attachments"][0]["name"]]
    assert original.processing_state == "processed"

    edited = jr.run("fill", "--server", server, "--form", "fp_housing", "--answers",
                    str(phone_world["answers"]), "--edit-of", original.instance_id, "--quiet")
    assert "-> 201" in edited, edited
    first, second = versions()
    assert (first.current, second.current, second.deprecated_id) == (False, True, original.instance_id)
    assert db.session.scalars(select(Submission)).one().review_state == "edited"
    assert [a.name for a in second.attachments] == [a.name for a in first.attachments]  # carried forward

    # Same instanceID, other XML: Collect shows the server's message after "Error:".
    instance_dir = jr.data_dir / "instances" / "fp_housing" / original.instance_id.removeprefix("uuid:")
    path = instance_dir / "submission.xml"
    path.write_bytes(path.read_bytes().replace(b"<note>", b"<note>changed "))
    refused = jr.run("submit", "--server", server, "--instance", original.instance_id, expect=1)
    assert "-> 409" in refused and "Error:" in refused, refused


@pytest.mark.parametrize("accepted_length", [SPLIT_LIMIT])
def test_a_javarosa_phone_splits_an_upload_past_the_accepted_length_with_is_incomplete(phone_world, monkeypatch):
    jr, server = phone_world["jr"], f"{phone_world['base']}/key/{phone_world['token']}"
    # The kitchen photo alone is over the limit: Collect still sends it, alone with the XML, and the
    # server's multipart slack above the advertised length lets it in.
    photos = {"house.jpg": _jpeg(SPLIT_LIMIT // 2), "kitchen.jpg": _jpeg(2 * SPLIT_LIMIT)}
    folder = phone_world["answers"].parent
    for name, data in photos.items():
        (folder / name).write_bytes(data)
    answers = json.loads(phone_world["answers"].read_text("utf-8"))
    phone_world["answers"].write_text(json.dumps({**answers, "house_photo": "house.jpg",
                                                  "kitchen_photo": "kitchen.jpg"}, ensure_ascii=False), "utf-8")
    uploads = []  # what the server read from each POST (the live server runs in this process)
    read_upload = views.read_upload

    def spy(request):
        uploads.append(read_upload(request))
        return uploads[-1]

    monkeypatch.setattr(views, "read_upload", spy)

    filled = jr.run("fill", "--server", server, "--form", "fp_housing", "--answers",
                    str(phone_world["answers"]), "--resend", "--quiet")

    assert f"X-OpenRosa-Accept-Content-Length: {SPLIT_LIMIT}" in filled, filled
    posts = re.findall(r"^POST \S+ -> (\d+) \(batch (\d+)/(\d+)\)", filled, re.MULTILINE)
    assert posts == [("201", "1", "2"), ("201", "2", "2")] * 2, filled  # the upload, then its identical resend
    assert [(upload.incomplete, [f.name for f in upload.files]) for upload in uploads] == [
        (True, ["house.jpg"]), (False, ["kitchen.jpg"])] * 2
    [version] = versions()
    sent = (jr.data_dir / "instances" / "fp_housing" / version.instance_id.removeprefix("uuid:")
            / "submission.xml").read_bytes()
    assert {upload.xml for upload in uploads} == {sent} and load_xml(version) == sent  # the same XML each time
    assert {a.name: (a.md5, a.size) for a in version.attachments} == {
        name: (hashlib.md5(data).hexdigest(), len(data)) for name, data in photos.items()}
    assert version.processing_state == "processed"


def _jpeg(size: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + os.urandom(size - 4)


def test_a_password_phone_logs_in_through_a_digest_challenge(phone_world):
    jr, server = phone_world["jr"], phone_world["base"]
    listed = jr.run("formlist", "--server", server, "--user", "cadre-e2e", "--password", TEST_PASSWORD, "-v")
    assert "fp_housing" in listed
    assert listed.lower().count("www-authenticate: digest") == 1  # one challenge, then sent up front
    assert listed.count("Authorization: Digest") >= 3  # list, form, manifest, media
    filled = jr.run("fill", "--server", server, "--user", "cadre-e2e", "--password", TEST_PASSWORD,
                    "--form", "fp_housing", "--random", "2", "--seed", "7", "--quiet",
                    "--answers", str(phone_world["answers"]))
    assert filled.count("-> 201") == 2, filled
    assert len(versions()) == 2
    wrong = jr.run("formlist", "--server", server, "--user", "cadre-e2e", "--password", "wrong-password",
                   expect=1)
    assert "401" in wrong


def test_a_village_teams_phone_opens_fills_and_submits_the_exit_form(app, tmp_path):
    # The form opens with select_one_from_file households.csv: without the list JavaRosa cannot load it.
    publish_form(db.session, EXIT_FORM.read_bytes(), EXIT_FORM.name, validate=False)
    db.session.commit()
    _, token = make_phone_user("village_team", "team-e2e")
    register_household("150602100201001", "王建国")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"household": "150602100201001", **EXIT_ANSWERS}, ensure_ascii=False), "utf-8")
    jr = Simulator(tmp_path / "jr-data")
    with live_server(app) as base:
        server = f"{base}/key/{token}"
        assert "fp_exit" in jr.run("formlist", "--server", server)  # strict: the manifest's md5s must hold
        filled = jr.run("fill", "--server", server, "--form", "fp_exit", "--answers", str(answers), "--quiet")
    assert "-> 201" in filled, filled
    [version] = versions()
    assert version.instance_name.startswith("王建国 · ")
    assert (version.processing_state, version.findings) == ("processed", [])
