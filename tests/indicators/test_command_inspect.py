"""``soslokal indicators inspect FILE``: any JSON-stat 2.0 file as tidy CSV, no database needed."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).parent / "data"


def inspect(path):
    out = io.StringIO()
    call_command("indicators", "inspect", str(path), stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_inspect_prints_one_column_per_dimension_then_value_and_status():
    rows = inspect(DATA / "fhi_handmade_living_alone.json")
    assert rows[0] == ["GEO", "AAR", "KJONN", "ALDER", "MEASURE_TYPE", "value", "status"]
    assert rows[1] == ["0", "2021_2023", "0", "45_120", "TELLER", "812345", ""]
    assert rows[14] == ["4036", "2021_2023", "0", "45_120", "RATE", "", ":"]
    assert len(rows) == 1 + 16


def test_inspect_reads_the_real_scb_response():
    rows = inspect(DATA / "scb_v2_TAB6471_data.json")
    assert rows[0] == ["Region", "Alder", "Kon", "ContentsCode", "Tid", "value", "status"]
    assert len(rows) == 1 + 2772


def test_inspect_says_what_is_wrong_with_a_broken_file(tmp_path):
    broken = tmp_path / "broken.json"
    document = json.loads((DATA / "fhi_handmade_living_alone.json").read_text())
    document["value"] = document["value"][:-1]
    broken.write_text(json.dumps(document))
    with pytest.raises(CommandError, match=r"value has 15 entries but the dimensions give 16"):
        call_command("indicators", "inspect", str(broken), stdout=io.StringIO())


def test_inspect_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"nothing\.json: No such file"):
        call_command("indicators", "inspect", str(tmp_path / "nothing.json"))
