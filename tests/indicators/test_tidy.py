import datetime as dt
import io
from collections import Counter

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from soslokal.indicators.catalogue import BreakdownSpec, SourceSpec
from soslokal.indicators.regions import SUMMED, CodeChange, Harmoniser
from soslokal.indicators.tidy import (
    ImportProblems,
    TidyColumns,
    TidyRow,
    check_breakdown,
    dataset_rows,
    harmonise,
    harmonise_parts,
    parse_number,
    parse_period,
    read_template_csv,
    read_template_xlsx,
)
from tests.indicators.conftest import jsonstat_document, population_document

SSB = SourceSpec(agency="SSB", table="07459", query={"ContentsCode": ["Personer1"]})


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2024", "2024", 2024, 2024),
        ("2015-01-01", "2015", 2015, 2015),
        ("2021-2023", "2021-2023", 2021, 2023),
        ("2022_2024", "2022-2024", 2022, 2024),
        ("2023/24", "2023/24", 2023, 2023),
        ("2014/15-2016/17", "2014/15-2016/17", 2014, 2016),
        ("2024M03", "2024M03", 2024, 2024),
        ("2024K4", "2024K4", 2024, 2024),
        ("2024-2024", "2024", 2024, 2024),
        ("2024/2025", "2024/25", 2024, 2024),
        ("1999/00", "1999/00", 1999, 1999),
    ],
)
def test_periods_as_the_sources_write_them(text, label, start, end):
    assert parse_period(text) == (label, start, end)


