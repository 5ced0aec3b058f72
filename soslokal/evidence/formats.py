"""Reading and writing reference files (pure: no Django).

A review team exports its search results from a database or a reference manager, and every one
of them bends the standard formats a little. This module reads them all into ``Record``s and says
exactly what it left out and why:

* **RIS** from Zotero, EndNote, Scopus, Embase, ProQuest, Ovid (numbered records ``1.`` between
  them, ``N2`` for the abstract, DOIs written as URLs) and Web of Science's RIS export; values
  that run on over several lines (PubMed through EndNote puts one keyword a line after ``KW``)
  and a missing ``ER`` at the end are accepted.
* **Web of Science tagged text** (``FN``/``PT``/``AU`` … ``ER``/``EF``, continuation lines
  indented by three spaces) and **PubMed's MEDLINE format** (``PMID-``, ``FAU -``, six-space
  continuation lines).
* **BibTeX** (braces or quotes, nested braces, the common LaTeX accents).
* **CSV/TSV** (comma, semicolon or tab) and **XLSX**, with columns found by the many names the
  exporters give them (``Title``, ``Article Title``, ``primary_title``, ``publication_year``…).

Text files may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
Latin-1/Windows-1252. A file that is none of these formats raises ``ReferenceFileError`` with a
``Problem`` the caller words for people; a record without a title is skipped with a ``Skip``.
Writing: ``to_ris`` and ``to_csl_json``."""

import ast
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import PurePath

from soslokal.core.tables import BinaryData, BrokenSpreadsheet, text_decode, xlsx_rows

MAX_RECORDS = 50_000
TITLE_LIMIT = 1000
ABSTRACT_LIMIT = 20_000
SHORT_LIMIT = 500
AUTHOR_LIMIT = 300
MAX_AUTHORS = 200
MAX_KEYWORDS = 100


class Problem(Enum):
    """Why a whole file was refused; the caller words it for people."""

    EMPTY = "empty"
    BINARY = "binary"
    UNKNOWN_FORMAT = "unknown_format"
    NO_TITLE_COLUMN = "no_title_column"
    BROKEN_SPREADSHEET = "broken_spreadsheet"
    TOO_MANY_RECORDS = "too_many_records"
    NO_RECORDS = "no_records"


class ReferenceFileError(ValueError):
    def __init__(self, problem: Problem, *, detail: str = "") -> None:
        super().__init__(problem.value + (f": {detail}" if detail else ""))
        self.problem = problem
        self.detail = detail


class SkipReason(Enum):
    NO_TITLE = "no_title"


class Note(Enum):
    """Something read but not understood, kept with the record."""

    YEAR_NOT_UNDERSTOOD = "year_not_understood"


@dataclass(frozen=True)
class Record:
    """One reference as read from a file. ``position`` counts records in the file from 1."""

    title: str
    position: int = 0
    abstract: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    doi: str = ""
    url: str = ""
    keywords: tuple[str, ...] = ()
    kind: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    label: bool | None = None
    notes: tuple[tuple[Note, str], ...] = ()
    language: str = ""  # a language tag ("en", "nb"), as the file gives it; "" when it does not


@dataclass(frozen=True)
class Skip:
    position: int
    reason: SkipReason
    hint: str = ""  # a DOI or the first words of the abstract, so people can find it


@dataclass
class ParseResult:
    format: str
    encoding: str
    records: list[Record] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


FORMAT_NAMES = {
    "ris": "RIS",
    "wos": "Web of Science",
    "medline": "PubMed (MEDLINE)",
    "bibtex": "BibTeX",
    "csv": "CSV",
    "xlsx": "XLSX",
}


# --- public entry -----------------------------------------------------------------------------


