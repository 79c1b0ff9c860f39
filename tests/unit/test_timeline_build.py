"""Timelines rebuilt from entries: order, late arrivals, conflicts and their resolution."""

import random
from datetime import UTC, datetime, timedelta

from fieldcollect.timelines.timeline import Entry, Resolution, build_timeline, merge_fields

T0 = datetime(2018, 4, 1, tzinfo=UTC)


def entry(instance_id, period, wage, minutes=0, **more):
    return Entry(instance_id, period, T0 + timedelta(minutes=minutes), {"income": {"wage": wage, **more}})


def test_entries_are_ordered_by_period_and_diffed_against_the_previous_period():
    timeline = build_timeline([entry("b", "2018Q2", 6000), entry("a", "2018Q1", 4000)])
    assert [item.entry.instance_id for item in timeline.items] == ["a", "b"]
    second = timeline.items[1].changes
    assert [(c.field, c.old, c.new) for c in second] == [("income/wage", 4000, 6000)]
    assert timeline.state.period == "2018Q2"
    assert timeline.state.answers["income"]["wage"] == 6000


def test_late_arrival_for_an_older_period_takes_its_place_and_leaves_newer_state():
    on_time = [entry("q1", "2018Q1", 4000), entry("q3", "2018Q3", 7000, minutes=5)]
    late = entry("q2", "2018Q2", 6000, minutes=60)
    timeline = build_timeline(on_time + [late])
    assert [item.entry.period for item in timeline.items] == ["2018Q1", "2018Q2", "2018Q3"]
    assert timeline.state.instance_id == "q3"
    q3_changes = timeline.items[2].changes
    assert [(c.old, c.new) for c in q3_changes] == [(6000, 7000)]  # now diffed against the late Q2


def test_identical_resubmission_in_a_period_is_not_a_conflict():
    timeline = build_timeline([entry("a", "2018Q1", 4000), entry("b", "2018Q1", 4000, minutes=3)])
    assert not any(item.conflict for item in timeline.items)
    assert timeline.state.conflict is False


def test_different_submissions_for_one_period_are_both_flagged_with_the_fields():
    timeline = build_timeline([entry("a", "2018Q1", 4000, pension=100), entry("b", "2018Q1", 5000, minutes=3,
                                                                                pension=100)])
    assert [item.conflict for item in timeline.items] == [True, True]
    assert timeline.items[0].conflicting_fields == ("income/wage",)
    assert timeline.state.conflict is True


def test_resolution_settles_the_period_and_feeds_the_next_diff():
    entries = [entry("a", "2018Q1", 4000), entry("b", "2018Q1", 5000, minutes=3), entry("c", "2018Q2", 5000)]
    resolution = Resolution("2018Q1", {"income": {"wage": 4000}}, chosen_instance_id="a")
    timeline = build_timeline(entries, resolutions={"2018Q1": resolution})
    assert not any(item.conflict for item in timeline.items)
    assert [(c.old, c.new) for c in timeline.items[2].changes] == [(4000, 5000)]


def test_rebuild_does_not_depend_on_arrival_order():
    entries = [entry(f"i{n}", f"2018Q{1 + n % 4}", 1000 * n, minutes=n) for n in range(12)]
    expected = build_timeline(entries)
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    assert build_timeline(shuffled) == expected


def test_no_entries_give_no_state():
    assert build_timeline([]).state is None


def test_merge_fields_takes_each_picked_field_from_its_entry():
    entries = {"a": {"wage": 4000, "pension": 100}, "b": {"wage": 5000, "pension": 200}}
    assert merge_fields(entries, {"pension": "b"}, base_instance_id="a") == {"wage": 4000, "pension": 200}
