"""A catalogue file written by a person: what it may not hold, and values kept as written."""

import pytest
from django.core.management import CommandError, call_command

from soslokal.indicators.catalogue import (
    MAX_LENGTHS,
    CatalogueError,
    parse_catalogue_file,
    parse_catalogue_text,
)
from soslokal.indicators.models import CatalogueVersion, Indicator
from soslokal.indicators.services import catalogue_load_file

BASE = """schema: 1
version: "local-1"
indicators:
  - id: local_green_space
    name: {nb: "Grøntareal", nn: "Grøntareal", en: "Green space"}
    definition: {nb: "Andel", nn: "Del", en: "Share"}
    unit: percent
    decimals: 1
    direction: higher_better
    additive: false
    dimensions: [housing]
    sdg_targets: ["11.7"]
    levels: [municipality, district]
    source:
      agency: local
      table: "GS1"
      url: "https://example.org"
"""
BREAKDOWN = """      breakdowns:
        - dimension: INNVKAT
          key: background
          total: 0
          categories: {0: total, 1: immigrants}
"""
LAUGHS = (
    'lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
)


def read(text):
    return parse_catalogue_text(text, origin="local.yaml", dimension_ids=["housing"])


def problems_of(text):
    with pytest.raises(CatalogueError) as caught:
        read(text)
    return caught.value.problems


def test_the_small_catalogue_is_valid():
    assert read(BASE).indicators[0].source.table == "GS1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (LAUGHS + BASE, "line 1: anchors and aliases (& and *) are not allowed in this file"),
        (
            LAUGHS + BASE.replace('url: "https://example.org"', "url: *l9"),
            "line 1: anchors and aliases",
        ),
        (BASE.replace('url: "https://example.org"', "url: &r [*r]"), "line 17: anchors and"),
        (BASE.replace("decimals: 1", "decimals: !!int abc"), "line 8: tags such as !!int"),
        (BASE.replace("decimals: 1", "decimals: !!float abc"), "line 8: tags such as !!float"),
        (BASE.replace('table: "GS1"', "table: !foo GS1"), "line 16: tags such as !foo"),
        (
            BASE.replace("decimals: 1", "decimals: " + "9" * 5000),
            "line 8: indicators[0].decimals: expected a whole number from 0 to 4",
        ),
        (
            BASE.replace('url: "https://example.org"', "url: " + "[" * 5000 + "]" * 5000),
            "line 17: nested more than 50 levels deep",
        ),
        (
            BASE.replace("    unit: percent", "    unit: percent\n    unit: persons"),
            "line 8: the key 'unit' appears twice, on line 7 and on line 8",
        ),
        (
            BASE.replace("    unit: percent", "    unit: percent\n    unti: persons"),
            "line 8: indicators[0]: unknown key 'unti' (did you mean 'unit'?); the keys allowed "
            "here are id, name, definition,",
        ),
        (
            BASE.replace('      table: "GS1"', '      table: "GS1"\n      colour: green'),
            "line 17: indicators[0].source: unknown key 'colour'",
        ),
        (BASE.replace('version: "local-1"\n', ""), "line 1: version: missing"),
        (
            BASE.replace('version: "local-1"', 'version: "' + "v" * 100 + '"'),
            "line 2: version: 100 characters long; at most 40 are kept",
        ),
        (
            BASE.replace('table: "GS1"', 'table: "' + "x" * 100 + '"'),
            "line 16: indicators[0].source.table: 100 characters long; at most 20 are kept",
        ),
        (
            BASE.replace("https://example.org", "not an address"),
            "line 17: indicators[0].source.url: expected an address such as https://",
        ),
        (
            BASE.replace("additive: false", "additive: no"),
            "line 10: indicators[0].additive: expected true or false, not 'no'",
        ),
        (
            BASE.replace("decimals: 1", 'decimals: "1"'),
            "line 8: indicators[0].decimals: expected a whole number from 0 to 4, written without",
        ),
        ("", "line 1: the file is empty"),
        (
            BASE.replace("Green space", "Green\\0space"),  # "\0" in quotes: a NUL character
            "line 5: a text holds the control character U+0000",
        ),
    ],
    ids=[
        "billion-laughs-unused",
        "billion-laughs-url",
        "recursive-alias",
        "int-tag",
        "float-tag",
        "unknown-tag",
        "5000-digits",
        "5000-deep",
        "duplicate-key",
        "misspelt-key",
        "unknown-source-key",
        "no-version",
        "long-version",
        "long-table",
        "not-an-address",
        "yes-no",
        "quoted-number",
        "empty",
        "nul",
    ],
)
def test_a_bad_catalogue_is_refused_with_line_and_problem(text, expected):
    problems = problems_of(text)
    assert any(expected in problem for problem in problems), problems