def parse(data: bytes, filename: str = "", *, max_records: int = MAX_RECORDS) -> ParseResult:
    """Read a reference file of any supported format; raises ``ReferenceFileError``."""
    if not data.strip():
        raise ReferenceFileError(Problem.EMPTY)
    suffix = PurePath(filename).suffix.lower()
    if data[:4] == b"PK\x03\x04":
        raw = _read_xlsx(data)
        result = ParseResult("xlsx", "")
        _from_rows(raw, result)
    else:
        text, encoding = decode(data)
        kind = detect(text, suffix)
        result = ParseResult(kind, encoding)
        if kind == "csv":
            _from_rows(_read_csv(text), result)
        else:
            reader = {"ris": _ris_records, "wos": _wos_records, "medline": _medline_records}
            raw_records = _bibtex_records(text) if kind == "bibtex" else reader[kind](text)
            for number, fields in enumerate(raw_records, start=1):
                _add(result, number, _MAPPERS[kind](fields))
                if number > max_records:
                    break
    if len(result.records) + len(result.skipped) > max_records:
        raise ReferenceFileError(Problem.TOO_MANY_RECORDS, detail=str(max_records))
    if not result.records and not result.skipped:
        raise ReferenceFileError(Problem.NO_RECORDS)
    return result


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in (``core.tables.text_decode``)."""
    try:
        return text_decode(data)
    except BinaryData as error:
        raise ReferenceFileError(Problem.BINARY) from error


_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_WOS_TAG = re.compile(r"^([A-Z][A-Z0-9]) (.*)$")
_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- (.*)$")


def detect(text: str, suffix: str = "") -> str:
    """The format of a text file: by its content, the name's suffix only breaking ties."""
    lines = [line for line in text.split("\n", 400)[:400] if line.strip()]
    if any(line.startswith("TY  -") or line.startswith("TY -") for line in lines):
        return "ris"
    if any(line.startswith("PMID-") for line in lines[:50]):
        return "medline"
    if lines and re.match(r"^(FN|VR|PT) ", lines[0]) and any(line == "ER" for line in lines):
        return "wos"
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", text[:100_000], re.MULTILINE) and (
        suffix == ".bib" or not _looks_tabular(lines)
    ):
        return "bibtex"
    if _looks_tabular(lines) or suffix in (".csv", ".tsv"):
        return "csv"
    raise ReferenceFileError(Problem.UNKNOWN_FORMAT)


def _looks_tabular(lines: Sequence[str]) -> bool:
    return bool(lines) and any(sep in lines[0] for sep in (",", ";", "\t"))


def _add(result: ParseResult, position: int, record: Record) -> None:
    record = replace(record, position=position)
    if record.title:
        result.records.append(record)
    else:
        hint = record.doi or " ".join(record.abstract.split()[:8])
        result.skipped.append(Skip(position, SkipReason.NO_TITLE, hint[:120]))


# --- cleaning ----------------------------------------------------------------------------------


def clean(value: str, limit: int = SHORT_LIMIT) -> str:
    """One line of text: whitespace collapsed, control characters dropped, cut at ``limit``."""
    value = "".join(c for c in value if unicodedata.category(c) != "Cc" or c in " \t\n")
    return " ".join(value.split())[:limit]


_DOI = re.compile(r"10\.\d{4,9}/\S+")


def clean_doi(value: str) -> str:
    """The DOI in ``value`` (``10.…/…``), however written: bare, ``doi:``, a doi.org URL."""
    match = _DOI.search(value.strip())
    if not match:
        return ""
    doi = match.group(0).rstrip(".,;)]")
    doi = re.sub(r"\s*\[doi\]$", "", doi)
    return doi[:200]


_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")


def clean_year(value: str) -> tuple[int | None, tuple[tuple[Note, str], ...]]:
    """The publication year in ``2014``, ``2014//``, ``2019/05/11``, ``Jun 2011``; a value with
    no such year gives ``None`` and a note holding what was there."""
    value = value.strip()
    if not value:
        return None, ()
    match = _YEAR.search(value)
    if match:
        return int(match.group(1)), ()
    return None, ((Note.YEAR_NOT_UNDERSTOOD, clean(value, 40)),)


# Language names and codes as the exporters write them (ISO 639-1 and -2, English and
# Norwegian names), each with the tag a page's ``lang`` attribute takes.
_LANGUAGES = {
    "en": {"en", "eng", "english", "engelsk"},
    "nb": {"nb", "nob", "bokmal", "norwegianbokmal", "norskbokmal"},
    "nn": {"nn", "nno", "nynorsk", "norwegiannynorsk", "norsknynorsk"},
    "no": {"no", "nor", "norwegian", "norsk"},
    "sv": {"sv", "swe", "swedish", "svensk"},
    "da": {"da", "dan", "danish", "dansk"},
    "fi": {"fi", "fin", "finnish", "finsk"},
    "de": {"de", "ger", "deu", "german", "tysk", "deutsch"},
    "fr": {"fr", "fre", "fra", "french", "fransk"},
    "es": {"es", "spa", "spanish", "spansk"},
}
_LANGUAGE_OF = {name: tag for tag, names in _LANGUAGES.items() for name in names}


