"""Loading a framework document into the database: idempotent and all-or-nothing."""

from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction

from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, SdgTarget
from soslokal.framework.schema import FrameworkDocument, parse_framework_file, sdg_sort_key

DEFAULT_FRAMEWORK_FILE = Path(__file__).resolve().parent / "data" / "framework.yaml"


@dataclass(frozen=True)
class LoadResult:
    version: FrameworkVersion
    changed: bool


@transaction.atomic
def framework_load(*, document: FrameworkDocument, origin: str) -> LoadResult:
    """Make the database hold exactly ``document``; loading the same document again changes
    nothing. Dimensions, themes and targets absent from the document are removed."""
    checksum = document.checksum()
    current = FrameworkVersion.objects.select_for_update().first()
    if current is not None and current.checksum == checksum:
        return LoadResult(current, changed=False)

    themes = {}
    for theme in document.themes:
        themes[theme.number], _ = PlaceTheme.objects.update_or_create(
            number=theme.number,
            defaults={
                "slug": f"tmp-{theme.number}",
                "group": theme.group,
                "names": theme.name,
                "descriptions": theme.description,
                "former_name_en": theme.former_name_en,
            },
        )
    # Slugs may move between numbers in an adapted framework: set them once all rows exist.
    PlaceTheme.objects.exclude(number__in=themes).delete()
    for theme in document.themes:
        PlaceTheme.objects.filter(number=theme.number).update(slug=theme.id)

    targets = {}
    for position, target in enumerate(
        sorted(document.sdg_targets, key=lambda t: sdg_sort_key(t.code))
    ):
        targets[target.code], _ = SdgTarget.objects.update_or_create(
            code=target.code,
            defaults={"goal": target.goal, "position": position, "titles": target.title},
        )
    SdgTarget.objects.exclude(code__in=targets).delete()

    Dimension.objects.exclude(slug__in=[d.id for d in document.dimensions]).delete()
    for spec in document.dimensions:
        dimension, _ = Dimension.objects.update_or_create(
            slug=spec.id,
            defaults={
                "order": spec.order,
                "names": spec.name,
                "definitions": spec.definition,
                "source_ids": spec.sources,
            },
        )
        dimension.themes.set([themes[number] for number in spec.themes])
        dimension.sdg_targets.set([targets[code] for code in spec.sdg_targets])

    version = FrameworkVersion.objects.create(
        version=document.version,
        title=document.title,
        summary=document.summary,
        sources=[asdict(source) for source in document.sources],
        origin=origin,
        checksum=checksum,
    )
    return LoadResult(version, changed=True)


def framework_load_file(*, path: Path, json_only: bool = False) -> LoadResult:
    """Read, check and load a YAML or JSON framework file (JSON: named ``*.json``, or
    ``json_only``). Every problem of the file is a ``FrameworkFileError`` raised before the
    database is touched."""
    document = parse_framework_file(path, json_only=json_only)
    return framework_load(document=document, origin=path.name)
