"""Assembling a brief from the knowledge base, in the brief's language.

``brief_assemble`` gathers everything a brief shows and returns it as plain data (a dict of
strings, numbers, lists and the SVG of each chart) that can be stored as JSON: the same data
fills the draft's preview, the published page and the PDF, and publishing stores exactly this
data, so a published version never changes afterwards. Every figure comes from the app that
owns it: indicator figures from ``indicators.selectors.profile_build``, survey figures from
``results.figures.campaign_figures`` (small groups already suppressed there), local measures
from ``workshops.selectors.actions_for``. Every figure carries the address of the page it was
taken from and a reference to the brief's list of sources.

To cite a further kind of evidence (the evidence library, say), extend ``evidence_for``: it is
the one function that fills the evidence section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from soslokal.briefs.bars import Bar, bars_svg
from soslokal.core.models import Area, Municipality
from soslokal.core.templatetags.soslokal import number
from soslokal.evidence.selectors import key_sources
from soslokal.framework.models import Dimension, FrameworkVersion, localized
from soslokal.framework.selectors import framework_current
from soslokal.indicators import selectors as indicators
from soslokal.indicators.formatting import format_figure
from soslokal.indicators.models import Region
from soslokal.indicators.sparkline import sparkline_svg
from soslokal.results.compass import Series, compass_svg
from soslokal.results.figures import CampaignFigures, Figures, campaign_figures
from soslokal.results.masking import mask_personal_data
from soslokal.surveys import selectors as surveys
from soslokal.surveys.models import Answer, Campaign
from soslokal.workshops import selectors as workshops
from soslokal.workshops.models import Action

SCHEMA = 1
MAX_CHALLENGES = 4
MAX_WATCH = 2
MAX_QUOTES = 3
MAX_MEASURES = 6
SHOWN_THEMES = 3  # lowest and highest themes named


@dataclass(frozen=True)
class Scope:
    """What a brief covers: the areas (of one municipality), the dimensions or themes in focus
    (none: all of them), the years and the language."""

    municipality: Municipality
    areas: list[Area]
    dimensions: list[str] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    year_from: int = 2000
    year_to: int = 2100
    language: str = "nb"


class _Sources:
    """The numbered list of sources; adding the same source twice gives the same number."""

    def __init__(self) -> None:
        self.entries: list[dict[str, str]] = []

    def add(
        self, key: str, *, label: str, detail: str = "", url: str = "", language: str = ""
    ) -> str:
        """The number of the source ``key``; ``language`` is that of ``label`` (a study's
        title, say) when it may differ from the brief's."""
        for entry in self.entries:
            if entry["key"] == key:
                return entry["ref"]
        ref = str(len(self.entries) + 1)
        entry = {"key": key, "ref": ref, "label": label, "detail": detail, "url": url}
        self.entries.append(entry | {"language": language})
        return ref