def clean_language(value: str) -> str:
    """The language tag for a language as a file names it ("English", "eng", "en-GB",
    "Norwegian Bokmål"), or "" for one this list does not know or for several ("eng; nor")."""
    first = re.split(r"[-_]", value.strip(), maxsplit=1)[0] if len(value) <= 40 else ""
    for candidate in (value, first):
        key = unicodedata.normalize("NFKD", candidate.lower())
        key = "".join(c for c in key if c.isascii() and c.isalpha())
        if key in _LANGUAGE_OF:
            return _LANGUAGE_OF[key]
    return ""


# Common short words that tell the languages of most titles and abstracts apart. Nynorsk and
# bokmål share most of theirs, so each has its own few, and the shared ones only say Norwegian.
_WORDS = {
    "en": {"the", "of", "and", "in", "to", "for", "a", "an", "on", "with", "from", "by", "is"}
    | {"are", "among", "between", "how", "what"},
    "no": {"og", "i", "på", "av", "til", "med", "for", "som", "er", "det", "en", "et", "om"}
    | {"blant", "hos", "ved", "mellom"},
    "nb": {"ikke", "jeg", "hva", "hvordan", "hvem", "hvor", "også", "være", "bare", "deres"}
    | {"disse", "fra"},
    "nn": {"ikkje", "eg", "kva", "korleis", "kven", "kor", "òg", "vere", "berre", "dykkar"}
    | {"desse", "frå"},
}


def guess_language(*texts: str) -> str:
    """English ("en"), Norwegian ("nb", "nn", or "no" when the words do not tell which) or ""
    for a title and abstract whose file does not give their language: what a page's ``lang``
    attribute needs so that a screen reader reads an English title in English. "" unless one
    language has at least three of its common words and three times as many as the other."""
    words = re.findall(r"[^\W\d_]+", " ".join(texts).lower())[:400]
    english = sum(word in _WORDS["en"] for word in words)
    bokmal = sum(word in _WORDS["nb"] for word in words)
    nynorsk = sum(word in _WORDS["nn"] for word in words)
    norwegian = sum(word in _WORDS["no"] for word in words) + bokmal + nynorsk
    if english >= 3 and english >= 3 * norwegian:
        return "en"
    if norwegian >= 3 and norwegian >= 3 * english:
        if bokmal > nynorsk:
            return "nb"
        return "nn" if nynorsk > bokmal else "no"
    return ""


def _authors(values: Iterable[str]) -> tuple[str, ...]:
    found = [clean(v, AUTHOR_LIMIT) for v in values]
    return tuple(a for a in found if a)[:MAX_AUTHORS]


