"""Printing: the questionnaire on paper (``surveys/printing.py``, pure) and the staff pages that
print it, the QR poster and the paper forms (``staff_views.campaign_poster*``,
``campaign_paper_form``)."""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from soslokal.core.models import Membership
from soslokal.framework.models import PlaceTheme
from soslokal.surveys.instrument import THEME_NUMBERS, shipped_instruments
from soslokal.surveys.printing import LanguageNotOffered, printed_questionnaire
from soslokal.surveys.selectors import instrument_get
from tests.factories import AreaFactory, CampaignFactory, ChannelFactory, MembershipFactory

PAPER_CSS = Path(__file__).resolve().parents[2] / "soslokal/surveys/static/surveys/print/paper.css"
NAMES = {number: {"nb": f"Tema {number}", "nn": f"Tema {number} nn"} for number in THEME_NUMBERS}


def words(text):
    return " ".join(text.split())


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return words(" ".join(page.extract_text() for page in reader.pages)), len(reader.pages)


# The printed questionnaire (pure) ------------------------------------------------------------


def test_the_themes_are_printed_in_keying_order_in_the_chosen_language():
    adult = instrument_get("adult")
    printed = printed_questionnaire(adult, "nn", NAMES)
    assert [theme.number for theme in printed.themes] == list(THEME_NUMBERS)
    assert printed.themes[0].name == "Tema 1 nn"
    assert printed.themes[0].question == adult.themes[0].question["nn"]
    assert printed.title == adult.title["nn"]
    assert [choice.value for choice in printed.choices] == [1, 2, 3, 4, 5, 6, 7]
    assert not printed.has_pictograms


def test_a_theme_name_missing_in_the_language_falls_back_to_bokmal():
    printed = printed_questionnaire(instrument_get("youth"), "en", NAMES)
    assert printed.themes[13].name == "Tema 14"


def test_children_tick_three_faces_that_travel_inside_the_document():
    printed = printed_questionnaire(instrument_get("children"), "nb", NAMES)
    assert printed.has_pictograms
    assert [choice.text for choice in printed.choices] == ["Ikke bra", "Helt greit", "Bra"]
    assert all(
        choice.pictogram.startswith("data:image/svg+xml;base64,") for choice in printed.choices
    )
    assert printed.choices[0].alt == "Trist ansikt"


def test_a_language_the_instrument_lacks_is_refused():
    with pytest.raises(LanguageNotOffered):
        printed_questionnaire(instrument_get("adult"), "se", NAMES)


def test_no_type_on_the_paper_form_is_smaller_than_11_points():
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)pt", PAPER_CSS.read_text())]
    assert sizes and min(sizes) >= 11
    assert not re.search(r"font-size:\s*[\d.]+(px|em|rem|%)", PAPER_CSS.read_text())


# The staff pages ----------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return MembershipFactory(role=Membership.Role.VIEWER)


@pytest.fixture
def campaign(staff, framework):
    areas = [
        AreaFactory(municipality=staff.municipality, kind="neighbourhood", name=name, code="")
        for name in ("Gulset", "Klyve")
    ]
    campaign = CampaignFactory(
        municipality=staff.municipality,
        instruments=["adult", "children", "easy_read"],
        areas=areas,
        results_note="Resultatene kommer i juni.",
    )
    for kind in ("web", "qr", "paper"):
        ChannelFactory(campaign=campaign, kind=kind)
    return campaign


def url(name, campaign, *args):
    return reverse(f"surveys_staff:{name}", args=[campaign.municipality.number, campaign.pk, *args])


def channel(campaign, kind):
    return campaign.channels.get(kind=kind)


@pytest.mark.django_db
def test_the_poster_page_shows_the_qr_channel_in_the_chosen_language(client, staff, campaign):
    client.force_login(staff.user)
    response = client.get(url("poster", campaign) + "?lang=nn")
    assert response.status_code == 200
    page = response.content.decode()
    code = channel(campaign, "qr").code
    assert '<article class="poster" lang="nn"' in page
    assert '<svg role="img" viewBox=' in page
    assert f"testserver/s/{code}<" in page  # the typed address: no scheme, no final slash
    assert f"<strong>{code}</strong>" in page
    assert instrument_get("adult").title["nn"] in page
    assert "Anonymt" in page  # the poster speaks nynorsk …
    assert 'aria-current="page">Norsk nynorsk' in page  # … and says which language it is in
    assert "style=" not in page  # nothing the content security policy would block


@pytest.mark.django_db
def test_the_poster_falls_back_to_the_web_channel(client, staff, framework):
    campaign = CampaignFactory(municipality=staff.municipality)
    web = ChannelFactory(campaign=campaign, kind="web")
    client.force_login(staff.user)
    page = client.get(url("poster", campaign)).content.decode()
    assert f"<strong>{web.code}</strong>" in page


