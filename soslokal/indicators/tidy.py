"""Tidy rows of figures, and everything that turns a file into them (pure, no Django).

Whatever a figure comes from (a JSON-stat answer of SSB or FHI, a municipality's own CSV or XLSX
file filled in after the template, or one of the Telemark snapshot files), it becomes a
``TidyRow``: indicator, region code, period, value, status flag and breakdown. Rows are then
harmonised to today's region codes (``harmonise``) and stored.

Every reader collects its problems with the line they are on and raises ``ImportProblems`` with
all of them, so a person fixing a file sees everything that is wrong at once."""

import csv
import io
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from soslokal.indicators.catalogue import SourceSpec
from soslokal.indicators.regions import (
    DIRECT,
    MERGED,
    RENUMBERED,
    SPLIT,
    SUMMED,
    Harmoniser,
    Resolution,
    normalise_code,
)

# Status flags as SSB and FHI write them: missing, not applicable, confidential.
STATUSES = {"": "", "..": "missing", ".": "not applicable", ":": "confidential"}
MAX_PROBLEMS = 50

TEMPLATE_COLUMNS = ("indicator", "region", "period", "value", "status", "breakdown", "source")
REQUIRED_COLUMNS = ("indicator", "region", "period", "value")

_BREAKDOWN = re.compile(r"^[a-z][a-z0-9_]*=[^;=]+$")
_YEAR = r"(1[89]\d\d|20\d\d)"
_PERIODS = [
    # 2024 · 2024-01-01 (FHI exports) · 2024M01, 2024K1, 2024H1 (months, quarters, halves)
    (re.compile(rf"^{_YEAR}(?:-01-01|[MKH]\d\d?)?$"), "year"),
    # 2021-2023 · 2021_2023 (FHI) · 2021–2023
    (re.compile(rf"^{_YEAR}[-_–]{_YEAR}$"), "range"),
    # school years: 2023/24 · 2014/15-2016/17
    (re.compile(rf"^{_YEAR}/\d\d(?:[-_–]{_YEAR}/\d\d)?$"), "school"),
]


class ImportProblems(ValueError):
    """A file or answer that cannot be stored; ``problems`` lists each with its place."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        super().__init__("; ".join(shown) + (f"; and {more} more" if more > 0 else ""))


class TidyRow(NamedTuple):
    indicator: str
    region: str
    period: str
    value: float | None
    status: str = ""
    breakdown: str = ""
    harmonisation: str = DIRECT
    line: int = 0  # where the row came from, for messages; 0 when not from a file line
    source: str = ""  # the row's own source, where a file names one per row

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.region, self.period, self.breakdown)


class Period(NamedTuple):
    label: str
    start: int
    end: int


def parse_period(text: str) -> Period:
    """``"2024"`` → 2024–2024; ``"2021_2023"`` → "2021-2023"; ``"2014/15-2016/17"`` (school
    years, counted by the autumn they start) → 2014–2016. Raises ``ValueError``."""
    value = str(text).strip()
    for pattern, kind in _PERIODS:
        match = pattern.match(value)
        if not match:
            continue
        if kind == "year":
            year = int(match[1])
            label = value[:4] if value.endswith("-01-01") else value
            return Period(label, year, year)
        start = int(match[1])
        end = int(match[2]) if match[2] else start
        if end < start:
            break
        if kind == "range":
            return Period(f"{start}-{end}", start, end)
        return Period(value.replace("_", "-").replace("–", "-"), start, end)
    raise ValueError(f"{value!r} is not a period such as 2024, 2021-2023 or 2023/24")


def parse_number(value: object) -> float:
    """A number as a person types it: ``12,5``, ``12.5``, ``1 234``; raises ``ValueError``."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if "," in text and "." in text:
            raise ValueError(f"{value!r}: write numbers without a thousands separator")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a number")
    return number


