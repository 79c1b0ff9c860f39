"""Concurrent submissions for the same households lose nothing (issue 6), on PostgreSQL.

Eight threads post 200 income submissions for ten households through receive_submission, as
eight gunicorn workers would: several per household and quarter, so timelines, changes and
conflict flags are contended. The result must equal what a serial replay of the same stored
submissions produces, which only holds if each merge sees every entry committed before it.

A second test races one submission against itself, as when Collect gives up after its 60 s read
timeout and posts again while the first POST is still being processed (PROTOCOL.md §5): the
loser's INSERT hits the unique instanceID, and it must answer 201 from what the winner stored.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from fieldcollect.extensions import db
from fieldcollect.households.models import Household
from fieldcollect.phones.service import issue_token
from fieldcollect.submissions import service
from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.service import receive_submission, replay_all
from fieldcollect.submissions.storage import open_store
from fieldcollect.timelines.models import TimelineEntry
from fieldcollect.timelines.service import household_states
from fieldcollect.users.models import User
from tests.conftest import ON_POSTGRES
from tests.factories import HouseholdFactory, PairingFactory
from tests.integration.openrosa_support import Phone, message_of
from tests.integration.receiver_support import build_world, income_values, publish_forms, submission_xml

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="row locks and real concurrency need PostgreSQL")

THREADS = 8
SUBMISSIONS = 200
PERIODS = ("2018Q1", "2018Q2", "2018Q3", "2018Q4")
VISITS = {"2018Q1": "2018-03-15", "2018Q2": "2018-05-20", "2018Q3": "2018-08-20", "2018Q4": "2018-11-20"}


@pytest.fixture
def ten_households(app):
    publish_forms("fp_income")
    world = build_world()
    codes = list(world.households)  # the two of build_world, plus eight more paired with the same cadre
    for number in range(3, 11):
        household = HouseholdFactory(household_code=f"15062610120100{number:02d}",
                                     village_code="150626101201", members=3)
        PairingFactory(cadre=world.cadre.cadre, household=household, start_date=date(2018, 1, 1))
        codes.append(household.household_code)
    db.session.commit()
    return world, sorted(codes)


def submissions(codes: list[str]) -> list[bytes]:
    """Return the bodies so that thread t posts bodies[t::THREADS]: in each round all threads post for
    one household (two submissions per quarter), which is where a lost update would show."""
    made = []
    for number in range(SUBMISSIONS):
        household = codes[(number // THREADS) % len(codes)]
        period = PERIODS[number % THREADS % len(PERIODS)]
        values = income_values(member_count=3, wage_work=1000 + (number * 37) % 900, business_crops=500)
        made.append(submission_xml("fp_income", f"uuid:concurrent-{number:04d}", household=household,
                                   period=period, visit_date=VISITS[period], values=values))
    return made


def snapshot(codes: list[str]) -> dict:
    db.session.expire_all()
    rows = db.session.scalars(select(TimelineEntry).order_by(TimelineEntry.submission_id)).all()
    entries = [{c.name: getattr(row, c.name) for c in TimelineEntry.__table__.columns if c.name != "id"}
               for row in rows]
    ids = {code: household_id for household_id, code in db.session.execute(
        select(Household.id, Household.household_code).where(Household.household_code.in_(codes)))}
    return {"entries": entries, "states": {code: household_states(db.session, ids[code]) for code in codes}}


def test_two_hundred_submissions_from_eight_threads_equal_a_serial_replay(app, ten_households):
    world, codes = ten_households
    store = open_store(app.config["SETTINGS"].openrosa, app.instance_path)
    bodies = submissions(codes)
    user_id = world.cadre.id

    rounds = threading.Barrier(THREADS)

    def post(chunk: list[bytes]) -> int:
        with app.app_context():
            user = db.session.get(User, user_id)
            for xml in chunk:
                _wait(rounds)  # start each round together, so the merges for one household overlap
                receive_submission(db.session, store, xml, [], user)
            rounds.abort()  # the last round has fewer posts than threads: release whoever waits
            db.session.remove()
        return len(chunk)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert sum(pool.map(post, [bodies[i::THREADS] for i in range(THREADS)])) == SUBMISSIONS

    processed = db.session.scalar(select(func.count()).select_from(SubmissionVersion)
                                  .where(SubmissionVersion.processing_state == "processed"))
    assert processed == SUBMISSIONS
    concurrent = snapshot(codes)
    assert len(concurrent["entries"]) == SUBMISSIONS
    assert all(entry["conflict"] for entry in concurrent["entries"])  # several different answers per quarter
    assert all(state["income"].period == "2018Q4" for state in concurrent["states"].values())

    assert replay_all(db.session, store) == (SUBMISSIONS, 0)
    assert snapshot(codes) == concurrent


def _wait(barrier: threading.Barrier) -> None:
    try:
        barrier.wait(timeout=60)
    except threading.BrokenBarrierError:
        pass


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def income_for_today(instance_id: str, timezone: str) -> bytes:
    """An income submission for the programme's today and quarter, so that no rule finds it late."""
    today = datetime.now(ZoneInfo(timezone)).date()
    values = income_values(wage_work=6000, business_crops=6000, expense_production=1000)
    return submission_xml("fp_income", instance_id, period=f"{today.year}Q{(today.month + 2) // 3}",
                          visit_date=today.isoformat(), values=values)


@pytest.mark.postgres_only
def test_a_retry_racing_the_first_post_gets_201_and_stores_nothing_twice(app, monkeypatch):
    publish_forms("fp_income")
    token = issue_token(db.session, build_world().cadre).token
    db.session.commit()
    xml = income_for_today("uuid:retried-while-processing", app.config["SETTINGS"].server.timezone)

    both_looked = threading.Barrier(2, timeout=30)
    found_stored, lost = [], []
    real_target, real_insert = service._target, service.insert_new_submission

    def target_then_wait(*args):
        target = real_target(*args)
        found_stored.append(target.stored)
        both_looked.wait()  # neither stores before both have looked: each believes it is first
        return target

    def insert_or_lose(connection, version):
        try:
            real_insert(connection, version)
        except IntegrityError:
            lost.append(version.instance_id)
            raise

    monkeypatch.setattr(service, "_target", target_then_wait)
    monkeypatch.setattr(service, "insert_new_submission", insert_or_lose)

    def post(_attempt: int) -> tuple[int, str]:
        response = Phone(app.test_client(), token=token).submit(xml)  # a client, and so a session, per thread
        return response.status_code, message_of(response)

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(post, range(2)))

    assert answers == [(201, "提交成功。")] * 2
    assert found_stored == [False, False]
    assert lost == ["uuid:retried-while-processing"]  # the loser went through `except IntegrityError`
    db.session.expire_all()
    assert (count(Submission), count(SubmissionVersion), count(TimelineEntry)) == (1, 1, 1)
