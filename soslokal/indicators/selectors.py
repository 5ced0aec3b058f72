"""Reads of the knowledge base: an area's profile, its figures as rows, the catalogue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from soslokal.core.models import Municipality
from soslokal.framework.models import Dimension
from soslokal.indicators.formatting import format_figure
from soslokal.indicators.models import Indicator, Observation, Region
from soslokal.indicators.profile import Figure, Point, compare
from soslokal.indicators.regions import COMPARABLE
from soslokal.indicators.sparkline import sparkline_svg

PROFILE_LEVELS = ("county", "municipality", "district")


@dataclass
class IndicatorFigure:
    indicator: Indicator
    figure: Figure
    # Each area compared with: its figure, how ours stands to it, and the status given instead
    # of a figure (``profile.Compared``).
    around: list[tuple[Region, float | None, str | None, str]]
    sparkline: str
    trend_text: str
    source: str
    source_date: dt.date | None
    imported: dt.datetime | None
    other_dimensions: list[Dimension] = field(default_factory=list)


@dataclass
class DimensionFigures:
    dimension: Dimension
    figures: list[IndicatorFigure]


@dataclass
class Profile:
    region: Region
    around: list[Region]
    neighbours_of: Region | None
    neighbour_count: int
    dimensions: list[DimensionFigures]

    @property
    def figures(self) -> Iterator[IndicatorFigure]:
        for dimension in self.dimensions:
            yield from dimension.figures

    @property
    def flagged(self) -> list[IndicatorFigure]:
        """The figures clearly worse than every area around."""
        return [f for f in self.figures if f.figure.clearly_worse]

    @property
    def strengths(self) -> list[IndicatorFigure]:
        """The figures clearly better than every area around."""
        return [f for f in self.figures if f.figure.clearly_better]

    @property
    def count(self) -> int:
        return sum(1 for _ in self.figures)


def region_for_profile(code: str) -> Region | None:
    """A region in use today at a level that has a profile."""
    return (
        Region.objects.filter(code=code, valid_to__isnull=True, level__in=PROFILE_LEVELS)
        .select_related("parent__parent__parent")
        .first()
    )


def ancestors(region: Region) -> list[Region]:
    """The areas a region is compared with, nearest first: its municipality, county, country."""
    found = []
    parent = region.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def indicators_in_order() -> QuerySet[Indicator]:
    return Indicator.objects.all()


def _points(rows: list[tuple[Any, ...]]) -> list[Point]:
    return [Point(period, year, value, status) for period, year, value, status in rows]


def _trend_text(indicator: Indicator, series: list[Point]) -> str:
    known = [p for p in series if p.value is not None]
    if len(known) < 2:
        return ""

    def shown(point: Point) -> str:
        return format_figure(point.value, unit=indicator.unit, decimals=indicator.decimals)

    first, last = known[0], known[-1]
    low = min(known, key=lambda p: p.value or 0.0)
    high = max(known, key=lambda p: p.value or 0.0)
    return _(
        "From %(first)s in %(first_period)s to %(last)s in %(last_period)s; "
        "lowest %(low)s (%(low_period)s), highest %(high)s (%(high_period)s)."
    ) % {
        "first": shown(first),
        "first_period": first.period,
        "last": shown(last),
        "last_period": last.period,
        "low": shown(low),
        "low_period": low.period,
        "high": shown(high),
        "high_period": high.period,
    }


def profile_build(region: Region) -> Profile:
    """Every indicator with a figure for ``region``, grouped by the framework dimension it
    informs first, each compared with the areas around it and ranked among its neighbours."""
    around = ancestors(region)
    neighbours = (
        list(
            Region.objects.filter(
                parent_id=region.parent_id, level=region.level, valid_to__isnull=True
            ).values_list("code", flat=True)
        )
        if region.parent_id
        else [region.code]
    )
    codes = {region.code, *neighbours, *(r.code for r in around)}
    indicators = {i.code: i for i in indicators_in_order()}
    headlines = {i.headline for i in indicators.values()}
    series: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    sources: dict[str, tuple[str, dt.date | None, dt.datetime | None]] = {}
    rows = (
        Observation.objects.filter(
            region_id__in=codes, harmonisation__in=COMPARABLE, breakdown__in=headlines
        )
        .order_by("year_end", "period")
        .values_list(
            "indicator_id",
            "region_id",
            "breakdown",
            "period",
            "year_end",
            "value",
            "status",
            "source",
            "source_updated",
            "import_run__finished_at",
        )
    )
    for code, region_code, breakdown, period, year, value, status, source, updated, run in rows:
        indicator = indicators.get(code)
        if indicator is None or breakdown != indicator.headline:
            continue
        series[(code, region_code)].append((period, year, value, status))
        if region_code == region.code:
            sources[code] = (source, updated, run)

    country = next((r for r in around if r.level == "country"), None)
    dimensions = list(Dimension.objects.order_by("order"))
    by_slug = {d.slug: d for d in dimensions}
    grouped: dict[str, list[IndicatorFigure]] = defaultdict(list)
    for code, indicator in indicators.items():
        own = _points(series.get((code, region.code), []))
        figure = compare(
            own,
            around={r.code: _points(series.get((code, r.code), [])) for r in around},
            country_key=country.code if country else "",
            neighbours={n: _points(series.get((code, n), [])) for n in neighbours},
            direction=indicator.direction,
            decimals=indicator.decimals,
        )
        slugs = [s for s in indicator.dimension_slugs if s in by_slug]
        if figure is None or not slugs:
            continue
        trend = _trend_text(indicator, figure.series)
        source, updated, imported = sources[code]
        grouped[slugs[0]].append(
            IndicatorFigure(
                indicator=indicator,
                figure=figure,
                around=[
                    (r, c.value, c.relation, c.status)
                    for r, c in zip(around, figure.compared, strict=True)
                ],
                sparkline=sparkline_svg(
                    [p.value for p in figure.series],
                    title=_("Trend: %(name)s") % {"name": indicator.name},
                    description=trend,
                    id_prefix=f"trend-{code.replace('_', '-')}",
                ),
                trend_text=trend,
                source=source,
                source_date=updated,
                imported=imported,
                other_dimensions=[by_slug[s] for s in slugs[1:]],
            )
        )
    return Profile(
        region=region,
        around=around,
        neighbours_of=region.parent,
        neighbour_count=len(neighbours),
        dimensions=[DimensionFigures(d, grouped[d.slug]) for d in dimensions],
    )


def profile_rows(region: Region) -> QuerySet[Observation]:
    """Every stored figure of the region and of the areas it is compared with, for the CSV."""
    codes = [region.code, *(r.code for r in ancestors(region))]
    return (
        Observation.objects.filter(region_id__in=codes)
        .select_related("indicator", "region")
        .order_by("indicator__position", "region_id", "year_end", "period", "breakdown")
    )


def districts_with_figures(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(
        parent=region, level="district", valid_to__isnull=True, observations__isnull=False
    ).distinct()


def indicators_section(municipality: Municipality) -> dict[str, Any]:
    """For the municipality's public page: a link to its profile and what is clearly worse
    or clearly better."""
    region = region_for_profile(municipality.number)
    if region is None or not Observation.objects.filter(region=region).exists():
        return {}
    profile = profile_build(region)
    return {
        "region": region,
        "count": profile.count,
        "flagged": profile.flagged,
        "strengths": profile.strengths,
        "districts": list(districts_with_figures(region)),
    }


def catalogue_by_dimension() -> list[tuple[Dimension, list[Indicator]]]:
    indicators = list(indicators_in_order())
    return [
        (dimension, [i for i in indicators if i.dimension_slugs[:1] == [dimension.slug]])
        for dimension in Dimension.objects.order_by("order")
    ]
