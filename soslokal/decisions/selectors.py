"""Reads for impact assessments and the decision log. Each staff read takes the municipality
it is scoped to; the text block is built here from what is stored, in the language asked for,
and written out by the pure ``textblock`` module."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse

from soslokal.briefs.models import BriefVersion
from soslokal.core.models import Area, Municipality
from soslokal.decisions.follow_up import URGENCY, FollowUp, days_overdue, follow_up_status
from soslokal.decisions.models import Assessment, Decision, EvidenceLink, Judgement
from soslokal.decisions.textblock import AssessmentText, DimensionText, Source, text_block
from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, localized
from soslokal.indicators.models import Indicator, Observation
from soslokal.surveys.models import Campaign
from soslokal.workshops.models import Action

Absolute = Callable[[str], str]  # a path made into an address people can open


def _in(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nb") or next(iter(texts.values()), "")


# The framework in force


def dimensions() -> list[Dimension]:
    return list(Dimension.objects.order_by("order"))


def dimension_ids() -> list[str]:
    return list(Dimension.objects.order_by("order").values_list("slug", flat=True))


def dimension_get(slug: str) -> Dimension:
    return Dimension.objects.get(slug=slug)


def framework_version() -> str:
    current = FrameworkVersion.objects.first()
    return current.version if current else ""


def theme_names(lang: str | None = None) -> dict[int, str]:
    names = dict(PlaceTheme.objects.values_list("number", "names"))
    return {n: _in(texts, lang) if lang else localized(texts) for n, texts in names.items()}


# Assessments


def assessments_of(municipality: Municipality) -> QuerySet[Assessment]:
    return (
        Assessment.objects.in_municipality(municipality)
        .prefetch_related("areas")
        .annotate(decision_count=Count("decisions", distinct=True))
    )


def assessment_get(municipality: Municipality, assessment_id: int) -> Assessment:
    """The assessment, only if it belongs to ``municipality`` (raises ``DoesNotExist``)."""
    return (
        Assessment.objects.in_municipality(municipality)
        .select_related("municipality")
        .prefetch_related("areas")
        .get(pk=assessment_id)
    )


def _links() -> Prefetch[str]:
    return Prefetch(
        "links",
        queryset=EvidenceLink.objects.select_related(
            "indicator",
            "area",
            "campaign",
            "action__area",
            "brief",
            "judgement__assessment__municipality",
        )
        .defer("brief__content")
        .order_by("pk"),
    )


@dataclass(frozen=True)
class JudgementRow:
    """One dimension of the framework in force with what the assessment says about it
    (``judgement`` is None while nobody has judged it: the effect counts as unknown)."""

    dimension: Dimension
    judgement: Judgement | None
    links: list[EvidenceLink]

    @property
    def effect(self) -> str:
        return self.judgement.effect if self.judgement else "unknown"


def judgement_rows(assessment: Assessment) -> list[JudgementRow]:
    judged = {
        j.dimension: j for j in assessment.judgements.prefetch_related(_links()).order_by("pk")
    }
    rows = []
    for dimension in dimensions():
        judgement = judged.get(dimension.slug)
        links = list(judgement.links.all()) if judgement else []
        rows.append(JudgementRow(dimension, judgement, links))
    return rows


def judgement_of(assessment: Assessment, slug: str) -> Judgement | None:
    return assessment.judgements.filter(dimension=slug).first()


def link_get(assessment: Assessment, link_id: int) -> EvidenceLink:
    return EvidenceLink.objects.select_related("judgement").get(
        judgement__assessment=assessment, pk=link_id
    )


# What evidence may be linked


def indicators() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("position", "code")


def areas_of(municipality: Municipality) -> QuerySet[Area]:
    return Area.objects.in_municipality(municipality).order_by("kind", "name")


def campaigns_of(municipality: Municipality) -> QuerySet[Campaign]:
    return Campaign.objects.in_municipality(municipality).order_by("-opens_on", "name")


def actions_of(municipality: Municipality) -> QuerySet[Action]:
    return Action.objects.filter(municipality=municipality).select_related("area").order_by("pk")


def brief_versions_of(municipality: Municipality) -> QuerySet[BriefVersion]:
    """The municipality's published briefs, every version, newest first."""
    return (
        BriefVersion.objects.filter(brief__municipality=municipality)
        .select_related("brief")
        .defer("content")
        .order_by("-published_at", "-number")
    )


