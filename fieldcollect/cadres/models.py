"""Paired cadres, their pairings with households, and village work teams with their members.

A Pairing runs from start_date to end_date (inclusive; None means it still holds). A household may
have several cadres over time and at most one primary cadre on any date; cadres.service enforces
that rule, because it spans rows and dates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, ColumnElement, Date, ForeignKey, Index, String, UniqueConstraint, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldcollect.extensions import db


class Cadre(db.Model):
    __tablename__ = "cadres"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    work_unit: Mapped[str] = mapped_column(String(128), default="")  # 帮扶单位
    position: Mapped[str] = mapped_column(String(64), default="")  # 职务
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # identifies a cadre in imports
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)  # home region

    pairings: Mapped[list[Pairing]] = relationship(back_populates="cadre", order_by="Pairing.start_date")

    def __repr__(self) -> str:
        return f"<Cadre {self.id} {self.name}>"


class Pairing(db.Model):
    __tablename__ = "pairings"
    __table_args__ = (
        UniqueConstraint("cadre_id", "household_id", "start_date"),
        Index("ix_pairings_household_dates", "household_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadres.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=True)

    cadre: Mapped[Cadre] = relationship(back_populates="pairings")
    household = relationship("Household")

    @classmethod
    def in_force(cls, day: date) -> ColumnElement[bool]:
        """Return the WHERE clause that keeps the pairings holding on day."""
        return (cls.start_date <= day) & or_(cls.end_date.is_(None), cls.end_date >= day)

    def holds_on(self, day: date) -> bool:
        """Tell whether the pairing is in force on day."""
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def __repr__(self) -> str:
        return f"<Pairing cadre {self.cadre_id} household {self.household_id} from {self.start_date}>"


class WorkTeam(db.Model):
    """A village work team (驻村工作队), sent to one village."""

    __tablename__ = "work_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    work_unit: Mapped[str] = mapped_column(String(128), default="")  # the sending unit (派出单位)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    members: Mapped[list[WorkTeamMember]] = relationship(back_populates="team", order_by="WorkTeamMember.id")


class WorkTeamMember(db.Model):
    __tablename__ = "work_team_members"
    __table_args__ = (UniqueConstraint("team_id", "cadre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("work_teams.id"), index=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadres.id"), index=True)
    duty: Mapped[str] = mapped_column(String(32), default="队员")  # 第一书记 / 队长 / 队员

    team: Mapped[WorkTeam] = relationship(back_populates="members")
    cadre: Mapped[Cadre] = relationship()
