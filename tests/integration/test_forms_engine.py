"""The forms filled by JavaRosa, the engine inside ODK Collect, with the sample CSVs as media.

Uses JrFill from the shared phone simulator (../shared/tools/jr-client, or $JR_CLIENT_DIR),
compiled against the ODK_Validate.jar pyxform ships; skipped when it or a JDK is missing. The
JVM runs in Asia/Shanghai, as the cadres' phones do. All fills run once per session, in parallel.

Checked with the real engine: the reporting-period rule against fieldcollect.rounds.calendar for
every day from 2019-12-20 to 2021-01-15 (a leap year and both year ends), the period that
follows the visit date in every form, values prefilled from households.csv / members.csv, the
computed income totals on the national worked example, instance names, and constraints that
must refuse bad answers (the national data-cleaning rules) or accept good ones.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from defusedxml import ElementTree

from fieldcollect.forms.build import build_xlsform
from fieldcollect.forms.categories import CATEGORIES
from fieldcollect.rounds.calendar import open_round

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "forms"  # households.csv and members.csv live here
XLSFORM_DIR = ROOT / "forms" / "xlsform"
JR_DIR = Path(os.environ.get("JR_CLIENT_DIR") or ROOT.parent / "shared" / "tools" / "jr-client")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


jr = _load("jr_client", JR_DIR / "jr_client.py") if (JR_DIR / "jr_client.py").exists() else None
pytestmark = pytest.mark.skipif(jr is None or not (shutil.which("javac") or os.environ.get("JAVA_HOME")),
                                reason="needs ../shared/tools/jr-client and a JDK")
_load("forms_xlsform_generate", XLSFORM_DIR / "generate.py")  # puts form_sources on sys.path
from form_sources.parts import period_of  # noqa: E402

PERIOD_DAYS = [date(2019, 12, 20) + timedelta(days=n) for n in range(393)] + [
    date(2018, 1, 10), date(2018, 1, 11), date(2018, 4, 10), date(2018, 4, 11), date(2018, 7, 10),
    date(2018, 7, 11), date(2018, 10, 10), date(2018, 10, 11), date(2018, 12, 31)]
VISIT_DATES = dict(zip(sorted(c.form_id for c in CATEGORIES), [
    "2018-01-10", "2018-01-11", "2018-04-10", "2018-04-11", "2018-07-01", "2018-09-30", "2018-10-10",
    "2018-10-11", "2018-12-31", "2019-01-01"], strict=True))
SHORT = {c.form_id: c.short_zh for c in CATEGORIES}
WANG = "150626101201001"  # 王建国's household in tests/fixtures/forms/households.csv
REFUSALS = {  # name: (form, answers, the Chinese constraint message JavaRosa must show)
    "id check digit": ("fp_basic", {"member[1]/id_number": "150626196003020136"}, "证件号码有误"),
    "sex against id": ("fp_basic", {"member[1]/sex": "2"}, "性别与证件号码不符"),
    "main cause repeated": ("fp_basic", {"main_cause": "01", "other_causes": "01 05"}, "不能与主要致贫原因"),
    "three other causes": ("fp_basic", {"main_cause": "01", "other_causes": "02 05 09"}, "最多选两项"),
    "work months": ("fp_training", {"worker[1]/work_months": 13}, "月数应在 0 至 12 之间"),
    "negative income": ("fp_income", {"wage_work": -5}, "金额不能为负数"),
    "period format": ("fp_other", {"period": "2018-1"}, "报告期的格式"),
    # the visit date is still its default, today: JavaRosa answers in form order, period first
    "period after visit": ("fp_other", {"period": "2099Q1", "visit_date": None}, "不能晚于走访日期"),
    "future visit": ("fp_other", {"visit_date": "2099-01-01"}, "走访日期不能晚于今天"),
}


@dataclass
class Fill:
    returncode: int
    root: object | None  # the instance's root element when the fill succeeded
    stderr: str

    def value(self, path: str) -> str | None:
        node = self.root.find(path)
        return None if node is None else (node.text or "")


def period_form(tmp: Path) -> Path:
    """A tiny form that applies the forms' period rule to each date of a repeat, and to today()."""
    rows = ["| survey |", "| | type | name | label | calculation |",
            f"| | calculate | today_period | | {period_of('today()')} |",
            "| | begin_repeat | d | d | |", "| | date | day | day | |",
            f"| | calculate | period | | {period_of('${day}')} |", "| | end_repeat | | | |",
            "| settings |", "| | form_id | version |", "| | fx_period | 1 |"]
    built = build_xlsform("\n".join(rows).encode(), "period.md", validate=False)
    return write_xml(tmp, "fx_period", built.xml)


def write_xml(tmp: Path, name: str, xml: bytes) -> Path:
    path = tmp / f"{name}.xml"
    path.write_bytes(xml)
    return path


