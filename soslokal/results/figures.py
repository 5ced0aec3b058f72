"""A campaign's results, ready to show: every page, export and brief gets its figures here.

``campaign_figures`` turns the counted cells into figures per theme for everyone, for each
group of one breakdown, weighted to the population where that is possible, and for the group
sessions, and sets respondents against the population. Every figure passes the small-group
rule (``suppression.hidden_groups``) on its way out: a hidden figure is ``None`` here, so no
caller can show what it never receives."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from soslokal.core.models import Area
from soslokal.core.suppression import hidden_groups, is_shown
from soslokal.framework.models import localized
from soslokal.results import compare, raking
from soslokal.results.models import DONT_KNOW
from soslokal.results.representation import Representation, representation
from soslokal.results.selectors import SEX_OF_GENDER, PopulationBase, population_for
from soslokal.results.services import CellKey, Cells, result_cells
from soslokal.results.stats import Histogram, ThemeStats, theme_stats
from soslokal.surveys import background
from soslokal.surveys import selectors as surveys
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Campaign, Channel

NOT_STATED = ""  # the group of respondents who left a background question unanswered
PRIORITIES = 3  # lowest themes offered as city-lab topics


@dataclass(frozen=True)
class Figures:
    """One group's figures. ``respondents`` is ``None`` when hidden; a theme's figures are
    ``None`` when they rest on too few answers (or would give a hidden figure away)."""

    key: str
    label: str
    respondents: int | None
    themes: dict[int, ThemeStats | None]

    def mean(self, theme: int) -> float | None:
        stats = self.themes.get(theme)
        return stats.mean if stats else None


@dataclass(frozen=True)
class Difference:
    theme: int
    comparison: compare.Comparison
    sentence: str


@dataclass(frozen=True)
class ChannelFigures:
    channel: Channel
    responses: int | None  # None: fewer than the minimum
    invited: int | None
    rate: float | None  # responses ÷ invited


@dataclass(frozen=True)
class Weighting:
    """Weighted figures, or why there are none (``figures`` is ``None``, ``warnings`` say why)."""

    figures: Figures | None
    variables: list[str]
    result: raking.RakingResult | None
    warnings: list[str]

    @property
    def described(self) -> str:
        """The variables weighted by, as words: "age band, sex and area"."""
        names = {"age_band": _("age band"), "gender": _("sex"), "area": _("area")}
        words = [str(names.get(v, v)) for v in self.variables]
        return (
            words[0]
            if len(words) == 1
            else _("%(first)s and %(last)s")
            % {
                "first": ", ".join(words[:-1]),
                "last": words[-1],
            }
        )


@dataclass
class CampaignFigures:
    campaign: Campaign
    instrument: str
    points: int
    minimum: int
    themes: list[tuple[int, str]]
    overall: Figures
    weighting: Weighting
    breakdown: str
    groups: list[Figures] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    group_sessions: Figures | None = None
    participants: int | None = None
    previous_round: Figures | None = None
    population: PopulationBase | None = None
    heard: Representation | None = None
    heard_hidden: set[str] = field(default_factory=set)
    channels: list[ChannelFigures] = field(default_factory=list)
    flagged: int = 0

    def lowest(self, figures: Figures | None = None, count: int = PRIORITIES) -> list[int]:
        """The themes with the lowest mean score (city-lab topics), lowest first."""
        source = figures or self.overall
        scored = [(mean, n) for n, _name in self.themes if (mean := source.mean(n)) is not None]
        return [number for _mean, number in sorted(scored)[:count]]

    def highest(self, count: int = PRIORITIES) -> list[int]:
        scored = [(m, n) for n, _name in self.themes if (m := self.overall.mean(n)) is not None]
        return [number for _mean, number in sorted(scored, reverse=True)[:count]]

    def theme_name(self, number: int) -> str:
        return dict(self.themes).get(number, str(number))


def breakdowns(campaign: Campaign) -> list[tuple[str, str]]:
    """What the campaign's results can be split by: (key, label)."""
    offered = [("", _("Nobody: everyone together"))]
    if campaign.areas.count() > 1:
        offered.append(("area", _("Area")))
    if campaign.channels.count() > 1:
        offered.append(("channel", _("Channel")))
    for question in background.asked(campaign.background):
        offered.append((question.key, str(question.label)))
    return offered


