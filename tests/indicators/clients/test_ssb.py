"""The PxWebApi v2 client against recorded answers (Statistics Sweden runs the same software).

``FakePxWeb`` serves the recorded search, metadata and data answers, and answers any data POST
by cutting the recorded data answer down to the selected codes, so a split request can be
checked against the whole recorded answer."""

import json
from pathlib import Path

import httpx
import pytest

from soslokal.indicators import jsonstat
from soslokal.indicators.clients import ClientError, progress_bar
from soslokal.indicators.clients.ssb import SelectionError, SsbClient, _resolve, merge

DATA = Path(__file__).parent.parent / "data"
TABLE = "TAB6471"


def recorded_data():
    """The recorded answer, with a few cells made missing and flagged to see flags travel."""
    document = json.loads((DATA / "scb_v2_TAB6471_data.json").read_text())
    document["status"] = {}
    for position in (5, 700, 2771):
        document["value"][position] = None
        document["status"][str(position)] = ".."
    return document


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class FakePxWeb:
    def __init__(self):
        self.full = recorded_data()
        self.requests = []
        self.bodies = []

    def __call__(self, request):
        self.requests.append(request)
        path = request.url.path
        if path.endswith("/tables"):
            return httpx.Response(200, content=(DATA / "scb_v2_search.json").read_bytes())
        if path.endswith(f"/tables/{TABLE}/metadata"):
            return httpx.Response(200, content=(DATA / "scb_v2_TAB6471_metadata.json").read_bytes())
        if path.endswith(f"/tables/{TABLE}/data") and request.method == "POST":
            body = json.loads(request.content)
            self.bodies.append(body)
            return httpx.Response(200, json=self.cut(body["selection"]))
        return httpx.Response(404, json={"title": "Not Found"})

    def cut(self, selection):
        """The recorded answer restricted to the selected codes (``*`` for all)."""
        full = jsonstat.parse(self.full)
        wanted = {item["variableCode"]: item["valueCodes"] for item in selection}
        keep = {
            dimension.code: [
                code
                for position, code in enumerate(dimension.categories)
                if any(
                    value == "*"
                    or value == code
                    or (
                        value.startswith("from(")
                        and position >= dimension.categories.index(value[5:-1])
                    )
                    for value in wanted.get(dimension.code, ["*"])
                )
            ]
            for dimension in full.dimensions
        }
        values, status = [], {}
        for codes, value, flag in full.rows():
            if all(code in keep[d.code] for code, d in zip(codes, full.dimensions, strict=True)):
                if flag:
                    status[str(len(values))] = flag
                values.append(value)
        document = {
            key: self.full[key]
            for key in ("version", "class", "label", "source", "updated", "role", "id")
        }
        document["size"] = [len(keep[code]) for code in document["id"]]
        document["dimension"] = {}
        for code in document["id"]:
            original = self.full["dimension"][code]
            category = {
                "index": {member: position for position, member in enumerate(keep[code])},
                "label": {member: original["category"]["label"][member] for member in keep[code]},
            }
            if "unit" in original["category"]:
                category["unit"] = original["category"]["unit"]
            document["dimension"][code] = {"label": original["label"], "category": category}
        document["value"] = values
        document["status"] = status
        return document


def client(server, **options):
    time = options.pop("time", FakeTime())
    return SsbClient(
        transport=httpx.MockTransport(server), sleep=time.sleep, clock=time.clock, **options
    )


def everything():
    full = jsonstat.parse(recorded_data())
    return {dimension.code: list(dimension.categories) for dimension in full.dimensions}


def test_tables_search_reads_the_recorded_answer():
    server = FakePxWeb()
    with client(server) as ssb:
        tables = ssb.tables("befolkning")
    assert len(tables) == 10
    first = tables[0]
    assert first.id == "TAB4552"
    assert first.first_period == "1960"
    assert first.variables == ("typ av anslutning", "tabellinnehåll", "år")
    assert first.time_unit == "Annual"
    assert server.requests[0].url.params["query"] == "befolkning"


