"""Writes of the knowledge base: the catalogue, regions and code changes, import runs and
observations. Every import is all-or-nothing and leaves an ``ImportRun`` behind, also when it
fails, naming every problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import add, mul
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from soslokal.core.models import Area
from soslokal.framework.models import Dimension
from soslokal.indicators.catalogue import (
    BreakdownSpec,
    Catalogue,
    IndicatorSpec,
    SourceSpec,
    parse_catalogue_file,
)
from soslokal.indicators.models import (
    CatalogueVersion,
    ImportRun,
    Indicator,
    Observation,
    Region,
    RegionChange,
)
from soslokal.indicators.regions import (
    COUNTRY,
    CodeChange,
    Harmoniser,
    RegionItem,
    level_of,
    parent_code,
    read_changes_csv,
    read_klass_csv,
    read_municipality_history,
)
from soslokal.indicators.tidy import (
    BREAKDOWN_LIMIT,
    STATUS_LIMIT,
    WITHHELD,
    Harmonised,
    ImportProblems,
    TidyColumns,
    TidyRow,
    harmonise_parts,
    parse_period,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CATALOGUE_FILE = DATA_DIR / "catalogue.yaml"
REGIONS_DIR = DATA_DIR / "regions"
MUNICIPALITIES_FILE = REGIONS_DIR / "klass_131_municipalities_2026.csv"
COUNTIES_FILE = REGIONS_DIR / "klass_104_counties_2024.csv"
MUNICIPALITY_HISTORY_FILE = REGIONS_DIR / "municipality_code_history_vestfold_telemark.csv"
COUNTY_CHANGES_FILE = REGIONS_DIR / "county_changes_2018_2024.csv"
COUNTRY_NAME = "Norge"
STREAMED_PARTS = 8  # an import on PostgreSQL is harmonised and stored in this many parts

User = AbstractBaseUser


# The catalogue --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueLoadResult:
    version: CatalogueVersion
    changed: bool


def _source_spec_dict(source: SourceSpec) -> dict[str, Any]:
    return dataclasses.asdict(source)


def source_spec(indicator: Indicator) -> SourceSpec:
    """The catalogue's source of a stored indicator, as the dataclass the readers take."""
    data = dict(indicator.source)
    data["breakdowns"] = [BreakdownSpec(**b) for b in data.get("breakdowns", [])]
    return SourceSpec(**data)


@transaction.atomic
def catalogue_load(*, catalogue: Catalogue, origin: str) -> CatalogueLoadResult:
    """Make every indicator of ``catalogue`` exist as it says. Loading the same catalogue again
    changes nothing. Indicators absent from it are kept (a local catalogue may add some, and
    their observations stay)."""
    checksum = catalogue.checksum()
    current = CatalogueVersion.objects.select_for_update().first()
    if current is not None and current.checksum == checksum:
        return CatalogueLoadResult(current, changed=False)
    for position, spec in enumerate(catalogue.indicators):
        Indicator.objects.update_or_create(code=spec.id, defaults=_indicator_fields(spec, position))
    version = CatalogueVersion.objects.create(
        version=catalogue.version, origin=origin, checksum=checksum
    )
    return CatalogueLoadResult(version, changed=True)


def _indicator_fields(spec: IndicatorSpec, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "names": spec.name,
        "definitions": spec.definition,
        "unit": spec.unit,
        "decimals": spec.decimals,
        "direction": spec.direction,
        "additive": spec.additive,
        "dimension_slugs": spec.dimensions,
        "sdg_targets": spec.sdg_targets,
        "levels": spec.levels,
        "headline": spec.headline,
        "agency": spec.source.agency,
        "table": spec.source.table,
        "source_url": spec.source.url,
        "source": _source_spec_dict(spec.source),
    }


def catalogue_ensure() -> None:
    """The catalogue that ships with this release, loaded if it never has been: an import
    brings it in once, and leaves alone what was loaded since (a local catalogue that
    redefines or adds indicators). Its dimensions are not checked against the framework here:
    a municipality that adapted the framework still imports, and an indicator of a dimension
    it dropped is shown under none."""
    catalogue = parse_catalogue_file(DEFAULT_CATALOGUE_FILE)
    if not CatalogueVersion.objects.filter(checksum=catalogue.checksum()).exists():
        catalogue_load(catalogue=catalogue, origin=DEFAULT_CATALOGUE_FILE.name)


