"""The lock instant of a round: the start of its lock day in the configured time zone."""

from datetime import UTC, datetime

import pytest

from fieldcollect.rounds.calendar import Round, is_after_lock, rounds_of_year

Q1 = Round(2018, 1)  # deadline 2018-04-10; with 30 lock days the round locks on 2018-05-11


def test_the_lock_starts_at_midnight_shanghai_of_the_lock_date():
    assert Q1.lock_start().isoformat() == "2018-05-11T00:00:00+08:00"
    assert Q1.lock_start().astimezone(UTC) == datetime(2018, 5, 10, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("utc, after", [
    (datetime(2018, 5, 10, 15, 59, 59, tzinfo=UTC), False),  # 23:59:59 on 10 May in Shanghai
    (datetime(2018, 5, 10, 16, 0, tzinfo=UTC), True),  # midnight: locked
])
def test_is_after_lock_at_the_boundary(utc, after):
    assert is_after_lock(utc, Q1) is after


def test_lock_days_and_deadline_day_and_zone_are_configurable():
    assert Q1.lock_start(deadline_day=15, lock_days=0).isoformat() == "2018-04-16T00:00:00+08:00"
    assert Round(2018, 4).lock_start().isoformat() == "2019-02-10T00:00:00+08:00"  # across the year end
    assert Q1.lock_start(timezone="UTC").isoformat() == "2018-05-11T00:00:00+00:00"


def test_rounds_of_a_year():
    assert [str(r) for r in rounds_of_year(2018)] == ["2018Q1", "2018Q2", "2018Q3", "2018Q4"]
