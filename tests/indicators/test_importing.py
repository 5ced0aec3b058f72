import json

import pytest
import xlsxwriter

from soslokal.indicators.importing import TELEMARK_DIR, fetch, fetch_region_changes, import_path
from soslokal.indicators.models import ImportRun, Observation, Region, RegionChange
from tests.indicators.conftest import jsonstat_document, population_document, write_json

pytestmark = pytest.mark.django_db


def import_one(path, **kwargs):
    (run,) = import_path(path=path, who="test", **kwargs)
    return run


def test_a_recorded_jsonstat_file_is_stored(knowledge_base, jsonstat, tmp_path):
    # SSB lists Skien's old code 3807 beside 4003, empty after the 2024 reform.
    document = population_document(
        regions=("4003", "K-3807"),
        values=[1000.0, 1001.0, None, None],
        status={"2": "..", "3": ".."},
    )
    path = write_json(tmp_path / "07459.json", document)
    run = import_one(path, indicator="population")
    assert run.status == "succeeded", run.errors
    assert (run.kind, run.rows_stored) == ("jsonstat", 2)  # 3807 Skien (2020–2023) is 4003
    assert run.errors == []
    stored = Observation.objects.filter(region="4003").order_by("period")
    assert [o.period for o in stored] == ["2024", "2025"]
    assert stored[0].source == "SSB 07459"
    assert stored[0].source_updated.isoformat() == "2025-03-14"


def test_a_jsonstat_file_needs_its_indicator(knowledge_base, jsonstat, tmp_path):
    run = import_one(write_json(tmp_path / "a.json", population_document()))
    assert "say which indicator" in run.errors[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(value=d["value"][:-1]), "not valid JSON-stat2"),
        (lambda d: d["dimension"].pop("Tid"), "not valid JSON-stat2"),
        (lambda d: d["dimension"]["Region"]["category"]["index"].update({"4003": 0}), None),
    ],
    ids=["wrong-size", "missing-dimension", "unchanged"],
)
def test_malformed_jsonstat_stores_nothing(knowledge_base, jsonstat, tmp_path, change, message):
    document = population_document()
    change(document)
    run = import_one(write_json(tmp_path / "bad.json", document), indicator="population")
    if message is None:
        assert run.status == "succeeded"
        return
    assert run.status == "failed" and message in run.errors[0]
    assert not Observation.objects.exists()


def test_not_json_at_all_is_refused(knowledge_base, jsonstat, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ this is not", encoding="utf-8")
    run = import_one(path, indicator="population")
    assert run.status == "failed" and "not valid JSON-stat2" in run.errors[0]


def test_unknown_region_codes_store_nothing(knowledge_base, jsonstat, tmp_path):
    document = population_document(regions=("4003", "4099"))
    run = import_one(write_json(tmp_path / "x.json", document), indicator="population")
    assert run.errors == ["unknown region code '4099'"]
    assert not Observation.objects.exists()


def test_changed_table_metadata_store_nothing(knowledge_base, jsonstat, tmp_path):
    document = jsonstat_document(
        {"Region": ["4003"], "ContentsCode": ["Personer9"], "Tid": ["2024"]}, [1.0]
    )
    run = import_one(write_json(tmp_path / "x.json", document), indicator="population")
    assert "has no category 'Personer1': its metadata have changed" in run.errors[0]
    assert not Observation.objects.exists()


TEMPLATE = (
    "indicator,region,period,value,status\n"
    'school_wellbeing,4003,2024,"85,1",\n'
    "school_wellbeing,4001,2024,,:\n"
)


def test_the_csv_template_is_stored_with_its_source(knowledge_base, tmp_path):
    path = tmp_path / "skien.csv"
    path.write_text(TEMPLATE, encoding="utf-8")
    run = import_one(path)
    assert (run.kind, run.status, run.rows_stored) == ("template", "succeeded", 2)
    assert Observation.objects.get(region="4003").value == 85.1
    assert Observation.objects.get(region="4001").status == ":"
    assert Observation.objects.get(region="4003").source == "skien.csv (local figures)"


def test_the_shipped_example_template_imports(knowledge_base):
    from soslokal.indicators.importing import DATA_DIR

    run = import_one(DATA_DIR / "template" / "indicators_template_example.csv")
    assert run.status == "succeeded", run.errors
    assert run.rows_stored >= 4


def test_the_xlsx_template_is_stored(knowledge_base, tmp_path):
    path = tmp_path / "skien.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["region", "period", "value"])
    sheet.write_row(1, 0, ["4003", "2024", 11.2])
    workbook.close()
    run = import_one(path, indicator="neet_young")
    assert run.status == "succeeded", run.errors
    assert Observation.objects.get().value == 11.2


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("kommune,år,verdi\nSkien,2024,1\n", "line 1: the columns must be"),
        (
            "indicator,region,period,value\nneet_young,4003,2024,elleve\n",
            "line 2: 'elleve' is not a number",
        ),
        (
            "indicator,region,period,value\nneet_young,4003,2024,1\nneet_young,4003,2024,2\n",
            "a second value",
        ),
    ],
    ids=["wrong-columns", "not-a-number", "twice"],
)
def test_a_bad_csv_stores_nothing_and_says_why(knowledge_base, tmp_path, text, error):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    run = import_one(path)
    assert run.status == "failed"
    assert error in " ".join(run.errors)
    assert not Observation.objects.exists()


