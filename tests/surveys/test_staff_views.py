import pytest
from django.urls import reverse

from soslokal.core.models import Membership
from soslokal.surveys.models import Campaign
from tests.factories import AreaFactory, CampaignFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_facilitator_starts_a_survey_with_a_link_per_channel(client):
    membership = MembershipFactory(role=Membership.Role.FACILITATOR)
    area = AreaFactory(municipality=membership.municipality)
    client.force_login(membership.user)
    number = membership.municipality.number
    response = client.post(
        reverse("surveys_staff:campaign_create", args=[number]),
        {
            "name": "Stedskompass Gulset 2026",
            "areas": [area.pk],
            "instruments": ["adult", "easy_read"],
            "background": ["age_band", "disability"],
            "languages": ["nb", "en"],
            "channels": ["web", "paper"],
            "invited_paper": "250",
            "invited_sms": "900",
            "opens_on": "2026-05-01",
            "closes_on": "2026-06-15",
        },
    )
    campaign = Campaign.objects.get()
    # SMS was not chosen, so its number is not kept; paper keeps the number handed out.
    assert sorted(campaign.channels.values_list("kind", "invited")) == [
        ("paper", 250),
        ("web", None),
    ]
    assert campaign.languages == ["nb", "en"]
    assert campaign.background == ["age_band", "disability"]
    assert response["Location"] == reverse("surveys_staff:campaign", args=[number, campaign.pk])
    page = client.get(response["Location"]).content.decode()
    web, paper = campaign.channels.get(kind="web"), campaign.channels.get(kind="paper")
    # Residents answer the web link; the paper code leads staff to the keying screen.
    assert f"/s/{web.code}/" in page
    assert f"/s/{paper.code}/" not in page
    assert f"<code>{paper.code}</code>" in page
    assert f'href="{reverse("surveys_staff:paper_entry", args=[number, campaign.pk])}"' in page


def test_a_viewer_may_look_but_not_start_a_survey(client):
    membership = MembershipFactory(role=Membership.Role.VIEWER)
    client.force_login(membership.user)
    number = membership.municipality.number
    page = client.get(reverse("surveys_staff:campaigns", args=[number])).content.decode()
    # The staff menu entry comes from surveys' registration, translated, marked current.
    assert 'aria-current="page">Stedsundersøkelser</a>' in page
    assert client.get(reverse("surveys_staff:campaign_create", args=[number])).status_code == 403


def test_closing_before_opening_is_refused_with_a_message(client):
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    area = AreaFactory(municipality=membership.municipality)
    client.force_login(membership.user)
    response = client.post(
        reverse("surveys_staff:campaign_create", args=[membership.municipality.number]),
        {
            "name": "Backwards",
            "areas": [area.pk],
            "instruments": ["adult"],
            "languages": ["nb"],
            "channels": ["web"],
            "opens_on": "2026-06-01",
            "closes_on": "2026-05-01",
        },
    )
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_a_survey_of_simulated_answers_is_labelled_in_the_list_and_on_its_page(client):
    membership = MembershipFactory(role=Membership.Role.VIEWER)
    simulated = CampaignFactory(
        municipality=membership.municipality, name="Demo (simulert)", is_simulated=True
    )
    real = CampaignFactory(municipality=membership.municipality, name="Gulset 2026")
    client.force_login(membership.user)
    number = membership.municipality.number
    listing = client.get(reverse("surveys_staff:campaigns", args=[number])).content.decode()
    rows = {c.name: listing.split(c.name, 1)[1].split("</tr>", 1)[0] for c in (simulated, real)}
    assert "Simulerte data" in rows[simulated.name] and "Simulerte data" not in rows[real.name]
    for campaign, shown in ((simulated, True), (real, False)):
        url = reverse("surveys_staff:campaign", args=[number, campaign.pk])
        page = client.get(url).content.decode()
        assert ("Simulerte data" in page) is shown
        assert ("ingen innbyggere har gitt dem" in page) is shown
