"""Reads for survey results: the population a campaign's respondents are set against."""

from dataclasses import dataclass, field

from django.db.models import Max

from soslokal.core.models import Area, PopulationCount
from soslokal.surveys.background import age_bands_for
from soslokal.surveys.models import Campaign

# Gender answers that SSB's population figures can be split by.
SEX_OF_GENDER = {"woman": PopulationCount.Sex.FEMALE, "man": PopulationCount.Sex.MALE}


@dataclass(frozen=True)
class PopulationBase:
    """Residents of the campaign's areas by survey age band (and by sex where known)."""

    areas: list[str]
    year: int
    source: str
    whole_municipality: bool  # True when the areas have no figures of their own
    by_band: dict[str, int]
    by_band_sex: dict[tuple[str, str], int] = field(default_factory=dict)
    by_area: dict[int, int] = field(default_factory=dict)  # per area, when each has figures


def _sum(rows: list[PopulationCount], age_from: int, age_to: int | None, sex: str) -> int:
    return sum(
        row.count
        for row in rows
        if row.sex == sex
        and row.age_from >= age_from
        and (age_to is None or (row.age_to is not None and row.age_to <= age_to))
    )


def population_for(campaign: Campaign, versions: list[str] | None = None) -> PopulationBase | None:
    """The latest population of the campaign's areas, or of the municipality when the areas
    have none (illustrative neighbourhoods, say), in the age bands the ``versions`` (all the
    campaign's by default) are written for; None when there are no figures at all."""
    areas = list(campaign.areas.all())
    whole = False
    with_figures = [area for area in areas if area.population.exists()]
    if len(with_figures) < len(areas) or not areas:
        root = Area.objects.filter(
            municipality_id=campaign.municipality_id, kind=Area.Kind.MUNICIPALITY, parent=None
        ).first()
        if root is None or not root.population.exists():
            return None
        areas, whole = [root], True
    year = PopulationCount.objects.filter(area__in=areas).aggregate(y=Max("year"))["y"]
    rows = list(PopulationCount.objects.filter(area__in=areas, year=year))
    bands = age_bands_for(versions or campaign.instruments)
    by_band = {
        band: _sum(rows, age_from, age_to, PopulationCount.Sex.ALL)
        for band, age_from, age_to in bands
    }
    by_band_sex: dict[tuple[str, str], int] = {
        (band, str(sex)): _sum(rows, age_from, age_to, sex)
        for band, age_from, age_to in bands
        for sex in (PopulationCount.Sex.FEMALE, PopulationCount.Sex.MALE)
    }
    if any(by_band_sex.values()):
        for band, _from, _to in bands:
            by_band[band] = by_band[band] or sum(
                by_band_sex[(band, str(sex))] for sex in SEX_OF_GENDER.values()
            )
    else:
        by_band_sex = {}
    by_area = {
        area.pk: sum(
            _sum([row for row in rows if row.area_id == area.pk], age_from, age_to, "all")
            for _band, age_from, age_to in bands
        )
        for area in areas
    }
    return PopulationBase(
        by_area=by_area if not whole and len(areas) > 1 else {},
        areas=[area.name for area in areas],
        year=year,
        source=rows[0].source if rows else "",
        whole_municipality=whole,
        by_band=by_band,
        by_band_sex=by_band_sex,
    )
