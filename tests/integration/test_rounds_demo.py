"""`seed-demo --rounds`: simulated field work goes through the real receiver, and the round's figures
agree with a count made here, in plain Python, from the timeline entries the receiver wrote."""

from collections import defaultdict
from datetime import UTC

import pytest
from sqlalchemy import select

from fieldcollect.demo.rounds import simulate_rounds
from fieldcollect.demo.service import seed_demo
from fieldcollect.regions.models import Region
from fieldcollect.rounds.models import RoundProgress, RoundRecord
from fieldcollect.rounds.rollups import region_progress
from fieldcollect.submissions.models import Submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.timelines.models import TimelineEntry


@pytest.fixture
def simulated(app, db_session):
    settings = app.config["SETTINGS"]
    seed_demo(db_session, households=80, seed=7)
    db_session.commit()
    store = open_store(settings.openrosa, app.instance_path)
    return simulate_rounds(db_session, store, settings, rounds=1, seed=7)


def aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def oracle(session, record):
    """Count complete and on-time households from the entries, without the rounds package's SQL."""
    expected = set(session.scalars(select(RoundProgress.household_id)
                                   .where(RoundProgress.round_name == record.name)))
    first = defaultdict(dict)  # household -> category -> first counted arrival
    for entry in session.scalars(select(TimelineEntry).where(TimelineEntry.period == record.name)):
        if entry.household_id in expected and entry.category in record.required_categories:
            if not entry.after_lock and aware(entry.received_at) < aware(record.lock_at):
                arrivals = first[entry.household_id]
                known = arrivals.get(entry.category)
                arrivals[entry.category] = min(filter(None, (known, aware(entry.received_at))))
    complete = {h for h, got in first.items() if len(got) == len(record.required_categories)}
    on_time = {h for h in complete if max(first[h].values()) < aware(record.deadline_end)}
    return len(expected), len(complete), len(on_time)


def test_simulated_round_figures_match_the_entries_the_receiver_wrote(simulated, db_session):
    record = db_session.scalar(select(RoundRecord))
    assert simulated.rounds == [record.name] == ["2018Q1"]
    assert simulated.sent > 400 and 0 < simulated.rejected < simulated.sent // 10
    assert {"on_time", "late", "partial", "missing"} <= set(simulated.patterns)
    figures = region_progress(db_session, record, db_session.get(Region, "150600000000"), None).figures
    assert (figures.expected, figures.complete, figures.on_time) == oracle(db_session, record)
    assert figures.on_time < figures.complete < figures.expected
    rejected = db_session.scalars(select(Submission).where(Submission.review_state == "rejected")).all()
    assert len(rejected) == simulated.rejected
