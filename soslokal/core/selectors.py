"""Reads that cross relations: each takes the municipality it is scoped to."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet, Sum

from soslokal.core.models import Area, Membership, Municipality, PopulationCount


@dataclass(frozen=True)
class AreaNode:
    area: Area
    depth: int


@dataclass(frozen=True)
class PopulationTable:
    year: int
    rows: list[PopulationCount]
    total: int
    source: str
    has_sex_split: bool


def municipalities_public() -> QuerySet[Municipality]:
    return Municipality.objects.all()


def area_tree(municipality: Municipality) -> list[AreaNode]:
    """All areas of the municipality, depth first, in one query."""
    areas = list(Area.objects.in_municipality(municipality).order_by("name"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    nodes: list[AreaNode] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for area in children.get(parent_id, []):
            nodes.append(AreaNode(area, depth))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return nodes


def area_get(municipality: Municipality, area_id: int) -> Area:
    """The area, only if it lies in ``municipality`` (raises ``Area.DoesNotExist``)."""
    return Area.objects.in_municipality(municipality).select_related("parent").get(pk=area_id)


def population_latest(area: Area) -> PopulationTable | None:
    """The area's population by age band in the latest year it is known for."""
    latest = (
        PopulationCount.objects.filter(area=area).order_by("-year").values_list("year", flat=True)
    ).first()
    if latest is None:
        return None
    rows = list(PopulationCount.objects.filter(area=area, year=latest).order_by("age_from", "sex"))
    all_rows = [row for row in rows if row.sex == PopulationCount.Sex.ALL]
    total = PopulationCount.objects.filter(
        area=area, year=latest, sex=PopulationCount.Sex.ALL
    ).aggregate(total=Sum("count"))["total"]
    return PopulationTable(
        year=latest,
        rows=all_rows,
        total=total or 0,
        source=rows[0].source,
        has_sex_split=any(row.sex != PopulationCount.Sex.ALL for row in rows),
    )


def memberships_of_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    if user.pk is None:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk).select_related("municipality")


def members_of(municipality: Municipality) -> QuerySet[Membership]:
    return Membership.objects.filter(municipality=municipality).select_related("user")


def membership_get(municipality: Municipality, membership_id: int) -> Membership:
    """A membership, only if it is in ``municipality`` (raises ``Membership.DoesNotExist``)."""
    return Membership.objects.select_related("user").get(
        municipality=municipality, pk=membership_id
    )
