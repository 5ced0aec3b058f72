"""The KLASS client. The answers are written by hand in KLASS's JSON shapes, with real codes
and names from the 2020 and 2024 reforms in Telemark and Vestfold."""

from datetime import date

import httpx
import pytest

from soslokal.indicators.clients import ClientError
from soslokal.indicators.clients.klass import MUNICIPALITIES, CodeChange, KlassClient

CODES = {
    "codes": [
        {
            "code": "4001",
            "parentCode": None,
            "level": "1",
            "name": "Porsgrunn",
            "shortName": "",
            "presentationName": "",
            "validFromInRequestedRange": "2024-01-01",
            "validToInRequestedRange": None,
            "notes": "",
        },
        {
            "code": "4003",
            "parentCode": None,
            "level": "1",
            "name": "Skien",
            "shortName": "",
            "presentationName": "",
            "validFromInRequestedRange": "2024-01-01",
            "validToInRequestedRange": None,
            "notes": "",
        },
    ]
}

CHANGES = {
    "codeChanges": [
        {
            "oldCode": "3807",
            "oldName": "Skien",
            "oldShortName": None,
            "newCode": "4003",
            "newName": "Skien",
            "newShortName": None,
            "changeOccurred": "2024-01-01",
        },
        {
            "oldCode": "0806",
            "oldName": "Skien",
            "oldShortName": None,
            "newCode": "3807",
            "newName": "Skien",
            "newShortName": None,
            "changeOccurred": "2020-01-01",
        },
    ]
}


def serve(answer, requests):
    def handler(request):
        requests.append(request)
        return httpx.Response(200, json=answer)

    return KlassClient(transport=httpx.MockTransport(handler), sleep=lambda seconds: None)


def test_codes_in_force_on_a_date():
    requests = []
    with serve(CODES, requests) as klass:
        codes = klass.codes(MUNICIPALITIES, date(2026, 1, 1))
    assert [(code.code, code.name, code.valid_from) for code in codes] == [
        ("4001", "Porsgrunn", date(2024, 1, 1)),
        ("4003", "Skien", date(2024, 1, 1)),
    ]
    assert str(requests[0].url) == (
        "https://data.ssb.no/api/klass/v1/classifications/131/codesAt.json"
        "?date=2026-01-01&language=nb"
    )


def test_changes_between_two_dates_oldest_first():
    requests = []
    with serve(CHANGES, requests) as klass:
        changes = klass.changes(MUNICIPALITIES, date(2019, 1, 1), date(2026, 1, 1))
    assert changes == [
        CodeChange("0806", "Skien", "3807", "Skien", date(2020, 1, 1)),
        CodeChange("3807", "Skien", "4003", "Skien", date(2024, 1, 1)),
    ]
    old_code, old_name, new_code, new_name, when = changes[0]
    assert (old_code, old_name, new_code, new_name, when.year) == (
        "0806",
        "Skien",
        "3807",
        "Skien",
        2020,
    )
    assert requests[0].url.params["from"] == "2019-01-01"
    assert requests[0].url.params["to"] == "2026-01-01"


def test_an_answer_without_changes_is_a_client_error():
    unexpected = {"message": "no such classification"}
    with serve(unexpected, []) as klass, pytest.raises(ClientError, match="has no codeChanges"):
        klass.changes(9999, date(2019, 1, 1))
