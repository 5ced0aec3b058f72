"""What ``soslokal indicators import`` and ``fetch`` do: choose the reader for a file or the
client for a table, and run it as one all-or-nothing import run (``services.import_execute``).

- A ``.json`` file is a JSON-stat2 answer of SSB or FHI, read by ``jsonstat.parse`` and checked
  against the catalogue's query for ``--indicator``.
- A ``.csv`` or ``.xlsx`` file with the template's columns is a municipality's own figures.
- A ``.csv`` named like one of the Telemark snapshot files is read by that file's adapter; a
  folder imports every snapshot file in it.
- ``fetch`` asks the SSB and FHI clients for each indicator of the catalogue, one import run
  per indicator, and KLASS for code changes with ``regions=True``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from django.utils import timezone

from soslokal.indicators import jsonstat
from soslokal.indicators.clients import fhi, ssb
from soslokal.indicators.clients.klass import KlassClient
from soslokal.indicators.models import ImportRun, Indicator, Region
from soslokal.indicators.regions import CodeChange, NameIndex, level_of, normalise_code
from soslokal.indicators.services import (
    DATA_DIR,
    Incoming,
    RegionData,
    User,
    catalogue_ensure,
    catalogue_load_file,
    import_execute,
    import_run_fail,
    import_run_start,
    region_data_read,
    regions_load,
    source_spec,
)
from soslokal.indicators.telemark import SNAPSHOT, SnapshotFile, read_snapshot_file
from soslokal.indicators.tidy import (
    COLUMN_NAMES,
    TEMPLATE_COLUMNS,
    DatasetLike,
    ImportProblems,
    dataset_rows,
    read_template_csv,
    read_template_xlsx,
)

TELEMARK_DIR = DATA_DIR / "telemark"
TELEMARK_COUNTY = "40"
DEFAULT_PERIODS = 10
MAX_FILE_BYTES = 200 * 1024 * 1024
# A template row becomes a Python object of its own: 20 MB of CSV, 358,000 figures, peaked at
# 427 MB in all while it was read and stored on SQLite. Local figures are far fewer.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


class StatisticsClient(Protocol):
    """What ``fetch`` needs of the SSB and FHI clients (``soslokal.indicators.clients``)."""

    def data(self, table_id: str, selection: Mapping[str, Sequence[str]]) -> DatasetLike: ...


class RegionChangeClient(Protocol):
    """What ``fetch`` needs of the KLASS client: the code changes since a date."""

    def changes(self, classification: int, since: dt.date) -> Iterable[Any]: ...


def _dataset_date(dataset: DatasetLike) -> dt.date | None:
    try:
        return dt.date.fromisoformat((dataset.updated or "")[:10])
    except ValueError:
        return None


# Files ----------------------------------------------------------------------------------------


def import_path(
    *, path: Path, indicator: str | None = None, who: str, user: User | None = None
) -> list[ImportRun]:
    """Import a file, or every snapshot file in a folder; one import run per file. The
    catalogue and the regions (with any city district entered as an area since) are brought
    up to date first."""
    catalogue_ensure()
    regions_load()
    if path.is_dir():
        return snapshot_import(directory=path, who=who, user=user)
    return [import_file(path=path, indicator=indicator, who=who, user=user)]


def import_file(
    *, path: Path, indicator: str | None = None, who: str, user: User | None = None
) -> ImportRun:
    suffix = path.suffix.lower()
    snapshot = next((s for s in SNAPSHOT if s.filename == path.name), None)
    kind = (
        ImportRun.Kind.JSONSTAT
        if suffix == ".json"
        else ImportRun.Kind.SNAPSHOT
        if snapshot is not None and suffix == ".csv" and not _is_template(path)
        else ImportRun.Kind.TEMPLATE
    )
    run = import_run_start(
        kind=kind, what=path.name, who=who, user=user, indicators=[indicator] if indicator else []
    )
    if suffix not in (".json", ".csv", ".xlsx"):
        return import_run_fail(
            run=run, errors=[f"{path.name}: import a .json (JSON-stat2), .csv or .xlsx file"]
        )
    if not path.is_file():
        return import_run_fail(run=run, errors=[f"{path}: no such file"])
    limit = MAX_FILE_BYTES if kind == ImportRun.Kind.JSONSTAT else MAX_TEMPLATE_BYTES
    if path.stat().st_size > limit:
        return import_run_fail(
            run=run, errors=[f"{path.name}: larger than {limit // 1024 // 1024} MB"]
        )
    data = path.read_bytes()
    if kind == ImportRun.Kind.JSONSTAT:
        return import_execute(run=run, read=lambda: _read_jsonstat(data, indicator, path.name))
    if kind == ImportRun.Kind.SNAPSHOT:
        assert snapshot is not None  # noqa: S101 – chosen above
        names = telemark_names()
        return import_execute(run=run, read=lambda: _read_snapshot(snapshot, data, names))
    reader = read_template_xlsx if suffix == ".xlsx" else read_template_csv
    return import_execute(
        run=run,
        read=lambda: Incoming(
            rows=reader(data, indicator=indicator), source=f"{path.name} (local figures)"
        ),
    )


def _is_template(path: Path) -> bool:
    if not path.is_file():
        return False  # said once the run has started
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8-sig", errors="replace").lower()
    columns = {COLUMN_NAMES.get(c.strip(), c.strip()) for c in first.replace(";", ",").split(",")}
    return {"region", "period", "value"} <= columns and columns <= set(TEMPLATE_COLUMNS)


def _read_jsonstat(data: bytes, indicator: str | None, name: str) -> Incoming:
    if not indicator:
        raise ImportProblems(
            [f"{name}: say which indicator the JSON-stat file holds (--indicator ID)"]
        )
    found = Indicator.objects.filter(code=indicator).first()
    if found is None:
        raise ImportProblems([f"unknown indicator {indicator!r}: it is not in the catalogue"])
    try:
        dataset = jsonstat.parse(data)
    except jsonstat.JsonStatError as error:
        raise ImportProblems([f"{name}: not valid JSON-stat2: {error}"]) from error
    source = source_spec(found)
    rows = dataset_rows(dataset, indicator=indicator, source=source)
    return Incoming(rows=rows, source=source.label, source_updated=_dataset_date(dataset))


def telemark_names(data: RegionData | None = None) -> NameIndex:
    data = data or region_data_read()
    return NameIndex(data.regions, data.changes, county=TELEMARK_COUNTY)


def _read_snapshot(spec: SnapshotFile, data: bytes, names: NameIndex) -> Incoming:
    return Incoming(rows=read_snapshot_file(spec, data, names), source=spec.source)


def _snapshot_reader(spec: SnapshotFile, data: bytes, names: NameIndex) -> Callable[[], Incoming]:
    return lambda: _read_snapshot(spec, data, names)


def snapshot_import(
    *, directory: Path = TELEMARK_DIR, who: str, user: User | None = None
) -> list[ImportRun]:
    """Every Telemark snapshot file in ``directory``, one import run each."""
    names = telemark_names()
    runs = []
    for spec in SNAPSHOT:
        path = directory / spec.filename
        if not path.is_file():
            continue
        run = import_run_start(
            kind=ImportRun.Kind.SNAPSHOT,
            what=spec.filename,
            who=who,
            user=user,
            indicators=spec.indicators,
        )
        data = path.read_bytes()
        runs.append(import_execute(run=run, read=_snapshot_reader(spec, data, names)))
    if not runs:
        run = import_run_start(
            kind=ImportRun.Kind.SNAPSHOT, what=str(directory), who=who, user=user
        )
        runs.append(import_run_fail(run=run, errors=[f"{directory}: no snapshot files in it"]))
    return runs


# Fetching from the APIs -----------------------------------------------------------------------


class _FhiTables:
    """FHI's client behind the call ``fetch`` makes of every agency: ``data(table, selection)``,
    the table named with its collection (``nokkel/366``)."""

    def __init__(self) -> None:
        self._client = fhi.FhiClient()

    def data(self, table_id: str, selection: Mapping[str, Sequence[str]]) -> jsonstat.Dataset:
        source, _slash, table = table_id.partition("/")
        return self._client.data(source, table, selection)


def _client(agency: str) -> StatisticsClient:
    """The live client of an agency: Statistics Norway's or FHI's."""
    return ssb.SsbClient() if agency == "SSB" else _FhiTables()


def fetch_selection(indicator: Indicator, *, periods: int) -> dict[str, list[str]]:
    """What ``fetch`` asks for: every region in use at the indicator's levels, the newest
    ``periods`` periods, and the catalogue's query."""
    source = source_spec(indicator)
    regions = Region.objects.filter(valid_to__isnull=True, level__in=indicator.levels)
    newest = f"top({periods})" if indicator.agency == "SSB" else f"bottom({periods})"
    return {
        source.region: sorted(regions.values_list("code", flat=True)),
        source.time: [newest],
        **{name: list(codes) for name, codes in source.query.items()},
    }