def fill(form: Path, answers: dict, out: Path) -> Fill:
    """Fill a form with JavaRosa: the given answers, a random answer for other required questions."""
    jar = jr.find_jar()
    classes = jr.build_classes(jar)
    out.mkdir(parents=True)
    media = out / "media"  # a copy: JavaRosa writes its last-saved instance into the media folder
    shutil.copytree(FIXTURES, media)
    answers_file = out / "answers.tsv"
    jr.write_answers_tsv(jr.flatten_answers(answers), answers_file)
    command = [jr.java_tool("java"), "-Xss16m", "-Djava.awt.headless=true",
               "-cp", f"{jar}{os.pathsep}{classes}", "JrFill", "--form", str(form), "--media", str(media),
               "--out", str(out), "--answers", str(answers_file), "--seed", "7", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TZ": "Asia/Shanghai"})
    instance = out / "instance.xml"
    root = ElementTree.fromstring(instance.read_bytes()) if done.returncode == 0 else None
    return Fill(done.returncode, root, done.stderr)


def job_list(tmp: Path) -> dict[str, tuple[Path, dict]]:
    forms = {path.stem: write_xml(tmp, path.stem, build_xlsform(path, validate=False).xml)
             for path in XLSFORM_DIR.glob("*.xlsx")}
    visit = {"household": WANG, "visit_date": "2018-05-20"}
    jobs = {"period": (period_form(tmp), {"d": [{"day": day.isoformat()} for day in PERIOD_DAYS]})}
    for form_id, form in forms.items():
        answers = {"household": WANG, "visit_date": VISIT_DATES[form_id]}
        if form_id == "fp_industry":
            answers |= {"microcredit": "1", "loan_amount": 30000, "loan_date": "2018-03-01"}
        jobs[f"fill:{form_id}"] = (form, answers)
    jobs["income example"] = (forms["fp_income"], visit | {
        "wage_work": 6000, "business_crops": 6000, "property_dividend": 1180, "transfer_eco": 540,
        "transfer_other": 3665, "expense_production": 1000, "member_count": 4})
    jobs["ids accepted"] = (forms["fp_basic"], visit | {
        "member[1]/id_number": "150626600302013",  # 15-digit legacy ID, same birth date and sex
        "member[2]/id_number": "15062619620501022643"})  # 20-character disability card
    for name, (form_id, answers, _) in REFUSALS.items():
        answers = {key: value for key, value in (visit | answers).items() if value is not None}
        jobs[f"refuse:{name}"] = (forms[form_id], answers)
    return jobs


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jrfill")
    jobs = job_list(tmp)
    jr.build_classes(jr.find_jar())  # compile once before the threads start
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(fill, form, answers, tmp / name.replace(":", "_").replace(" ", "_"))
                   for name, (form, answers) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def test_period_rule_matches_the_round_calendar_on_every_day(runs):
    run = runs["period"]
    assert run.returncode == 0, run.stderr
    got = {date.fromisoformat(d.find("day").text): d.find("period").text for d in run.root.findall("d")}
    assert len(got) == len(PERIOD_DAYS)
    wrong = {day: (period, str(open_round(day)))
             for day, period in got.items() if period != str(open_round(day))}
    assert wrong == {}


def test_period_default_is_the_round_open_today(runs):
    shanghai_today = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the JVM's time zone
    assert runs["period"].value("today_period") == str(open_round(shanghai_today))


@pytest.mark.parametrize("form_id", sorted(c.form_id for c in CATEGORIES))
def test_every_form_can_be_filled_end_to_end(runs, form_id):
    run = runs[f"fill:{form_id}"]
    assert run.returncode == 0, run.stderr
    visit = date.fromisoformat(VISIT_DATES[form_id])
    assert run.value("period") == str(open_round(visit))  # recomputed when the visit date is set
    assert run.value("hh_head") == "王建国"
    assert run.value("meta/instanceName") == f"王建国 · {open_round(visit)} · {SHORT[form_id]}"
    assert run.value("meta/instanceID").startswith("uuid:")


def test_income_totals_follow_the_national_worked_example(runs):
    run = runs["income example"]
    assert run.returncode == 0, run.stderr
    assert float(run.value("transfer/transfer_total")) == 4205
    assert float(run.value("summary/total_income")) == 17385
    assert float(run.value("summary/net_income")) == 16385
    assert float(run.value("summary/net_income_pc")) == 4096.25


def test_basic_form_prefills_the_household_and_its_roster(runs):
    run = runs["fill:fp_basic"]
    assert run.value("household_info/head_name") == "王建国"
    assert run.value("household_info/main_cause") == "01"
    assert run.value("household_info/registered_year") == "2014"
    assert run.value("roster_rows") == "3"
    members = run.root.findall("member")
    rows = [(m.find("member_code").text, m.find("member_name").text, m.find("relation").text)
            for m in members]
    assert rows == [("15062610120100101", "王建国", "01"), ("15062610120100102", "李秀英", "02"),
                    ("15062610120100103", "王小明", "03")]
    assert members[0].find("id_number").text == "150626196003020135"
    assert run.value("checks/member_count") == "3" and run.value("checks/head_count") == "1"


def test_training_rows_follow_the_members_file(runs):
    run = runs["fill:fp_training"]
    names = [w.find("member_name").text for w in run.root.findall("worker")]
    assert names == ["王建国", "李秀英", "王小明"]
    child = run.root.findall("worker")[2]
    assert child.find("work_months") is None  # 王小明 is 12: not asked about work


def test_legacy_and_disability_card_numbers_are_accepted(runs):
    assert runs["ids accepted"].returncode == 0, runs["ids accepted"].stderr


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_national_rules_refuse_bad_answers_with_chinese_messages(runs, name):
    run = runs[f"refuse:{name}"]
    assert run.returncode == 3, f"JavaRosa accepted it: {run.stderr}"
    assert "violates the constraint" in run.stderr and REFUSALS[name][2] in run.stderr, run.stderr
