"""The public "you said, we did" page of an area, and its link from the municipality page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActionFactory, IdeaFactory, LabFactory

pytestmark = pytest.mark.django_db


def page_of(client, area, language="en"):
    client.cookies["django_language"] = language
    response = client.get(reverse("workshops:area", args=[area.municipality.number, area.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def lab(campaign, areas):
    return LabFactory(
        campaign=campaign, municipality=campaign.municipality, area=areas[2], topics=[3, 13]
    )


def test_the_municipality_page_links_each_area_with_labs(client, lab):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:municipality", args=[lab.municipality.number])).content
    assert reverse("workshops:area", args=[lab.municipality.number, lab.area.pk]) in page.decode()
    assert b"You said, we did" in page


def test_the_page_says_what_residents_said_and_what_was_done(client, campaign, lab, framework):
    campaign.results_published_at = timezone.now()
    campaign.save()
    idea = IdeaFactory(lab=lab, topic=3, text="Fartsdumper ved skolen, ring 400 00 000")
    done = ActionFactory(
        lab=lab,
        title="Fartsdumper i Klyveveien",
        status="done",
        owner="Bydrift",
        effects={"safety": "positive"},
    )
    done.ideas.add(idea)
    ActionFactory(
        lab=lab, title="Ny gangvei", status="planned", owner="Ola Nordmann", owner_kind="person"
    )
    page = page_of(client, lab.area)
    said, did = page.index("What you said"), page.index("What the municipality did")
    # The survey's lowest themes in Klyve, then the lab's topics.
    assert said < page.index("Traffic and parking (2.0)") < did
    assert "Traffic and parking, Care and maintenance" in page
    assert did < page.index("Fartsdumper i Klyveveien") and "Done" in page and "Planned" in page
    assert "Bydrift" in page and "Ola Nordmann" not in page  # a person is never named
    assert "Safety and trust: positive" in page
    assert "400 00 000" not in page and "[phone number removed]" in page
    assert f'id="action-{done.pk}"' in page


def test_an_unpublished_survey_shows_no_figures_but_the_lab_still_counts(client, lab):
    page = page_of(client, lab.area)
    assert "(2.0)" not in page and "Traffic and parking" in page


def test_the_page_of_the_whole_municipality_holds_the_actions_in_its_areas(client, lab, areas):
    ActionFactory(lab=lab, title="Benker langs elva")
    assert "Benker langs elva" in page_of(client, areas[0])
    assert "Benker langs elva" not in page_of(client, areas[1])


def test_demo_data_says_so_in_norwegian(client, lab):
    lab.is_demo = True
    lab.save()
    assert "Demodata" in page_of(client, lab.area, "nb")


def test_an_area_of_another_municipality_is_not_found_under_this_one(client, lab):
    other = LabFactory().area
    response = client.get(reverse("workshops:area", args=[lab.municipality.number, other.pk]))
    assert response.status_code == 404


def test_a_lab_still_to_come_is_told_as_planned(client, lab):
    lab.held_on = timezone.localdate() + datetime.timedelta(days=14)
    lab.sectors = {}
    lab.save()
    page = page_of(client, lab.area)
    assert "a city lab on Traffic and parking, Care and maintenance is planned." in page
    assert "worked on" not in page