def _group_key(key: CellKey, breakdown: str) -> str:
    if breakdown == "area":
        return str(key.area_id or NOT_STATED)
    if breakdown == "channel":
        return str(key.channel_id)
    if breakdown == "instrument_version":
        return key.instrument_version
    return key.answer(breakdown)


def _group_labels(campaign: Campaign, breakdown: str) -> dict[str, str]:
    labels = {NOT_STATED: _("Not stated")}
    if breakdown == "area":
        labels |= {str(a.pk): a.name for a in Area.objects.filter(campaigns=campaign)}
    elif breakdown == "channel":
        labels |= {str(c.pk): str(c.get_kind_display()) for c in campaign.channels.all()}
    elif breakdown in background.BY_KEY:
        labels |= {value: str(label) for value, label in background.BY_KEY[breakdown].options}
    return labels


def _order(breakdown: str, keys: Iterable[str], labels: dict[str, str]) -> list[str]:
    """Groups in the order the question offers them, "not stated" last."""
    if breakdown in background.BY_KEY:
        known = [value for value, _label in background.BY_KEY[breakdown].options]
        rank = {value: index for index, value in enumerate(known)}
    else:
        rank = {}
    return sorted(keys, key=lambda k: (k == NOT_STATED, rank.get(k, len(rank)), labels.get(k, k)))


class _Cells:
    """The counts of one instrument's individual (or group) answers, by cell: respondents
    and, per theme, how many gave each score."""

    def __init__(self, cells: Cells, instrument: str, points: int, *, groups: bool) -> None:
        self.points = points
        self.respondents: Counter[CellKey] = Counter()
        self.answers: dict[CellKey, dict[int, list[int]]] = {}
        self.flagged = 0
        for key, tally in cells.items():
            if key.instrument != instrument or key.is_group != groups:
                continue
            if key.flagged:
                self.flagged += tally.responses
                continue
            if tally.responses:
                self.respondents[key] += tally.responses
            if tally.answers:
                self.answers[key] = tally.answers

    def themes(self, keys: Iterable[CellKey]) -> dict[int, Histogram]:
        """Per theme, the answers in the cells ``keys`` added up."""
        totals: dict[int, list[int]] = {theme: [0] * (self.points + 1) for theme in THEME_NUMBERS}
        for key in keys:
            for theme, found in self.answers.get(key, {}).items():
                total = totals.get(theme)
                if total is None:
                    continue
                if len(found) > len(total):
                    total.extend([0] * (len(found) - len(total)))
                for score, count in enumerate(found):
                    total[score] += count
        return {
            theme: Histogram.from_mapping(
                self.points,
                {score: count for score, count in enumerate(total) if count and score},
                dont_know=total[DONT_KNOW],
            )
            for theme, total in totals.items()
        }


def _figures(
    cells: _Cells, keys: list[CellKey], *, key: str, label: str, minimum: int
) -> tuple[Figures, dict[int, Histogram]]:
    respondents = sum(cells.respondents[k] for k in keys)
    histograms = cells.themes(keys)
    shown = is_shown(respondents, minimum)
    themes = {
        theme: theme_stats(hist) if shown and is_shown(hist.n, minimum) else None
        for theme, hist in histograms.items()
    }
    return Figures(key, label, respondents if shown else None, themes), histograms


def _breakdown(
    cells: _Cells, campaign: Campaign, breakdown: str, minimum: int
) -> tuple[list[Figures], dict[str, dict[int, Histogram]]]:
    """Each group's figures, with the small-group rule applied across the groups: to their
    respondents, and again theme by theme to the answers behind each mean."""
    members: dict[str, list[CellKey]] = defaultdict(list)
    for key in cells.respondents:
        members[_group_key(key, breakdown)].append(key)
    labels = _group_labels(campaign, breakdown)
    sizes = {group: sum(cells.respondents[k] for k in keys) for group, keys in members.items()}
    hidden = hidden_groups(sizes, minimum)
    histograms = {group: cells.themes(keys) for group, keys in members.items()}
    hidden_by_theme = {
        theme: hidden_groups(
            {group: histograms[group][theme].n for group in members if group not in hidden},
            minimum,
        )
        for theme in THEME_NUMBERS
    }
    groups = []
    for group in _order(breakdown, members, labels):
        shown = group not in hidden
        themes = {
            theme: theme_stats(histograms[group][theme])
            if shown and group not in hidden_by_theme[theme] and histograms[group][theme].n
            else None
            for theme in THEME_NUMBERS
        }
        groups.append(
            Figures(group, labels.get(group, group), sizes[group] if shown else None, themes)
        )
    return groups, histograms


