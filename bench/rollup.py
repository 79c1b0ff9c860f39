"""Time the read side of the rounds: the city roll-up with its children and a village page, on PostgreSQL.

What it builds (once; --reuse keeps a previous run's data):
  registry   seed_demo(100,000 households) — about 20,000 paired cadres
  field work four rounds (2017Q4–2018Q3) of timeline entries bulk-inserted with INSERT … SELECT, with their
             submissions and versions: per household and round 80% complete on time, 7% late, 1% with
             the last categories held after the lock, 7% partial, 5% nothing, and 1% with a conflicting
             second entry (about 3 million entries). The receiver is not on this path: this measures reads.
  rounds     each round opened with the real service (expectations + progress, set-based SQL)
What it times (median and p95 of --repeat runs, after one warm-up), as a city supervisor:
  city       region_progress(city): the city's figures and its nine banners'
  village    region_progress(village): a village's figures and each household's row
  api        the same two through the Flask test client (GET /api/v1/rounds/<round>/progress)
  cadres     the first page of cadres at the city level; assessment: a year's ranked cadre scores

Usage (the database is emptied unless --reuse: point it at a scratch database):
  .venv/bin/python bench/rollup.py
  .venv/bin/python bench/rollup.py --reuse --repeat 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from fieldcollect import create_app  # noqa: E402
from fieldcollect.access.scope import household_scope  # noqa: E402
from fieldcollect.cadres.models import Cadre  # noqa: E402
from fieldcollect.config import RoundsSettings  # noqa: E402
from fieldcollect.demo.service import seed_demo  # noqa: E402
from fieldcollect.extensions import db  # noqa: E402
from fieldcollect.forms.categories import CATEGORIES  # noqa: E402
from fieldcollect.forms.models import Form, FormVersion  # noqa: E402
from fieldcollect.households.models import Household  # noqa: E402
from fieldcollect.regions.models import Region  # noqa: E402
from fieldcollect.rounds.assessment import assess  # noqa: E402
from fieldcollect.rounds.calendar import Round  # noqa: E402
from fieldcollect.rounds.models import (  # noqa: E402
    RoundAdmission,
    RoundEvent,
    RoundExpectation,
    RoundProgress,
    RoundRecord,
)
from fieldcollect.rounds.rollups import cadre_progress, region_progress  # noqa: E402
from fieldcollect.rounds.service import get_round, open_round_record  # noqa: E402
from fieldcollect.timelines.models import TimelineEntry  # noqa: E402
from fieldcollect.users.models import User  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_rollup"
ROUNDS = [Round(2017, 4), Round(2018, 1), Round(2018, 2), Round(2018, 3)]
CITY = "150600000000"
TIMEZONE = "Asia/Shanghai"
# The bench counts post-exit monitoring so that nearly every demo household is expected in every round.
SETTINGS = RoundsSettings(count_post_exit_monitoring=True)


def main() -> None:
    args = _arguments()
    _create_database(args.database_url)
    app = create_app({"server": {"env": "testing", "log_level": "WARNING"},
                      "database": {"url": args.database_url}, "security": {"secret_key": "bench"},
                      "rounds": {"count_post_exit_monitoring": True}})
    with app.app_context():
        print(f"engine: {db.engine.dialect.name} {db.session.scalar(text('SHOW server_version'))}   "
              f"cpus: {os.cpu_count()}   load average: {os.getloadavg()[0]:.1f}")
        if args.reopen:
            _open_rounds(fresh=True)
        elif not (args.reuse and db.session.scalar(select(func.count(RoundRecord.name)))):
            _build(args.households)
        _sizes()
        _measure(app, args.repeat)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep the data of a previous run")
    parser.add_argument("--reopen", action="store_true",
                        help="keep the registry and entries of a previous run; open the rounds again")
    return parser.parse_args()


def _create_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = text("SELECT 1 FROM pg_database WHERE datname = :n")
        if not connection.scalar(exists, {"n": target.database}):
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


# --- building the data -----------------------------------------------------------------------

def _build(households: int) -> None:
    db.drop_all()
    db.create_all()
    step = _step("seed-demo registry")
    summary = seed_demo(db.session, households=households, seed=2018)
    db.session.commit()
    step(f"{summary.households_added} households, {summary.cadres_added} cadres")
    step = _step("timeline entries (bulk INSERT … SELECT)")
    entries = _field_work()
    step(f"{entries} entries")
    _open_rounds()


def _open_rounds(fresh: bool = False) -> None:
    if fresh:  # the rounds tables only: the registry and the entries stay
        tables = [RoundProgress.__table__, RoundExpectation.__table__, RoundAdmission.__table__,
                  RoundEvent.__table__, RoundRecord.__table__]
        db.metadata.drop_all(db.engine, tables=tables)
        db.metadata.create_all(db.engine, tables=tables)
    for round_ in ROUNDS:
        step = _step(f"open {round_} (expectations + progress)")
        record = open_round_record(db.session, round_, SETTINGS, TIMEZONE, today=date(2019, 1, 1))
        db.session.commit()
        expected = db.session.scalar(select(func.count()).where(RoundProgress.round_name == record.name))
        step(f"{expected} households expected")
    step = _step("VACUUM ANALYZE")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    step("")


def _forms() -> list[tuple[str, int, int, int]]:
    """Create one form version per quarterly category; return (category, index, form id, version id)."""
    made = []
    for index, category in enumerate(c for c in CATEGORIES if c.quarterly):
        form = Form(form_id=category.form_id, title=category.name_zh, category=category.code)
        version = FormVersion(form=form, version="1", title=category.name_zh, xml=b"<h/>", md5="0" * 32,
                              field_schema=[])
        db.session.add_all([form, version])
        db.session.flush()
        made.append((category.code, index, form.id, version.id))
    db.session.commit()
    return made


def _field_work() -> int:
    forms = _forms()
    categories = " UNION ALL ".join(f"SELECT '{code}' AS category, {index} AS idx, {form} AS form_pk, "
                                    f"{version} AS version_pk" for code, index, form, version in forms)
    rounds = " UNION ALL ".join(
        f"SELECT '{r}' AS period, timestamptz '{r.deadline_end(10, TIMEZONE).isoformat()}' AS due"
        for r in ROUNDS)
    # One draw per household and round picks its pattern; a second per entry spreads the times.
    db.session.execute(text(f"""
        CREATE TEMP TABLE plan AS
        WITH hr AS (SELECT h.id AS household_id, r.period, r.due,
                           abs(hashtext(h.id::text || r.period)) % 1000 AS draw
                    FROM households h CROSS JOIN ({rounds}) r),
        base AS (SELECT hr.*, c.category, c.idx, c.form_pk, c.version_pk,
                        abs(hashtext(hr.household_id::text || hr.period || c.category)) % 600 AS spread
                 FROM hr CROSS JOIN ({categories}) c
                 WHERE hr.draw < 880 OR (hr.draw < 950 AND c.idx < 4)),
        timed AS (SELECT base.*, false AS conflict,
                         CASE WHEN draw < 800 OR draw >= 880 THEN due - interval '1 hour' * (spread + 1)
                              WHEN draw < 870 THEN due + interval '1 hour' * (spread % 300 + 1)
                              WHEN idx < 6 THEN due - interval '1 hour' * (spread + 1)
                              ELSE due + interval '40 days' END AS received_at
                  FROM base
                  UNION ALL
                  SELECT base.*, true, due - interval '1 hour' * spread
                  FROM base WHERE draw % 100 = 7 AND category = 'basic')
        SELECT row_number() OVER () AS n, timed.* FROM timed"""))
    for statement in (
        """INSERT INTO submissions (id, form_pk, instance_id, review_state, created_at)
           SELECT n, form_pk, 'uuid:bench-' || n, 'received', received_at FROM plan""",
        """INSERT INTO submission_versions (id, submission_pk, form_pk, form_version_pk, instance_id, current,
                                            xml_md5, xml_size, received_at, processing_state)
           SELECT n, n, form_pk, version_pk, 'uuid:bench-' || n, true, md5(n::text), 0, received_at,
                  'processed'
           FROM plan""",
        """INSERT INTO timeline_entries (household_id, category, period, submission_id, version_id,
                                         instance_id, form_version_id, received_at, conflict, after_lock,
                                         admitted, answers, changes, findings, conflicting_fields)
           SELECT household_id, category, period, n, n, 'uuid:bench-' || n, version_pk, received_at,
                  conflict OR (draw % 100 = 7 AND category = 'basic'), false, false, '{}', '[]', '[]',
                  CASE WHEN draw % 100 = 7 AND category = 'basic' THEN '["x"]'::json ELSE '[]'::json END
           FROM plan""",
    ):
        db.session.execute(text(statement))
    for table in ("submissions", "submission_versions", "timeline_entries"):
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                f"(SELECT MAX(id) FROM {table}) + 1, false)"))
    db.session.commit()
    return db.session.scalar(select(func.count(TimelineEntry.id)))


# --- measuring -------------------------------------------------------------------------------

def _sizes() -> None:
    counts = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
              for model in (Household, Cadre, TimelineEntry, RoundProgress)}
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))


def _measure(app, repeat: int) -> None:
    supervisor = db.session.scalar(select(User).where(User.username == "city"))
    scope = household_scope(supervisor)
    record = get_round(db.session, str(ROUNDS[-2]))
    city = db.session.get(Region, CITY)
    village = db.session.get(Region, _busiest_village(record))
    city_result = region_progress(db.session, record, city, scope)
    village_result = region_progress(db.session, record, village, scope)
    print(f"round {record.name}: city expected {city_result.figures.expected:,}, complete "
          f"{city_result.figures.complete:,}, on time {city_result.figures.on_time:,}, "
          f"{len(city_result.children)} children; village {village.code} "
          f"{len(village_result.households)} households")
    _report("city roll-up with children (service)", repeat,
            lambda: region_progress(db.session, record, city, scope), target=300)
    _report("village page (service)", repeat,
            lambda: region_progress(db.session, record, village, scope), target=100)
    client = _signed_in_client(app, supervisor)
    _report("city roll-up with children (HTTP)", repeat,
            lambda: _get(client, f"/api/v1/rounds/{record.name}/progress"), target=300)
    _report("village page (HTTP)", repeat,
            lambda: _get(client, f"/api/v1/rounds/{record.name}/progress?region={village.code}"), target=100)
    _report("cadres, city, first page of 50", max(5, repeat // 3),
            lambda: cadre_progress(db.session, record, CITY, scope, 1, 50))
    year = [get_round(db.session, str(r)) for r in ROUNDS if r.year == 2018]
    _report("assessment, city, 2018 (3 rounds), first page", max(5, repeat // 3),
            lambda: assess(db.session, year, CITY, scope, "cadre"))


def _busiest_village(record) -> str:
    return db.session.scalar(select(RoundProgress.village_code).where(RoundProgress.round_name == record.name)
                             .group_by(RoundProgress.village_code).order_by(func.count().desc()).limit(1))


def _signed_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return client


def _get(client, path: str) -> None:
    from flask import g
    g.pop("_login_user", None)
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:200]


def _report(label: str, repeat: int, action, target: int | None = None) -> None:
    action()  # warm-up: plans and caches, as on a running server
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    verdict = "" if target is None else ("   ok" if p95 < target else "   OVER") + f" (target < {target} ms)"
    print(f"{label:48} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms{verdict}")


def _step(label: str):
    started = time.perf_counter()
    print(f"{label} …", flush=True)

    def done(detail: str) -> None:
        print(f"  {time.perf_counter() - started:7.1f} s  {detail}", flush=True)
    return done


if __name__ == "__main__":
    main()
