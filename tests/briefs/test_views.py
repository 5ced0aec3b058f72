"""The builder from a planner's side: build, edit with LIX, publish, PDF; bad input; the
public pages; a published version that never changes."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from soslokal.briefs.models import Brief, BriefVersion
from soslokal.core.models import Area, Membership, Municipality
from soslokal.indicators.models import Observation
from tests.briefs.conftest import login

pytestmark = pytest.mark.django_db


def staff(name, municipality, *args):
    return reverse(f"briefs_staff:{name}", args=[municipality.number, *args])


def build(client, demo, gulset, **more):
    data = {"areas": [gulset.pk], "year_from": 2019, "year_to": 2026, "language": "nn", **more}
    return client.post(staff("brief_create", demo), data)


def test_build_edit_publish_and_read(client, demo, gulset, analyst):
    assert (
        staff("briefs", demo)
        in client.get(reverse("core:staff_municipality", args=[demo.number])).content.decode()
    )
    response = build(client, demo, gulset)
    brief = Brief.objects.exclude(is_demo=True).get()
    assert response.status_code == 302 and response["Location"] == staff("brief", demo, brief.pk)
    page = client.get(staff("brief", demo, brief.pk)).content.decode()
    assert 'lang="nn"' in page and "Tre ting å vite" in page  # the brief in nynorsk
    assert "Readability (LIX)" in page  # the interface stays in the user's language… (en)
    texts = dict(brief.texts)
    texts["thing2"] = "Folk på Gulset vil bli høyrde. Dei vil vere med å bestemme."
    response = client.post(staff("brief", demo, brief.pk), {"title": "Gulset i tal", **texts})
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.texts["thing2"].startswith("Folk på Gulset") and brief.title == "Gulset i tal"
    page = client.get(staff("brief", demo, brief.pk)).content.decode()
    # 12 words, 2 sentences, 1 long word (bestemme has 8 letters): 6 + 8.3 = 14.3
    assert re.search(r"Readability \(LIX\): 14 – 12 words in 2 sentences", page)
    assert client.post(staff("publish", demo, brief.pk)).status_code == 302
    version = BriefVersion.objects.get(brief=brief)
    url = reverse("briefs:version", args=[demo.number, brief.pk, 1])
    assert url == f"/briefs/4003/{brief.pk}/v1/"
    client.logout()
    public = client.get(url).content.decode()
    assert "Folk på Gulset vil bli høyrde" in public and "Gulset i tal" in public
    assert version.content["texts"]["thing2"].startswith("Folk på Gulset")
    assert client.get(reverse("briefs:latest", args=[demo.number, brief.pk])).url == url
    listing = client.get(reverse("briefs:municipality", args=[demo.number])).content.decode()
    assert url in listing
    assert url in client.get(reverse("core:municipality", args=[demo.number])).content.decode()


def test_every_figure_on_the_public_page_links_to_its_source(client, demo):
    version = BriefVersion.objects.get(brief__is_demo=True)
    page = client.get(
        reverse("briefs:version", args=[demo.number, version.brief_id, version.number])
    ).content.decode()
    links = re.findall(r'<a class="ds-link figure-link" href="([^"]+)">([^<]+)</a>', page)
    assert len(links) > 20
    for href, text in links:
        assert re.search(r"\d", text), text
        path, _sep, anchor = href.partition("#")
        target = client.get(path.replace("&amp;", "&"))
        assert target.status_code == 200, href
        assert f'id="{anchor}"' in target.content.decode(), href
    refs = set(re.findall(r'href="#brief-source-(\d+)"', page))
    assert refs and all(f'id="brief-source-{ref}"' in page for ref in refs)
    # Sources in English, in a brief in bokmål, are marked so for screen readers.
    assert re.search(r'id="brief-source-\d+"><span lang="en">', page)


def test_a_published_version_never_changes(client, demo, gulset, analyst):
    build(client, demo, gulset)
    brief = Brief.objects.exclude(is_demo=True).get()
    client.post(staff("publish", demo, brief.pk))
    first = BriefVersion.objects.get(brief=brief).content["challenges"][0]
    observation = (
        Observation.objects.get(
            indicator_id=first["code"], region_id="4003", period=first["period"], breakdown=""
        )
        if Observation.objects.filter(
            indicator_id=first["code"], region_id="4003", period=first["period"], breakdown=""
        ).exists()
        else Observation.objects.filter(
            indicator_id=first["code"], region_id="4003", period=first["period"]
        ).get(value=first["raw"])
    )
    observation.value = 99.5
    observation.save()
    url = reverse("briefs:version", args=[demo.number, brief.pk, 1])
    page = client.get(url).content.decode()
    assert first["value"] in page and "99,5" not in page
    draft = client.get(staff("brief", demo, brief.pk)).content.decode()
    assert "99,5" in draft  # the draft shows today's data
    client.post(staff("publish", demo, brief.pk))
    assert (
        "99,5"
        in client.get(reverse("briefs:version", args=[demo.number, brief.pk, 2])).content.decode()
    )
    old = client.get(url).content.decode()
    assert "99,5" not in old and "A newer version of this brief has been published." in old


def test_the_pdf_has_the_pages_headings_and_numbers(client, demo):
    version = BriefVersion.objects.get(brief__is_demo=True)
    response = client.get(
        reverse("briefs:version_pdf", args=[demo.number, version.brief_id, version.number])
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert 2 <= len(reader.pages) <= 5
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    content = version.content
    for heading in ["Tre ting å vite", "Utfordringar", "Innbyggjarane si stemme", "Kjelder"]:
        assert heading in flat
    for item in content["challenges"]:
        assert item["value"].replace("\u00a0", " ") in flat.replace("\u00a0", " ")
    assert content["voices"]["respondents"] in flat
    assert f"Versjon {version.number}" in flat


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"areas": []}, "Choose at least one area."),
        ({"areas": ["999999"]}, "Select a valid choice."),
        ({"year_from": 2026, "year_to": 2020}, "The last year cannot come before the first."),
        ({"year_to": 3000}, "Give a year no later than"),
        ({"language": "sv"}, "Select a valid choice."),
        ({"dimensions": ["nope"]}, "Select a valid choice."),
        ({"year_from": "x"}, "Enter a whole number."),
    ],
)
def test_bad_input_gives_a_message_and_builds_nothing(client, demo, gulset, analyst, data, message):
    response = build(client, demo, gulset, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Brief.objects.exclude(is_demo=True).exists()


def test_an_area_of_another_municipality_is_no_choice(client, demo, gulset, analyst):
    porsgrunn = Area.objects.get(municipality__number="4001", kind="municipality")
    response = build(client, demo, gulset, areas=[porsgrunn.pk])
    assert response.status_code == 400 and not Brief.objects.exclude(is_demo=True).exists()


def test_too_long_text_is_refused_and_nothing_changes(client, demo, analyst):
    brief = Brief.objects.get(is_demo=True)
    before = dict(brief.texts)
    response = client.post(
        staff("brief", demo, brief.pk), {"title": brief.title, **before, "voices": "ord " * 600}
    )
    assert response.status_code == 400 and "This text is too long" in response.content.decode()
    brief.refresh_from_db()
    assert brief.texts == before


def test_viewers_read_but_do_not_write_and_others_see_nothing(client, demo):
    brief = Brief.objects.get(is_demo=True)
    login(client, demo, Membership.Role.VIEWER)
    assert client.get(staff("brief", demo, brief.pk)).status_code == 200
    assert client.post(staff("publish", demo, brief.pk)).status_code == 403
    assert client.post(staff("brief", demo, brief.pk), {"title": "x"}).status_code == 403
    assert client.get(staff("brief_create", demo)).status_code == 403
    porsgrunn = Municipality.objects.get(number="4001")
    assert client.get(staff("brief", porsgrunn, brief.pk)).status_code == 404
    assert client.get(staff("brief", demo, 999999)).status_code == 404


def test_unknown_public_addresses_are_not_found(client, demo):
    brief = Brief.objects.get(is_demo=True)
    assert client.get(f"/briefs/4003/{brief.pk}/v9/").status_code == 404
    assert client.get(f"/briefs/4001/{brief.pk}/v1/").status_code == 404
    assert client.get("/briefs/9999/").status_code == 404
    assert client.get(f"/briefs/4003/{brief.pk + 100}/").status_code == 404


def test_the_command_writes_a_pdf_and_html(demo, tmp_path):
    out = io.StringIO()
    call_command(
        "briefs",
        "render",
        "--area",
        "4003:Gulset",
        "--lang",
        "nn",
        "--pdf",
        str(tmp_path / "b.pdf"),
        "--html",
        str(tmp_path / "b.html"),
        stdout=out,
    )
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "b.html").read_text()
    assert 'lang="nn"' in html and "Tre ting å vite" in html
    assert ".sources li { overflow-wrap: anywhere; }" in html  # the PDF's styles, inside
    assert "body { max-width: 46rem;" in html  # and those for a screen
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    assert "Gulset: dette veit vi" in text
    with pytest.raises(CommandError, match="There is no area '9999'"):
        call_command("briefs", "render", "--area", "9999", "--pdf", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="one municipality"):
        call_command("briefs", "render", "--area", "4003", "--area", "4001", "--pdf", "x.pdf")
    with pytest.raises(CommandError, match="Unknown dimension"):
        call_command("briefs", "render", "--area", "4003", "--dimension", "x", "--pdf", "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
