"""The JSON-stat 2.0 parser: real recorded responses, generated ones, and every malformed case."""

import copy
import csv
import io
import json
import math
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soslokal.indicators.jsonstat import (
    Dataset,
    Dimension,
    JsonStatError,
    Unit,
    parse,
    parse_metadata,
    to_csv,
)

DATA = Path(__file__).parent / "data"
SCB_DATA = DATA / "scb_v2_TAB6471_data.json"
SCB_METADATA = DATA / "scb_v2_TAB6471_metadata.json"
SCB_V1 = DATA / "scb_v1_response_all_region.json"
FHI = DATA / "fhi_handmade_living_alone.json"


def small_document():
    """Two regions × two years with one missing, one confidential and one sparse-free cell."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Test",
        "source": "Statistisk sentralbyrå",
        "updated": "2026-01-02T08:00:00Z",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [2, 1, 2],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {"4003": 1, "4001": 0},
                    "label": {"4001": "Porsgrunn", "4003": "Skien"},
                },
            },
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {
                    "index": {"Personer": 0},
                    "label": {"Personer": "Personer"},
                    "unit": {"Personer": {"base": "personer", "decimals": 0}},
                },
            },
            "Tid": {
                "label": "år",
                "category": {"index": {"2024": 0, "2025": 1}, "label": {"2024": "2024"}},
            },
        },
        "value": [36870, None, 56906, 57124],
        "status": {"1": ".."},
    }


# --- the real files ------------------------------------------------------------------------


def test_scb_v2_data_response_is_read_in_full():
    dataset = parse(SCB_DATA.read_bytes())
    assert [d.code for d in dataset.dimensions] == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
    assert [len(d.categories) for d in dataset.dimensions] == [21, 11, 3, 1, 4]
    assert len(dataset.values) == len(dataset.status) == 21 * 11 * 3 * 4
    assert dataset.source == "SCB"
    assert dataset.updated == "2026-06-08T06:00:00Z"
    assert dataset.label.startswith("Folkmängden per månad")
    region = dataset.dimension("Region")
    assert region.categories[:3] == ("01", "03", "04")
    assert region.labels["01"] == "Stockholms län"
    assert region.role is None
    assert dataset.dimension("Tid").role == "time"
    assert dataset.dimension("ContentsCode").role == "metric"
    assert dataset.units == {"000007SF": Unit(base="antal", decimals=0)}
    # The first cell is Stockholm, 0-9 years, both sexes, January 2026.
    first = next(dataset.rows())
    assert first == (("01", "0-9", "TotSa", "000007SF", "2026M01"), 245284, None)
    assert all(flag is None for flag in dataset.status)


def test_scb_v2_metadata_response_gives_dimensions_without_cells():
    metadata = parse_metadata(SCB_METADATA.read_text(encoding="utf-8"))
    assert [len(d.categories) for d in metadata.dimensions] == [312, 134, 3, 1, 16]
    assert metadata.size == 312 * 134 * 3 * 16
    assert metadata.dimension("Kon").labels["TotSa"] == "totalt, samtliga män och kvinnor"
    # As a dataset it is incomplete: the empty value cannot fill the cells.
    with pytest.raises(JsonStatError, match=r"value has 0 entries but the dimensions give 2006784"):
        parse(SCB_METADATA.read_bytes())


def test_annotated_v1_file_is_rejected_as_not_json():
    with pytest.raises(JsonStatError, match=r"^not JSON: .*line 10 column 7"):
        parse(SCB_V1.read_bytes())


def test_fhi_list_index_single_category_and_null_metadata():
    dataset = parse(FHI.read_bytes())
    assert dataset.source == ""
    assert dataset.units == {}
    geo = dataset.dimension("GEO")
    assert geo.categories == ("0", "40", "4001", "4036")
    assert geo.role is None
    assert dataset.dimension("AAR").categories == ("2021_2023", "2022_2024")
    assert dataset.dimension("ALDER").categories == ("45_120",)
    rows = list(dataset.rows())
    assert rows[0] == (("0", "2021_2023", "0", "45_120", "TELLER"), 812345, None)
    assert rows[13] == (("4036", "2021_2023", "0", "45_120", "RATE"), None, ":")
    assert rows[15] == (("4036", "2022_2024", "0", "45_120", "RATE"), 30.4, None)


def test_scb_v2_agrees_with_pyjstat():
    pyjstat = pytest.importorskip("pyjstat.pyjstat")
    text = SCB_DATA.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        frame = pyjstat.Dataset.read(text).write("dataframe", naming="id")
    theirs = [(*row[:-1], row[-1]) for row in frame.itertuples(index=False, name=None)]
    ours = [(*codes, value) for codes, value, _ in parse(text).rows()]
    assert ours == theirs


# --- the small document in its every form ----------------------------------------------------


def test_object_index_is_put_in_position_order():
    dataset = parse(small_document())
    assert dataset.dimension("Region").categories == ("4001", "4003")
    assert dataset.dimension("Region").role == "geo"
    assert dataset.dimension("Tid").labels == {"2024": "2024", "2025": "2025"}
    assert list(dataset.rows()) == [
        (("4001", "Personer", "2024"), 36870, None),
        (("4001", "Personer", "2025"), None, ".."),
        (("4003", "Personer", "2024"), 56906, None),
        (("4003", "Personer", "2025"), 57124, None),
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ({"1": ".", "3": ":"}, [None, ".", None, ":"]),
        ([None, "..", "", ":"], [None, "..", None, ":"]),
        ("..", ["..", "..", "..", ".."]),
        ("", [None, None, None, None]),
        (None, [None, None, None, None]),
    ],
)
def test_status_in_each_form(status, expected):
    document = small_document()
    document["status"] = status
    assert list(parse(document).status) == expected


def test_missing_status_means_no_flags():
    document = small_document()
    del document["status"]
    assert list(parse(document).status) == [None] * 4


def test_sparse_values_fill_the_rest_with_none():
    document = small_document()
    document["value"] = {"0": 1.5, "3": 2}
    assert list(parse(json.dumps(document)).values) == [1.5, None, None, 2]


def test_decimals_fall_back_to_the_table_wide_px_decimals():
    document = small_document()
    document["extension"] = {"px": {"decimals": 1}}
    document["dimension"]["ContentsCode"]["category"]["unit"] = {"Personer": {"base": "prosent"}}
    assert parse(document).units == {"Personer": Unit(base="prosent", decimals=1)}


def test_labels_default_to_codes():
    document = small_document()
    del document["dimension"]["Region"]["label"]
    del document["dimension"]["Region"]["category"]["label"]
    region = parse(document).dimension("Region")
    assert region.label == "Region"
    assert region.labels == {"4001": "4001", "4003": "4003"}


def test_asking_for_an_absent_dimension_names_the_ones_there_are():
    with pytest.raises(
        JsonStatError, match=r"no dimension 'GEO' \(it has Region, ContentsCode, Tid\)"
    ):
        parse(small_document()).dimension("GEO")


def test_to_csv_writes_codes_value_and_status():
    out = io.StringIO()
    assert to_csv(parse(small_document()), out) == 4
    assert out.getvalue().splitlines() == [
        "Region,ContentsCode,Tid,value,status",
        "4001,Personer,2024,36870,",
        "4001,Personer,2025,,..",
        "4003,Personer,2024,56906,",
        "4003,Personer,2025,57124,",
    ]


def test_to_csv_of_the_real_file_has_a_row_per_cell():
    dataset = parse(SCB_DATA.read_bytes())
    out = io.StringIO()
    assert to_csv(dataset, out) == 2772
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["Region", "Alder", "Kon", "ContentsCode", "Tid", "value", "status"]
    assert len(rows) == 2773
    assert rows[1] == ["01", "0-9", "TotSa", "000007SF", "2026M01", "245284", ""]


# --- malformed input -------------------------------------------------------------------------


def _set(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return change


_DELETE = object()
REGION = ("dimension", "Region")
REGION_INDEX = (*REGION, "category", "index")

MALFORMED = [
    (_set(("class",), "collection"), 'not a JSON-stat 2.0 dataset: class is "collection"'),
    (_set(("class",), _DELETE), '"class" is missing'),
    (_set(("id",), _DELETE), 'the dataset has no "id"'),
    (_set(("size",), _DELETE), 'the dataset has no "size"'),
    (_set(("dimension",), _DELETE), 'the dataset has no "dimension"'),
    (_set(("value",), _DELETE), "the dataset has no value"),
    (_set(("id",), "Region"), "id must be a list of dimension codes"),
    (_set(("id",), []), "id is empty"),
    (_set(("id",), ["Region", "Region", "Tid"]), "id names a dimension twice: 'Region'"),
    (_set(("size",), [2, 1]), "size has 2 entries but id names 3 dimensions"),
    (_set(("size",), [2, 1, "2"]), "size must be a list of whole numbers"),
    (_set(("size",), [2, 0, 2]), "dimension 'ContentsCode' has size 0"),
    (_set(REGION, _DELETE), "dimension 'Region' is in id but not in dimension"),
    (_set(("dimension",), []), "dimension must be an object"),
    (_set((*REGION, "category"), _DELETE), "dimension 'Region' has no category"),
    (_set(REGION_INDEX, _DELETE), "dimension 'Region' has no category.index"),
    (_set(REGION_INDEX, "4001"), "category.index must be an object or a list"),
    (
        _set(REGION_INDEX, {"4001": 0, "4003": 1, "4005": 2}),
        "dimension 'Region' has 3 categories but size gives 2",
    ),
    (_set(REGION_INDEX, ["4001"]), "dimension 'Region' has 1 categories but size gives 2"),
    (
        _set(REGION_INDEX, {"4001": 0, "4003": 2}),
        "index position 2 of '4003' is out of range (size 2)",
    ),
    (
        _set(REGION_INDEX, {"4001": 1, "4003": 1}),
        "index position 1 is given to both '4001' and '4003'",
    ),
    (_set(REGION_INDEX, {"4001": 0, "4003": "1"}), "the index of '4003' is not a whole number"),
    (_set(REGION_INDEX, ["4001", "4001"]), "category.index repeats '4001'"),
    (_set(("value",), [1, 2, 3]), "value has 3 entries but the dimensions give 4"),
    (_set(("value",), None), "value is null but the dimensions give 4 cells"),
    (_set(("value",), "1,2,3,4"), "value must be a list or an object, not a text"),
    (_set(("value",), [1, "2", 3, 4]), "value[1] is not a number: '2'"),
    (_set(("value",), [1, True, 3, 4]), "value[1] is not a number: True"),
    (_set(("value",), {"4": 1}), "value position 4 is out of range: the dimensions give 4"),
    (_set(("value",), {"x": 1}), "value has a position that is not a cell number (0, 1, 2 …): 'x'"),
    (_set(("value",), {" 3": 1}), "value has a position that is not a cell number"),
    (_set(("value",), {"\u0663": 1}), "value has a position that is not a cell number"),
    (_set(("value",), {"1_0": 1}), "value has a position that is not a cell number"),
    (_set(("value",), {"0": [1]}), "value[0] is not a number: [1]"),
    (_set(("status",), [None, ".."]), "status has 2 entries but the dimensions give 4"),
    (_set(("status",), {"-1": ".."}), "status has a position that is not a cell number"),
    (_set(("status",), [None, 1, None, None]), "status[1] is not a text flag: 1"),
    (_set(("status",), 7), "status must be a list, an object or a text, not a number"),
    (_set(("role",), ["Tid"]), "role must be an object"),
    (_set(("role", "time"), "Tid"), "role.time must be a list of dimension codes"),
    (
        _set((*REGION, "category", "unit"), {"4001": "kr"}),
        "dimension 'Region': the unit of '4001' must be an object",
    ),
]


@pytest.mark.parametrize(
    ("values", "message"),
    [("[1, 2, 1e400, 4]", "value[2] is too large"), ('{"1": -1e400}', "value[1] is too large")],
)
def test_a_number_too_large_for_a_float_is_refused(values, message):
    text = json.dumps({**small_document(), "value": "VALUES"}).replace('"VALUES"', values)
    with pytest.raises(JsonStatError, match=re.escape(message)):
        parse(text)


@pytest.mark.parametrize(("change", "message"), MALFORMED)
def test_malformed_dataset_is_rejected_with_what_is_wrong(change, message):
    document = copy.deepcopy(small_document())
    change(document)
    with pytest.raises(JsonStatError) as caught:
        parse(json.dumps(document))
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not JSON: Expecting value"),
        (b"\xff\xfe{", "not JSON"),
        ("{'class': 'dataset'}", "not JSON: Expecting property name"),
        ('{"class": "dataset", "value": [NaN]}', "not JSON: NaN is not a number JSON allows"),
        ("[1, 2]", "not a JSON-stat dataset: the JSON is a list"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_input_that_is_not_json_stat(data, message):
    with pytest.raises(JsonStatError) as caught:
        parse(data)
    assert message in str(caught.value)


def test_a_dataset_too_big_to_hold_is_refused_before_it_is_built():
    codes = [f"D{number}" for number in range(8)]
    members = [str(number) for number in range(100)]
    document = {
        "class": "dataset",
        "id": codes,
        "size": [100] * 8,
        "dimension": {code: {"category": {"index": members}} for code in codes},
        "value": {"0": 1},
    }
    with pytest.raises(JsonStatError, match="the dimensions give 10,000,000,000,000,000 cells"):
        parse(document)


def test_error_is_a_value_error():
    assert issubclass(JsonStatError, ValueError)


# --- generated datasets ----------------------------------------------------------------------

CODE = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_æøå", min_size=1, max_size=6)
VALUE = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
)
FLAG = st.one_of(st.none(), st.sampled_from(["..", ".", ":"]))


@st.composite
def datasets(draw):
    """A random dataset in a random encoding, and the rows it must give."""
    count = draw(st.integers(min_value=1, max_value=4))
    codes = draw(st.lists(CODE, min_size=count, max_size=count, unique=True))
    sizes = [draw(st.integers(min_value=1, max_value=4)) for _ in codes]
    categories = [draw(st.lists(CODE, min_size=size, max_size=size, unique=True)) for size in sizes]
    cells = math.prod(sizes)
    values = draw(st.lists(VALUE, min_size=cells, max_size=cells))
    flags = draw(st.lists(FLAG, min_size=cells, max_size=cells))
    dimensions = {}
    for code, members in zip(codes, categories, strict=True):
        form = draw(
            st.sampled_from(["object", "list", "none"] if len(members) == 1 else ["object", "list"])
        )
        category = {"label": {member: f"{member} label" for member in members}}
        if form == "object":
            order = draw(st.permutations(list(enumerate(members))))
            category["index"] = {member: position for position, member in order}
        elif form == "list":
            category["index"] = list(members)
        dimensions[code] = {"label": code.lower(), "category": category}
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": codes,
        "size": sizes,
        "dimension": dimensions,
        "role": {"time": [codes[-1]]},
    }
    if draw(st.booleans()):
        document["value"] = values
    else:
        document["value"] = {str(i): v for i, v in enumerate(values) if v is not None}
    status_form = draw(st.sampled_from(["list", "object", "absent"]))
    if status_form == "list":
        document["status"] = flags
    elif status_form == "object":
        document["status"] = {str(i): f for i, f in enumerate(flags) if f is not None}
    else:
        flags = [None] * cells
    # The oracle: per-cell index arithmetic, independent of how rows() walks the cells.
    expected = []
    for cell in range(cells):
        rest, picked = cell, []
        for members in reversed(categories):
            rest, position = divmod(rest, len(members))
            picked.append(members[position])
        expected.append((tuple(reversed(picked)), values[cell], flags[cell]))
    return document, expected


@settings(max_examples=150, deadline=None)
@given(datasets(), st.booleans())
def test_generated_datasets_round_trip_through_rows(generated, as_text):
    document, expected = generated
    dataset = parse(json.dumps(document) if as_text else document)
    assert list(dataset.rows()) == expected
    assert len(dataset.values) == len(dataset.status) == len(expected)
    assert dataset.dimension(document["id"][-1]).role == "time"


@settings(max_examples=50, deadline=None)
@given(datasets())
def test_generated_datasets_survive_csv(generated):
    document, expected = generated
    out = io.StringIO()
    assert to_csv(parse(document), out) == len(expected)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == [*document["id"], "value", "status"]
    assert [tuple(row[:-2]) for row in rows[1:]] == [codes for codes, _, _ in expected]
    assert [row[-1] or None for row in rows[1:]] == [flag for _, _, flag in expected]


def test_dataclasses_are_frozen():
    dataset = parse(small_document())
    assert isinstance(dataset, Dataset)
    assert isinstance(dataset.dimensions[0], Dimension)
    with pytest.raises(AttributeError):
        dataset.label = "changed"  # type: ignore[misc]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4)
    ),
    max_leaves=12,
)
PLACES = [
    ("id",),
    ("size",),
    ("dimension",),
    ("value",),
    ("status",),
    ("role",),
    ("label",),
    ("updated",),
    ("extension",),
    REGION,
    ("dimension", "Tid", "category"),
    REGION_INDEX,
    (*REGION, "category", "label"),
    ("dimension", "ContentsCode", "category", "unit"),
    ("dimension", "ContentsCode", "category", "unit", "Personer"),
    ("dimension", "ContentsCode", "category", "unit", "Personer", "decimals"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLACES), JSON), min_size=1, max_size=3))
def test_any_damage_gives_a_dataset_or_a_json_stat_error(damage):
    document = small_document()
    for path, value in damage:
        try:
            _set(path, value)(document)
        except (KeyError, TypeError, IndexError):
            continue  # an earlier change removed the place
    try:
        dataset = parse(json.dumps(document))
    except JsonStatError:
        return
    assert len(dataset.values) == len(dataset.status) == len(list(dataset.rows()))