@pytest.mark.parametrize(
    "text",
    [
        *("", "24", "2023-2021", "year 2024", "2024-13", "2024M13", "2024M00", "2024K9"),
        *("2024H3", "2024/99", "2024/2026", "2014/15-2016/18"),
    ],
)
def test_what_is_not_a_period(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_numbers_as_people_type_them():
    assert parse_number("12,5") == 12.5
    assert parse_number("1 234") == 1234
    assert parse_number("1\u00a0234,5") == 1234.5
    for bad in ("1.234,5", "12 %", "nan", "inf", "", "tolv"):
        with pytest.raises(ValueError):
            parse_number(bad)


def test_breakdowns_are_sorted_and_checked():
    assert check_breakdown("sex=female;age=0-17") == "age=0-17;sex=female"
    assert check_breakdown("") == ""
    for bad in ("female", "sex=female;sex=male", "Sex=female"):
        with pytest.raises(ValueError):
            check_breakdown(bad)


TEMPLATE = """indicator,region,period,value,status,breakdown,source
school_wellbeing,4003,2024,"85,1",,,Skien kommune
school_wellbeing,4003,2025,,..,,
population,030101,2025,1200,,sex=female,
"""


def test_the_template_reads_into_tidy_rows():
    rows = read_template_csv(TEMPLATE.encode())
    assert rows[0] == TidyRow(
        "school_wellbeing", "4003", "2024", 85.1, "", "", "", 2, "Skien kommune"
    )
    assert rows[1].value is None and rows[1].status == ".."
    assert rows[2].breakdown == "sex=female" and rows[2].region == "030101"


def test_the_template_takes_semicolons_and_a_bom_and_no_indicator_column():
    text = "\ufeffregion;period;value\n4003;2024;12,5\n"
    rows = read_template_csv(text.encode(), indicator="neet_young")
    assert rows == [TidyRow("neet_young", "4003", "2024", 12.5, "", "", "", 2)]


def test_wrong_columns_are_named():
    with pytest.raises(ImportProblems) as caught:
        read_template_csv(b"kommune,year,amount\n4003,2024,1\n")
    assert "missing: indicator, region, period, value" in caught.value.problems[0]
    assert "not known: kommune, year, amount" in caught.value.problems[0]
    with pytest.raises(ImportProblems) as caught:
        read_template_csv(b"region,period,value,verdi\n4003,2024,1,2\n", indicator="x")
    assert "named twice: value" in caught.value.problems[0]


def test_the_template_takes_the_columns_norwegian_names():
    text = "Indikator;Kommunenummer;År;Verdi;Flagg;Inndeling;Kjelde\n"
    text += "neet_young;4003;2024;12,5;;;Skien\n"
    rows = read_template_csv(text.encode("cp1252"))
    assert rows == [TidyRow("neet_young", "4003", "2024", 12.5, "", "", "", 2, "Skien")]


def test_every_bad_line_is_reported_at_once():
    text = (
        "indicator,region,period,value,status\n"
        "x,4003,2024,abc,\nx,Skien,2024,1,\nx,4003,20x4,,\nx,4003,2024,1,?\n"
    )
    with pytest.raises(ImportProblems) as caught:
        read_template_csv(text.encode())
    problems = caught.value.problems
    assert "line 2: 'abc' is not a number" in problems
    assert "line 3: region 'Skien' is not a region code" in problems
    assert any(p.startswith("line 4: '20x4' is not a period") for p in problems)
    assert "line 4: no value: give a number, or a status (.., . or :) instead" in problems
    assert "line 5: status '?' is not one of .., . or :" in problems


def test_a_file_with_only_a_header_or_not_text_is_refused():
    with pytest.raises(ImportProblems, match="no figures"):
        read_template_csv(b"indicator,region,period,value\n")
    with pytest.raises(ImportProblems, match="not text"):
        read_template_csv(b"PK\x03\x04\x00\x00binary")


TEMPLATE_TEXT = "indicator;region;period;value;source\nx;4003;2024;12,5;Bø kommune\n"


@pytest.mark.parametrize(
    "data",
    [
        TEMPLATE_TEXT.encode(),
        TEMPLATE_TEXT.encode("utf-8-sig"),
        TEMPLATE_TEXT.encode("cp1252"),  # Excel's "CSV (semikolondelt)"
        TEMPLATE_TEXT.replace(";", "\t").encode("utf-16"),  # Excel's "Unicode text"
        TEMPLATE_TEXT.replace("\n", "\r").encode(),  # old Mac line ends
        ("sep=;\n" + TEMPLATE_TEXT.replace("\n", "\r\n")).encode("cp1252"),
    ],
    ids=["utf-8", "bom", "cp1252", "utf-16-tabs", "cr", "sep-line"],
)
def test_the_template_as_spreadsheets_save_it(data):
    (row,) = read_template_csv(data)
    assert (row.indicator, row.region, row.value, row.source) == ("x", "4003", 12.5, "Bø kommune")


def test_a_date_where_a_number_belongs_is_named_as_a_date():
    with pytest.raises(ValueError, match=r"a date or time \(2025-03-01\) where a number belongs"):
        parse_number(dt.date(2025, 3, 1))


def test_template_problems_are_named_by_the_line_they_start_on():
    text = 'indicator,region,period,value,source\nx,4003,2024,1,"two\nlines"\nx,4003,2024,abc,\n'
    with pytest.raises(ImportProblems) as caught:
        read_template_csv(text.encode())
    assert caught.value.problems == ["line 4: 'abc' is not a number"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("indicator,region,period,value\nx,4003,2025,86,5", "a cell outside the named columns"),
        ("indicator,region,period,value,status\nx,4003,2025,5,:", "a value and the status ':'"),
        (
            "indicator,region,period,value,breakdown\nx,4003,2025,5,age=" + "9" * 100,
            "the breakdown is longer than 100 characters",
        ),
    ],
)
def test_template_rows_that_cannot_be_stored_as_they_are(text, problem):
    with pytest.raises(ImportProblems) as caught:
        read_template_csv(text.encode())
    assert any(problem in each for each in caught.value.problems), caught.value.problems


def test_the_template_as_xlsx():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(
        [["indicator", "region", "period", "value"], ["neet_young", "4003", 2024, 12.5]]
    ):
        sheet.write_row(r, 0, row)
    workbook.close()
    rows = read_template_xlsx(buffer.getvalue())
    assert rows == [TidyRow("neet_young", "4003", "2024", 12.5, "", "", "", 2)]
    with pytest.raises(ImportProblems, match="not a readable XLSX"):
        read_template_xlsx(b"PK\x03\x04 not really")


cells = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"-?\d{1,6}([.,]\d{1,3})?", fullmatch=True),
    st.sampled_from(["", "..", ":", "4003", "2024", "2021-2023", "sex=female"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6))
