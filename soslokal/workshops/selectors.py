"""Reads for city labs and actions. Each staff read takes the municipality it is scoped to;
figures from surveys come from ``results.figures``, through the small-group rule."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from soslokal.core.models import Area, Municipality
from soslokal.framework.models import Dimension, localized
from soslokal.results.figures import CampaignFigures, Figures, campaign_figures
from soslokal.surveys import selectors as surveys
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Campaign
from soslokal.workshops.models import Action, Idea, Lab, Photo

DEFAULT_TOPICS = 2  # city labs work on the two lowest themes unless staff choose otherwise


# The framework: names of themes and dimensions in the active language.


def theme_names() -> dict[int, str]:
    names = surveys.theme_names()
    return {number: localized(names.get(number, {})) or str(number) for number in THEME_NUMBERS}


def dimensions() -> list[tuple[str, str]]:
    """The framework's dimensions in force, in order: (id, name)."""
    return [(d.slug, d.name) for d in Dimension.objects.order_by("order")]


def dimension_ids() -> list[str]:
    return list(Dimension.objects.order_by("order").values_list("slug", flat=True))


def group_label(group: str) -> str:
    """An under-represented group (an age band key) in words."""
    if group == "under 13":
        return _("under 13")
    return _("aged %(band)s") % {"band": group}


# Areas


def _covering(areas: list[Area]) -> Area | None:
    """The smallest area that holds every one of ``areas``, if there is one."""
    by_id = {
        area.pk: area for area in Area.objects.filter(municipality_id=areas[0].municipality_id)
    }

    def chain(area: Area) -> list[int]:
        found = []
        current: Area | None = area
        while current is not None:
            found.append(current.pk)
            current = by_id.get(current.parent_id) if current.parent_id else None
        return found

    chains = [chain(area) for area in areas]
    shared = set(chains[0]).intersection(*chains[1:])
    for area_id in chains[0]:
        if area_id in shared:
            return by_id[area_id]
    return None


def lab_areas(campaign: Campaign) -> list[Area]:
    """Where a city lab on ``campaign`` may be held: for all of the survey's areas together
    (the smallest area holding them, when the survey has more than one), or for one of them."""
    areas = list(campaign.areas.order_by("name"))
    if len(areas) < 2:
        return areas
    covering = _covering(areas)
    return ([covering] if covering is not None else []) + areas


def areas_within(area: Area) -> list[int]:
    """The ids of ``area`` and every area below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Area.objects.filter(municipality_id=area.municipality_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent, []).append(pk)
    found, queue = [], [area.pk]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


# What a survey says a city lab should work on


@dataclass(frozen=True)
class ThemeScore:
    number: int
    name: str
    mean: float | None  # None: no figure (too few answers)


@dataclass(frozen=True)
class Priorities:
    """What a survey found for the area of a city lab."""

    figures: CampaignFigures
    series: Figures  # the area's own figures where the survey has them, else everyone's
    of_area: bool
    ranked: list[ThemeScore]  # lowest first; themes without a figure last
    lowest: list[int] = field(default_factory=list)  # the default topics
    under_represented: list[str] = field(default_factory=list)

    @property
    def has_figures(self) -> bool:
        return any(score.mean is not None for score in self.ranked)


def survey_priorities(campaign: Campaign, area: Area) -> Priorities:
    """The themes of ``campaign`` from lowest to highest score, for ``area``: the area's own
    figures when it is one of several the survey covered and has enough answers of its own,
    otherwise the figures for everyone who answered."""
    by_area = campaign.areas.count() > 1 and campaign.areas.filter(pk=area.pk).exists()
    figures = campaign_figures(campaign, breakdown="area" if by_area else "", rounds=False)
    series = figures.overall
    if by_area:
        own = next((g for g in figures.groups if g.key == str(area.pk)), None)
        if own is not None and own.respondents is not None:
            series = own
    names = dict(figures.themes)
    scored = sorted(
        (ThemeScore(n, names[n], series.mean(n)) for n in THEME_NUMBERS),
        key=lambda s: (s.mean is None, s.mean or 0.0, s.number),
    )
    return Priorities(
        figures=figures,
        series=series,
        of_area=series is not figures.overall,
        ranked=scored,
        lowest=figures.lowest(series, count=DEFAULT_TOPICS),
        under_represented=list(figures.heard.under_represented) if figures.heard else [],
    )


def campaigns_for_labs(municipality: Municipality) -> list[tuple[Campaign, list[Area]]]:
    """The municipality's surveys, each with the areas a city lab on it may be held for."""
    return [(campaign, lab_areas(campaign)) for campaign in surveys.campaigns_of(municipality)]


# Labs


