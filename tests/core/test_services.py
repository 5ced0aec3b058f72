import pytest
from django.core.exceptions import ValidationError

from soslokal.core.models import Area, Membership, PopulationCount
from soslokal.core.population import PopulationRow
from soslokal.core.selectors import area_tree, population_latest
from soslokal.core.services import (
    area_upsert,
    membership_grant,
    municipality_upsert,
    population_replace,
)
from tests.factories import AreaFactory, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_municipality_number_has_four_digits():
    with pytest.raises(ValidationError):
        municipality_upsert(number="403", name="Skien", county_number="40", county_name="Telemark")


def test_areas_form_a_tree_that_only_gets_finer():
    root = AreaFactory()
    district = area_upsert(
        municipality=root.municipality, kind=Area.Kind.DISTRICT, name="Nord", parent=root
    )
    unit = area_upsert(
        municipality=root.municipality, kind=Area.Kind.BASIC_UNIT, name="Krets 1", parent=district
    )
    with pytest.raises(ValidationError):
        area_upsert(
            municipality=root.municipality, kind=Area.Kind.DISTRICT, name="Sør", parent=unit
        )
    assert [(node.area.name, node.depth) for node in area_tree(root.municipality)] == [
        (root.name, 0),
        ("Nord", 1),
        ("Krets 1", 2),
    ]


def test_only_the_municipality_itself_has_no_parent():
    municipality = MunicipalityFactory()
    with pytest.raises(ValidationError):
        area_upsert(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD, name="Gulset")


def test_an_area_cannot_hang_under_another_municipality():
    root = AreaFactory()
    with pytest.raises(ValidationError):
        area_upsert(
            municipality=MunicipalityFactory(),
            kind=Area.Kind.NEIGHBOURHOOD,
            name="Gulset",
            parent=root,
        )


def test_population_is_replaced_per_year_not_duplicated():
    area = AreaFactory()
    rows = [PopulationRow("X", 2026, 0, 0, 10), PopulationRow("X", 2026, 1, 5, 20)]
    population_replace(area=area, rows=rows, source="test")
    population_replace(area=area, rows=[PopulationRow("X", 2026, 0, 0, 11)], source="test")
    assert list(PopulationCount.objects.values_list("age_from", "count")) == [(0, 11)]


def test_latest_population_sums_the_latest_year():
    area = AreaFactory()
    population_replace(
        area=area,
        rows=[
            PopulationRow("X", 2025, 0, 0, 5),
            PopulationRow("X", 2026, 0, 0, 10),
            PopulationRow("X", 2026, 90, None, 7),
        ],
        source="SSB 07459",
    )
    table = population_latest(area)
    assert table is not None
    assert (table.year, table.total, table.has_sex_split) == (2026, 17, False)
    assert [row.age_band for row in table.rows] == ["0", "90+"]


def test_membership_roles_are_ranked():
    membership = membership_grant(
        user=UserFactory(), municipality=MunicipalityFactory(), role=Membership.Role.ANALYST
    )
    assert membership.allows(Membership.Role.FACILITATOR)
    assert not membership.allows(Membership.Role.ADMIN)


def test_an_unknown_role_is_refused():
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), municipality=MunicipalityFactory(), role="owner")
