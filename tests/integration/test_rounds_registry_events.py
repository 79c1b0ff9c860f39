"""Registry operations reach the open round through recorded events, never behind its back."""

from datetime import date, timedelta

from fieldcollect.cadres.service import end_pairing, pair_cadre
from fieldcollect.config import RoundsSettings
from fieldcollect.demo.files import registry_files
from fieldcollect.demo.registry import plan_registry
from fieldcollect.demo.service import official_townships
from fieldcollect.households.models import Household
from fieldcollect.households.service import change_status, register_household
from fieldcollect.imports.service import run_import
from fieldcollect.regions.service import load_official_regions
from fieldcollect.rounds.calendar import open_round
from fieldcollect.rounds.models import RoundEvent, RoundExpectation
from fieldcollect.rounds.service import open_round_record
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory
from tests.unit.test_households import head, household, spouse

TODAY = date.today()
CURRENT = open_round(TODAY)


def open_current(session):
    return open_round_record(session, CURRENT, RoundsSettings(), "Asia/Shanghai", TODAY)


def expectation(session, household_id):
    return session.query(RoundExpectation).filter_by(round_name=str(CURRENT), household_id=household_id).first()


def test_registering_a_household_adds_it_to_the_open_round(db_session):
    existing = HouseholdFactory()
    open_current(db_session)
    record = register_household(db_session, household(village_code=existing.village_code), [head(), spouse()])
    assert expectation(db_session, record.id) is not None
    assert db_session.query(RoundEvent).filter_by(kind="registration", household_id=record.id).count() == 1


def test_re_pairing_moves_the_household_to_the_new_cadre(db_session):
    old_cadre, new_cadre = CadreFactory(), CadreFactory()
    target = HouseholdFactory()
    pairing = PairingFactory(cadre=old_cadre, household=target, start_date=date(2017, 1, 1))
    db_session.flush()
    open_current(db_session)
    assert expectation(db_session, target.id).cadre_id == old_cadre.id
    end_pairing(db_session, pairing, TODAY - timedelta(days=1))
    pair_cadre(db_session, new_cadre, target, TODAY)
    # The round attributes work to the primary cadre at its deadline, which is still ahead.
    assert expectation(db_session, target.id).cadre_id == new_cadre.id
    assert db_session.query(RoundEvent).filter_by(kind="repairing", household_id=target.id).count() >= 1


def test_an_exit_recorded_through_the_registry_is_an_event_of_the_open_round(db_session):
    target = HouseholdFactory()
    db_session.flush()
    open_current(db_session)
    before = expectation(db_session, target.id)
    change_status(db_session, target, "1", TODAY.year - 1, date(TODAY.year - 1, 12, 1))
    events = db_session.query(RoundEvent).filter_by(kind="exit", household_id=target.id).all()
    assert before is not None
    assert len(events) == 1 and expectation(db_session, target.id) is None


def import_plan(session, households: int):
    members, pairings = registry_files(plan_registry(7, 30, official_townships()), limit=households)
    reports = [run_import(session, "households", "h.csv", members, today=TODAY),
               run_import(session, "pairings", "p.csv", pairings, today=TODAY)]
    assert all(not report.errors for report in reports), [r.as_dict() for r in reports]
    return reports


def test_a_bulk_import_registers_its_new_households_in_the_open_round(db_session):
    load_official_regions(db_session)
    import_plan(db_session, 20)
    assert db_session.query(RoundEvent).count() == 0  # no round open yet: nothing to tell
    open_current(db_session)
    first = {h.id for h in db_session.query(Household)}
    opened_with = db_session.query(RoundExpectation).count()

    import_plan(db_session, 25)
    added = {h.id for h in db_session.query(Household)} - first
    registrations = db_session.query(RoundEvent).filter_by(kind="registration").all()
    assert len(added) == 5 and {event.household_id for event in registrations} <= added
    expected_now = db_session.query(RoundExpectation).count()
    assert expected_now > opened_with
    assert expected_now - opened_with == len({e.household_id for e in registrations})

    import_plan(db_session, 25)  # the same file again changes nothing, so the round hears nothing
    assert db_session.query(RoundEvent).filter_by(kind="registration").count() == len(registrations)
