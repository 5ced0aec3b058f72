"""Reading the data files people write: YAML, and the framework's JSON (pure: no Django).

The indicator catalogue, the framework and the questionnaires are written and edited by people,
so all three are read here, by the same rules, and each of their readers checks the shape:

- a file is exactly what it says: anchors and aliases (``&`` and ``*``), tags (``!!int``,
  ``!foo``) and more than one document are refused, so a few lines cannot expand into gigabytes
  (a "billion laughs" file) or build a Python object;
- nothing is nested deeper than ``MAX_DEPTH`` levels, no file is larger than ``MAX_CHARS``;
- a key is a text and appears once in its mapping;
- a value is read as the text written in the file. YAML 1.1 would read ``04362`` as the number
  2290, ``16.10`` as 16.1, ``0`` as a number and ``no`` as false; here they stay "04362",
  "16.10", "0" and "no", and a reader turns a text into a whole number or true/false only where
  the schema asks for one (``whole_number``, ``truth``). A plain ``null``, ``~`` or nothing at
  all is ``None``.

Every problem names the line it is on (JSON: where the parser can tell), never a traceback:
``DataFileError.problems`` is what a reader adds its file name to."""

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_DEPTH = 50
MAX_CHARS = 5_000_000
ALIASES_REFUSED = "anchors and aliases (& and *) are not allowed in this file"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# A whole number as people write one: no leading zeros (YAML 1.1 reads 010 as 8), no "1_000".
_WHOLE = re.compile(r"^-?(?:0|[1-9][0-9]{0,17})$")
_TRUE = ("true", "True", "TRUE")
_FALSE = ("false", "False", "FALSE")
# Characters no text of ours holds: C0 controls but tab and line breaks, DEL, and the halves of
# a UTF-16 pair ("\ud83d" in a double-quoted YAML text or in JSON), which are not characters.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file; ``line`` (and ``column``) are 0 where they are not known."""

    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.message
        column = f", column {self.column}" if self.column else ""
        return f"line {self.line}{column}: {self.message}"


