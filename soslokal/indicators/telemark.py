"""Adapters for the Telemark snapshot files (pure, no Django).

Telemark county's analysis team exported these figures from SSB and FHI tables for the 17
municipalities of Telemark, the county and the whole country. Each file has its own layout and
most name regions rather than code them, so each has a small adapter here that turns its rows
into ``TidyRow``s with region *names*; ``resolve_names`` then maps the names to codes through
KLASS (``regions.NameIndex``). Shares given as fractions (0.043) become percentages (4.3), so
every share in SOSLOKAL is a percentage. ``data/telemark/SOURCES.md`` names each file's source."""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from soslokal.core.population import parse_age_band
from soslokal.indicators.regions import NameIndex, normalise_code
from soslokal.indicators.tidy import STATUSES, ImportProblems, TidyRow, parse_number, parse_period

Record = dict[str, str]
Adapter = Callable[[Iterable[tuple[int, Record]]], Iterator[TidyRow]]

_PERIOD_IN_HEADER = re.compile(r"\((\d{4}(?:-\d{4})?)\)\s*$")
_SEX = {"kjønn samlet": "", "begge kjønn": "", "kvinner": "sex=female", "menn": "sex=male"}


Cell = tuple[float | None, str]


def _number(text: str) -> Cell:
    """A figure and its status: an empty cell is missing (``..``), and a status flag
    (``..``, ``.``, ``:``) stands for a figure that is not given."""
    flag = text.strip()
    if flag in STATUSES:
        return None, flag or ".."
    return parse_number(text), ""


def _percent(text: str) -> Cell:
    """A share written as a fraction, as a percentage: ``0.043`` → 4.3."""
    value, status = _number(text)
    return (None if value is None else round(value * 100, 10)), status


def _year(text: str) -> str:
    """``2015-01-01`` → ``2015``."""
    return parse_period(text).label


def _sex(text: str) -> str:
    try:
        return _SEX[text.strip().lower()]
    except KeyError:
        raise ValueError(f"{text!r} is not a sex this file should hold") from None


def _age_breakdown(text: str) -> str:
    low, high = parse_age_band(text)
    if high is None:
        return f"age={low}+"
    return f"age={low}" if high == low else f"age={low}-{high}"


def _row(indicator: str, line: int, region: str, period: str, cell: Cell) -> TidyRow:
    value, status = cell
    return TidyRow(indicator, region, period, value, status, "", "", line)