def test_the_template_reader_either_reads_every_row_or_says_why(body):
    """Whatever a spreadsheet holds: tidy rows with valid fields, or ImportProblems."""
    header = ["indicator", "region", "period", "value", "status", "breakdown"]
    try:
        rows = read_template_rows_from([header, *body])
    except ImportProblems as error:
        assert error.problems
        return
    for row in rows:
        assert row.region.isdigit()
        parse_period(row.period)
        assert row.value is not None or row.status in ("..", ".", ":")


def read_template_rows_from(rows):
    from soslokal.indicators.tidy import read_template_rows

    return read_template_rows(enumerate(rows, start=1))


def test_a_dataset_becomes_tidy_rows(jsonstat):
    dataset = jsonstat.parse(population_document(status={"1": ".."}, values=[1, None, 3, 4]))
    rows = dataset_rows(dataset, indicator="population", source=SSB)
    assert [(r.region, r.period, r.value, r.status) for r in rows] == [
        ("4003", "2024", 1, ""),
        ("4003", "2025", None, ".."),
        ("4001", "2024", 3, ""),
        ("4001", "2025", 4, ""),
    ]


def test_breakdowns_and_sums_follow_the_catalogue(jsonstat):
    dims = {"GEO": ["4003"], "AAR": ["2022_2024"], "KJONN": ["0", "2"], "NIVA": ["a", "b"]}
    dataset = jsonstat.parse(jsonstat_document(dims, [1, 2, 3, 4]))
    source = SourceSpec(
        agency="FHI",
        table="1",
        region="GEO",
        time="AAR",
        breakdowns=[BreakdownSpec("KJONN", "sex", total="0", categories={"2": "female"})],
        sum=["NIVA"],
    )
    rows = dataset_rows(dataset, indicator="x", source=source)
    assert sorted((r.breakdown, r.value, r.period) for r in rows) == [
        ("", 3, "2022-2024"),
        ("sex=female", 7, "2022-2024"),
    ]


def test_a_changed_table_is_refused_with_what_changed(jsonstat):
    document = jsonstat_document(
        {"Region": ["4003"], "ContentsCode": ["Personer2"], "Kjonn": ["1", "2"], "Tid": ["2024"]},
        [1, 2],
    )
    with pytest.raises(ImportProblems) as caught:
        dataset_rows(jsonstat.parse(document), indicator="population", source=SSB)
    text = " ".join(caught.value.problems)
    assert "dimension 'ContentsCode' has no category 'Personer1'" in text
    assert "dimension 'Kjonn' has 2 categories where the catalogue expects one" in text
    renamed = jsonstat_document(
        {"Region": ["4003"], "ContentsCode": ["Personer1"], "Year": ["2024"]}, [1]
    )
    with pytest.raises(ImportProblems, match="has no dimension 'Tid'"):
        dataset_rows(jsonstat.parse(renamed), indicator="population", source=SSB)


def test_malformed_jsonstat_is_refused_by_the_parser(jsonstat):
    document = population_document()
    document["value"] = document["value"][:-1]
    with pytest.raises(jsonstat.JsonStatError):
        jsonstat.parse(document)
    missing = population_document()
    del missing["dimension"]["Tid"]
    with pytest.raises(jsonstat.JsonStatError):
        jsonstat.parse(missing)


HARMONISER = Harmoniser(
    ["4020", "4012", "40", "39"],
    [
        CodeChange("0821", "3817", dt.date(2020, 1, 1)),
        CodeChange("0822", "3817", dt.date(2020, 1, 1)),
        CodeChange("3817", "4020", dt.date(2024, 1, 1)),
        CodeChange("3813", "4012", dt.date(2024, 1, 1)),
        CodeChange("38", "39", dt.date(2024, 1, 1)),
        CodeChange("38", "40", dt.date(2024, 1, 1)),
    ],
)


