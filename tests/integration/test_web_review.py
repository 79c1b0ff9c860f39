"""The review pages (issue 8): the queue with its filters and bulk approval, and the submission page with
answers in the form's words, photos, findings, versions and the reviewer's decision — all scoped."""

from __future__ import annotations

import re

import pytest

from fieldcollect.extensions import db
from fieldcollect.submissions.models import Submission
from tests.integration.receiver_support import publish_forms, receive, submission_xml
from tests.integration.review_pages_support import PHOTO_NAME, build_review_world, page_text, png, sign_in
from tests.integration.test_web_auth import csrf_token


@pytest.fixture
def world(app):
    return build_review_world(app)


SIGNATURE = "1796327004512.png"  # the head's signature on an exit: a personal image (fp_exit's sensitivity)
SIGNATURE_ROUTES = ("/review/uuid:exit/files/{name}", "/api/v1/submissions/uuid:exit/attachments/{name}")


@pytest.fixture
def signed_exit(world):
    """The cadre's exit record for 王建国, signed by the head of household."""
    publish_forms("fp_exit")
    stay = "<exit_opinion>stay</exit_opinion><stay_reason>07</stay_reason>"
    signed = ("<exit_opinion>exit</exit_opinion><household_consents>1</household_consents>"
              f"<head_signature>{SIGNATURE}</head_signature>")
    receive(world.store, world.cadre, submission_xml("fp_exit", "uuid:exit", replace=((stay, signed),)),
            files=[(SIGNATURE, png(rgb=(20, 20, 20)), "image/png")])
    db.session.commit()
    return world


def state_of(instance_id: str) -> str:
    db.session.expire_all()
    return db.session.scalar(Submission.__table__.select().with_only_columns(Submission.review_state)
                             .where(Submission.instance_id == instance_id))


def listed(response) -> list[str]:
    """Return the instanceIDs the queue lists, in order."""
    return re.findall(r'href="/review/(uuid:[^"]+)"', response.get_data(as_text=True))


def test_the_queue_lists_the_submissions_in_scope_newest_first(client, world):
    sign_in(client, world.supervisor)
    response = client.get("/review")
    assert response.status_code == 200
    assert listed(response)[:3] == ["uuid:basic-q3", "uuid:q3-other", "uuid:q3"]
    assert len(listed(response)) == 7 and "共 7 份" in page_text(response)
    sign_in(client, world.outsider)
    assert listed(client.get("/review")) == []


@pytest.mark.parametrize(("query", "expected"), [
    ("state=has_issues", ["uuid:stranger"]),
    ("form=fp_housing", ["uuid:housing"]),
    ("period=2018Q3", ["uuid:basic-q3", "uuid:q3-other", "uuid:q3"]),
    ("period=2018Q2&form=fp_income", ["uuid:stranger", "uuid:q2"]),
    ("region=150626101201", ["uuid:basic-q3", "uuid:q3-other", "uuid:q3", "uuid:stranger", "uuid:housing",
                             "uuid:basic", "uuid:q2"]),
])
def test_the_queue_filters_by_state_form_period_and_region(client, world, query, expected):
    sign_in(client, world.supervisor)
    assert listed(client.get(f"/review?{query}")) == expected


def test_a_region_outside_the_scope_is_not_offered_and_filters_nothing(client, world):
    sign_in(client, world.supervisor)
    page = client.get("/review?region=150621200000").get_data(as_text=True)
    assert 'value="150621200000"' not in page and 'value="150626101201"' in page
    assert len(listed(client.get("/review?region=150621200000"))) == 7


def test_the_queue_pages_twenty_at_a_time(client, world, monkeypatch):
    from fieldcollect.web import review

    monkeypatch.setattr(review, "PER_PAGE", 3)
    sign_in(client, world.supervisor)
    first, third = client.get("/review?form=&page=1"), client.get("/review?page=3")
    assert len(listed(first)) == 3 and listed(third) == ["uuid:q2"]
    assert "第 1 / 3 页" in page_text(first) and 'href="/review?page=2"' in first.get_data(as_text=True)


def test_who_may_open_the_queue(client, world):
    sign_in(client, world.village_team)
    page = client.get("/review")
    assert page.status_code == 200 and len(listed(page)) == 7
    assert 'type="checkbox"' not in page.get_data(as_text=True)  # a village team reads, it does not decide
    sign_in(client, world.cadre)
    assert client.get("/review").status_code == 403