def fetch(
    *,
    indicators: Sequence[str] = (),
    clients: Mapping[str, StatisticsClient] | None = None,
    periods: int = DEFAULT_PERIODS,
    who: str,
    user: User | None = None,
) -> list[ImportRun]:
    """Fetch every indicator of the catalogue (or those named) that has an SSB or FHI source,
    one import run each; a failing table stores nothing and the others go on."""
    catalogue_ensure()
    regions_load()
    chosen = Indicator.objects.filter(agency__in=("SSB", "FHI"))
    if indicators:
        chosen = chosen.filter(code__in=indicators)
    runs = []
    for indicator in chosen:
        source = source_spec(indicator)
        run = import_run_start(
            kind=ImportRun.Kind.FETCH,
            what=f"{source.label}" + (f" ({source.collection})" if source.collection else ""),
            who=who,
            user=user,
            indicators=[indicator.code],
        )
        client = (clients or {}).get(indicator.agency)

        def read(indicator: Indicator = indicator, client: Any = client) -> Incoming:
            source = source_spec(indicator)
            table = f"{source.collection}/{source.table}" if source.collection else source.table
            live = client or _client(indicator.agency)
            dataset = live.data(table, fetch_selection(indicator, periods=periods))
            rows = dataset_rows(dataset, indicator=indicator.code, source=source)
            return Incoming(rows=rows, source=source.label, source_updated=_dataset_date(dataset))

        runs.append(import_execute(run=run, read=read))
    missing = sorted(set(indicators) - {run.indicator_codes[0] for run in runs})
    for code in missing:
        run = import_run_start(kind=ImportRun.Kind.FETCH, what=code, who=who, user=user)
        runs.append(
            import_run_fail(run=run, errors=[f"{code!r} is no indicator with an SSB or FHI source"])
        )
    return runs