# Where each source can be read by anyone


def _indicator_path(indicator: Indicator, area: Area | None, municipality: Municipality) -> str:
    """The public profile of the area (or else the municipality) at the indicator, when it has
    figures for it; otherwise the indicator in the catalogue."""
    for code in (area.code if area else "", municipality.number):
        if code and Observation.objects.filter(indicator=indicator, region_id=code).exists():
            return reverse("indicators:profile", args=[code]) + f"#indicator-{indicator.code}"
    return reverse("indicators:catalogue") + f"#{indicator.code}"


def link_path(link: EvidenceLink) -> str:
    """The public page behind an evidence link, or "" where there is none yet (a survey whose
    results are not published)."""
    municipality = link.judgement.assessment.municipality
    if link.indicator is not None:
        return _indicator_path(link.indicator, link.area, municipality)
    if link.campaign is not None:
        if link.campaign.results_published_at is None:
            return ""
        return reverse("results:public", args=[link.campaign.pk])
    if link.action is not None:
        path = reverse("workshops:area", args=[municipality.number, link.action.area_id])
        return f"{path}#action-{link.action.pk}"
    if link.brief is not None:
        return reverse(
            "briefs:version", args=[municipality.number, link.brief.brief_id, link.brief.number]
        )
    return ""


def link_source(
    link: EvidenceLink, lang: str, absolute: Absolute, themes: dict[int, str]
) -> Source:
    """An evidence link as the text block names it, in ``lang``."""
    path = link_path(link)
    url = absolute(path) if path else ""
    if link.indicator is not None:
        return Source(
            kind=link.kind,
            name=_in(link.indicator.names, lang),
            place=link.area.name if link.area else "",
            agency=link.indicator.agency,
            table=link.indicator.table,
            url=url,
            note=link.note,
        )
    if link.campaign is not None:
        return Source(
            kind=link.kind,
            name=link.campaign.name,
            theme=themes.get(link.theme, str(link.theme)) if link.theme else "",
            published=link.campaign.results_published_at is not None,
            url=url,
            note=link.note,
        )
    if link.action is not None:
        return Source(
            kind=link.kind,
            name=link.action.title,
            place=link.action.area.name,
            status=link.action.status,
            url=url,
            note=link.note,
        )
    if link.brief is not None:
        return Source(
            kind=link.kind,
            name=link.brief.title,
            version=link.brief.number,
            url=url,
            note=link.note,
        )
    return Source(kind=link.kind, name=str(link.source_id), url=url, note=link.note)


# The text block


def text_input(
    assessment: Assessment, lang: str, absolute: Absolute, made_on: dt.date
) -> AssessmentText:
    themes = theme_names(lang)
    current = FrameworkVersion.objects.first()
    rows = judgement_rows(assessment)
    return AssessmentText(
        case_number=assessment.case_number,
        title=assessment.title,
        body=assessment.body_name or assessment.body,
        meeting_on=assessment.meeting_on,
        framework=_in(current.title, lang) if current else "",
        framework_version=assessment.framework_version,
        made_on=made_on,
        areas=tuple(area.name for area in assessment.areas.all()),
        is_demo=assessment.is_demo,
        dimensions=[
            DimensionText(
                name=_in(row.dimension.names, lang),
                effect=row.effect,
                reason=row.judgement.reason if row.judgement else "",
                groups=tuple(row.judgement.groups) if row.judgement else (),
                other_groups=row.judgement.other_groups if row.judgement else "",
                mitigation=row.judgement.mitigation if row.judgement else "",
                sources=tuple(link_source(link, lang, absolute, themes) for link in row.links),
            )
            for row in rows
        ],
    )


def assessment_text(assessment: Assessment, lang: str, absolute: Absolute, made_on: dt.date) -> str:
    return text_block(text_input(assessment, lang, absolute, made_on), lang)


# The decision log


def decisions_of(municipality: Municipality) -> QuerySet[Decision]:
    return (
        Decision.objects.in_municipality(municipality)
        .select_related("assessment")
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("name")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
            Prefetch("actions", queryset=Action.objects.select_related("area").order_by("pk")),
        )
    )


