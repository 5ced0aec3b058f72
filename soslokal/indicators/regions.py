"""Regions and their codes over time, and harmonising figures to today's codes (pure, no Django).

Region codes: ``0`` the whole country, 2 digits a county, 4 a municipality, 6 a city district,
8 a basic statistical unit. Municipal reforms change codes: in 2020 Bamble went from 0814 to
3813, in 2024 to 4012 (renumbered); Bø (0821) and Sauherad (0822) became Midt-Telemark (3817,
now 4020) (merged); in 2024 Vestfold og Telemark (38) became Vestfold (39) and Telemark (40)
(split). A ``Harmoniser`` follows these changes from any old code to today's:

- a code still in use, or renumbered one to one, moves to today's code;
- a code merged into a larger region moves there only when the figures are counts
  (``additive``), and then only summed with every other part of the merger for the same period;
  shares and ratios stay on the old code, flagged ``merged``;
- a code split into several regions stays on the old code, flagged ``split``: a figure of the
  whole is never divided among its parts, nor summed backwards from them.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

LEVEL_OF_LENGTH = {1: "country", 2: "county", 4: "municipality", 6: "district", 8: "basic_unit"}
COUNTRY = "0"
_PREFIXES = ("K-", "F-", "B-", "G-", "EAK", "K_", "F_")

# How an observation came to sit on its region.
DIRECT = ""
RENUMBERED = "renumbered"
SUMMED = "summed"
MERGED = "merged"
SPLIT = "split"
COMPARABLE = (DIRECT, RENUMBERED, SUMMED)  # what belongs to today's series of a region


class RegionFileError(ValueError):
    """A region or code-change file that cannot be read; the message names line and problem."""


@dataclass(frozen=True)
class RegionItem:
    code: str
    name: str
    level: str
    parent: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass(frozen=True)
class CodeChange:
    """``old`` became (part of) ``new`` on ``on``; a code renamed to itself is no change."""

    old: str
    new: str
    on: dt.date
    old_name: str = ""
    new_name: str = ""


def level_of(code: str) -> str:
    """``"4003"`` → ``"municipality"``; raises ``ValueError`` for a code of no known length."""
    try:
        return LEVEL_OF_LENGTH[len(code)]
    except KeyError:
        raise ValueError(f"{code!r} is not a region code (1, 2, 4, 6 or 8 digits)") from None


def normalise_code(code: str) -> str:
    """Region codes as the sources write them, made plain: ``K-4003`` → ``4003``, ``00`` → ``0``,
    ``F-40`` → ``40``. Anything that is still not digits is returned as it is (and is then
    unknown)."""
    text = code.strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix) and text[len(prefix) :].isdigit():
            text = text[len(prefix) :]
            break
    if text.isdigit() and set(text) == {"0"}:
        return COUNTRY
    return text


def parent_code(code: str) -> str:
    """The code of the region one level up: municipality → county, county → country."""
    if code == COUNTRY:
        return ""
    if len(code) == 2:
        return COUNTRY
    if len(code) == 4:
        return code[:2]
    if len(code) in (6, 8):
        return code[:4]
    return ""


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def read_klass_csv(data: bytes, *, level: str) -> list[RegionItem]:
    """A KLASS classification exported as CSV: ISO-8859-1, ``;``-separated, with the columns
    ``code;parentCode;level;name;shortName;notes;validFrom;validTo``. Code 9999 ("Uoppgitt",
    unknown municipality) is not a region and is left out."""
    text = data.decode("iso-8859-1")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    if reader.fieldnames is None or not {"code", "name"} <= set(reader.fieldnames):
        raise RegionFileError(
            f"line 1: expected the columns code and name, got {reader.fieldnames}"
        )
    items = []
    for line, row in enumerate(reader, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code.isdigit() or not name:
            raise RegionFileError(f"line {line}: expected a numeric code and a name")
        if set(code) == {"9"}:
            continue
        try:
            items.append(
                RegionItem(
                    code=code,
                    name=name,
                    level=level,
                    parent=parent_code(code),
                    valid_from=_date(row.get("validFrom")),
                    valid_to=_date(row.get("validTo")),
                )
            )
        except ValueError as error:
            raise RegionFileError(f"line {line}: {error}") from error
    return items


def read_changes_csv(text: str) -> list[CodeChange]:
    """Our own list of code changes: ``old_code;old_name;new_code;new_name;changed_on``."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    wanted = {"old_code", "old_name", "new_code", "new_name", "changed_on"}
    if reader.fieldnames is None or not wanted <= set(reader.fieldnames):
        raise RegionFileError(f"line 1: expected the columns {', '.join(sorted(wanted))}")
    changes = []
    for line, row in enumerate(reader, start=2):
        try:
            changes.append(
                CodeChange(
                    old=normalise_code(row["old_code"]),
                    new=normalise_code(row["new_code"]),
                    on=dt.date.fromisoformat(row["changed_on"].strip()),
                    old_name=row["old_name"].strip(),
                    new_name=row["new_name"].strip(),
                )
            )
        except (AttributeError, ValueError) as error:
            raise RegionFileError(f"line {line}: {error}") from error
    return changes


