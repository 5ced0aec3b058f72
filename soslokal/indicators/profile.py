"""Comparing an area's figures with the areas around it (pure, no Django).

For one indicator of an area: the newest figure, the figures of the areas it is compared with
(a municipality with its county and the whole country; a city district also with its
municipality) for the same period, its rank among its neighbours (the county's municipalities,
the municipality's districts), and whether it is **clearly worse** or **clearly better**:

    An area is clearly worse on an indicator when, for the same period, its figure is worse than
    that of *every* area it is compared with, and worse than the whole country's by more than
    ``CLEARLY_MARGIN`` (10 %) of the country's figure; clearly better the other way round.

"Worse" and "better" follow the indicator's direction; an indicator whose direction is neutral
(say, people living alone) is never marked. Both conditions are needed: worse than the county
but not the country, or only a little worse than both, is not "clearly". FHI's public-health
profiles mark figures that differ *significantly* from the country's, either way; without the
underlying counts we cannot test significance, so the margin stands in for it, and the page
says so."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CLEARLY_MARGIN = 0.10
HIGHER_BETTER, HIGHER_WORSE, NEUTRAL = "higher_better", "higher_worse", "neutral"
BETTER, WORSE = "better", "worse"


@dataclass(frozen=True)
class Point:
    period: str
    year: int
    value: float | None
    status: str = ""


@dataclass(frozen=True)
class Compared:
    """Another area's figure for the same period, and how ours stands to it: ``better``,
    ``worse``, ``same`` (equal when rounded) or, for a neutral indicator, ``higher``/``lower``;
    ``None`` when that area has no figure for the period, and then ``status`` says why when the
    source does (``..`` missing, ``.`` not applicable, ``:`` confidential)."""

    key: str
    value: float | None
    relation: str | None
    status: str = ""


@dataclass(frozen=True)
class Figure:
    latest: Point
    series: list[Point]
    compared: list[Compared]
    rank: int | None
    of: int
    clearly: str  # BETTER, WORSE or ""

    @property
    def clearly_worse(self) -> bool:
        return self.clearly == WORSE

    @property
    def clearly_better(self) -> bool:
        return self.clearly == BETTER


def latest(series: Sequence[Point]) -> Point | None:
    """The newest point with a value."""
    known = [p for p in series if p.value is not None]
    return max(known, key=lambda p: (p.year, p.period)) if known else None


def value_for(series: Sequence[Point], period: str) -> float | None:
    return next((p.value for p in series if p.period == period), None)


def status_for(series: Sequence[Point], period: str) -> str:
    """The status flag given instead of a figure for ``period``, or ""."""
    return next((p.status for p in series if p.period == period and p.value is None), "")


def relation(value: float, other: float, *, direction: str, decimals: int) -> str:
    if round(value, decimals) == round(other, decimals):
        return "same"
    higher = value > other
    if direction == NEUTRAL:
        return "higher" if higher else "lower"
    return "better" if higher == (direction == HIGHER_BETTER) else "worse"


def rank(value: float, others: Sequence[float], *, direction: str) -> int:
    """1 is the best (for a neutral indicator: the highest); ties share a rank."""
    if direction == HIGHER_WORSE:
        return 1 + sum(1 for other in others if other < value)
    return 1 + sum(1 for other in others if other > value)


def clearly(
    value: float,
    compared: Sequence[float | None],
    country: float | None,
    *,
    direction: str,
    margin: float = CLEARLY_MARGIN,
) -> str:
    """``WORSE``, ``BETTER`` or "" (see the module's docstring)."""
    if direction == NEUTRAL or country is None or not compared or None in compared:
        return ""
    others = [other for other in compared if other is not None]
    ahead = value - country if direction == HIGHER_BETTER else country - value
    if abs(ahead) <= margin * abs(country):
        return ""
    higher = [value > other for other in others]
    lower = [value < other for other in others]
    if ahead > 0 and all(higher if direction == HIGHER_BETTER else lower):
        return BETTER
    if ahead < 0 and all(lower if direction == HIGHER_BETTER else higher):
        return WORSE
    return ""


def compare(
    series: Sequence[Point],
    *,
    around: Mapping[str, Sequence[Point]],
    country_key: str,
    neighbours: Mapping[str, Sequence[Point]],
    direction: str,
    decimals: int,
) -> Figure | None:
    """The figure of an area: ``around`` holds the series of the areas it is compared with, in
    the order to show them (``country_key`` names the whole country among them);
    ``neighbours`` the series of the areas it is ranked among, itself included."""
    newest = latest(series)
    if newest is None or newest.value is None:
        return None
    value = newest.value
    compared = []
    for key, other_series in around.items():
        other = value_for(other_series, newest.period)
        shown = (
            None
            if other is None
            else relation(value, other, direction=direction, decimals=decimals)
        )
        compared.append(Compared(key, other, shown, status_for(other_series, newest.period)))
    ranked = [
        v for v in (value_for(s, newest.period) for s in neighbours.values()) if v is not None
    ]
    if value not in ranked:
        ranked.append(value)
    marked = clearly(
        value,
        [c.value for c in compared],
        value_for(around.get(country_key, []), newest.period),
        direction=direction,
    )
    ordered = sorted(series, key=lambda p: (p.year, p.period))
    return Figure(
        latest=newest,
        series=ordered,
        compared=compared,
        rank=rank(value, ranked, direction=direction) if len(ranked) > 1 else None,
        of=len(ranked),
        clearly=marked,
    )
