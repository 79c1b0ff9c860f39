"""A round's expected work: snapshotted when it opens, changed only by recorded events, frozen once locked."""

from datetime import date

import pytest

from fieldcollect.cadres.models import Pairing
from fieldcollect.config import RoundsSettings
from fieldcollect.problems import Problem
from fieldcollect.rounds.calendar import Round
from fieldcollect.rounds.models import RoundEvent, RoundExpectation, RoundProgress
from fieldcollect.rounds.service import ensure_round, open_round_record, record_household_event
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory
from tests.integration.rounds_support import status_change

SETTINGS = RoundsSettings()
TZ = "Asia/Shanghai"
Q2 = Round(2018, 2)  # deadline 2018-07-10, locks 2018-08-10


def open_q2(session, today=date(2018, 4, 15)):
    return open_round_record(session, Q2, SETTINGS, TZ, today)


def expected_ids(session, round_name="2018Q2"):
    return {row.household_id for row in session.query(RoundProgress).filter_by(round_name=round_name)}


def cadre_of(session, household, round_name="2018Q2"):
    row = session.query(RoundExpectation).filter_by(round_name=round_name, household_id=household.id).one()
    return row.cadre_id


@pytest.fixture
def registry(db_session):
    cadre, other = CadreFactory(), CadreFactory()
    households = [HouseholdFactory(household_code=f"E-{n}") for n in range(3)]
    for household in households:
        PairingFactory(cadre=cadre, household=household, start_date=date(2017, 1, 1))
    db_session.flush()
    return {"cadre": cadre, "other": other, "households": households}


def test_opening_writes_one_expectation_per_household_naming_every_required_category(db_session, registry):
    record = open_q2(db_session)
    rows = db_session.query(RoundExpectation).filter_by(round_name="2018Q2").all()
    assert len(rows) == 3
    assert all(row.categories == list(SETTINGS.required_categories) and row.category_count == 7
               for row in rows)
    assert {row.cadre_id for row in rows} == {registry["cadre"].id}
    assert record.deadline == date(2018, 7, 10) and record.lock_date == date(2018, 8, 10)
    assert record.required_categories == list(SETTINGS.required_categories)
    event = db_session.query(RoundEvent).filter_by(kind="open").one()
    assert all(row.event_id == event.id for row in rows) and event.detail["households"] == 3


def test_editing_the_registry_alone_never_moves_the_denominator(db_session, registry):
    open_q2(db_session)
    leaver = registry["households"][0]
    status_change(leaver, "2", 2018, date(2018, 3, 20))  # exited before the round, recorded late
    HouseholdFactory(household_code="E-new")  # a new household, not yet recorded as an event
    db_session.flush()
    assert len(expected_ids(db_session)) == 3
    assert leaver.id in expected_ids(db_session)


def test_an_exit_event_removes_the_household_and_says_what_changed(db_session, registry):
    open_q2(db_session)
    leaver = registry["households"][0]
    status_change(leaver, "2", 2018, date(2018, 3, 20))
    events = record_household_event(db_session, leaver.id, "exit", date(2018, 3, 20), today=date(2018, 4, 20))
    assert [e.kind for e in events] == ["exit"]
    assert events[0].detail["before"] == {"expected": True, "cadre_id": registry["cadre"].id}
    assert events[0].detail["after"] == {"expected": False, "cadre_id": None}
    assert leaver.id not in expected_ids(db_session)
    assert db_session.query(RoundExpectation).filter_by(household_id=leaver.id).count() == 0


def test_an_exit_during_the_round_keeps_the_household_in_it(db_session, registry):
    open_q2(db_session)
    leaver = registry["households"][0]
    status_change(leaver, "2", 2018, date(2018, 5, 20))  # exited during the quarter: still visited for it
    assert record_household_event(db_session, leaver.id, "exit", date(2018, 5, 20), date(2018, 5, 21)) == []
    assert leaver.id in expected_ids(db_session)


