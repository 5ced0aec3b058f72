"""Reads of briefs: a municipality's drafts, its published versions, and what a draft covers."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet

from soslokal.briefs.assembly import Scope
from soslokal.briefs.models import Brief, BriefVersion
from soslokal.core.models import Area, Municipality


def briefs_of(municipality: Municipality) -> QuerySet[Brief]:
    return (
        Brief.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
        .annotate(version_count=Count("versions"), latest_version=Max("versions__number"))
    )


def brief_get(municipality: Municipality, brief_id: int) -> Brief:
    """The brief, only if it belongs to ``municipality`` (raises ``Brief.DoesNotExist``)."""
    return Brief.objects.select_related("municipality").get(municipality=municipality, pk=brief_id)


def scope_of(brief: Brief) -> Scope:
    return Scope(
        municipality=brief.municipality,
        areas=list(brief.areas.select_related("parent").order_by("name")),
        dimensions=list(brief.dimensions),
        themes=[int(theme) for theme in brief.themes],
        year_from=brief.year_from,
        year_to=brief.year_to,
        language=brief.language,
    )


def versions_of(brief: Brief) -> QuerySet[BriefVersion]:
    return brief.versions.order_by("-number")


def version_get(number: str, brief_id: int, version: int) -> BriefVersion:
    """A published version by its public address (raises ``BriefVersion.DoesNotExist``)."""
    return BriefVersion.objects.select_related("brief__municipality").get(
        brief__municipality__number=number, brief_id=brief_id, number=version
    )


def version_latest(number: str, brief_id: int) -> BriefVersion | None:
    return (
        BriefVersion.objects.filter(brief__municipality__number=number, brief_id=brief_id)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class Published:
    """A published brief: its newest version and the earlier ones, newest first."""

    latest: BriefVersion
    earlier: list[BriefVersion]


def published_of(municipality: Municipality) -> list[Published]:
    versions = list(
        BriefVersion.objects.filter(brief__municipality=municipality)
        .select_related("brief")
        .defer("content")
        .order_by("-published_at", "-number")
    )
    by_brief: dict[int, list[BriefVersion]] = {}
    for version in versions:
        by_brief.setdefault(version.brief_id, []).append(version)
    found = [
        Published(
            sorted(items, key=lambda v: -v.number)[0], sorted(items, key=lambda v: -v.number)[1:]
        )
        for items in by_brief.values()
    ]
    return sorted(found, key=lambda p: p.latest.published_at, reverse=True)


def briefs_section(municipality: Municipality) -> dict[str, Any]:
    """For the municipality's public page: its published briefs, newest first."""
    return {"published": published_of(municipality)[:5], "municipality": municipality}
