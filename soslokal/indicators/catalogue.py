"""Reading and checking the indicator catalogue (pure: no Django).

The catalogue (``data/catalogue.yaml``) is versioned data: per indicator its names in nb, nn and
en, a definition, unit, direction, the framework dimensions it informs, SDG targets, the levels
it exists for and where it comes from (agency, table id, query). Every problem is reported with
the file, the line and the place, such as
``catalogue.yaml, line 41: indicators[2].unit: 'percents' is not one of persons, percent, …``,
and all problems of a file are reported at once. The file is read by ``core.datafiles``: no
anchors, aliases or tags, no key twice or unknown, and values kept as written (``04362``)."""

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from soslokal.core.datafiles import (
    Checker,
    DataFileError,
    line_of,
    load_yaml,
    read_text,
    whole_number,
)

SCHEMA = 1
LANGUAGES = ("nb", "nn", "en")
UNITS = ("persons", "percent", "ratio", "years", "nok")
DIRECTIONS = ("higher_better", "higher_worse", "neutral")
LEVELS = ("country", "county", "municipality", "district", "basic_unit")
AGENCIES = ("SSB", "FHI", "local")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_SDG = re.compile(r"^\d{1,2}\.[0-9a-z]{1,2}$")
_BREAKDOWN = re.compile(r"^[a-z][a-z0-9_]*=[^;=]+(;[a-z][a-z0-9_]*=[^;=]+)*$")
_ADDRESS = re.compile(r"^https?://\S+$")

# The keys each mapping may hold; anything else (a misspelt key above all) is refused.
ROOT_KEYS = ("schema", "version", "indicators")
INDICATOR_KEYS = (
    "id",
    "name",
    "definition",
    "unit",
    "decimals",
    "direction",
    "additive",
    "dimensions",
    "sdg_targets",
    "levels",
    "source",
    "headline",
)
SOURCE_KEYS = (
    "agency",
    "table",
    "url",
    "licence",
    "collection",
    "confirmed",
    "region",
    "time",
    "query",
    "breakdowns",
    "sum",
)
BREAKDOWN_KEYS = ("dimension", "key", "total", "categories")
# The characters the database columns hold (``soslokal.indicators.models``; a test keeps them
# equal), checked here so that a long value is a problem in the file, not a database error.
MAX_LENGTHS = {"version": 40, "table": 20, "headline": 100, "url": 200}
MAX_INDICATORS = 1000  # a catalogue, not a dump: the shipped one has about twenty

Texts = dict[str, str]


class CatalogueError(ValueError):
    """The document is not a valid catalogue; ``problems`` lists every place that is wrong."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


@dataclass(frozen=True)
class BreakdownSpec:
    """A dimension of a JSON-stat table kept as a breakdown (``key=category``) rather than
    required to have a single category. ``total`` is the category meaning "all" (stored as no
    breakdown); ``categories`` renames codes, such as ``{"1": "male"}``."""

    dimension: str
    key: str
    total: str = ""
    categories: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SourceSpec:
    agency: str
    table: str
    url: str = ""
    licence: str = ""
    collection: str = ""
    confirmed: bool = False
    region: str = "Region"
    time: str = "Tid"
    query: dict[str, list[str]] = field(default_factory=dict)
    breakdowns: list[BreakdownSpec] = field(default_factory=list)
    sum: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """``SSB 07459``: how a figure's source is named on screen."""
        return f"{self.agency} {self.table}".strip()


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    name: Texts
    definition: Texts
    unit: str
    decimals: int
    direction: str
    additive: bool
    dimensions: list[str]
    sdg_targets: list[str]
    levels: list[str]
    source: SourceSpec
    headline: str = ""