def _differences(
    groups: list[Figures],
    histograms: dict[str, dict[int, Histogram]],
    themes: list[tuple[int, str]],
    language: str,
) -> list[Difference]:
    """Per theme, a test across the groups shown (the stated ones only), Holm-corrected over
    the themes, each described in one sentence."""
    tested = []
    for theme, name in themes:
        shown = [g for g in groups if g.key != NOT_STATED and g.themes.get(theme) is not None]
        if len(shown) < 2:
            continue
        tested.append(
            (theme, name, shown, compare.compare_groups([histograms[g.key][theme] for g in shown]))
        )
    adjusted = compare.holm([comparison for *_rest, comparison in tested])
    differences = []
    for (theme, name, shown, _raw), comparison in zip(tested, adjusted, strict=True):
        sentence = compare.describe_comparison(
            comparison, theme=name, groups=[g.label for g in shown], language=language
        )
        differences.append(Difference(theme, comparison, sentence))
    return differences


def _weighting(
    cells: _Cells, population: PopulationBase | None, overall: Figures, minimum: int
) -> Weighting:
    """Figures weighted to the population by age band, and by sex where the population
    figures have it; or the reason why not."""
    if population is None:
        return Weighting(None, [], None, [_("There are no population figures for the area.")])
    margins: dict[str, dict[str, float]] = {"age_band": dict(population.by_band)}
    if population.by_band_sex:
        margins["gender"] = {
            gender: float(sum(n for (_b, s), n in population.by_band_sex.items() if s == sex))
            for gender, sex in SEX_OF_GENDER.items()
        }
    if population.by_area:
        margins["area"] = {str(area): float(n) for area, n in population.by_area.items()}
    # Everyone with the same answers to the weighting questions gets the same weight, so the
    # cells are raked by those answers alone.
    members: dict[tuple[str | None, ...], list[CellKey]] = defaultdict(list)
    for key, count in cells.respondents.items():
        if count:
            members[tuple(_category(key, variable) for variable in margins)].append(key)
    if not members:
        return Weighting(None, list(margins), None, [])
    sample = [
        raking.SampleCell(
            categories=dict(zip(margins, answers, strict=True)),
            count=sum(cells.respondents[key] for key in keys),
        )
        for answers, keys in members.items()
    ]
    result = raking.rake(sample, margins, min_group=minimum)
    warnings = [
        _("Too few answers from %(group)s to weight by: %(count)s.")
        % {"group": _category_label(p.variable, p.category), "count": _few(p.respondents, minimum)}
        for p in result.problems
    ]
    if result.weights is None:
        return Weighting(None, list(margins), result, warnings)
    if not result.converged:
        warnings.append(_("The weights could not match the population exactly; read with care."))
    histograms = [cells.themes(keys) for keys in members.values()]
    themes: dict[int, ThemeStats | None] = {}
    for theme in THEME_NUMBERS:
        weighted = raking.weighted_histogram(
            [found[theme] for found in histograms], list(result.weights)
        )
        themes[theme] = theme_stats(weighted) if overall.themes.get(theme) else None
    label = _("Weighted to the population")
    figures = Figures("weighted", label, overall.respondents, themes)
    return Weighting(figures, list(margins), result, warnings)


def _category(key: CellKey, variable: str) -> str | None:
    """The cell's answer to a weighting variable (``None``: not given)."""
    if variable == "area":
        return str(key.area_id) if key.area_id else None
    return key.answer(variable) or None


def _category_label(variable: str, category: str) -> str:
    if variable == "area":
        area = Area.objects.filter(pk=int(category) if category.isdigit() else 0).first()
        return f"{_('Area')}: {area.name if area else category}"
    question = background.BY_KEY.get(variable)
    options = dict(question.options) if question else {}
    return f"{question.label if question else variable}: {options.get(category, category)}"


