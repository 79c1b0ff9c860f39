"""Time `seed-demo` and the bulk imports for N households on one database engine.

What it measures, each on an empty schema:
  seed      seed_demo(N): villages, households, members, events, cadres, pairings, work teams, logins
  import    the national-style member file (CSV, one row per member) for the same N households,
            then its pairings file, then both again (the idempotent re-import, which must change nothing)

Usage (the database is emptied: point it at a scratch database, never a real one):
  .venv/bin/python bench/seed_registry.py --households 100000
  .venv/bin/python bench/seed_registry.py --households 100000 \
      --database-url postgresql+psycopg://postgres@127.0.0.1:5432/registry_bench
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from fieldcollect import create_app  # noqa: E402
from fieldcollect.demo.files import registry_files  # noqa: E402
from fieldcollect.demo.registry import plan_registry  # noqa: E402
from fieldcollect.demo.service import official_townships, seed_demo  # noqa: E402
from fieldcollect.extensions import db  # noqa: E402
from fieldcollect.imports.service import run_import  # noqa: E402
from fieldcollect.regions.service import load_official_regions  # noqa: E402
from fieldcollect.users.models import User  # noqa: E402


def main() -> None:
    args = _arguments()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    app = create_app({"server": {"env": "testing", "log_level": "WARNING"}, "database": {"url": url},
                      "security": {"secret_key": "bench"}})
    with app.app_context():
        print(f"engine: {db.engine.dialect.name}   households: {args.households}   seed: {args.seed}   "
              f"cpus: {os.cpu_count()}   load average: {os.getloadavg()[0]:.1f}")
        _fresh_schema()
        seconds, summary = _timed(lambda: seed_demo(db.session, args.households, args.seed))
        _report("seed-demo", seconds, f"{summary.households_added} households, "
                                      f"{summary.members_added} members, "
                                      f"{summary.cadres_added} cadres, {summary.pairings_added} pairings, "
                                      f"{db.session.scalar(select(func.count(User.id)))} users")
        seconds, files = _timed(lambda: registry_files(plan_registry(args.seed, args.households,
                                                                     official_townships())), commit=False)
        sizes = f"{len(files[0]) / 1e6:.0f} MB households, {len(files[1]) / 1e6:.0f} MB pairings"
        _report("write files", seconds, f"{sizes} (not part of the import time)")
        _fresh_schema()
        load_official_regions(db.session)
        db.session.commit()
        for label in ("import", "re-import"):
            for kind, data in zip(("households", "pairings"), files, strict=True):
                seconds, report = _timed(
                    lambda kind=kind, data=data: run_import(db.session, kind, f"{kind}.csv", data))
                if report.errors:
                    sys.exit(f"{kind}: {len(report.errors)} row errors, first: {report.errors[0].render()}")
                _report(f"{label} {kind}", seconds, f"{report.rows} rows: {report.created} created, "
                                                    f"{report.updated} updated, {report.unchanged} unchanged")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--database-url", default="",
                        help="default: a new SQLite file in a temporary directory")
    return parser.parse_args()


def _fresh_schema() -> None:
    db.session.remove()
    db.drop_all()
    db.create_all()


def _timed(work, commit: bool = True):
    started = time.perf_counter()
    result = work()
    if commit:
        db.session.commit()
    return time.perf_counter() - started, result


def _report(step: str, seconds: float, detail: str) -> None:
    print(f"{step:<26} {seconds:8.1f} s   {detail}", flush=True)


if __name__ == "__main__":
    main()
