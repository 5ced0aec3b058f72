"""A framework file written by a person (YAML) or exported by another installation (JSON):
what it may not hold, and that a refused file changes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from soslokal.framework.models import Dimension, FrameworkVersion, PlaceTheme, SdgTarget
from soslokal.framework.schema import (
    MAX_LENGTHS,
    FrameworkFileError,
    parse_framework_text,
)
from soslokal.framework.selectors import framework_document
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE

YAML = DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8")
LAUGHS = (
    'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
)


def line_of(text, fragment):
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems_of(text):
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework_text(text, origin="framework.yaml")
    return caught.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAUGHS + YAML, "line 1: anchors and aliases (& and *) are not allowed in this file"),
        (
            YAML.replace('url: "https://doi.org/10.1002/sd.417"', "url: &r [*r]"),
            f"line {line_of(YAML, 'sd.417')}: anchors and aliases",
        ),
        (YAML.replace("schema: 1", "schema: !!int 1"), "line 13: tags such as !!int"),
        (YAML.replace("schema: 1", "schema: !foo 1"), "line 13: tags such as !foo"),
        (
            YAML.replace("schema: 1", "schema: 1\nschema: 1"),
            "line 14: the key 'schema' appears twice, on line 13 and on line 14",
        ),
        (
            YAML.replace("schema: 1", "schema: 1\nverison: x"),
            "line 14: document: unknown key 'verison' (did you mean 'version'?)",
        ),
        (YAML.replace("\n  - number: 1\n", "\n  - number: -1\n"), "themes[0].number: expected"),
        (YAML.replace("schema: 1", "schema: 1\nnested: " + "[" * 5000 + "]" * 5000), "nested"),
    ],
    ids=[
        "billion-laughs",
        "recursive-alias",
        "int-tag",
        "unknown-tag",
        "duplicate-key",
        "misspelt-key",
        "negative-theme",
        "5000-deep",
    ],
)
def test_a_bad_yaml_framework_is_refused_with_line_and_problem(text, expected):
    problems = problems_of(text)
    assert any(expected in problem for problem in problems), problems


def test_version_title_and_summary_are_checked_with_the_other_problems():
    text = YAML.replace('version: "2026.1"\n', "").replace("\ntitle:\n", "\ntitel:\n")
    text = text.replace("\nsummary:", "\nsummary_:").replace("group: movement", "group: moving", 1)
    problems = " | ".join(problems_of(text))
    assert "version: missing" in problems
    assert "title: missing" in problems and "summary: missing" in problems
    assert "unknown key 'titel' (did you mean 'title'?)" in problems
    assert "'moving' is not one of movement" in problems


def test_sdg_targets_are_kept_as_written():
    sixteen_ten = YAML.replace('sdg_targets: ["16.7", "16.10"', "sdg_targets: [16.7, 16.10")
    assert sixteen_ten != YAML
    document = parse_framework_text(sixteen_ten, origin="framework.yaml")
    assert any("16.10" in dimension.sdg_targets for dimension in document.dimensions)


def test_the_length_limits_are_the_database_columns():
    assert MAX_LENGTHS["version"] == FrameworkVersion._meta.get_field("version").max_length
    assert MAX_LENGTHS["theme_id"] == PlaceTheme._meta.get_field("slug").max_length
    assert MAX_LENGTHS["dimension_id"] == Dimension._meta.get_field("slug").max_length
    assert MAX_LENGTHS["former_name_en"] == (
        PlaceTheme._meta.get_field("former_name_en").max_length
    )


# framework import (JSON) and load (YAML): nothing stored on any problem -----------------------


def counts():
    models = (FrameworkVersion, PlaceTheme, SdgTarget, Dimension)
    return [model.objects.count() for model in models]


@pytest.fixture
def exported(framework):
    """The framework in force, as ``soslokal framework export`` writes it."""
    return framework_document().to_dict()


def change(data, how):
    how(data)
    return data


BROKEN_JSON = {
    "sources-a-number": (
        lambda d: d["dimensions"][0].update(sources=5),
        "dimensions[0].sources: expected a list",
    ),
    "theme-minus-one": (
        lambda d: d["themes"][0].update(number=-1),
        "themes[0].number: expected a whole number from 1 to 999",
    ),
    "order-10-to-the-20": (
        lambda d: d["dimensions"][0].update(order=10**20),
        "dimensions[0].order: expected a whole number from 1 to 999",
    ),
    "order-a-text": (
        lambda d: d["dimensions"][0].update(order="1"),
        "dimensions[0].order: expected a whole number",
    ),
    "no-version": (lambda d: d.pop("version"), "version: missing"),
    "no-title": (lambda d: d.pop("title"), "title: missing"),
    "long-version": (
        lambda d: d.update(version="v" * 100),
        "version: 100 characters long; at most 40 are kept",
    ),
    "long-dimension-id": (
        lambda d: d["dimensions"][0].update(id="a" * 41),
        "dimensions[0].id: 41 characters long; at most 40 are kept",
    ),
    "sdg-target-a-mapping": (
        lambda d: d["dimensions"][0]["sdg_targets"].append({"code": "1.4"}),
        "dimensions[0].sdg_targets: expected a non-empty text",
    ),
    "unknown-key": (
        lambda d: d["sources"][0].update(uri="x"),
        "sources[0]: unknown key 'uri' (did you mean 'url'?)",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BROKEN_JSON, ids=list(BROKEN_JSON))
def test_a_bad_json_import_says_what_is_wrong_and_stores_nothing(exported, tmp_path, case):
    how, expected = BROKEN_JSON[case]
    before = counts()
    path = tmp_path / "adapted.json"
    path.write_text(json.dumps(change(exported, how)), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing changed") as caught:
        call_command("framework", "import", str(path))
    assert f"adapted.json: {expected}" in str(caught.value)
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"schema": 1, "version": "\\ud83d"}', "a text holds half a character"),
        ('{"schema": 1, "schema": 1}', "the key 'schema' appears twice in one object"),
        ('{"schema": NaN}', "NaN is not a number"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 50 levels deep"),
        ('{"schema": 1,\n}', "line 2, column 1: not valid JSON"),
        ("", "line 1, column 1: not valid JSON"),
    ],
    ids=["lone-surrogate", "duplicate-key", "nan", "deep", "trailing-comma", "empty"],
)
def test_json_the_reader_refuses_stores_nothing(framework, tmp_path, text, expected):
    assert_refused("import", tmp_path / "adapted.json", text, expected)


def assert_refused(command, path, text, expected):
    """``soslokal framework COMMAND`` refuses the file, says ``expected`` and stores nothing."""
    before = counts()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing changed") as caught:
        call_command("framework", command, str(path))
    assert expected in str(caught.value)
    assert counts() == before


@pytest.mark.django_db
def test_an_ascii_only_export_with_tabs_and_escaped_emoji_is_imported(exported, tmp_path):
    exported["version"] = "2026.2"
    exported["title"]["nb"] += " 😀"
    path = tmp_path / "adapted.json"
    path.write_text(json.dumps(exported, indent="\t", ensure_ascii=True), encoding="utf-8")
    assert "\\ud83d\\ude00" in path.read_text() and "\n\t" in path.read_text()
    call_command("framework", "import", str(path))
    assert FrameworkVersion.objects.first().title["nb"].endswith(" 😀")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAUGHS.replace("lol9:", "former:") + YAML, "line 1: anchors and aliases"),
        (YAML.replace('version: "2026.1"\n', ""), "version: missing"),
        (YAML.replace("  - number: 1\n", "  - number: !!int seven\n"), "tags such as !!int"),
    ],
    ids=["alias", "no-version", "tag"],
)
def test_a_bad_yaml_load_stores_nothing(framework, tmp_path, text, expected):
    assert_refused("load", tmp_path / "framework.yaml", text, expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [YAML.encode("cp1252"), ("\ufeff" + YAML).encode("utf-16-le")],
    ids=["cp1252", "utf-16"],
)
def test_a_yaml_file_that_is_not_utf8_is_refused_with_its_line(framework, tmp_path, data):
    before = counts()
    path = tmp_path / "framework.yaml"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=r"framework\.yaml: line \d+: .*UTF-"):
        call_command("framework", "load", str(path))
    assert counts() == before
