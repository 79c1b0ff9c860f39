"""Timeline entries: one row per currently accepted submission of a category form for a household.

This table is the contract between the receiver (which writes it, issue 6) and the rounds
(which count it, issue 7). A row exists exactly while its submission is accepted: a rejected
submission (by validation or by a supervisor) has none, so a household's round is complete when
each required category has a row for that period. The review state itself lives on the
submission (one place), and rows are rebuilt deterministically from stored submissions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fieldcollect.extensions import db


class TimelineEntry(db.Model):
    __tablename__ = "timeline_entries"
    __table_args__ = (
        Index("ix_timeline_entries_household_category_period", "household_id", "category", "period"),
        Index("ix_timeline_entries_period_category", "period", "category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    category: Mapped[str] = mapped_column(String(32))  # forms.categories code: basic, income, …
    period: Mapped[str] = mapped_column(String(6))  # round name, e.g. 2018Q1
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_versions.id"))  # the current version
    instance_id: Mapped[str] = mapped_column(String(255))  # of the current version
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadres.id"), index=True)
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visit_date: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # of the first version
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    after_lock: Mapped[bool] = mapped_column(Boolean, default=False)  # arrived after its round locked
    admitted: Mapped[bool] = mapped_column(Boolean, default=False)  # a supervisor admitted it into the round
    answers: Mapped[dict] = mapped_column(JSON)  # flattened-by-group answers, see timelines.changes
    changes: Mapped[list] = mapped_column(JSON, default=list)  # [{"field", "old", "new", "row"}]
    findings: Mapped[list] = mapped_column(JSON, default=list)  # [{"code", "field", "message"}] soft findings
    # While in conflict: the fields the period's entries disagree on, "field" or "field[row key]".
    conflicting_fields: Mapped[list] = mapped_column(JSON, default=list)


class ConflictResolution(db.Model):
    """A supervisor's decision on a conflicting period: which answers stand, who decided, when.

    It settles the conflict between exactly the submissions listed in instance_ids; if another
    submission for that period arrives (or one of them is rejected), the period is in conflict again
    until someone decides anew. Rows are never updated: the latest matching one applies.
    """

    __tablename__ = "conflict_resolutions"
    __table_args__ = (
        Index("ix_conflict_resolutions_household_category", "household_id", "category", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    category: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(6))
    instance_ids: Mapped[list] = mapped_column(JSON)  # sorted instanceIDs of the entries in conflict
    chosen_instance_id: Mapped[str | None] = mapped_column(String(255))  # None: merged field by field
    picks: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> instanceID it was taken from
    answers: Mapped[dict] = mapped_column(JSON)  # the answers that stand for the period
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
