"""round_progress follows every timeline change, equals a rebuild from scratch, and no rate passes 100%."""

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select, true

from fieldcollect.config import RoundsSettings
from fieldcollect.households.models import Household
from fieldcollect.regions.models import Region
from fieldcollect.rounds.calendar import Round
from fieldcollect.rounds.models import RoundProgress
from fieldcollect.rounds.progress import rebuild_progress
from fieldcollect.rounds.rollups import region_progress
from fieldcollect.rounds.service import open_round_record
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory, VillageFactory
from tests.integration.rounds_support import REQUIRED, add_entries, add_entry, at

TZ = "Asia/Shanghai"
Q1 = Round(2018, 1)


@pytest.fixture
def household(db_session):
    household = HouseholdFactory()
    PairingFactory(household=household, cadre=CadreFactory())
    return household


def progress_of(session, household, round_name="2018Q1"):
    session.flush()
    session.expire_all()
    return session.scalar(select(RoundProgress).where(RoundProgress.round_name == round_name,
                                                      RoundProgress.household_id == household.id))


def snapshot(session, round_name):
    columns = ("household_id", "cadre_id", "expected_mask", "done_mask", "done_count", "complete", "on_time",
               "conflict", "held")
    rows = session.execute(select(*(getattr(RoundProgress, c) for c in columns))
                           .where(RoundProgress.round_name == round_name)
                           .order_by(RoundProgress.household_id))
    return [tuple(row) for row in rows]


def open_q1(session):
    return open_round_record(session, Q1, RoundsSettings(), TZ, date(2018, 6, 1))


def test_entries_written_after_opening_update_progress_without_being_asked(db_session, household):
    open_q1(db_session)
    assert progress_of(db_session, household).done_count == 0
    add_entries(household, "2018Q1", at("2018-04-01 08:00"), REQUIRED[:-1])
    partial = progress_of(db_session, household)
    assert (partial.done_count, partial.complete) == (6, False)
    add_entry(household, "training", "2018Q1", at("2018-04-10 18:00"))
    progress = progress_of(db_session, household)
    assert (progress.complete, progress.on_time, progress.done_count) == (True, True, 7)


def test_deleting_an_entry_as_a_rejection_does_takes_the_category_back(db_session, household):
    open_q1(db_session)
    entries = add_entries(household, "2018Q1", at("2018-04-01 08:00"))
    assert progress_of(db_session, household).complete
    db_session.delete(entries[0])
    progress = progress_of(db_session, household)
    assert (progress.complete, progress.done_count) == (False, 6)


def test_an_entry_moved_to_another_period_leaves_both_rounds_right(db_session, household):
    open_q1(db_session)
    open_round_record(db_session, Round(2018, 2), RoundsSettings(), TZ, date(2018, 9, 1))
    entry = add_entry(household, "basic", "2018Q1", at("2018-03-01 08:00"))
    assert progress_of(db_session, household).done_count == 1
    entry.period = "2018Q2"  # an edit corrected the period
    assert progress_of(db_session, household, "2018Q1").done_count == 0
    assert progress_of(db_session, household, "2018Q2").done_count == 1


def test_entries_before_the_round_opens_are_counted_when_it_opens(db_session, household):
    add_entries(household, "2018Q1", at("2018-04-11 08:00"))
    open_q1(db_session)
    progress = progress_of(db_session, household)
    assert (progress.complete, progress.on_time) == (True, False)


def test_a_flag_from_the_receiver_quarantines_even_before_the_lock_instant(db_session, household):
    open_q1(db_session)
    add_entries(household, "2018Q1", at("2018-04-01 08:00"), REQUIRED[:-1])
    add_entry(household, "training", "2018Q1", at("2018-04-02 08:00"), after_lock=True)
    progress = progress_of(db_session, household)
    assert (progress.complete, progress.held) == (False, 1)


