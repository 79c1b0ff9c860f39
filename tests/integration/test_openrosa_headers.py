"""OpenRosa headers and HTTP behaviour (PROTOCOL.md §1.1, §5, conformance cases 1–5)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import requests

from tests.integration.openrosa_support import (
    Phone,
    live_server,
    make_phone_user,
    message_of,
    publish_form,
    visit_xml,
)

IMF_FIXDATE = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                         r"\d{4} \d\d:\d\d:\d\d GMT")


@pytest.fixture
def token(app):
    publish_form()
    return make_phone_user("cadre", "cadre-ma")[1]


def test_form_list_without_openrosa_version_is_400_with_an_openrosa_body(client, token):
    response = Phone(client, token=token).get("/formList", openrosa=False)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert "X-OpenRosa-Version" in message_of(response)


def test_head_submission_without_openrosa_version_is_400_even_unauthenticated(client, app):
    assert Phone(client).request("HEAD", "/submission", openrosa=False).status_code == 400


def test_a_collect_style_12_hour_date_header_is_accepted(client, token):
    # 18:16 GMT written with Java's hh and no AM/PM marker, as Collect sends it.
    response = Phone(client, token=token).get("/formList", headers={"Date": "Thu, 03 Dec 2026 06:16:49 GMT"})
    assert response.status_code == 200
    garbage = Phone(client, token=token).get("/formList", headers={"Date": "星期四, 03 十二月 2026"})
    assert garbage.status_code == 200


def test_200_201_204_responses_carry_the_openrosa_headers(client, token):
    phone = Phone(client, token=token)
    for response in (phone.form_list(), phone.head_submission(), phone.submit(visit_xml("uuid:h"))):
        assert response.status_code in (200, 201, 204)
        assert response.headers["X-OpenRosa-Version"] == "1.0"
        assert int(response.headers["X-OpenRosa-Accept-Content-Length"]) == 10_000_000


def test_error_responses_carry_the_openrosa_headers_too(client, token):
    response = Phone(client, token=token).submit(visit_xml("uuid:e", form_id="missing"))
    assert response.status_code == 404
    assert response.headers["X-OpenRosa-Version"] == "1.0"


def test_form_list_content_type_is_exactly_text_xml_utf8(client, token):
    assert Phone(client, token=token).form_list().headers["Content-Type"] == "text/xml; charset=utf-8"


def test_gets_are_private_no_cache_and_posts_no_store(client, token):
    phone = Phone(client, token=token)
    assert phone.form_list().headers["Cache-Control"] == "private, no-cache"
    assert phone.get("/forms/household_visit.xml").headers["Cache-Control"] == "private, no-cache"
    posted = phone.submit(visit_xml("uuid:c"))
    assert posted.headers["Cache-Control"] == "no-store"
    # (Flask-Login's after_request touches the session on every response, so Flask appends Cookie.)
    assert posted.headers["Vary"].split(",")[0] == "*"


def test_unknown_query_parameters_are_ignored(client, token):
    response = Phone(client, token=token).form_list("verbose=true&listAllVersions=true&foo=bar")
    assert response.status_code == 200
    assert b"<formID>household_visit</formID>" in response.data


def test_over_real_http_every_response_has_an_rfc_7231_date(app, token):
    with live_server(app) as base:
        headers = {"X-OpenRosa-Version": "1.0"}
        responses = [requests.get(f"{base}/key/{token}/formList", headers=headers, timeout=10),
                     requests.head(f"{base}/key/{token}/submission", headers=headers, timeout=10),
                     requests.post(f"{base}/key/{token}/submission", headers=headers, timeout=10,
                                   files={"xml_submission_file": ("submission.xml", visit_xml("uuid:date"),
                                                                  "text/xml")}),
                     requests.get(f"{base}/formList", headers=headers, timeout=10),
                     requests.get(f"{base}/key/{token}/forms/household_visit.xml", headers=headers,
                                  timeout=10)]
    assert [r.status_code for r in responses] == [200, 204, 201, 401, 200]
    now = datetime.now(UTC)
    for response in responses:
        [date] = response.raw.headers.getlist("Date")
        assert IMF_FIXDATE.fullmatch(date), date  # RFC 7231 §7.1.1.1, the form a server must send
        assert abs(parsedate_to_datetime(date) - now) < timedelta(minutes=5)  # a 24-hour clock, in GMT
        assert response.headers["X-OpenRosa-Version"] == "1.0"
