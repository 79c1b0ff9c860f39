"""Net income per person for the trends page counts the answers that stand for each household, as its
timeline settles them: a supervisor's pick or field-by-field merge, else the latest received entry;
a rejected submission never counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from fieldcollect.submissions.models import Submission
from fieldcollect.submissions.service import review_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.timelines.income import income_per_person
from fieldcollect.timelines.service import household_states, resolve_conflict
from tests.integration.receiver_support import (
    VILLAGE,
    WANG,
    build_world,
    household_id,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)

BANNER = "150626000000"
EARLY, LATE = datetime(2018, 6, 1, 2, 0, tzinfo=UTC), datetime(2018, 6, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    publish_forms("fp_income")
    return build_world()


@pytest.fixture
def store(app, app_config):
    return open_store(app.config["SETTINGS"].openrosa, app.instance_path)


def income(instance_id: str, **amounts) -> bytes:
    """A 2018Q2 income submission for 王建国's household: net income 11000 for 3 people unless told."""
    usual = {"wage_work": 6000, "business_crops": 6000, "expense_production": 1000}
    return submission_xml("fp_income", instance_id, values=income_values(**(usual | amounts)))


def conflicting(world, store) -> None:
    """Two phones disagree: phone-a (11000 yuan, 3 people) first, phone-b (12000 yuan, 4 people) a day later."""
    receive(store, world.cadre, income("uuid:phone-a"), now=EARLY)
    receive(store, world.cadre, income("uuid:phone-b", wage_work=7000, member_count=4), now=LATE)


def figures(db_session, region: str = BANNER) -> tuple[int, int, float]:
    got = income_per_person(db_session, ["2018Q2"], region, None)["2018Q2"]
    return got.households, got.people, got.net_income


def settle(db_session, world, **choice) -> None:
    """Have the supervisor settle the income-2018Q2 conflict: chosen=…, or base=… with picks=…."""
    resolve_conflict(db_session, household_id(WANG), "income-2018Q2", world.supervisor.id, LATE, **choice)


def agrees_with_household_page(db_session) -> bool:
    fields = household_states(db_session, household_id(WANG))["income"].fields
    return figures(db_session)[1:] == (int(fields["member_count"]), fields["net_income"])


def test_an_unresolved_conflict_counts_the_latest_received_submission(world, store, db_session):
    conflicting(world, store)
    db_session.commit()
    assert figures(db_session) == (1, 4, 12000.0)
    assert agrees_with_household_page(db_session)


def test_a_supervisor_picking_the_older_submission_makes_the_trend_use_its_figures(world, store, db_session):
    conflicting(world, store)
    settle(db_session, world, chosen="uuid:phone-a")
    db_session.commit()
    assert figures(db_session) == (1, 3, 11000.0)
    assert figures(db_session, VILLAGE) == (1, 3, 11000.0)
    assert agrees_with_household_page(db_session)


def test_a_field_by_field_merge_makes_the_trend_use_the_merged_figures(world, store, db_session):
    conflicting(world, store)
    settle(db_session, world, base="uuid:phone-a", picks={"member_count": "uuid:phone-b"})
    db_session.commit()
    assert figures(db_session) == (1, 4, 11000.0)  # phone-a's income over phone-b's people: neither phone's
    assert income_per_person(db_session, ["2018Q2"], BANNER)["2018Q2"].per_person == pytest.approx(2750.0)
    assert agrees_with_household_page(db_session)


def test_a_rejected_submission_is_ignored_even_when_a_resolution_chose_it(world, store, db_session):
    conflicting(world, store)
    settle(db_session, world, chosen="uuid:phone-b")
    phone_b = db_session.scalars(select(Submission).where(Submission.instance_id == "uuid:phone-b")).one()
    review_submission(db_session, store, phone_b, "rejected", "收入明显填错", world.supervisor)
    db_session.commit()
    assert figures(db_session) == (1, 3, 11000.0)  # phone-a alone: the resolution no longer settles anything
    assert agrees_with_household_page(db_session)


def test_a_third_submission_reopens_the_period_and_the_latest_counts_again(world, store, db_session):
    conflicting(world, store)
    settle(db_session, world, chosen="uuid:phone-a")
    receive(store, world.cadre, income("uuid:phone-c", wage_work=9000), now=datetime(2018, 6, 3, tzinfo=UTC))
    db_session.commit()
    assert figures(db_session) == (1, 3, 14000.0)
    assert agrees_with_household_page(db_session)


def test_an_edit_of_a_resolved_submission_reopens_the_period(world, store, db_session):
    conflicting(world, store)
    settle(db_session, world, chosen="uuid:phone-a")
    edit = submission_xml("fp_income", "uuid:phone-b2", deprecated_id="uuid:phone-b",
                          values=income_values(member_count=4, wage_work=8000, business_crops=6000,
                                               expense_production=1000))
    receive(store, world.cadre, edit, now=datetime(2018, 6, 3, tzinfo=UTC))
    db_session.commit()
    assert figures(db_session) == (1, 4, 13000.0)  # as many entries as the resolution lists, but not the same ones
    assert agrees_with_household_page(db_session)