def _join(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c" in the active language."""
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _date(day: dt.date | dt.datetime | None) -> str:
    return formats.date_format(day) if day else ""


# The focus


def focus_dimensions(scope: Scope) -> list[Dimension]:
    """The dimensions chosen, and those of the themes chosen; every dimension when none is."""
    found = Dimension.objects.order_by("order")
    if not scope.dimensions and not scope.themes:
        return list(found)
    return list(
        found.filter(Q(slug__in=scope.dimensions) | Q(themes__number__in=scope.themes)).distinct()
    )


def focus_themes(scope: Scope, dimensions: list[Dimension]) -> set[int]:
    """The place themes in focus: those chosen, else those of the chosen dimensions; all
    fourteen when the brief has no focus."""
    if scope.themes:
        return set(scope.themes)
    if scope.dimensions:
        return {theme.number for d in dimensions for theme in d.themes.all()}
    return set()


# Official statistics


def statistics_regions(areas: list[Area]) -> list[tuple[Region, bool]]:
    """The region each area has official statistics for: its own where it has an official code
    and a profile, else that of the nearest area above it; with True where it is its own."""
    found: list[tuple[Region, bool]] = []
    for area in areas:
        current: Area | None = area
        while current is not None:
            region = indicators.region_for_profile(current.code) if current.code else None
            if region is not None:
                if region.code not in {r.code for r, _own in found}:
                    found.append((region, current.pk == area.pk))
                break
            current = current.parent
    return found


def _indicator_item(
    item: indicators.IndicatorFigure, region: Region, sources: _Sources, dimension: str
) -> dict[str, Any]:
    indicator, figure = item.indicator, item.figure

    def shown(value: float | None) -> str:
        return format_figure(value, unit=indicator.unit, decimals=indicator.decimals)

    updated = item.source_date or item.imported
    ref = sources.add(
        f"indicator:{indicator.code}:{region.code}",
        label=f"{indicator.name} – {item.source or indicator.source_label}",
        detail=(
            _("Table %(table)s, updated %(date)s")
            % {"table": indicator.table, "date": _date(item.source_date)}
            if item.source_date
            else _("Table %(table)s, retrieved %(date)s")
            % {"table": indicator.table, "date": _date(item.imported)}
            if item.imported
            else _("Table %(table)s") % {"table": indicator.table}
        ),
        url=indicator.source_url,
    )
    compared = [
        {"name": other.short_name, "value": shown(value), "relation": relation or ""}
        for other, value, relation, _status in item.around
    ]
    bars = [Bar(region.short_name, figure.latest.value or 0.0, shown(figure.latest.value))] + [
        Bar(other.short_name, value, shown(value))
        for other, value, _relation, _status in item.around
        if value is not None
    ]
    sentence = _("%(place)s: %(value)s") % {
        "place": region.short_name,
        "value": shown(figure.latest.value),
    }
    description = "; ".join(
        [sentence] + [f"{c['name']}: {c['value']}" for c in compared if c["value"]]
    )
    prefix = f"brief-{region.code}-{indicator.code.replace('_', '-')}"
    return {
        "code": indicator.code,
        "name": indicator.name,
        "dimension": dimension,
        "region": region.short_name,
        "region_code": region.code,
        "value": shown(figure.latest.value),
        "raw": figure.latest.value,
        "period": figure.latest.period,
        "compared": compared,
        "clearly_worse": figure.clearly_worse,
        "rank": (
            _("Number %(rank)s of %(of)s in %(place)s, counted from the best")
            % {"rank": figure.rank, "of": figure.of, "place": region.parent.short_name}
            if figure.rank and region.parent and indicator.direction != "neutral"
            else ""
        ),
        "trend": item.trend_text,
        "sparkline": sparkline_svg(
            [p.value for p in figure.series],
            title=_("Trend: %(name)s") % {"name": indicator.name},
            description=item.trend_text,
            id_prefix=f"{prefix}-trend",
        ),
        "series": [
            {"period": p.period, "value": shown(p.value)}
            for p in figure.series
            if p.value is not None
        ],
        "bars": bars_svg(
            bars,
            title=_("%(name)s compared") % {"name": indicator.name},
            description=description + f" ({figure.latest.period})",
            id_prefix=f"{prefix}-bars",
        ),
        "source": item.source or indicator.source_label,
        "updated": _date(updated),
        "url": reverse("indicators:profile", args=[region.code]) + f"#indicator-{indicator.code}",
        "ref": ref,
    }


def _worse_than_someone(item: indicators.IndicatorFigure) -> bool:
    return any(relation == "worse" for _other, _value, relation, _status in item.around)


def _statistics(
    scope: Scope, dimensions: list[Dimension], sources: _Sources
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, str]]]:
    """Challenges (clearly worse), figures to watch (worse than one area compared with) and
    the profiles they come from, in the dimensions in focus and the years chosen."""
    slugs = {d.slug for d in dimensions}
    challenges: list[dict[str, Any]] = []
    watch: list[dict[str, Any]] = []
    profiles: list[dict[str, str]] = []
    for region, own in statistics_regions(scope.areas):
        built = indicators.profile_build(region)
        profiles.append(
            {
                "name": region.short_name,
                "code": region.code,
                "own": "yes" if own else "",
                "url": reverse("indicators:profile", args=[region.code]),
            }
        )
        for group in built.dimensions:
            if group.dimension.slug not in slugs:
                continue
            for item in group.figures:
                if not scope.year_from <= item.figure.latest.year <= scope.year_to:
                    continue
                if item.figure.clearly_worse:
                    challenges.append(_indicator_item(item, region, sources, group.dimension.name))
                elif _worse_than_someone(item) and len(watch) < MAX_WATCH:
                    watch.append(_indicator_item(item, region, sources, group.dimension.name))
    return challenges[:MAX_CHALLENGES], watch, profiles


