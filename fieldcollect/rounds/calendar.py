"""The quarter calendar: arithmetic on dates, no database.

A round is named by the quarter it reports on ("2018Q1"). Its collection must be finished by
day `deadline_day` of the first month of the next quarter (每季度首月10日前: 2018Q1 → 2018-04-10).
The round open on a date is the quarter containing it, except during the first `deadline_day`
days of a quarter, when the previous quarter's round is still being collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROUND_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Round:
    year: int
    quarter: int

    @classmethod
    def parse(cls, name: str) -> Round:
        """Return the round named like "2018Q1"; raise ValueError for anything else."""
        match = ROUND_PATTERN.match(name or "")
        if not match:
            raise ValueError(f"not a round name (expected e.g. 2018Q1): {name!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Round:
        """Return the round for the quarter that day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Round:
        return Round(self.year + 1, 1) if self.quarter == 4 else Round(self.year, self.quarter + 1)

    def previous(self) -> Round:
        return Round(self.year - 1, 4) if self.quarter == 1 else Round(self.year, self.quarter - 1)

    def deadline(self, deadline_day: int = 10) -> date:
        """Return the last day of collection: day deadline_day of the next quarter's first month."""
        return self.next().first_day.replace(day=deadline_day)

    def deadline_end(self, deadline_day: int = 10, timezone: str = "Asia/Shanghai") -> datetime:
        """Return the first instant after the deadline day ends, in the given time zone."""
        after = self.deadline(deadline_day) + timedelta(days=1)
        return datetime.combine(after, time.min, tzinfo=ZoneInfo(timezone))

    def lock_date(self, deadline_day: int = 10, lock_days: int = 30) -> date:
        """Return the first day on which the round is locked."""
        return self.deadline(deadline_day) + timedelta(days=lock_days + 1)

    def lock_start(self, deadline_day: int = 10, lock_days: int = 30,
                   timezone: str = "Asia/Shanghai") -> datetime:
        """Return the instant the round locks: the start of its lock date, in the given time zone."""
        return datetime.combine(self.lock_date(deadline_day, lock_days), time.min, tzinfo=ZoneInfo(timezone))


def local_today(timezone: str) -> date:
    """Return today's date in the programme's time zone: the one clock read every edge shares."""
    # Rounds, deadlines and pairings go by the day in Ordos (Asia/Shanghai), not by the server's UTC.
    return datetime.now(ZoneInfo(timezone)).date()


def open_round(day: date, deadline_day: int = 10) -> Round:
    """Return the round being collected on day."""
    current = Round.containing(day)
    in_grace = day.month == current.first_day.month and day.day <= deadline_day
    return current.previous() if in_grace else current


def is_on_time(received_at: datetime, round_: Round, deadline_day: int = 10,
               timezone: str = "Asia/Shanghai") -> bool:
    """Tell whether an aware timestamp falls on or before the round's deadline day, local time."""
    return received_at < round_.deadline_end(deadline_day, timezone)


def is_after_lock(received_at: datetime, round_: Round, deadline_day: int = 10, lock_days: int = 30,
                  timezone: str = "Asia/Shanghai") -> bool:
    """Tell whether an aware timestamp falls on or after the day the round locks, local time."""
    return received_at >= round_.lock_start(deadline_day, lock_days, timezone)


def rounds_of_year(year: int) -> list[Round]:
    """Return the four rounds of a year, in order."""
    return [Round(year, quarter) for quarter in range(1, 5)]


def rounds_between(first: Round, last: Round) -> list[Round]:
    """Return every round from first to last inclusive, in order."""
    rounds, current = [], first
    while current <= last:
        rounds.append(current)
        current = current.next()
    return rounds