class DataFileError(ValueError):
    """The text cannot be read as a data file; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """The problems as a reader reports them after its file name."""
        return [str(problem) for problem in self.problems]


class Text(str):
    """A value as written in the file, with the line it is on and whether it was quoted (or a
    ``|`` or ``>`` block), which makes it a text whatever it looks like."""

    line: int
    quoted: bool

    def __new__(cls, value: str, line: int, *, quoted: bool) -> "Text":
        text = super().__new__(cls, value)
        text.line = line
        text.quoted = quoted
        return text


class Mapping(dict[str, Any]):
    """A YAML mapping: ``line`` is where it starts, ``lines`` where each key is."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class Sequence(list[Any]):
    """A YAML list; ``line`` is where it starts."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


# Reading a file ------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The text of a UTF-8 file (a byte order mark is dropped); anything else is refused."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError([Problem(0, f"cannot be read ({error.strerror or error})")]) from error
    if len(data) > MAX_CHARS:
        raise DataFileError([_too_large()])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError([Problem(1, "the file is UTF-16 text; save it as UTF-8")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise DataFileError(
            [Problem(line, f"not UTF-8 text (a byte 0x{byte:02X}); save the file as UTF-8")]
        ) from error
    return text.removeprefix("\ufeff")


def _too_large() -> Problem:
    return Problem(0, f"the file is larger than {MAX_CHARS // 1_000_000} MB")


# YAML ----------------------------------------------------------------------------------------


def load_yaml(text: str) -> Any:
    """The one document of ``text`` as ``Mapping``, ``Sequence``, ``Text`` and ``None``, or
    ``DataFileError`` (an empty file too)."""
    if len(text) > MAX_CHARS:
        raise DataFileError([_too_large()])
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.add(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if "'\\t'" in problem:
            problem += " (indent with spaces, not tabs)"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        raise DataFileError([Problem(line, f"not valid YAML: {problem}", column)]) from error
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "a byte"
        raise DataFileError(
            [Problem(line, f"{character} is not allowed in a YAML file")]
        ) from error
    except yaml.YAMLError as error:  # pragma: no cover - every error of PyYAML's is one above
        raise DataFileError([Problem(1, f"not valid YAML: {error}")]) from error
    if builder.duplicates:
        raise DataFileError(builder.duplicates)
    if builder.documents == 0:
        raise DataFileError([Problem(1, "the file is empty")])
    return builder.root


class _Builder:
    """Builds the document from the parser's events without recursion, refusing what a data
    file of ours may not hold as soon as it shows up (an alias is never expanded)."""

    def __init__(self) -> None:
        self.root: Any = None
        self.open: list[Mapping | Sequence] = []
        self.keys: list[Text | None] = []  # the key waiting for its value, per open mapping
        self.documents = 0
        self.duplicates: list[Problem] = []

    def add(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.StreamStartEvent | yaml.StreamEndEvent | yaml.DocumentEndEvent):
            return
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                second = "a file holds one document, and a second one (---) starts here"
                raise DataFileError([Problem(line, second)])
            return
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise DataFileError([Problem(line, ALIASES_REFUSED)])
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.keys.pop()
            self._place(self.open.pop(), line)
            return
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace(_YAML_TAG_PREFIX, "!!")
            raise DataFileError(
                [Problem(line, f"tags such as {shown} are not allowed in this file")]
            )
        if isinstance(event, yaml.ScalarEvent):
            self._place(_scalar(event, line), line)
            return
        if self.open and isinstance(self.open[-1], Mapping) and self.keys[-1] is None:
            raise DataFileError([Problem(line, "a key must be a text, not a list or mapping")])
        if len(self.open) >= MAX_DEPTH:
            raise DataFileError([Problem(line, f"nested more than {MAX_DEPTH} levels deep")])
        self.open.append(
            Mapping(line) if isinstance(event, yaml.MappingStartEvent) else Sequence(line)
        )
        self.keys.append(None)

    def _place(self, value: Any, line: int) -> None:
        if not self.open:
            self.root = value
            return
        parent = self.open[-1]
        if isinstance(parent, Sequence):
            parent.append(value)
            return
        key = self.keys[-1]
        if key is None:
            if not isinstance(value, Text):
                raise DataFileError([Problem(line, "a key is missing before the colon")])
            self.keys[-1] = value
            return
        self.keys[-1] = None
        name = str(key)
        if name in parent:
            first = parent.lines[name]
            twice = f"the key {name!r} appears twice, on line {first} and on line {key.line}"
            self.duplicates.append(Problem(key.line, twice))
            return
        parent[name] = value
        parent.lines[name] = key.line


def _scalar(event: yaml.ScalarEvent, line: int) -> Text | None:
    quoted = event.style is not None
    if not quoted and _NULL.match(event.value):
        return None
    return Text(_clean(event.value, line), line, quoted=quoted)


def _clean(value: str, line: int) -> str:
    """``value`` with the halves of UTF-16 pairs made whole (PyYAML leaves "\\ud83d\\ude00" as
    two halves); a lone half or a control character is refused."""
    if not _BAD_CHARACTER.search(value):
        return value
    try:
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError as error:
        raise DataFileError(
            [Problem(line, "a text holds half a character (\\ud800–\\udfff)")]
        ) from error
    found = _BAD_CHARACTER.search(value)
    if found:
        code = ord(found.group())
        raise DataFileError([Problem(line, f"a text holds the control character U+{code:04X}")])
    return value


# JSON ----------------------------------------------------------------------------------------


def load_json(text: str) -> Any:
    """A JSON document as plain Python values, or ``DataFileError``: duplicate keys, NaN and
    Infinity, numbers too long to read, nesting deeper than ``MAX_DEPTH`` and texts holding half
    a character or a control character are refused."""
    if len(text) > MAX_CHARS:
        raise DataFileError([_too_large()])
    duplicates: list[Problem] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in pairs:
            if key in mapping:
                duplicates.append(Problem(0, f"the key {key!r} appears twice in one object"))
            mapping[key] = value
        return mapping

    def constant(name: str) -> Any:
        raise DataFileError([Problem(0, f"{name} is not a number this file may hold")])

    try:
        data = json.loads(text, object_pairs_hook=unique, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise DataFileError(
            [Problem(error.lineno, f"not valid JSON: {error.msg}", error.colno)]
        ) from error
    except RecursionError as error:
        raise DataFileError([Problem(0, f"nested more than {MAX_DEPTH} levels deep")]) from error
    except DataFileError:
        raise
    except ValueError as error:  # a number of more digits than Python reads (4,300)
        raise DataFileError([Problem(0, "a number has too many digits")]) from error
    if duplicates:
        raise DataFileError(duplicates)
    _check_json(data)
    return data


def _check_json(data: Any) -> None:
    todo: list[tuple[Any, int]] = [(data, 0)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, str):
            _clean(value, 0)
        elif isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                raise DataFileError([Problem(0, f"nested more than {MAX_DEPTH} levels deep")])
            items = [*value, *value.values()] if isinstance(value, dict) else value
            todo.extend((item, depth + 1) for item in items)


# Reading values ------------------------------------------------------------------------------


def line_of(value: object, fallback: int = 0) -> int:
    """The line ``value`` starts on in its YAML file, or ``fallback`` (JSON, or ``None``)."""
    line = getattr(value, "line", 0)
    return line if isinstance(line, int) and line else fallback


def key_line(mapping: object, key: str, fallback: int = 0) -> int:
    """The line ``key`` is on in ``mapping``; for a missing key, the mapping's own line."""
    if isinstance(mapping, Mapping):
        return mapping.lines.get(key, mapping.line)
    return fallback


