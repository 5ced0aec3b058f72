"""Indicators: an 800,000-cell JSON-stat 2.0 answer (the most SSB gives in one call), end to end.

Run from the project root after ``make install-dev`` (pyjstat, the common Python JSON-stat
library to compare with, is in the ``dev`` and ``bench`` extras) with PostgreSQL on
127.0.0.1::

    .venv/bin/python bench/indicators.py
    .venv/bin/python bench/indicators.py --only sqlite --profile /tmp/prof   # cProfile files

It writes two generated answers of SSB table 07459 (population by region, sex, age and year) to
a temporary folder, the second a revision of the first (every figure changed), fixed seed, and
measures in one run:

1. **Parse.** ``jsonstat.parse`` on the file's bytes and every tidy row of ``Dataset.rows()``,
   against pyjstat's ``Dataset.read(…).write("dataframe")`` on the same file. Each in a fresh
   process of its own, three times there; the best time counts. Target: ours at least 4 times
   faster.
2. **Import, end to end**, on SQLite (a temporary file) and PostgreSQL (a database of its own,
   made afresh and dropped): ``importing.import_path`` — exactly what ``soslokal indicators
   import FILE --indicator population`` runs — first into an empty table, then the revision
   into the same table (every figure replaced). Each import in a fresh process; the phases are
   timed by wrapping the functions the import calls (``jsonstat.parse``, ``dataset_rows``,
   ``harmonise``, ``observations_store_parts``; on PostgreSQL the parts are harmonised inside
   the store, while the ``COPY`` of the part before runs), the total is the wall time of the
   whole call, and the peak memory is the process's peak resident set size
   (``getrusage(RUSAGE_SELF).ru_maxrss`` at its end: Python, Django and the setup included;
   PostgreSQL's own processes not). Targets:
   < 3 s and < 600 MB. Then the stored rows are checked against what the generator knows.

Exit status 1 when a target or a check is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

REPEATS = 3
PARSE_SPEEDUP_TARGET = 4.0  # ours at least this many times faster than pyjstat
IMPORT_SECONDS_TARGET = 3.0
PEAK_MB_TARGET = 600.0
PG_SERVER = os.environ.get("SOSLOKAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
INDICATOR = "population"  # SSB 07459 in the catalogue: breakdowns by age and sex

YEARS = list(range(2015, 2025))
SEXES = ["1", "2"]  # the catalogue stores them as sex=male, sex=female
AGES = [f"{age:03d}" for age in range(100)]
REGION_COUNT = 400  # 400 regions × 2 sexes × 100 ages × 10 years = 800,000 cells
# Old codes whose figures cannot move to one code of today: split counties, or merged into a
# county that was split again. Their figures stay on them, flagged.
SPLIT = {"01", "02", "06", "07", "08", "19", "20", "30", "38", "54"}


# --- the generated answer --------------------------------------------------------------------


@dataclass
class Answer:
    """What the generator knows about the file it wrote, to check what the import stored."""

    regions: list[str]
    values: list[int | None]
    cells: int
    expected_rows: int
    expected_flagged: int

    def value(self, region: str, sex: str, age: str, year: int) -> int | None:
        at = (
            (self.regions.index(region) * len(SEXES) + SEXES.index(sex)) * len(AGES)
            + AGES.index(age)
        ) * len(YEARS) + YEARS.index(year)
        return self.values[at]


def _regions() -> tuple[list[str], dict[str, tuple[int, int]]]:
    """Today's regions and every old code of the shipped change history (the 2018, 2020 and
    2024 reforms), each with the years it was in use."""
    from soslokal.indicators import regions as r

    data = PROJECT / "soslokal" / "indicators" / "data" / "regions"
    municipalities = r.read_klass_csv(
        (data / "klass_131_municipalities_2026.csv").read_bytes(), level="municipality"
    )
    counties = r.read_klass_csv((data / "klass_104_counties_2024.csv").read_bytes(), level="county")
    changes = r.read_municipality_history(
        (data / "municipality_code_history_vestfold_telemark.csv").read_text(encoding="utf-8")
    )
    changes += r.read_changes_csv((data / "county_changes_2018_2024.csv").read_text())
    first = {change.new: change.on.year for change in changes}
    last = {change.old: change.on.year - 1 for change in changes}
    years = {
        code: (first.get(code, YEARS[0]), last.get(code, YEARS[-1]))
        for code in ["0", *(c.code for c in counties), *first, *last]
    }
    old = sorted(set(last))
    changed_today = sorted(code for code in first if code not in last and len(code) == 4)
    others = [m.code for m in municipalities if m.code not in first]
    current = ["0", *(c.code for c in counties), *changed_today]
    current += others[: REGION_COUNT - len(current) - len(old)]
    for code in current:
        years.setdefault(code, (YEARS[0], YEARS[-1]))
    return sorted(current + old, key=lambda code: (len(code), code)), years


def generate(path: Path, *, revision: int = 0) -> Answer:
    """Write the answer as SSB's PxWebApi v2 does: object indexes, labels, a unit, sparse
    status. A code has figures for the years it was in use and is empty (``.``) otherwise, as
    SSB lists old and new codes side by side; 0.5 % of the other cells are missing (``..``)."""
    rng = random.Random(5)  # noqa: S311  # a fixed seed: the same file every run
    regions, years = _regions()
    values: list[int | None] = []
    status: dict[str, str] = {}
    for region in regions:
        first, last = years[region]
        size = 400_000 if len(region) == 1 else 20_000 if len(region) == 2 else 600
        for _sex in SEXES:
            for _age in AGES:
                base = rng.randint(size // 4, size)
                for year in YEARS:
                    if not first <= year <= last:
                        status[str(len(values))] = "."
                        values.append(None)
                    elif rng.random() < 0.005:
                        status[str(len(values))] = ".."
                        values.append(None)
                    else:
                        values.append(base + year - YEARS[0] + 7 * revision)
    ids = ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]
    members = [regions, SEXES, AGES, ["Personer1"], [str(year) for year in YEARS]]
    names = {"Kjonn": {"1": "Menn", "2": "Kvinner"}, "ContentsCode": {"Personer1": "Personer"}}
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
        "source": "Statistisk sentralbyrå",
        "updated": f"2026-02-{20 + revision:02d}T07:00:00Z",
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "id": ids,
        "size": [len(codes) for codes in members],
        "dimension": {
            code: {
                "label": code.lower(),
                "category": {
                    "index": {member: position for position, member in enumerate(codes)},
                    "label": {member: names.get(code, {}).get(member, member) for member in codes},
                    **(
                        {"unit": {"Personer1": {"base": "personer", "decimals": 0}}}
                        if code == "ContentsCode"
                        else {}
                    ),
                },
            }
            for code, codes in zip(ids, members, strict=True)
        },
        "extension": {"px": {"decimals": 0}},
        "value": values,
        "status": status,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    stored_codes = sum(1 for code in regions if code in SPLIT or years[code][1] == YEARS[-1])
    per_region = len(SEXES) * len(AGES) * len(YEARS)
    split_codes = sum(1 for code in regions if code in SPLIT)
    return Answer(
        regions=regions,
        values=values,
        cells=len(values),
        expected_rows=stored_codes * per_region,
        expected_flagged=split_codes * per_region,
    )


def spot_checks(answer: Answer) -> list[list[Any]]:
    """Cells whose stored figure the generator can tell: [region, period, breakdown, value,
    harmonisation]."""
    a, v = "030", answer.value
    bø, sauherad = v("0821", "2", a, 2017), v("0822", "2", a, 2017)
    summed = None if bø is None or sauherad is None else float(bø + sauherad)
    return [
        ["4020", "2017", f"age={a};sex=female", summed, "summed"],  # Bø + Sauherad
        ["4003", "2019", f"age={a};sex=male", _float(v("0806", "1", a, 2019)), "renumbered"],
        ["4003", "2022", f"age={a};sex=male", _float(v("3807", "1", a, 2022)), "renumbered"],
        ["4003", "2024", f"age={a};sex=male", _float(v("4003", "1", a, 2024)), ""],
        ["38", "2021", f"age={a};sex=female", _float(v("38", "2", a, 2021)), "split"],
        ["38", "2024", f"age={a};sex=female", None, "split"],  # kept, empty, flag "."
        ["0301", "2016", "age=099;sex=male", _float(v("0301", "1", "099", 2016)), ""],
    ]


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


# --- parsing, ours and pyjstat's, each in a process of its own -------------------------------


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


def child_parse(kind: str, path: Path) -> dict[str, Any]:
    timings = run_ours(path) if kind == "ours" else run_pyjstat(path)
    timings["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings


# --- one import, in a process of its own -----------------------------------------------------


def _django(database_url: str, folder: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "soslokal.settings"
    os.environ["SOSLOKAL_VAR_DIR"] = folder
    import django

    django.setup()


def child_setup(database_url: str, folder: str) -> dict[str, Any]:
    """A new database as a deployment has it: migrated, the catalogue and regions loaded."""
    _django(database_url, folder)
    from django.core.management import call_command

    from soslokal.indicators.services import catalogue_load_file, regions_load

    call_command("migrate", verbosity=0)
    catalogue_load_file()
    regions_load()
    return {}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child_import(
    database_url: str, folder: str, path: Path, expected: dict[str, Any], profile: str
) -> dict[str, Any]:
    """``soslokal indicators import PATH --indicator population``, timed by phase."""
    _django(database_url, folder)
    from django.db import connection

    from soslokal.indicators import importing, jsonstat, services, tidy
    from soslokal.indicators.models import Observation

    phases: dict[str, float] = {}
    running: list[str] = []  # the phases under way: one called inside another is inside it

    def timed(module: Any, name: str, phase: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = f"{phase}, inside {running[-1]}" if running else phase
            running.append(phase.partition(" ")[0])
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phases[key] = phases.get(key, 0.0) + time.perf_counter() - start
                running.pop()

        setattr(module, name, wrapper)

    timed(importing, "catalogue_ensure", "catalogue and regions up to date")
    timed(importing, "regions_load", "catalogue and regions up to date")
    timed(jsonstat, "parse", "parse (jsonstat.parse)")
    timed(importing, "dataset_rows", "tidy rows (tidy.dataset_rows)")
    timed(services, "harmoniser_current", "harmonise (tidy.harmonise)")
    timed(tidy, "harmonise", "harmonise (tidy.harmonise)")  # by part, as the store asks
    timed(services, "observations_store_parts", "store (services.observations_store_parts)")

    connection.ensure_connection()  # a connection is there before an import in any process
    backend = _backend_pid(connection)
    server_cpu = _cpu_seconds(backend)
    rss_before = _rss_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu = time.perf_counter(), time.process_time()
    runs = importing.import_path(path=path, indicator=INDICATOR, who="bench")
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    server_cpu = _cpu_seconds(backend) - server_cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)

    # Not timed: is what was stored what the file says?
    (run,) = runs
    problems = []
    if run.status != "succeeded" or run.errors:
        problems.append(f"run {run.status}: {run.errors[:3]}")
    figures = Observation.objects.filter(indicator_id=INDICATOR)
    in_table = figures.count()
    if not run.rows_stored == in_table == expected["rows"]:
        problems.append(
            f"{run.rows_stored} rows stored, {in_table} in the table, {expected['rows']} expected"
        )
    if run.rows_flagged != expected["flagged"]:
        problems.append(f"{run.rows_flagged} flagged, {expected['flagged']} expected")
    if figures.exclude(import_run=run).exists():
        problems.append("figures of an earlier import run left in the table")
    if figures.exclude(source="SSB 07459").exists():
        problems.append("a figure without its source")
    updated = dt.date.fromisoformat(expected["updated"])
    if figures.filter(source_updated=updated).count() != in_table:
        problems.append("a figure without the source's date")
    for region, period, breakdown, value, harmonisation in expected["spots"]:
        found = figures.filter(region_id=region, period=period, breakdown=breakdown)
        got = list(found.values_list("value", "harmonisation", "status"))
        right = len(got) == 1 and got[0][:2] == (value, harmonisation)
        if not right or (value is None and got[0][2] not in (".", "..")):
            problems.append(f"{region} {period} {breakdown}: {got}, not {value} {harmonisation}")
    return {
        "total": total,
        "cpu": cpu,
        "server_cpu": server_cpu if backend else None,
        "phases": phases,
        "peak_mb": peak_mb,
        "rss_before_mb": rss_before,
        "rows_read": run.rows_read,
        "rows_stored": run.rows_stored,
        "rows_flagged": run.rows_flagged,
        "notes": run.notes,
        "problems": problems,
        "server": _server_version(connection),
    }


def _backend_pid(connection: Any) -> int:
    """The PostgreSQL server process of this connection (0 for SQLite), when on this machine."""
    if connection.vendor != "postgresql" or "127.0.0.1" not in PG_SERVER:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid: int = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else 0


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process of this machine, from /proc."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def in_a_process(*arguments: str) -> dict[str, Any] | None:
    """Run this script with ``--child …`` in a fresh Python process; its last line is JSON."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603  # our own script, our own arguments
        [sys.executable, __file__, "--child", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


# --- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    step: str
    measured: str
    target: str = ""
    passed: bool | None = None  # None: for information, no target


def section_parse(path: Path) -> list[Row]:
    """Our parser against pyjstat on the same file."""
    ours = in_a_process("parse-ours", str(path))
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
    theirs = in_a_process("parse-pyjstat", str(path))
    if theirs is None:
        rows.append(Row("pyjstat", "not installed", "make install-bench", passed=False))
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


def _import_rows(label: str, result: dict[str, Any] | None) -> list[Row]:
    if result is None:
        return [Row(f"{label}: import", "crashed", "runs", False)]
    rows = [Row(f"{label} ({result['server']})", "")]
    for phase, seconds in result["phases"].items():
        rows.append(Row(f"  {phase}", f"{seconds:.3f} s"))
    rest = result["total"] - sum(
        seconds for phase, seconds in result["phases"].items() if ", inside" not in phase
    )
    rows += [
        Row("  the rest (read file, import run, commit)", f"{rest:.3f} s"),
        Row(
            "  end to end (import_path)",
            f"{result['total']:.3f} s",
            f"< {IMPORT_SECONDS_TARGET:.0f} s",
            result["total"] < IMPORT_SECONDS_TARGET,
        ),
        Row(
            "  peak RSS of the process",
            f"{result['peak_mb']:.0f} MB",
            f"< {PEAK_MB_TARGET:.0f} MB",
            result["peak_mb"] < PEAK_MB_TARGET,
        ),
        Row("    RSS before the import", f"{result['rss_before_mb']:.0f} MB"),
        Row("  CPU time of this process", f"{result['cpu']:.3f} s"),
        *(
            [Row("  CPU time of its PostgreSQL backend", f"{result['server_cpu']:.3f} s")]
            if result["server_cpu"] is not None
            else []
        ),
        Row(
            "  rows read / stored / flagged",
            f"{result['rows_read']:,} / {result['rows_stored']:,} / {result['rows_flagged']:,}",
        ),
        Row(
            "  stored as the file says",
            "yes" if not result["problems"] else "; ".join(result["problems"])[:200],
            "checks",
            not result["problems"],
        ),
    ]
    return rows


def section_import(backend: str, expected: dict[Path, dict[str, Any]], options: Any) -> list[Row]:
    """The first import and the revision's, on one backend, each in a process of its own."""
    folder = tempfile.mkdtemp(prefix="soslokal-bench-")
    if backend == "sqlite":
        url = f"sqlite:///{folder}/bench.sqlite3"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {options.pg_database}")
            admin.execute(f"CREATE DATABASE {options.pg_database}")
        url = f"{PG_SERVER}/{options.pg_database}"
    rows: list[Row] = []
    try:
        if in_a_process("setup", url, folder) is None:
            return [Row(f"{backend}: migrate and load", "crashed", "runs", False)]
        labels = ("first import", "re-import, every figure replaced")
        for (path, wanted), label in zip(expected.items(), labels, strict=True):
            profile = ""
            if options.profile:
                Path(options.profile).mkdir(parents=True, exist_ok=True)
                profile = str(Path(options.profile) / f"{backend}-{path.stem}.prof")
            result = in_a_process("import", url, folder, str(path), json.dumps(wanted), profile)
            rows += _import_rows(f"{backend}, {label}", result)
    finally:
        if backend == "postgresql" and not options.keep:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {options.pg_database}")
    return rows


def print_table(title: str, rows: list[Row]) -> None:
    print(title)
    width = max(len(row.step) for row in rows)
    measured = max(10, *(len(row.measured) for row in rows))
    print(f"{'step':<{width}}  {'measured':>{measured}}  {'target':<9}  result")
    for row in rows:
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        line = f"{row.step:<{width}}  {row.measured:>{measured}}  {row.target:<9}  {result}"
        print(line.rstrip())


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def main(options: Any) -> int:
    started = time.perf_counter()
    print(f"{os.cpu_count()} cores, {load()} before the run")
    with tempfile.TemporaryDirectory(prefix="soslokal-bench-") as folder:
        first, revised = Path(folder) / "07459.json", Path(folder) / "07459-revised.json"
        answer = generate(first)
        answer_revised = generate(revised, revision=1)
        expected = {
            path: {
                "rows": generated.expected_rows,
                "flagged": generated.expected_flagged,
                "spots": spot_checks(generated),
                "updated": f"2026-02-{20 + revision}",
            }
            for revision, (path, generated) in enumerate(
                ((first, answer), (revised, answer_revised))
            )
        }
        rows: list[Row] = []
        if options.only in (None, "parse"):
            rows += section_parse(first)
        for backend in ("sqlite", "postgresql"):
            if options.only in (None, backend):
                rows += section_import(backend, expected, options)
        print_table(
            f"Indicators: SSB 07459 as generated, {answer.cells:,} cells ({len(answer.regions)} "
            f"regions × {len(SEXES)} sexes × {len(AGES)} ages × {len(YEARS)} years), "
            f"{first.stat().st_size / 1e6:.1f} MB of JSON-stat 2.0",
            rows,
        )
    print(f"{load()} after the run; {time.perf_counter() - started:.0f} s in all")
    failed = [row.step.strip() for row in rows if row.passed is False]
    print("All targets met." if not failed else f"MISSED: {', '.join(failed)}")
    return 0 if not failed else 1


def child(arguments: list[str]) -> None:
    kind, *rest = arguments
    if kind in ("parse-ours", "parse-pyjstat"):
        result = child_parse(kind.removeprefix("parse-"), Path(rest[0]))
    elif kind == "setup":
        result = child_setup(*rest)
    else:
        url, folder, path, expected, profile = rest
        result = child_import(url, folder, Path(path), json.loads(expected), profile)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("parse", "sqlite", "postgresql"))
    parser.add_argument(
        "--pg-database", default="soslokal_indicators_bench", help="made afresh and dropped"
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument(
        "--profile", metavar="DIR", help="write a cProfile file of each import to DIR"
    )
    sys.exit(main(parser.parse_args()))
