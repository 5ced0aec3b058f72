import secrets

import pytest

from soslokal.core.models import Area, Membership
from soslokal.core.population import PopulationRow
from soslokal.core.services import population_replace
from soslokal.surveys.models import Answer, Response
from tests.factories import AreaFactory, CampaignFactory, ChannelFactory, MembershipFactory


def add_responses(channel, n, *, scores, background=None, participants=None, flagged=False):
    """``n`` responses with ``scores`` ({theme: score or None for don't know}) each."""
    from django.utils import timezone

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    responses = Response.objects.bulk_create(
        Response(
            campaign=channel.campaign,
            channel=channel,
            instrument="adult",
            instrument_version="2026.1",
            language="nb",
            background=background or {},
            token=secrets.token_urlsafe(24),
            submitted_hour=hour,
            participants=participants,
            flagged=flagged,
        )
        for _ in range(n)
    )
    Answer.objects.bulk_create(
        Answer(response=r, theme=t, score=s, dont_know=s is None)
        for r in responses
        for t, s in scores.items()
    )
    return responses


@pytest.fixture
def campaign(framework):
    campaign = CampaignFactory(instruments=["adult"], background=["age_band", "gender"])
    root = AreaFactory(municipality=campaign.municipality, kind=Area.Kind.MUNICIPALITY)
    campaign.areas.set([root])
    population_replace(
        area=root,
        rows=[
            PopulationRow("Test", 2026, 16, 19, 1000),
            PopulationRow("Test", 2026, 20, 44, 3000),
            PopulationRow("Test", 2026, 45, 66, 2000),
        ],
        source="test",
    )
    return campaign


@pytest.fixture
def channel(campaign):
    return ChannelFactory(campaign=campaign)


@pytest.fixture
def staff(client, campaign):
    membership = MembershipFactory(municipality=campaign.municipality, role=Membership.Role.ANALYST)
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    return membership