def test_counts_of_a_merger_are_summed_and_shares_stay_put():
    rows = [
        TidyRow("population", "0821", "2019", 6000.0),
        TidyRow("population", "0822", "2019", 4000.0),
        TidyRow("share", "0821", "2019", 10.0),
        TidyRow("share", "0822", "2019", 20.0),
        TidyRow("share", "3817", "2021", 15.0),
    ]
    result = harmonise(rows, HARMONISER, additive=frozenset({"population"}))
    found = {(r.indicator, r.region, r.period): (r.value, r.harmonisation) for r in result.rows}
    assert found[("population", "4020", "2019")] == (10000.0, SUMMED)
    assert found[("share", "0821", "2019")] == (10.0, "merged")
    assert found[("share", "4020", "2021")] == (15.0, "renumbered")
    assert result.flagged == 2 and result.summed == 1


def test_a_merger_with_a_missing_part_is_not_summed():
    rows = [TidyRow("population", "0821", "2019", 6000.0)]
    result = harmonise(rows, HARMONISER, additive=frozenset({"population"}))
    assert [(r.region, r.harmonisation) for r in result.rows] == [("0821", "merged")]
    assert "no figure for 0822" in result.notes[0]


def test_splits_are_flagged_not_divided():
    result = harmonise(
        [TidyRow("population", "38", "2023", 1.0)], HARMONISER, additive=frozenset({"population"})
    )
    assert [(r.region, r.harmonisation) for r in result.rows] == [("38", "split")]


def test_unknown_codes_and_conflicting_values_are_problems():
    rows = [
        TidyRow("x", "9999", "2024", 1.0, line=2),
        TidyRow("x", "3813", "2023", 1.0, line=3),
        TidyRow("x", "4012", "2023", 2.0, line=4),
        TidyRow("x", "4012", "2022", None, ".."),
        TidyRow("x", "3813", "2022", 5.0),
    ]
    with pytest.raises(ImportProblems) as caught:
        harmonise(rows, HARMONISER)
    assert "line 2: unknown region code '9999'" in caught.value.problems
    assert any(
        p.startswith("line 4: a second value for x, region 4012, 2023 (line 3)")
        for p in caught.value.problems
    )
    result = harmonise(rows[3:], HARMONISER)
    assert [(r.region, r.value) for r in result.rows] == [("4012", 5.0)]  # the empty one gives way


def test_rows_given_twice_on_one_code_keep_the_present_value():
    rows = [
        TidyRow("x", "4012", "2023", None, "..", line=2),
        TidyRow("x", "4012", "2023", 5.0, line=3),
        TidyRow("x", "4012", "2024", 1.0, line=4),
        TidyRow("x", "4012", "2024", None, ":", line=5),
    ]
    result = harmonise(rows, HARMONISER)
    assert sorted((r.period, r.value, r.line) for r in result.rows) == [
        ("2023", 5.0, 3),
        ("2024", 1.0, 4),
    ]
    with pytest.raises(ImportProblems) as caught:
        harmonise([*rows, TidyRow("x", "4012", "2024", 2.0, line=6)], HARMONISER)
    assert caught.value.problems == ["line 6: a second value for x, region 4012, 2024 (line 4)"]


def test_two_categories_written_alike_are_caught(jsonstat):
    dataset = jsonstat.parse(population_document(regions=("K-4003", "4003"), years=("2024",)))
    rows = dataset_rows(dataset, indicator="population", source=SSB)
    assert [r.region for r in rows] == ["4003", "4003"] and not rows.unique
    harmoniser = Harmoniser(["4003"], [])
    with pytest.raises(ImportProblems, match="a second value for population, region 4003"):
        harmonise(rows, harmoniser)
    unique = dataset_rows(jsonstat.parse(population_document()), indicator="x", source=SSB)
    assert unique.unique


# Cells of two indicators on codes that stay, move, merge and split: (indicator, region,
# period, value, breakdown).
CELLS = st.lists(
    st.tuples(
        st.sampled_from(["population", "share"]),
        st.sampled_from(["4020", "4012", "40", "39", "0821", "0822", "3817", "3813", "38"]),
        st.sampled_from(["2019", "2023", "2024"]),
        st.sampled_from([None, 1.0, 2.0]),
        st.sampled_from(["", "sex=female"]),
    ),
    max_size=30,
)


