"""Ingest: submissions/s a gunicorn-served fieldcollect validates and merges, at 1, 4 and 16 phones.

What it does, on a scratch PostgreSQL database (dropped and created again):
  1. seeds the demo registry (10,000 households by default), publishes the eight category forms and
     gives each phone its own cadre login with a phone key (as from a QR code);
  2. starts the app under gunicorn and, for each level, lets that many phones POST realistic category
     submissions at once (JavaRosa's own output for the real forms, tests/fixtures/submissions/javarosa,
     with each cadre's own households, periods, visit dates and varying income amounts) to
     /key/<token>/submission, each phone one request after another;
  3. prints submissions/s and p50/p95/max latency per level. A 201 here means fully processed: the
     receiver validates and merges before it answers, and the bench counts only 201s saying so;
  4. checks nothing was lost: every instanceID posted is stored, processed without error and has its
     timeline entry, and no version failed.

Usage:
  .venv/bin/python bench/ingest.py
  .venv/bin/python bench/ingest.py --households 10000 --phones 1,4,16 --per-phone 200 --workers 4
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import String, cast, create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from fieldcollect import create_app  # noqa: E402
from fieldcollect.access.scope import paired_household_ids  # noqa: E402
from fieldcollect.demo.service import seed_demo  # noqa: E402
from fieldcollect.extensions import db  # noqa: E402
from fieldcollect.forms.categories import CATEGORIES  # noqa: E402
from fieldcollect.forms.service import publish_form  # noqa: E402
from fieldcollect.households.models import Household  # noqa: E402
from fieldcollect.phones.service import issue_token  # noqa: E402
from fieldcollect.submissions.models import Submission, SubmissionVersion  # noqa: E402
from fieldcollect.timelines.models import TimelineEntry  # noqa: E402
from fieldcollect.users.models import User  # noqa: E402
from fieldcollect.users.roles import Role  # noqa: E402

TEMPLATES = ROOT / "tests" / "fixtures" / "submissions" / "javarosa"
FORMS = [category.form_id for category in CATEGORIES if category.quarterly]
PERIODS = [f"{year}Q{quarter}" for year in (2021, 2022) for quarter in (1, 2, 3, 4)]
BOUNDARY = "----jrclientboundary7MA4YWxkTrZu0gW"
OK = "提交成功"


def main() -> None:
    args = _arguments()
    levels = [int(n) for n in args.phones.split(",")]
    url = _fresh_database(args.database_url)
    phones = _prepare(url, args.households, 1 + sum(levels))
    print(f"cpus: {os.cpu_count()}   gunicorn workers: {args.workers} × {args.threads} threads   "
          f"households: {args.households}   "
          f"per phone: {args.per_phone}")
    with _gunicorn(url, args.workers, args.port, args.threads):
        warm, phones = phones[0], phones[1:]
        _run(args.port, [warm], 8 * len(warm.households), "warm")  # every worker builds its form rules
        for level in levels:
            group, phones = phones[:level], phones[level:]
            tag = f"L{level}"
            database = make_url(url).database
            before = _cpu_seconds(database)
            results = _run(args.port, group, args.per_phone, tag)
            _report(level, results, before, _cpu_seconds(database))
            _verify(url, tag, sum(len(r.latencies) for r in results))


# ---- preparation ------------------------------------------------------------------------------

class Phone:
    def __init__(self, username: str, token: str, households: list[str]):
        self.username, self.token, self.households = username, token, households


def _fresh_database(url: str) -> str:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    return url


def _app(url: str):
    return create_app({"server": {"env": "production", "log_level": "WARNING"}, "database": {"url": url},
                       "security": {"secret_key": "bench-ingest"}})


def _prepare(url: str, households: int, phones: int) -> list[Phone]:
    started = time.perf_counter()
    app = _app(url)
    with app.app_context():
        db.create_all()
        seed_demo(db.session, households=households)
        for form_id in FORMS:
            path = ROOT / "forms" / "xlsform" / f"{form_id}.xlsx"
            publish_form(db.session, path.read_bytes(), path.name, validate=False)
        prepared = [_phone(user) for user in _cadre_logins(phones)]
        db.session.commit()
        print(f"prepared {households} households, {len(FORMS)} forms, {phones} phones "
              f"in {time.perf_counter() - started:.0f} s")
    return prepared


def _cadre_logins(count: int) -> list[User]:
    users = db.session.scalars(select(User).where(User.role == Role.CADRE, User.cadre_id.is_not(None))
                               .order_by(User.id)).all()
    chosen = [user for user in users if len(_households_of(user)) >= 4][:count]
    if len(chosen) < count:
        sys.exit(f"only {len(chosen)} cadres with four or more households; seed more households")
    return chosen


def _households_of(user: User) -> list[str]:
    paired = paired_household_ids(user.cadre_id, date.today())
    return list(db.session.scalars(select(Household.household_code).where(Household.id.in_(paired))
                                   .order_by(Household.household_code)))


def _phone(user: User) -> Phone:
    return Phone(user.username, issue_token(db.session, user).token, _households_of(user))


# ---- submissions ------------------------------------------------------------------------------

TEMPLATE_TEXT = {form_id: (TEMPLATES / f"{form_id}.xml").read_text("utf-8") for form_id in FORMS}
INCOME_PARTS = {"wage_total": ("wage_work", "wage_post"),
                "business_total": ("business_crops", "business_livestock", "business_other"),
                "property_total": ("property_dividend", "property_rent"),
                "transfer_total": ("transfer_family_planning", "transfer_dibao", "transfer_tekun",
                                   "transfer_pension", "transfer_eco", "transfer_other")}


def _submission(phone: Phone, tag: str, number: int) -> tuple[str, bytes]:
    households = len(phone.households)
    household = phone.households[number % households]
    form_id = FORMS[(number // households) % len(FORMS)]
    period = PERIODS[(number // (households * len(FORMS))) % len(PERIODS)]
    instance_id = f"uuid:bench-{tag}-{uuid.uuid4()}"
    quarter = int(period[-1])
    values = {"household": household, "period": period,
              "visit_date": f"{period[:4]}-{3 * quarter - 1:02d}-{10 + number % 15:02d}"}
    if form_id == "fp_income":
        values |= _income(number)
    xml = TEMPLATE_TEXT[form_id]
    for name, value in values.items():
        xml = re.sub(rf"<{name}>[^<]*</{name}>|<{name} />", f"<{name}>{value}</{name}>", xml, count=1)
    xml = re.sub(r"<instanceID>[^<]*</instanceID>", f"<instanceID>{instance_id}</instanceID>", xml)
    return instance_id, xml.encode("utf-8")


def _income(number: int) -> dict[str, str]:
    parts = {name: 0.0 for names in INCOME_PARTS.values() for name in names}
    parts |= {"wage_work": 3000.0 + number % 47 * 100, "business_livestock": 1500.0 + number % 13 * 250,
              "transfer_eco": 540.0, "transfer_other": 300.0 + number % 5 * 10}
    totals = {total: sum(parts[name] for name in names) for total, names in INCOME_PARTS.items()}
    expense = 800.0 + number % 7 * 50
    income = sum(totals.values())
    values = {name: f"{amount:.1f}" for name, amount in parts.items()}
    values |= {name: _number(amount) for name, amount in totals.items()}
    values |= {"expense_production": f"{expense:.1f}", "total_income": _number(income),
               "net_income": _number(income - expense), "member_count": "3",
               "net_income_pc": _number(round((income - expense) / 3, 2))}
    return values


def _number(amount: float) -> str:
    return str(int(amount)) if float(amount).is_integer() else str(amount)


def _body(xml: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; "
            f"filename=\"submission.xml\"\r\nContent-Type: text/xml\r\n\r\n").encode() + xml + \
        f"\r\n--{BOUNDARY}--\r\n".encode()


# ---- running ----------------------------------------------------------------------------------

class Result:
    def __init__(self):
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.started = self.finished = 0.0


def _run(port: int, phones: list[Phone], per_phone: int, tag: str) -> list[Result]:
    """Let every phone post its submissions one after another, all phones at once; return their timings."""
    requests = [[_request(phone, _submission(phone, tag, n)[1]) for n in range(per_phone)]
                for phone in phones]
    results = [Result() for _ in phones]

    async def all_phones():
        await asyncio.gather(*(_post_all(port, batch, result)
                               for batch, result in zip(requests, results, strict=True)))

    # One event loop for every phone: the client must cost the 2-core machine as little as possible.
    asyncio.run(all_phones())
    failures = [f for r in results for f in r.failures]
    if failures:
        sys.exit(f"{tag}: {len(failures)} posts failed, first: {failures[0]}")
    return results


def _request(phone: Phone, xml: bytes) -> bytes:
    body = _body(xml)
    head = (f"POST /key/{phone.token}/submission?deviceID=collect%3ABENCH{phone.username[-8:]} HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nX-OpenRosa-Version: 1.0\r\nUser-Agent: org.odk.collect.android/bench\r\n"
            f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S GMT')}\r\nConnection: close\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _post_all(port: int, requests: list[bytes], result: Result) -> None:
    result.started = time.perf_counter()
    for request in requests:
        began = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        answer = (await reader.read()).decode("utf-8", "replace")  # the server closes: read to the end
        writer.close()
        result.latencies.append(time.perf_counter() - began)
        if not answer.startswith("HTTP/1.1 201") or OK not in answer:
            result.failures.append(answer[:300])
    result.finished = time.perf_counter()


def _report(level: int, results: list[Result], cpu_before: dict[str, float],
            cpu_after: dict[str, float]) -> None:
    latencies = sorted(latency for result in results for latency in result.latencies)
    wall = max(r.finished for r in results) - min(r.started for r in results)
    p50, p95 = statistics.quantiles(latencies, n=100)[49], statistics.quantiles(latencies, n=100)[94]
    rate = len(latencies) / wall
    print(f"{level:>2} phones: {len(latencies):>5} submissions in {wall:6.1f} s = {rate:6.1f}/s   "
          f"p50 {p50 * 1000:5.1f} ms   p95 {p95 * 1000:5.1f} ms   max {latencies[-1] * 1000:6.1f} ms")
    spent = {group: (cpu_after.get(group, 0) - cpu_before.get(group, 0)) / len(latencies) * 1000
             for group in sorted(set(cpu_after) | set(cpu_before))}
    print("          CPU per submission: " + "   ".join(f"{group} {ms:.1f} ms" for group, ms in spent.items())
          + f"   (load average {os.getloadavg()[0]:.1f})")


def _cpu_seconds(database: str) -> dict[str, float]:
    """Return CPU seconds used so far by gunicorn, the PostgreSQL backends of database, and this client.

    Other processes (the machine may be shared) are left out; the load average printed beside the
    figures says how busy the machine was.
    """
    tick = os.sysconf("SC_CLK_TCK")
    groups: dict[str, float] = {}
    for process in Path("/proc").glob("[0-9]*"):
        try:
            fields = (process / "stat").read_text().rsplit(")", 1)
            name, numbers = fields[0].split("(", 1)[1], fields[1].split()
            command = (process / "cmdline").read_bytes().decode("utf-8", "replace")
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(process.name) == os.getpid():
            group = "client"
        elif name == "gunicorn" or "gunicorn" in command:
            group = "gunicorn"
        elif name == "postgres" and f" {database} " in command.replace("\0", " "):
            group = "postgres"
        else:
            continue
        groups[group] = groups.get(group, 0.0) + (int(numbers[11]) + int(numbers[12])) / tick
    return groups


def _verify(url: str, tag: str, posted: int) -> None:
    app = _app(url)
    with app.app_context():
        like = f"uuid:bench-{tag}-%"
        stored = db.session.scalar(select(func.count()).select_from(SubmissionVersion)
                                   .where(SubmissionVersion.instance_id.like(like)))
        clean = db.session.scalar(select(func.count()).select_from(SubmissionVersion).where(
            SubmissionVersion.instance_id.like(like), SubmissionVersion.processing_state == "processed",
            cast(SubmissionVersion.errors, String) == "[]"))
        entries = db.session.scalar(select(func.count()).select_from(TimelineEntry)
                                    .join(Submission, Submission.id == TimelineEntry.submission_id)
                                    .where(Submission.instance_id.like(like)))
        failed = db.session.scalar(select(func.count()).select_from(SubmissionVersion)
                                   .where(SubmissionVersion.processing_state != "processed"))
        db.session.remove()
        db.engine.dispose()
    verdict = "nothing lost" if stored == clean == entries == posted and failed == 0 else "LOST OR FAILED"
    print(f"          posted {posted}, stored {stored}, processed without error {clean}, "
          f"timeline entries {entries}, failed versions {failed}: {verdict}")
    if verdict != "nothing lost":
        sys.exit(1)


class _gunicorn:
    """Run the app under gunicorn for the duration of a with block."""

    def __init__(self, url: str, workers: int, port: int, threads: int = 1):
        self.command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers),
                        "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT),
                        "--worker-tmp-dir", "/dev/shm", "app:app"]
        self.environment = {**os.environ, "FIELDCOLLECT_DATABASE_URL": url,
                            "FIELDCOLLECT_SECRET_KEY": "bench-ingest",
                            "FIELDCOLLECT_SERVER_ENV": "production",
                            "FIELDCOLLECT_SERVER_LOG_LEVEL": "WARNING"}
        self.port = port

    def __enter__(self):
        self.process = subprocess.Popen(self.command, env=self.environment)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                connection.getresponse().read()
                return self
            except OSError:
                time.sleep(0.3)
        self.process.terminate()
        sys.exit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_ingest",
                        help="a scratch PostgreSQL database: it is dropped and created again")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--phones", default="1,4,16", help="concurrency levels, run one after another")
    parser.add_argument("--per-phone", type=int, default=200, help="submissions each phone posts per level")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (more than 1: gthread workers)")
    parser.add_argument("--port", type=int, default=8765)
    return parser.parse_args()


if __name__ == "__main__":
    main()
