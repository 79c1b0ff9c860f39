"""Field-level diffs: plain fields, groups, select_multiple, and rosters keyed by ID number."""

from fieldcollect.timelines.changes import Change, diff_answers, flatten

ROSTER = {"members": "id_number"}


def test_first_entry_reports_every_answer_as_new():
    changes = diff_answers(None, {"income": {"wage": 4000}})
    assert changes == [Change("income/wage", None, 4000)]


def test_changed_field_in_a_group_reports_old_and_new():
    changes = diff_answers({"income": {"wage": 4000, "pension": 0}}, {"income": {"wage": 6000, "pension": 0}})
    assert changes == [Change("income/wage", 4000, 6000)]


def test_identical_answers_have_no_changes():
    answers = {"income": {"wage": 4000}, "members": [{"id_number": "1", "name": "巴图"}]}
    assert diff_answers(answers, dict(answers), ROSTER) == []


def test_empty_string_and_missing_are_the_same_answer():
    assert diff_answers({"note": ""}, {}) == []


def test_select_multiple_order_does_not_matter():
    assert diff_answers({"health": ["2", "3"]}, {"health": ["3", "2"]}) == []
    assert diff_answers({"health": ["2"]}, {"health": ["2", "3"]}) == [Change("health", ["2"], ["2", "3"])]


def test_roster_is_diffed_by_id_number_not_position():
    before = {"members": [{"id_number": "A", "name": "巴图", "age": 40},
                          {"id_number": "B", "name": "其其格", "age": 38}]}
    # The head moved out: the remaining member is now first, and her age changed.
    after = {"members": [{"id_number": "B", "name": "其其格", "age": 39}]}
    changes = diff_answers(before, after, ROSTER)
    assert changes == [
        Change("members", {"id_number": "A", "name": "巴图", "age": 40}, None, "A"),
        Change("members/age", 38, 39, "B"),
    ]


def test_new_roster_member_is_one_added_row():
    before = {"members": [{"id_number": "A", "name": "巴图"}]}
    after = {"members": [{"id_number": "A", "name": "巴图"}, {"id_number": "C", "name": "乌云"}]}
    assert diff_answers(before, after, ROSTER) == [Change("members", None, {"id_number": "C", "name": "乌云"}, "C")]


def test_rows_without_a_key_fall_back_to_position():
    before = {"members": [{"name": "婴儿"}]}
    after = {"members": [{"name": "婴儿", "sex": "1"}]}
    assert diff_answers(before, after, ROSTER) == [Change("members/sex", None, "1", "#1")]


def test_flatten_splits_fields_and_repeats():
    fields, repeats = flatten({"a": 1, "g": {"b": 2, "r": [{"c": 3}]}})
    assert fields == {"a": 1, "g/b": 2}
    assert repeats == {"g/r": [{"c": 3}]}