def test_the_submission_page_shows_answers_with_the_forms_labels_and_choice_words(client, world):
    sign_in(client, world.supervisor)
    response = client.get("/review/uuid:housing")
    assert response.status_code == 200
    text = page_text(response)
    assert "住房安全信息 · 2018年第2季度" in text and "待审核" in text
    assert "房屋主要结构 砖、石窑洞" in text and "房屋安全鉴定等级 A级（安全）" in text
    assert "housing_secure" not in text  # a working calculation of the form
    page = response.get_data(as_text=True)
    photo = f"/review/uuid:housing/files/{PHOTO_NAME}"
    assert f'<img src="{photo}" alt="住房照片"' in page
    assert "版本记录" in text and "首次提交" in text and "尚未审核。" in text


def test_income_amounts_have_thousands_separators(client, world):
    sign_in(client, world.supervisor)
    text = page_text(client.get("/review/uuid:q3-other"))
    assert "务工收入 6,500" in text and "人均纯收入 2,166.67" in text and "家庭人口数 3" in text


def test_personal_answers_are_masked_for_a_supervisor_and_whole_for_the_cadre(client, world):
    sign_in(client, world.supervisor)
    text = page_text(client.get("/review/uuid:basic"))
    assert "证件号码 1506**********0135" in text and "健康状况 ***" in text
    assert "150626196003020135" not in text
    sign_in(client, world.cadre)
    text = page_text(client.get("/review/uuid:basic"))
    assert "证件号码 150626196003020135" in text and "健康状况 患有大病、残疾" in text


def test_findings_are_shown_in_chinese(client, world):
    sign_in(client, world.supervisor)
    text = page_text(client.get("/review/uuid:stranger"))
    assert "需核实的问题" in text and "有问题" in text
    findings = text[text.index("需核实的问题"):text.index("填报内容")]
    assert "李干部" in findings and re.search(r"[\u4e00-\u9fff]{4}", findings)


def test_photos_are_served_through_the_scoped_route(client, world):
    path = f"/review/uuid:housing/files/{PHOTO_NAME}"
    sign_in(client, world.supervisor)
    response = client.get(path)
    assert (response.status_code, response.content_type, response.data) == (200, "image/png", png())
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/review/uuid:housing/files/other.jpg").status_code == 404
    sign_in(client, world.outsider)
    assert client.get(path).status_code == 404
    assert client.get("/review/uuid:housing").status_code == 404


def test_a_personal_signature_is_neither_shown_nor_served_to_a_supervisor(client, signed_exit):
    sign_in(client, signed_exit.supervisor)
    response = client.get("/review/uuid:exit")
    assert response.status_code == 200
    assert "户主签字确认 ***" in page_text(response)
    assert "<img" not in response.get_data(as_text=True) and SIGNATURE not in response.get_data(as_text=True)
    for route in SIGNATURE_ROUTES:
        assert client.get(route.format(name=SIGNATURE)).status_code == 404
    assert client.get("/api/v1/submissions/uuid:exit").get_json()["attachments"] == []


def test_the_cadre_who_sent_a_signature_sees_and_gets_it(client, signed_exit):
    sign_in(client, signed_exit.cadre)
    page = client.get("/review/uuid:exit").get_data(as_text=True)
    assert f'<img src="/review/uuid:exit/files/{SIGNATURE}"' in page
    for route in SIGNATURE_ROUTES:
        response = client.get(route.format(name=SIGNATURE))
        assert (response.status_code, response.data) == (200, png(rgb=(20, 20, 20)))
    assert [a["name"] for a in client.get("/api/v1/submissions/uuid:exit").get_json()["attachments"]] == [SIGNATURE]


@pytest.mark.parametrize("route", ["/review/uuid:housing/files/{name}",
                                   "/api/v1/submissions/uuid:housing/attachments/{name}"])
