"""An Issue: one thing validation found, hard (rejects the submission) or soft (a finding).

Issues are stored on the submission version as JSON ({"code", "params", "field", "row",
"message"}), with nested problems kept as {"code", "params"} so any edge can render them again
in its reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldcollect.problems import Problem


@dataclass(frozen=True)
class Issue:
    problem: Problem
    field: str | None = None  # the field name the issue is about, when there is one
    row: int | None = None  # 1-based row of the repeat the field is in
    hard: bool = True  # True: the submission is rejected; False: a finding for a supervisor

    def to_dict(self) -> dict:
        """Return the JSON form stored on the version."""
        return {"code": self.problem.code, "params": _dump_params(self.problem.params), "field": self.field,
                "row": self.row, "message": self.problem.render()}


def problem_of(stored: dict) -> Problem:
    """Rebuild the Problem of a stored issue (or of a nested {"code", "params"} value)."""
    return Problem(stored["code"], **{name: _load_param(value) for name, value in stored["params"].items()})


def _dump_params(params: dict) -> dict:
    return {name: _dump_param(value) for name, value in params.items()}


def _dump_param(value: Any) -> Any:
    if isinstance(value, Problem):
        return {"code": value.code, "params": _dump_params(value.params)}
    if isinstance(value, (list, tuple)):
        return [_dump_param(item) for item in value]
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _load_param(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"code", "params"}:
        return problem_of(value)
    if isinstance(value, list):
        return [_load_param(item) for item in value]
    return value
