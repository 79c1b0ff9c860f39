"""ID numbers: GB 11643 check digit, legacy 15-digit and disability-card forms, masking."""

from datetime import date

import pytest

from fieldcollect.households.id_numbers import (
    check_digit,
    is_valid_id_number,
    make_id_number,
    mask_id_number,
    parse_id_number,
    upgrade_legacy,
)
from fieldcollect.problems import Problem

# The GB 11643-1999 standard's own worked example, and one computed by hand from the weights.
STANDARD_EXAMPLE = "11010519491231002X"


def test_check_digit_of_the_standards_example_is_x():
    assert check_digit(STANDARD_EXAMPLE[:17]) == "X"


def test_check_digit_follows_the_weight_table():
    first17 = "15060219800101123"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    assert check_digit(first17) == "10X98765432"[total % 11]


def test_parse_resident_number_gives_sex_and_birth_date():
    parsed = parse_id_number(STANDARD_EXAMPLE)
    assert (parsed.kind, parsed.sex, parsed.birth_date) == ("resident", "2", date(1949, 12, 31))


def test_lower_case_x_and_spaces_are_normalised():
    assert parse_id_number(" 110105 19491231002x ").number == STANDARD_EXAMPLE


def test_wrong_check_digit_is_refused_with_its_reason():
    with pytest.raises(Problem) as caught:
        parse_id_number(STANDARD_EXAMPLE[:17] + "1")
    assert caught.value.code == "id_number_check_digit"


@pytest.mark.parametrize("birth", ["18991231", "19800230", "19801301"])
def test_impossible_birth_dates_are_refused(birth):
    first17 = "150602" + birth + "123"
    with pytest.raises(Problem) as caught:
        parse_id_number(first17 + check_digit(first17))
    assert caught.value.code == "id_number_birth_date"


def test_birth_date_in_the_future_is_refused():
    number = make_id_number("150602", date(2030, 1, 1), 1, "1")
    assert not is_valid_id_number(number, today=date(2026, 1, 1))
    assert is_valid_id_number(number, today=date(2031, 1, 1))


def test_legacy_fifteen_digit_number_is_read_in_the_1900s():
    parsed = parse_id_number("152701800101123")
    assert (parsed.kind, parsed.birth_date, parsed.sex) == ("legacy", date(1980, 1, 1), "1")


def test_legacy_number_upgrades_to_a_valid_eighteen_digit_one():
    upgraded = upgrade_legacy("152701800101124")
    assert upgraded.startswith("15270119800101124") and is_valid_id_number(upgraded)
    assert parse_id_number(upgraded).sex == "2"


def test_disability_card_number_carries_category_and_grade():
    parsed = parse_id_number(STANDARD_EXAMPLE + "42")
    assert (parsed.kind, parsed.disability_category, parsed.disability_grade) == ("disability", "4", "2")


@pytest.mark.parametrize("suffix", ["82", "45", "01", "4X"])
def test_disability_card_with_impossible_category_or_grade_is_refused(suffix):
    with pytest.raises(Problem) as caught:
        parse_id_number(STANDARD_EXAMPLE + suffix)
    assert caught.value.code == "id_number_disability_suffix"


def test_twenty_two_character_disability_number_is_accepted():
    assert parse_id_number(STANDARD_EXAMPLE + "4201").kind == "disability"


@pytest.mark.parametrize("value, code", [("1234", "id_number_length"),
                                         ("15060219800101123A", "id_number_characters"),
                                         ("15060A800101123", "id_number_characters")])
def test_malformed_numbers_say_why(value, code):
    with pytest.raises(Problem) as caught:
        parse_id_number(value)
    assert caught.value.code == code


def test_make_id_number_encodes_sex_in_the_seventeenth_digit():
    male = make_id_number("150626", date(1975, 5, 6), 10, "1")
    female = make_id_number("150626", date(1975, 5, 6), 10, "2")
    assert int(male[16]) % 2 == 1 and int(female[16]) % 2 == 0
    assert parse_id_number(male).birth_date == date(1975, 5, 6)


def test_mask_keeps_the_first_and_last_four_characters():
    assert mask_id_number("15060219800101123X") == "1506**********123X"
    assert mask_id_number("152701800101123") == "1527*******1123"
    assert mask_id_number(None) is None and mask_id_number("1234567") == "*******"
