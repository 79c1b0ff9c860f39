"""Category sets as integer bit masks, so that one progress row per household can say which are done.

The bits are fixed here, not derived from the order of forms.categories, because masks are stored:
reordering that table must never change what a stored mask means.
"""

from __future__ import annotations

from collections.abc import Iterable

BITS: dict[str, int] = {
    "basic": 1, "income": 2, "assistance": 4, "industry": 8, "medical": 16, "housing": 32, "training": 64,
    "other": 128, "identification": 256, "exit": 512,
}


def mask_of(categories: Iterable[str]) -> int:
    """Return the mask holding each of the categories."""
    mask = 0
    for category in categories:
        mask |= BITS[category]
    return mask


def categories_in(mask: int, order: Iterable[str] | None = None) -> list[str]:
    """Return the categories whose bit is set in mask, in the given order (default: the bits' order)."""
    return [category for category in (order or BITS) if mask & BITS[category]]
