"""Household and member rules (pure), code lists, and the household service on a real database."""

from datetime import date

import pytest

from fieldcollect.households import codes, rules
from fieldcollect.households.id_numbers import make_id_number
from fieldcollect.households.service import (
    add_member,
    change_status,
    complete_from_id_number,
    record_member_event,
    register_household,
)
from fieldcollect.problems import Problem
from tests.factories import HouseholdFactory, VillageFactory

HEAD_ID = make_id_number("150626", date(1960, 3, 1), 5, "1")
SPOUSE_ID = make_id_number("150626", date(1962, 7, 9), 6, "2")


def head(**values):
    return {"name": "巴图", "relation": "01", "sex": "1", "birth_date": date(1960, 3, 1),
            "id_number": HEAD_ID, "health": "1", **values}


def spouse(**values):
    return {"name": "其其格", "relation": "02", "sex": "2", "birth_date": date(1962, 7, 9),
            "id_number": SPOUSE_ID, "health": "2", **values}


def household(**values):
    return {"household_code": "15062600000001", "attribute": "1", "main_cause": "01", "status": "0",
            "identification_standard": "03", "registered_year": 2014, **values}


def problem_codes(issues):
    return sorted(issue.problem.code for issue in issues)


def test_lookup_code_accepts_codes_labels_short_codes_and_aliases():
    assert codes.lookup_code("cause", "因病") == "01"
    assert codes.lookup_code("cause", "1") == "01"
    assert codes.lookup_code("cause", "缺劳动力") == "08"
    assert codes.lookup_code("relation", "户主") == "01"
    assert codes.lookup_code("attribute", "五保贫困户") == "3"
    assert codes.lookup_code("ethnicity", "蒙古族") == codes.MONGOL
    assert codes.lookup_code("cause", "因懒") is None


def test_a_consistent_household_has_no_issues():
    assert rules.check_all(household(), [head(), spouse()]) == []


def test_other_causes_may_not_repeat_the_main_cause_or_each_other():
    assert problem_codes(rules.check_household(household(other_cause_1="01"))) == ["other_cause_repeats_main"]
    repeated = household(other_cause_1="09", other_cause_2="09")
    assert problem_codes(rules.check_household(repeated)) == ["other_causes_repeated"]


def test_exited_and_returned_households_need_their_years():
    assert problem_codes(rules.check_household(household(status="1"))) == ["exit_year_required"]
    returned = household(status="3", exit_year=2016)
    assert problem_codes(rules.check_household(returned)) == ["return_year_required"]
    assert rules.check_household(household(status="1", exit_year=2017)) == []


def test_unknown_codes_are_reported_per_column():
    issues = rules.check_household(household(attribute="7", support_track="xx"))
    assert sorted(i.field for i in issues) == ["attribute", "support_track"]


def test_exactly_one_head_is_required():
    assert problem_codes(rules.check_roster(household(), [spouse()])) == ["head_count"]
    two_heads = [head(), head(name="王军", id_number=None)]
    assert "head_count" in problem_codes(rules.check_roster(household(), two_heads))


def test_head_and_spouse_must_differ_in_sex_and_spouse_is_single():
    same_sex = [head(), spouse(sex="1", id_number=None)]
    assert "head_spouse_same_sex" in problem_codes(rules.check_roster(household(), same_sex))
    two_spouses = [head(), spouse(), spouse(name="乌云", id_number=None)]
    assert "spouse_count" in problem_codes(rules.check_roster(household(), two_spouses))


def test_causes_need_members_that_support_them():
    healthy = [head(), spouse(health="1")]
    assert problem_codes(rules.check_roster(household(), healthy)) == ["cause_illness_unsupported"]
    disability, schooling = household(main_cause="02"), household(main_cause="03")
    assert problem_codes(rules.check_roster(disability, healthy)) == ["cause_disability_unsupported"]
    assert problem_codes(rules.check_roster(schooling, healthy)) == ["cause_school_unsupported"]
    student = {**spouse(), "relation": "04", "school_status": "03", "id_number": None}
    assert rules.check_roster(household(main_cause="03"), [head(), student]) == []


