"""What an import tells its user: counts, or the list of (row, column, reason) that stopped it."""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldcollect.problems import Problem


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet row number; 1 is the header
    column: str  # the header as written in the file (or the expected one when missing)
    problem: Problem

    def render(self, translate=lambda text: text) -> str:
        """Return the reason, in Chinese unless translate says otherwise."""
        return self.problem.render(translate)


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: dict[str, int] = field(default_factory=dict)  # e.g. members_created, villages_created
    errors: list[RowError] = field(default_factory=list)
    # (household id, rounds event kind) for each registration, exit, return or re-pairing written;
    # run_import passes them on to the rounds so an open round's expected work follows the import.
    household_events: list[tuple[int, str]] = field(default_factory=list)

    @property
    def written(self) -> bool:
        """Tell whether the import changed the database."""
        return not self.dry_run and not self.errors and bool(self.created or self.updated)

    def as_dict(self, translate=lambda text: text) -> dict:
        """Return the report as plain JSON-ready values, reasons rendered by translate."""
        return {"kind": self.kind, "dry_run": self.dry_run, "rows": self.rows, "created": self.created,
                "updated": self.updated, "unchanged": self.unchanged, "details": dict(self.details),
                "written": self.written,
                "errors": [{"row": e.row, "column": e.column, "code": e.problem.code,
                            "reason": e.render(translate)} for e in self.errors]}
