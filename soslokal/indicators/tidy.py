"""Tidy rows of figures, and everything that turns a file into them (pure, no Django).

Whatever a figure comes from (a JSON-stat answer of SSB or FHI, a municipality's own CSV or XLSX
file filled in after the template, or one of the Telemark snapshot files), it becomes a
``TidyRow``: indicator, region code, period, value, status flag and breakdown. Rows are then
harmonised to today's region codes (``harmonise``) and stored. A JSON-stat answer of 800,000
cells (the most SSB gives in one call) is handled as ``TidyColumns``, one list per field, built
and harmonised a region code or a category at a time rather than a cell at a time.

Every reader collects its problems with the line they are on and raises ``ImportProblems`` with
all of them, so a person fixing a file sees everything that is wrong at once."""

import csv
import dataclasses
import datetime as dt
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, product
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from soslokal.core.tables import BinaryData, BrokenSpreadsheet, text_decode, xlsx_rows
from soslokal.indicators.catalogue import BreakdownSpec, SourceSpec
from soslokal.indicators.regions import (
    DIRECT,
    MERGED,
    RENUMBERED,
    SPLIT,
    SUMMED,
    Harmoniser,
    normalise_code,
)

# Status flags as SSB and FHI write them: missing, not applicable, confidential.
STATUSES = {"": "", "..": "missing", ".": "not applicable", ":": "confidential"}
WITHHELD = frozenset(STATUSES) - {""}  # the flags that stand instead of a figure
MAX_PROBLEMS = 50

BREAKDOWN_LIMIT = 100  # Observation.breakdown
STATUS_LIMIT = 4  # Observation.status
MAX_TEMPLATE_ROWS = 1_048_576  # as many as an Excel sheet has
TEMPLATE_COLUMNS = ("indicator", "region", "period", "value", "status", "breakdown", "source")
# The same columns under the Norwegian names a municipality's staff may give them, bokmål and
# nynorsk; a header cell is read in lower case, without spaces around it.
COLUMN_NAMES = {column: column for column in TEMPLATE_COLUMNS} | {
    "indikator": "indicator",
    "regionkode": "region",
    "kommunenummer": "region",
    "periode": "period",
    "år": "period",
    "aar": "period",
    "verdi": "value",
    "flagg": "status",
    "inndeling": "breakdown",
    "kilde": "source",
    "kjelde": "source",
}
REQUIRED_COLUMNS = ("indicator", "region", "period", "value")

_BREAKDOWN = re.compile(r"^[a-z][a-z0-9_]*=[^;=]+$")
_YEAR = r"(1[89]\d\d|20\d\d)"
_PERIODS = [
    # 2024 · 2024-01-01 (FHI exports) · 2024M01, 2024K1, 2024H1 (months, quarters, halves)
    (re.compile(rf"^{_YEAR}(?:-01-01|([MKH])(\d\d?))?$"), "year"),
    # 2021-2023 · 2021_2023 (FHI) · 2021–2023
    (re.compile(rf"^{_YEAR}[-_–]{_YEAR}$"), "range"),
    # school years: 2023/24 · 2014/15-2016/17 · 2024/2025
    (re.compile(rf"^{_YEAR}/(\d\d)(?:[-_–]{_YEAR}/(\d\d))?$"), "school"),
    (re.compile(rf"^{_YEAR}/{_YEAR}$"), "school, long"),
]
_PARTS_OF_A_YEAR = {"M": 12, "K": 4, "H": 2}  # months, quarters (kvartal), halves


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


