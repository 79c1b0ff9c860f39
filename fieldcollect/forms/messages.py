"""Make pyxform's and ODK Validate's messages fit for a page: one line per point, no Java noise.

ODK Validate prints a JVM's view of a failure: a banner, the message, then "Caused by:" lines that
repeat it as Java exception names, and "... 10 more" stack stubs. A person fixing a workbook needs
only the lines that name a field, a row or an expression.
"""

from __future__ import annotations

import re

# Lines that say nothing the surrounding lines do not: Validate's banners and Java stack output.
_NOISE = re.compile("|".join((r"^ODK Validate Errors:", r"^>> Something broke the parser\.", r"^Caused by: ",
                                r"^at ", r"^\.\.\. \d+ more")))


def readable_lines(detail: str) -> list[str]:
    """Split a build or validation message into the distinct lines worth showing, in order."""
    lines: list[str] = []
    for raw in str(detail).splitlines():
        line = raw.strip()
        if line and not _NOISE.match(line) and line not in lines:
            lines.append(line)
    return lines or [str(detail).strip()]
