"""The receiver's merge (issue 6): new, edit, resend, late arrival, conflicts and their resolution,
supervisor rejection, and a full replay that reproduces the same timelines and states."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from fieldcollect.submissions.models import Submission, SubmissionVersion
from fieldcollect.submissions.service import Selection, replay_all, reprocess_versions, review_submission
from fieldcollect.submissions.storage import open_store
from fieldcollect.timelines.models import ConflictResolution, TimelineEntry
from fieldcollect.timelines.service import household_states, household_timeline, resolve_conflict
from tests.integration.receiver_support import (
    WANG,
    build_world,
    household_id,
    income_values,
    publish_forms,
    receive,
    submission_xml,
)


@pytest.fixture
def world(app):
    publish_forms("fp_income", "fp_basic", "fp_housing")
    return build_world()


@pytest.fixture
def store(app, app_config):
    return open_store(app.config["SETTINGS"].openrosa, app.instance_path)


def income(instance_id: str, period: str = "2018Q2", visit: str = "2018-05-20", **amounts) -> bytes:
    usual = {"wage_work": 6000, "business_crops": 6000, "expense_production": 1000}
    values = income_values(**(usual | amounts))
    return submission_xml("fp_income", instance_id, period=period, visit_date=visit, values=values)


def entries(db_session, category: str = "income") -> list[TimelineEntry]:
    db_session.expire_all()
    return [row.entry for row in household_timeline(db_session, household_id(WANG), category)]


def changed(entry: TimelineEntry) -> dict[str, tuple]:
    return {change["field"]: (change["old"], change["new"]) for change in entry.changes}


def test_a_new_submission_becomes_the_households_state(world, store, db_session):
    receipt = receive(store, world.cadre, income("uuid:q2"))
    assert (receipt.outcome, receipt.processed) == ("created", True)
    [entry] = entries(db_session)
    assert (entry.period, entry.instance_id, entry.conflict, entry.after_lock) == (
        "2018Q2", "uuid:q2", False, False)
    assert entry.cadre_id == world.cadre.cadre_id and entry.visit_date.isoformat() == "2018-05-20"
    assert entry.answers["wage_work"] == 6000.0 and entry.answers["total_income"] == 12000
    assert "hh_head" not in entry.answers and "period" not in entry.answers  # lookups and header stay out
    state = household_states(db_session, household_id(WANG))["income"]
    assert (state.period, state.instance_id, state.conflict) == ("2018Q2", "uuid:q2", False)
    assert db_session.scalars(select(Submission)).one().review_state == "received"


def test_the_next_period_lists_field_level_changes(world, store, db_session):
    receive(store, world.cadre, income("uuid:q2"))
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=8000),
            now=datetime(2018, 9, 1, tzinfo=UTC))
    first, second = entries(db_session)
    assert changed(second) == {"wage_work": (6000.0, 8000.0), "wage_total": (6000, 8000),
                               "total_income": (12000, 14000), "net_income": (11000, 13000),
                               "net_income_pc": (3666.67, 4333.33)}
    assert changed(first)["wage_work"] == (None, 6000.0)  # the first entry: everything is new
    assert household_states(db_session, household_id(WANG))["income"].period == "2018Q3"


def test_a_basic_roster_is_diffed_by_id_number_not_position(world, store, db_session):
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:b2"))
    # Next quarter the spouse's row comes first and the son now has a chronic illness.
    xml = submission_xml("fp_basic", "uuid:b3", period="2018Q3", visit_date="2018-08-20",
                         values={"health#3": "2"})
    rows = xml.decode().split("<member>")
    swapped = (rows[0] + "<member>" + rows[2] + "<member>" + rows[1] + "<member>" + rows[3]).encode()
    assert swapped.count(b"<member>") == 3
    receive(store, world.cadre, swapped, now=datetime(2018, 9, 1, tzinfo=UTC))
    _, second = entries(db_session, "basic")
    assert [(c["field"], c["row"], c["old"], c["new"]) for c in second.changes] == [
        ("member/health", "150626200609150312", ["3", "4"], ["2"])]


def test_a_late_arrival_takes_its_place_without_overwriting_newer_state(world, store, db_session):
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=8000),
            now=datetime(2018, 9, 1, tzinfo=UTC))
    receive(store, world.cadre, income("uuid:q2-late"), now=datetime(2018, 9, 2, tzinfo=UTC))
    q2, q3 = entries(db_session)
    assert (q2.instance_id, q3.instance_id) == ("uuid:q2-late", "uuid:q3")
    assert changed(q3)["wage_work"] == (6000.0, 8000.0)  # recomputed against the late arrival
    state = household_states(db_session, household_id(WANG))["income"]
    assert (state.period, state.fields["wage_work"]) == ("2018Q3", 8000.0)


def test_an_entry_received_after_its_round_locked_is_marked_for_the_rounds(world, store, db_session):
    # 2018Q1: collection ends 2018-04-10, the round locks 30 days later, on 2018-05-11 (Asia/Shanghai).
    receive(store, world.cadre, income("uuid:in-time", "2018Q1", "2018-03-20"),
            now=datetime(2018, 5, 10, 15, 59, tzinfo=UTC))  # 23:59 on 10 May in Ordos
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:too-late", period="2018Q1",
                                               visit_date="2018-03-20"),
            now=datetime(2018, 5, 10, 16, 0, tzinfo=UTC))  # midnight: 11 May in Ordos
    flags = {e.instance_id: e.after_lock for e in db_session.scalars(select(TimelineEntry))}
    assert flags == {"uuid:in-time": False, "uuid:too-late": True}


def test_an_edit_replaces_its_predecessor_and_keeps_the_version_history(world, store, db_session):
    receive(store, world.cadre, income("uuid:v1"))
    receipt = receive(store, world.cadre, submission_xml(
        "fp_income", "uuid:v2", deprecated_id="uuid:v1",
        values=income_values(wage_work=6500, business_crops=6000, expense_production=1000)))
    assert receipt.outcome == "edited"
    [entry] = entries(db_session)
    assert (entry.instance_id, entry.answers["wage_work"], entry.conflict) == ("uuid:v2", 6500.0, False)
    versions = db_session.scalars(select(SubmissionVersion).order_by(SubmissionVersion.id)).all()
    assert [(v.instance_id, v.current) for v in versions] == [("uuid:v1", False), ("uuid:v2", True)]
    assert db_session.scalars(select(Submission)).one().review_state == "edited"


def test_an_identical_resend_changes_nothing(world, store, db_session):
    xml = income("uuid:once")
    receive(store, world.cadre, xml)
    assert receive(store, world.cadre, xml).outcome == "resent"
    [entry] = entries(db_session)
    assert entry.conflict is False
    assert db_session.scalar(select(SubmissionVersion.id).where(SubmissionVersion.id > 1)) is None


def test_two_different_submissions_for_one_period_are_a_conflict_naming_the_fields(world, store, db_session):
    receive(store, world.cadre, income("uuid:phone-a"))
    receive(store, world.cadre, income("uuid:phone-b", wage_work=7000))
    a, b = entries(db_session)
    assert a.conflict and b.conflict
    assert b.conflicting_fields == ["net_income", "net_income_pc", "total_income", "wage_total", "wage_work"]
    state = household_states(db_session, household_id(WANG))["income"]
    assert (state.conflict, state.conflict_id, state.instance_id) == (True, "income-2018Q2", "uuid:phone-b")


def test_identical_content_from_another_phone_is_not_a_conflict(world, store, db_session):
    receive(store, world.cadre, income("uuid:phone-a"))
    receive(store, world.cadre, income("uuid:phone-b", visit="2018-05-21"))  # same answers, another visit
    assert [e.conflict for e in entries(db_session)] == [False, False]


def test_a_supervisor_picks_one_and_the_resolution_is_recorded(world, store, db_session):
    receive(store, world.cadre, income("uuid:phone-a"))
    receive(store, world.cadre, income("uuid:phone-b", wage_work=7000))
    when = datetime(2018, 6, 5, 9, 0, tzinfo=UTC)
    resolve_conflict(db_session, household_id(WANG), "income-2018Q2", world.supervisor.id, when,
                     chosen="uuid:phone-a")
    db_session.commit()
    assert [e.conflict for e in entries(db_session)] == [False, False]
    state = household_states(db_session, household_id(WANG))["income"]
    assert (state.conflict, state.instance_id, state.fields["wage_work"]) == (False, "uuid:phone-a", 6000.0)
    resolution = db_session.scalars(select(ConflictResolution)).one()
    assert resolution.resolved_by == world.supervisor.id
    assert resolution.instance_ids == ["uuid:phone-a", "uuid:phone-b"]
    assert resolution.resolved_at.replace(tzinfo=UTC) == when


def test_a_supervisor_merges_field_by_field_and_the_next_period_diffs_against_it(world, store, db_session):
    receive(store, world.cadre, income("uuid:phone-a"))
    receive(store, world.cadre, income("uuid:phone-b", wage_work=7000, business_crops=5000))
    resolve_conflict(db_session, household_id(WANG), "income-2018Q2", world.supervisor.id, datetime.now(UTC),
                     base="uuid:phone-a", picks={"wage_work": "uuid:phone-b"})
    db_session.commit()
    state = household_states(db_session, household_id(WANG))["income"]
    assert (state.fields["wage_work"], state.fields["business_crops"]) == (7000.0, 6000.0)
    assert state.instance_id is None  # merged: no single submission stands
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=7000),
            now=datetime(2018, 9, 1, tzinfo=UTC))
    assert "wage_work" not in changed(entries(db_session)[-1])  # 7000 then 7000: no change


def test_a_third_submission_reopens_a_settled_conflict(world, store, db_session):
    receive(store, world.cadre, income("uuid:phone-a"))
    receive(store, world.cadre, income("uuid:phone-b", wage_work=7000))
    resolve_conflict(db_session, household_id(WANG), "income-2018Q2", None, datetime.now(UTC),
                     chosen="uuid:phone-b")
    db_session.commit()
    receive(store, world.cadre, income("uuid:phone-c", wage_work=7500))
    assert [e.conflict for e in entries(db_session)] == [True, True, True]


def test_a_supervisor_rejection_takes_the_entry_out_and_the_timeline_is_recomputed(world, store, db_session):
    receive(store, world.cadre, income("uuid:q1", "2018Q1", "2018-03-20", wage_work=5000))
    receive(store, world.cadre, income("uuid:q2"))
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=8000),
            now=datetime(2018, 9, 1, tzinfo=UTC))
    q2 = db_session.scalars(select(Submission).where(Submission.instance_id == "uuid:q2")).one()
    review_submission(db_session, store, q2, "rejected", "收入明显填错", world.supervisor)
    db_session.commit()
    assert [e.instance_id for e in entries(db_session)] == ["uuid:q1", "uuid:q3"]
    assert changed(entries(db_session)[1])["wage_work"] == (5000.0, 8000.0)
    assert q2.review_state == "rejected"
    review_submission(db_session, store, q2, "approved", "", world.supervisor)  # changed their mind
    db_session.commit()
    assert [e.instance_id for e in entries(db_session)] == ["uuid:q1", "uuid:q2", "uuid:q3"]
    assert changed(entries(db_session)[2])["wage_work"] == (6000.0, 8000.0)
    assert q2.review_state == "approved"


def snapshot(db_session) -> dict:
    """Everything the merge derives: entries, review states, corrections and the state per category."""
    db_session.expire_all()
    rows = db_session.scalars(select(TimelineEntry).order_by(TimelineEntry.submission_id)).all()
    skip = {"id"}
    entries_ = [{c.name: getattr(row, c.name) for c in TimelineEntry.__table__.columns if c.name not in skip}
                for row in rows]
    submissions = [(s.instance_id, s.review_state, s.correction, s.household_id, s.period)
                   for s in db_session.scalars(select(Submission).order_by(Submission.id))]
    states = {code: household_states(db_session, household_id(code)) for code in (WANG,)}
    return {"entries": entries_, "submissions": submissions, "states": states}


def build_history(world, store, db_session):
    """A mixed history: periods out of order, an edit, a conflict settled, a rejection, findings."""
    receive(store, world.cadre, income("uuid:q3", "2018Q3", "2018-08-20", wage_work=8000),
            now=datetime(2018, 9, 1, tzinfo=UTC))
    receive(store, world.cadre, income("uuid:q1", "2018Q1", "2018-03-20", wage_work=5000),
            now=datetime(2018, 9, 2, tzinfo=UTC))
    receive(store, world.cadre, income("uuid:q2-a"))
    receive(store, world.other_cadre, income("uuid:q2-b", wage_work=6100))  # not paired: has_issues
    resolve_conflict(db_session, household_id(WANG), "income-2018Q2", world.supervisor.id,
                     datetime(2018, 9, 3, tzinfo=UTC), base="uuid:q2-a", picks={"wage_work": "uuid:q2-b"})
    db_session.commit()
    receive(store, world.cadre, submission_xml("fp_income", "uuid:q3-fixed", period="2018Q3",
                                               visit_date="2018-08-20", deprecated_id="uuid:q3",
                                               values=income_values(wage_work=8200)),
            now=datetime(2018, 9, 4, tzinfo=UTC))
    receive(store, world.cadre, submission_xml("fp_basic", "uuid:basic"))
    receive(store, world.cadre, submission_xml("fp_housing", "uuid:housing"))
    q1 = db_session.scalars(select(Submission).where(Submission.instance_id == "uuid:q1")).one()
    review_submission(db_session, store, q1, "has_issues", "请补充务工单位", world.supervisor)
    db_session.commit()


def test_a_full_replay_from_scratch_reproduces_the_same_timelines_and_states(world, store, db_session):
    build_history(world, store, db_session)
    before = snapshot(db_session)
    assert len(before["entries"]) == 6 and before["states"][WANG]["income"].period == "2018Q3"
    done, failed = replay_all(db_session, store)
    assert (done, failed) == (7, 0)  # six submissions, one of them edited once
    assert snapshot(db_session) == before


def test_reprocess_selects_by_form_instance_and_date(world, store, db_session, app):
    build_history(world, store, db_session)
    before = snapshot(db_session)
    assert reprocess_versions(db_session, store, selection=Selection(include_processed=True,
                                                                     form_id="fp_basic")) == (1, 0)
    assert reprocess_versions(db_session, store, selection=Selection(include_processed=True,
                                                                     instance_id="uuid:q3")) == (2, 0)
    result = app.test_cli_runner().invoke(args=["submissions", "reprocess", "--since", "2018-09-02"])
    assert result.exit_code == 0, result.output
    assert "processed 2, failed 0" in result.output  # q1 and the edit q3-fixed arrived since
    result = app.test_cli_runner().invoke(args=["submissions", "reprocess", "--from-scratch"])
    assert "processed 7, failed 0" in result.output, result.output
    assert snapshot(db_session) == before
