import datetime as dt

import pytest

from soslokal.indicators.regions import (
    MERGED,
    RENUMBERED,
    SPLIT,
    CodeChange,
    Harmoniser,
    NameIndex,
    RegionFileError,
    RegionItem,
    level_of,
    normalise_code,
    parent_code,
    read_changes_csv,
    read_klass_csv,
    read_municipality_history,
)
from soslokal.indicators.services import (
    COUNTIES_FILE,
    MUNICIPALITIES_FILE,
    MUNICIPALITY_HISTORY_FILE,
    region_data_read,
)

Y2020, Y2024 = dt.date(2020, 1, 1), dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def shipped():
    return region_data_read()


@pytest.fixture(scope="module")
def harmoniser(shipped):
    return Harmoniser([r.code for r in shipped.regions], shipped.changes)


def test_klass_lists_357_municipalities_and_15_counties():
    municipalities = read_klass_csv(MUNICIPALITIES_FILE.read_bytes(), level="municipality")
    counties = read_klass_csv(COUNTIES_FILE.read_bytes(), level="county")
    assert len(municipalities) == 357  # 9999 "Uoppgitt" is not a region
    assert {m.code: m.name for m in municipalities}["4003"] == "Skien"
    assert {m.parent for m in municipalities} == {c.code for c in counties}
    assert len(counties) == 15


def test_a_klass_file_without_its_columns_is_refused():
    with pytest.raises(RegionFileError, match="line 1"):
        read_klass_csv(b"kode;navn\n4003;Skien\n", level="municipality")


def test_the_history_gives_the_2020_and_2024_changes():
    changes = read_municipality_history(MUNICIPALITY_HISTORY_FILE.read_text(encoding="utf-8"))
    assert CodeChange("0814", "3813", Y2020, "Bamble", "Bamble") in changes
    assert CodeChange("3813", "4012", Y2024, "Bamble", "Bamble") in changes
    assert CodeChange("0821", "3817", Y2020, "Bø (Telemark)", "Midt-Telemark") in changes
    # Holmestrand kept its number 3802 → 3903, Sande merged into it in 2020.
    assert CodeChange("0713", "3802", Y2020, "Sande (Vestfold)", "Holmestrand") in changes


def test_renumbered_codes_move_to_todays(harmoniser):
    assert harmoniser.resolve("0814") == (RENUMBERED, ("4012",), ())
    assert harmoniser.resolve("3813") == (RENUMBERED, ("4012",), ())
    assert harmoniser.resolve("4012").targets == ("4012",)


def test_merged_codes_name_every_part_of_the_merger(harmoniser):
    resolution = harmoniser.resolve("0821")
    assert resolution.kind == MERGED
    assert resolution.targets == ("4020",)
    assert {"0821", "0822"} <= set(resolution.parts)
    assert harmoniser.resolve("3817").kind == RENUMBERED  # Midt-Telemark itself, 2020–2023


def test_split_counties_are_flagged(harmoniser):
    assert harmoniser.resolve("38") == (SPLIT, ("39", "40"), ())
    assert harmoniser.resolve("30").targets == ("31", "32", "33")
    # Telemark (08) merged into 38, which split: no single region today.
    assert harmoniser.resolve("08").kind == SPLIT


def test_unknown_codes_resolve_to_nothing(harmoniser):
    assert harmoniser.resolve("9999") is None
    assert harmoniser.resolve("4099") is None


def test_codes_are_normalised_as_the_sources_write_them():
    assert normalise_code("K-4003") == "4003"
    assert normalise_code("00") == "0"
    assert normalise_code(" 40 ") == "40"
    assert normalise_code("F-40") == "40"
    assert level_of("030101") == "district"
    assert parent_code("4003") == "40" and parent_code("40") == "0" and parent_code("0") == ""
    with pytest.raises(ValueError):
        level_of("123")


def test_names_map_to_codes_including_names_with_years(shipped):
    names = NameIndex(shipped.regions, shipped.changes, county="40")
    assert names.code("Skien") == "4003"
    assert names.code("Telemark") == "40"
    assert names.code("Hele landet") == names.code("Landet") == "0"
    assert names.code("Bamble (-2019)") == "0814"
    assert names.code("Kragerø (1960-2019)") == "0815"
    assert names.code("Bamble (2020-2023)") == "3813"
    assert names.code("Bø (Telemark) (-2019)") == "0821"
    assert names.code("Midt-Telemark (2020-2023)") == "3817"
    assert names.code("Oslo") is None  # not in Telemark
    assert names.code("Atlantis") is None


def test_a_change_file_with_a_bad_date_names_the_line():
    text = "old_code;old_name;new_code;new_name;changed_on\n08;Telemark;38;VT;2020-13-01\n"
    with pytest.raises(RegionFileError, match="line 2"):
        read_changes_csv(text)


def test_a_code_renamed_to_itself_is_no_change():
    harmoniser = Harmoniser(["4003"], [CodeChange("4003", "4003", Y2024)])
    assert harmoniser.resolve("4003").kind == ""
    assert RegionItem("4003", "Skien", "municipality").valid_to is None