def _field(change: Any, *names: str) -> Any:
    for name in names:
        if isinstance(change, Mapping) and name in change:
            return change[name]
        if hasattr(change, name):
            return getattr(change, name)
    raise KeyError(names[0])


def fetch_region_changes(
    *,
    client: RegionChangeClient | None = None,
    since: dt.date = dt.date(2018, 1, 1),
    who: str,
    user: User | None = None,
) -> ImportRun:
    """Code changes of municipalities (KLASS 131) and counties (104) since ``since``."""
    run = import_run_start(kind=ImportRun.Kind.REGIONS, what="KLASS 131, 104", who=who, user=user)
    klass: Any = client or KlassClient()
    try:
        changes = []
        for classification in (131, 104):
            for item in klass.changes(classification, since):
                old = normalise_code(str(_field(item, "old_code", "oldCode")))
                new = normalise_code(str(_field(item, "new_code", "newCode")))
                on = _field(item, "date", "changed_on", "changeOccurred")
                level_of(old), level_of(new)  # a code of no known length is refused here
                changes.append(
                    CodeChange(
                        old,
                        new,
                        on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on)[:10]),
                        str(_field(item, "old_name", "oldName")),
                        str(_field(item, "new_name", "newName")),
                    )
                )
        shipped = region_data_read()
        added = regions_load(data=RegionData(shipped.regions, shipped.changes + changes))
    except Exception as error:
        return import_run_fail(run=run, errors=[f"{type(error).__name__}: {error}"])
    run.status = ImportRun.Status.SUCCEEDED
    run.rows_read = len(changes)
    run.rows_stored = added
    run.notes = [f"{len(changes)} code changes read, {added} regions added"]
    run.finished_at = timezone.now()
    run.save()
    return run


def demo_indicators_load() -> list[ImportRun]:
    """The demo's figures: the catalogue, regions, and the whole Telemark snapshot."""
    catalogue_load_file()
    regions_load()
    return snapshot_import(directory=TELEMARK_DIR, who="demo")