def test_other_files_are_refused(knowledge_base, tmp_path):
    path = tmp_path / "figures.pdf"
    path.write_bytes(b"%PDF")
    assert "import a .json (JSON-stat2), .csv or .xlsx file" in import_one(path).errors[0]
    assert "no such file" in import_one(tmp_path / "missing.csv").errors[0]


def test_a_missing_file_with_a_snapshot_files_name_is_one_failed_run(knowledge_base, tmp_path):
    run = import_one(tmp_path / "population_total.csv")
    assert run.status == "failed" and "no such file" in run.errors[0]


def test_a_template_over_its_size_limit_is_refused_before_it_is_read(
    knowledge_base, tmp_path, monkeypatch
):
    from soslokal.indicators import importing

    monkeypatch.setattr(importing, "MAX_TEMPLATE_BYTES", 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_text(TEMPLATE + "x" * 1024 * 1024, encoding="utf-8")
    assert import_one(path).errors == ["big.csv: larger than 1 MB"]


def write_xlsx(path, rows, *, percent=False, stray=None):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    shown = workbook.add_format({"num_format": "0 %"}) if percent else None
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row, shown if number else None)
    if stray:  # an empty cell with a format, far away: Excel keeps such cells
        sheet.write_blank(*stray, None, workbook.add_format({"bold": True}))
    workbook.close()
    return path


def test_an_xlsx_with_a_formatted_cell_far_away_reads_only_the_table(knowledge_base, tmp_path):
    rows = [["region", "period", "value"], ["4003", "2024", 11.2]]
    path = write_xlsx(tmp_path / "skien.xlsx", rows, stray=(1_048_575, 16_383))
    run = import_one(path, indicator="neet_young")
    assert run.status == "succeeded", run.errors
    assert Observation.objects.get().value == 11.2


def test_a_number_shown_as_a_percentage_is_read_as_shown(knowledge_base, tmp_path):
    rows = [["region", "period", "value"], ["4003", "2024", 0.86]]
    run = import_one(write_xlsx(tmp_path / "p.xlsx", rows, percent=True), indicator="neet_young")
    assert run.status == "succeeded", run.errors
    assert Observation.objects.get().value == 86


def test_a_confidential_figure_that_comes_with_a_value_is_stored_without_it(
    knowledge_base, jsonstat, tmp_path
):
    document = population_document(regions=("4003",), years=("2024", "2025"))
    document["status"] = {"1": ":"}
    run = import_one(write_json(tmp_path / "x.json", document), indicator="population")
    assert run.status == "succeeded", run.errors
    hidden = Observation.objects.get(period="2025")
    assert (hidden.value, hidden.status) == (None, ":")
    assert Observation.objects.get(period="2024").value is not None
    assert "1 figures came with a value and a status" in run.notes[0]