# Residents' voices


def campaign_for(scope: Scope) -> Campaign | None:
    """The newest survey with published results that covers one of the areas (or an area
    within them) and closed within the years chosen."""
    within = {pk for area in scope.areas for pk in workshops.areas_within(area)}
    return (
        Campaign.objects.filter(
            municipality=scope.municipality,
            results_published_at__isnull=False,
            areas__in=within,
            closes_on__year__gte=scope.year_from,
            closes_on__year__lte=scope.year_to,
        )
        .order_by("-closes_on", "-pk")
        .distinct()
        .first()
    )


def _series_of(scope: Scope, campaign: Campaign) -> tuple[CampaignFigures, Figures, bool]:
    """The figures for the brief's area when it is one of several the survey covered and has
    enough answers of its own; otherwise those for everyone who answered."""
    covered = set(campaign.areas.values_list("pk", flat=True))
    chosen = {area.pk for area in scope.areas}
    if len(covered) > 1 and len(chosen) == 1 and chosen <= covered:
        figures = campaign_figures(campaign, breakdown="area", rounds=False)
        own = next((g for g in figures.groups if g.key == str(next(iter(chosen)))), None)
        if own is not None and own.respondents is not None:
            return figures, own, True
        return figures, figures.overall, False
    figures = campaign_figures(campaign, rounds=False)
    return figures, figures.overall, False


def _voices(
    scope: Scope, themes: set[int], sources: _Sources
) -> tuple[dict[str, Any], CampaignFigures] | None:
    campaign = campaign_for(scope)
    if campaign is None:
        return None
    figures, series, of_area = _series_of(scope, campaign)
    if series.respondents is None:
        return None
    page = reverse("results:public", args=[campaign.pk])
    query = "?by=area" if of_area else ""
    anchor = "group-theme" if of_area else "theme"
    ref = sources.add(
        f"campaign:{campaign.pk}",
        label=campaign.name,
        detail=_("Place survey, %(from)s – %(to)s")
        % {"from": _date(campaign.opens_on), "to": _date(campaign.closes_on)},
        url=page,
    )
    weighted = figures.weighting.figures if not of_area else None
    rows = []
    for theme, name in figures.themes:
        mean = series.mean(theme)
        rows.append(
            {
                "number": theme,
                "name": name,
                "mean": number(mean, 1) if mean is not None else "",
                "raw": mean,
                "weighted": number(weighted.mean(theme), 1)
                if weighted and weighted.mean(theme) is not None
                else "",
                "focus": "yes" if not themes or theme in themes else "",
                "url": f"{page}{query}#{anchor}-{theme}",
            }
        )
    ranked = [r for r in rows if r["raw"] is not None and r["focus"]]
    ranked.sort(key=lambda r: (r["raw"], r["number"]))
    instrument = surveys.instrument_get(figures.instrument)
    drawn = [series] + ([weighted] if weighted else [])
    compass = compass_svg(
        labels=[name for _n, name in figures.themes],
        series=[Series(f.label, [f.mean(n) for n, _name in figures.themes]) for f in drawn],
        title=_("Place compass: %(name)s") % {"name": campaign.name},
        id_prefix="brief-compass",
        points=figures.points,
        language=scope.language,
        missing_label=_("Hollow marker: no figure (fewer than %(n)s answers)")
        % {"n": figures.minimum},
        scale_note=f"1 = {localized(instrument.scale.low)}, "
        f"{figures.points} = {localized(instrument.scale.high)}",
    )
    return {
        "campaign": campaign.name,
        "campaign_id": campaign.pk,
        "simulated": campaign.is_simulated,
        "period": f"{_date(campaign.opens_on)} – {_date(campaign.closes_on)}",
        "respondents": number(series.respondents),
        "respondents_raw": series.respondents,
        "scope": series.label if of_area else "",
        "points": figures.points,
        "minimum": figures.minimum,
        "compass": compass,
        "weighted": bool(weighted),
        "weighting": figures.weighting.described if weighted else "",
        "themes": rows,
        "lowest": ranked[:SHOWN_THEMES],
        "highest": list(reversed(ranked[-SHOWN_THEMES:])) if len(ranked) > SHOWN_THEMES else [],
        "quotes": _quotes(scope, campaign, figures, ranked, page),
        "url": page + query,
        "ref": ref,
    }, figures