def catalogue_load_file(*, path: Path = DEFAULT_CATALOGUE_FILE) -> CatalogueLoadResult:
    """Read, check and load a catalogue file. Dimensions are checked against the framework in
    the database once one is loaded."""
    dimensions = list(Dimension.objects.values_list("slug", flat=True))
    catalogue = parse_catalogue_file(path, dimension_ids=dimensions or None)
    return catalogue_load(catalogue=catalogue, origin=path.name)


# Regions --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionData:
    """The shipped region files, read: today's regions and the code changes behind them."""

    regions: list[RegionItem]
    changes: list[CodeChange]


def region_data_read() -> RegionData:
    municipalities = read_klass_csv(MUNICIPALITIES_FILE.read_bytes(), level="municipality")
    counties = read_klass_csv(COUNTIES_FILE.read_bytes(), level="county")
    changes = read_municipality_history(MUNICIPALITY_HISTORY_FILE.read_text(encoding="utf-8"))
    changes += read_changes_csv(COUNTY_CHANGES_FILE.read_text(encoding="utf-8"))
    country = RegionItem(COUNTRY, COUNTRY_NAME, "country")
    return RegionData([country, *counties, *municipalities], changes)


@transaction.atomic
def regions_load(*, data: RegionData | None = None) -> int:
    """Make the regions of ``data`` (by default the shipped KLASS files) exist, with every old
    code of its changes kept as a region no longer in use, and the city districts that
    municipalities have entered as areas with a six-digit code. Idempotent; returns how many
    regions were added."""
    data = data or region_data_read()
    items: dict[str, RegionItem] = {item.code: item for item in data.regions}
    for change in sorted(data.changes, key=lambda c: c.on):
        if change.old not in items:
            items[change.old] = RegionItem(
                code=change.old,
                name=change.old_name or change.old,
                level=level_of(change.old),
                parent=parent_code(change.old),
                valid_to=change.on,
            )
    districts = Area.objects.filter(kind=Area.Kind.DISTRICT).exclude(code="")
    for area in districts.select_related("municipality"):
        if len(area.code) == 6 and area.code.isdigit() and area.code not in items:
            items[area.code] = RegionItem(area.code, area.name, "district", area.code[:4])
    added = _regions_upsert(items.values())
    _changes_upsert(data.changes)
    return added


def _regions_upsert(items: Iterable[RegionItem]) -> int:
    wanted = {item.code: item for item in items}
    existing = Region.objects.in_bulk(list(wanted))
    new = [
        Region(
            code=item.code,
            name=item.name,
            level=item.level,
            valid_from=item.valid_from,
            valid_to=item.valid_to,
        )
        for code, item in wanted.items()
        if code not in existing
    ]
    Region.objects.bulk_create(new, batch_size=500)
    changed = []
    for code, item in wanted.items():
        region = existing.get(code)
        if region is not None and (region.name, region.level, region.valid_to) != (
            item.name,
            item.level,
            item.valid_to,
        ):
            region.name, region.level, region.valid_to = item.name, item.level, item.valid_to
            changed.append(region)
    Region.objects.bulk_update(changed, ["name", "level", "valid_to"], batch_size=500)
    known = set(Region.objects.values_list("code", flat=True))
    parents = []
    for code, item in wanted.items():
        parent = item.parent if item.parent in known else None
        region = existing.get(code)
        if region is None or region.parent_id != parent:
            parents.append(Region(code=code, parent_id=parent))
    Region.objects.bulk_update(parents, ["parent"], batch_size=500)
    return len(new)


def _changes_upsert(changes: Iterable[CodeChange]) -> None:
    existing = set(RegionChange.objects.values_list("old_code", "new_code", "changed_on"))
    RegionChange.objects.bulk_create(
        [
            RegionChange(
                old_code=c.old,
                old_name=c.old_name,
                new_code=c.new,
                new_name=c.new_name,
                changed_on=c.on,
            )
            for c in {(c.old, c.new, c.on): c for c in changes}.values()
            if (c.old, c.new, c.on) not in existing
        ]
    )


