from pathlib import Path

import pytest

from soslokal.framework.schema import parse_framework_text
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE
from soslokal.indicators.catalogue import CatalogueError, parse_catalogue_text
from soslokal.indicators.services import DEFAULT_CATALOGUE_FILE

TEXT = DEFAULT_CATALOGUE_FILE.read_text(encoding="utf-8")
DIMENSIONS = [
    d.id
    for d in parse_framework_text(
        DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"), origin="framework.yaml"
    ).dimensions
]
# DOMAIN.md §3 and the Telemark snapshot: every table the design names has an indicator.
TABLES = {
    ("SSB", t)
    for t in ("07459", "10826", "04362", "12944", "08764", "06944", "09429", "13556", "06070")
} | {("SSB", t) for t in ("09475", "08243", "13995")}
TABLES |= {("FHI", t) for t in ("366", "795", "805", "660", "507", "403", "337", "358")}


def read(text=TEXT):
    return parse_catalogue_text(text, origin="catalogue.yaml", dimension_ids=DIMENSIONS)


def test_the_shipped_catalogue_is_valid_and_covers_the_tables_of_the_design():
    catalogue = read()
    assert {(i.source.agency, i.source.table) for i in catalogue.indicators} >= TABLES
    for indicator in catalogue.indicators:
        assert set(indicator.name) == {"nb", "nn", "en"}
        assert set(indicator.dimensions) <= set(DIMENSIONS)


def test_every_indicator_of_the_telemark_snapshot_is_in_the_catalogue():
    from soslokal.indicators.telemark import SNAPSHOT

    ids = {i.id for i in read().indicators}
    assert {code for spec in SNAPSHOT for code in spec.indicators} <= ids


def test_problems_name_the_line_and_place_all_at_once():
    broken = TEXT.replace("unit: persons", "unit: people", 1).replace("[voice]", "[voices]", 1)
    with pytest.raises(CatalogueError) as caught:
        read(broken)
    problems = caught.value.problems
    assert any(
        p.startswith("line ") and "indicators[0].unit: 'people' is not one of" in p
        for p in problems
    )
    assert any("no framework dimension 'voices'" in p for p in problems)


def test_a_missing_translation_and_a_repeated_id_are_refused():
    broken = TEXT.replace('      nn: "Folketal"\n', "", 1).replace(
        "id: population_district", "id: population", 1
    )
    with pytest.raises(CatalogueError) as caught:
        read(broken)
    text = " ".join(caught.value.problems)
    assert "indicators[0].name: missing the nn text" in text
    assert "'population' appears more than once" in text


def test_a_yaml_syntax_error_names_line_and_column():
    with pytest.raises(CatalogueError) as caught:
        read("schema: 1\nindicators: [\n")
    assert caught.value.problems[0].startswith("line 3, column 1")


def test_the_checksum_is_stable_and_changes_with_the_content():
    assert read().checksum() == read().checksum()
    assert (
        read(TEXT.replace('version: "2026.1"', 'version: "2026.2"')).checksum() != read().checksum()
    )


def test_the_catalogue_file_is_shipped_with_the_package():
    assert Path(DEFAULT_CATALOGUE_FILE).is_file()
