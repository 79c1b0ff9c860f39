"""Registered poor households (建档立卡户), their members, and the events and status changes they go through.

Codes are stored as the national codes of households.codes. A member's ID number is stored once,
on the member row. Changes to the roster (birth, death, marriage in or out…) are MemberEvent rows and
a member who leaves keeps their row with is_current false: history is never overwritten.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    and_,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fieldcollect.extensions import db
from fieldcollect.households.codes import HEAD


class Household(db.Model):
    __tablename__ = "households"
    __table_args__ = (
        CheckConstraint("other_cause_1 IS NULL OR other_cause_1 <> main_cause",
                        name="other_cause_1_not_main"),
        CheckConstraint("other_cause_2 IS NULL OR other_cause_2 <> main_cause",
                        name="other_cause_2_not_main"),
        CheckConstraint("other_cause_2 IS NULL OR other_cause_2 <> other_cause_1",
                        name="other_causes_differ"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_code: Mapped[str] = mapped_column(String(32), unique=True)  # 户编号
    village_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    registered_year: Mapped[int] = mapped_column(Integer)  # 新识别年度
    attribute: Mapped[str] = mapped_column(String(2))  # 贫困户属性
    main_cause: Mapped[str] = mapped_column(String(2))  # 主要致贫原因
    other_cause_1: Mapped[str | None] = mapped_column(String(2))  # 其他致贫原因 (at most two)
    other_cause_2: Mapped[str | None] = mapped_column(String(2))
    identification_standard: Mapped[str] = mapped_column(String(2), default="01")  # 识别标准
    status: Mapped[str] = mapped_column(String(1), default="0", index=True)  # 脱贫状态
    planned_exit_year: Mapped[int | None] = mapped_column(Integer)  # 计划脱贫年度
    exit_year: Mapped[int | None] = mapped_column(Integer)  # 脱贫年度
    return_year: Mapped[int | None] = mapped_column(Integer)  # 返贫年度
    support_track: Mapped[str | None] = mapped_column(String(8))  # 五个一批
    phone: Mapped[str | None] = mapped_column(String(20))  # 联系电话
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                 onupdate=func.now())

    members: Mapped[list[Member]] = relationship(back_populates="household", order_by="Member.id")
    head: Mapped[Member | None] = relationship(
        primaryjoin=lambda: and_(Member.household_id == Household.id, Member.relation == HEAD,
                                 Member.is_current.is_(True)),
        viewonly=True, uselist=False)
    status_changes: Mapped[list[StatusChange]] = relationship(back_populates="household",
                                                              order_by="StatusChange.changed_on")

    @property
    def other_causes(self) -> list[str]:
        return [cause for cause in (self.other_cause_1, self.other_cause_2) if cause]

    @property
    def current_members(self) -> list[Member]:
        return [member for member in self.members if member.is_current]

    def __repr__(self) -> str:
        return f"<Household {self.household_code}>"


class Member(db.Model):
    __tablename__ = "members"
    __table_args__ = (
        # At most one current 户主 per household; the service checks "exactly one" across the roster.
        Index("uq_members_current_head", "household_id", unique=True,
              sqlite_where=text("relation = '01' AND is_current"),
              postgresql_where=text("relation = '01' AND is_current")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    id_number: Mapped[str | None] = mapped_column(String(22), unique=True)  # personal data: mask on output
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    relation: Mapped[str] = mapped_column(String(2))  # 与户主关系
    ethnicity: Mapped[str] = mapped_column(String(2), default="01")
    political_status: Mapped[str | None] = mapped_column(String(2))
    education: Mapped[str | None] = mapped_column(String(2))  # 文化程度, for non-students
    school_status: Mapped[str | None] = mapped_column(String(2))  # 在校生状况
    health: Mapped[str] = mapped_column(String(16), default="1")  # 健康状况: space-separated codes
    disability_category: Mapped[str | None] = mapped_column(String(1))
    disability_grade: Mapped[str | None] = mapped_column(String(1))
    labour_ability: Mapped[str | None] = mapped_column(String(2))  # 劳动技能
    work_area: Mapped[str | None] = mapped_column(String(2))  # 务工区域
    work_months: Mapped[int | None] = mapped_column(Integer)  # 务工时间（月）
    speaks_mandarin: Mapped[bool | None] = mapped_column(Boolean)
    minimum_living_allowance: Mapped[bool | None] = mapped_column(Boolean)  # 享受农村低保
    extreme_poverty_support: Mapped[bool | None] = mapped_column(Boolean)  # 特困供养人员
    rural_medical_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 城乡居民基本医疗保险
    employee_medical_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 城镇职工基本医疗保险
    serious_illness_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 大病保险
    commercial_medical_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 商业补充医疗保险
    rural_pension_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 城乡居民基本养老保险
    employee_pension_insurance: Mapped[bool | None] = mapped_column(Boolean)  # 城镇职工基本养老保险
    phone: Mapped[str | None] = mapped_column(String(20))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)

    household: Mapped[Household] = relationship(back_populates="members")
    events: Mapped[list[MemberEvent]] = relationship(back_populates="member", order_by="MemberEvent.id")

    @property
    def health_codes(self) -> list[str]:
        return self.health.split() if self.health else []

    def __repr__(self) -> str:
        return f"<Member {self.id} of household {self.household_id}>"


class MemberEvent(db.Model):
    """One change to a household's roster (成员变更): a birth, a death, a marriage in or out…"""

    __tablename__ = "member_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # a households.codes.MEMBER_EVENTS code
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(255), default="")
    source: Mapped[str] = mapped_column(String(64), default="")  # e.g. "import", "submission:<instanceID>"
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    member: Mapped[Member] = relationship(back_populates="events")


class StatusChange(db.Model):
    """One change of a household's 脱贫状态, with the date it took effect."""

    __tablename__ = "household_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    status: Mapped[str] = mapped_column(String(1))
    year: Mapped[int] = mapped_column(Integer)
    changed_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(255), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    household: Mapped[Household] = relationship(back_populates="status_changes")