def harmoniser_current() -> Harmoniser:
    """The codes in use today and every known change, from the database."""
    current = Region.objects.filter(valid_to__isnull=True).values_list("code", flat=True)
    changes = [
        CodeChange(old, new, on)
        for old, new, on in RegionChange.objects.values_list("old_code", "new_code", "changed_on")
    ]
    return Harmoniser(current, changes)


def regions_ensure() -> None:
    """Load the shipped regions when none are loaded yet."""
    if not Region.objects.exists():
        regions_load()


# Import runs ----------------------------------------------------------------------------------


def import_run_start(
    *,
    kind: str,
    what: str,
    who: str,
    user: User | None = None,
    indicators: Sequence[str] = (),
) -> ImportRun:
    return ImportRun.objects.create(
        kind=kind,
        what=what[:300],
        who=who[:150],
        started_by_id=user.pk if user is not None else None,
        indicator_codes=list(indicators),
    )


ERRORS_KEPT = 500  # a file wrong on every line would otherwise leave megabytes of them


def import_run_fail(*, run: ImportRun, errors: Sequence[str], rows_read: int = 0) -> ImportRun:
    run.status = ImportRun.Status.FAILED
    run.errors = [error[:1000] for error in errors[:ERRORS_KEPT]]
    if len(errors) > ERRORS_KEPT:
        run.errors.append(f"… and {len(errors) - ERRORS_KEPT} more problems of the same file")
    run.rows_read = rows_read
    run.rows_stored = 0
    run.rows_flagged = 0
    run.finished_at = timezone.now()
    run.save()
    return run


@dataclass(frozen=True)
class Incoming:
    """What an importer read: the rows, their source, and the source's own date if known."""

    rows: list[TidyRow] | TidyColumns
    source: str
    source_updated: dt.date | None = None


def import_execute(*, run: ImportRun, read: Callable[[], Incoming]) -> ImportRun:
    """Read, check, harmonise and store inside one transaction; on any problem store nothing
    and record every problem on ``run``. ``read`` raises ``ImportProblems`` for bad input."""
    rows_read = 0
    try:
        with bulk_work(), transaction.atomic():
            incoming = read()
            rows = TidyColumns.of(incoming.rows)
            rows_read = len(rows)
            stored, flagged, notes = _store_incoming(run=run, incoming=incoming, rows=rows)
            run.status = ImportRun.Status.SUCCEEDED
            run.rows_read, run.rows_stored, run.rows_flagged = rows_read, stored, flagged
            run.notes = notes
            run.indicator_codes = sorted(set(rows.indicator))
            run.finished_at = timezone.now()
            run.save()
    except ImportProblems as error:
        return import_run_fail(run=run, errors=error.problems, rows_read=rows_read)
    except Exception as error:  # a client's HTTP error, a broken file: said, never hidden
        return import_run_fail(
            run=run, errors=[f"{type(error).__name__}: {error}"], rows_read=rows_read
        )
    return run


def _store_incoming(
    *, run: ImportRun, incoming: Incoming, rows: TidyColumns
) -> tuple[int, int, list[str]]:
    if not rows:
        raise ImportProblems(["no figures to store"])
    indicators = {i.code: i for i in Indicator.objects.all()}
    unknown = sorted(set(rows.indicator) - set(indicators))
    if unknown:
        raise ImportProblems(
            [f"unknown indicator {code!r}: it is not in the catalogue" for code in unknown]
        )
    _check_storable(rows)
    withheld = _values_withhold(rows)
    regions_ensure()
    additive = frozenset(code for code, i in indicators.items() if i.additive)
    harmoniser = harmoniser_current()
    tally = Harmonised(TidyColumns.of([]))
    # PostgreSQL stores a part while the next is harmonised; elsewhere parts would only cost.
    parts = STREAMED_PARTS if connection.vendor == "postgresql" else 1

    def harmonised() -> Iterator[TidyColumns]:
        for part in harmonise_parts(rows, harmoniser, additive=additive, parts=parts):
            tally.flagged += part.flagged
            tally.summed += part.summed
            tally.notes += part.notes
            yield part.columns

    stored = observations_store_parts(
        parts=harmonised(),
        indicators=set(rows.indicator),
        run=run,
        source=incoming.source,
        source_updated=incoming.source_updated,
    )
    notes = list(tally.notes)
    if tally.flagged:
        notes.insert(
            0,
            f"{tally.flagged} rows kept on a code no longer in use (a split, or a share of a "
            "merger that cannot be summed)",
        )
    if tally.summed:
        notes.insert(0, f"{tally.summed} figures summed over merged municipalities")
    if withheld:
        notes.insert(
            0,
            f"{withheld} figures came with a value and a status that stands instead of one "
            "(missing, not applicable or confidential): stored without the value",
        )
    return stored, tally.flagged, notes