def read_municipality_history(text: str) -> list[CodeChange]:
    """The municipality code history as Telemark county's analysts keep it: one row per 2019
    municipality with its 2019, 2023 and 2024 number and name (``;``-separated, numbers without
    their leading zero). Gives the changes of 1 January 2020 and 1 January 2024."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    wanted = {"Kommunenummer_19", "Kommunenavn_19", "Kommunenummer_23", "Kommunenavn_23"}
    wanted |= {"Kommunenummer_24", "Kommunenavn_24"}
    if reader.fieldnames is None or not wanted <= set(reader.fieldnames):
        raise RegionFileError(f"line 1: expected the columns {', '.join(sorted(wanted))}")
    changes: list[CodeChange] = []
    for line, row in enumerate(reader, start=2):
        codes = [row[f"Kommunenummer_{year}"].strip().zfill(4) for year in ("19", "23", "24")]
        names = [row[f"Kommunenavn_{year}"].strip() for year in ("19", "23", "24")]
        # "0713 Sande (Vestfold)": the 2019 name that tells two Sandes apart.
        full_19 = (row.get("NummerOgNavn_19") or "").strip().partition(" ")[2]
        names[0] = full_19 or names[0]
        if not all(code.isdigit() and len(code) == 4 for code in codes):
            raise RegionFileError(f"line {line}: expected four-digit municipality numbers")
        for (old, new), (old_name, new_name), year in zip(
            [(codes[0], codes[1]), (codes[1], codes[2])],
            [(names[0], names[1]), (names[1], names[2])],
            (2020, 2024),
            strict=True,
        ):
            if old != new:
                change = CodeChange(old, new, dt.date(year, 1, 1), old_name, new_name)
                if change not in changes:
                    changes.append(change)
    return changes


class Resolution(NamedTuple):
    """Where figures of a code belong today. ``kind`` is one of DIRECT, RENUMBERED, MERGED
    (``targets`` has one code, ``parts`` every old code merged into it) or SPLIT."""

    kind: str
    targets: tuple[str, ...]
    parts: tuple[str, ...] = ()


class Harmoniser:
    """Follows code changes from any code to today's; ``current`` are the codes in use today."""

    def __init__(self, current: Iterable[str], changes: Iterable[CodeChange]) -> None:
        self.current = frozenset(current)
        self._next: dict[str, set[str]] = defaultdict(set)
        self._previous: dict[str, set[str]] = defaultdict(set)
        for change in changes:
            if change.old != change.new:
                self._next[change.old].add(change.new)
                self._previous[change.new].add(change.old)
        self._cache: dict[str, Resolution | None] = {}

    def known(self, code: str) -> bool:
        return code in self.current or code in self._next

    def resolve(self, code: str) -> Resolution | None:
        """Today's code(s) for ``code``, or ``None`` when the code is unknown."""
        if code not in self._cache:
            self._cache[code] = self._resolve(code)
        return self._cache[code]

    def _resolve(self, code: str) -> Resolution | None:
        if code in self.current and code not in self._next:
            return Resolution(DIRECT, (code,))
        if code not in self._next:
            return None
        targets: set[str] = set()
        split = merged = False
        frontier, seen = [code], set()
        while frontier:
            here = frontier.pop()
            if here in seen:
                continue
            seen.add(here)
            following = self._next.get(here, set())
            if not following:
                targets.add(here)
                continue
            split |= len(following) > 1
            merged |= any(len(self._previous[n]) > 1 for n in following)
            frontier.extend(following)
        if split or len(targets) != 1:
            return Resolution(SPLIT, tuple(sorted(targets)))
        (target,) = targets
        if merged:
            return Resolution(MERGED, (target,), tuple(sorted(self.ancestors(target))))
        return Resolution(RENUMBERED, (target,))

    def ancestors(self, code: str) -> set[str]:
        """Every earlier code that led to ``code``, without codes that also led elsewhere."""
        found: set[str] = set()
        frontier = list(self._previous.get(code, ()))
        while frontier:
            here = frontier.pop()
            if here in found:
                continue
            found.add(here)
            frontier.extend(self._previous.get(here, ()))
        return found


