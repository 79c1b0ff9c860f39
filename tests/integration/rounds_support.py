"""Test support for the rounds: timeline entries written directly, as the receiver writes them, and a
small world whose expected 2018Q1 figures are known at every level.

Entries are inserted through the ORM with their Form, FormVersion, Submission and SubmissionVersion
parents; a rejected submission is stored with no entry, exactly as the timeline contract says.
Times are given in Asia/Shanghai, as people say them, and stored in UTC.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fieldcollect.extensions import db
from fieldcollect.forms.categories import BY_CODE
from fieldcollect.forms.models import Form, FormVersion
from fieldcollect.households.models import StatusChange
from fieldcollect.submissions.models import ProcessingState, Submission, SubmissionVersion
from fieldcollect.timelines.models import TimelineEntry
from tests.factories import CadreFactory, HouseholdFactory, PairingFactory, UserFactory, VillageFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
REQUIRED = ("basic", "income", "assistance", "industry", "medical", "housing", "training")
_serial = itertools.count(1)


def at(text: str) -> datetime:
    """Return the UTC instant of a Shanghai wall-clock time like '2018-04-10 23:59'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI).astimezone(UTC)


def form_version(category: str) -> FormVersion:
    """Return the one test version of the category's form, creating it the first time."""
    form_id = BY_CODE[category].form_id
    form = db.session.query(Form).filter_by(form_id=form_id).one_or_none()
    if form is None:
        form = Form(form_id=form_id, title=BY_CODE[category].name_zh, category=category)
        form.versions.append(FormVersion(version="1", title=form.title, xml=b"<h/>", md5="0" * 32,
                                         field_schema=[]))
        db.session.add(form)
        db.session.flush()
    return form.versions[0]


def _store(category: str, received_at: datetime, instance_id: str | None) -> SubmissionVersion:
    version = form_version(category)
    instance_id = instance_id or f"uuid:test-{next(_serial):08d}"
    submission = Submission(form_pk=version.form_pk, instance_id=instance_id, created_at=received_at)
    stored = SubmissionVersion(submission=submission, form_pk=version.form_pk, form_version_pk=version.id,
                               instance_id=instance_id, xml_content=b"<data/>",
                               xml_md5=hashlib.md5(b"<data/>").hexdigest(), xml_size=7,
                               received_at=received_at, processing_state=ProcessingState.PROCESSED)
    db.session.add(stored)
    db.session.flush()
    return stored


def add_entry(household, category: str, period: str, received_at: datetime, *, conflict: bool = False,
              after_lock: bool = False, cadre=None, instance_id: str | None = None) -> TimelineEntry:
    """Store an accepted submission and its timeline entry; return the entry."""
    stored = _store(category, received_at, instance_id)
    entry = TimelineEntry(household_id=household.id, category=category, period=period,
                          submission_id=stored.submission_pk, version_id=stored.id,
                          instance_id=stored.instance_id, form_version_id=stored.form_version_pk,
                          cadre_id=cadre.id if cadre else None,
                          received_at=received_at, conflict=conflict, after_lock=after_lock, admitted=False,
                          answers={}, changes=[], findings=[])
    db.session.add(entry)
    db.session.flush()
    return entry


def add_entries(household, period: str, received_at: datetime, categories=REQUIRED, **options) -> list:
    """Add one entry per category, all received at the same instant."""
    return [add_entry(household, category, period, received_at, **options) for category in categories]


def reject(category: str, received_at: datetime) -> SubmissionVersion:
    """Store a submission that was rejected: it is kept, but has no timeline entry."""
    stored = _store(category, received_at, None)
    stored.submission.review_state = "rejected"
    db.session.flush()
    return stored


def status_change(household, status: str, year: int, changed_on: date) -> None:
    """Record a dated 脱贫状态 change and move the household to it."""
    db.session.add(StatusChange(household_id=household.id, status=status, year=year, changed_on=changed_on))
    household.status = status
    if status in ("1", "2"):
        household.exit_year = year
    db.session.flush()


