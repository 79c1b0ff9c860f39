"""Rounds, their expected work, the progress derived from it, and the events that change either.

A RoundRecord is written when a round opens and keeps the rules it opened under (deadline, lock
date, required categories), so a later change of config.toml never moves a past round's figures.
RoundExpectation is the ledger of expected work — one row per household, naming the categories
it must submit and the cadre responsible — and changes only through a RoundEvent (opening,
registration, exit, re-pairing). One row per household rather than per category keeps opening a
100,000-household round to seconds, since each row is checked against four foreign keys.
RoundProgress is derived: one row per expected household, recomputed from the expectations and the
timeline entries whenever either changes (rounds.progress), so that roll-ups are one GROUP BY over
an indexed table of about one row per household.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from fieldcollect.extensions import db
from fieldcollect.rounds.categories import categories_in


class RoundRecord(db.Model):
    """A round that has opened, with the rules it opened under."""

    __tablename__ = "rounds"

    name: Mapped[str] = mapped_column(String(6), primary_key=True)  # 2018Q1
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)  # the last day of collection
    deadline_end: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # first instant that is late
    lock_date: Mapped[date] = mapped_column(Date)  # the first day the round is locked
    lock_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # first instant that is after lock
    required_categories: Mapped[list] = mapped_column(JSON)
    count_post_exit_monitoring: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<RoundRecord {self.name}>"


class RoundEvent(db.Model):
    """A recorded event that opened a round or changed its expected work, or admitted a late entry."""

    __tablename__ = "round_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # rounds.service.EVENT_KINDS
    occurred_on: Mapped[date | None] = mapped_column(Date)  # when it happened in the field
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # what changed: before/after
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RoundExpectation(db.Model):
    """What one household must submit in one round — which categories — and which cadre answers for it."""

    __tablename__ = "round_expectations"
    __table_args__ = (UniqueConstraint("round_name", "household_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    category_mask: Mapped[int] = mapped_column(Integer)  # the expected categories, rounds.categories bits
    category_count: Mapped[int] = mapped_column(Integer)
    # The household's primary cadre on the attribution day (the deadline, or today while it is ahead).
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadres.id"))
    village_code: Mapped[str] = mapped_column(String(12))  # copied: households do not move villages
    event_id: Mapped[int | None] = mapped_column(ForeignKey("round_events.id"))  # the event that set it

    @property
    def categories(self) -> list[str]:
        """The expected categories' codes."""
        return categories_in(self.category_mask)


class RoundProgress(db.Model):
    """Where one expected household stands in a round; derived, never edited by hand."""

    __tablename__ = "round_progress"
    __table_args__ = (
        UniqueConstraint("round_name", "household_id"),
        Index("ix_round_progress_round_village", "round_name", "village_code"),
        Index("ix_round_progress_round_cadre", "round_name", "cadre_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    village_code: Mapped[str] = mapped_column(String(12))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadres.id"))
    expected_mask: Mapped[int] = mapped_column(Integer)  # rounds.categories bits of the expected categories
    expected_count: Mapped[int] = mapped_column(Integer)
    done_mask: Mapped[int] = mapped_column(Integer, default=0)  # … of the categories with a counted entry
    done_count: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when the last arrived
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    on_time: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    held: Mapped[int] = mapped_column(Integer, default=0)  # entries quarantined after lock, not admitted


class RoundAdmission(db.Model):
    """A supervisor's decision to count a submission that arrived after its round locked.

    Kept here rather than only as TimelineEntry.admitted, because timeline rows are rebuilt from
    stored submissions and a decision must survive the rebuild.
    """

    __tablename__ = "round_admissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_name: Mapped[str] = mapped_column(ForeignKey("rounds.name"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), unique=True)
    admitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    admitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    note: Mapped[str] = mapped_column(String(255), default="")
