"""Questionnaires as data (pure: no Django).

An instrument is a YAML file in ``instruments/``: the 14 place themes with our own question
wording, a help line and two open prompts per theme, the answer scale and its words, in every
language the file offers. A new language, or an official wording a municipality holds a licence
for, is a new file of the same shape. A file that is wrong is refused as a whole, with a message
that names the file, the line and the problem (``adult.yaml, line 41: themes[3].question: missing
the nn text``)."""

import re
from dataclasses import dataclass, field
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


# The keys each mapping may hold; anything else (a misspelt key above all) is refused.
ROOT_KEYS = (
    "schema",
    "id",
    "version",
    "audience",
    "title",
    "intro",
    "scale",
    "dont_know",
    "themes",
)
SCALE_KEYS = ("points", "low", "high", "labels")
LABEL_KEYS = ("value", "text", "pictogram", "alt")
THEME_KEYS = ("theme", "question", "help", "good_now", "better")
# The characters a response keeps of the instrument's id and version (``surveys.models``).
MAX_LENGTHS = {"id": 40, "version": 40}
_PICTOGRAM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def read_instrument(text: str, *, origin: str) -> Instrument:
    """Parse and check an instrument; raises ``InstrumentFileError`` naming line and problem."""
    try:
        root = load_yaml(text)
    except DataFileError as error:
        raise InstrumentFileError(origin, error.messages) from error
    if root is None:
        raise InstrumentFileError(origin, ["line 1: the file is empty"])
    if not isinstance(root, dict):
        raise InstrumentFileError(origin, ["line 1: expected a mapping at the top"])
    check = Checker(REQUIRED_LANGUAGES)
    check.mapping(root, 1, "document", keys=ROOT_KEYS)

    schema = root.get("schema")
    if schema is None:
        check.fail(1, "schema", "missing")
    elif whole_number(schema) != SCHEMA:
        check.fail(line_of(schema), "schema", f"this version of SOSLOKAL reads schema {SCHEMA}")
    instrument_id = check.text(root.get("id"), 1, "id", limit=MAX_LENGTHS["id"])
    version = check.text(root.get("version"), 1, "version", limit=MAX_LENGTHS["version"])
    audience = check.text(root.get("audience"), 1, "audience")
    if audience and audience not in AUDIENCES:
        check.fail(line_of(root["audience"]), "audience", f"must be one of {', '.join(AUDIENCES)}")
    title = check.texts(root.get("title"), 1, "title")
    check.languages = tuple(title) or REQUIRED_LANGUAGES
    intro = check.texts(root.get("intro"), 1, "intro")
    dont_know = check.texts(root.get("dont_know"), 1, "dont_know")
    scale = _read_scale(check, root)
    themes = _read_themes(check, root)
    if check.problems:
        ordered = sorted(check.problems, key=lambda problem: problem.line)
        raise InstrumentFileError(origin, [str(problem) for problem in ordered])
    return Instrument(
        id=instrument_id,
        version=version,
        audience=audience,
        languages=check.languages,
        title=title,
        intro=intro,
        scale=scale,
        dont_know=dont_know,
        themes=themes,
    )


def _read_scale(check: Checker, root: dict[str, Any]) -> Scale:
    raw = root.get("scale")
    node = check.mapping(raw, 1, "scale", keys=SCALE_KEYS)
    if not isinstance(raw, dict):
        return Scale(0, {}, {}, [])
    line = line_of(node, 1)
    points = check.whole(node.get("points"), line, "scale.points", low=1, high=7)
    if points and points not in (3, 7):
        check.fail(
            line_of(node.get("points"), line), "scale.points", f"must be 3 or 7, not {points}"
        )
    labels = []
    for i, raw in enumerate(check.items(node.get("labels"), line, "scale.labels", empty=True)):
        where = f"scale.labels[{i}]"
        item = check.mapping(raw, line, where, keys=LABEL_KEYS)
        at = line_of(item, line)
        pictogram = check.text(item.get("pictogram"), at, f"{where}.pictogram")
        if pictogram and not (
            _PICTOGRAM.match(pictogram) and (PICTOGRAM_DIR / f"{pictogram}.svg").is_file()
        ):
            check.fail(at, f"{where}.pictogram", f"no pictogram named {pictogram!r}")
        labels.append(
            ScalePoint(
                value=check.whole(item.get("value"), at, f"{where}.value", low=1, high=7),
                text=check.texts(item.get("text"), at, f"{where}.text"),
                pictogram=pictogram,
                alt=check.texts(item.get("alt"), at, f"{where}.alt"),
            )
        )
    if points == 3 and [label.value for label in labels] != [1, 2, 3]:
        check.fail(line, "scale.labels", "a 3-point scale needs labels for the values 1, 2 and 3")
    return Scale(
        points=points,
        low=check.texts(node.get("low"), line, "scale.low"),
        high=check.texts(node.get("high"), line, "scale.high"),
        labels=labels,
    )


def _read_themes(check: Checker, root: dict[str, Any]) -> list[ThemeQuestion]:
    themes = []
    for i, raw in enumerate(check.items(root.get("themes"), 1, "themes")):
        where = f"themes[{i}]"
        item = check.mapping(raw, line_of(root.get("themes"), 1), where, keys=THEME_KEYS)
        at = line_of(item, 1)
        themes.append(
            ThemeQuestion(
                theme=check.whole(item.get("theme"), at, f"{where}.theme", low=1, high=99),
                question=check.texts(item.get("question"), at, f"{where}.question"),
                help=check.texts(item.get("help"), at, f"{where}.help"),
                good_now=check.texts(item.get("good_now"), at, f"{where}.good_now"),
                better=check.texts(item.get("better"), at, f"{where}.better"),
            )
        )
    numbers = [theme.theme for theme in themes]
    if themes and sorted(numbers) != list(THEME_NUMBERS):
        line = line_of(root.get("themes"), 1)
        check.fail(line, "themes", f"expected each of the themes 1 to 14 once, got {numbers}")
    return themes


def load_instrument(path: Path) -> Instrument:
    """Read one instrument file; an unreadable file is an ``InstrumentFileError`` too."""
    try:
        text = read_text(path)
    except DataFileError as error:
        raise InstrumentFileError(path.name, error.messages) from error
    return read_instrument(text, origin=path.name)


def shipped_instruments() -> list[Instrument]:
    return [load_instrument(path) for path in sorted(INSTRUMENT_DIR.glob("*.yaml"))]
