import secrets

import pytest
from django.utils import timezone

from soslokal.core.models import Area, Membership
from soslokal.core.population import PopulationRow
from soslokal.core.services import population_replace
from soslokal.surveys.models import Answer, Response
from tests.factories import AreaFactory, CampaignFactory, ChannelFactory, MembershipFactory

FIVES = dict.fromkeys(range(1, 15), 5)
# Everyone: 14 lowest (2.5), then 13 (3.0). Klyve alone: 3 lowest (2), then 13 (3).
GULSET = FIVES | {14: 2, 13: 3}
KLYVE = FIVES | {3: 2, 14: 3, 13: 3}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded photos go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def answers(channel, area, n, scores, background=None):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    responses = Response.objects.bulk_create(
        Response(
            campaign=channel.campaign,
            channel=channel,
            area=area,
            instrument="adult",
            instrument_version="2026.1",
            language="nb",
            background=background or {"age_band": "45-66"},
            token=secrets.token_urlsafe(24),
            submitted_hour=hour,
        )
        for _ in range(n)
    )
    Answer.objects.bulk_create(
        Answer(response=r, theme=t, score=s) for r in responses for t, s in scores.items()
    )


@pytest.fixture
def areas(framework):
    root = AreaFactory(kind=Area.Kind.MUNICIPALITY, name="Skien")
    gulset = AreaFactory(
        municipality=root.municipality,
        parent=root,
        kind=Area.Kind.NEIGHBOURHOOD,
        name="Gulset",
        code="",
    )
    klyve = AreaFactory(
        municipality=root.municipality,
        parent=root,
        kind=Area.Kind.NEIGHBOURHOOD,
        name="Klyve",
        code="",
    )
    population_replace(
        area=root,
        rows=[
            PopulationRow("Test", 2026, 16, 19, 1000),
            PopulationRow("Test", 2026, 20, 44, 3000),
            PopulationRow("Test", 2026, 45, 66, 2000),
        ],
        source="test",
    )
    return root, gulset, klyve


@pytest.fixture
def campaign(areas):
    """A survey in two neighbourhoods, with ten answers from each (all aged 45–66)."""
    root, gulset, klyve = areas
    campaign = CampaignFactory(
        municipality=root.municipality,
        instruments=["adult"],
        languages=["nb", "nn"],
        background=["age_band"],
        areas=[gulset, klyve],
    )
    channel = ChannelFactory(campaign=campaign)
    answers(channel, gulset, 10, GULSET)
    answers(channel, klyve, 10, KLYVE)
    return campaign


@pytest.fixture
def municipality(areas):
    return areas[0].municipality


def member(client, municipality, role):
    membership = MembershipFactory(municipality=municipality, role=role)
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    return membership


@pytest.fixture
def facilitator(client, municipality):
    return member(client, municipality, Membership.Role.FACILITATOR)
