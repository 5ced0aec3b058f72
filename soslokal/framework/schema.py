"""Reading and checking a framework document (pure: no Django).

The same document shape is the versioned YAML file shipped with SOSLOKAL and the JSON that
``soslokal framework export`` writes, so one installation can take over another's framework and
adapt it. Every problem is reported with its place in the document (and its line, in YAML), such
as ``dimensions[2].themes: no theme numbered 15``. Both are read by ``core.datafiles``: no
anchors, aliases or tags, no key twice or unknown, values kept as written (``16.10``), and every
number checked against its column before the database is touched."""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from soslokal.core.datafiles import (
    Checker,
    DataFileError,
    line_of,
    load_json,
    load_yaml,
    read_text,
    whole_number,
)

SCHEMA = 1
REQUIRED_LANGUAGES = ("nb", "nn", "en")
THEME_GROUPS = ("movement", "spaces", "resources", "civic")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,59}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SDG_CODE = re.compile(r"^(?P<goal>\d{1,2})\.(?P<target>[0-9a-z]{1,2})$")

Texts = dict[str, str]


class FrameworkFileError(ValueError):
    """The document is not a valid framework; ``problems`` lists every place that is wrong."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    url: str = ""
    language: str = ""  # of the work cited (ISO 639-1, "en"), so pages can mark it for readers


@dataclass(frozen=True)
class Theme:
    number: int
    id: str
    group: str
    name: Texts
    description: Texts
    former_name_en: str = ""


@dataclass(frozen=True)
class Target:
    code: str
    goal: int
    title: Texts


@dataclass(frozen=True)
class DimensionSpec:
    id: str
    order: int
    name: Texts
    definition: Texts
    themes: list[int]
    sdg_targets: list[str]
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FrameworkDocument:
    version: str
    title: Texts
    summary: Texts
    sources: list[Source]
    themes: list[Theme]
    sdg_targets: list[Target]
    dimensions: list[DimensionSpec]

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, **asdict(self)}

    def checksum(self) -> str:
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def sdg_sort_key(code: str) -> tuple[int, int, str]:
    """SDG targets sort by goal, then numerically (4.2 before 4.10), then lettered (4.a)."""
    match = _SDG_CODE.match(code)
    if not match:
        return (99, 99, code)
    target = match["target"]
    return (int(match["goal"]), int(target) if target.isdigit() else 100, target)


# The keys each mapping may hold; anything else (a misspelt key above all) is refused.
ROOT_KEYS = (
    "schema",
    "version",
    "title",
    "summary",
    "sources",
    "themes",
    "sdg_targets",
    "dimensions",
)
SOURCE_KEYS = ("id", "citation", "url", "language")
THEME_KEYS = ("number", "id", "group", "name", "description", "former_name_en")
TARGET_KEYS = ("code", "goal", "title")
DIMENSION_KEYS = ("id", "order", "name", "definition", "themes", "sdg_targets", "sources")
# The characters the database columns hold (``soslokal.framework.models``; a test keeps them
# equal), checked here so that a long value is a problem in the file, not a database error.
MAX_LENGTHS = {"version": 40, "theme_id": 60, "dimension_id": 40, "former_name_en": 100}
# Theme numbers and dimension orders are small whole numbers; SDG goals run from 1 to 17.
MAX_NUMBER = 999
SDG_GOALS = 17


def _slug(r: Checker, value: object, line: int, where: str, *, limit: int) -> str:
    text = r.text(value, line, where, limit=limit)
    if text and not _SLUG.match(text):
        r.fail(line_of(value, line), where, f"{text!r} is not a lowercase identifier (a-z, 0-9, -)")
    return text


def _language(r: Checker, value: Any, line: int, where: str) -> str:
    """An optional language code of two or three lowercase letters (ISO 639: en, nb, sme)."""
    code = r.text(value, line, where, required=False)
    if code and not _LANGUAGE.match(code):
        r.fail(line, where, f"{code!r} is not a language code such as en or nb")
        return ""
    return code


def read_framework(data: object, *, origin: str) -> FrameworkDocument:
    """Check a parsed document (``core.datafiles.load_yaml`` or ``load_json``) and return it as
    dataclasses, or raise ``FrameworkFileError``."""
    r = Checker(REQUIRED_LANGUAGES)
    root = r.mapping(data, 0, "document", keys=ROOT_KEYS)
    top = line_of(root)
    schema = root.get("schema")
    if whole_number(schema) != SCHEMA:
        r.fail(line_of(schema, top), "schema", f"expected {SCHEMA}, got {schema!r}")
    version = r.text(root.get("version"), top, "version", limit=MAX_LENGTHS["version"])
    title = r.texts(root.get("title"), top, "title")
    summary = r.texts(root.get("summary"), top, "summary")

    sources = []
    for i, raw in enumerate(r.items(root.get("sources"), top, "sources")):
        where = f"sources[{i}]"
        item = r.mapping(raw, top, where, keys=SOURCE_KEYS)
        at = line_of(item, top)
        sources.append(
            Source(
                id=_slug(r, item.get("id"), at, f"{where}.id", limit=60),
                citation=r.text(item.get("citation"), at, f"{where}.citation"),
                url=r.text(item.get("url"), at, f"{where}.url", required=False),
                language=_language(r, item.get("language"), at, f"{where}.language"),
            )
        )
    themes = []
    for i, raw in enumerate(r.items(root.get("themes"), top, "themes")):
        where = f"themes[{i}]"
        item = r.mapping(raw, top, where, keys=THEME_KEYS)
        at = line_of(item, top)
        group = r.choice(item.get("group"), at, f"{where}.group", THEME_GROUPS)
        themes.append(
            Theme(
                number=r.whole(item.get("number"), at, f"{where}.number", low=1, high=MAX_NUMBER),
                id=_slug(r, item.get("id"), at, f"{where}.id", limit=MAX_LENGTHS["theme_id"]),
                group=group,
                name=r.texts(item.get("name"), at, f"{where}.name"),
                description=r.texts(item.get("description"), at, f"{where}.description"),
                former_name_en=r.text(
                    item.get("former_name_en"),
                    at,
                    f"{where}.former_name_en",
                    limit=MAX_LENGTHS["former_name_en"],
                    required=False,
                ),
            )
        )
    targets = []
    for i, raw in enumerate(r.items(root.get("sdg_targets"), top, "sdg_targets")):
        where = f"sdg_targets[{i}]"
        item = r.mapping(raw, top, where, keys=TARGET_KEYS)
        at = line_of(item, top)
        code = r.text(item.get("code"), at, f"{where}.code")
        match = _SDG_CODE.match(code)
        if code and not match:
            r.fail(at, f"{where}.code", f"{code!r} is not an SDG target code such as 11.7")
        goal = r.whole(item.get("goal"), at, f"{where}.goal", low=1, high=SDG_GOALS)
        if match and goal and goal != int(match["goal"]):
            r.fail(at, f"{where}.goal", f"{goal} does not match the code {code}")
        targets.append(Target(code, goal, r.texts(item.get("title"), at, f"{where}.title")))

    dimensions = []
    for i, raw in enumerate(r.items(root.get("dimensions"), top, "dimensions")):
        where = f"dimensions[{i}]"
        item = r.mapping(raw, top, where, keys=DIMENSION_KEYS)
        at = line_of(item, top)
        dimensions.append(
            DimensionSpec(
                id=_slug(r, item.get("id"), at, f"{where}.id", limit=MAX_LENGTHS["dimension_id"]),
                order=r.whole(item.get("order"), at, f"{where}.order", low=1, high=MAX_NUMBER),
                name=r.texts(item.get("name"), at, f"{where}.name"),
                definition=r.texts(item.get("definition"), at, f"{where}.definition"),
                themes=sorted(
                    r.whole(n, at, f"{where}.themes", low=1, high=MAX_NUMBER)
                    for n in r.items(item.get("themes"), at, f"{where}.themes")
                ),
                sdg_targets=sorted(
                    (
                        r.text(code, at, f"{where}.sdg_targets")
                        for code in r.items(item.get("sdg_targets"), at, f"{where}.sdg_targets")
                    ),
                    key=sdg_sort_key,
                ),
                sources=[
                    r.text(source, at, f"{where}.sources")
                    for source in r.items(item.get("sources"), at, f"{where}.sources", empty=True)
                ],
            )
        )

    _check_references(r, sources, themes, targets, dimensions)
    if r.problems:
        raise FrameworkFileError(origin, [str(problem) for problem in r.problems])
    return FrameworkDocument(
        version=version,
        title=title,
        summary=summary,
        sources=sources,
        themes=sorted(themes, key=lambda theme: theme.number),
        sdg_targets=sorted(targets, key=lambda target: sdg_sort_key(target.code)),
        dimensions=sorted(dimensions, key=lambda dimension: dimension.order),
    )


def _duplicates(values: list[Any]) -> set[Any]:
    seen: set[Any] = set()
    repeated: set[Any] = set()
    for value in values:
        (repeated if value in seen else seen).add(value)
    return repeated


def _check_references(
    r: Checker,
    sources: list[Source],
    themes: list[Theme],
    targets: list[Target],
    dimensions: list[DimensionSpec],
) -> None:
    keyed: list[tuple[str, list[Any]]] = [
        ("sources", [s.id for s in sources]),
        ("themes", [t.number for t in themes]),
        ("themes", [t.id for t in themes]),
        ("sdg_targets", [t.code for t in targets]),
        ("dimensions", [d.id for d in dimensions]),
        ("dimensions", [d.order for d in dimensions]),
    ]
    # A value already reported as wrong (read as 0 or "") is not looked up again.
    for name, values in keyed:
        for duplicate in sorted(_duplicates([v for v in values if v]), key=str):
            r.fail(0, name, f"{duplicate!r} appears more than once")
    theme_numbers = {t.number for t in themes}
    target_codes = {t.code for t in targets}
    source_ids = {s.id for s in sources}
    for i, dimension in enumerate(dimensions):
        for number in dimension.themes:
            if number and number not in theme_numbers:
                r.fail(0, f"dimensions[{i}].themes", f"no theme numbered {number}")
        for code in dimension.sdg_targets:
            if code and code not in target_codes:
                r.fail(0, f"dimensions[{i}].sdg_targets", f"no SDG target {code} in sdg_targets")
        for source in dimension.sources:
            if source and source not in source_ids:
                r.fail(0, f"dimensions[{i}].sources", f"no source with id {source!r}")
    linked = {number for dimension in dimensions for number in dimension.themes}
    for number in sorted(theme_numbers - linked):
        r.fail(0, "themes", f"theme {number} belongs to no dimension")


def parse_framework_text(text: str, *, origin: str) -> FrameworkDocument:
    """Read YAML text (``core.datafiles``: no anchors, aliases or tags, values as written) and
    check it; problems name the line they are on."""
    try:
        data = load_yaml(text)
    except DataFileError as error:
        raise FrameworkFileError(origin, error.messages) from error
    return read_framework(data, origin=origin)


def parse_framework_json(text: str, *, origin: str) -> FrameworkDocument:
    """Read JSON text (another installation's export) and check it."""
    try:
        data = load_json(text)
    except DataFileError as error:
        raise FrameworkFileError(origin, error.messages) from error
    return read_framework(data, origin=origin)


def parse_framework_file(path: Path, *, json_only: bool = False) -> FrameworkDocument:
    """Read and check a framework file: JSON when it is named ``*.json`` or ``json_only``,
    YAML otherwise. A file that is not UTF-8 text is a ``FrameworkFileError`` too."""
    try:
        text = read_text(path)
    except DataFileError as error:
        raise FrameworkFileError(str(path), error.messages) from error
    if json_only or path.suffix.lower() == ".json":
        return parse_framework_json(text, origin=str(path))
    return parse_framework_text(text, origin=str(path))