def test_an_attachment_a_phone_calls_html_is_a_download_not_a_page(client, world, route):
    page = b"<script>alert(1)</script>"
    receive(world.store, world.cadre, submission_xml("fp_housing", "uuid:housing"),
            files=[(PHOTO_NAME, page, "text/html")])  # the same XML again, with other bytes for the photo
    db.session.commit()
    sign_in(client, world.supervisor)
    response = client.get(route.format(name=PHOTO_NAME))
    assert (response.status_code, response.content_type, response.data) == (200, "application/octet-stream", page)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_approving_on_the_page_changes_the_state_and_shows_in_the_queue(client, world):
    sign_in(client, world.supervisor)
    response = client.post("/review/uuid:q2", data={"csrf_token": csrf_token(client, "/review/uuid:q2"),
                                                    "state": "approved", "comment": ""})
    assert response.status_code == 302
    assert state_of("uuid:q2") == "approved"
    text = page_text(client.get("/review/uuid:q2"))
    assert "已记录审核结论：已通过。" in text and re.search(r"审核记录 已通过 \S+", text)
    assert listed(client.get("/review?state=approved")) == ["uuid:q2"]


def test_asking_for_work_needs_a_comment_which_the_cadre_then_sees(client, world):
    sign_in(client, world.supervisor)
    token = csrf_token(client, "/review/uuid:housing")
    refused = client.post("/review/uuid:housing", data={"csrf_token": token, "state": "has_issues"})
    assert refused.status_code == 400 and "须写明要修改什么" in page_text(refused)
    assert state_of("uuid:housing") == "received"
    client.post("/review/uuid:housing", data={"csrf_token": token, "state": "rejected",
                                              "comment": "照片看不清，请重拍。"})
    assert state_of("uuid:housing") == "rejected"
    sign_in(client, world.cadre)
    text = page_text(client.get("/review/uuid:housing"))
    assert "督导意见：照片看不清，请重拍。" in text and "提交审核结论" not in text


def test_only_reviewers_decide_and_every_decision_needs_a_csrf_token(client, world):
    sign_in(client, world.cadre)
    token = csrf_token(client, "/review/uuid:q2")
    assert client.post("/review/uuid:q2", data={"csrf_token": token, "state": "approved"}).status_code == 403
    sign_in(client, world.supervisor)
    assert client.post("/review/uuid:q2", data={"state": "approved"}).status_code == 400
    assert state_of("uuid:q2") == "received"


def test_bulk_approve_approves_the_ticked_submissions_in_scope_only(client, world, app):
    from tests.factories import UserFactory

    elsewhere = UserFactory(role="township_supervisor", region_code="150626101000")
    db.session.commit()
    sign_in(client, elsewhere)  # same township: sees everything the page ticks
    token = csrf_token(client, "/review")
    response = client.post("/review/approve", data={"csrf_token": token, "pick": ["uuid:q2", "uuid:housing"],
                                                    "next": "/review?form=fp_income"})
    assert response.status_code == 302 and response.location.endswith("/review?form=fp_income")
    assert (state_of("uuid:q2"), state_of("uuid:housing"), state_of("uuid:q3")) == ("approved", "approved",
                                                                                    "received")
    sign_in(client, world.outsider)
    client.post("/review/approve", data={"csrf_token": csrf_token(client, "/review"), "pick": ["uuid:q3"]})
    assert state_of("uuid:q3") == "received"


def test_bulk_approve_needs_a_reviewer_a_token_and_a_safe_return_address(client, world):
    sign_in(client, world.village_team)
    token = csrf_token(client, "/review")
    assert client.post("/review/approve", data={"csrf_token": token, "pick": ["uuid:q2"]}).status_code == 403
    sign_in(client, world.supervisor)
    assert client.post("/review/approve", data={"pick": ["uuid:q2"]}).status_code == 400
    response = client.post("/review/approve", data={"csrf_token": csrf_token(client, "/review"),
                                                    "pick": ["uuid:q2"], "next": "//evil.example/"})
    assert response.location.endswith("/review") and state_of("uuid:q2") == "approved"


def test_the_nav_offers_review_to_supervisors_and_the_record_list_to_village_teams(client, world):
    sign_in(client, world.supervisor)
    nav = client.get("/review").get_data(as_text=True)
    assert re.search(r'<a href="/review" aria-current="page">审核</a>', nav)
    sign_in(client, world.village_team)
    nav = client.get("/review").get_data(as_text=True)
    assert re.search(r'<a href="/review" aria-current="page">采集记录</a>', nav)


def test_in_english_the_answers_use_the_forms_english_labels_and_choice_words(client, world):
    sign_in(client, world.supervisor)
    text = page_text(client.get("/review/uuid:housing?lang=en"))
    assert "Main structure" in text and "房屋主要结构" not in text
    assert re.search(r"Grade A \(safe\)", text) and "A级（安全）" not in text
