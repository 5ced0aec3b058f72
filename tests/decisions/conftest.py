import datetime as dt

import pytest
from django.utils import timezone

from soslokal.briefs.models import Brief, BriefVersion
from soslokal.core.models import Area, Membership
from soslokal.indicators.models import ImportRun, Indicator, Observation, Region
from tests.factories import ActionFactory, AreaFactory, CampaignFactory, MembershipFactory

TODAY = dt.date(2026, 5, 20)


def indicator(code="low_income_children", table="08764"):
    return Indicator.objects.create(
        code=code,
        names={"nb": "Barn i lavinntektshusholdninger", "nn": "Born i låginntektshushald"},
        definitions={"nb": "Andel barn.", "nn": "Del born."},
        unit=Indicator.Unit.PERCENT,
        direction=Indicator.Direction.HIGHER_WORSE,
        dimension_slugs=["living"],
        agency="SSB",
        table=table,
    )


def observe(item, code, name):
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": Region.Level.MUNICIPALITY}
    )
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.SNAPSHOT, what="test", who="test", status=ImportRun.Status.SUCCEEDED
    )
    Observation.objects.create(
        indicator=item,
        region=region,
        period="2024",
        year_start=2024,
        year_end=2024,
        value=12.5,
        source="SSB 08764",
        import_run=run,
    )


@pytest.fixture
def areas(framework):
    root = AreaFactory(kind=Area.Kind.MUNICIPALITY, name="Skien", municipality__number="4003")
    gulset = AreaFactory(
        municipality=root.municipality,
        parent=root,
        kind=Area.Kind.NEIGHBOURHOOD,
        name="Gulset",
        code="",
    )
    return root, gulset


@pytest.fixture
def municipality(areas):
    return areas[0].municipality


@pytest.fixture
def sources(municipality, areas):
    """An indicator with figures for the municipality, a published survey and an action."""
    item = indicator()
    observe(item, "4003", "Skien")
    campaign = CampaignFactory(municipality=municipality, name="Stedskompasset Skien 2025")
    campaign.results_published_at = timezone.now()
    campaign.save()
    action = ActionFactory(
        lab__municipality=municipality,
        lab__campaign=campaign,
        title="Vårdugnad",
        status="done",
    )
    return item, campaign, action


def member(client, municipality, role):
    membership = MembershipFactory(municipality=municipality, role=role)
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    return membership


@pytest.fixture
def analyst(client, municipality):
    return member(client, municipality, Membership.Role.ANALYST)


@pytest.fixture(autouse=True)
def _english():
    """Messages in English, so tests can match them (the pages are tested in nb and nn)."""
    from django.utils.translation import override

    with override("en"):
        yield


def published_brief(municipality, title="Gulset: det vi veit", number=1):
    brief = Brief.objects.create(
        municipality=municipality, title=title, year_from=2020, year_to=2026, language="nn"
    )
    return BriefVersion.objects.create(
        brief=brief,
        number=number,
        title=title,
        language="nn",
        content={},
        published_at=timezone.now(),
    )