class NameIndex:
    """Region names as the snapshot files write them, mapped to codes.

    ``Skien`` → 4003 (today's name); ``Bamble (-2019)`` → 0814 and ``Bamble (2020-2023)`` →
    3813 (a name with the years it was in use); ``Telemark`` → 40; ``Hele landet`` and
    ``Landet`` → 0. Names are looked up within one county, since two municipalities in
    Norway may share a name (Våler, Herøy)."""

    COUNTRY_NAMES = ("Hele landet", "Landet", "Norge", "Norway")

    def __init__(
        self,
        regions: Sequence[RegionItem],
        changes: Sequence[CodeChange],
        *,
        county: str,
    ) -> None:
        self._current: dict[str, str] = dict.fromkeys(self.COUNTRY_NAMES, COUNTRY)
        for region in regions:
            if region.code == county or (region.parent == county and region.valid_to is None):
                self._current[region.name] = region.code
                self._current[region.name.split(" - ")[0]] = region.code
        # Historic names by the last year they were in use: 2019 before the 2020 reform,
        # 2023 before the 2024 reform.
        self._historic: dict[tuple[str, int], str] = {}
        for change in changes:
            last_year = change.on.year - 1
            self._historic.setdefault((change.old_name, last_year), change.old)
            plain = change.old_name.split(" (")[0]
            self._historic.setdefault((plain, last_year), change.old)

    def code(self, label: str) -> str | None:
        """The code for a name as written in a file, or ``None``."""
        text = label.strip()
        if text in self._current:
            return self._current[text]
        name, years = _split_years(text)
        if years is None:
            return None
        last = years[1]
        for (historic, until), code in sorted(self._historic.items(), key=lambda kv: kv[0][1]):
            if historic == name and last <= until:
                return code
        # Unchanged by the reform: the name in use for those years is today's.
        return self._current.get(name)


def _split_years(text: str) -> tuple[str, tuple[int, int] | None]:
    """``"Bamble (2020-2023)"`` → ("Bamble", (2020, 2023)); ``"Bø (Telemark) (-2019)"`` →
    ("Bø (Telemark)", (0, 2019)); a name without years → (name, None)."""
    if not text.endswith(")") or " (" not in text:
        return text, None
    name, _, years = text[:-1].rpartition(" (")
    start, dash, end = years.partition("-")
    if not dash or not end.isdigit() or (start and not start.isdigit()):
        return text, None
    return name, (int(start) if start else 0, int(end))