@dataclass(frozen=True)
class Catalogue:
    version: str
    indicators: list[IndicatorSpec]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, **asdict(self)}

    def checksum(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def get(self, indicator_id: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)


def _optional_mapping(r: Checker, value: object, line: int, where: str) -> dict[str, Any]:
    return {} if value is None else r.mapping(value, line, where)


def _source(r: Checker, raw: object, line: int, where: str) -> SourceSpec:
    item = r.mapping(raw, line, where, keys=SOURCE_KEYS)
    if not isinstance(raw, dict):
        return SourceSpec(agency="", table="")  # reported: a source of nothing else to check
    line = line_of(item, line)
    query: dict[str, list[str]] = {}
    raw_query = item.get("query")
    for dimension, codes in _optional_mapping(r, raw_query, line, f"{where}.query").items():
        place = f"{where}.query.{dimension}"
        query[dimension] = [r.text(code, line, place) for code in r.items(codes, line, place)]
    breakdowns = []
    raw_breakdowns = r.items(item.get("breakdowns"), line, f"{where}.breakdowns", empty=True)
    for j, raw_breakdown in enumerate(raw_breakdowns):
        place = f"{where}.breakdowns[{j}]"
        spec = r.mapping(raw_breakdown, line, place, keys=BREAKDOWN_KEYS)
        at = line_of(spec, line)
        key = r.text(spec.get("key"), at, f"{place}.key")
        if key and not _ID.match(key):
            r.fail(at, f"{place}.key", f"{key!r} is not a lowercase identifier (a-z, 0-9, _)")
        categories = _optional_mapping(r, spec.get("categories"), at, f"{place}.categories")
        breakdowns.append(
            BreakdownSpec(
                dimension=r.text(spec.get("dimension"), at, f"{place}.dimension"),
                key=key,
                total=r.text(spec.get("total"), at, f"{place}.total", required=False),
                categories={
                    code: r.text(name, at, f"{place}.categories.{code}")
                    for code, name in categories.items()
                },
            )
        )
    url = r.text(item.get("url"), line, f"{where}.url", limit=MAX_LENGTHS["url"], required=False)
    if url and not _ADDRESS.match(url):
        r.fail(
            line_of(item.get("url"), line), f"{where}.url", "expected an address such as https://…"
        )
    return SourceSpec(
        agency=r.choice(item.get("agency"), line, f"{where}.agency", AGENCIES),
        table=r.text(item.get("table"), line, f"{where}.table", limit=MAX_LENGTHS["table"]),
        url=url,
        licence=r.text(item.get("licence"), line, f"{where}.licence", required=False),
        collection=r.text(item.get("collection"), line, f"{where}.collection", required=False),
        confirmed=r.flag(item.get("confirmed"), line, f"{where}.confirmed", default=False),
        region=r.text(item.get("region", "Region"), line, f"{where}.region"),
        time=r.text(item.get("time", "Tid"), line, f"{where}.time"),
        query=query,
        breakdowns=breakdowns,
        sum=[
            r.text(name, line, f"{where}.sum")
            for name in r.items(item.get("sum"), line, f"{where}.sum", empty=True)
        ],
    )


def _indicator(
    r: Checker, raw: object, line: int, where: str, known_dimensions: set[str] | None
) -> IndicatorSpec:
    item = r.mapping(raw, line, where, keys=INDICATOR_KEYS)
    line = line_of(item, line)
    indicator_id = r.text(item.get("id"), line, f"{where}.id")
    if indicator_id and not _ID.match(indicator_id):
        r.fail(line, f"{where}.id", f"{indicator_id!r} is not a lowercase identifier")
    dimensions = [
        r.text(d, line, f"{where}.dimensions")
        for d in r.items(item.get("dimensions"), line, f"{where}.dimensions")
    ]
    if known_dimensions is not None:
        for dimension in dimensions:
            if dimension and dimension not in known_dimensions:
                r.fail(line, f"{where}.dimensions", f"no framework dimension {dimension!r}")
    targets = [
        r.text(t, line, f"{where}.sdg_targets")
        for t in r.items(item.get("sdg_targets"), line, f"{where}.sdg_targets", empty=True)
    ]
    for target in targets:
        if target and not _SDG.match(target):
            r.fail(line, f"{where}.sdg_targets", f"{target!r} is not an SDG target such as 11.7")
    headline = r.text(
        item.get("headline"),
        line,
        f"{where}.headline",
        limit=MAX_LENGTHS["headline"],
        required=False,
    )
    if headline and not _BREAKDOWN.match(headline):
        r.fail(line, f"{where}.headline", f"{headline!r} is not a breakdown such as sex=female")
    decimals = item.get("decimals")
    return IndicatorSpec(
        id=indicator_id,
        name=r.texts(item.get("name"), line, f"{where}.name"),
        definition=r.texts(item.get("definition"), line, f"{where}.definition"),
        unit=r.choice(item.get("unit"), line, f"{where}.unit", UNITS),
        decimals=0
        if decimals is None
        else r.whole(decimals, line, f"{where}.decimals", low=0, high=4),
        direction=r.choice(item.get("direction"), line, f"{where}.direction", DIRECTIONS),
        additive=r.flag(item.get("additive"), line, f"{where}.additive", default=False),
        dimensions=dimensions,
        sdg_targets=targets,
        levels=[
            r.choice(level, line, f"{where}.levels", LEVELS)
            for level in r.items(item.get("levels"), line, f"{where}.levels")
        ],
        source=_source(r, item.get("source"), line, f"{where}.source"),
        headline=headline,
    )


def read_catalogue(
    data: object, *, origin: str, dimension_ids: Iterable[str] | None = None
) -> Catalogue:
    """Check a document read by ``core.datafiles.load_yaml`` and return it as dataclasses, or
    raise ``CatalogueError``. ``dimension_ids``, when given, are the framework's dimensions an
    indicator may name."""
    r = Checker(LANGUAGES)
    root = r.mapping(data, 1, "document", keys=ROOT_KEYS)
    top = line_of(root, 1)
    schema = root.get("schema")
    if whole_number(schema) != SCHEMA:
        r.fail(line_of(schema, top), "schema", f"expected {SCHEMA}, got {schema!r}")
    version = r.text(root.get("version"), top, "version", limit=MAX_LENGTHS["version"])
    known_dimensions = set(dimension_ids) if dimension_ids is not None else None
    raw_indicators = r.items(root.get("indicators"), top, "indicators")
    if len(raw_indicators) > MAX_INDICATORS:
        r.fail(top, "indicators", f"{len(raw_indicators)} indicators; at most {MAX_INDICATORS}")
        raw_indicators = []
    indicators = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_indicators):
        where = f"indicators[{i}]"
        if not isinstance(raw, dict):
            r.mapping(raw, line_of(raw_indicators, top), where)
            continue
        indicator = _indicator(r, raw, top, where, known_dimensions)
        if indicator.id in seen:
            first = f" (first on line {seen[indicator.id]})" if seen[indicator.id] else ""
            twice = f"{indicator.id!r} appears more than once{first}"
            r.fail(line_of(raw), f"{where}.id", twice)
        seen.setdefault(indicator.id, line_of(raw))
        indicators.append(indicator)
    if r.problems:
        raise CatalogueError(origin, [str(problem) for problem in r.problems])
    return Catalogue(version=version, indicators=indicators)


def parse_catalogue_text(
    text: str, *, origin: str, dimension_ids: Iterable[str] | None = None
) -> Catalogue:
    """Read YAML text (``core.datafiles``: no anchors, aliases or tags, values as written) and
    check it; problems name the line they are on."""
    try:
        data = load_yaml(text)
    except DataFileError as error:
        raise CatalogueError(origin, error.messages) from error
    return read_catalogue(data, origin=origin, dimension_ids=dimension_ids)


def parse_catalogue_file(path: Path, *, dimension_ids: Iterable[str] | None = None) -> Catalogue:
    """Read a catalogue file and check it; a file that is not UTF-8 text is a
    ``CatalogueError`` too, as is any other problem."""
    try:
        text = read_text(path)
    except DataFileError as error:
        raise CatalogueError(path.name, error.messages) from error
    return parse_catalogue_text(text, origin=path.name, dimension_ids=dimension_ids)
