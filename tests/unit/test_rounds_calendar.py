"""The quarter calendar around every boundary: the 10th, quarter ends, year ends, leap days."""

from datetime import UTC, date, datetime

import pytest

from fieldcollect.rounds.calendar import Round, is_on_time, open_round, rounds_between


@pytest.mark.parametrize("name, deadline", [
    ("2018Q1", date(2018, 4, 10)), ("2018Q2", date(2018, 7, 10)),
    ("2018Q3", date(2018, 10, 10)), ("2018Q4", date(2019, 1, 10)),
])
def test_deadline_is_the_tenth_of_the_next_quarters_first_month(name, deadline):
    assert Round.parse(name).deadline() == deadline


@pytest.mark.parametrize("day, expected", [
    (date(2018, 4, 10), "2018Q1"),  # last day of grace
    (date(2018, 4, 11), "2018Q2"),
    (date(2018, 4, 1), "2018Q1"),
    (date(2018, 3, 31), "2018Q1"),
    (date(2018, 1, 1), "2017Q4"),  # year end: grace reaches back into last year
    (date(2018, 1, 10), "2017Q4"),
    (date(2018, 1, 11), "2018Q1"),
    (date(2018, 12, 31), "2018Q4"),
    (date(2020, 2, 29), "2020Q1"),  # leap day
    (date(2018, 5, 10), "2018Q2"),  # the 10th of a non-first month is no boundary
    (date(2018, 7, 9), "2018Q2"),
])
def test_open_round_on_boundaries(day, expected):
    assert str(open_round(day)) == expected


def test_configurable_deadline_day_moves_the_boundary():
    assert str(open_round(date(2018, 4, 12), deadline_day=15)) == "2018Q1"
    assert str(open_round(date(2018, 4, 16), deadline_day=15)) == "2018Q2"
    assert Round.parse("2018Q4").deadline(15) == date(2019, 1, 15)


def test_quarter_bounds_including_leap_february():
    q1 = Round.parse("2020Q1")
    assert (q1.first_day, q1.last_day) == (date(2020, 1, 1), date(2020, 3, 31))
    assert Round.parse("2018Q4").last_day == date(2018, 12, 31)


def test_next_and_previous_wrap_the_year():
    assert str(Round.parse("2018Q4").next()) == "2019Q1"
    assert str(Round.parse("2019Q1").previous()) == "2018Q4"


@pytest.mark.parametrize("bad", ["2018Q5", "2018q1", "18Q1", "2018-Q1", "", None, "2018Q0"])
def test_parse_refuses_malformed_names(bad):
    with pytest.raises(ValueError):
        Round.parse(bad)


def test_on_time_means_by_the_end_of_the_deadline_day_in_shanghai():
    q1 = Round.parse("2018Q1")
    # 2018-04-10 23:59 in Shanghai is 15:59 UTC: on time; 16:00 UTC is already the 11th there.
    assert is_on_time(datetime(2018, 4, 10, 15, 59, tzinfo=UTC), q1)
    assert not is_on_time(datetime(2018, 4, 10, 16, 0, tzinfo=UTC), q1)


def test_lock_date_counts_days_after_the_deadline():
    assert Round.parse("2018Q1").lock_date(lock_days=30) == date(2018, 5, 11)


def test_rounds_between_spans_years():
    assert [str(r) for r in rounds_between(Round.parse("2017Q3"), Round.parse("2018Q2"))] == [
        "2017Q3", "2017Q4", "2018Q1", "2018Q2"]