def _keywords(values: Iterable[str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        for part in re.split(r"[;\n]", value):
            part = clean(part, 200)
            if part and part not in found:
                found.append(part)
    return tuple(found[:MAX_KEYWORDS])


def _first(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in fields.get(tag, []):
            if value.strip():
                return value
    return ""


def _url(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in fields.get(tag, []):
            match = re.search(r"https?://\S+", value)
            if match:
                return match.group(0)[:1000]
    return ""


def _pages(start: str, end: str) -> str:
    start, end = clean(start, 40), clean(end, 40)
    return f"{start}–{end}" if start and end else start or end


_LABEL_TRUE = {"1", "1.0", "true", "yes", "y", "included", "include", "relevant"}
_LABEL_FALSE = {"0", "0.0", "false", "no", "n", "excluded", "exclude", "irrelevant", "-1"}


def clean_label(value: str) -> bool | None:
    value = value.strip().lower()
    return True if value in _LABEL_TRUE else False if value in _LABEL_FALSE else None


def _label_from_notes(notes: Iterable[str]) -> bool | None:
    for note in notes:
        lowered = note.lower()
        if "asreview_relevant" in lowered or "soslokal: included" in lowered:
            return True
        if "asreview_irrelevant" in lowered or "soslokal: excluded" in lowered:
            return False
    return None


# --- RIS -------------------------------------------------------------------------------------


def _ris_records(text: str) -> Iterator[dict[str, list[str]]]:
    fields: dict[str, list[str]] | None = None
    last = ""
    for line in text.split("\n"):
        match = _RIS_TAG.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if fields:
                    yield fields
                fields = {}
            elif fields is None:
                continue  # a tag before any TY: not part of a record
            if tag == "ER":
                yield fields
                fields, last = None, ""
                continue
            fields.setdefault(tag, []).append(value)
            last = tag
        elif fields is not None and line.strip() and last:
            # A value running on: one keyword a line after KW (PubMed via EndNote), else text.
            if last in ("KW", "AU", "A1", "A2"):
                fields[last].append(line.strip())
            else:
                fields[last][-1] = f"{fields[last][-1]} {line.strip()}"
    if fields:
        yield fields


def _from_ris(fields: dict[str, list[str]]) -> Record:
    year, notes = clean_year(_first(fields, "PY", "Y1", "DA", "Y2"))
    doi = clean_doi(_first(fields, "DO", "DI"))
    if not doi:
        for tag in ("L2", "UR", "M3", "N1", "LK"):
            doi = next((clean_doi(v) for v in fields.get(tag, []) if clean_doi(v)), "")
            if doi:
                break
    return Record(
        title=clean(_first(fields, "TI", "T1", "CT", "ST", "BT"), TITLE_LIMIT),
        abstract=clean(_first(fields, "AB", "N2"), ABSTRACT_LIMIT),
        authors=_authors(fields.get("AU", []) + fields.get("A1", [])),
        year=year,
        journal=clean(_first(fields, "T2", "JF", "JO", "JA", "J2", "J9")),
        doi=doi,
        url=_url(fields, "UR", "L2", "LK", "L1"),
        keywords=_keywords(fields.get("KW", [])),
        kind=clean(_first(fields, "TY"), 20),
        volume=clean(_first(fields, "VL"), 40),
        issue=clean(_first(fields, "IS"), 40),
        pages=_pages(_first(fields, "SP"), _first(fields, "EP")),
        label=_label_from_notes(fields.get("N1", [])),
        notes=notes,
        language=clean_language(_first(fields, "LA")),
    )


# --- Web of Science tagged text ----------------------------------------------------------------

_WOS_LISTS = {"AU", "AF", "CR", "C1", "BE"}


def _wos_records(text: str) -> Iterator[dict[str, list[str]]]:
    fields: dict[str, list[str]] = {}
    last = ""
    for line in text.split("\n"):
        if line.startswith("   ") and last and line.strip():
            if last in _WOS_LISTS:
                fields[last].append(line.strip())
            else:
                fields[last][-1] = f"{fields[last][-1]} {line.strip()}"
            continue
        if line.strip() == "ER":
            if fields:
                yield fields
            fields, last = {}, ""
            continue
        match = _WOS_TAG.match(line)
        if match and match.group(1) not in ("FN", "VR", "EF"):
            last = match.group(1)
            fields.setdefault(last, []).append(match.group(2).strip())
    if fields:
        yield fields


def _from_wos(fields: dict[str, list[str]]) -> Record:
    year, notes = clean_year(_first(fields, "PY", "EA", "PD"))
    return Record(
        title=clean(_first(fields, "TI"), TITLE_LIMIT),
        abstract=clean(_first(fields, "AB"), ABSTRACT_LIMIT),
        authors=_authors(fields.get("AF") or fields.get("AU", [])),
        year=year,
        journal=clean(_first(fields, "SO", "J9")),
        doi=clean_doi(_first(fields, "DI", "D2")),
        keywords=_keywords(fields.get("DE", []) + fields.get("ID", [])),
        kind={"J": "JOUR", "B": "BOOK", "S": "SER", "P": "PAT"}.get(_first(fields, "PT"), ""),
        volume=clean(_first(fields, "VL"), 40),
        issue=clean(_first(fields, "IS"), 40),
        pages=_pages(_first(fields, "BP"), _first(fields, "EP")),
        notes=notes,
        language=clean_language(_first(fields, "LA")),
    )


# --- PubMed MEDLINE ----------------------------------------------------------------------------

_MEDLINE_LISTS = {"FAU", "AU", "MH", "OT", "AID", "LID", "PT"}


def _medline_records(text: str) -> Iterator[dict[str, list[str]]]:
    fields: dict[str, list[str]] = {}
    last = ""
    for line in text.split("\n"):
        match = _MEDLINE_TAG.match(line)
        if match:
            tag = match.group(1)
            if tag == "PMID" and fields:
                yield fields
                fields = {}
            last = tag
            fields.setdefault(tag, []).append(match.group(2).strip())
        elif line.startswith("      ") and last and line.strip():
            fields[last][-1] = f"{fields[last][-1]} {line.strip()}"
    if fields:
        yield fields


def _from_medline(fields: dict[str, list[str]]) -> Record:
    year, notes = clean_year(_first(fields, "DP", "DEP"))
    doi = next(
        (clean_doi(v) for v in fields.get("AID", []) + fields.get("LID", []) if "[doi]" in v),
        "",
    )
    pmid = _first(fields, "PMID").strip()
    return Record(
        title=clean(_first(fields, "TI", "BTI"), TITLE_LIMIT),
        abstract=clean(_first(fields, "AB"), ABSTRACT_LIMIT),
        authors=_authors(fields.get("FAU") or fields.get("AU", [])),
        year=year,
        journal=clean(_first(fields, "JT", "TA")),
        doi=doi,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else "",
        keywords=_keywords(fields.get("MH", []) + fields.get("OT", [])),
        kind="JOUR",
        volume=clean(_first(fields, "VI"), 40),
        issue=clean(_first(fields, "IP"), 40),
        pages=clean(_first(fields, "PG"), 40),
        notes=notes,
        language=clean_language(_first(fields, "LA")),
    )


# --- BibTeX ------------------------------------------------------------------------------------

_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303"}
_ACCENTS |= {"=": "\u0304", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b"}
_LETTERS = {"o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "ss": "ß"}
_LETTERS |= {"l": "ł", "L": "Ł", "i": "ı", "oe": "œ", "OE": "Œ", "&": "&", "%": "%", "_": "_"}


def latex_to_text(value: str) -> str:
    """Plain text from the LaTeX that BibTeX files hold: accents, special letters, braces."""

    def accent(match: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", match.group(2) + _ACCENTS[match.group(1)])

    value = re.sub(r"\\([\'`\"^~=cvuH])\s*\{?\s*\\?([A-Za-z])\}?", accent, value)
    value = re.sub(
        r"\\(aa|AA|ae|AE|ss|oe|OE|o|O|l|L|i)\b\s*(?:\{\})?",
        lambda m: _LETTERS[m.group(1)],
        value,
    )
    value = re.sub(r"\\([&%_])", lambda m: m.group(1), value)
    value = re.sub(r"\\[A-Za-z]+\s*", "", value)  # other commands (\emph, \textit…) go
    return value.replace("{", "").replace("}", "").replace("--", "–")


def _bibtex_records(text: str) -> Iterator[dict[str, list[str]]]:
    position = 0
    length = len(text)
    entry = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
    while True:
        match = entry.search(text, position)
        if not match:
            return
        kind = match.group(1).lower()
        close = "}" if match.group(2) == "{" else ")"
        end = _closing(text, match.end(), close)
        body = text[match.end() : end]
        position = end + 1 if end < length else length
        if kind in ("comment", "preamble", "string"):
            continue
        fields: dict[str, list[str]] = {"ENTRYTYPE": [kind]}
        for name, value in _bibtex_fields(body):
            fields.setdefault(name, []).append(value)
        yield fields


def _closing(text: str, start: int, close: str) -> int:
    """The index of the bracket closing an entry opened just before ``start`` (or the end)."""
    depth = 0
    quoted = False
    for index in range(start, len(text)):
        char = text[index]
        if char == "\\":
            continue
        if char == '"' and depth == 0:
            quoted = not quoted
        elif char == "{":
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
        elif char == close and depth == 0 and not quoted:
            return index
        elif char == "@" and depth == 0 and not quoted and text[index - 1] == "\n":
            return index - 1  # an unclosed entry ends where the next one starts
    return len(text)


def _bibtex_fields(body: str) -> Iterator[tuple[str, str]]:
    # The citation key comes first, up to the first comma.
    comma = body.find(",")
    position = comma + 1 if comma >= 0 else len(body)
    name_pattern = re.compile(r"\s*([A-Za-z][\w:-]*)\s*=\s*")
    while position < len(body):
        match = name_pattern.match(body, position)
        if not match:
            next_comma = body.find(",", position)
            if next_comma < 0:
                return
            position = next_comma + 1
            continue
        name = match.group(1).lower()
        position = match.end()
        parts: list[str] = []
        while position < len(body):
            char = body[position]
            if char == "{":
                end = _matching_brace(body, position)
                parts.append(body[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = position + 1
                depth = 0
                while end < len(body) and not (body[end] == '"' and depth == 0):
                    depth += {"{": 1, "}": -1}.get(body[end], 0)
                    end += 1
                parts.append(body[position + 1 : end])
                position = end + 1
            else:
                word = re.match(r"[^,#}\s]*", body[position:])
                parts.append(word.group(0) if word else "")
                position += max(1, len(word.group(0)) if word else 1)
            rest = re.match(r"\s*#\s*", body[position:])
            if rest:
                position += rest.end()
                continue
            break
        yield name, latex_to_text("".join(parts))
        next_comma = body.find(",", position)
        position = next_comma + 1 if next_comma >= 0 else len(body)


def _matching_brace(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _from_bibtex(fields: dict[str, list[str]]) -> Record:
    year, notes = clean_year(_first(fields, "year", "date"))
    authors = re.split(r"\s+and\s+", _first(fields, "author").strip()) if "author" in fields else []
    kinds = {"article": "JOUR", "book": "BOOK", "inproceedings": "CONF", "incollection": "CHAP"}
    kinds |= {"phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT", "misc": "GEN"}
    return Record(
        title=clean(_first(fields, "title"), TITLE_LIMIT),
        abstract=clean(_first(fields, "abstract"), ABSTRACT_LIMIT),
        authors=_authors(authors),
        year=year,
        journal=clean(_first(fields, "journal", "journaltitle", "booktitle")),
        doi=clean_doi(_first(fields, "doi")),
        url=_url(fields, "url"),
        keywords=_keywords(v.replace(",", ";") for v in fields.get("keywords", [])),
        kind=kinds.get(_first(fields, "ENTRYTYPE"), "GEN"),
        volume=clean(_first(fields, "volume"), 40),
        issue=clean(_first(fields, "number"), 40),
        pages=clean(_first(fields, "pages").replace("--", "–"), 40),
        notes=notes,
        language=clean_language(_first(fields, "langid", "language")),
    )


# --- tables: CSV, TSV, XLSX --------------------------------------------------------------------

# Column names the exporters use, written as ``_column_key`` makes them.
COLUMNS = {
    "title": {"title", "primarytitle", "articletitle", "documenttitle", "ti", "t1", "titel"},
    "abstract": {"abstract", "abstractnote", "notesabstract", "ab", "n2", "sammendrag"},
    "authors": {"authors", "author", "au", "authorfullnames", "authornames", "firstauthors"},
    "year": {"year", "publicationyear", "py", "pubyear", "yearpublished", "date", "ar"},
    "journal": {
        "journal",
        "sourcetitle",
        "publicationtitle",
        "secondarytitle",
        "journaltitle",
        "t2",
        "so",
        "source",
    },
    "doi": {"doi", "di", "do"},
    "url": {"url", "link", "ur"},
    "keywords": {"keywords", "authorkeywords", "manualtags", "kw", "de"},
    "label": {"labelincluded", "included", "label", "finalincluded", "asreviewlabel"},
    "kind": {"typeofreference", "itemtype", "documenttype", "ty", "type"},
    "volume": {"volume", "vl"},
    "issue": {"number", "issue", "is"},
    "language": {"language", "languageofdocument", "la", "lang", "langid", "sprak", "sprog"},
}


def _column_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.strip().lower())


def _read_csv(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(1_000_000)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise ReferenceFileError(Problem.UNKNOWN_FORMAT, detail=str(error)) from error


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        rows = xlsx_rows(data, max_rows=MAX_RECORDS + 1)
    except BrokenSpreadsheet as error:
        raise ReferenceFileError(Problem.BROKEN_SPREADSHEET) from error
    return [["" if cell is None else str(cell) for cell in row] for row in rows]


def _split_authors(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            parsed = None
        if isinstance(parsed, list):
            return [str(item) for item in parsed]
    return [part for part in re.split(r"\s*;\s*|\n", value) if part.strip()]


def _from_rows(rows: list[list[str]], result: ParseResult) -> None:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ReferenceFileError(Problem.NO_RECORDS)
    header = [_column_key(name) for name in rows[0]]
    where: dict[str, int] = {}
    for field_name, names in COLUMNS.items():
        for index, key in enumerate(header):
            if key in names and field_name not in where:
                where[field_name] = index
    if "title" not in where:
        raise ReferenceFileError(Problem.NO_TITLE_COLUMN, detail=", ".join(rows[0][:12]))
    if len(rows) - 1 > MAX_RECORDS:
        raise ReferenceFileError(Problem.TOO_MANY_RECORDS, detail=str(MAX_RECORDS))

    for number, row in enumerate(rows[1:], start=1):

        def get(name: str, row: list[str] = row) -> str:
            index = where.get(name)
            return row[index] if index is not None and index < len(row) else ""

        year, notes = clean_year(get("year"))
        keywords = get("keywords")
        if keywords.startswith("["):
            keywords = "; ".join(_split_authors(keywords))
        record = Record(
            title=clean(get("title"), TITLE_LIMIT),
            abstract=clean(get("abstract"), ABSTRACT_LIMIT),
            authors=_authors(_split_authors(get("authors"))),
            year=year,
            journal=clean(get("journal")),
            doi=clean_doi(get("doi")),
            url=_url({"url": [get("url")]}, "url"),
            keywords=_keywords([keywords]),
            kind=clean(get("kind"), 20),
            volume=clean(get("volume"), 40),
            issue=clean(get("issue"), 40),
            label=clean_label(get("label")),
            notes=notes,
            language=clean_language(get("language")),
        )
        _add(result, number, record)


_MAPPERS = {"ris": _from_ris, "wos": _from_wos, "medline": _from_medline, "bibtex": _from_bibtex}


# --- writing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """A record to write, with the lines of note that travel in RIS ``N1``."""

    record: Record
    notes: tuple[str, ...] = ()
    id: str = ""


def _ris_value(value: str) -> str:
    return " ".join(value.split())


def to_ris(items: Sequence[Export]) -> str:
    lines: list[str] = []
    for item in items:
        record = item.record
        lines.append(f"TY  - {record.kind or 'JOUR'}")
        lines.append(f"TI  - {_ris_value(record.title)}")
        lines.extend(f"AU  - {_ris_value(author)}" for author in record.authors)
        if record.year:
            lines.append(f"PY  - {record.year}")
        for tag, value in (
            ("T2", record.journal),
            ("VL", record.volume),
            ("IS", record.issue),
            ("SP", record.pages),
            ("DO", record.doi),
            ("UR", record.url),
            ("LA", record.language),
            ("AB", record.abstract),
        ):
            if value:
                lines.append(f"{tag}  - {_ris_value(value)}")
        lines.extend(f"KW  - {_ris_value(keyword)}" for keyword in record.keywords)
        lines.extend(f"N1  - {_ris_value(note)}" for note in item.notes)
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


_CSL_TYPES = {
    "JOUR": "article-journal",
    "BOOK": "book",
    "CHAP": "chapter",
    "CONF": "paper-conference",
}
_CSL_TYPES |= {"THES": "thesis", "RPRT": "report"}


def _csl_name(author: str) -> dict[str, str]:
    if "," in author:
        family, given = (part.strip() for part in author.split(",", 1))
        return {"family": family, "given": given} if given else {"family": family}
    return {"literal": author}


def to_csl_json(items: Sequence[Export]) -> str:
    entries = []
    for number, item in enumerate(items, start=1):
        record = item.record
        entry: dict[str, object] = {
            "id": item.id or f"ref{number}",
            "type": _CSL_TYPES.get(record.kind, "article-journal"),
            "title": record.title,
        }
        if record.authors:
            entry["author"] = [_csl_name(author) for author in record.authors]
        if record.year:
            entry["issued"] = {"date-parts": [[record.year]]}
        for key, value in (
            ("container-title", record.journal),
            ("volume", record.volume),
            ("issue", record.issue),
            ("page", record.pages),
            ("DOI", record.doi),
            ("URL", record.url),
            ("abstract", record.abstract),
            ("language", record.language),
            ("note", "\n".join(item.notes)),
        ):
            if value:
                entry[key] = value
        if record.keywords:
            entry["keyword"] = ", ".join(record.keywords)
        entries.append(entry)
    return json.dumps(entries, ensure_ascii=False, indent=2)