def test_the_lock_instant_is_the_start_of_the_lock_day_in_shanghai(db_session, household):
    last_minute = HouseholdFactory()
    open_q1(db_session)  # deadline 2018-04-10; locks 30 days later, on 2018-05-11 at 00:00 Shanghai
    for one, received in ((last_minute, "2018-05-10 23:59"), (household, "2018-05-11 00:00")):
        add_entries(one, "2018Q1", at("2018-04-01 08:00"), REQUIRED[:-1])
        add_entry(one, "training", "2018Q1", at(received))
    before, after = progress_of(db_session, last_minute), progress_of(db_session, household)
    assert (before.complete, before.on_time, before.held) == (True, False, 0)
    assert (after.complete, after.held) == (False, 1)


def test_incremental_progress_equals_a_rebuild_and_no_rate_passes_100_percent(db_session):
    rng = random.Random(7)
    villages = [VillageFactory(code=f"150626101{n:03d}") for n in range(201, 205)]
    cadres = [CadreFactory() for _ in range(3)]
    households = [HouseholdFactory(village_code=rng.choice(villages).code) for _ in range(24)]
    for household in households:
        if rng.random() < 0.9:
            PairingFactory(household=household, cadre=rng.choice(cadres), start_date=date(2017, 1, 1))
    record = open_q1(db_session)
    outsiders = [HouseholdFactory(village_code=villages[0].code) for _ in range(3)]  # never expected
    for _ in range(400):  # duplicates, conflicts, other periods, optional categories, late and held entries
        household = rng.choice(households + outsiders)
        category = rng.choice(REQUIRED + ("other",))
        period = rng.choice(("2018Q1", "2018Q1", "2018Q1", "2017Q4"))
        received = at("2018-03-01 00:00") + timedelta(hours=rng.randrange(24 * 90))
        add_entry(household, category, period, received, conflict=rng.random() < 0.1,
                  after_lock=rng.random() < 0.03)
    db_session.flush()
    incremental = snapshot(db_session, "2018Q1")
    rebuild_progress(db_session, record)
    assert snapshot(db_session, "2018Q1") == incremental
    for code in ["150600000000", "150626000000", "150626101000"] + [v.code for v in villages]:
        result = region_progress(db_session, record, db_session.get(Region, code), None)
        for figures in [result.figures] + [f for _, f in result.children]:
            assert 0 <= figures.on_time <= figures.complete <= figures.expected
            assert all(0 <= received <= expected == figures.expected
                       for expected, received in figures.by_category.values())
    city = region_progress(db_session, record, db_session.get(Region, "150600000000"), None)
    assert city.figures.expected == 24


def test_a_scope_that_cannot_be_restated_is_applied_through_households(db_session):
    kept, dropped = HouseholdFactory(), HouseholdFactory(status="3", return_year=2017)
    record = open_q1(db_session)
    city = db_session.get(Region, "150600000000")
    assert region_progress(db_session, record, city, None).figures.expected == 2
    only_not_exited = region_progress(db_session, record, city, Household.status == "0")
    assert only_not_exited.figures.expected == 1
    assert [h.household_code for h in
            region_progress(db_session, record, db_session.get(Region, kept.village_code),
                            Household.status == "0").households] == [kept.household_code]
    assert dropped.household_code not in {h.household_code for h in only_not_exited.households}


def test_an_admission_survives_the_entry_being_rebuilt_from_its_submission(db_session, household):
    from fieldcollect.rounds.service import admit_submission
    from fieldcollect.timelines.models import TimelineEntry

    record = open_q1(db_session)
    add_entries(household, "2018Q1", at("2018-04-01 08:00"), REQUIRED[:-1])
    late = add_entry(household, "training", "2018Q1", at("2018-05-20 08:00"), after_lock=True)
    admit_submission(db_session, record, late.instance_id, true(), None, date(2018, 5, 21))
    assert progress_of(db_session, household).complete
    submission, version = late.submission_id, late.version_id  # a replay deletes and rewrites the entry
    db_session.delete(late)
    db_session.flush()
    assert not progress_of(db_session, household).complete
    db_session.add(TimelineEntry(household_id=household.id, category="training", period="2018Q1",
                                 submission_id=submission, version_id=version, instance_id="uuid:again",
                                 form_version_id=late.form_version_id, received_at=at("2018-05-20 08:00"),
                                 after_lock=True, admitted=False, answers={}))
    progress = progress_of(db_session, household)
    assert (progress.complete, progress.on_time, progress.held) == (True, False, 0)