def labs_of(municipality: Municipality) -> QuerySet[Lab]:
    return (
        Lab.objects.in_municipality(municipality)
        .select_related("area", "campaign")
        .annotate(
            idea_count=Count("ideas", distinct=True), action_count=Count("actions", distinct=True)
        )
    )


def lab_get(municipality: Municipality, lab_id: int) -> Lab:
    """The lab, only if it belongs to ``municipality`` (raises ``Lab.DoesNotExist``)."""
    return (
        Lab.objects.in_municipality(municipality)
        .select_related("area", "campaign", "municipality")
        .get(pk=lab_id)
    )


@dataclass(frozen=True)
class Topic:
    number: int
    name: str
    ideas: list[Idea]


def ideas_by_topic(lab: Lab) -> list[Topic]:
    """The lab's topics in their order, each with its ideas (most votes first)."""
    names = theme_names()
    ideas = list(lab.ideas.prefetch_related("actions").order_by("-votes", "pk"))
    return [
        Topic(number, names.get(number, str(number)), [i for i in ideas if i.topic == number])
        for number in lab.topics
    ]


def idea_get(lab: Lab, idea_id: int) -> Idea:
    return lab.ideas.get(pk=idea_id)


def photos_of(lab: Lab) -> QuerySet[Photo]:
    return lab.photos.all()


def photo_get(municipality: Municipality, photo_id: int) -> Photo:
    return Photo.objects.select_related("lab").get(lab__municipality=municipality, pk=photo_id)


# Actions


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("area", "lab").prefetch_related(
        Prefetch("ideas", queryset=Idea.objects.order_by("-votes", "pk"))
    )


def actions_of(municipality: Municipality) -> QuerySet[Action]:
    return _actions().filter(municipality=municipality)


def action_get(municipality: Municipality, action_id: int) -> Action:
    """An action by its id, the way a brief or the decision log refers to it, only if it
    belongs to ``municipality`` (raises ``Action.DoesNotExist``)."""
    return _actions().get(municipality=municipality, pk=action_id)


def actions_for(target: Area | Municipality) -> QuerySet[Action]:
    """The actions taken in an area (and the areas within it), or in a whole municipality:
    the local measures a brief suggests. Dropped actions are included with their status."""
    if isinstance(target, Municipality):
        return actions_of(target)
    return _actions().filter(area_id__in=areas_within(target))


def labs_for(area: Area) -> QuerySet[Lab]:
    return Lab.objects.filter(area_id__in=areas_within(area)).select_related("area", "campaign")


# The public "you said, we did" pages


@dataclass(frozen=True)
class FollowedUp:
    area: Area
    labs: int
    actions: int


def areas_followed_up(municipality: Municipality) -> list[FollowedUp]:
    """The areas of the municipality that have a city lab or an action, with how many."""
    labs = dict(
        Lab.objects.in_municipality(municipality)
        .values_list("area")
        .annotate(n=Count("pk"))
        .order_by()
    )
    actions = dict(
        Action.objects.filter(municipality=municipality)
        .values_list("area")
        .annotate(n=Count("pk"))
        .order_by()
    )
    areas = Area.objects.in_municipality(municipality).filter(pk__in=set(labs) | set(actions))
    return [
        FollowedUp(area, labs.get(area.pk, 0), actions.get(area.pk, 0))
        for area in areas.select_related("municipality").order_by("name")
    ]


def follow_up_section(municipality: Municipality) -> dict[str, object]:
    """What the municipality's public page shows of city labs: a link per area."""
    return {"followed_up": areas_followed_up(municipality)}


@dataclass(frozen=True)
class SurveySaid:
    campaign: Campaign
    lowest: list[ThemeScore]
    of_area: bool


def survey_said(campaign: Campaign, area: Area) -> SurveySaid | None:
    """The lowest themes of a survey whose results are published, for ``area``."""
    if campaign.results_published_at is None:
        return None
    priorities = survey_priorities(campaign, area)
    names = dict(priorities.figures.themes)
    lowest = [
        ThemeScore(n, names[n], priorities.series.mean(n))
        for n in priorities.figures.lowest(priorities.series)
    ]
    return SurveySaid(campaign, lowest, priorities.of_area)


def next_lab(campaign: Campaign, today: datetime.date) -> surveys.NextLab | None:
    """The survey's next city lab from ``today`` on, for its thank-you page (registered with
    ``surveys.selectors.register_next_lab``)."""
    lab = (
        Lab.objects.filter(campaign=campaign, held_on__gte=today)
        .order_by("held_on", "pk")
        .only("title", "held_on", "place")
        .first()
    )
    return None if lab is None else surveys.NextLab(lab.title, lab.held_on, lab.place)
