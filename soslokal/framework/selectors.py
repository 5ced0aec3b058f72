"""Reads of the framework in force."""

from django.db.models import Prefetch, QuerySet

from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, SdgTarget
from soslokal.framework.schema import (
    DimensionSpec,
    FrameworkDocument,
    Source,
    Target,
    Theme,
)


def framework_current() -> FrameworkVersion | None:
    return FrameworkVersion.objects.first()


def dimensions_with_links() -> QuerySet[Dimension]:
    return Dimension.objects.prefetch_related(
        Prefetch("themes", queryset=PlaceTheme.objects.order_by("number")),
        Prefetch("sdg_targets", queryset=SdgTarget.objects.order_by("goal", "position")),
    )


def themes_with_dimensions() -> QuerySet[PlaceTheme]:
    return PlaceTheme.objects.prefetch_related(
        Prefetch("dimensions", queryset=Dimension.objects.order_by("order"))
    )


def framework_document() -> FrameworkDocument | None:
    """The framework in force, in the exchange shape that ``schema.read_framework`` accepts."""
    version = framework_current()
    if version is None:
        return None
    return FrameworkDocument(
        version=version.version,
        title=version.title,
        summary=version.summary,
        sources=[Source(**source) for source in version.sources],
        themes=[
            Theme(
                number=theme.number,
                id=theme.slug,
                group=theme.group,
                name=theme.names,
                description=theme.descriptions,
                former_name_en=theme.former_name_en,
            )
            for theme in PlaceTheme.objects.all()
        ],
        sdg_targets=[
            Target(code=target.code, goal=target.goal, title=target.titles)
            for target in SdgTarget.objects.all()
        ],
        dimensions=[
            DimensionSpec(
                id=dimension.slug,
                order=dimension.order,
                name=dimension.names,
                definition=dimension.definitions,
                themes=[theme.number for theme in dimension.themes.all()],
                sdg_targets=[target.code for target in dimension.sdg_targets.all()],
                sources=list(dimension.source_ids),
            )
            for dimension in dimensions_with_links()
        ],
    )
