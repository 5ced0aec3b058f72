import json

import pytest

from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, SdgTarget
from soslokal.framework.schema import FrameworkFileError, parse_framework_text
from soslokal.framework.selectors import framework_document
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load, framework_load_file

pytestmark = pytest.mark.django_db


def counts():
    return (
        Dimension.objects.count(),
        PlaceTheme.objects.count(),
        SdgTarget.objects.count(),
        FrameworkVersion.objects.count(),
    )


def test_loading_the_same_file_twice_changes_nothing():
    first = framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    before = counts()
    second = framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    assert first.changed and not second.changed
    assert counts() == before
    assert before[:2] == (8, 14)


def test_export_then_import_gives_back_the_same_framework():
    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    exported = framework_document()
    assert exported == parse_framework_text(DEFAULT_FRAMEWORK_FILE.read_text(), origin="yaml")
    text = json.dumps(exported.to_dict(), ensure_ascii=False)
    again = parse_framework_text(text, origin="export.json")
    assert again == exported
    assert not framework_load(document=again, origin="export.json").changed


def test_an_adapted_framework_replaces_the_one_in_force():
    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    data = framework_document().to_dict()
    data["version"] = "2026.1-skien"
    data["dimensions"][0]["name"]["nn"] = "Lik tilgang for alle"
    data["dimensions"][0]["themes"] = [1, 2]
    data["dimensions"] = [d for d in data["dimensions"] if d["id"] != "adapt"]
    for dimension in data["dimensions"]:
        if dimension["id"] == "access":
            dimension["themes"] = [1, 2, 5, 6, 7, 8]
    result = framework_load(document=parse_framework_text(json.dumps(data), origin="a"), origin="a")
    assert result.changed
    assert result.version.version == "2026.1-skien"
    access = Dimension.objects.get(slug="access")
    assert access.names["nn"] == "Lik tilgang for alle"
    assert sorted(access.themes.values_list("number", flat=True)) == [1, 2, 5, 6, 7, 8]
    assert not Dimension.objects.filter(slug="adapt").exists()


def test_a_broken_document_changes_nothing():
    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    before = counts()
    data = framework_document().to_dict()
    data["dimensions"][0]["sdg_targets"].append("99.9")
    with pytest.raises(FrameworkFileError):
        parse_framework_text(json.dumps(data), origin="broken.json")
    assert counts() == before
