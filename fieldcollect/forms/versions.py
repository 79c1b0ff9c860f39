"""Form versions: which of two version strings is higher.

The house rule (forms/xlsform/README.md) is yyyymmddNN, e.g. 2026120301, raised on every change.
Uploaded forms may use other schemes ("1.2", "v3"), so versions compare piecewise: runs of
digits as numbers, other runs as text ("1.10" > "1.9", "2026120302" > "2026120301").
"""

from __future__ import annotations

import re

_PIECES = re.compile(r"\d+|\D+")


def version_key(version: str) -> tuple:
    """Return a sort key that orders version strings piecewise (numbers as numbers)."""
    return tuple((0, int(piece), "") if piece.isdigit() else (1, 0, piece)
                 for piece in _PIECES.findall(version.strip()))


def is_higher_version(new: str, current: str) -> bool:
    """Tell whether version new comes after version current."""
    return version_key(new) > version_key(current)