def _check_storable(rows: TidyColumns) -> None:
    """Flags and breakdowns that fit their columns (a few distinct ones, looked at once)."""
    problems = [
        f"status {status!r} is longer than {STATUS_LIMIT} characters"
        for status in set(rows.status)
        if len(status or "") > STATUS_LIMIT
    ]
    problems += [
        f"breakdown {breakdown[:60]!r}… is longer than {BREAKDOWN_LIMIT} characters"
        for breakdown in set(rows.breakdown)
        if len(breakdown) > BREAKDOWN_LIMIT
    ]
    if problems:
        raise ImportProblems(sorted(problems))


def _values_withhold(rows: TidyColumns) -> int:
    """A figure flagged missing, not applicable or confidential has no value: one that comes
    with a value anyway loses it, so a confidential figure is never shown. How many did.
    Counted in C: only a file that has such figures pays for a pass in Python."""
    flags = WITHHELD & set(rows.status)
    if not flags:
        return 0
    flagged = list(compress(rows.value, map(flags.__contains__, rows.status)))
    withheld = len(flagged) - flagged.count(None)
    if withheld:
        pairs = zip(rows.value, rows.status, strict=True)
        rows.value = [None if status in flags else value for value, status in pairs]
    return withheld


# Storing observations -------------------------------------------------------------------------

_COLUMNS = (
    "indicator_id",
    "region_id",
    "period",
    "year_start",
    "year_end",
    "breakdown",
    "value",
    "status",
    "harmonisation",
    "source",
    "source_updated",
    "import_run_id",
)
_KEY = ("region_id", "indicator_id", "period", "breakdown")  # the primary key, in its order
_UPDATED = [c for c in _COLUMNS if c not in _KEY]


def _columns(
    rows: TidyColumns, *, run: ImportRun, source: str, source_updated: dt.date | None
) -> list[list[Any]]:
    """The rows as the columns of ``_COLUMNS``, in that order; a period is read, and a date
    written, once rather than once per row."""
    count = len(rows)
    spans = {period: parse_period(period) for period in set(rows.period)}
    first = {period: span.start for period, span in spans.items()}
    last = {period: span.end for period, span in spans.items()}
    sources = [own or source for own in rows.source] if any(rows.source) else [source] * count
    return [
        rows.indicator,
        rows.region,
        rows.period,
        list(map(first.__getitem__, rows.period)),
        list(map(last.__getitem__, rows.period)),
        rows.breakdown,
        rows.value,
        rows.status,
        rows.harmonisation,
        sources,
        [source_updated.isoformat() if source_updated else None] * count,
        [run.pk] * count,
    ]


