"""Questionnaires as data (pure: no Django).

An instrument is a YAML file in ``instruments/``: the 14 place themes with our own question
wording, a help line and two open prompts per theme, the answer scale and its words, in every
language the file offers. A new language, or an official wording a municipality holds a licence
for, is a new file of the same shape. A file that is wrong is refused as a whole, with a message
that names the file, the line and the problem (``adult.yaml, line 41: themes[3].question: missing
the nn text``)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SCHEMA = 1
AUDIENCES = ("adult", "youth", "children", "easy_read")
THEME_NUMBERS = tuple(range(1, 15))
REQUIRED_LANGUAGES = ("nb", "nn", "en")
INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
PICTOGRAM_DIR = Path(__file__).resolve().parent / "static" / "surveys" / "pictograms"

Texts = dict[str, str]


class InstrumentFileError(ValueError):
    """The file is not a valid instrument; ``problems`` holds every one found, in file order."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__("\n".join(f"{origin}, {problem}" for problem in problems))


@dataclass(frozen=True)
class ScalePoint:
    value: int
    text: Texts
    pictogram: str = ""
    alt: Texts = field(default_factory=dict)


@dataclass(frozen=True)
class Scale:
    points: int
    low: Texts
    high: Texts
    labels: list[ScalePoint]


@dataclass(frozen=True)
class ThemeQuestion:
    theme: int
    question: Texts
    help: Texts
    good_now: Texts
    better: Texts


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    audience: str
    languages: tuple[str, ...]
    title: Texts
    intro: Texts
    scale: Scale
    dont_know: Texts
    themes: list[ThemeQuestion]


class _Node:
    """A parsed YAML value that remembers the line it started on."""

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


def _compose(node: yaml.Node) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _Node(
            {str(key.value): _compose(value) for key, value in node.value},
            line,
        )
    if isinstance(node, yaml.SequenceNode):
        return _Node([_compose(item) for item in node.value], line)
    # YAML's safe rules decide what a scalar is (a number, a text, a boolean …).
    return _Node(yaml.SafeLoader("").construct_object(node), line)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES

    def fail(self, node: _Node, where: str, message: str) -> None:
        self.problems.append((node.line, f"{where}: {message}"))

    def field(self, parent: _Node, key: str, where: str) -> _Node | None:
        if not isinstance(parent.value, dict):
            self.fail(parent, where, "expected a mapping")
            return None
        node = parent.value.get(key)
        if node is None:
            self.fail(parent, f"{where}.{key}" if where else key, "missing")
        return node

    def text(self, parent: _Node, key: str, where: str) -> str:
        node = self.field(parent, key, where)
        if node is None:
            return ""
        if not isinstance(node.value, str) or not node.value.strip():
            self.fail(node, f"{where}.{key}" if where else key, "expected a non-empty text")
            return ""
        return node.value.strip()

    def integer(self, parent: _Node, key: str, where: str) -> int:
        node = self.field(parent, key, where)
        if node is None:
            return 0
        if isinstance(node.value, bool) or not isinstance(node.value, int):
            self.fail(node, f"{where}.{key}" if where else key, "expected a whole number")
            return 0
        return int(node.value)

    def texts(self, parent: _Node, key: str, where: str) -> Texts:
        path = f"{where}.{key}" if where else key
        node = self.field(parent, key, where)
        if node is None:
            return {}
        if not isinstance(node.value, dict):
            self.fail(node, path, "expected a text per language (nb, nn, en, …)")
            return {}
        for language in self.languages:
            if language not in node.value:
                self.fail(node, path, f"missing the {language} text")
        return {language: self.text(node, language, path) for language in node.value}

    def items(self, parent: _Node, key: str) -> list[_Node]:
        node = self.field(parent, key, "")
        if node is None:
            return []
        if not isinstance(node.value, list) or not node.value:
            self.fail(node, key, "expected a non-empty list")
            return []
        return list(node.value)


