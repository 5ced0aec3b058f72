"""What a browser downloads: only the Designsystemet CSS the templates use, no script unless a
page asks for one, and pages compressed with gzip."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.urls import reverse

PROJECT = Path(__file__).resolve().parent.parent
SOURCES = PROJECT / "soslokal"
# A ds- class name, not a custom property such as --ds-size-2.
DS_CLASS = re.compile(r"(?<![\w-])ds-[a-z][a-z0-9-]*")


def templates_text():
    return "\n".join(path.read_text() for path in SOURCES.glob("**/templates/**/*.html"))


def classes_used():
    """Every ds- class in a template or set from Python code (form widgets)."""
    python = "\n".join(path.read_text() for path in SOURCES.glob("**/*.py"))
    return set(DS_CLASS.findall(templates_text())) | set(DS_CLASS.findall(python))


def served_css(client):
    """The text of every stylesheet the base layout links to."""
    html = client.get(reverse("core:home")).content.decode()
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(hrefs) >= 2, html
    texts = []
    for href in hrefs:
        found = finders.find(href.removeprefix(settings.STATIC_URL))
        assert found, f"{href} is missing: run `make assets`"
        texts.append(Path(found).read_text())
    return "\n".join(texts)


@pytest.mark.django_db
def test_every_designsystemet_class_in_use_is_in_the_served_css(client):
    used = classes_used()
    assert {"ds-button", "ds-input", "ds-sr-only", "ds-table"} <= used
    defined = {
        name.removeprefix(".") for name in re.findall(r"\.ds-[a-z][a-z0-9-]*", served_css(client))
    }
    missing = used - defined
    assert not missing, f"add their components to DS_COMPONENTS in the Makefile: {sorted(missing)}"


@pytest.mark.django_db
def test_the_full_component_library_is_not_served(client):
    css = served_css(client)
    assert ".ds-button" in css
    # Components no template uses stay out (combobox, dialog and tabs stand for them all).
    assert ".ds-combobox" not in css
    assert ".ds-dialog" not in css
    assert ".ds-tabs" not in css


@pytest.mark.django_db
def test_every_colour_in_use_is_in_the_served_theme(client):
    text = templates_text()
    # base.html shows messages in the colour named by their level; error becomes danger.
    colours = set(re.findall(r'data-color="([a-z0-9-]+)"', text)) | {"info", "success", "warning"}
    schemes = set(re.findall(r'data-color-scheme="([a-z]+)"', text))
    assert schemes == {"light"}, "the theme is built without the dark scheme (Makefile)"
    css = served_css(client)
    missing = {f"[data-color={colour}]" for colour in colours} | {
        f"[data-color-scheme={scheme}]" for scheme in schemes
    }
    missing = {selector for selector in missing if selector not in css}
    assert not missing, missing


@pytest.mark.django_db
def test_pages_load_no_script_by_default(client):
    html = client.get(reverse("core:home")).content.decode()
    assert "<script" not in html


def test_a_page_can_still_load_htmx():
    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block scripts %}{% include "_htmx.html" %}{% endblock %}'
    )
    html = template.render({"site_languages": []})
    script = re.search(r'<script src="([^"]+)" defer></script>', html)
    assert script, html
    assert finders.find(script.group(1).removeprefix(settings.STATIC_URL)), "run `make assets`"
    assert '"allowEval": false' in html


@pytest.mark.django_db
def test_pages_are_sent_gzip_compressed_to_browsers_that_accept_it(client):
    response = client.get(reverse("core:home"), headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)
    plain = client.get(reverse("core:home"))
    assert not plain.has_header("Content-Encoding")