def _quotes(
    scope: Scope,
    campaign: Campaign,
    figures: CampaignFigures,
    ranked: list[dict[str, Any]],
    page: str,
) -> list[dict[str, str]]:
    """A few comments staff approved for publication, on the lowest themes first, masked
    as the public results page masks them."""
    order = [r["number"] for r in ranked[:SHOWN_THEMES]] + [r["number"] for r in ranked]
    approved = surveys.comments_of(campaign, status=Answer.Moderation.APPROVED)
    if campaign.areas.count() > 1:
        within = {pk for area in scope.areas for pk in workshops.areas_within(area)}
        if not within.issuperset(campaign.areas.values_list("pk", flat=True)):
            approved = approved.filter(response__area_id__in=within)
    names = dict(figures.themes)
    found: list[dict[str, str]] = []
    seen: set[int] = set()
    for theme in order:
        if theme in seen or len(found) >= MAX_QUOTES:
            continue
        seen.add(theme)
        answer = approved.filter(theme=theme).order_by("pk").first()
        if answer is None:
            continue
        text = answer.better or answer.good_now
        found.append(
            {
                "theme": names.get(theme, str(theme)),
                "text": mask_personal_data(text, language=scope.language).text,
                "url": page,
            }
        )
    return found


def _heard(figures: CampaignFigures, voices: dict[str, Any]) -> dict[str, Any] | None:
    """Who answered, by age, against the residents; groups too small to show say so."""
    heard = figures.heard
    if heard is None:
        return None
    few = _("fewer than %(n)s") % {"n": figures.minimum}
    return {
        "groups": [
            {
                "label": workshops.group_label(g.group),
                "respondents": few if g.group in figures.heard_hidden else number(g.respondents),
                "population": number(g.population),
                "rate": "" if g.group in figures.heard_hidden else number(g.rate, 1),
                "under": "yes" if g.under_represented else "",
            }
            for g in heard.groups
        ],
        "under": [workshops.group_label(g) for g in heard.under_represented],
        "population": _("%(areas)s, %(year)s (%(source)s)")
        % {
            "areas": ", ".join(figures.population.areas) if figures.population else "",
            "year": figures.population.year if figures.population else "",
            "source": figures.population.source if figures.population else "",
        },
        "url": reverse("results:public", args=[voices["campaign_id"]]) + "#heard-heading",
        "ref": voices["ref"],
    }


# Evidence


# Key studies from the evidence library per dimension: three when the brief is about a few
# dimensions, two when it covers more than NARROW_FOCUS.
STUDIES_NARROW, STUDIES_WIDE, NARROW_FOCUS = 3, 2, 3


def evidence_for(dimensions: list[Dimension], sources: _Sources) -> list[dict[str, Any]]:
    """What research says about the dimensions in focus: per dimension, its definition, the
    framework's sources for it and the key studies the evidence library has coded for it (from
    published reviews; two or three a dimension, so the brief keeps to its pages), each added to
    the brief's list of sources."""
    version: FrameworkVersion | None = framework_current()
    known = {source["id"]: source for source in (version.sources if version else [])}
    per_dimension = STUDIES_NARROW if len(dimensions) <= NARROW_FOCUS else STUDIES_WIDE
    found = []
    for dimension in dimensions:
        citations = []
        for source_id in dimension.source_ids:
            source = known.get(source_id)
            if source is None:
                continue
            ref = sources.add(
                f"framework:{source_id}",
                label=source["citation"],
                url=source.get("url", ""),
                language=source.get("language", ""),
            )
            citations.append(
                {"citation": source["citation"], "url": source.get("url", ""), "ref": ref}
            )
        for study in key_sources(dimension, limit=per_dimension):
            ref = sources.add(
                f"library:{study.doi or study.citation}",
                label=study.citation,
                detail=study.study_type,
                url=study.url,
                language=study.language,
            )
            citations.append({"citation": study.citation, "url": study.url, "ref": ref})
        found.append(
            {
                "dimension": dimension.name,
                "definition": dimension.definition,
                "url": reverse("framework:dimension", args=[dimension.slug]),
                "citations": citations,
            }
        )
    return found


# Local measures


