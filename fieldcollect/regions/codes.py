"""Pure arithmetic on 12-digit NBS statistical codes (统计用区划代码).

A code's level shows in its digits: city 1506|00000000, banner 150602|000000,
township 150602100|000, village 150602100201. Everything under a region therefore has a code
in one contiguous range, so "the subtree of X" is one indexed BETWEEN on any table that
stores a region code, at any level, on either database engine.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    CITY = "city"
    BANNER = "banner"
    TOWNSHIP = "township"
    VILLAGE = "village"


# How many leading digits identify a region at each level.
SIGNIFICANT_DIGITS = {Level.CITY: 4, Level.BANNER: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}
CODE_LENGTH = 12


def is_valid_code(code: str) -> bool:
    """Tell whether code is a 12-digit region code."""
    return isinstance(code, str) and len(code) == CODE_LENGTH and code.isdigit()


def level_of(code: str) -> Level:
    """Return the level a 12-digit code sits at, read from its trailing zeros."""
    if not is_valid_code(code):
        raise ValueError(f"not a 12-digit region code: {code!r}")
    for level in (Level.CITY, Level.BANNER, Level.TOWNSHIP):
        if code[SIGNIFICANT_DIGITS[level]:].strip("0") == "":
            return level
    return Level.VILLAGE


def subtree_bounds(code: str) -> tuple[str, str]:
    """Return the lowest and highest code under (and including) the region code."""
    prefix = code[:SIGNIFICANT_DIGITS[level_of(code)]]
    padding = CODE_LENGTH - len(prefix)
    return prefix + "0" * padding, prefix + "9" * padding


def is_within(code: str, ancestor: str) -> bool:
    """Tell whether code lies in the subtree of ancestor (a region is within itself)."""
    low, high = subtree_bounds(ancestor)
    return low <= code <= high