def check_breakdown(text: str) -> str:
    """``"sex=female;age=0-17"`` → the same, parts sorted; ``""`` → ``""``."""
    parts = [part.strip() for part in text.split(";") if part.strip()]
    for part in parts:
        if not _BREAKDOWN.match(part):
            raise ValueError(f"{text!r} is not a breakdown such as sex=female or age=0-17")
    keys = [part.partition("=")[0] for part in parts]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{text!r} names the same breakdown twice")
    return ";".join(sorted(parts))


# The template ---------------------------------------------------------------------------------


def read_template_rows(
    rows: Iterable[Sequence[object]], *, indicator: str | None = None
) -> list[TidyRow]:
    """Rows of the template: a header, then one figure per row. Columns ``indicator``,
    ``region``, ``period``, ``value``, and optionally ``status``, ``breakdown`` and ``source``,
    in any order;
    ``indicator`` may be left out when ``indicator`` is given. Raises ``ImportProblems``."""
    iterator = iter(rows)
    header = [str(cell or "").strip().lower().lstrip("\ufeff") for cell in next(iterator, [])]
    required = [c for c in REQUIRED_COLUMNS if not (c == "indicator" and indicator)]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c and c not in TEMPLATE_COLUMNS]
    if missing or unknown:
        message = "line 1: the columns must be " + ", ".join(TEMPLATE_COLUMNS)
        if missing:
            message += f"; missing: {', '.join(missing)}"
        if unknown:
            message += f"; not known: {', '.join(unknown)}"
        raise ImportProblems([message])
    position = {name: header.index(name) for name in TEMPLATE_COLUMNS if name in header}
    problems: list[str] = []
    found: list[TidyRow] = []
    for line, cells in enumerate(iterator, start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue

        def cell(name: str, cells: Sequence[object] = cells) -> object:
            at = position.get(name)
            return cells[at] if at is not None and at < len(cells) else None

        text = {
            name: str(cell(name) if cell(name) is not None else "").strip() for name in position
        }
        row_problems = []
        row_indicator = text.get("indicator") or indicator or ""
        if not row_indicator:
            row_problems.append("no indicator")
        elif indicator and row_indicator != indicator:
            row_problems.append(f"indicator {row_indicator!r}, but the import is for {indicator!r}")
        region = normalise_code(text.get("region", "")) if text.get("region") else ""
        if not region.isdigit():
            row_problems.append(f"region {text.get('region', '')!r} is not a region code")
        period = ""
        try:
            period = parse_period(text.get("period", "")).label
        except ValueError as error:
            row_problems.append(str(error))
        status = text.get("status", "")
        if status not in STATUSES:
            row_problems.append(f"status {status!r} is not one of .., . or :")
        value: float | None = None
        raw_value = cell("value")
        if raw_value is None or str(raw_value).strip() == "":
            if not status:
                row_problems.append("no value: give a number, or a status (.., . or :) instead")
        else:
            try:
                value = parse_number(raw_value)
            except ValueError as error:
                row_problems.append(str(error))
        breakdown = ""
        try:
            breakdown = check_breakdown(text.get("breakdown", ""))
        except ValueError as error:
            row_problems.append(str(error))
        source = text.get("source", "")
        if len(source) > 100:
            row_problems.append("the source is longer than 100 characters")
        if row_problems:
            problems.extend(f"line {line}: {problem}" for problem in row_problems)
            continue
        found.append(
            TidyRow(row_indicator, region, period, value, status, breakdown, DIRECT, line, source)
        )
    if problems:
        raise ImportProblems(problems)
    if not found:
        raise ImportProblems(["the file has a header but no figures"])
    return found


def read_template_csv(data: bytes, *, indicator: str | None = None) -> list[TidyRow]:
    """The template as CSV: UTF-8 (with or without BOM), separated by ``,`` or ``;``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblems([f"the file is not UTF-8 text (byte {error.start})"]) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return read_template_rows(
        csv.reader(io.StringIO(text), delimiter=delimiter), indicator=indicator
    )


def read_template_xlsx(data: bytes, *, indicator: str | None = None) -> list[TidyRow]:
    """The template as an Excel workbook: the same columns in the first sheet."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportProblems([f"not a readable XLSX workbook ({error})"]) from error
    try:
        sheet = workbook.worksheets[0]
        return read_template_rows(sheet.iter_rows(values_only=True), indicator=indicator)
    finally:
        workbook.close()


# JSON-stat ------------------------------------------------------------------------------------


class DimensionLike(Protocol):
    """What is needed of ``soslokal.indicators.jsonstat.Dimension``."""

    @property
    def code(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...


class DatasetLike(Protocol):
    """What is needed of ``soslokal.indicators.jsonstat.Dataset``."""

    @property
    def label(self) -> str: ...
    @property
    def updated(self) -> str | None: ...
    @property
    def dimensions(self) -> Sequence[DimensionLike]: ...
    def rows(self) -> Iterator[tuple[tuple[str, ...], float | None, str | None]]: ...


def check_dataset(dataset: DatasetLike, source: SourceSpec) -> None:
    """Does the answer match what the catalogue asks for? Raises ``ImportProblems`` naming
    every dimension or category that is missing or more than expected ("table metadata
    changed"), so a changed table stores nothing rather than the wrong figures."""
    dimensions = {d.code: d for d in dataset.dimensions}
    problems = []
    breakdowns = {b.dimension for b in source.breakdowns}
    for needed in (source.region, source.time, *source.query, *source.sum):
        if needed not in dimensions:
            problems.append(
                f"table {source.label} has no dimension {needed!r} "
                f"(it has {', '.join(dimensions) or 'none'}): its metadata have changed"
            )
    for name, codes in source.query.items():
        if name in dimensions:
            absent = [code for code in codes if code not in dimensions[name].categories]
            if absent:
                problems.append(
                    f"table {source.label}: dimension {name!r} has no category "
                    f"{', '.join(map(repr, absent))}: its metadata have changed"
                )
    for name, dimension in dimensions.items():
        fixed = name not in (source.region, source.time) and name not in breakdowns
        if fixed and name not in source.sum and len(dimension.categories) != 1:
            problems.append(
                f"table {source.label}: dimension {name!r} has {len(dimension.categories)} "
                "categories where the catalogue expects one (select one in the query, or list it "
                "under breakdowns)"
            )
    if problems:
        raise ImportProblems(problems)


def dataset_rows(dataset: DatasetLike, *, indicator: str, source: SourceSpec) -> list[TidyRow]:
    """A JSON-stat dataset as tidy rows of one indicator, after ``check_dataset``. Categories of
    the ``sum`` dimensions are added up (a missing part makes the sum missing)."""
    check_dataset(dataset, source)
    codes = [d.code for d in dataset.dimensions]
    at_region, at_time = codes.index(source.region), codes.index(source.time)
    breakdowns = [(codes.index(b.dimension), b) for b in source.breakdowns if b.dimension in codes]
    summing = any(name in codes for name in source.sum)
    periods: dict[str, str] = {}
    problems: list[str] = []
    totals: dict[tuple[str, str, str], list[tuple[float | None, str]]] = defaultdict(list)
    rows: list[TidyRow] = []
    for cell_codes, value, status in dataset.rows():
        time = cell_codes[at_time]
        if time not in periods:
            try:
                periods[time] = parse_period(time).label
            except ValueError as error:
                problems.append(f"dimension {source.time!r}: {error}")
                periods[time] = ""
        parts = []
        for at, spec in breakdowns:
            category = cell_codes[at]
            if category != spec.total:
                parts.append(f"{spec.key}={spec.categories.get(category, category)}")
        region = normalise_code(cell_codes[at_region])
        breakdown = ";".join(sorted(parts))
        flag = status or ""
        if summing:
            totals[(region, periods[time], breakdown)].append((value, flag))
        else:
            rows.append(TidyRow(indicator, region, periods[time], value, flag, breakdown))
    if problems:
        raise ImportProblems(sorted(set(problems)))
    for (region, period, breakdown), parts_of in totals.items():
        values = [v for v, _ in parts_of]
        flags = [f for _, f in parts_of if f]
        if any(v is None for v in values):
            rows.append(
                TidyRow(indicator, region, period, None, flags[0] if flags else "..", breakdown)
            )
        else:
            total = math.fsum(v for v in values if v is not None)
            rows.append(TidyRow(indicator, region, period, total, "", breakdown))
    return rows


# Harmonising ----------------------------------------------------------------------------------


@dataclass
class Harmonised:
    """Rows keyed as stored, with how many were flagged (kept on an old code) or summed."""

    rows: list[TidyRow]
    flagged: int = 0
    summed: int = 0
    notes: list[str] = field(default_factory=list)


def _where(row: TidyRow) -> str:
    return f"line {row.line}: " if row.line else ""


def harmonise(
    rows: Iterable[TidyRow], harmoniser: Harmoniser, *, additive: frozenset[str] = frozenset()
) -> Harmonised:
    """Move rows to today's region codes (see ``regions``). Raises ``ImportProblems`` for
    unknown region codes and for two different values of one indicator, region, period and
    breakdown. A missing value gives way to a present one for the same key (SSB lists old and
    new codes side by side, with the old ones empty after a reform)."""
    placed: dict[tuple[str, str, str, str], TidyRow] = {}
    merging: dict[tuple[str, str, str, str], dict[str, TidyRow]] = defaultdict(dict)
    problems: list[str] = []
    unknown: dict[str, TidyRow] = {}
    flagged = 0

    def place(row: TidyRow) -> None:
        key = (row[0], row[1], row[2], row[5])  # indicator, region, period, breakdown
        existing = placed.get(key)
        if existing is None or (existing.value is None and row.value is not None):
            placed[key] = row
        elif row.value is not None and existing.value != row.value:
            first = f" (line {existing.line})" if existing.line else ""
            problems.append(
                f"{_where(row)}a second value for {row.indicator}, region {row.region}, "
                f"{row.period}{', ' + row.breakdown if row.breakdown else ''}{first}"
            )

    resolutions: dict[str, Resolution | None] = {}
    for row in rows:
        code = row[1]
        if code in resolutions:
            resolution = resolutions[code]
        else:
            resolution = resolutions[code] = harmoniser.resolve(code)
        if resolution is None:
            unknown.setdefault(code, row)
            continue
        kind = resolution.kind
        if kind == DIRECT:
            key = (row[0], code, row[2], row[5])
            if key not in placed:
                placed[key] = row
            else:
                place(row)
        elif kind == RENUMBERED:
            place(row._replace(region=resolution.targets[0], harmonisation=RENUMBERED))
        elif kind == MERGED and row.indicator in additive:
            target = resolution.targets[0]
            merging[(row.indicator, target, row.period, row.breakdown)][code] = row
        else:
            flagged += 1
            place(row._replace(harmonisation=MERGED if kind == MERGED else SPLIT))
    for code, row in unknown.items():
        problems.append(f"{_where(row)}unknown region code {code!r}")

    summed = 0
    notes = []
    for (indicator, target, period, breakdown), parts in merging.items():
        needed = {
            code
            for code in harmoniser.ancestors(target)
            if (r := harmoniser.resolve(code)) is not None and r.kind == MERGED
        }
        if set(parts) != needed:
            lacking = ", ".join(sorted(needed - set(parts)))
            notes.append(
                f"{indicator} {period}: {', '.join(sorted(parts))} not summed into {target} "
                f"(no figure for {lacking})"
            )
            for row in parts.values():
                flagged += 1
                place(row._replace(harmonisation=MERGED))
            continue
        values = [row.value for row in parts.values()]
        statuses = [row.status for row in parts.values() if row.status]
        first = min(parts.values(), key=lambda r: r.line)
        total = None if any(v is None for v in values) else math.fsum(v or 0.0 for v in values)
        status = (statuses[0] if statuses else "..") if total is None else ""
        summed += 1
        place(TidyRow(indicator, target, period, total, status, breakdown, SUMMED, first.line))
    if problems:
        raise ImportProblems(problems)
    return Harmonised(list(placed.values()), flagged=flagged, summed=summed, notes=notes)