def test_a_status_too_long_for_its_column_stores_nothing(knowledge_base, jsonstat, tmp_path):
    document = population_document(regions=("4003",))
    document["status"] = "confidential"
    run = import_one(write_json(tmp_path / "x.json", document), indicator="population")
    assert run.errors == ["status 'confidential' is longer than 4 characters"]
    assert not Observation.objects.exists()


def test_a_region_code_that_lost_its_zero_is_named(knowledge_base, tmp_path):
    path = tmp_path / "oslo.csv"
    path.write_text("indicator,region,period,value\nneet_young,301,2024,5\n", encoding="utf-8")
    (error,) = import_one(path).errors
    assert error == (
        "line 2: unknown region code '301' "
        "(0301? A spreadsheet drops the leading zero unless the cell is text)"
    )


def test_a_failed_run_keeps_the_first_problems_and_counts_the_rest(knowledge_base, tmp_path):
    lines = "".join(f"neet_young,4003,2024,x{number}\n" for number in range(600))
    path = tmp_path / "bad.csv"
    path.write_text("indicator,region,period,value\n" + lines, encoding="utf-8")
    run = import_one(path)
    assert len(run.errors) == 501
    assert run.errors[-1] == "… and 100 more problems of the same file"


def test_an_import_leaves_a_catalogue_loaded_since_alone(knowledge_base, tmp_path):
    from soslokal.indicators.models import Indicator
    from soslokal.indicators.services import DEFAULT_CATALOGUE_FILE, catalogue_load_file

    local = tmp_path / "local.yaml"
    text = DEFAULT_CATALOGUE_FILE.read_text(encoding="utf-8")
    local.write_text(text.replace("decimals: 1", "decimals: 3", 1), encoding="utf-8")
    assert catalogue_load_file(path=local).changed
    changed = {i.code: i.decimals for i in Indicator.objects.all()}
    path = tmp_path / "skien.csv"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert import_one(path).status == "succeeded"
    assert {i.code: i.decimals for i in Indicator.objects.all()} == changed


def test_the_telemark_snapshot_imports_file_by_file(telemark):
    assert len(telemark) == 16
    assert {run.status for run in telemark} == {"succeeded"}
    education = next(run for run in telemark if run.what == "education_level.csv")
    assert education.rows_flagged == 192  # shares of Bø and Sauherad before the merger
    assert Observation.objects.filter(region="0821", harmonisation="merged").exists()
    assert not Observation.objects.filter(region="3813").exists()  # renumbered to 4012
    assert (
        Observation.objects.get(
            indicator="population", region="40", period="2026", breakdown=""
        ).value
        == 177923
    )


def test_importing_the_snapshot_again_changes_no_figure(telemark):
    before = dict(Observation.objects.values_list("pk", "value"))
    runs = import_path(path=TELEMARK_DIR, who="test")
    assert {run.status for run in runs} == {"succeeded"}
    assert dict(Observation.objects.values_list("pk", "value")) == before


def test_a_broken_snapshot_file_is_one_failed_run(knowledge_base, tmp_path):
    (tmp_path / "neet_young_2024.csv").write_text("Kommune,Andel (2024),Label\nSkien,x,Skien\n")
    (tmp_path / "turnout_national_election.csv").write_text(
        "Kommune,Andel (2025),Label\nSkien,78,Skien\n"
    )
    runs = import_path(path=tmp_path, who="test")
    assert [run.status for run in runs] == ["succeeded", "failed"]
    assert "line 2: 'x' is not a number" in runs[1].errors[0]
    assert Observation.objects.count() == 1


class FakeClient:
    def __init__(self, jsonstat, answers):
        self.jsonstat, self.answers, self.calls = jsonstat, answers, []

    def data(self, table_id, selection):
        self.calls.append((table_id, selection))
        answer = self.answers[table_id]
        if isinstance(answer, Exception):
            raise answer
        return self.jsonstat.parse(json.dumps(answer))