@contextmanager
def bulk_work() -> Iterator[None]:
    """No cyclic garbage collection while hundreds of thousands of tuples are made: they hold
    no cycles, and each collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def observations_store(
    *,
    rows: Sequence[TidyRow] | TidyColumns,
    run: ImportRun,
    source: str,
    source_updated: dt.date | None = None,
    method: str | None = None,
) -> int:
    """Store harmonised rows, replacing earlier figures of the same indicator, region, period
    and breakdown. PostgreSQL takes them by ``COPY``, SQLite by one ``executemany``, any other
    database by ``bulk_create`` in batches (``method`` chooses for tests and benchmarks)."""
    rows = TidyColumns.of(rows)
    return observations_store_parts(
        parts=[rows],
        indicators=set(rows.indicator),
        run=run,
        source=source,
        source_updated=source_updated,
        method=method,
    )


def observations_store_parts(
    *,
    parts: Iterable[TidyColumns],
    indicators: Collection[str],
    run: ImportRun,
    source: str,
    source_updated: dt.date | None = None,
    method: str | None = None,
) -> int:
    """``observations_store`` for rows that come in parts (``tidy.harmonise_parts``) of
    ``indicators``: PostgreSQL stores each part while the next one is made."""
    method = method or connection.vendor
    columns = (
        _columns(part, run=run, source=source[:100], source_updated=source_updated)
        for part in parts
        if part
    )
    if method == "postgresql":
        return _store_copy(columns, indicators=indicators)
    whole = _joined(columns)
    if not whole:
        return 0
    if method == "sqlite":
        fresh = not Observation.objects.filter(indicator_id__in=set(indicators)).exists()
        _store_executemany(whole, fresh=fresh)
    else:
        _store_bulk_create(whole)
    return len(whole[0])


def _joined(parts: Iterable[list[list[Any]]]) -> list[list[Any]]:
    """The parts' columns, one after the other."""
    whole: list[list[Any]] = []
    for part in parts:
        if not whole:
            whole = part
            continue
        for column, more in zip(whole, part, strict=True):
            column.extend(more)
    return whole


def _table() -> str:
    return connection.ops.quote_name(Observation._meta.db_table)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _key_order(columns: list[list[Any]]) -> list[int] | None:
    """The positions of the rows in the order of the primary key, or None when they are in it
    already. PostgreSQL builds the key of a new table by a sort, which finds rows in key order
    at once (with the rows in the order of their regions only, its backend took 2.0-2.6 s of
    CPU for the first import of ``bench/indicators.py`` against 1.8-1.9 s), and an area's rows
    stay together on a few pages for the reads of its profile. Each key column's distinct
    entries are ranked once (Python's order of strings is the byte order of the database's
    ``C.UTF-8``), and the ranks make one integer per row, in C."""
    count = len(columns[0])
    key = [0] * count
    for name in _KEY:
        column = columns[_COLUMNS.index(name)]
        distinct = sorted(set(column))
        if len(distinct) > 1:
            rank = {entry: position for position, entry in enumerate(distinct)}
            ranks = map(rank.__getitem__, column)
            key = list(map(add, map(mul, key, repeat(len(distinct))), ranks))
    if all(map(int.__le__, key, islice(key, 1, None))):
        return None
    return sorted(range(count), key=key.__getitem__)


def _copy_text(
    columns: list[list[Any]],
    order: list[int] | None = None,
    layout: Sequence[str] | None = None,
    chunk: int = 20_000,
) -> tuple[list[str], Iterator[str]]:
    """The rows in ``COPY``'s text format, in ``order`` when given, a chunk of lines at a
    time, with their columns in the order of ``layout``; without one, the columns that vary
    come first. Each distinct entry of a column (a code, a period, a value) is written once
    and looked up; the columns at the end with one entry for every row (the indicator, the
    source, the import run) are written once for all, as the end of every line. The lines are
    joined in C."""
    null = "\\N"
    count = len(columns[0])
    by_name = dict(zip(_COLUMNS, columns, strict=True))
    written = {
        name: {
            entry: null
            if entry is None
            else repr(entry)
            if name == "value"
            else str(entry).translate(_COPY_ESCAPES)
            for entry in set(column)
        }
        for name, column in by_name.items()
    }
    if layout is None:
        layout = sorted(_COLUMNS, key=lambda name: len(written[name]) == 1)
    cut = len(layout)
    while cut and len(written[layout[cut - 1]]) == 1:
        cut -= 1
    parts: list[Iterable[str]] = []
    for name in layout[:cut]:
        texts = written[name]
        if len(texts) == 1:
            parts.append(repeat(next(iter(texts.values())), count))
        else:
            column = by_name[name]
            entries = column if order is None else map(column.__getitem__, order)
            parts.append(map(texts.__getitem__, entries))
    if cut < len(layout):
        end = "\t".join(next(iter(written[name].values())) for name in layout[cut:])
        parts.append(repeat(end, count))
    lines = map("\t".join, zip(*parts, strict=True))

    def chunks() -> Iterator[str]:
        while block := list(islice(lines, chunk)):
            block.append("")
            yield "\n".join(block)

    return list(layout), chunks()