def population_total(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    for line, r in records:
        yield _row("population", line, r["region"], _year(r["år"]), _number(r["value"]))


def population_by_age(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    """Every age band, and their sum as the total: the bands cover every age."""
    totals: dict[tuple[str, str], float] = defaultdict(float)
    first_line: dict[tuple[str, str], int] = {}
    for line, r in records:
        period, value = _year(r["år"]), parse_number(r["value"])
        totals[(r["region"], period)] += value
        first_line.setdefault((r["region"], period), line)
        row = _row("population", line, r["region"], period, (value, ""))
        yield row._replace(breakdown=_age_breakdown(r["alder"]))
    for (region, period), total in totals.items():
        yield _row("population", first_line[(region, period)], region, period, (total, ""))


def _wide(indicator: str) -> Adapter:
    """A file of one period: ``Kommune,Andel (2021-2023),Label``."""

    def adapter(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
        for line, r in records:
            columns = list(r)
            value_column = next(c for c in columns if _PERIOD_IN_HEADER.search(c))
            match = _PERIOD_IN_HEADER.search(value_column)
            assert match is not None  # noqa: S101 – found by the line above
            period = parse_period(match[1]).label
            yield _row(indicator, line, r[columns[0]], period, _number(r[value_column]))

    return adapter


def child_welfare(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    for line, r in records:
        yield _row("child_welfare", line, r["Geografi"], _year(r["År"]), _percent(r["Andel"]))


def debt_over_3x_income(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    for line, r in records:
        yield _row("debt_over_3x_income", line, r["Geografi"], _year(r["År"]), _percent(r["Andel"]))


def crowded_housing(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    backgrounds = {"totalt": "", "innvandrere": "background=immigrants"}
    for line, r in records:
        row = _row(
            "crowded_housing", line, r["Kommunenummer"], _year(r["År"]), _percent(r["Andel"])
        )
        yield row._replace(breakdown=backgrounds[r["Innvandringsbakgrunn"].strip().lower()])


def school_wellbeing(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    for line, r in records:
        period = parse_period(r["Skoleår"]).label
        yield _row("school_wellbeing", line, r["Kommune"], period, _percent(r["Andel"]))


def life_expectancy_by_education(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    for line, r in records:
        if r["Utdanningsnivå"].strip() != "alle utdanningsnivåer":
            raise ValueError(f"education level {r['Utdanningsnivå']!r} is not expected here")
        row = _row(
            "life_expectancy_by_education",
            line,
            r["Kommune"],
            parse_period(r["År (intervall)"]).label,
            _number(r["Antall"]),
        )
        yield row._replace(breakdown=_sex(r["Kjønn"]))


def low_income_by_immigrant_category(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    categories = {"innvandrere": "background=immigrants", "øvrig befolkning": "background=rest"}
    for line, r in records:
        row = _row(
            "low_income_immigrants",
            line,
            r["Geografi"],
            parse_period(r["År"]).label,
            _number(r["Andel"]),
        )
        yield row._replace(breakdown=categories[r["Innvandringskategori"].strip().lower()])


def education_level(records: Iterable[tuple[int, Record]]) -> Iterator[TidyRow]:
    """Shares of residents 16+ by highest education: higher education is the short and the long
    university level together; compulsory school only is its own level."""
    higher: dict[tuple[str, str, str], list[float | None]] = defaultdict(list)
    lines: dict[tuple[str, str, str], int] = {}
    for line, r in records:
        if not r["Variabel"].strip().endswith("(prosent)"):
            continue
        level = r["Utdanningsnivå"].strip()
        breakdown = _sex(r["Kjønn"])
        cell = _number(r["Verdi"])
        period = _year(r["År"])
        if level == "Grunnskolenivå":
            row = _row("education_compulsory_only", line, r["Kommune"], period, cell)
            yield row._replace(breakdown=breakdown)
        elif level.startswith("Universitets- og høgskolenivå"):
            key = (r["Kommune"], period, breakdown)
            higher[key].append(cell[0])
            lines.setdefault(key, line)
    for (region, period, breakdown), values in higher.items():
        if len(values) != 2:
            raise ValueError(f"{region} {period}: expected a short and a long university level")
        total = None if None in values else round(sum(v or 0.0 for v in values), 10)
        cell = (total, "" if total is not None else "..")
        row = _row("education_higher", lines[(region, period, breakdown)], region, period, cell)
        yield row._replace(breakdown=breakdown)


@dataclass(frozen=True)
class SnapshotFile:
    filename: str
    source: str
    indicators: tuple[str, ...]
    adapter: Adapter


SNAPSHOT = (
    SnapshotFile("population_by_age.csv", "SSB 07459", ("population",), population_by_age),
    SnapshotFile("population_total.csv", "SSB 07459", ("population",), population_total),
    SnapshotFile(
        "living_alone_2025.csv", "SSB 06070 / FHI 187", ("living_alone",), _wide("living_alone")
    ),
    SnapshotFile("crowded_housing.csv", "FHI 795", ("crowded_housing",), crowded_housing),
    SnapshotFile(
        "income_inequality_p90p10_2024.csv",
        "FHI 366",
        ("income_inequality",),
        _wide("income_inequality"),
    ),
    SnapshotFile(
        "persistent_low_income_0_17_2021_2023.csv",
        "FHI / SSB 12944",
        ("persistent_low_income_children",),
        _wide("persistent_low_income_children"),
    ),
    SnapshotFile(
        "persistent_low_income_all_2021_2023.csv",
        "FHI / SSB 12944",
        ("persistent_low_income",),
        _wide("persistent_low_income"),
    ),
    SnapshotFile(
        "low_income_by_immigrant_category.csv",
        "FHI 403",
        ("low_income_immigrants",),
        low_income_by_immigrant_category,
    ),
    SnapshotFile(
        "debt_over_3x_income.csv", "FHI 358", ("debt_over_3x_income",), debt_over_3x_income
    ),
    SnapshotFile(
        "turnout_local_election_2023.csv", "SSB 09475", ("turnout_local",), _wide("turnout_local")
    ),
    SnapshotFile(
        "turnout_national_election.csv",
        "SSB 08243",
        ("turnout_national",),
        _wide("turnout_national"),
    ),
    SnapshotFile(
        "school_wellbeing_grade10.csv", "FHI 805", ("school_wellbeing",), school_wellbeing
    ),
    SnapshotFile("child_welfare_measures.csv", "FHI 337", ("child_welfare",), child_welfare),
    SnapshotFile("neet_young_2024.csv", "SSB 13556", ("neet_young",), _wide("neet_young")),
    SnapshotFile(
        "life_expectancy_by_education.csv",
        "FHI 507",
        ("life_expectancy_by_education",),
        life_expectancy_by_education,
    ),
    SnapshotFile(
        "education_level.csv",
        "SSB 09429",
        ("education_higher", "education_compulsory_only"),
        education_level,
    ),
)


def read_snapshot_file(spec: SnapshotFile, data: bytes, names: NameIndex) -> list[TidyRow]:
    """One snapshot file as tidy rows with region codes; raises ``ImportProblems`` naming the
    line of every region name that is not known and every value that is not a number."""
    text = data.decode("utf-8-sig")
    current = 1

    def records() -> Iterator[tuple[int, Record]]:
        nonlocal current
        for line, record in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            current = line
            yield line, record

    try:
        rows = list(spec.adapter(records()))
    except (KeyError, ValueError, StopIteration) as error:
        problem = f"no column {error}" if isinstance(error, KeyError) else str(error)
        raise ImportProblems(
            [
                f"{spec.filename}, line {current}: "
                + (problem or "not the layout this file should have")
            ]
        ) from error
    return resolve_names(rows, names)


def resolve_names(rows: list[TidyRow], names: NameIndex) -> list[TidyRow]:
    """Region names (or codes) → codes; every unknown name is one problem with its line."""
    codes: dict[str, str | None] = {}
    problems = []
    resolved = []
    for row in rows:
        label = row.region
        if label not in codes:
            code = normalise_code(label) if label.strip().isdigit() else names.code(label)
            codes[label] = code
            if code is None:
                problems.append(f"line {row.line}: no region is called {label!r}")
        code = codes[label]
        if code is not None:
            resolved.append(row._replace(region=code))
    if problems:
        raise ImportProblems(problems)
    return resolved