def _measures(scope: Scope, dimensions: list[Dimension], sources: _Sources) -> list[dict[str, Any]]:
    """Actions from city labs in the areas, and city-lab actions for a larger area whose survey
    covered one of them; those touching a dimension in focus first. Dropped ones are left out."""
    chosen = {pk for area in scope.areas for pk in workshops.areas_within(area)}
    actions: dict[int, Action] = {}
    for area in scope.areas:
        for action in workshops.actions_for(area):
            actions[action.pk] = action
    for action in workshops.actions_for(scope.municipality).filter(lab__campaign__areas__in=chosen):
        actions[action.pk] = action
    slugs = [d.slug for d in dimensions]
    statuses = dict(Action.Status.choices)
    found = []
    ordered = sorted(
        (a for a in actions.values() if a.status != Action.Status.DROPPED),
        key=lambda a: (not any(s in a.effects for s in slugs), a.due_on or dt.date.max, a.pk),
    )
    for action in ordered[:MAX_MEASURES]:
        url = reverse("workshops:area", args=[scope.municipality.number, action.area_id])
        ref = sources.add(
            f"actions:{action.area_id}",
            label=_("You said, we did: %(area)s") % {"area": action.area.name},
            url=url,
        )
        found.append(
            {
                "title": action.title,
                "description": mask_personal_data(action.description, language=scope.language).text,
                "status": str(statuses[action.status]),
                "owner": action.owner if action.owner_kind == Action.OwnerKind.ORGANISATION else "",
                "due": _date(action.due_on),
                "demo": action.is_demo,
                "url": url,
                "ref": ref,
            }
        )
    return found


# The whole brief


def _summary_sources(content: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Where each of the three things to know comes from, as the draft texts say them."""
    found: dict[str, dict[str, str]] = {}
    if content["challenges"]:
        first = content["challenges"][0]
        found["thing1"] = {"url": first["url"], "ref": first["ref"]}
    elif content["statistics"]:
        found["thing1"] = {"url": content["statistics"][0]["url"], "ref": ""}
    voices = content["voices"]
    if voices and voices["lowest"]:
        found["thing2"] = {"url": voices["lowest"][0]["url"], "ref": voices["ref"]}
    if content["measures"]:
        found["thing3"] = {
            "url": content["measures"][0]["url"],
            "ref": content["measures"][0]["ref"],
        }
    elif content["heard"]:
        found["thing3"] = {"url": content["heard"]["url"], "ref": content["heard"]["ref"]}
    return found


def brief_assemble(scope: Scope) -> dict[str, Any]:
    """Everything the brief shows, in ``scope.language``, as data that JSON can hold."""
    with translation.override(scope.language):
        sources = _Sources()
        dimensions = focus_dimensions(scope)
        themes = focus_themes(scope, dimensions)
        challenges, watch, profiles = _statistics(scope, dimensions, sources)
        found = _voices(scope, themes, sources)
        voices, figures = found if found else (None, None)
        heard = _heard(figures, voices) if figures is not None and voices else None
        measures = _measures(scope, dimensions, sources)
        evidence = evidence_for(dimensions, sources)
        names = [area.name for area in scope.areas]
        now = timezone.now()
        content: dict[str, Any] = {
            "schema": SCHEMA,
            "language": scope.language,
            "municipality": {
                "number": scope.municipality.number,
                "name": scope.municipality.name,
            },
            "areas": names,
            "area_label": _join(names),
            "illustrative": any(area.is_illustrative for area in scope.areas),
            "period": f"{scope.year_from}–{scope.year_to}",
            "focus": [d.name for d in dimensions] if scope.dimensions or scope.themes else [],
            "built": now.isoformat(),
            "built_label": _date(timezone.localtime(now)),
            "statistics": profiles,
            "challenges": challenges,
            "watch": watch,
            "voices": voices,
            "heard": heard,
            "evidence": evidence,
            "measures": measures,
            "minimum": settings.SOSLOKAL_MIN_GROUP,
        }
        content["simulated"] = bool(voices and voices["simulated"]) or any(
            m["demo"] for m in measures
        )
        content["sources"] = [
            {k: v for k, v in entry.items() if k != "key"} for entry in sources.entries
        ]
        content["summary_sources"] = _summary_sources(content)
        content["default_title"] = _("%(areas)s: what we know") % {"areas": content["area_label"]}
        return content
