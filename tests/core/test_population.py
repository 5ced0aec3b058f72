import pytest

from soslokal.core.population import PopulationFileError, parse_age_band, read_population_csv

HEADER = "region,alder,statistikkvariabel,år,value"


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("0 år", (0, 0)),
        ("1-5 år", (1, 5)),
        ("67-79 år", (67, 79)),
        ("90 år eller eldre", (90, None)),
    ],
)
def test_age_bands_are_read_as_ssb_writes_them(text, band):
    assert parse_age_band(text) == band


@pytest.mark.parametrize("text", ["", "alle aldre", "5-1 år", "år"])
def test_a_malformed_age_band_is_refused(text):
    with pytest.raises(ValueError):
        parse_age_band(text)


def test_only_the_asked_region_is_read():
    lines = [HEADER, "Skien,0 år,Personer,2026,471", "Porsgrunn,0 år,Personer,2026,300"]
    rows = read_population_csv(lines, region="Skien")
    assert [(r.region, r.year, r.age_from, r.age_to, r.count) for r in rows] == [
        ("Skien", 2026, 0, 0, 471)
    ]


def test_a_bad_count_names_its_line():
    lines = [HEADER, "Skien,0 år,Personer,2026,471", "Skien,1-5 år,Personer,2026,many"]
    with pytest.raises(PopulationFileError, match="line 3"):
        read_population_csv(lines, region="Skien")


def test_missing_columns_are_named():
    with pytest.raises(PopulationFileError, match="line 1"):
        read_population_csv(["kommune,antall", "Skien,3"], region="Skien")


def test_a_region_without_rows_is_an_error():
    with pytest.raises(PopulationFileError, match="no rows"):
        read_population_csv([HEADER, "Skien,0 år,Personer,2026,471"], region="Bamble")
