import pytest

from soslokal.indicators.importing import TELEMARK_DIR, telemark_names
from soslokal.indicators.telemark import SNAPSHOT, SnapshotFile, read_snapshot_file
from soslokal.indicators.tidy import ImportProblems


@pytest.fixture(scope="module")
def names():
    return telemark_names()


def rows_of(filename, names):
    spec = next(s for s in SNAPSHOT if s.filename == filename)
    return read_snapshot_file(spec, (TELEMARK_DIR / filename).read_bytes(), names)


def test_every_snapshot_file_is_shipped_with_its_sources():
    shipped = {path.name for path in TELEMARK_DIR.glob("*.csv")}
    assert {spec.filename for spec in SNAPSHOT} == shipped
    sources = (TELEMARK_DIR / "SOURCES.md").read_text()
    for spec in SNAPSHOT:
        assert spec.filename in sources


@pytest.mark.parametrize("spec", SNAPSHOT, ids=lambda s: s.filename)
def test_every_snapshot_file_reads_with_codes_for_names(spec, names):
    rows = read_snapshot_file(spec, (TELEMARK_DIR / spec.filename).read_bytes(), names)
    assert rows
    assert {row.indicator for row in rows} <= set(spec.indicators)
    assert all(row.region.isdigit() for row in rows)


def test_fractions_become_percentages_and_flags_stay_flags(names):
    child = {(r.region, r.period): r.value for r in rows_of("child_welfare_measures.csv", names)}
    assert child[("0", "2015")] == pytest.approx(4.3)
    low = rows_of("low_income_by_immigrant_category.csv", names)
    assert any(r.value is None and r.status == ":" for r in low)
    crowded = rows_of("crowded_housing.csv", names)
    assert {r.breakdown for r in crowded} == {"", "background=immigrants"}


def test_periods_come_from_headers_and_columns(names):
    assert {r.period for r in rows_of("persistent_low_income_all_2021_2023.csv", names)} == {
        "2021-2023"
    }
    assert "2023/24-2025/26" in {r.period for r in rows_of("school_wellbeing_grade10.csv", names)}
    landet = [r for r in rows_of("turnout_local_election_2023.csv", names) if r.region == "0"]
    assert landet and landet[0].period == "2023"


def test_population_totals_are_the_sum_of_the_age_bands(names):
    rows = rows_of("population_by_age.csv", names)
    total = next(r for r in rows if (r.region, r.period, r.breakdown) == ("40", "2026", ""))
    assert total.value == 177923
    assert {r.breakdown for r in rows if r.region == "40" and r.period == "2026"} >= {
        "age=0",
        "age=1-5",
        "age=90+",
    }


def test_education_names_with_years_map_to_the_codes_of_their_time(names):
    rows = rows_of("education_level.csv", names)
    regions = {r.region for r in rows}
    assert {"0814", "3813", "4012", "0821", "0822", "3817", "4020"} <= regions
    bamble = next(
        r
        for r in rows
        if (r.indicator, r.region, r.period, r.breakdown)
        == ("education_higher", "4012", "2024", "")
    )
    assert bamble.value == pytest.approx(20.6 + 4.4, abs=5)  # short + long university level


def test_an_unknown_name_is_named_with_its_line(names):
    spec = next(s for s in SNAPSHOT if s.filename == "neet_young_2024.csv")
    data = b"Kommune,Andel (2024),Label\nSkien,11.5,Skien\nAtlantis,3.0,Atlantis\n"
    with pytest.raises(ImportProblems) as caught:
        read_snapshot_file(spec, data, names)
    assert caught.value.problems == ["line 3: no region is called 'Atlantis'"]


def test_a_file_in_the_wrong_layout_names_the_line(names):
    spec = SnapshotFile("x.csv", "FHI 1", ("child_welfare",), SNAPSHOT[12].adapter)
    data = "Geografi,År,Andel\nSkien,2015-01-01,0.04\nSkien,2016-01-01,fire\n".encode()
    with pytest.raises(ImportProblems, match=r"x\.csv, line 3: 'fire' is not a number"):
        read_snapshot_file(spec, data, names)
    with pytest.raises(ImportProblems, match="no column"):
        read_snapshot_file(spec, b"Sted,Tall\nSkien,1\n", names)
