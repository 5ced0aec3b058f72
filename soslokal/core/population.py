"""Reading population tables as Statistics Norway publishes them (pure, no Django).

SSB's table 07459 exported as CSV has one row per region, age band, variable and year:
``region,alder,statistikkvariabel,år,value`` with age bands such as ``0 år``, ``1-5 år`` and
``90 år eller eldre``."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass

_BAND = re.compile(r"^\s*(?P<low>\d+)(?:\s*-\s*(?P<high>\d+))?\s*år(?P<open>\s+eller eldre)?\s*$")


class PopulationFileError(ValueError):
    """A population file that cannot be read; the message names the line and the problem."""


@dataclass(frozen=True)
class PopulationRow:
    region: str
    year: int
    age_from: int
    age_to: int | None
    count: int


def parse_age_band(text: str) -> tuple[int, int | None]:
    """``"1-5 år"`` → (1, 5); ``"0 år"`` → (0, 0); ``"90 år eller eldre"`` → (90, None)."""
    match = _BAND.match(text)
    if not match:
        raise ValueError(f"not an age band: {text!r}")
    low = int(match["low"])
    if match["open"]:
        return low, None
    high = int(match["high"]) if match["high"] else low
    if high < low:
        raise ValueError(f"age band runs backwards: {text!r}")
    return low, high


def read_population_csv(lines: Iterable[str], *, region: str) -> list[PopulationRow]:
    """Rows for one region; raises ``PopulationFileError`` naming the first bad line."""
    reader = csv.DictReader(lines)
    expected = {"region", "alder", "år", "value"}
    if reader.fieldnames is None or not expected <= set(reader.fieldnames):
        raise PopulationFileError(
            f"line 1: expected the columns {', '.join(sorted(expected))}, got {reader.fieldnames}"
        )
    rows: list[PopulationRow] = []
    for line_number, record in enumerate(reader, start=2):
        if record["region"] != region:
            continue
        try:
            age_from, age_to = parse_age_band(record["alder"])
            year = int(record["år"])
            count = int(record["value"])
        except (TypeError, ValueError) as error:
            raise PopulationFileError(f"line {line_number}: {error}") from error
        if count < 0:
            raise PopulationFileError(f"line {line_number}: negative count {count}")
        rows.append(PopulationRow(region, year, age_from, age_to, count))
    if not rows:
        raise PopulationFileError(f"no rows for region {region!r}")
    return rows
