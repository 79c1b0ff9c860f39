"""How phones authenticate (PROTOCOL.md §4, conformance cases 25, 52–54): keys, Digest, Basic over HTTPS,
and passwords throttled as on the login page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fieldcollect.auth.models import LoginFailure
from fieldcollect.extensions import db
from fieldcollect.phones.service import issue_token, revoke_tokens
from tests.conftest import TEST_PASSWORD
from tests.integration.openrosa_support import Phone, make_phone_user, message_of, publish_form, visit_xml
from tests.integration.test_web_auth import post_login

LIMIT = 3  # failed logins per minute; small, so that reaching it takes few requests


@pytest.fixture
def app_config(app_config):
    return {**app_config, "security": {**app_config["security"], "login_attempts_per_minute": LIMIT}}


@pytest.fixture
def cadre(app):
    publish_form()
    return make_phone_user("cadre", "cadre-gao")


# --- keys in the URL ----------------------------------------------------------------------------

def test_valid_key_passes(client, cadre):
    assert Phone(client, token=cadre[1]).form_list().status_code == 200


def test_malformed_key_is_401_with_a_challenge(client, cadre):
    for bad in ("short", "A" * 63 + "!", "A" * 65):
        response = Phone(client, token=bad).form_list()
        assert response.status_code == 401
        assert response.headers.getlist("WWW-Authenticate")


def test_unknown_well_formed_key_is_403_with_a_message(client, cadre):
    response = Phone(client, token="x" * 64).form_list()
    assert response.status_code == 403
    assert "二维码" in message_of(response)


def test_revoked_key_is_403(client, cadre):
    user, token = cadre
    revoke_tokens(db.session, user)
    db.session.commit()
    assert Phone(client, token=token).head_submission().status_code == 403


def test_issuing_a_new_key_revokes_the_old_one(client, cadre):
    user, old = cadre
    new = issue_token(db.session, user).token
    db.session.commit()
    assert Phone(client, token=old).form_list().status_code == 403
    assert Phone(client, token=new).form_list().status_code == 200


def test_key_of_a_deactivated_user_is_403(client, cadre):
    user, token = cadre
    user.active = False
    db.session.commit()
    assert Phone(client, token=token).form_list().status_code == 403


# --- passwords: Digest on plain HTTP ------------------------------------------------------------

def test_first_request_is_challenged_with_digest_qop_auth_and_no_basic_over_http(client, cadre):
    response = Phone(client).form_list()
    assert response.status_code == 401
    [challenge] = response.headers.getlist("WWW-Authenticate")
    assert challenge.startswith("Digest ")
    assert 'qop="auth"' in challenge and 'realm="fieldcollect"' in challenge and "opaque=" in challenge


def test_digest_login_succeeds_after_one_challenge_then_goes_up_front(client, cadre):
    phone = Phone(client, username="cadre-gao")
    assert phone.form_list().status_code == 200
    assert phone.head_submission().status_code == 204
    assert phone.submit(visit_xml("uuid:digest")).status_code == 201
    assert phone.challenges == 1


def test_digest_with_a_wrong_password_is_401_again(client, cadre):
    phone = Phone(client, username="cadre-gao", password="wrong-password")
    response = phone.form_list()
    assert response.status_code == 401
    assert response.headers.getlist("WWW-Authenticate")


def test_digest_with_an_expired_nonce_is_challenged_afresh(client, cadre, monkeypatch):
    from fieldcollect.sync import auth

    phone = Phone(client, username="cadre-gao")
    assert phone.form_list().status_code == 200
    monkeypatch.setattr(auth, "NONCE_SECONDS", -1)  # every nonce is now too old
    assert phone.form_list().status_code == 401
    monkeypatch.setattr(auth, "NONCE_SECONDS", 3600)
    assert phone.form_list().status_code == 200
    assert phone.challenges == 2


def test_digest_with_a_forged_nonce_is_refused(client, cadre):
    phone = Phone(client, username="cadre-gao")
    phone.form_list()
    phone.digest_params["nonce"] = "9999999999-" + "0" * 32
    forged = phone._authorization("GET", "/formList")
    response = phone.client.get("/formList", headers={"X-OpenRosa-Version": "1.0", "Authorization": forged})
    assert response.status_code == 401


# --- passwords: Basic only over HTTPS -----------------------------------------------------------

def test_https_challenge_offers_basic_and_digest(client, cadre):
    challenges = Phone(client, https=True).form_list().headers.getlist("WWW-Authenticate")
    schemes = [value.split()[0] for value in challenges]
    assert schemes == ["Basic", "Digest"]


def test_basic_over_https_is_accepted_after_a_challenge(client, cadre):
    phone = Phone(client, username="cadre-gao", https=True)
    assert phone.form_list().status_code == 200
    assert phone.scheme == "basic"
    assert phone.submit(visit_xml("uuid:basic")).status_code == 201
    assert phone.challenges == 1  # challenged once, then Basic went up front with the POST


def test_basic_behind_a_proxy_that_says_https_is_accepted(client, cadre):
    phone = Phone(client, username="cadre-gao", forwarded_https=True)
    assert phone.form_list().status_code == 200
    assert phone.scheme == "basic"


def test_basic_over_plain_http_is_refused_even_with_the_right_password(client, cadre):
    import base64

    credentials = base64.b64encode(f"cadre-gao:{TEST_PASSWORD}".encode()).decode()
    response = client.get("/formList", headers={"X-OpenRosa-Version": "1.0",
                                                "Authorization": f"Basic {credentials}"})
    assert response.status_code == 401
    assert "HTTPS" in message_of(response)
    assert response.headers.getlist("WWW-Authenticate")
    assert failures() == []  # the password was never checked, so it guessed nothing


def test_basic_with_a_wrong_password_is_401(client, cadre):
    phone = Phone(client, username="cadre-gao", password="not-it", https=True)
    assert phone.form_list().status_code == 401


def test_password_users_get_urls_without_a_key_prefix(client, cadre):
    response = Phone(client, username="cadre-gao").form_list()
    assert b"<downloadUrl>http://localhost/forms/household_visit.xml</downloadUrl>" in response.data


def test_forwarded_https_makes_urls_https(client, cadre):
    response = Phone(client, token=cadre[1], forwarded_https=True).form_list()
    assert f"<downloadUrl>https://localhost/key/{cadre[1]}/forms/".encode() in response.data


def test_digest_answer_for_one_url_does_not_open_another(client, cadre):
    phone = Phone(client, username="cadre-gao")
    assert phone.form_list().status_code == 200
    answer_for_list = phone._authorization("GET", "/formList")
    response = client.get("/forms/household_visit.xml", headers={"Authorization": answer_for_list})
    assert response.status_code == 401


# --- passwords are throttled as on the login page -----------------------------------------------

def wrong_logins(client, count: int, username: str = "cadre-gao", https: bool = False) -> None:
    """Fail count logins, each from a fresh phone: challenged (not counted), then refused (counted)."""
    for _ in range(count):
        response = Phone(client, username=username, password="wrong-password", https=https).form_list()
        assert response.status_code == 401
        assert message_of(response) == "用户名或密码错误。"
        assert response.headers.getlist("WWW-Authenticate")


def failures() -> list[tuple[str, str]]:
    return [tuple(row) for row in db.session.execute(select(LoginFailure.username, LoginFailure.address))]


@pytest.mark.parametrize(("https", "scheme"), [(False, "digest"), (True, "basic")])
def test_the_right_password_is_refused_after_limit_wrong_ones(client, cadre, https, scheme):
    wrong_logins(client, LIMIT, https=https)
    assert failures() == [("cadre-gao", "127.0.0.1")] * LIMIT  # keyed by name and address, as the web
    phone = Phone(client, username="cadre-gao", https=https)
    response = phone.form_list()
    assert phone.scheme == scheme
    assert response.status_code == 429
    assert message_of(response) == "登录失败次数过多，请一分钟后再试。"
    assert response.headers["Retry-After"] == "60"
    assert not response.headers.getlist("WWW-Authenticate")  # a challenge would only make Collect ask again
    assert phone.submit(visit_xml("uuid:throttled")).status_code == 429
    assert len(failures()) == LIMIT  # refusing a throttled login does not count it again


@pytest.mark.parametrize("https", [False, True], ids=["digest", "basic"])
def test_the_right_password_passes_below_the_limit(client, cadre, https):
    wrong_logins(client, LIMIT - 1, https=https)
    assert Phone(client, username="cadre-gao", https=https).form_list().status_code == 200
    assert len(failures()) == LIMIT - 1


@pytest.mark.parametrize("https", [False, True], ids=["digest", "basic"])
def test_challenges_without_credentials_are_not_counted(client, cadre, https):
    anonymous = Phone(client, https=https)
    for _ in range(LIMIT * 2):
        assert anonymous.form_list().status_code == 401
        assert anonymous.head_submission().status_code == 401
    phone = Phone(client, username="cadre-gao", https=https)
    assert phone.form_list().status_code == 200
    assert phone.challenges == 1
    assert failures() == []


def test_digest_answers_with_an_aged_nonce_are_not_counted(client, cadre, monkeypatch):
    from fieldcollect.sync import auth

    phone = Phone(client, username="cadre-gao")
    assert phone.form_list().status_code == 200
    monkeypatch.setattr(auth, "NONCE_SECONDS", -1)  # Collect replays its cached header; the nonce aged
    for _ in range(LIMIT):
        assert phone.form_list().status_code == 401
    monkeypatch.setattr(auth, "NONCE_SECONDS", 3600)
    assert phone.form_list().status_code == 200
    assert failures() == []


def test_guessing_other_names_from_the_same_address_throttles_it(client, cadre):
    for number in range(LIMIT):
        wrong_logins(client, 1, username=f"guess-{number}")  # no such users: the guesses count all the same
    assert Phone(client, username="cadre-gao").form_list().status_code == 429


def test_wrong_passwords_on_the_login_page_throttle_the_phone_too(client, cadre):
    for _ in range(LIMIT):
        assert post_login(client, "cadre-gao", "wrong-password").status_code == 401
    assert Phone(client, username="cadre-gao").form_list().status_code == 429


def test_a_key_is_not_a_password_and_is_not_throttled(client, cadre):
    wrong_logins(client, LIMIT)
    assert Phone(client, token=cadre[1]).form_list().status_code == 200
