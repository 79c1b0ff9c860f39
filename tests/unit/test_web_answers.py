"""Answers in words (fieldcollect.web.answers): labels, choice words, numbers, masking, timeline changes."""

import pytest

from fieldcollect.web.answers import (
    EMPTY,
    AnswerRow,
    FieldText,
    FormText,
    RepeatBlock,
    answer_rows,
    change_lines,
    conflict_field,
    format_number,
    merge_texts,
    row_titles,
    sections,
)

TEXT = FormText(
    fields={
        "wage_work": FieldText({"zh": "务工收入", "en": "Wages"}, "decimal"),
        "registered_year": FieldText({"zh": "纳入年度"}, "integer"),
        "structure": FieldText({"zh": "房屋主要结构"}, "select_one",
                               {"1": {"zh": "钢筋混凝土", "en": "Concrete"}, "2": {"zh": "砖混材料"}}),
        "health": FieldText({"zh": "健康状况"}, "select_multiple",
                            {"1": {"zh": "健康"}, "2": {"zh": "长期慢性病"}}),
        "member_name": FieldText({"zh": "姓名"}, "text"),
        "id_number": FieldText({"zh": "证件号码"}, "text"),
        "age": FieldText({}, "calculate", shown=False),
        "house_location": FieldText({"zh": "住房位置"}, "geopoint"),
    },
    groups={"member": {"zh": "家庭成员", "en": "Household member"}},
    personal=frozenset({"id_number", "health"}),
    row_keys={"member": "id_number"},
)
WANG_ID = "150626196003020135"


@pytest.mark.parametrize(("number", "shown"), [
    (4000.0, "4,000"), (4000, "4,000"), (1234567, "1,234,567"), (1333.333333, "1,333.33"),
    (2166.5, "2,166.5"), (0, "0"), (-1500.25, "-1,500.25"),
])
def test_numbers_get_thousands_separators_and_at_most_two_decimals(number, shown):
    assert format_number(number) == shown


@pytest.mark.parametrize(("name", "value", "language", "shown"), [
    ("wage_work", 6000.0, "zh", "6,000"),
    ("registered_year", 2016, "zh", "2016"),  # years and counts: no separators
    ("structure", "1", "zh", "钢筋混凝土"),
    ("structure", "1", "en", "Concrete"),
    ("structure", "2", "en", "砖混材料"),  # no English: Chinese
    ("structure", "9", "zh", "9"),  # a code the form does not know stays as it came
    ("health", ["1", "2"], "zh", "健康、长期慢性病"),
    ("health", "***", "zh", "***"),  # masked
    ("house_location", "39.6 109.8 1200 5", "zh", "39.6, 109.8"),
    ("wage_work", None, "zh", EMPTY), ("health", [], "zh", EMPTY), ("member_name", "", "zh", EMPTY),
    ("unknown", 12.5, "zh", "12.5"),
])
def test_values_are_shown_in_words(name, value, language, shown):
    assert TEXT.value(name, value, language) == shown


def test_labels_fall_back_to_chinese_then_to_the_name():
    assert TEXT.label("wage_work", "en") == "Wages"
    assert TEXT.label("registered_year", "en") == "纳入年度"
    assert TEXT.label("mystery", "zh") == "mystery"
    assert TEXT.title("member", "zh") == "家庭成员" and TEXT.title("patient", "zh") == "patient"


def test_answer_rows_keep_the_order_skip_working_calculations_and_block_repeats():
    answers = {"wage_work": 4000.0, "age": 58, "member": [
        {"member_name": "王建国", "id_number": WANG_ID, "health": ["2"], "age": 58}]}
    shown = answer_rows(answers, TEXT, "zh", masked=False)
    assert shown[0] == AnswerRow("wage_work", "务工收入", "4,000", 4000.0, "decimal")
    block = shown[1]
    assert isinstance(block, RepeatBlock) and len(shown) == 2
    title, cells = block.rows[0]
    assert (block.title, title) == ("家庭成员", "王建国")
    assert [(cell.label, cell.value) for cell in cells] == [("姓名", "王建国"), ("证件号码", WANG_ID),
                                                            ("健康状况", "长期慢性病")]


def test_answer_rows_mask_personal_answers_when_asked():
    answers = {"member": [{"member_name": "王建国", "id_number": WANG_ID, "health": ["2"]}]}
    cells = answer_rows(answers, TEXT, "zh", masked=True)[0].rows[0][1]
    assert [cell.value for cell in cells] == ["王建国", "1506**********0135", "***"]


def test_sections_gather_consecutive_plain_rows():
    shown = answer_rows({"wage_work": 1.0, "registered_year": 2016,
                         "member": [{"member_name": "甲"}], "structure": "1"}, TEXT, "zh", masked=False)
    grouped = sections(shown)
    assert [len(s) if isinstance(s, list) else "repeat" for s in grouped] == [2, "repeat", 1]


def test_changes_read_as_label_old_arrow_new_in_form_order():
    changes = [{"field": "structure", "old": "1", "new": "2", "row": None},
               {"field": "wage_work", "old": 4000.0, "new": 6000.0, "row": None},
               {"field": "age", "old": 57, "new": 58, "row": None}]
    lines = change_lines(changes, TEXT, "zh", {}, masked=False)
    assert [(line.label, line.old, line.new) for line in lines] == [
        ("务工收入", "4,000", "6,000"), ("房屋主要结构", "钢筋混凝土", "砖混材料")]


def test_roster_changes_are_named_by_member_and_masked_for_readers_who_may_not_see_them():
    answers = {"member": [{"member_name": "王建国", "id_number": WANG_ID, "health": ["2"]}]}
    changes = [{"field": "member/health", "old": ["1"], "new": ["2"], "row": WANG_ID},
               {"field": "member", "old": None, "new": {"member_name": "王小红", "id_number": "1"},
                "row": "1"},
               {"field": "member", "old": {"member_name": "李秀英"}, "new": None, "row": "#2"}]
    names = row_titles(answers, TEXT)
    assert names == {WANG_ID: "王建国"}
    whole = change_lines(changes, TEXT, "zh", names, masked=False)
    assert [(c.kind, c.member, c.label, c.old, c.new) for c in whole] == [
        ("changed", "王建国", "健康状况", "健康", "长期慢性病"),
        ("added", "1", "家庭成员", EMPTY, "王小红"),
        ("removed", "#2", "家庭成员", "李秀英", EMPTY)]
    masked = change_lines(changes[:1], TEXT, "zh", {}, masked=True)[0]
    assert (masked.member, masked.old, masked.new) == ("1506**********0135", "***", "***")


def test_merged_texts_let_later_versions_win():
    older = FormText({"a": FieldText({"zh": "旧"}, "text")}, personal=frozenset({"a"}))
    newer = FormText({"a": FieldText({"zh": "新"}, "text"), "b": FieldText({"zh": "乙"}, "text")})
    merged = merge_texts([older, newer])
    shown = (merged.label("a", "zh"), merged.label("b", "zh"), merged.personal)
    assert shown == ("新", "乙", frozenset({"a"}))


def test_conflict_field_labels_split_into_path_and_row():
    assert conflict_field("wage_work") == ("wage_work", None)
    assert conflict_field(f"member/sex[{WANG_ID}]") == ("member/sex", WANG_ID)
    assert conflict_field("member[#2]") == ("member", "#2")