def _harmonised_one_by_one(rows, harmoniser, additive):
    """What harmonise gives, written the plain way, a row at a time: the reference."""
    placed, merging, problems, flagged = {}, {}, [], 0

    def place(row):
        key = (row.indicator, row.region, row.period, row.breakdown)
        if key not in placed or (placed[key].value is None and row.value is not None):
            placed[key] = row
        elif row.value is not None and placed[key].value != row.value:
            problems.append(key)

    for row in rows:
        resolution = harmoniser.resolve(row.region)
        if resolution is None:
            problems.append(row.region)
        elif resolution.kind == "":
            place(row)
        elif resolution.kind == "renumbered":
            place(row._replace(region=resolution.targets[0]))
        elif resolution.kind == "merged" and row.indicator in additive:
            key = (row.indicator, resolution.targets[0], row.period, row.breakdown)
            merging.setdefault(key, {})[row.region] = row
        else:
            flagged += 1
            place(row)
    summed = 0
    for (indicator, target, period, breakdown), parts in merging.items():
        if set(parts) != {"0821", "0822"}:
            flagged += len(parts)
            for row in parts.values():
                place(row)
            continue
        values = [row.value for row in parts.values()]
        total = None if None in values else sum(values)
        summed += 1
        place(TidyRow(indicator, target, period, total, "", breakdown))
    if problems:
        return None
    figures = {key: row.value for key, row in placed.items()}
    return figures, flagged, summed


@settings(max_examples=300, deadline=None)
@given(
    CELLS,
    st.booleans(),
)
def test_harmonising_by_columns_agrees_with_the_plain_way(cells, as_columns):
    rows = [
        TidyRow(i, r, p, v, "" if v is not None else "..", b, line=n)
        for n, (i, r, p, v, b) in enumerate(cells, start=2)
    ]
    additive = frozenset({"population"})
    expected = _harmonised_one_by_one(rows, HARMONISER, additive)
    given_rows = TidyColumns.of(rows) if as_columns else rows
    if expected is None:
        with pytest.raises(ImportProblems):
            harmonise(given_rows, HARMONISER, additive=additive)
        return
    result = harmonise(given_rows, HARMONISER, additive=additive)
    found = {(r.indicator, r.region, r.period, r.breakdown): r.value for r in result.rows}
    assert len(found) == len(result.rows)
    assert (found, result.flagged, result.summed) == expected


@settings(max_examples=300, deadline=None)
@given(
    CELLS,
    st.integers(min_value=1, max_value=6),
)
def test_harmonising_in_parts_gives_what_harmonising_the_whole_gives(cells, parts):
    rows = TidyColumns.of(
        TidyRow(i, r, p, v, "" if v is not None else "..", b, line=n)
        for n, (i, r, p, v, b) in enumerate(cells, start=2)
    )
    additive = frozenset({"population"})
    try:
        whole = harmonise(rows, HARMONISER, additive=additive)
    except ImportProblems as caught:
        with pytest.raises(ImportProblems) as in_parts:
            list(harmonise_parts(rows, HARMONISER, additive=additive, parts=parts))
        assert in_parts.value.problems == caught.problems
        return
    results = list(harmonise_parts(rows, HARMONISER, additive=additive, parts=parts))
    assert 1 <= len(results) <= parts
    found = Counter(row for result in results for row in result.rows)
    assert found == Counter(whole.rows)
    assert sum(result.flagged for result in results) == whole.flagged
    assert sum(result.summed for result in results) == whole.summed
    assert sorted(note for result in results for note in result.notes) == sorted(whole.notes)


def test_parts_follow_the_order_of_the_codes_the_rows_land_on():
    codes = ["3813", "0821", "39", "0822", "38"]  # landing on 4012, 4020, 39, 4020, 38
    rows = [TidyRow("population", code, "2024", 1.0) for code in codes]
    results = list(harmonise_parts(rows, HARMONISER, additive=frozenset({"population"}), parts=4))
    regions = [sorted({row.region for row in result.rows}) for result in results]
    assert len(regions) == 3
    assert [code for part in regions for code in part] == sorted(
        code for part in regions for code in part
    )
    summed = [row for result in results for row in result.rows if row.harmonisation == "summed"]
    assert len(summed) == 1 and summed[0].value == 2.0  # 0821 and 0822 met in one part
