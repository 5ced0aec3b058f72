"""Reading and checking a framework document (pure: no Django).

The same document shape is the versioned YAML file shipped with SOSLOKAL and the JSON that
``soslokal framework export`` writes, so one installation can take over another's framework and
adapt it. Every problem is reported with its place in the document, such as
``dimensions[2].themes: no theme numbered 15``."""

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

SCHEMA = 1
REQUIRED_LANGUAGES = ("nb", "nn", "en")
THEME_GROUPS = ("movement", "spaces", "resources", "civic")
_SLUG = re.compile(r"^[a-z][a-z0-9-]{0,59}$")
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


class _Reader:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "expected a mapping")
            return {}
        return value

    def items(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list) or not value:
            self.fail(where, "expected a non-empty list")
            return []
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a non-empty text")
            return ""
        return value.strip()

    def integer(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "expected a whole number")
            return 0
        return value

    def texts(self, value: object, where: str) -> Texts:
        mapping = self.mapping(value, where)
        for language in REQUIRED_LANGUAGES:
            if language not in mapping:
                self.fail(where, f"missing the {language} text")
        return {
            str(language): self.text(text, f"{where}.{language}")
            for language, text in mapping.items()
        }

    def slug(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if text and not _SLUG.match(text):
            self.fail(where, f"{text!r} is not a lowercase identifier (a-z, 0-9, -)")
        return text


def read_framework(data: object, *, origin: str) -> FrameworkDocument:
    """Check a parsed document and return it as dataclasses, or raise ``FrameworkFileError``."""
    r = _Reader()
    root = r.mapping(data, "document")
    if root.get("schema") != SCHEMA:
        r.fail("schema", f"expected {SCHEMA}, got {root.get('schema')!r}")

    sources = []
    for i, raw in enumerate(r.items(root.get("sources"), "sources")):
        item = r.mapping(raw, f"sources[{i}]")
        sources.append(
            Source(
                id=r.slug(item.get("id"), f"sources[{i}].id"),
                citation=r.text(item.get("citation"), f"sources[{i}].citation"),
                url=str(item.get("url") or ""),
            )
        )
    themes = []
    for i, raw in enumerate(r.items(root.get("themes"), "themes")):
        item = r.mapping(raw, f"themes[{i}]")
        group = r.text(item.get("group"), f"themes[{i}].group")
        if group and group not in THEME_GROUPS:
            r.fail(f"themes[{i}].group", f"{group!r} is not one of {', '.join(THEME_GROUPS)}")
        themes.append(
            Theme(
                number=r.integer(item.get("number"), f"themes[{i}].number"),
                id=r.slug(item.get("id"), f"themes[{i}].id"),
                group=group,
                name=r.texts(item.get("name"), f"themes[{i}].name"),
                description=r.texts(item.get("description"), f"themes[{i}].description"),
                former_name_en=str(item.get("former_name_en") or ""),
            )
        )
    targets = []
    for i, raw in enumerate(r.items(root.get("sdg_targets"), "sdg_targets")):
        item = r.mapping(raw, f"sdg_targets[{i}]")
        code = r.text(item.get("code"), f"sdg_targets[{i}].code")
        match = _SDG_CODE.match(code)
        if code and not match:
            r.fail(f"sdg_targets[{i}].code", f"{code!r} is not an SDG target code such as 11.7")
        goal = r.integer(item.get("goal"), f"sdg_targets[{i}].goal")
        if match and goal != int(match["goal"]):
            r.fail(f"sdg_targets[{i}].goal", f"{goal} does not match the code {code}")
        targets.append(Target(code, goal, r.texts(item.get("title"), f"sdg_targets[{i}].title")))

    dimensions = []
    for i, raw in enumerate(r.items(root.get("dimensions"), "dimensions")):
        item = r.mapping(raw, f"dimensions[{i}]")
        dimensions.append(
            DimensionSpec(
                id=r.slug(item.get("id"), f"dimensions[{i}].id"),
                order=r.integer(item.get("order"), f"dimensions[{i}].order"),
                name=r.texts(item.get("name"), f"dimensions[{i}].name"),
                definition=r.texts(item.get("definition"), f"dimensions[{i}].definition"),
                themes=sorted(
                    r.integer(n, f"dimensions[{i}].themes")
                    for n in r.items(item.get("themes"), f"dimensions[{i}].themes")
                ),
                sdg_targets=sorted(
                    (
                        str(code)
                        for code in r.items(item.get("sdg_targets"), f"dimensions[{i}].sdg_targets")
                    ),
                    key=sdg_sort_key,
                ),
                sources=[str(s) for s in item.get("sources") or []],
            )
        )

    _check_references(r, sources, themes, targets, dimensions)
    if r.problems:
        raise FrameworkFileError(origin, r.problems)
    return FrameworkDocument(
        version=r.text(root.get("version"), "version"),
        title=r.texts(root.get("title"), "title"),
        summary=r.texts(root.get("summary"), "summary"),
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
    r: _Reader,
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
    for name, values in keyed:
        for duplicate in sorted(_duplicates(values), key=str):
            r.fail(name, f"{duplicate!r} appears more than once")
    theme_numbers = {t.number for t in themes}
    target_codes = {t.code for t in targets}
    source_ids = {s.id for s in sources}
    for i, dimension in enumerate(dimensions):
        for number in dimension.themes:
            if number not in theme_numbers:
                r.fail(f"dimensions[{i}].themes", f"no theme numbered {number}")
        for code in dimension.sdg_targets:
            if code not in target_codes:
                r.fail(f"dimensions[{i}].sdg_targets", f"no SDG target {code} in sdg_targets")
        for source in dimension.sources:
            if source not in source_ids:
                r.fail(f"dimensions[{i}].sources", f"no source with id {source!r}")
    linked = {number for dimension in dimensions for number in dimension.themes}
    for number in sorted(theme_numbers - linked):
        r.fail("themes", f"theme {number} belongs to no dimension")


def parse_framework_text(text: str, *, origin: str) -> FrameworkDocument:
    """Parse YAML or JSON text (JSON is YAML) and check it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "document"
        problem = getattr(error, "problem", None) or str(error)
        raise FrameworkFileError(origin, [f"{where}: {problem}"]) from error
    return read_framework(data, origin=origin)
