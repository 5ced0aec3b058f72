import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from soslokal.indicators.models import ImportRun, Observation, Region
from tests.factories import AreaFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
NEET_TELEMARK, NEET_NORWAY = 11.0, 9.9  # neet_young_2024.csv


@pytest.fixture
def skien(telemark):
    return MunicipalityFactory(number="4003", name="Skien")


def test_the_profile_shows_figures_per_dimension_with_comparisons_and_sources(client, skien):
    response = client.get(reverse("indicators:profile", args=["4003"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skien i tall" in html
    assert "Levekår, helse og utjevning" in html  # a framework dimension as a heading
    assert "Unge utenfor arbeid og utdanning" in html
    assert "Telemark:" in html and "Norge:" in html
    assert (
        "Noreg:"
        in client.get(
            reverse("indicators:profile", args=["4003"]), HTTP_COOKIE="django_language=nn"
        ).content.decode()
    )
    assert "av 17 i Telemark" in html  # the rank
    assert "Kilde: SSB 13556" in html
    assert "Tydelig dårligere" in html
    assert 'role="img"' in html and "style=" not in html


def test_the_profile_marks_what_is_clearly_worse(client, skien):
    profile = client.get(reverse("indicators:profile", args=["4003"])).context["profile"]
    flagged = {item.indicator.code for item in profile.flagged}
    # Skien: NEET 11.5 against Telemark 11.0 and Norway 9.9 (SSB 13556, 2024).
    assert "neet_young" in flagged
    neet = next(f for f in profile.figures if f.indicator.code == "neet_young")
    compared = [(r.code, v) for r, v, _relation, _status in neet.around]
    assert compared == [("40", NEET_TELEMARK), ("0", NEET_NORWAY)]
    assert "living_alone" not in flagged  # neutral indicators are never marked


def test_the_profile_and_the_municipality_page_mark_what_is_clearly_better(client, telemark):
    MunicipalityFactory(number="4001", name="Porsgrunn")
    response = client.get(reverse("indicators:profile", args=["4001"]))
    strengths = {item.indicator.code for item in response.context["profile"].strengths}
    # Porsgrunn: crowded housing 6.6 % against Telemark 7.1 % and Norway 9.7 % (SSB, 2024).
    assert "crowded_housing" in strengths
    assert not strengths & {item.indicator.code for item in response.context["profile"].flagged}
    html = response.content.decode()
    assert html.count("Tydelig bedre") >= 3  # the list at the top, the tag, the table
    assert 'data-color="success">Tydelig bedre</span>' in html
    page = client.get(reverse("core:municipality", args=["4001"])).content.decode()
    assert "Tydelig bedre enn både fylket og hele landet" in page


def test_the_sparkline_has_a_text_alternative(client, skien):
    html = client.get(reverse("indicators:profile", args=["4003"])).content.decode()
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="sparkline"')
    svg = ET.fromstring(html[start : html.index("</svg>", start) + 6])  # noqa: S314 (ours)
    desc = svg.find("{http://www.w3.org/2000/svg}desc").text
    assert desc.startswith("Fra ") and "lavest" in desc


def test_the_profile_speaks_nynorsk_and_english(client, skien):
    client.cookies["django_language"] = "nn"
    assert (
        "Skien i tal" in client.get(reverse("indicators:profile", args=["4003"])).content.decode()
    )
    client.cookies["django_language"] = "en"
    html = client.get(reverse("indicators:profile", args=["4003"])).content.decode()
    assert "Skien in figures" in html and "Clearly worse" in html


def test_the_csv_holds_every_figure_of_the_area_and_around_it(client, skien):
    response = client.get(reverse("indicators:profile_csv", args=["4003"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="soslokal-indicators-4003.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["region"] for row in rows} == {"4003", "40", "0"}
    neet = next(r for r in rows if r["indicator"] == "neet_young" and r["region"] == "4003")
    assert (neet["value"], neet["source"], neet["period"]) == ("11.5", "SSB 13556", "2024")


def test_no_profile_for_unknown_or_old_codes_or_areas_without_figures(client, telemark):
    assert client.get(reverse("indicators:profile", args=["9999"])).status_code == 404
    assert client.get(reverse("indicators:profile", args=["0814"])).status_code == 404
    assert client.get(reverse("indicators:profile", args=["0301"])).status_code == 404
    assert client.get(reverse("indicators:profile_csv", args=["0814"])).status_code == 404


def test_the_municipality_page_links_the_profile_and_names_what_is_clearly_worse(client, skien):
    html = client.get(reverse("core:municipality", args=["4003"])).content.decode()
    assert reverse("indicators:profile", args=["4003"]) in html
    assert "Tydelig dårligere enn både fylket og hele landet" in html


def test_the_municipality_page_without_figures_has_no_statistics_section(client, knowledge_base):
    MunicipalityFactory(number="4001", name="Porsgrunn")
    html = client.get(reverse("core:municipality", args=["4001"])).content.decode()
    assert reverse("indicators:profile", args=["4001"]) not in html


def test_a_district_profile_compares_with_its_municipality(client, knowledge_base):
    oslo = MunicipalityFactory(number="0301", name="Oslo", county_number="03")
    for code, name in (("030101", "Gamle Oslo"), ("030102", "Grünerløkka")):
        AreaFactory(municipality=oslo, kind="district", name=name, code=code, parent=None)
    from soslokal.indicators.services import import_run_start, observations_store, regions_load
    from soslokal.indicators.tidy import TidyRow

    regions_load()
    run = import_run_start(kind=ImportRun.Kind.TEMPLATE, what="t", who="test")
    observations_store(
        rows=[
            TidyRow("household_income", code, year, value)
            for code, year, value in [
                ("030101", "2023", 400000.0),
                ("030101", "2024", 410000.0),
                ("030102", "2024", 450000.0),
                ("0301", "2024", 500000.0),
                ("03", "2024", 500000.0),
                ("0", "2024", 560000.0),
            ]
        ],
        run=run,
        source="SSB 06944",
    )
    response = client.get(reverse("indicators:profile", args=["030101"]))
    assert response.status_code == 200
    profile = response.context["profile"]
    (item,) = list(profile.figures)
    assert [r.code for r, _, _, _ in item.around] == ["0301", "03", "0"]
    assert (item.figure.rank, item.figure.of) == (2, 2)
    assert item.figure.clearly_worse  # 410 000 against 500 000 and 560 000
    page = client.get(reverse("core:municipality", args=["0301"])).content.decode()
    assert reverse("indicators:profile", args=["030101"]) in page
    assert Region.objects.get(code="030101").parent_id == "0301"
    # A flag given instead of the county's figure is shown with its reason.
    Observation.objects.filter(region_id="03", period="2024").update(value=None, status=":")
    page = client.get(reverse("indicators:profile", args=["030101"])).content.decode()
    assert re.search(r"<li>[^<:]+: skjermet</li>", page)
    assert '<td class="number">skjermet</td>' in page


def test_the_catalogue_page_lists_every_indicator_with_its_source(client, knowledge_base):
    html = client.get(reverse("indicators:catalogue")).content.decode()
    assert "Trangboddhet" in html and "FHI 795" in html and "SSB 07459" in html
    assert Observation.objects.count() == 0
