"""Who has not been heard yet: respondents set against the people who live in the area.

For each group (an age band, or an age band and sex where the population figures have sex) the
participation rate is respondents per 1,000 residents. A group is under-represented when its
rate is below ``UNDER`` (three quarters) of the rate for everyone; the representation index is
the lowest group rate divided by the highest, 1 when every group took part equally and near 0
when one group was hardly heard at all. Pure: the caller brings the counts."""

from collections.abc import Mapping
from dataclasses import dataclass

UNDER = 0.75


@dataclass(frozen=True)
class Participation:
    group: str
    respondents: int
    population: int
    rate: float  # respondents per 1,000 residents
    ratio: float  # the group's rate divided by the rate for everyone
    under_represented: bool


@dataclass(frozen=True)
class Representation:
    groups: list[Participation]
    respondents: int
    population: int
    rate: float
    index: float | None  # lowest group rate ÷ highest; None when fewer than two groups
    under_represented: list[str]  # lowest ratio first: whom to reach next


def representation(
    respondents: Mapping[str, int], population: Mapping[str, int]
) -> Representation | None:
    """Compare ``respondents`` and ``population`` per group; None when nobody lives there.

    Groups without residents are left out (nobody to reach); respondents whose group is not
    in the population figures (no age given, say) count in neither."""
    groups = [group for group, people in population.items() if people > 0]
    total_population = sum(population[group] for group in groups)
    total_respondents = sum(respondents.get(group, 0) for group in groups)
    if not total_population:
        return None
    overall = 1000 * total_respondents / total_population
    found = []
    for group in groups:
        rate = 1000 * respondents.get(group, 0) / population[group]
        ratio = rate / overall if overall else 0.0
        found.append(
            Participation(
                group=group,
                respondents=respondents.get(group, 0),
                population=population[group],
                rate=rate,
                ratio=ratio,
                under_represented=ratio < UNDER,
            )
        )
    rates = [item.rate for item in found]
    index = min(rates) / max(rates) if len(rates) > 1 and max(rates) > 0 else None
    under = sorted((item for item in found if item.under_represented), key=lambda i: i.ratio)
    return Representation(
        groups=found,
        respondents=total_respondents,
        population=total_population,
        rate=overall,
        index=index,
        under_represented=[item.group for item in under],
    )