def test_metadata_gives_dimensions_codelists_and_what_may_be_left_out():
    server = FakePxWeb()
    with client(server) as ssb:
        table = ssb.metadata(TABLE)
        assert ssb.metadata(TABLE) is table  # asked once
    assert len(server.requests) == 1
    assert len(table.dimension("Region").categories) == 312
    assert [ref.id for ref in table.codelists["Region"]] == [
        "vs_CKM01Riket",
        "vs_CKM02Län",
        "vs_CKM03Kommun",
    ]
    assert table.eliminable == {"Region", "Kon"}


def test_data_posts_pxwebapi_v2_body_and_returns_the_parsed_dataset():
    server = FakePxWeb()
    with client(server) as ssb:
        dataset = ssb.data(TABLE, everything(), codelists={"Alder": "vs_CKM0410årN"})
    request = server.requests[0]
    assert request.method == "POST"
    assert request.url.params["outputFormat"] == "json-stat2"
    selection = server.bodies[0]["selection"]
    assert selection[0] == {"variableCode": "Region", "valueCodes": everything()["Region"]}
    assert selection[1]["codelist"] == "vs_CKM0410årN"
    assert list(dataset.rows()) == list(jsonstat.parse(recorded_data()).rows())


@pytest.mark.parametrize("left_out", ["ContentsCode", "Tid"])
def test_contentscode_and_tid_must_always_be_selected(left_out):
    server = FakePxWeb()
    selection = everything()
    del selection[left_out]
    with client(server) as ssb, pytest.raises(SelectionError) as caught:
        ssb.data(TABLE, selection)
    assert f"has no {left_out}" in str(caught.value)
    assert "ContentsCode and Tid in every selection" in str(caught.value)
    assert server.requests == []


def test_a_selection_over_the_cell_limit_is_split_along_the_largest_dimension_and_merged():
    server = FakePxWeb()
    seen = []
    with client(server, max_cells=1000, progress=lambda *args: seen.append(args)) as ssb:
        dataset = ssb.data(TABLE, everything())
    # 21 regions × 132 cells each: 7 regions (924 cells) per call, 3 calls.
    assert [len(body["selection"][0]["valueCodes"]) for body in server.bodies] == [7, 7, 7]
    assert seen == [(1, 3, "SSB TAB6471"), (2, 3, "SSB TAB6471"), (3, 3, "SSB TAB6471")]
    whole = jsonstat.parse(recorded_data())
    assert dataset.dimensions == whole.dimensions
    assert list(dataset.rows()) == list(whole.rows())
    assert dataset.status[700] == ".."
    assert dataset.units == whole.units


def test_a_split_goes_on_along_tid_when_one_region_is_too_big_and_keeps_to_the_rate_limit():
    server = FakePxWeb()
    time = FakeTime()
    with client(server, max_cells=100, time=time) as ssb:
        dataset = ssb.data(TABLE, everything())
    # One region gives 132 cells: each region is asked for in two calls, 3 months and 1 month.
    assert len(server.bodies) == 42
    assert {len(body["selection"][0]["valueCodes"]) for body in server.bodies} == {1}
    assert sorted({len(body["selection"][4]["valueCodes"]) for body in server.bodies}) == [1, 3]
    assert list(dataset.rows()) == list(jsonstat.parse(recorded_data()).rows())
    # 42 calls at once: the 31st waits for the first to be a minute old, the others with it.
    assert time.slept[0] == pytest.approx(60.0)
    assert len(time.slept) == 1


def test_expressions_are_resolved_against_the_metadata_to_count_and_split():
    server = FakePxWeb()
    selection = {**everything(), "Kon": ["*"], "ContentsCode": ["*"], "Tid": ["from(2026M01)"]}
    with client(server, max_cells=2000) as ssb:
        dataset = ssb.data(TABLE, selection)
    assert [request.method for request in server.requests] == ["GET", "POST", "POST"]
    # from(2026M01) is 4 months in the metadata: 11 × 3 × 4 = 132 cells per region, so
    # 15 regions per call. Expressions go to SSB as written.
    assert [len(body["selection"][0]["valueCodes"]) for body in server.bodies] == [15, 6]
    assert server.bodies[0]["selection"][4]["valueCodes"] == ["from(2026M01)"]
    assert list(dataset.rows()) == list(jsonstat.parse(recorded_data()).rows())