def test_id_number_must_agree_with_sex_and_birth_date():
    issues = rules.check_member(head(sex="2", birth_date=date(1961, 3, 1)))
    assert sorted(i.field for i in issues) == ["birth_date", "sex"]
    assert problem_codes(rules.check_member(head(id_number=HEAD_ID[:17] + "0"))) == ["id_number_check_digit"]


def test_member_field_rules():
    assert problem_codes(rules.check_member(head(relation="04"))) == ["relation_sex_mismatch"]
    assert problem_codes(rules.check_member(head(health="1 2"))) == ["health_exclusive"]
    both = head(education="02", school_status="03")
    assert problem_codes(rules.check_member(both)) == ["education_and_school"]
    assert problem_codes(rules.check_member(head(work_months=5))) == ["work_area_required"]
    assert problem_codes(rules.check_member(head(health="9"))) == ["unknown_code"]


def test_sex_and_birth_date_are_filled_from_the_id_number():
    completed = complete_from_id_number({"name": "巴图", "id_number": HEAD_ID.lower()})
    assert (completed["sex"], completed["birth_date"]) == ("1", date(1960, 3, 1))
    assert completed["id_number"] == HEAD_ID


def test_register_household_stores_household_and_roster(db_session):
    village = VillageFactory()
    record = register_household(db_session, household(village_code=village.code),
                                [{"name": "巴图", "relation": "01", "id_number": HEAD_ID},
                                 spouse()])
    assert record.head.name == "巴图"
    assert [m.sex for m in record.members] == ["1", "2"]


def test_register_household_refuses_rule_breaks_taken_codes_and_taken_id_numbers(db_session):
    village = VillageFactory()
    with pytest.raises(Problem, match="head_count"):
        register_household(db_session, household(village_code=village.code), [spouse()])
    register_household(db_session, household(village_code=village.code), [head(), spouse()])
    with pytest.raises(Problem) as caught:
        register_household(db_session, household(village_code=village.code, main_cause="09"),
                           [head(id_number=None, birth_date=date(1960, 3, 1))])
    assert caught.value.code == "household_code_taken"
    with pytest.raises(Problem) as caught:
        other = household(village_code=village.code, household_code="3", main_cause="09")
        register_household(db_session, other, [{"name": "乌云", "relation": "01", "id_number": SPOUSE_ID}])
    assert caught.value.code == "id_number_taken"
    assert caught.value.params == {"household_code": "15062600000001"}


def test_register_household_needs_a_village_level_region(db_session):
    VillageFactory()
    with pytest.raises(Problem) as caught:
        register_household(db_session, household(village_code="150626101000"), [head(), spouse()])
    assert caught.value.code == "not_a_village"


def test_a_death_is_an_event_and_keeps_the_member_row(db_session):
    record = HouseholdFactory(members=2)
    spouse_member = record.members[1]
    record_member_event(db_session, spouse_member, "death", date(2018, 5, 1), source="test")
    assert spouse_member.is_current is False and spouse_member.left_on == date(2018, 5, 1)
    assert [e.kind for e in spouse_member.events] == ["death"]
    assert [m.id for m in record.current_members] == [record.members[0].id]


def test_a_birth_adds_a_member_with_its_event(db_session):
    record = HouseholdFactory(members=1)
    baby = add_member(db_session, record, {"name": "小宝", "relation": "03", "sex": "1",
                                           "birth_date": date(2018, 2, 2)}, "birth", date(2018, 2, 2))
    assert baby.joined_on == date(2018, 2, 2) and [e.kind for e in baby.events] == ["birth"]
    with pytest.raises(Problem, match="head_count"):
        add_member(db_session, record, {"name": "王军", "relation": "01", "sex": "1",
                                        "birth_date": date(1970, 1, 1)}, "move_in", date(2018, 3, 1))


def test_status_changes_are_kept_with_their_dates(db_session):
    record = HouseholdFactory()
    change_status(db_session, record, codes.EXITED_SUPPORTED, 2017, date(2017, 12, 1))
    change_status(db_session, record, codes.RETURNED, 2018, date(2018, 6, 1))
    assert (record.status, record.exit_year, record.return_year) == ("3", 2017, 2018)
    assert [(c.status, c.changed_on) for c in record.status_changes] == [("1", date(2017, 12, 1)),
                                                                         ("3", date(2018, 6, 1))]
