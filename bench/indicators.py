"""Indicators: an 800,000-cell JSON-stat 2.0 answer (the most SSB gives in one call), end to end.

Run from the project root after ``make install-dev`` and ``.venv/bin/pip install -e '.[bench]'``
(pyjstat, the common Python JSON-stat library, to compare with)::

    .venv/bin/python bench/indicators.py

It writes a generated dataset to a temporary folder (fixed seed: the same file every run) and
measures it in sections, each adding rows to one table:

1. **Parse.** ``soslokal.indicators.jsonstat.parse`` on the file's bytes, then every tidy row
   through ``Dataset.rows()``; pyjstat's ``Dataset.read(…).write("dataframe")`` on the same
   file. Each runs in a fresh Python process of its own (so neither inherits the other's memory
   or warm caches), three times there, and the best time counts. Target: parsing at least
   4 times faster than pyjstat.

Exit status 1 when a target is missed (or pyjstat is not installed to compare with).
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

REPEATS = 3
PARSE_SPEEDUP_TARGET = 4.0  # ours at least this many times faster than pyjstat

# 1 country + 15 counties + 357 municipalities + 27 city districts = 400 regions;
# 400 × 8 age groups × 10 contents × 25 years = 800,000 cells.
AGES = ["000-005", "006-015", "016-019", "020-029", "030-044", "045-066", "067-079", "080+"]
CONTENTS = [f"Indikator{number:02d}" for number in range(10)]
YEARS = [str(year) for year in range(2000, 2025)]


def region_codes() -> list[str]:
    counties = [
        f"{number:02d}" for number in (3, 11, 15, 18, 31, 32, 33, 34, 39, 40, 42, 46, 50, 55, 56)
    ]
    municipalities = [f"{counties[i % 15]}{i // 15 + 1:02d}" for i in range(357)]
    districts = [f"0301{number:02d}" for number in range(1, 28)]
    return ["0", *counties, *municipalities, *districts]


def generate(path: Path) -> int:
    """Write the dataset as SSB's PxWebApi v2 would: object indexes, units, sparse status."""
    rng = random.Random(5)  # noqa: S311  # a fixed seed for the same file every run
    regions = region_codes()
    ids = ["Region", "Alder", "ContentsCode", "Tid"]
    members = [regions, AGES, CONTENTS, YEARS]
    cells = len(regions) * len(AGES) * len(CONTENTS) * len(YEARS)
    values: list[float | int | None] = []
    status: dict[str, str] = {}
    for cell in range(cells):
        draw = rng.random()
        if draw < 0.03:
            values.append(None)
            status[str(cell)] = rng.choice(["..", ".", ":"])
        elif draw < 0.5:
            values.append(rng.randint(0, 700_000))
        else:
            values.append(round(rng.uniform(0, 100), 1))
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Generated benchmark table",
        "source": "Statistisk sentralbyrå",
        "updated": "2026-01-01T07:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "id": ids,
        "size": [len(codes) for codes in members],
        "dimension": {
            code: {
                "label": code.lower(),
                "category": {
                    "index": {member: position for position, member in enumerate(codes)},
                    "label": {member: f"{code} {member}" for member in codes},
                    **(
                        {"unit": {member: {"base": "prosent", "decimals": 1} for member in codes}}
                        if code == "ContentsCode"
                        else {}
                    ),
                },
            }
            for code, codes in zip(ids, members, strict=True)
        },
        "extension": {"px": {"decimals": 1}},
        "value": values,
        "status": status,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return cells


# --- one implementation, in a process of its own ---------------------------------------------


def run_ours(path: Path) -> dict[str, float]:
    from soslokal.indicators.jsonstat import parse

    best_parse = best_rows = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        dataset = parse(path.read_bytes())
        parsed = time.perf_counter()
        deque(dataset.rows(), maxlen=0)
        done = time.perf_counter()
        best_parse = min(best_parse, parsed - start)
        best_rows = min(best_rows, done - parsed)
        del dataset
    return {"parse": best_parse, "rows": best_rows}


def run_pyjstat(path: Path) -> dict[str, float]:
    import warnings

    from pyjstat import pyjstat

    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            frame = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write(
                "dataframe", naming="id"
            )
        best = min(best, time.perf_counter() - start)
        del frame
    return {"parse": best}


def child(kind: str, path: Path) -> None:
    timings = run_ours(path) if kind == "ours" else run_pyjstat(path)
    timings["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(timings))


def in_a_process(kind: str, path: Path) -> dict[str, float] | None:
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603  # our own script, our own arguments
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return None
    timings: dict[str, float] = json.loads(done.stdout)
    timings["process"] = time.perf_counter() - start
    return timings


# --- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    step: str
    measured: str
    target: str = ""
    passed: bool | None = None  # None: for information, no target


def section_parse(path: Path) -> list[Row]:
    """Section 1: our parser against pyjstat on the same file."""
    ours = in_a_process("ours", path)
    if ours is None:
        return [Row("parse + rows (ours)", "crashed", "runs", False)]
    total = ours["parse"] + ours["rows"]
    rows = [
        Row("parse (ours), best of 3", f"{ours['parse']:.3f} s"),
        Row("rows() over every cell", f"{ours['rows']:.3f} s"),
        Row("parse + rows (ours)", f"{total:.3f} s"),
        Row("  whole process, 3 runs", f"{ours['process']:.2f} s"),
        Row("  peak memory", f"{ours['peak_mb']:.0f} MB"),
    ]
    theirs = in_a_process("pyjstat", path)
    if theirs is None:
        rows.append(Row("pyjstat", "not installed", "pip install -e '.[bench]'", passed=False))
        return rows
    ratio = theirs["parse"] / total
    rows += [
        Row("pyjstat to DataFrame, best of 3", f"{theirs['parse']:.3f} s"),
        Row("  whole process, 3 runs", f"{theirs['process']:.2f} s"),
        Row("  peak memory", f"{theirs['peak_mb']:.0f} MB"),
        Row(
            "pyjstat time / ours (parse + rows)",
            f"{ratio:.1f}×",
            f"≥ {PARSE_SPEEDUP_TARGET:.0f}×",
            ratio >= PARSE_SPEEDUP_TARGET,
        ),
    ]
    return rows


def print_table(title: str, rows: list[Row]) -> None:
    print(title)
    width = max(len(row.step) for row in rows)
    print(f"{'step':<{width}}  {'measured':>10}  {'target':<10}  result")
    for row in rows:
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        print(f"{row.step:<{width}}  {row.measured:>10}  {row.target:<10}  {result}".rstrip())


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="soslokal-bench-") as folder:
        path = Path(folder) / "generated.json"
        cells = generate(path)
        size_mb = path.stat().st_size / 1e6
        rows: list[Row] = []
        rows += section_parse(path)
        # Further sections (harmonise and store the same file, issue 5 item 8) append their rows
        # here, each as a `section_…(path) -> list[Row]` function like section_parse above.
        print_table(
            f"Indicators: {cells:,} cells ({len(region_codes())} regions × {len(AGES)} ages × "
            f"{len(CONTENTS)} contents × {len(YEARS)} years), {size_mb:.1f} MB of JSON-stat 2.0",
            rows,
        )
    return 0 if all(row.passed is not False for row in rows) else 1


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--child", choices=("ours", "pyjstat"), help=argparse.SUPPRESS)
    arguments.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    options = arguments.parse_args()
    if options.child:
        child(options.child, options.file)
        sys.exit(0)
    sys.exit(main())