def test_fetch_asks_each_table_and_stores_what_comes_back(knowledge_base, jsonstat):
    ssb = FakeClient(jsonstat, {"07459": population_document()})
    fhi = FakeClient(
        jsonstat,
        {
            "nokkel/366": jsonstat_document(
                {"GEO": ["4003", "40", "0"], "AAR": ["2024"], "MEASURE_TYPE": ["RATIO"]},
                [2.6, 2.7, 2.8],
            )
        },
    )
    runs = fetch(
        indicators=["population", "income_inequality"],
        clients={"SSB": ssb, "FHI": fhi},
        who="schedule",
    )
    assert [(r.what, r.status) for r in runs] == [
        ("SSB 07459", "succeeded"),
        ("FHI 366 (nokkel)", "succeeded"),
    ]
    _table, selection = ssb.calls[0]
    assert selection["ContentsCode"] == ["Personer1"] and selection["Tid"] == ["top(10)"]
    assert "4003" in selection["Region"] and "0814" not in selection["Region"]
    assert fhi.calls[0][1]["AAR"] == ["bottom(10)"]
    assert Observation.objects.get(indicator="income_inequality", region="40").value == 2.7


def test_an_http_error_fails_that_table_only(knowledge_base, jsonstat):
    ssb = FakeClient(
        jsonstat,
        {
            "07459": ConnectionError("503 Service Unavailable from data.ssb.no"),
            "13556": jsonstat_document(
                {
                    "Region": ["4003"],
                    "ContentsCode": ["Prosent"],
                    "Alder": ["15-29"],
                    "Tid": ["2024"],
                },
                [11.5],
            ),
        },
    )
    runs = fetch(indicators=["population", "neet_young"], clients={"SSB": ssb}, who="schedule")
    assert [r.status for r in runs] == ["failed", "succeeded"]
    assert runs[0].errors == ["ConnectionError: 503 Service Unavailable from data.ssb.no"]
    assert not Observation.objects.filter(indicator="population").exists()


def test_fetching_an_unknown_indicator_is_recorded(knowledge_base):
    runs = fetch(indicators=["nope"], clients={}, who="schedule")
    assert runs[0].status == "failed" and "'nope' is no indicator" in runs[0].errors[0]


class FakeKlass:
    def changes(self, classification, since):
        if classification == 131:
            return [
                {
                    "oldCode": "1507",
                    "oldName": "Ålesund",
                    "newCode": "1508",
                    "newName": "Ålesund",
                    "changeOccurred": "2020-01-01",
                }
            ]
        return []


def test_region_changes_from_klass_are_added(knowledge_base):
    run = fetch_region_changes(client=FakeKlass(), who="schedule")
    assert run.status == "succeeded", run.errors
    assert RegionChange.objects.filter(old_code="1507", new_code="1508").exists()
    assert Region.objects.get(code="1507").valid_to.year == 2020


def test_a_klass_error_is_recorded(knowledge_base):
    class Broken:
        def changes(self, classification, since):
            raise TimeoutError("KLASS did not answer")

    run = fetch_region_changes(client=Broken(), who="schedule")
    assert run.status == ImportRun.Status.FAILED and "KLASS did not answer" in run.errors[0]


def test_fetch_asks_the_real_clients_in_their_own_terms(monkeypatch):
    # The live clients are classes with their own signatures; fetch must call them rightly.
    from soslokal.indicators import importing
    from soslokal.indicators.clients import fhi, ssb

    asked = []

    class FakeFhi:
        def data(self, source, table_id, dimensions):
            asked.append((source, table_id, dimensions))

    monkeypatch.setattr(fhi, "FhiClient", FakeFhi)
    importing._client("FHI").data("nokkel/366", {"GEO": ["4003"]})
    assert asked == [("nokkel", "366", {"GEO": ["4003"]})]
    assert isinstance(importing._client("SSB"), ssb.SsbClient)


def test_region_changes_read_the_klass_clients_own_records(knowledge_base):
    import datetime as dt

    from soslokal.indicators.clients.klass import CodeChange

    class Klass:
        def changes(self, classification, since):
            if classification != 131:
                return []
            return [CodeChange("1507", "Ålesund", "1508", "Ålesund", dt.date(2020, 1, 1))]

    run = fetch_region_changes(client=Klass(), who="schedule")
    assert run.status == "succeeded", run.errors
    assert RegionChange.objects.filter(old_code="1507", new_code="1508").exists()
