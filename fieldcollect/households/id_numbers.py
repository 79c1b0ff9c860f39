"""ID numbers (身份证号 / 证件号码): GB 11643 check digit, legacy and disability-card forms, masking.

Accepted forms (../shared/domain/CODES.md §2.2–2.3):
- 18 characters: the resident ID of GB 11643-1999, 17 digits and a check digit (0–9 or X);
- 15 digits: the pre-1999 ID, YYMMDD in the 19xx century and no check digit;
- 20 characters: a 残疾人证号, the 18-character ID followed by the disability category (1–7) and
  grade (1–4) digits;
- 22 characters: the same with two more digits, which the national system also accepts (their
  meaning is unconfirmed, so they are carried but not interpreted).
The region prefix is deliberately not checked: people registered under 伊克昭盟 carry 1527xx codes.
Every function here is pure; ID numbers are personal data, so nothing here logs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul

from fieldcollect.problems import Problem

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum mod 11
MALE, FEMALE = "1", "2"  # GB/T 2261.1 sex codes
MASK_KEEP = 4


@dataclass(frozen=True)
class IdNumber:
    number: str  # normalised: upper-case X, no spaces
    kind: str  # "resident", "legacy", "disability"
    sex: str  # "1" male, "2" female
    birth_date: date
    disability_category: str | None = None
    disability_grade: str | None = None


def normalise_id_number(value: str) -> str:
    """Return value without surrounding or inner spaces and with an upper-case X."""
    return "".join(str(value).split()).upper()


def check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number."""
    if len(first17) != len(WEIGHTS):
        raise ValueError("the check digit is computed from exactly 17 digits")
    return CHECK_CHARACTERS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def parse_id_number(value: str, today: date | None = None) -> IdNumber:
    """Return the parsed ID number, or raise Problem with the reason it is not valid."""
    return _parse(normalise_id_number(value), today or date.today())


@lru_cache(maxsize=4096)  # an import checks each number several times in quick succession
def _parse(number: str, today: date) -> IdNumber:
    if len(number) == 15:
        return _parse_legacy(number, today)
    if len(number) in (18, 20, 22):
        return _parse_resident(number, today)
    raise Problem("id_number_length", length=len(number))


def is_valid_id_number(value: str, today: date | None = None) -> bool:
    """Tell whether value is an acceptable ID number."""
    try:
        parse_id_number(value, today)
    except Problem:
        return False
    return True


def upgrade_legacy(number15: str) -> str:
    """Return the 18-digit form of a 15-digit legacy ID number (century 19, check digit added)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def make_id_number(region6: str, birth_date: date, sequence: int, sex: str) -> str:
    """Return a valid 18-digit ID number; sequence (0–499) picks the order code, sex its parity."""
    order = sequence * 2 + (1 if sex == MALE else 0)
    if not 0 <= order <= 999:
        raise ValueError("sequence must be between 0 and 499")
    first17 = f"{region6}{birth_date:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)


def mask_id_number(value: str | None) -> str | None:
    """Return the number with all but its first and last four characters replaced by *."""
    if not value:
        return value
    if len(value) <= 2 * MASK_KEEP:
        return "*" * len(value)
    return value[:MASK_KEEP] + "*" * (len(value) - 2 * MASK_KEEP) + value[-MASK_KEEP:]


def _parse_resident(number: str, today: date) -> IdNumber:
    first17, check = number[:17], number[17]
    if not first17.isdigit() or not (check.isdigit() or check == "X"):
        raise Problem("id_number_characters")
    if check_digit(first17) != check:
        raise Problem("id_number_check_digit")
    birth = _birth_date(number[6:14], today)
    sex = MALE if int(number[16]) % 2 else FEMALE
    if len(number) == 18:
        return IdNumber(number, "resident", sex, birth)
    return _disability(number, sex, birth)


def _disability(number: str, sex: str, birth: date) -> IdNumber:
    tail = number[18:]
    if not tail.isdigit() or not "1" <= tail[0] <= "7" or not "1" <= tail[1] <= "4":
        raise Problem("id_number_disability_suffix")
    return IdNumber(number, "disability", sex, birth, disability_category=tail[0], disability_grade=tail[1])


def _parse_legacy(number: str, today: date) -> IdNumber:
    if not number.isdigit():
        raise Problem("id_number_characters")
    birth = _birth_date("19" + number[6:12], today)
    sex = MALE if int(number[14]) % 2 else FEMALE
    return IdNumber(number, "legacy", sex, birth)


def _birth_date(digits: str, today: date) -> date:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        born = date(year, month, day)
    except ValueError:
        raise Problem("id_number_birth_date") from None
    if year < 1900 or born > today:
        raise Problem("id_number_birth_date")
    return born