def decision_get(municipality: Municipality, decision_id: int) -> Decision:
    return decisions_of(municipality).get(pk=decision_id)


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    status: FollowUp
    days_overdue: int
    dimensions: list[Dimension]
    areas: list[Area]


@dataclass
class Tally:
    """Decisions of one dimension or area, counted by follow-up status."""

    key: str
    name: str
    counts: dict[FollowUp, int] = field(default_factory=lambda: dict.fromkeys(URGENCY, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def in_order(self) -> list[int]:
        return [self.counts[status] for status in URGENCY]


@dataclass(frozen=True)
class DecisionLog:
    today: dt.date
    rows: list[DecisionRow]  # most urgent first
    shown: list[DecisionRow]  # ``rows`` within the chosen dimension or area
    by_dimension: list[Tally]
    by_area: list[Tally]

    def with_status(self, status: FollowUp) -> list[DecisionRow]:
        return [row for row in self.rows if row.status == status]

    @property
    def overdue(self) -> list[DecisionRow]:
        return self.with_status(FollowUp.OVERDUE)

    @property
    def due_soon(self) -> list[DecisionRow]:
        return self.with_status(FollowUp.DUE_SOON)


WHOLE_MUNICIPALITY = "all"


def decision_rows(decisions: QuerySet[Decision], today: dt.date) -> list[DecisionRow]:
    """Each decision with its follow-up status on ``today``, the most urgent first: overdue
    (longest overdue first), due soon, not due, then followed up (latest first)."""
    by_slug = {d.slug: d for d in dimensions()}
    rows = []
    for decision in decisions:
        status = follow_up_status(
            follow_up_on=decision.follow_up_on,
            followed_up_on=decision.followed_up_on,
            today=today,
        )
        rows.append(
            DecisionRow(
                decision=decision,
                status=status,
                days_overdue=days_overdue(decision.follow_up_on, today)
                if status == FollowUp.OVERDUE
                else 0,
                dimensions=[by_slug[s] for s in decision.dimensions if s in by_slug],
                areas=list(decision.areas.all()),
            )
        )

    def urgency(row: DecisionRow) -> tuple[int, int, int]:
        day = row.decision.follow_up_on.toordinal()
        if row.status == FollowUp.DONE and row.decision.followed_up_on:
            day = -row.decision.followed_up_on.toordinal()
        return (URGENCY.index(row.status), day, row.decision.pk)

    return sorted(rows, key=urgency)


def decision_log(
    municipality: Municipality,
    today: dt.date,
    *,
    dimension: str = "",
    area: str = "",
    public: bool = False,
) -> DecisionLog:
    """The municipality's decisions with their follow-up status on ``today``, counted per
    dimension and per area; ``dimension`` (a slug) or ``area`` (an id, or ``"all"`` for
    decisions about the whole municipality) narrow the list shown."""
    decisions = decisions_of(municipality)
    if public:
        decisions = decisions.filter(is_public=True)
    rows = decision_rows(decisions, today)
    by_dimension = [Tally(d.slug, d.name) for d in dimensions()]
    dimension_tally = {t.key: t for t in by_dimension}
    area_tally: dict[str, Tally] = {}
    whole = Tally(WHOLE_MUNICIPALITY, municipality.name)
    for row in rows:
        for slug in row.decision.dimensions:
            if slug in dimension_tally:
                dimension_tally[slug].counts[row.status] += 1
        if not row.areas:
            whole.counts[row.status] += 1
        for place in row.areas:
            tally = area_tally.setdefault(str(place.pk), Tally(str(place.pk), place.name))
            tally.counts[row.status] += 1
    by_area = ([whole] if whole.total else []) + sorted(area_tally.values(), key=lambda t: t.name)
    shown = rows
    if dimension:
        shown = [row for row in shown if dimension in row.decision.dimensions]
    if area == WHOLE_MUNICIPALITY:
        shown = [row for row in shown if not row.areas]
    elif area:
        shown = [row for row in shown if any(str(a.pk) == area for a in row.areas)]
    return DecisionLog(today, rows, shown, by_dimension, by_area)


def public_section(municipality: Municipality) -> dict[str, object]:
    """What the municipality's public page shows of the decision log: a link, when it has
    public decisions."""
    count = Decision.objects.in_municipality(municipality).filter(is_public=True).count()
    return {"municipality": municipality, "decision_count": count}
