"""A household's timeline for one category, rebuilt from its submissions as a pure function.

Rebuilding from scratch every time (rather than patching) is what makes a late arrival, an
edit, a rejection or a conflict resolution come out the same whichever order they happened in:
the timeline depends only on the set of entries and resolutions, so replaying every stored
submission reproduces it exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from fieldcollect.rounds.calendar import Round
from fieldcollect.timelines.changes import Answers, Change, diff_answers


@dataclass(frozen=True)
class Entry:
    """The current version of one accepted submission of a category form for a household."""

    instance_id: str
    period: str
    received_at: datetime
    answers: Answers


@dataclass(frozen=True)
class Resolution:
    """A supervisor's decision for a conflicting period: the answers that stand."""

    period: str
    answers: Answers
    chosen_instance_id: str | None = None  # None when merged field by field


@dataclass(frozen=True)
class Item:
    entry: Entry
    changes: list[Change]
    conflict: bool
    conflicting_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class PeriodState:
    period: str
    instance_id: str | None
    answers: Answers
    conflict: bool


@dataclass(frozen=True)
class Timeline:
    items: list[Item] = field(default_factory=list)
    state: PeriodState | None = None


def build_timeline(entries: Iterable[Entry], row_keys: Mapping[str, str] | None = None,
                   resolutions: Mapping[str, Resolution] | None = None) -> Timeline:
    """Order entries by period, diff each against the previous period, flag and settle conflicts."""
    ordered = sorted(entries, key=lambda e: (Round.parse(e.period), e.received_at, e.instance_id))
    items: list[Item] = []
    base: Answers | None = None
    state = None
    for period, group in groupby(ordered, key=lambda e: e.period):
        period_entries = list(group)
        conflicting = _conflicting_fields(period_entries, row_keys)
        resolution = (resolutions or {}).get(period)
        in_conflict = bool(conflicting) and resolution is None
        items += [Item(entry, diff_answers(base, entry.answers, row_keys), in_conflict,
                       conflicting if in_conflict else ()) for entry in period_entries]
        state = _settle(period, period_entries, resolution, in_conflict)
        base = state.answers
    return Timeline(items, state)


def _conflicting_fields(entries: list[Entry], row_keys) -> tuple[str, ...]:
    """Return the fields on which the period's entries disagree (identical resends are no conflict)."""
    first = entries[0].answers
    fields: set[str] = set()
    for other in entries[1:]:
        fields |= {_field_label(change) for change in diff_answers(first, other.answers, row_keys)}
    return tuple(sorted(fields))


def _field_label(change: Change) -> str:
    return change.field if change.row is None else f"{change.field}[{change.row}]"


def _settle(period: str, entries: list[Entry], resolution: Resolution | None, in_conflict: bool) -> PeriodState:
    if resolution is not None:
        return PeriodState(period, resolution.chosen_instance_id, resolution.answers, False)
    latest = entries[-1]  # until a supervisor decides, the latest received stands, flagged
    return PeriodState(period, latest.instance_id, latest.answers, in_conflict)


def merge_fields(entries: Mapping[str, Answers], picks: Mapping[str, str], base_instance_id: str) -> dict[str, Any]:
    """Merge conflicting answers field by field: start from one entry, take each picked top-level field
    from the entry named in picks."""
    merged = dict(entries[base_instance_id])
    for name, instance_id in picks.items():
        source = entries[instance_id]
        if name in source:
            merged[name] = source[name]
        else:
            merged.pop(name, None)
    return merged