@dataclass
class TidyColumns:
    """Tidy rows held column by column, one list per field of ``TidyRow`` (in its order): the
    shape hundreds of thousands of figures are harmonised and stored in without an object per
    figure. Iterating gives ``TidyRow``s. ``unique`` says that no two rows share an indicator,
    region, period and breakdown (known of a dataset's cells, so need not be checked)."""

    indicator: list[str]
    region: list[str]
    period: list[str]
    value: list[float | None]
    status: list[str]
    breakdown: list[str]
    harmonisation: list[str]
    line: list[int]
    source: list[str]
    unique: bool = False

    @classmethod
    def of(cls, rows: "Iterable[TidyRow] | TidyColumns") -> "TidyColumns":
        if isinstance(rows, TidyColumns):
            return rows
        rows = list(rows)
        if not rows:
            return cls([], [], [], [], [], [], [], [], [])
        return cls.of_fields([list(column) for column in zip(*rows, strict=True)])

    @classmethod
    def of_fields(cls, fields: Sequence[list[Any]], *, unique: bool = False) -> "TidyColumns":
        """From lists in the order of ``fields()``."""
        indicator, region, period, value, status, breakdown, how, line, source = fields
        return cls(indicator, region, period, value, status, breakdown, how, line, source, unique)

    def fields(self) -> list[list[Any]]:
        return [
            self.indicator,
            self.region,
            self.period,
            self.value,
            self.status,
            self.breakdown,
            self.harmonisation,
            self.line,
            self.source,
        ]

    def take(self, positions: Sequence[int]) -> "TidyColumns":
        """The rows at ``positions``, in that order."""
        taken = [_take(column, positions) for column in self.fields()]
        return TidyColumns.of_fields(taken, unique=self.unique)

    def __len__(self) -> int:
        return len(self.region)

    def __iter__(self) -> Iterator[TidyRow]:
        return map(TidyRow._make, zip(*self.fields(), strict=True))


