"""Failed sign-ins are throttled per user name and per address, in the database, across processes."""

from datetime import UTC, datetime, timedelta

import pytest

from fieldcollect import create_app
from fieldcollect.auth.service import is_throttled, record_failure, sign_in
from fieldcollect.extensions import db
from fieldcollect.problems import Problem
from tests.conftest import TEST_PASSWORD, base_config, create_test_user
from tests.integration.test_web_auth import (
    post_login,
)

LIMIT = 3


@pytest.fixture
def app_config(database_url):
    return base_config(database_url, security={"login_attempts_per_minute": LIMIT})


def test_right_password_is_refused_after_limit_failures_for_that_name(app, client):
    user = create_test_user("cadre")
    for _ in range(LIMIT):
        assert post_login(client, user.username, "wrong-password").status_code == 401
    response = post_login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多，请一分钟后再试。" in response.get_data(as_text=True)


def test_other_names_from_the_same_address_are_throttled(app, client):
    user = create_test_user("cadre")
    for number in range(LIMIT):
        post_login(client, f"guess-{number}", "wrong-password")
    assert post_login(client, user.username, TEST_PASSWORD).status_code == 429


def test_same_name_from_another_address_is_throttled_too(app, client):
    user = create_test_user("cadre")
    for _ in range(LIMIT):
        post_login(client, user.username, "wrong-password", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    response = post_login(client, user.username, TEST_PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 429


def test_another_name_from_another_address_is_not_throttled(app, client):
    victim, other = create_test_user("cadre"), create_test_user("cadre")
    for _ in range(LIMIT):
        post_login(client, victim.username, "wrong-password", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    response = post_login(client, other.username, TEST_PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 302


def test_failures_below_the_limit_do_not_block(app, client):
    user = create_test_user("cadre")
    for _ in range(LIMIT - 1):
        post_login(client, user.username, "wrong-password")
    assert post_login(client, user.username, TEST_PASSWORD).status_code == 302


def test_throttle_is_seen_by_another_app_on_the_same_database(app, client, app_config):
    username = create_test_user("cadre").username  # read now: inside `other` it would load through other
    for _ in range(LIMIT):
        post_login(client, username, "wrong-password")
    other = create_app(app_config)  # a second worker process would build its own app like this
    with other.app_context():
        response = post_login(other.test_client(), username, TEST_PASSWORD)
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 429


def test_failures_older_than_a_minute_no_longer_count(db_session):
    create_test_user("cadre", username="wang")
    start = datetime(2020, 1, 10, 8, 0, tzinfo=UTC)
    for second in range(LIMIT):
        record_failure(db_session, "wang", "10.0.0.1", start + timedelta(seconds=second))
    db_session.commit()
    assert is_throttled(db_session, "wang", "10.0.0.9", LIMIT, start + timedelta(seconds=30))
    later = start + timedelta(seconds=61 + LIMIT)
    assert not is_throttled(db_session, "wang", "10.0.0.9", LIMIT, later)
    assert sign_in(db_session, "wang", TEST_PASSWORD, "10.0.0.1", LIMIT, later).username == "wang"


def test_sign_in_raises_catalogued_problems(db_session):
    create_test_user("cadre", username="li")
    with pytest.raises(Problem) as failed:
        sign_in(db_session, "li", "wrong-password", "10.0.0.1", LIMIT)
    assert failed.value.code == "login_failed"
    for _ in range(LIMIT):
        record_failure(db_session, "li", "10.0.0.1")
    with pytest.raises(Problem) as throttled:
        sign_in(db_session, "li", TEST_PASSWORD, "10.0.0.1", LIMIT)
    assert throttled.value.code == "login_throttled"


def test_old_failures_are_pruned_when_new_ones_arrive(db_session):
    from sqlalchemy import func, select

    from fieldcollect.auth.models import LoginFailure

    now = datetime.now(UTC)
    record_failure(db_session, "zhao", "10.0.0.1", now - timedelta(days=2))
    record_failure(db_session, "zhao", "10.0.0.1", now)
    db_session.commit()
    assert db_session.scalar(select(func.count()).select_from(LoginFailure)) == 1