def _few(count: float, minimum: int) -> str:
    return str(int(count)) if is_shown(count, minimum) else _("fewer than %(n)s") % {"n": minimum}


def _heard(
    cells: Cells, population: PopulationBase | None, minimum: int
) -> tuple[Representation | None, set[str]]:
    """Individual respondents of every version by age band, against the population."""
    if population is None:
        return None, set()
    respondents: Counter[str] = Counter()
    for key, tally in cells.items():
        band = key.answer("age_band")
        if tally.responses and band and not key.is_group and not key.flagged:
            respondents[band] += tally.responses
    found = representation(respondents, population.by_band)
    if found is None:
        return None, set()
    return found, hidden_groups({g.group: g.respondents for g in found.groups}, minimum)


def _channels(campaign: Campaign, cells: Cells, minimum: int) -> list[ChannelFigures]:
    responses: Counter[int] = Counter()
    for key, tally in cells.items():
        if tally.responses:
            responses[key.channel_id] += tally.responses
    sizes = {channel.pk: responses[channel.pk] for channel in campaign.channels.all()}
    hidden = hidden_groups(sizes, minimum)
    found = []
    for channel in campaign.channels.all():
        n = responses[channel.pk]
        shown = channel.pk not in hidden
        rate = n / channel.invited if shown and channel.invited else None
        found.append(ChannelFigures(channel, n if shown else None, channel.invited, rate))
    return found


def campaign_figures(
    campaign: Campaign,
    *,
    instrument: str = "",
    breakdown: str = "",
    rounds: bool = True,
    cells: Cells | None = None,
) -> CampaignFigures:
    """The results of ``campaign`` for one version of the questionnaire (the first by
    default), split by ``breakdown`` (a key from ``breakdowns``, or "" for none), with the
    earlier round's figures for everyone when the campaign has one (and ``rounds``).

    ``cells`` are the campaign's counts from ``services.result_cells``, when the caller has
    them already (figures for several breakdowns or versions at once); they are only read."""
    minimum = settings.SOSLOKAL_MIN_GROUP
    instrument = instrument if instrument in campaign.instruments else campaign.instruments[0]
    points = surveys.instrument_get(instrument).scale.points
    language = (get_language() or "nb").split("-")[0]
    names = surveys.theme_names()
    themes = [(number, localized(names.get(number, {})) or str(number)) for number in THEME_NUMBERS]
    counted = result_cells(campaign) if cells is None else cells
    individual = _Cells(counted, instrument, points, groups=False)
    overall, _histograms = _figures(
        individual, list(individual.respondents), key="all", label=_("Everyone"), minimum=minimum
    )
    population = population_for(campaign)
    instrument_population = population_for(campaign, [instrument])
    figures = CampaignFigures(
        campaign=campaign,
        instrument=instrument,
        points=points,
        minimum=minimum,
        themes=themes,
        overall=overall,
        weighting=_weighting(individual, instrument_population, overall, minimum),
        breakdown=breakdown if breakdown in dict(breakdowns(campaign)) else "",
        population=population,
        channels=_channels(campaign, counted, minimum),
        flagged=individual.flagged,
    )
    if figures.breakdown:
        figures.groups, histograms = _breakdown(individual, campaign, figures.breakdown, minimum)
        figures.differences = _differences(figures.groups, histograms, themes, language)
    figures.heard, figures.heard_hidden = _heard(counted, population, minimum)
    earlier = campaign.previous_round
    if rounds and earlier is not None and instrument in earlier.instruments:
        before = campaign_figures(earlier, instrument=instrument, rounds=False).overall
        label = _("Earlier round: %(name)s") % {"name": earlier.name}
        figures.previous_round = Figures("previous", label, before.respondents, before.themes)
    sessions = _Cells(counted, instrument, points, groups=True)
    if sessions.respondents:
        # A group's agreed score rests on everyone who took part, so the rule counts them.
        participants = surveys.group_participants(campaign, instrument)
        shown = is_shown(participants, minimum)
        figures.participants = participants if shown else None
        figures.group_sessions = Figures(
            "groups",
            _("Group sessions"),
            sum(sessions.respondents.values()) if shown else None,
            {
                theme: theme_stats(hist) if shown and hist.n else None
                for theme, hist in sessions.themes(sessions.respondents).items()
            },
        )
    return figures