def whole_number(value: object) -> int | None:
    """``value`` as a whole number, or ``None``: a JSON number without a fraction, or a YAML
    value written as plain digits (``"7"`` in quotes is a text, ``true`` is not 1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Text) and not value.quoted and _WHOLE.match(value):
        return int(value)
    return None


def truth(value: object) -> bool | None:
    """``value`` as true or false, or ``None``: YAML's ``yes``, ``no``, ``on`` and ``off`` are
    texts here, so a mistyped value is refused rather than guessed."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Text) and not value.quoted:
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    return None


def unknown_keys(mapping: object, allowed: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(line, message)`` for each key of ``mapping`` that is not one of ``allowed``, naming
    the key, the nearest allowed one and all of them."""
    if not isinstance(mapping, dict):
        return
    options = list(allowed)
    for key in mapping:
        if key in options:
            continue
        near = difflib.get_close_matches(str(key), options, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        yield (
            key_line(mapping, key),
            f"unknown key {key!r}{hint}; the keys allowed here are {', '.join(options)}",
        )


def too_long(text: str, limit: int) -> str:
    """The problem of ``text`` when it is longer than ``limit`` characters, or ``""``."""
    if len(text) <= limit:
        return ""
    return f"{len(text)} characters long; at most {limit} are kept"


class Checker:
    """Checks a document read by ``load_yaml`` or ``load_json`` against a schema, collecting
    problems instead of stopping at the first, so one run shows them all. Each method takes the
    value, the line to name when the value has none of its own, and its place in the document
    (``indicators[2].unit``); it returns a usable value even when it reports a problem."""

    def __init__(self, languages: Iterable[str] = ("nb", "nn", "en")) -> None:
        self.problems: list[Problem] = []
        self.languages = tuple(languages)

    def fail(self, line: int, where: str, message: str) -> None:
        self.problems.append(Problem(line, f"{where}: {message}"))

    def mapping(
        self, value: object, line: int, where: str, *, keys: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """``value`` as a mapping; with ``keys``, any other key is a problem too."""
        if not isinstance(value, dict):
            self.fail(
                line_of(value, line), where, "missing" if value is None else "expected a mapping"
            )
            return {}
        if keys is not None:
            for at, message in unknown_keys(value, keys):
                self.fail(at or line_of(value, line), where, message)
        return value

    def items(self, value: object, line: int, where: str, *, empty: bool = False) -> list[Any]:
        """``value`` as a list; ``None`` (absent) is an empty list where ``empty`` allows."""
        if value is None and empty:
            return []
        if not isinstance(value, list) or (not value and not empty):
            expected = "expected a list" if empty else "expected a non-empty list"
            self.fail(line_of(value, line), where, "missing" if value is None else expected)
            return []
        return value

    def text(
        self, value: object, line: int, where: str, *, limit: int = 0, required: bool = True
    ) -> str:
        """``value`` as a text without surrounding spaces. Not ``required``: ``None`` is "".
        ``limit``: the characters the database column holds."""
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            expected = "missing" if value is None else "expected a non-empty text"
            self.fail(line_of(value, line), where, expected)
            return ""
        text = str(value).strip()
        if limit and (problem := too_long(text, limit)):
            self.fail(line_of(value, line), where, problem)
        return text

    def choice(self, value: object, line: int, where: str, choices: Iterable[str]) -> str:
        text = self.text(value, line, where)
        options = tuple(choices)
        if text and text not in options:
            self.fail(line_of(value, line), where, f"{text!r} is not one of {', '.join(options)}")
        return text

    def whole(self, value: object, line: int, where: str, *, low: int, high: int) -> int:
        """``value`` as a whole number from ``low`` to ``high``; 0 when it is not one."""
        number = whole_number(value)
        if value is None:
            self.fail(line, where, "missing")
            return 0
        if number is None or not low <= number <= high:
            quoted = isinstance(value, Text) and value.quoted
            hint = ", written without quotes" if quoted else ""
            self.fail(
                line_of(value, line), where, f"expected a whole number from {low} to {high}{hint}"
            )
            return 0
        return number

    def flag(self, value: object, line: int, where: str, *, default: bool) -> bool:
        """``value`` as true or false; ``None`` (absent) is ``default``."""
        if value is None:
            return default
        answer = truth(value)
        if answer is None:
            shown = f", not {value!r}" if isinstance(value, str) else ""
            self.fail(line_of(value, line), where, f"expected true or false{shown}")
            return default
        return answer

    def texts(self, value: object, line: int, where: str) -> dict[str, str]:
        """A text per language code, at least one in each of ``languages``."""
        if not isinstance(value, dict):
            wanted = f"expected a text per language ({', '.join(self.languages)})"
            self.fail(line_of(value, line), where, "missing" if value is None else wanted)
            return {}
        mapping = value
        at = line_of(mapping, line)
        for language in self.languages:
            if language not in mapping:
                self.fail(at, where, f"missing the {language} text")
        return {
            str(language): self.text(text, key_line(mapping, language, at), f"{where}.{language}")
            for language, text in mapping.items()
        }
