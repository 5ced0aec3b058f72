"""The workshop kit: an A3 compass poster, a group scoring sheet and an agenda, as PDFs."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import LabFactory

pytestmark = pytest.mark.django_db

A3 = (842, 1191)  # points, portrait


def pdf_of(client, name, lab, lang):
    response = client.get(
        reverse(f"workshops_staff:{name}", args=[lab.municipality.number, lab.pk, lang])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())  # lines broken anywhere, read as one


@pytest.fixture
def lab(campaign, areas):
    return LabFactory(
        campaign=campaign, municipality=campaign.municipality, area=areas[2], topics=[3, 13]
    )


def test_the_poster_is_one_a3_page_with_the_areas_compass(client, facilitator, lab):
    reader, text = pdf_of(client, "poster_pdf", lab, "nb")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A3
    assert "Hva undersøkelsen sa om Klyve" in text
    assert "Trafikk og parkering" in text and "Innflytelse og medbestemmelse" in text
    assert "Klyve" in text and "Alle" in text  # the area beside everyone
    assert "2,0" in text  # Klyve's score for traffic, in Norwegian numbers


def test_the_poster_says_when_the_answers_are_simulated(client, facilitator, lab):
    lab.campaign.is_simulated = True
    lab.campaign.save()
    _reader, text = pdf_of(client, "poster_pdf", lab, "nb")
    assert "Simulerte data" in text


def test_the_poster_shows_no_figure_resting_on_too_few_answers(client, facilitator, lab, settings):
    settings.SOSLOKAL_MIN_GROUP = 50
    _reader, text = pdf_of(client, "poster_pdf", lab, "nb")
    assert "2,0" not in text and "færre enn 50 svar" in text


def test_the_scoring_sheet_names_every_theme_in_the_language_asked_for(client, facilitator, lab):
    reader, text = pdf_of(client, "scoring_pdf", lab, "nn")
    assert len(reader.pages) == 2
    for name in ("Å kome seg rundt", "Kollektivtransport", "Innverknad og medbestemming"):
        assert name in text
    assert "Poengskjema for gruppa" in text


def test_the_agenda_has_a_group_session_per_topic(client, facilitator, lab):
    _reader, text = pdf_of(client, "agenda_pdf", lab, "nb")
    assert "Gruppearbeid: Trafikk og parkering" in text
    assert "Gruppearbeid: Stell og vedlikehold" in text
    link = f"/municipalities/{lab.municipality.number}/areas/{lab.area.pk}/you-said-we-did/"
    assert link in text.replace(" ", "")


def test_a_language_the_survey_does_not_speak_is_not_found(client, facilitator, lab):
    url = reverse("workshops_staff:scoring_pdf", args=[lab.municipality.number, lab.pk, "en"])
    assert client.get(url).status_code == 404
