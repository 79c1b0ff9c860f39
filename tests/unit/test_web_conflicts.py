"""A conflict side by side (fieldcollect.web.conflicts): disagreements grouped by the top-level answer a
supervisor picks, in the form's words, rows found by key and masked for readers who may not see them."""

from fieldcollect.web.answers import EMPTY, FieldText, FormText
from fieldcollect.web.conflicts import pick_groups, side_letters

WANG_ID, SON_ID = "150626196003020135", "150626200609150312"
TEXT = FormText(
    fields={"wage_work": FieldText({"zh": "务工收入"}, "decimal"),
            "member_name": FieldText({"zh": "姓名"}, "text"),
            "id_number": FieldText({"zh": "证件号码"}, "text"),
            "sex": FieldText({"zh": "性别"}, "select_one", {"1": {"zh": "男"}, "2": {"zh": "女"}}),
            "health": FieldText({"zh": "健康状况"}, "select_multiple", {"2": {"zh": "长期慢性病"}})},
    groups={"member": {"zh": "家庭成员"}}, personal=frozenset({"id_number", "health"}),
    row_keys={"member": "id_number"})


def roster(*rows):
    return [{"member_name": name, "id_number": key, "sex": sex, "health": ["2"]} for name, key, sex in rows]


A = {"wage_work": 6000.0, "member": roster(("王建国", WANG_ID, "1"), ("王小明", SON_ID, "1"))}
B = {"wage_work": 6500.0, "member": roster(("王小明", SON_ID, "2"), ("王建国", WANG_ID, "1"))}


def test_sides_are_lettered():
    assert side_letters(2) == ["A", "B"] and side_letters(10)[-1] == "10"


def test_plain_fields_and_roster_fields_are_grouped_in_form_order_with_each_sides_value():
    groups = pick_groups([A, B], [f"member/sex[{SON_ID}]", "wage_work"], TEXT, "zh", masked=False)
    assert [(g.field, g.label) for g in groups] == [("wage_work", "务工收入"), ("member", "家庭成员")]
    assert [(line.label, line.member, line.values) for line in groups[0].lines] == [
        ("务工收入", None, ["6,000", "6,500"])]
    # The son is found by ID number although the rows were reordered.
    assert [(line.label, line.member, line.values) for line in groups[1].lines] == [
        ("性别", "王小明", ["男", "女"])]


def test_a_row_present_on_one_side_only_shows_its_name_and_a_dash():
    only_a = {"member": roster(("王建国", WANG_ID, "1"), ("李秀英", "X1", "2"))}
    only_b = {"member": roster(("王建国", WANG_ID, "1"))}
    line = pick_groups([only_a, only_b], ["member[X1]"], TEXT, "zh", masked=False)[0].lines[0]
    assert (line.label, line.member, line.values) == ("家庭成员", "李秀英", ["李秀英", EMPTY])


def test_masked_readers_see_personal_values_and_unnamed_row_keys_hidden():
    stranger = "member/health[150626199901011234]"
    groups = pick_groups([A, B], [f"member/health[{SON_ID}]", stranger], TEXT, "zh", masked=True)
    lines = groups[0].lines
    assert (lines[0].member, lines[0].values) == ("王小明", ["***", "***"])
    assert lines[1].member == "1506**********1234" and lines[1].values == [EMPTY, EMPTY]
