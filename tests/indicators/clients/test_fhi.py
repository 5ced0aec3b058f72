"""The FHI open API client. FHI's answers here are written by hand in the shapes FHI documents
(``tests/indicators/data/SOURCES.md``); no recorded FHI answer exists in the project."""

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from soslokal.indicators.clients import ClientError
from soslokal.indicators.clients.fhi import FhiClient, dimension_filter

DATA = Path(__file__).parent.parent / "data"

TABLES = [
    {
        "tableId": 187,
        "title": "Personer som bor alene",
        "publishedAt": "2025-03-14T09:12:44",
        "modifiedAt": "2025-03-14T09:12:44",
    },
    {"tableId": 366, "title": "Inntektsulikhet", "publishedAt": None, "modifiedAt": None},
]


def client(handler):
    return FhiClient(transport=httpx.MockTransport(handler), sleep=lambda seconds: None)


def test_tables_lists_a_sources_tables():
    requests = []

    def handler(request):
        requests.append(request)
        return httpx.Response(200, json=TABLES)

    with client(handler) as fhi:
        tables = fhi.tables("nokkel", modified_after=date(2025, 1, 1))
    assert [table.id for table in tables] == ["187", "366"]
    assert tables[0].title == "Personer som bor alene"
    assert str(requests[0].url) == (
        "https://statistikk-data.fhi.no/api/open/v1/nokkel/table?modifiedAfter=2025-01-01"
    )


def test_data_posts_fhis_body_and_parses_the_list_index_answer():
    bodies = []

    def handler(request):
        assert request.method == "POST"
        assert request.url.path == "/api/open/v1/nokkel/table/187/data"
        bodies.append(json.loads(request.content))
        return httpx.Response(200, content=(DATA / "fhi_handmade_living_alone.json").read_bytes())

    seen = []
    with FhiClient(
        transport=httpx.MockTransport(handler), progress=lambda *args: seen.append(args)
    ) as fhi:
        dataset = fhi.data(
            "nokkel",
            187,
            {
                "GEO": ["0", "40", "4001", "4036"],
                "AAR": ["bottom(2)"],
                "KJONN": ["0"],
                "ALDER": ["*"],
                "MEASURE_TYPE": ["TELLER", "RATE"],
            },
        )
    assert bodies == [
        {
            "dimensions": [
                {"code": "GEO", "filter": "item", "values": ["0", "40", "4001", "4036"]},
                {"code": "AAR", "filter": "bottom", "values": ["2"]},
                {"code": "KJONN", "filter": "item", "values": ["0"]},
                {"code": "ALDER", "filter": "all", "values": ["*"]},
                {"code": "MEASURE_TYPE", "filter": "item", "values": ["TELLER", "RATE"]},
            ],
            "response": {"format": "json-stat2"},
        }
    ]
    assert dataset.dimension("AAR").categories == ("2021_2023", "2022_2024")
    assert seen == [(1, 1, "FHI nokkel 187")]


def test_dimension_filter_forms():
    assert dimension_filter("GEO", ["top(3)"]) == {"code": "GEO", "filter": "top", "values": ["3"]}
    assert dimension_filter("GEO", ["03*", "46*"])["filter"] == "all"
    with pytest.raises(ValueError, match="must be a list"):
        dimension_filter("GEO", "0301")


def test_fhis_400_is_a_client_error_with_its_explanation():
    def handler(request):
        return httpx.Response(400, json={"status": 400, "title": "Too many rows requested"})

    with client(handler) as fhi, pytest.raises(ClientError) as caught:
        fhi.data("nokkel", 187, {"GEO": ["*"]}, max_rows=10)
    assert "HTTP 400 Bad Request: Too many rows requested" in str(caught.value)


def test_a_malformed_answer_is_a_client_error():
    def handler(request):
        document = json.loads((DATA / "fhi_handmade_living_alone.json").read_text())
        document["size"][0] = 5
        return httpx.Response(200, json=document)

    with client(handler) as fhi, pytest.raises(ClientError) as caught:
        fhi.data("nokkel", 187, {"GEO": ["*"]})
    assert str(caught.value) == (
        "POST nokkel/table/187/data: dimension 'GEO' has 4 categories but size gives 5"
    )
