import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from soslokal.surveys.models import Response
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(framework):
    return ChannelFactory()


def start(client, channel, instrument="adult"):
    return client.post(reverse("surveys:start", args=[channel.code]), {"instrument": instrument})


def answer(client, channel, number, **fields):
    url = reverse("surveys:theme", args=[channel.code, number])
    return client.post(url, {"go": "next", **fields})


def test_a_resident_answers_every_theme_and_sends_once(client, channel):
    assert start(client, channel).status_code == 302
    for number in range(1, 15):
        response = answer(client, channel, number, score=str(1 + number % 7))
        assert response.status_code == 302
    assert response["Location"] == reverse("surveys:about", args=[channel.code])
    client.post(reverse("surveys:about", args=[channel.code]), {"age_band": "20-44"})
    check = client.get(reverse("surveys:check", args=[channel.code]))
    token = check.context["token"]
    sent = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert sent["Location"] == reverse("surveys:thanks", args=[channel.code])
    again = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert again["Location"] == reverse("surveys:thanks", args=[channel.code])
    stored = Response.objects.get()
    assert stored.answers.count() == 14
    assert stored.background == {"age_band": "20-44"}


def test_a_sent_form_leaves_nothing_in_the_session_store(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="4", better="Benches by the river")
    token = client.get(reverse("surveys:check", args=[channel.code])).context["token"]
    assert Session.objects.count() == 1
    sent = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert sent["Location"] == reverse("surveys:thanks", args=[channel.code])
    assert not Session.objects.exists()
    assert Response.objects.get().answers.get().better == "Benches by the river"


def test_the_first_page_says_how_far_one_has_come(client, channel):
    start(client, channel)
    page = client.get(reverse("surveys:theme", args=[channel.code, 3])).content.decode()
    assert "Tema 3 av 14" in page
    assert "1 – mye å forbedre" in page and "7 – lite å forbedre" in page
    assert 'type="radio"' in page and "<legend>" in page


def test_an_out_of_range_score_is_explained_and_the_text_is_kept(client, channel):
    start(client, channel)
    url = reverse("surveys:theme", args=[channel.code, 1])
    response = client.post(url, {"go": "next", "score": "9", "good_now": "Nice benches"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg et tall fra 1 til 7" in page
    assert "Nice benches" in page


def test_switching_language_half_way_keeps_the_answers(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="4", better="More light")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("surveys:theme", args=[channel.code, 1])).content.decode()
    assert 'lang="en"' in page
    assert 'value="4" checked' in page
    assert "More light" in page


def test_back_keeps_the_answer(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="6")
    response = client.post(
        reverse("surveys:theme", args=[channel.code, 2]), {"go": "back", "score": "dont_know"}
    )
    assert response["Location"] == reverse("surveys:theme", args=[channel.code, 1])
    page = client.get(response["Location"]).content.decode()
    assert 'value="6" checked' in page


def test_an_unknown_code_is_not_found_and_a_closed_survey_says_when_it_was_open(client, channel):
    assert client.get("/s/nosuchcode/").status_code == 404
    campaign = channel.campaign
    campaign.closes_on = campaign.opens_on
    campaign.save()
    response = client.get(reverse("surveys:start", args=[channel.code]))
    assert response.status_code == 410
    assert "ikke åpen nå" in response.content.decode()


def test_a_forged_token_stores_nothing(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="3")
    response = client.post(reverse("surveys:check", args=[channel.code]), {"token": "forged"})
    assert response["Location"] == reverse("surveys:start", args=[channel.code])
    assert not Response.objects.exists()


def test_open_surveys_are_listed_publicly_and_closed_ones_are_not(client, channel):
    page = client.get(reverse("surveys:index")).content.decode()
    assert channel.campaign.name in page
    assert f"/s/{channel.code}/" in page
    campaign = channel.campaign
    campaign.closes_on = campaign.opens_on
    campaign.save()
    assert channel.campaign.name not in client.get(reverse("surveys:index")).content.decode()


def test_the_municipality_page_links_its_open_surveys(client, channel):
    municipality = channel.campaign.municipality
    page = client.get(reverse("core:municipality", args=[municipality.number])).content.decode()
    assert f"/s/{channel.code}/" in page
