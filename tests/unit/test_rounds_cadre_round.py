"""The marks on a cadre's 本季度 page and the order of a village's cadres: pure rules, plain data."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fieldcollect.rounds.cadre_round import Mark, category_marks, days_left
from fieldcollect.rounds.rollups import CadreProgress, Figures
from fieldcollect.rounds.village_round import cadre_order
from fieldcollect.submissions.corrections import OpenCorrection

CATEGORIES = ("basic", "income", "other")
REQUIRED = ("basic", "income")


def asked(category: str, state: str, comment: str, hour: int = 9) -> OpenCorrection:
    return OpenCorrection(1, category, "2018Q2", state, comment, datetime(2018, 6, 3, hour, tzinfo=UTC))


def marks(received=(), corrections=()) -> dict[str, tuple[str, str | None]]:
    return {m.category: (m.mark, m.comment) for m in category_marks(CATEGORIES, REQUIRED, received, corrections)}


def test_nothing_received_leaves_required_categories_missing_and_the_others_optional():
    assert marks() == {"basic": (Mark.MISSING, None), "income": (Mark.MISSING, None),
                       "other": (Mark.OPTIONAL, None)}


def test_received_categories_are_done_whether_required_or_not():
    assert marks(received={"basic", "other"}) == {"basic": (Mark.DONE, None), "income": (Mark.MISSING, None),
                                                  "other": (Mark.DONE, None)}


def test_an_open_correction_outranks_a_received_entry_and_carries_its_comment():
    found = marks(received={"basic", "income"},
                  corrections=[asked("income", "has_issues", "请核对"), asked("basic", "rejected", "重采")])
    assert found["income"] == (Mark.HAS_ISSUES, "请核对")
    assert found["basic"] == (Mark.REJECTED, "重采")


def test_the_newest_request_for_a_category_wins():
    found = marks(corrections=[asked("income", "has_issues", "旧", 9), asked("income", "rejected", "新", 10)])
    assert found["income"] == (Mark.REJECTED, "新")


def test_only_has_issues_and_rejected_ask_for_work():
    assert {m for m in Mark if m.asks_for_work} == {Mark.HAS_ISSUES, Mark.REJECTED}


def test_days_left_is_zero_on_the_deadline_day_and_negative_after_it():
    deadline = date(2018, 7, 10)
    assert [days_left(deadline, date(2018, 7, d)) for d in (9, 10, 11)] == [1, 0, -1]
    assert days_left(date(2019, 1, 10), date(2018, 12, 31)) == 10  # across the year's end


class _Cadre:
    def __init__(self, name):
        self.name = name


def progress(name: str | None, expected: int, complete: int) -> CadreProgress:
    return CadreProgress(_Cadre(name) if name else None, Figures(expected, complete, complete), [])


def test_cadres_with_the_most_missing_come_first_then_the_finished_by_name():
    rows = [progress("甲", 3, 3), progress("乙", 4, 3), progress(None, 2, 0), progress("丙", 5, 1),
            progress("丁", 2, 2)]
    ordered = [(row.cadre.name if row.cadre else None) for row in sorted(rows, key=cadre_order)]
    assert ordered == ["丙", None, "乙", "丁", "甲"]
