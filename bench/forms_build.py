"""Time building the ten XLSForms: pyxform conversion, ODK Validate one by one, and in parallel.

Run: .venv/bin/python bench/forms_build.py
Prints per form: its field counts (questions, calculates, notes, personal fields), the seconds
pyxform takes to convert it and ODK Validate takes to check it (one JVM each); then the wall time
of validating all ten at once as `flask forms publish` does (build_many, one thread per form).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from fieldcollect.forms import build
from fieldcollect.forms.field_schema import data_fields

WORKBOOKS = sorted((Path(__file__).resolve().parents[1] / "forms" / "xlsform").glob("*.xlsx"))


def main() -> None:
    print(f"{'form':20} {'fields':>6} {'quest.':>6} {'calc.':>6} {'notes':>6} {'pers.':>6} "
          f"{'convert s':>9} {'validate s':>10}")
    for path in WORKBOOKS:
        build._cache.clear()
        started = time.perf_counter()
        built = build.build_xlsform(path, validate=False)
        convert = time.perf_counter() - started
        build._cache.clear()
        validated = build.build_xlsform(path, validate=True)
        kinds = Counter(e["type"] if e["type"] in ("calculate", "note") else "question"
                        for e in built.field_schema if "/meta/" not in e["xpath"])
        personal = sum(e["sensitivity"] == "personal" for e in built.field_schema)
        print(f"{built.form_id:20} {len(data_fields(built.field_schema)):6} {kinds['question']:6} "
              f"{kinds['calculate']:6} {kinds['note']:6} {personal:6} {convert:9.2f} "
              f"{validated.validate_seconds:10.2f}")
    build._cache.clear()
    started = time.perf_counter()
    results = build.build_many([(path.read_bytes(), path.name) for path in WORKBOOKS], validate=True)
    wall = time.perf_counter() - started
    failed = [r for r in results if not isinstance(r, build.BuiltForm)]
    print(f"all ten, converted and validated in parallel: {wall:.2f} s wall, {len(failed)} failed")
    started = time.perf_counter()
    build.build_many([(path.read_bytes(), path.name) for path in WORKBOOKS], validate=True)
    print(f"again, from the in-process cache: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