def read_instrument(text: str, *, origin: str) -> Instrument:
    """Parse and check an instrument; raises ``InstrumentFileError`` naming line and problem."""
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "line 1"
        problem = getattr(error, "problem", None) or str(error)
        raise InstrumentFileError(origin, [f"{line}: not valid YAML: {problem}"]) from error
    if document is None:
        raise InstrumentFileError(origin, ["line 1: the file is empty"])
    root = _compose(document)
    check = _Checker()
    if not isinstance(root.value, dict):
        raise InstrumentFileError(origin, ["line 1: expected a mapping at the top"])

    if check.integer(root, "schema", "") not in (0, SCHEMA):
        check.fail(
            root.value["schema"], "schema", f"this version of SOSLOKAL reads schema {SCHEMA}"
        )
    instrument_id = check.text(root, "id", "")
    audience = check.text(root, "audience", "")
    if audience and audience not in AUDIENCES:
        check.fail(root.value["audience"], "audience", f"must be one of {', '.join(AUDIENCES)}")
    title = check.texts(root, "title", "")
    check.languages = tuple(title) or REQUIRED_LANGUAGES
    missing = [language for language in REQUIRED_LANGUAGES if language not in check.languages]
    if missing:
        check.fail(root.value["title"], "title", f"every instrument needs {', '.join(missing)}")

    scale = _read_scale(check, root)
    themes = _read_themes(check, root)
    if check.problems:
        ordered = sorted(check.problems)
        raise InstrumentFileError(origin, [f"line {line}: {problem}" for line, problem in ordered])
    return Instrument(
        id=instrument_id,
        version=check.text(root, "version", ""),
        audience=audience,
        languages=check.languages,
        title=title,
        intro=check.texts(root, "intro", ""),
        scale=scale,
        dont_know=check.texts(root, "dont_know", ""),
        themes=themes,
    )


def _read_scale(check: _Checker, root: _Node) -> Scale:
    node = check.field(root, "scale", "")
    if node is None:
        return Scale(0, {}, {}, [])
    points = check.integer(node, "points", "scale")
    if points not in (3, 7):
        check.fail(node, "scale.points", f"must be 3 or 7, not {points}")
    labels = []
    label_nodes = node.value.get("labels") if isinstance(node.value, dict) else None
    if label_nodes is not None:
        if not isinstance(label_nodes.value, list):
            check.fail(label_nodes, "scale.labels", "expected a list")
        else:
            for i, item in enumerate(label_nodes.value):
                where = f"scale.labels[{i}]"
                pictogram = check.text(item, "pictogram", where)
                if pictogram and not (PICTOGRAM_DIR / f"{pictogram}.svg").is_file():
                    check.fail(item, f"{where}.pictogram", f"no pictogram named {pictogram!r}")
                labels.append(
                    ScalePoint(
                        value=check.integer(item, "value", where),
                        text=check.texts(item, "text", where),
                        pictogram=pictogram,
                        alt=check.texts(item, "alt", where),
                    )
                )
    if points == 3 and [label.value for label in labels] != [1, 2, 3]:
        check.fail(node, "scale.labels", "a 3-point scale needs labels for the values 1, 2 and 3")
    return Scale(
        points=points,
        low=check.texts(node, "low", "scale"),
        high=check.texts(node, "high", "scale"),
        labels=labels,
    )


def _read_themes(check: _Checker, root: _Node) -> list[ThemeQuestion]:
    themes = []
    for i, item in enumerate(check.items(root, "themes")):
        where = f"themes[{i}]"
        themes.append(
            ThemeQuestion(
                theme=check.integer(item, "theme", where),
                question=check.texts(item, "question", where),
                help=check.texts(item, "help", where),
                good_now=check.texts(item, "good_now", where),
                better=check.texts(item, "better", where),
            )
        )
    numbers = [theme.theme for theme in themes]
    if themes and sorted(numbers) != list(THEME_NUMBERS):
        node = root.value["themes"]
        check.fail(node, "themes", f"expected each of the themes 1 to 14 once, got {numbers}")
    return themes


def load_instrument(path: Path) -> Instrument:
    """Read one instrument file; an unreadable file is an ``InstrumentFileError`` too."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InstrumentFileError(path.name, [f"byte {error.start}: not UTF-8 text"]) from error
    return read_instrument(text, origin=path.name)


def shipped_instruments() -> list[Instrument]:
    return [load_instrument(path) for path in sorted(INSTRUMENT_DIR.glob("*.yaml"))]