def _one_entry(column: list[Any]) -> bool:
    """Is every entry the same (the indicator, a source, no line): a look at three first."""
    first = column[0]
    if not first == column[-1] == column[len(column) // 2]:
        return False
    return column.count(first) == len(column)


def _take(column: list[Any], positions: Sequence[int]) -> list[Any]:
    if column and _one_entry(column):
        return [column[0]] * len(positions)
    if len(positions) > 1:
        return list(itemgetter(*positions)(column))  # in C, not an item at a time
    return [column[at] for at in positions]


def _spread(categories: Sequence[Any], sizes: Sequence[int], position: int) -> list[Any]:
    """One entry per cell of a dataset whose dimensions have ``sizes``, in row-major order:
    the entry of the cell's category of the dimension at ``position``. Made by repeating
    lists, so it costs a few list copies rather than a step per cell."""
    inner = math.prod(sizes[position + 1 :])
    outer = math.prod(sizes[:position])
    block: list[Any] = []
    for entry in categories:
        block += [entry] * inner
    return block * outer


class Period(NamedTuple):
    label: str
    start: int
    end: int


def parse_period(text: str) -> Period:
    """``"2024"`` → 2024–2024; ``"2021_2023"`` → "2021-2023"; ``"2014/15-2016/17"`` (school
    years, counted by the autumn they start) → 2014–2016; ``"2024/2025"`` → "2024/25"; a range
    of one year, ``"2024-2024"``, is that year. Raises ``ValueError``."""
    value = str(text).strip()
    for pattern, kind in _PERIODS:
        match = pattern.match(value)
        if not match:
            continue
        if kind == "year":
            year = int(match[1])
            if match[2] and not 1 <= int(match[3]) <= _PARTS_OF_A_YEAR[match[2]]:
                break
            label = value[:4] if value.endswith("-01-01") else value
            return Period(label, year, year)
        if kind == "school, long":
            start, end = int(match[1]), int(match[2])
            if end != start + 1:
                break
            return Period(f"{start}/{end % 100:02d}", start, start)
        start = int(match[1])
        if kind == "range":
            end = int(match[2])
            if end < start:
                break
            return Period(str(start) if end == start else f"{start}-{end}", start, end)
        end = int(match[3]) if match[3] else start  # school years
        if end < start or not _school_years_follow(match):
            break
        return Period(value.replace("_", "-").replace("–", "-"), start, end)
    raise ValueError(f"{value!r} is not a period such as 2024, 2021-2023 or 2023/24")


def _school_years_follow(match: re.Match[str]) -> bool:
    """Does each school year end the year after it starts (2023/24, not 2023/26)?"""
    pairs = [(match[1], match[2]), (match[3], match[4])]
    return all(int(end) == (int(start) + 1) % 100 for start, end in pairs if start)


def parse_number(value: object) -> float:
    """A number as a person types it: ``12,5``, ``12.5``, ``1 234``; raises ``ValueError``."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, dt.date | dt.time):  # a spreadsheet cell formatted as a date
        raise ValueError(f"a date or time ({value}) where a number belongs")
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
    breakdown = ";".join(sorted(parts))
    if len(breakdown) > BREAKDOWN_LIMIT:
        raise ValueError(f"the breakdown is longer than {BREAKDOWN_LIMIT} characters")
    return breakdown


# The template ---------------------------------------------------------------------------------


def read_template_rows(
    rows: Iterable[tuple[int, Sequence[object]]], *, indicator: str | None = None
) -> list[TidyRow]:
    """Rows of the template, each with its line: a header, then one figure per row. Columns
    ``indicator``, ``region``, ``period``, ``value``, and optionally ``status``, ``breakdown``
    and ``source``, in any order; ``indicator`` may be left out when ``indicator`` is given.
    Raises ``ImportProblems``."""
    iterator = iter(rows)
    _line, first = next(iterator, (1, []))
    named = [str(cell or "").strip().lower().lstrip("\ufeff") for cell in first]
    header = [COLUMN_NAMES.get(name, name) for name in named]
    required = [c for c in REQUIRED_COLUMNS if not (c == "indicator" and indicator)]
    missing = [c for c in required if c not in header]
    unknown = [
        name for name, c in zip(named, header, strict=True) if c and c not in TEMPLATE_COLUMNS
    ]
    doubled = sorted({c for c in header if c and header.count(c) > 1})
    if missing or unknown or doubled:
        message = "line 1: the columns must be " + ", ".join(TEMPLATE_COLUMNS)
        if missing:
            message += f"; missing: {', '.join(missing)}"
        if unknown:
            message += f"; not known: {', '.join(unknown)}"
        if doubled:
            message += f"; named twice: {', '.join(doubled)}"
        raise ImportProblems([message])
    position = {name: header.index(name) for name in TEMPLATE_COLUMNS if name in header}
    problems: list[str] = []
    found: list[TidyRow] = []
    for line, cells in iterator:
        if not any(str(cell or "").strip() for cell in cells):
            continue
        row_problems, row = _template_row(cells, position, line, indicator)
        if row_problems:
            problems.extend(f"line {line}: {problem}" for problem in row_problems)
        elif row is not None:
            found.append(row)
    if problems:
        raise ImportProblems(problems)
    if not found:
        raise ImportProblems(["the file has a header but no figures"])
    return found


def _template_row(
    cells: Sequence[object], position: dict[str, int], line: int, indicator: str | None
) -> tuple[list[str], TidyRow | None]:
    """One figure of the template, or what is wrong with it."""

    def cell(name: str) -> object:
        at = position.get(name)
        return cells[at] if at is not None and at < len(cells) else None

    text = {name: str(cell(name) if cell(name) is not None else "").strip() for name in position}
    row_problems = []
    named = set(position.values())
    if any(str(c or "").strip() for at, c in enumerate(cells) if at not in named):
        row_problems.append(
            "a cell outside the named columns: a decimal comma in a comma-separated file? "
            "Put such numbers in quotes, or separate the columns with ;"
        )
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
    elif status:
        row_problems.append(
            f"a value and the status {status!r}: a figure with a status has no value "
            "(a confidential one is never shown)"
        )
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
        return row_problems, None
    row = TidyRow(row_indicator, region, period, value, status, breakdown, DIRECT, line, source)
    return [], row


def read_template_csv(data: bytes, *, indicator: str | None = None) -> list[TidyRow]:
    """The template as text: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
    text") or Windows-1252 (Excel's "CSV" on a Norwegian Windows); separated by ``,``, ``;``
    or tabs, or as a first line ``sep=;`` says (Excel writes one)."""
    try:
        text, _encoding = text_decode(data)
    except BinaryData:
        raise ImportProblems(
            ["the file is not text: save it as CSV, or import the .xlsx"]
        ) from None
    first, _, rest = text.partition("\n")
    if first.lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter, text, lines_before = first.strip()[4], rest, 1
    else:
        delimiter = max(";,\t", key=first.count) if any(c in first for c in ";,\t") else ","
        lines_before = 0
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return read_template_rows(_numbered(reader, lines_before), indicator=indicator)
    except csv.Error as error:
        line = reader.line_num + lines_before
        why = "a field runs on too long: a quote left open?" if "limit" in str(error) else error
        raise ImportProblems([f"line {line}: the file cannot be read as CSV ({why})"]) from None


def _numbered(reader: Any, lines_before: int) -> Iterator[tuple[int, Sequence[str]]]:
    """Each row with the line of the file it starts on (a quoted field may span lines)."""
    line = 1
    for row in reader:
        yield line + lines_before, row
        line = reader.line_num + 1


def read_template_xlsx(data: bytes, *, indicator: str | None = None) -> list[TidyRow]:
    """The template as an Excel workbook: the same columns in the first sheet. A number shown
    as a percentage is read as shown (86 for 86 %)."""
    try:
        rows = xlsx_rows(data, max_rows=MAX_TEMPLATE_ROWS, percent_as_shown=True)
    except BrokenSpreadsheet as error:
        raise ImportProblems([f"not a readable XLSX workbook ({error})"]) from error
    return read_template_rows(enumerate(rows, start=1), indicator=indicator)


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
    @property
    def values(self) -> Sequence[float | None]: ...
    @property
    def status(self) -> Sequence[str | None]: ...
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


def dataset_rows(dataset: DatasetLike, *, indicator: str, source: SourceSpec) -> TidyColumns:
    """A JSON-stat dataset as tidy rows of one indicator, after ``check_dataset``. Categories of
    the ``sum`` dimensions are added up (a missing part makes the sum missing)."""
    check_dataset(dataset, source)
    dimensions = list(dataset.dimensions)
    codes = [d.code for d in dimensions]
    at_region, at_time = codes.index(source.region), codes.index(source.time)
    problems: list[str] = []
    periods: dict[str, str] = {}
    for time in dimensions[at_time].categories:
        try:
            periods[time] = parse_period(time).label
        except ValueError as error:
            problems.append(f"dimension {source.time!r}: {error}")
            periods[time] = ""
    if problems:
        raise ImportProblems(sorted(set(problems)))
    breakdowns = [(codes.index(b.dimension), b) for b in source.breakdowns if b.dimension in codes]
    if any(name in codes for name in source.sum):
        summed = _summed_rows(dataset, indicator, periods, at_region, at_time, breakdowns)
        return TidyColumns.of(summed)
    # Each column is made a category at a time (see _spread): a region code is normalised
    # and a breakdown written once, not once per cell.
    sizes = [len(d.categories) for d in dimensions]
    cells = math.prod(sizes)
    regions = [normalise_code(c) for c in dimensions[at_region].categories]
    named = [
        [
            "" if c == spec.total else f"{spec.key}={spec.categories.get(c, c)}"
            for c in dimensions[at].categories
        ]
        for at, spec in breakdowns
    ]
    parts = [
        _spread(names, sizes, at) for names, (at, _spec) in zip(named, breakdowns, strict=True)
    ]
    # Cells are unique by their categories; the rows are unique too unless two categories
    # were written alike (K-4003 and 4003, two categories renamed to one breakdown).
    unique = all(len(set(names)) == len(names) for names in [regions, *named])
    unique = unique and len(set(periods.values())) == len(periods)
    if not parts:
        breakdown = [""] * cells
    elif len(parts) == 1:
        breakdown = parts[0]
    else:
        written = {
            combination: ";".join(sorted(part for part in combination if part))
            for combination in product(*named)
        }
        unique = unique and len(set(written.values())) == len(written)
        breakdown = list(map(written.__getitem__, zip(*parts, strict=True)))
    status = dataset.status
    return TidyColumns(
        indicator=[indicator] * cells,
        region=_spread(regions, sizes, at_region),
        period=_spread([periods[t] for t in dimensions[at_time].categories], sizes, at_time),
        value=list(dataset.values),
        status=[flag or "" for flag in status] if any(status) else [""] * cells,
        breakdown=breakdown,
        harmonisation=[DIRECT] * cells,
        line=[0] * cells,
        source=[""] * cells,
        unique=unique,
    )


def _summed_rows(
    dataset: DatasetLike,
    indicator: str,
    periods: dict[str, str],
    at_region: int,
    at_time: int,
    breakdowns: list[tuple[int, BreakdownSpec]],
) -> list[TidyRow]:
    totals: dict[tuple[str, str, str], list[tuple[float | None, str]]] = defaultdict(list)
    for cell_codes, value, status in dataset.rows():
        parts = []
        for at, spec in breakdowns:
            category = cell_codes[at]
            if category != spec.total:
                parts.append(f"{spec.key}={spec.categories.get(category, category)}")
        region = normalise_code(cell_codes[at_region])
        breakdown = ";".join(sorted(parts))
        totals[(region, periods[cell_codes[at_time]], breakdown)].append((value, status or ""))
    rows: list[TidyRow] = []
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

    columns: TidyColumns
    flagged: int = 0
    summed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[TidyRow]:
        return list(self.columns)


def _lost_zero_hint(code: str, harmoniser: Harmoniser) -> str:
    """Spreadsheets read 0301 as the number 301 and drop the zero; say so when that fits."""
    if harmoniser.resolve("0" + code) is None:
        return ""
    return f" (0{code}? A spreadsheet drops the leading zero unless the cell is text)"


def _where(line: int) -> str:
    return f"line {line}: " if line else ""


class _Placing:
    """Rows keyed by indicator, region, period and breakdown: the rows kept as they are
    (``kept``, by position) and rows added or moved (``added``); one row per key. A missing
    value gives way to a present one; two different values are a problem."""

    def __init__(self, kept: TidyColumns, landing: set[str]) -> None:
        self.kept = kept
        self.added: list[TidyRow] = []
        self.problems: list[str] = []
        self.dropped: set[int] = set()
        self.at: dict[tuple[str, str, str, str], int] = {}
        if kept.unique:  # only the kept rows that others may land on need a key
            for at in compress(range(len(kept)), map(landing.__contains__, kept.region)):
                key = (kept.indicator[at], kept.region[at], kept.period[at], kept.breakdown[at])
                self.at[key] = at
            return
        keys = zip(kept.indicator, kept.region, kept.period, kept.breakdown, strict=True)
        self.at = dict(zip(keys, range(len(kept)), strict=True))
        if len(self.at) != len(kept):  # the same key twice among the kept rows: one by one
            self.at = {}
            for position, row in enumerate(kept):
                self.place(row, position)

    def _value_line(self, at: int) -> tuple[float | None, int]:
        if at < 0:
            row = self.added[-at - 1]
            return row.value, row.line
        return self.kept.value[at], self.kept.line[at]

    def place(self, row: TidyRow, position: int | None = None) -> None:
        """Place ``row``: a kept row at ``position``, or else a row added or moved."""
        key = (row[0], row[1], row[2], row[5])  # indicator, region, period, breakdown
        existing_at = self.at.get(key)
        if existing_at is None:
            self.at[key] = position if position is not None else self._add(row)
            return
        value, line = self._value_line(existing_at)
        if value is None and row[3] is not None:
            if position is not None:  # a kept row gives way to a later kept row
                self.dropped.add(existing_at)
                self.at[key] = position
            else:
                self._set(existing_at, row)
        elif row[3] is not None and value != row[3]:
            # Named in the order of the file: the later line has the second value.
            earlier, later = sorted((line, row.line)) if line and row.line else (line, row.line)
            first = f" (line {earlier})" if earlier else ""
            self.problems.append(
                f"{_where(later)}a second value for {row.indicator}, region {row.region}, "
                f"{row.period}{', ' + row.breakdown if row.breakdown else ''}{first}"
            )
        elif position is not None:
            self.dropped.add(position)

    def _add(self, row: TidyRow) -> int:
        self.added.append(row)
        return -len(self.added)

    def _set(self, at: int, row: TidyRow) -> None:
        """Row ``at`` becomes ``row``, which has its key: only the other fields change."""
        if at < 0:
            self.added[-at - 1] = row
            return
        kept = self.kept
        kept.value[at], kept.status[at], kept.harmonisation[at] = row[3], row[4], row[6]
        kept.line[at], kept.source[at] = row[7], row[8]

    def result(self) -> TidyColumns:
        kept = self.kept
        if self.dropped:
            kept = kept.take([p for p in range(len(kept)) if p not in self.dropped])
        if self.added:
            for column, more in zip(kept.fields(), zip(*self.added, strict=True), strict=True):
                column.extend(more)
        return kept


def harmonise(
    rows: Iterable[TidyRow] | TidyColumns,
    harmoniser: Harmoniser,
    *,
    additive: frozenset[str] = frozenset(),
) -> Harmonised:
    """Move rows to today's region codes (see ``regions``). Raises ``ImportProblems`` for
    unknown region codes and for two different values of one indicator, region, period and
    breakdown. A missing value gives way to a present one for the same key (SSB lists old and
    new codes side by side, with the old ones empty after a reform).

    Each region code is resolved once. Rows on a code in use today, or kept on an old one (a
    split), stay where they are, column by column; only rows whose code moves (renumbered, or
    part of a merger) are handled one by one."""
    columns = TidyColumns.of(rows)
    counts = Counter(columns.region)
    resolutions = {code: harmoniser.resolve(code) for code in counts}
    problems = [
        f"{_where(columns.line[columns.region.index(code)])}unknown region code {code!r}"
        + _lost_zero_hint(code, harmoniser)
        for code, resolution in resolutions.items()
        if resolution is None
    ]
    moving = {
        code
        for code, resolution in resolutions.items()
        if resolution is None or resolution.kind in (RENUMBERED, MERGED)
    }
    split = {code for code, r in resolutions.items() if r is not None and r.kind == SPLIT}
    flagged = sum(counts[code] for code in split)
    staying = {code for code in counts if code not in moving}
    everywhere = range(len(columns))
    moved = list(compress(everywhere, map(moving.__contains__, columns.region)))
    if moving:  # new lists: moved rows may replace kept ones in them
        kept = columns.take(list(compress(everywhere, map(staying.__contains__, columns.region))))
    else:  # nothing moves, so nothing is written into the lists
        kept = dataclasses.replace(columns)  # a new object, the same lists
    if split and not any(kept.harmonisation):  # as read: each code's label, once
        label = {code: SPLIT if code in split else DIRECT for code in staying}
        kept.harmonisation = list(map(label.__getitem__, kept.region))
    elif split:
        kept.harmonisation = [
            SPLIT if code in split else how
            for code, how in zip(kept.region, kept.harmonisation, strict=True)
        ]
    landing = {r.targets[0] for code, r in resolutions.items() if code in moving and r is not None}
    placing = _Placing(kept, landing)

    merging: dict[tuple[str, str, str, str], dict[str, TidyRow]] = defaultdict(dict)
    for row in zip(*(_take(column, moved) for column in columns.fields()), strict=True):
        # row: a plain tuple in the order of TidyRow's fields
        code = row[1]
        resolution = resolutions[code]
        if resolution is None:
            continue
        if resolution.kind == RENUMBERED:
            target = resolution.targets[0]
            placing.place(
                TidyRow(row[0], target, row[2], row[3], row[4], row[5], RENUMBERED, row[7], row[8])
            )
        elif row[0] in additive:
            target = resolution.targets[0]
            merging[(row[0], target, row[2], row[5])][code] = TidyRow._make(row)
        else:
            flagged += 1
            placing.place(
                TidyRow(row[0], row[1], row[2], row[3], row[4], row[5], MERGED, row[7], row[8])
            )

    summed = 0
    notes = []
    needed_of: dict[str, set[str]] = {}
    for (indicator, target, period, breakdown), parts in merging.items():
        if target not in needed_of:
            needed_of[target] = {
                code
                for code in harmoniser.ancestors(target)
                if (r := harmoniser.resolve(code)) is not None and r.kind == MERGED
            }
        needed = needed_of[target]
        if set(parts) != needed:
            lacking = ", ".join(sorted(needed - set(parts)))
            notes.append(
                f"{indicator} {period}: {', '.join(sorted(parts))} not summed into {target} "
                f"(no figure for {lacking})"
            )
            for row in parts.values():
                flagged += 1
                placing.place(row._replace(harmonisation=MERGED))
            continue
        values = [row.value for row in parts.values()]
        statuses = [row.status for row in parts.values() if row.status]
        first = min(parts.values(), key=lambda r: r.line)
        total = None if any(v is None for v in values) else math.fsum(v or 0.0 for v in values)
        status = (statuses[0] if statuses else "..") if total is None else ""
        summed += 1
        placing.place(
            TidyRow(indicator, target, period, total, status, breakdown, SUMMED, first.line)
        )
    problems = placing.problems + problems
    if problems:
        raise ImportProblems(problems)
    return Harmonised(placing.result(), flagged=flagged, summed=summed, notes=notes)


def harmonise_parts(
    rows: Iterable[TidyRow] | TidyColumns,
    harmoniser: Harmoniser,
    *,
    additive: frozenset[str] = frozenset(),
    parts: int = 4,
) -> Iterator[Harmonised]:
    """``harmonise`` a part at a time, so that the first part can be stored while the next
    is harmonised: together the parts hold exactly the rows ``harmonise`` gives for all.

    Each region code goes to the part of the code its rows land on (today's code for one that
    moves, its own for one that stays), so rows that could share a cell always meet in one
    part; the landing codes are cut into ``parts`` runs in their order, of about equal rows,
    so the parts follow one another in the order of the stored key. Whether the input is
    sound is only known at its end: the first part with a problem stops the parts, and the
    problems raised are those ``harmonise`` finds in the whole."""
    columns = TidyColumns.of(rows)
    counts = Counter(columns.region)
    landing: dict[str, str] = {}
    for code in counts:
        resolution = harmoniser.resolve(code)
        if resolution is not None and resolution.kind in (RENUMBERED, MERGED):
            landing[code] = resolution.targets[0]
        else:
            landing[code] = code
    weight: Counter[str] = Counter()
    for code, count in counts.items():
        weight[landing[code]] += count
    run_of: dict[str, int] = {}
    done = 0
    for code in sorted(weight):
        run_of[code] = min(parts - 1, done * parts // len(columns))
        done += weight[code]
    part_of = {code: run_of[landing[code]] for code in counts}
    if len(set(part_of.values())) < 2:
        yield harmonise(columns, harmoniser, additive=additive)
        return
    everywhere = range(len(columns))
    for part in sorted(set(part_of.values())):
        inside = {code for code, at in part_of.items() if at == part}
        taken = columns.take(list(compress(everywhere, map(inside.__contains__, columns.region))))
        try:
            result = harmonise(taken, harmoniser, additive=additive)
        except ImportProblems:
            harmonise(columns, harmoniser, additive=additive)  # raises with every problem
            raise
        yield result
