"""Reading and checking the indicator catalogue (pure: no Django).

The catalogue (``data/catalogue.yaml``) is versioned data: per indicator its names in nb, nn and
en, a definition, unit, direction, the framework dimensions it informs, SDG targets, the levels
it exists for and where it comes from (agency, table id, query). Every problem is reported with
the file, the line and the place, such as
``catalogue.yaml, line 41: indicators[2].unit: 'percents' is not one of persons, percent, …``,
and all problems of a file are reported at once."""

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

SCHEMA = 1
LANGUAGES = ("nb", "nn", "en")
UNITS = ("persons", "percent", "ratio", "years", "nok")
DIRECTIONS = ("higher_better", "higher_worse", "neutral")
LEVELS = ("country", "county", "municipality", "district", "basic_unit")
AGENCIES = ("SSB", "FHI", "local")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_SDG = re.compile(r"^\d{1,2}\.[0-9a-z]{1,2}$")
_BREAKDOWN = re.compile(r"^[a-z][a-z0-9_]*=[^;=]+(;[a-z][a-z0-9_]*=[^;=]+)*$")

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


class _Lines(dict[str, Any]):
    """A mapping that remembers the line it started on in the YAML text."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Lines:
    mapping = _Lines({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Reader:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def fail(self, line: int, where: str, message: str) -> None:
        place = f"line {line}: " if line else ""
        self.problems.append(f"{place}{where}: {message}")

    def mapping(self, value: object, line: int, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(line, where, "expected a mapping")
            return {}
        return value

    def items(self, value: object, line: int, where: str, *, empty: bool = False) -> list[Any]:
        if not isinstance(value, list) or (not value and not empty):
            self.fail(line, where, "expected a list" if empty else "expected a non-empty list")
            return []
        return value

    def text(self, value: object, line: int, where: str) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(line, where, "expected a non-empty text")
            return ""
        return value.strip()

    def choice(self, value: object, line: int, where: str, choices: Iterable[str]) -> str:
        text = self.text(value, line, where)
        options = tuple(choices)
        if text and text not in options:
            self.fail(line, where, f"{text!r} is not one of {', '.join(options)}")
        return text

    def texts(self, value: object, line: int, where: str) -> Texts:
        mapping = self.mapping(value, line, where)
        for language in LANGUAGES:
            if language not in mapping:
                self.fail(line, where, f"missing the {language} text")
        return {str(k): self.text(v, line, f"{where}.{k}") for k, v in mapping.items()}


def _line(value: object, fallback: int) -> int:
    return getattr(value, "line", fallback)


def _source(r: _Reader, raw: object, line: int, where: str) -> SourceSpec:
    item = r.mapping(raw, line, where)
    line = _line(item, line)
    query: dict[str, list[str]] = {}
    for dimension, codes in r.mapping(item.get("query", {}), line, f"{where}.query").items():
        values = r.items(codes, line, f"{where}.query.{dimension}")
        query[str(dimension)] = [
            r.text(code, line, f"{where}.query.{dimension}") for code in values
        ]
    breakdowns = []
    raw_breakdowns = r.items(item.get("breakdowns", []), line, f"{where}.breakdowns", empty=True)
    for j, raw_breakdown in enumerate(raw_breakdowns):
        place = f"{where}.breakdowns[{j}]"
        spec = r.mapping(raw_breakdown, line, place)
        at = _line(spec, line)
        key = r.text(spec.get("key"), at, f"{place}.key")
        if key and not _ID.match(key):
            r.fail(at, f"{place}.key", f"{key!r} is not a lowercase identifier (a-z, 0-9, _)")
        categories = r.mapping(spec.get("categories", {}), at, f"{place}.categories")
        breakdowns.append(
            BreakdownSpec(
                dimension=r.text(spec.get("dimension"), at, f"{place}.dimension"),
                key=key,
                total=str(spec.get("total") or ""),
                categories={str(k): str(v) for k, v in categories.items()},
            )
        )
    confirmed = item.get("confirmed", False)
    if not isinstance(confirmed, bool):
        r.fail(line, f"{where}.confirmed", "expected true or false")
        confirmed = False
    return SourceSpec(
        agency=r.choice(item.get("agency"), line, f"{where}.agency", AGENCIES),
        table=r.text(item.get("table"), line, f"{where}.table"),
        url=str(item.get("url") or ""),
        licence=str(item.get("licence") or ""),
        collection=str(item.get("collection") or ""),
        confirmed=confirmed,
        region=r.text(item.get("region", "Region"), line, f"{where}.region"),
        time=r.text(item.get("time", "Tid"), line, f"{where}.time"),
        query=query,
        breakdowns=breakdowns,
        sum=[
            r.text(name, line, f"{where}.sum")
            for name in r.items(item.get("sum", []), line, f"{where}.sum", empty=True)
        ],
    )


def read_catalogue(
    data: object, *, origin: str, dimension_ids: Iterable[str] | None = None
) -> Catalogue:
    """Check a parsed document and return it as dataclasses, or raise ``CatalogueError``.
    ``dimension_ids``, when given, are the framework's dimensions an indicator may name."""
    r = _Reader(origin)
    root = r.mapping(data, 0, "document")
    if root.get("schema") != SCHEMA:
        r.fail(_line(root, 0), "schema", f"expected {SCHEMA}, got {root.get('schema')!r}")
    known_dimensions = set(dimension_ids) if dimension_ids is not None else None
    indicators = []
    for i, raw in enumerate(r.items(root.get("indicators"), _line(root, 0), "indicators")):
        where = f"indicators[{i}]"
        item = r.mapping(raw, _line(root, 0), where)
        line = _line(item, 0)
        indicator_id = r.text(item.get("id"), line, f"{where}.id")
        if indicator_id and not _ID.match(indicator_id):
            r.fail(line, f"{where}.id", f"{indicator_id!r} is not a lowercase identifier")
        decimals = item.get("decimals", 0)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
            r.fail(line, f"{where}.decimals", "expected a whole number from 0 to 4")
            decimals = 0
        additive = item.get("additive", False)
        if not isinstance(additive, bool):
            r.fail(line, f"{where}.additive", "expected true or false")
            additive = False
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
            for t in r.items(item.get("sdg_targets", []), line, f"{where}.sdg_targets", empty=True)
        ]
        for target in targets:
            if target and not _SDG.match(target):
                r.fail(
                    line, f"{where}.sdg_targets", f"{target!r} is not an SDG target such as 11.7"
                )
        headline = str(item.get("headline") or "")
        if headline and not _BREAKDOWN.match(headline):
            r.fail(line, f"{where}.headline", f"{headline!r} is not a breakdown such as sex=female")
        indicators.append(
            IndicatorSpec(
                id=indicator_id,
                name=r.texts(item.get("name"), line, f"{where}.name"),
                definition=r.texts(item.get("definition"), line, f"{where}.definition"),
                unit=r.choice(item.get("unit"), line, f"{where}.unit", UNITS),
                decimals=decimals,
                direction=r.choice(item.get("direction"), line, f"{where}.direction", DIRECTIONS),
                additive=additive,
                dimensions=dimensions,
                sdg_targets=targets,
                levels=[
                    r.choice(level, line, f"{where}.levels", LEVELS)
                    for level in r.items(item.get("levels"), line, f"{where}.levels")
                ],
                source=_source(r, item.get("source"), line, f"{where}.source"),
                headline=headline,
            )
        )
    seen: set[str] = set()
    for i, indicator in enumerate(indicators):
        if indicator.id in seen:
            r.fail(0, f"indicators[{i}].id", f"{indicator.id!r} appears more than once")
        seen.add(indicator.id)
    if r.problems:
        raise CatalogueError(origin, r.problems)
    return Catalogue(version=r.text(root.get("version"), 0, "version"), indicators=indicators)


def parse_catalogue_text(
    text: str, *, origin: str, dimension_ids: Iterable[str] | None = None
) -> Catalogue:
    """Parse YAML text and check it; problems name the line they are on."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 – a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "document"
        problem = getattr(error, "problem", None) or str(error)
        raise CatalogueError(origin, [f"{where}: {problem}"]) from error
    return read_catalogue(data, origin=origin, dimension_ids=dimension_ids)