class RoundsWorld:
    """Eleven households expected in 2018Q1 over four villages, two banners, three cadres.

    乌审旗 150626 › 乌审召镇 150626101 › VA 150626101201, VB 150626101202;
    乌审旗 › 150626200 › VC 150626200201; 东胜区 150602 › 150602100 › VD 150602100201.
    The expected 2018Q1 figures are in EXPECTED below.
    """

    def __init__(self):
        villages = {"VA": "150626101201", "VB": "150626101202", "VC": "150626200201", "VD": "150602100201"}
        self.villages = {key: VillageFactory(code=code, name=f"{key}嘎查") for key, code in villages.items()}
        wushen, dongsheng = "150626000000", "150602000000"
        self.cadres = {"c1": CadreFactory(name="干部甲", work_unit="乌审旗农牧局", region_code=wushen),
                       "c2": CadreFactory(name="干部乙", work_unit="乌审旗农牧局", region_code=wushen),
                       "c3": CadreFactory(name="干部丙", work_unit="东胜区教育局", region_code=dongsheng)}
        self.households = {}
        for key, village, cadre in (("a1", "VA", None), ("a2", "VA", "c1"), ("a3", "VA", "c1"),
                                    ("a4", "VA", "c2"),
                                    ("b1", "VB", "c2"), ("b2", "VB", "c2"), ("b3", "VB", "c2"),
                                    ("c_1", "VC", "c1"), ("c_2", "VC", "c1"), ("c_3", "VC", "c1"),
                                    ("d1", "VD", "c3"), ("d2", "VD", None), ("d3", "VD", "c3")):
            household = HouseholdFactory(household_code=f"H-{key}", village_code=villages[village])
            self.households[key] = household
            if cadre:
                PairingFactory(cadre=self.cadres[cadre], household=household, start_date=date(2017, 1, 1))
        self._special_cases()
        self._field_work()
        self.users = {"admin": UserFactory(role="admin", region_code="150600000000"),
                      "city": UserFactory(role="city_supervisor", region_code="150600000000"),
                      "banner": UserFactory(role="banner_supervisor", region_code="150626000000"),
                      "township": UserFactory(role="township_supervisor", region_code="150626101000"),
                      "village": UserFactory(role="village_team", region_code=villages["VA"]),
                      "cadre": UserFactory(role="cadre", region_code="150626000000", cadre=self.cadres["c1"])}

    def _special_cases(self):
        h, c = self.households, self.cadres
        # a1 was re-paired before the deadline: c2 until 2018-03-01, then c1; the deadline's cadre counts.
        PairingFactory(cadre=c["c2"], household=h["a1"], start_date=date(2017, 1, 1),
                       end_date=date(2018, 3, 1))
        PairingFactory(cadre=c["c1"], household=h["a1"], start_date=date(2018, 3, 2))
        PairingFactory(cadre=c["c3"], household=h["a4"], start_date=date(2017, 1, 1), is_primary=False)
        status_change(h["c_2"], "0", 2015, date(2015, 10, 1))
        status_change(h["c_2"], "1", 2017, date(2017, 12, 1))  # exited before the round: not expected
        status_change(h["c_3"], "0", 2018, date(2018, 5, 3))  # registered after the quarter: not expected

    def _field_work(self):
        h, q = self.households, "2018Q1"
        add_entries(h["a1"], q, at("2018-03-20 10:00"))
        add_entries(h["a2"], q, at("2018-04-01 10:00"), REQUIRED[:-1])
        add_entry(h["a2"], "training", q, at("2018-04-11 00:30"))  # half an hour after the deadline day
        add_entries(h["a3"], q, at("2018-03-25 09:00"), REQUIRED[:3])
        add_entries(h["a4"], q, at("2018-04-02 09:00"), REQUIRED[1:])
        add_entry(h["a4"], "basic", q, at("2018-04-02 09:00"), conflict=True)
        add_entry(h["a4"], "basic", q, at("2018-04-03 09:00"), conflict=True)  # two entries, one expectation
        add_entries(h["b1"], q, at("2018-04-10 23:59"))  # the last minute of the deadline day
        add_entries(h["b2"], q, at("2018-04-05 12:00"), REQUIRED[:-1])
        reject("training", at("2018-04-05 12:00"))  # b2's training submission was rejected: no entry
        add_entries(h["c_1"], q, at("2018-04-08 12:00"), REQUIRED[:-1])
        self.held = add_entry(h["c_1"], "training", q, at("2018-05-11 09:00"))  # after the lock (05-11 00:00)
        add_entries(h["c_2"], q, at("2018-04-01 12:00"))  # exited household: counted nowhere
        add_entries(h["d1"], q, at("2018-04-09 12:00"))
        add_entries(h["d3"], q, at("2018-03-01 12:00"))
        add_entry(h["d3"], "other", q, at("2018-03-01 12:00"))  # optional category
        add_entries(h["d2"], "2017Q4", at("2018-01-05 12:00"))  # another period: not this round's


# figures: (expected, complete, on_time, late, missing, conflict)
EXPECTED = {
    "150600000000": (11, 6, 5, 1, 5, 1),
    "150626000000": (8, 4, 3, 1, 4, 1), "150602000000": (3, 2, 2, 0, 1, 0),
    "150626101000": (7, 4, 3, 1, 3, 1), "150626200000": (1, 0, 0, 0, 1, 0),
    "150602100000": (3, 2, 2, 0, 1, 0),
    "150626101201": (4, 3, 2, 1, 1, 1), "150626101202": (3, 1, 1, 0, 2, 0),
    "150626200201": (1, 0, 0, 0, 1, 0),
    "150602100201": (3, 2, 2, 0, 1, 0),
}
# households received per category at the city level (complete 6 + a3's first three + b2's and c_1's six)
EXPECTED_BY_CATEGORY = {"basic": 9, "income": 9, "assistance": 9, "industry": 8, "medical": 8, "housing": 8,
                        "training": 6}


def build_rounds_world() -> RoundsWorld:
    """Create the world and commit it, so that HTTP requests in the test see it."""
    world = RoundsWorld()
    db.session.commit()
    return world
