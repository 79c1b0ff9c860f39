"""`flask rounds …`: open, list, progress, refresh, events and admissions from the command line."""

from datetime import date

import pytest

from fieldcollect.rounds.models import RoundAdmission, RoundEvent
from tests.integration.rounds_support import build_rounds_world, status_change


@pytest.fixture
def world(db_session):
    return build_rounds_world()


def run(app, *args):
    return app.test_cli_runner().invoke(args=["rounds", *args])


def test_open_then_progress_prints_the_figures(app, world):
    opened = run(app, "open", "2018Q1")
    assert opened.exit_code == 0, opened.output
    assert "opened 2018Q1: 11 households expected, deadline 2018-04-10, locks 2018-05-11" in opened.output
    again = run(app, "open", "2018Q1")
    assert again.exit_code != 0 and "已经开启" in again.output
    progress = run(app, "progress", "2018Q1", "--region", "150626000000")
    lines = progress.output.splitlines()
    assert lines[1].split() == ["乌审旗", "8", "4", "3", "1", "4", "1"]
    assert any(line.split()[1:] == ["7", "4", "3", "1", "3", "1"] for line in lines[2:])


def test_list_shows_opened_and_current_rounds(app, world):
    run(app, "open", "2018Q1")
    output = run(app, "list").output
    assert "2018Q1  deadline 2018-04-10  locks 2018-05-11  locked opened" in output
    assert " open" in output  # today's round is listed too


def test_admit_needs_a_supervisor_and_counts_the_held_submission(app, world, db_session):
    run(app, "open", "2018Q1")
    refused = run(app, "admit", "2018Q1", world.held.instance_id, "--by", world.users["village"].username)
    assert refused.exit_code != 0
    admitted = run(app, "admit", "2018Q1", world.held.instance_id, "--by", world.users["banner"].username,
                   "--note", "补录")
    assert admitted.exit_code == 0, admitted.output
    assert db_session.query(RoundAdmission).one().note == "补录"
    lines = run(app, "progress", "2018Q1", "--region", "150626200201").output.splitlines()
    assert lines[1].split()[1:] == ["1", "1", "0", "1", "0", "0"]


def test_an_event_on_a_locked_round_changes_nothing(app, world, db_session):
    run(app, "open", "2018Q1")
    status_change(world.households["a1"], "2", 2017, date(2017, 12, 20))
    db_session.commit()
    result = run(app, "event", "H-a1", "exit", "--on", "2017-12-20")
    assert result.exit_code == 0 and "no unlocked round changed" in result.output
    assert db_session.query(RoundEvent).filter_by(kind="exit").count() == 0


def test_refresh_recomputes_a_round(app, world):
    run(app, "open", "2018Q1")
    result = run(app, "refresh", "2018Q1")
    assert result.exit_code == 0 and "progress recomputed for 11 households" in result.output
    assert run(app, "refresh", "2017Q1").exit_code != 0  # never opened
