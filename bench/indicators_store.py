"""Harmonise and store 800,000 tidy rows of indicator figures, on SQLite and on PostgreSQL.

    .venv/bin/python bench/indicators_store.py [--rows 800000] [--backend sqlite|postgresql]

800,000 cells is the most one call to SSB's API may return. The rows are population by region,
year (2005–2024), sex and age (0–99), over 200 regions of today (the country, the 15 counties
and 184 municipalities); Vestfold's and Telemark's municipalities carry the codes of their time
(0805 before 2020, 3806 until 2024, 4001 since), so harmonising has real work: renumbered codes
move, and Bø and Sauherad (0821, 0822) are summed into Midt-Telemark. The rows go through the
same code as an import (``tidy.harmonise`` and ``services.observations_store``): PostgreSQL by
``COPY``, SQLite by ``executemany``. Each backend runs in a process of its own on a database of
its own (a temporary SQLite file; the PostgreSQL database ``soslokal_indicators_bench``, made
afresh and dropped at the end), and prints the time of each step and the peak memory. Exit
status 1 when a backend misses its target: harmonise and store in under 3 s."""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("SOSLOKAL_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "soslokal_indicators_bench"
TARGET_SECONDS = 3.0


def generate(count: int):  # type: ignore[no-untyped-def]
    """``count`` tidy rows of population, as a JSON-stat answer would give them."""
    from soslokal.indicators.services import region_data_read
    from soslokal.indicators.tidy import TidyRow

    data = region_data_read()
    history: dict[str, list[str]] = {}
    for change in data.changes:
        if len(change.old) == 4 and change.on.year == 2020:
            history.setdefault(change.old, []).append(change.new)
    later = {c.old: c.new for c in data.changes if len(c.old) == 4 and c.on.year == 2024}
    today_of = {old: later.get(new[0], new[0]) for old, new in history.items()}
    parts: dict[str, list[str]] = {}
    for old, today in today_of.items():
        parts.setdefault(today, []).append(old)
    middle = {today: history[olds[0]][0] for today, olds in parts.items()}  # 2020–2023
    counties = [r.code for r in data.regions if r.level == "county"]
    changed = sorted(parts)
    others = [r.code for r in data.regions if r.level == "municipality" and r.code not in parts]
    regions = ["0", *counties, *changed, *others[: 184 - len(changed)]]
    breakdowns = [f"age={age};sex={sex}" for sex in ("female", "male") for age in range(100)]
    rows = []
    value = 0.0
    for year in range(2005, 2025):
        period = str(year)
        for region in regions:
            if region in parts and year < 2020:
                codes = parts[region]
            elif region in parts and year < 2024:
                codes = [middle.get(region, region)]
            else:
                codes = [region]
            for code in codes:
                for breakdown in breakdowns:
                    value += 1.0
                    rows.append(TidyRow("population", code, period, value, "", breakdown))
                    if len(rows) == count:
                        return rows
    return rows


def run_backend(backend: str, count: int) -> int:
    folder = tempfile.mkdtemp(prefix="soslokal-bench-")
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soslokal.settings")
    os.environ["SOSLOKAL_VAR_DIR"] = folder
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from soslokal.indicators.models import Indicator, Observation
    from soslokal.indicators.services import (
        bulk_work,
        catalogue_load_file,
        harmoniser_current,
        import_run_start,
        observations_store,
        regions_load,
    )
    from soslokal.indicators.tidy import harmonise

    call_command("migrate", verbosity=0)
    catalogue_load_file()
    regions_load()
    run = import_run_start(kind="template", what="bench", who="bench")
    additive = frozenset(Indicator.objects.filter(additive=True).values_list("code", flat=True))

    start = time.perf_counter()
    rows = generate(count)
    generated = time.perf_counter()
    harmoniser = harmoniser_current()
    with bulk_work():  # as an import does
        result = harmonise(rows, harmoniser, additive=additive)
    harmonised = time.perf_counter()
    with transaction.atomic():
        stored = observations_store(rows=result.rows, run=run, source="SSB 07459")
    first = time.perf_counter()
    with transaction.atomic():
        observations_store(rows=result.rows, run=run, source="SSB 07459")
    second = time.perf_counter()
    in_table = Observation.objects.count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    work = (harmonised - generated) + (first - harmonised)
    method = "COPY" if backend == "postgresql" else "executemany"
    print(f"== {backend} ({connection.vendor}, {method})")
    print(f"  generate {len(rows):>9,} tidy rows      {generated - start:6.2f} s")
    print(
        f"  harmonise to today's codes      {harmonised - generated:6.2f} s  "
        f"({result.summed:,} summed over mergers)"
    )
    print(f"  store into an empty table       {first - harmonised:6.2f} s  ({stored:,} rows)")
    print(f"  store again (replace each row)  {second - first:6.2f} s  ({in_table:,} in the table)")
    print(f"  harmonise + store               {work:6.2f} s  (target < {TARGET_SECONDS:.0f} s)")
    print(f"  peak memory of the process      {peak_mb:6.0f} MB")
    if backend == "postgresql":
        connection.close()
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    return 0 if work < TARGET_SECONDS and in_table == stored else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=800_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"])
    options = parser.parse_args()
    if options.backend:
        return run_backend(options.backend, options.rows)
    status = 0
    for backend in ("sqlite", "postgresql"):
        command = [sys.executable, __file__, "--backend", backend, "--rows", str(options.rows)]
        status |= subprocess.call(command, cwd=PROJECT)  # noqa: S603 – our own script
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT))
    sys.exit(main())