@pytest.mark.django_db
def test_a_poster_without_a_link_or_in_a_language_the_campaign_lacks_is_not_found(
    client, staff, campaign
):
    client.force_login(staff.user)
    assert client.get(url("poster", campaign) + "?lang=se").status_code == 404
    assert client.get(url("poster_pdf", campaign) + "?lang=de").status_code == 404
    paper_only = CampaignFactory(municipality=staff.municipality)
    ChannelFactory(campaign=paper_only, kind="paper")
    assert client.get(url("poster", paper_only)).status_code == 404


@pytest.mark.django_db
def test_the_poster_is_for_staff_of_the_municipality_only(client, campaign):
    assert client.get(url("poster", campaign)).status_code == 302  # to the login
    client.force_login(MembershipFactory(role=Membership.Role.ADMIN).user)
    assert client.get(url("poster", campaign)).status_code == 404
    assert client.get(url("paper_form", campaign, "adult", "nb")).status_code == 404


@pytest.mark.django_db
def test_the_poster_pdf_is_one_page_with_the_code(client, staff, campaign):
    client.force_login(staff.user)
    response = client.get(url("poster_pdf", campaign) + "?lang=en")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text, pages = pdf_text(response)
    assert pages == 1
    assert channel(campaign, "qr").code in text
    assert "About 10 minutes" in text
    assert instrument_get("adult").title["en"] in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("version", "language"), [("adult", "nb"), ("children", "nn"), ("easy_read", "en")]
)
def test_the_paper_form_has_every_theme_in_its_language_and_the_codes(
    client, staff, campaign, version, language
):
    client.force_login(staff.user)
    response = client.get(url("paper_form", campaign, version, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text, pages = pdf_text(response)
    code = channel(campaign, "paper").code
    # The campaign's number and the paper code on every page, for whoever keys the forms in.
    assert len(re.findall(rf"\b{campaign.pk} · [^·]*?\b{code}\b", text)) == pages >= 2
    names = [words(theme.names[language]) for theme in PlaceTheme.objects.order_by("number")]
    assert len(names) == 14
    assert all(name in text for name in names)
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # in the keying order, 1 to 14
    instrument = instrument_get(version)
    assert words(instrument.themes[0].question[language]) in text
    assert words(instrument.dont_know[language]) in text
    assert "Gulset" in text and "Klyve" in text  # the neighbourhoods to tick


@pytest.mark.django_db
def test_the_paper_form_page_furniture_is_in_the_forms_language(client, staff, campaign):
    client.force_login(staff.user)
    text, _pages = pdf_text(client.get(url("paper_form", campaign, "adult", "nn")))
    assert "Skjemanummer:" in text
    assert "Kor gammal er du?" in text
    assert "80+" in text and "13-15" in text
    # The children's form asks a child's age only among a child's bands.
    children, _pages = pdf_text(client.get(url("paper_form", campaign, "children", "nn")))
    assert "13-15" in children and "16-19" not in children and "80+" not in children


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("version", "language"),
    [("nosuch", "nb"), ("youth", "nb"), ("adult", "se"), ("adult", "de")],
    ids=["unknown version", "version not in the campaign", "unknown language", "no such language"],
)
def test_a_paper_form_outside_the_campaign_is_not_found(client, staff, campaign, version, language):
    campaign.languages = ["nb", "nn", "en", "se"] if language == "se" else campaign.languages
    campaign.save()
    client.force_login(staff.user)
    assert client.get(url("paper_form", campaign, version, language)).status_code == 404


@pytest.mark.django_db
def test_a_campaign_without_paper_has_no_paper_form(client, staff, framework):
    campaign = CampaignFactory(municipality=staff.municipality)
    ChannelFactory(campaign=campaign, kind="web")
    client.force_login(staff.user)
    assert client.get(url("paper_form", campaign, "adult", "nb")).status_code == 404
    page = client.get(url("campaign", campaign)).content.decode()
    assert "/paper/" not in page


@pytest.mark.django_db
def test_the_campaign_page_links_the_poster_and_a_form_per_version_and_language(
    client, staff, campaign
):
    client.force_login(staff.user)
    page = client.get(url("campaign", campaign)).content.decode()
    for language in ("nb", "nn", "en"):
        assert url("poster", campaign) + f"?lang={language}" in page
        assert url("poster_pdf", campaign) + f"?lang={language}" in page
        for version in ("adult", "children", "easy_read"):
            assert url("paper_form", campaign, version, language) in page
    assert len(re.findall(r"/paper/[a-z_]+/[a-z]+\.pdf", page)) == 9
    assert channel(campaign, "paper").code in page


def test_every_shipped_instrument_prints_in_every_language():
    for instrument in shipped_instruments():
        for language in instrument.languages:
            printed = printed_questionnaire(instrument, language, NAMES)
            assert all(
                theme.question and theme.good_now and theme.better for theme in printed.themes
            )