def test_a_catalogue_without_version_is_refused_with_its_other_problems():
    text = BASE.replace('version: "local-1"\n', "").replace("unit: percent", "unit: percents")
    problems = problems_of(text)
    assert "line 1: version: missing" in problems
    assert any("indicators[0].unit: 'percents' is not one of" in p for p in problems)


def table(catalogue):
    return catalogue.indicators[0].source.table


def targets(catalogue):
    return catalogue.indicators[0].sdg_targets


def version(catalogue):
    return catalogue.version


@pytest.mark.parametrize(
    ("before", "after", "field", "kept"),
    [
        ('table: "GS1"', "table: 04362", table, "04362"),  # YAML 1.1: the octal number 2290
        ('sdg_targets: ["11.7"]', "sdg_targets: [16.10, 11.7]", targets, ["16.10", "11.7"]),
        ('version: "local-1"', "version: 1.10", version, "1.10"),
        ('version: "local-1"', "version: 2026-01-01", version, "2026-01-01"),
    ],
    ids=["octal-looking-table", "sdg-16.10", "version-1.10", "version-date"],
)
def test_values_are_kept_as_written(before, after, field, kept):
    assert field(read(BASE.replace(before, after))) == kept


def test_a_total_written_as_0_stays_the_total_category():
    (breakdown,) = read(BASE + BREAKDOWN).indicators[0].source.breakdowns
    assert breakdown.total == "0"
    assert breakdown.categories == {"0": "total", "1": "immigrants"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (BASE.encode("cp1252"), "line 5: not UTF-8 text (a byte 0xF8)"),
        (("\ufeff" + BASE).encode("utf-16-le"), "line 1: the file is UTF-16 text"),
    ],
    ids=["cp1252", "utf-16"],
)
def test_a_file_that_is_not_utf8_is_a_catalogue_error(tmp_path, data, expected):
    path = tmp_path / "local.yaml"
    path.write_bytes(data)
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_file(path, dimension_ids=["housing"])
    assert caught.value.origin == "local.yaml"
    assert caught.value.problems[0].startswith(expected)


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(BASE, encoding="utf-8-sig")
    assert parse_catalogue_file(path).version == "local-1"


def test_the_length_limits_are_the_database_columns():
    assert MAX_LENGTHS["version"] == CatalogueVersion._meta.get_field("version").max_length
    for name in ("table", "headline"):
        assert MAX_LENGTHS[name] == Indicator._meta.get_field(name).max_length
    assert MAX_LENGTHS["url"] == Indicator._meta.get_field("source_url").max_length


# Nothing is stored --------------------------------------------------------------------------


def counts():
    return Indicator.objects.count(), CatalogueVersion.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        LAUGHS + BASE.replace('url: "https://example.org"', "url: *l5"),
        BASE.replace('table: "GS1"', 'table: "' + "x" * 100 + '"'),
        BASE.replace('version: "local-1"\n', ""),
        BASE.replace("    unit: percent", "    unit: percent\n    unit: persons"),
        BASE.replace("decimals: 1", "decimals: !!int seven"),
    ],
    ids=["alias", "long-table", "no-version", "duplicate-key", "tag"],
)
def test_a_bad_catalogue_stores_nothing(framework, tmp_path, text):
    catalogue_load_file()
    before = counts()
    path = tmp_path / "local.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError):
        catalogue_load_file(path=path)
    with pytest.raises(CommandError, match=r"nothing changed\.\n  local\.yaml, line \d+: "):
        call_command("indicators", "catalogue", str(path))
    assert counts() == before