def _store_copy(parts: Iterable[list[list[Any]]], *, indicators: Collection[str]) -> int:
    """The parts, each indicator's rows into a new table of its own (``_partition_replace``).
    The rows of one indicator are streamed part by part; those of several are first sorted
    out by indicator (a tidy file with a few local indicators, not a large table)."""
    if len(indicators) == 1:
        (indicator,) = indicators
        return _partition_replace(indicator, parts)
    whole = _joined(parts)
    if not whole:
        return 0
    column = whole[_COLUMNS.index("indicator_id")]
    stored = 0
    for indicator in sorted(set(column)):
        chosen = list(map(indicator.__eq__, column))
        stored += _partition_replace(indicator, [[list(compress(c, chosen)) for c in whole]])
    return stored


def _partition_name(indicator: str) -> str:
    """The table of ``indicator``'s observations (migration 0004): a name of the code's hash,
    since a code may hold any letter and be longer than a name may be."""
    return f"{Observation._meta.db_table}_{hashlib.sha256(indicator.encode()).hexdigest()[:16]}"


def _partition_replace(indicator: str, parts: Iterable[list[list[Any]]]) -> int:
    """Replace the observations of ``indicator`` with those of ``parts`` plus the ones it has
    of cells the parts do not bring, as a new partition of the table (migration 0004).

    The new table is filled by one ``COPY`` with no index to keep up: psycopg's writer thread
    sends the lines, and PostgreSQL stores them, while this thread makes the next part (the
    GIL is let go while the writer waits on the socket), so with two cores the import and the
    database work side by side. The figures the indicator had of other cells are added, the
    key is built once from all the rows (a sort, several times cheaper than one index insert
    a row), and the table takes the place of the old one. Until that last step, readers see
    the old figures; it holds the table's exclusive lock for a few milliseconds, up to the
    commit. Imports take their turns: the lock taken first lets readers and single writes
    through and makes a second import wait (two imports at once would otherwise deadlock,
    each holding a lock the other's swap needs)."""
    parts = iter(parts)
    part = next(parts, None)
    if part is None:
        return 0
    quote = connection.ops.quote_name
    table = Observation._meta.db_table
    target = _partition_name(indicator)
    incoming = f"{target}_in"
    names = ", ".join(_COLUMNS)
    stored = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, for COPY
        cursor.execute(f"LOCK TABLE {quote(table)} IN SHARE UPDATE EXCLUSIVE MODE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the key's sort
        cursor.execute("SET LOCAL work_mem = '256MB'")  # the cells the parts do not bring
        cursor.execute(
            f"CREATE TABLE {quote(incoming)} (LIKE {quote(table)} INCLUDING DEFAULTS "
            "INCLUDING CONSTRAINTS, CHECK (indicator_id = %s))",
            [indicator],
        )
        layout, text = _copy_text(part, _key_order(part))
        statement = f"COPY {quote(incoming)} ({', '.join(layout)}) FROM STDIN"
        with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
            while True:
                for block in text:
                    copy.write(block)
                stored += len(part[0])
                part = next(parts, None)  # made while PostgreSQL stores the one before
                if part is None:
                    break
                _, text = _copy_text(part, _key_order(part), layout)
        if Observation.objects.filter(indicator_id=indicator).exists():
            matched = " AND ".join(f"n.{c} = o.{c}" for c in _KEY)
            cursor.execute(
                f"INSERT INTO {quote(incoming)} ({names}) "  # noqa: S608 – names are ours
                f"SELECT {names} FROM {quote(table)} o WHERE o.indicator_id = %s "
                f"AND NOT EXISTS (SELECT FROM {quote(incoming)} n WHERE {matched})",
                [indicator],
            )
            cursor.execute(
                f"DELETE FROM {quote(table + '_default')} WHERE indicator_id = %s",  # noqa: S608
                [indicator],
            )
        cursor.execute(f"ALTER TABLE {quote(incoming)} ADD PRIMARY KEY ({', '.join(_KEY)})")
        cursor.execute(f"DROP TABLE IF EXISTS {quote(target)}")
        cursor.execute(f"ALTER TABLE {quote(incoming)} RENAME TO {quote(target)}")
        cursor.execute(
            f"ALTER INDEX {quote(incoming + '_pkey')} RENAME TO {quote(target + '_pkey')}"
        )
        cursor.execute(
            f"ALTER TABLE {quote(table)} ATTACH PARTITION {quote(target)} FOR VALUES IN (%s)",
            [indicator],
        )
    return stored


SQLITE_CACHE_KIB = 128 * 1024


def _store_executemany(columns: list[list[Any]], *, fresh: bool) -> None:
    sqlite = connection.vendor == "sqlite"  # a test may choose this method on another database
    literals = _sqlite_literals(columns) if sqlite else {}
    bound = [name for name in _COLUMNS if name not in literals]
    placeholder = "?" if sqlite else "%s"
    values = [placeholder] * len(bound) + list(literals.values())
    # Figures there already: SQLite replaces a row whose key is taken (the key is the whole
    # cell, every other column comes anew, and the table has no other index or trigger).
    # 686,000 rows in about 1.75 s, where an upsert that sets each column took 2.25 s.
    verb = "INSERT OR REPLACE" if sqlite and not fresh else "INSERT"
    sql = (
        f"{verb} INTO {_table()} ({', '.join(bound + list(literals))}) VALUES ({', '.join(values)})"
    )
    if not fresh and not sqlite:
        updates = ", ".join(f"{c} = excluded.{c}" for c in _UPDATED)
        sql += f" ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET {updates}"
    rows = zip(*(columns[_COLUMNS.index(name)] for name in bound), strict=True)
    if not sqlite:
        with connection.cursor() as cursor:
            cursor.executemany(sql, list(rows))
        return
    connection.ensure_connection()
    raw = connection.connection  # the sqlite3 connection: rows as they are, no adapters
    # SQLite's page cache is 2 MB by default: the key of hundreds of thousands of rows does
    # not fit, and inserts would read its pages back from the file. A larger cache for this
    # connection while storing (memory only; nothing about durability).
    (cache,) = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        raw.executemany(sql, rows)
    finally:
        raw.execute(f"PRAGMA cache_size = {int(cache)}")


def _sqlite_literals(columns: list[list[Any]]) -> dict[str, str]:
    """The columns with one entry for every row (the indicator, the source, the import run),
    each with that entry as an SQLite literal: written once into the statement rather than
    bound for each row (686,000 rows: about 0.25 s less). The region is always bound, so that
    each row has a parameter."""
    literals = {}
    for name, column in zip(_COLUMNS, columns, strict=True):
        if name == "region_id" or column.count(column[0]) != len(column):
            continue
        literal = _sqlite_literal(column[0])
        if literal is not None:
            literals[name] = literal
    return literals


def _sqlite_literal(entry: Any) -> str | None:
    """``entry`` as SQLite writes it in a statement, or None for what is better bound."""
    if entry is None:
        return "NULL"
    if type(entry) is int:
        return str(entry)
    if type(entry) is str and "\x00" not in entry:
        return "'" + entry.replace("'", "''") + "'"  # SQLite's only escape in a string
    return None


def _store_bulk_create(columns: list[list[Any]]) -> None:
    records = list(zip(*columns, strict=True))
    for start in range(0, len(records), 2000):
        Observation.objects.bulk_create(
            [
                Observation(**dict(zip(_COLUMNS, r, strict=True)))
                for r in records[start : start + 2000]
            ],
            update_conflicts=True,
            unique_fields=[c.removesuffix("_id") for c in _KEY],
            update_fields=[c.removesuffix("_id") for c in _UPDATED],
        )