def test_a_registration_event_adds_the_household_with_every_category(db_session, registry):
    open_q2(db_session)
    newcomer = HouseholdFactory(household_code="E-new", registered_year=2018)
    status_change(newcomer, "0", 2018, date(2018, 5, 3))
    PairingFactory(cadre=registry["other"], household=newcomer, start_date=date(2018, 5, 3))
    events = record_household_event(db_session, newcomer.id, "registration", date(2018, 5, 3),
                                    date(2018, 5, 4))
    assert len(events) == 1
    assert newcomer.id in expected_ids(db_session)
    added = db_session.query(RoundExpectation).filter_by(household_id=newcomer.id).one()
    assert added.categories == list(SETTINGS.required_categories) and added.event_id == events[0].id
    assert cadre_of(db_session, newcomer) == registry["other"].id


def test_a_repairing_event_moves_the_work_to_the_new_primary_cadre(db_session, registry):
    open_q2(db_session)
    household = registry["households"][1]
    pairing = db_session.query(Pairing).filter_by(household_id=household.id).one()
    pairing.end_date = date(2018, 5, 1)
    PairingFactory(cadre=registry["other"], household=household, start_date=date(2018, 5, 2))
    assert cadre_of(db_session, household) == registry["cadre"].id  # nothing moves until the event
    events = record_household_event(db_session, household.id, "repairing", date(2018, 5, 2), date(2018, 5, 2))
    assert events[0].detail["after"]["cadre_id"] == registry["other"].id
    assert cadre_of(db_session, household) == registry["other"].id
    progress = db_session.query(RoundProgress).filter_by(round_name="2018Q2", household_id=household.id).one()
    assert progress.cadre_id == registry["other"].id


def test_a_repairing_after_the_deadline_does_not_move_the_work(db_session, registry):
    open_q2(db_session)
    household = registry["households"][1]
    pairing = db_session.query(Pairing).filter_by(household_id=household.id).one()
    pairing.end_date = date(2018, 7, 14)
    PairingFactory(cadre=registry["other"], household=household, start_date=date(2018, 7, 15))
    day = date(2018, 7, 15)
    assert record_household_event(db_session, household.id, "repairing", day, day) == []
    assert cadre_of(db_session, household) == registry["cadre"].id  # the deadline's cadre answers for it


def test_events_leave_a_locked_round_alone(db_session, registry):
    open_q2(db_session)
    leaver = registry["households"][0]
    status_change(leaver, "2", 2018, date(2018, 3, 20))
    assert record_household_event(db_session, leaver.id, "exit", date(2018, 3, 20), date(2018, 8, 10)) == []
    assert leaver.id in expected_ids(db_session)


def test_a_round_keeps_the_settings_it_opened_under(db_session, registry):
    record = open_q2(db_session)
    narrower = RoundsSettings(required_categories=("basic",), deadline_day=15)
    assert ensure_round(db_session, Q2, narrower, TZ, date(2018, 4, 20)) is record
    rows = db_session.query(RoundExpectation).filter_by(round_name="2018Q2").all()
    assert [row.category_count for row in rows] == [7] * 3
    assert record.deadline == date(2018, 7, 10)


def test_post_exit_monitoring_counts_only_when_configured(db_session, registry):
    supported = registry["households"][2]
    status_change(supported, "1", 2017, date(2017, 12, 1))  # 已脱贫（享受政策）before the round
    open_round_record(db_session, Round(2018, 1), SETTINGS, TZ, date(2018, 6, 1))
    assert supported.id not in expected_ids(db_session, "2018Q1")
    monitoring = RoundsSettings(count_post_exit_monitoring=True)
    open_round_record(db_session, Q2, monitoring, TZ, date(2018, 6, 1))
    assert supported.id in expected_ids(db_session, "2018Q2")


def test_opening_twice_or_before_the_quarter_is_refused(db_session, registry):
    open_q2(db_session)
    with pytest.raises(Problem) as twice:
        open_q2(db_session)
    assert twice.value.code == "round_already_open"
    with pytest.raises(Problem) as early:
        open_round_record(db_session, Round(2018, 3), SETTINGS, TZ, date(2018, 6, 30))
    assert early.value.code == "round_not_started"


def test_unknown_event_kinds_are_refused(db_session, registry):
    with pytest.raises(Problem) as refused:
        day = date(2018, 5, 1)
        record_household_event(db_session, registry["households"][0].id, "moved", day, day)
    assert refused.value.code == "round_event_unknown"