def test_patterns_and_spans_resolve_in_metadata_order():
    server = FakePxWeb()
    with client(server) as ssb:
        table = ssb.metadata(TABLE)
    regions = list(table.dimension("Region").categories)
    assert _resolve("Region", ["0?"], regions) == (
        ["00", "01", "03", "04", "05", "06", "07", "08", "09"],
        9,
    )
    months = list(table.dimension("Tid").categories)
    assert _resolve("Tid", ["range(2025M11,2026M02)"], months) == (
        ["2025M11", "2025M12", "2026M01", "2026M02"],
        4,
    )
    assert _resolve("Tid", ["to(2025M02)", "2025M01"], months) == (["2025M01", "2025M02"], 2)
    assert _resolve("Tid", ["top(3)"], months) == (None, 3)


def test_top_n_cannot_be_split_and_says_what_to_do():
    server = FakePxWeb()
    selection = {**everything(), "Region": ["01"], "Tid": ["top(4)"]}
    with client(server, max_cells=100) as ssb, pytest.raises(SelectionError) as caught:
        ssb.data(TABLE, selection)
    assert "132 cells, more than the 100 SSB gives in one call" in str(caught.value)
    assert "not top(n)/bottom(n)" in str(caught.value)


def test_an_unknown_code_or_dimension_is_refused_before_any_data_call():
    server = FakePxWeb()
    with client(server) as ssb:
        with pytest.raises(SelectionError, match="Region has no value '9999'"):
            ssb.data(TABLE, {**everything(), "Region": ["9999", "0*"]})
        with pytest.raises(SelectionError, match="has no dimension 'Kjonn'"):
            ssb.data(TABLE, {**everything(), "Kjonn": ["*"]})
    assert all(request.method == "GET" for request in server.requests)


def test_a_dimension_that_cannot_be_eliminated_must_be_selected():
    server = FakePxWeb()
    selection = {"Region": ["*"], "ContentsCode": ["*"], "Tid": ["*"]}
    with client(server) as ssb, pytest.raises(SelectionError, match="needs a selection for Alder"):
        ssb.data(TABLE, selection)


def test_a_broken_answer_is_a_client_error_naming_the_table():
    def handler(request):
        return httpx.Response(200, json={"class": "dataset", "id": ["Tid"]})

    with client(handler) as ssb, pytest.raises(ClientError) as caught:
        ssb.data(TABLE, {"ContentsCode": ["x"], "Tid": ["2024"]})
    assert str(caught.value) == f'POST tables/{TABLE}/data: the dataset has no "size"'


def test_merge_refuses_parts_with_different_dimensions():
    whole = jsonstat.parse(recorded_data())
    other = jsonstat.parse(
        {
            "class": "dataset",
            "id": ["Tid"],
            "size": [1],
            "dimension": {"Tid": {"category": {"index": ["2026M01"]}}},
            "value": [1],
        }
    )
    with pytest.raises(ClientError, match="different dimensions"):
        merge([whole, other])


def test_progress_bar_draws_in_place_and_ends_the_line(capsys):
    import sys

    show = progress_bar(sys.stderr, width=10)
    show(1, 4, "SSB 07459")
    show(4, 4, "SSB 07459")
    assert capsys.readouterr().err == ("\rSSB 07459 [##........] 1/4\rSSB 07459 [##########] 4/4\n")


def test_with_a_cache_directory_a_repeated_fetch_does_not_reach_ssb(tmp_path):
    server = FakePxWeb()
    with client(server, cache_dir=tmp_path) as ssb:
        first = ssb.data(TABLE, everything())
    with client(server, cache_dir=tmp_path) as ssb:
        again = ssb.data(TABLE, everything())
    assert len(server.requests) == 1
    assert list(again.rows()) == list(first.rows())


def test_without_a_cache_directory_nothing_is_cached():
    server = FakePxWeb()
    with client(server) as ssb:
        ssb.data(TABLE, everything())
        ssb.data(TABLE, everything())
    assert len(server.requests) == 2
