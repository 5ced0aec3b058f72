import datetime as dt
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from itertools import product

import pytest
from django.db import connection, connections
from django.db.models import ProtectedError
from hypothesis import given
from hypothesis import strategies as st

from soslokal.indicators.catalogue import parse_catalogue_text
from soslokal.indicators.models import (
    CatalogueVersion,
    ImportRun,
    Indicator,
    Observation,
    Region,
    RegionChange,
)
from soslokal.indicators.services import (
    _COLUMNS,
    _KEY,
    DEFAULT_CATALOGUE_FILE,
    Incoming,
    _key_order,
    _partition_name,
    _sqlite_literal,
    catalogue_load,
    catalogue_load_file,
    import_execute,
    import_run_start,
    observations_store,
    observations_store_parts,
    regions_load,
)
from soslokal.indicators.tidy import ImportProblems, TidyColumns, TidyRow
from tests.factories import AreaFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_loading_the_catalogue_twice_changes_nothing(framework):
    assert catalogue_load_file().changed
    assert not catalogue_load_file().changed
    assert CatalogueVersion.objects.count() == 1
    population = Indicator.objects.get(code="population")
    assert population.names["nn"] == "Folketal"
    assert population.source_label == "SSB 07459"
    assert population.additive and population.dimension_slugs == ["adapt"]


def test_a_changed_catalogue_updates_its_indicators(framework):
    catalogue_load_file()
    text = DEFAULT_CATALOGUE_FILE.read_text().replace('nb: "Folketall"', 'nb: "Innbyggere"')
    catalogue_load(catalogue=parse_catalogue_text(text, origin="x.yaml"), origin="x.yaml")
    assert Indicator.objects.get(code="population").names["nb"] == "Innbyggere"
    assert CatalogueVersion.objects.count() == 2


def test_regions_load_today_and_old_codes_once(framework):
    added = regions_load()
    assert added > 350
    assert regions_load() == 0
    skien = Region.objects.select_related("parent__parent").get(code="4003")
    assert (skien.level, skien.parent.code, skien.parent.parent.code) == ("municipality", "40", "0")
    bamble_2019 = Region.objects.get(code="0814")
    assert bamble_2019.valid_to.year == 2020 and bamble_2019.parent_id == "08"
    assert RegionChange.objects.filter(old_code="38", new_code="40").exists()


def test_city_districts_entered_as_areas_become_regions(framework):
    oslo = MunicipalityFactory(number="0301", name="Oslo", county_number="03")
    AreaFactory(municipality=oslo, kind="district", name="Gamle Oslo", code="030101", parent=None)
    regions_load()
    district = Region.objects.get(code="030101")
    assert (district.level, district.parent_id) == ("district", "0301")


def rows(n=3):
    return [TidyRow("population", "4003", str(2020 + i), 1000.0 + i) for i in range(n)]


@pytest.mark.parametrize("method", [None, "sqlite", "generic"])  # None: the database's own
def test_storing_replaces_figures_of_the_same_cell(knowledge_base, method):
    run = import_run_start(kind="template", what="t", who="test")
    assert observations_store(rows=rows(), run=run, source="SSB 07459", method=method) == 3
    second = import_run_start(kind="template", what="t2", who="test")
    odd = TidyRow("population", "4003", "2030", 7.0, "", "sex=a\\b", source="tab\there\\")
    again = [r._replace(value=5.0) for r in rows(2)] + [odd, odd._replace(period="2031")]
    stored = observations_store(
        rows=again,
        run=second,
        source="SSB 07459",
        source_updated=dt.date(2026, 2, 20),
        method=method,
    )
    assert stored == 4
    values = dict(Observation.objects.filter(region="4003").values_list("period", "value"))
    assert values == {"2020": 5.0, "2021": 5.0, "2022": 1002.0, "2030": 7.0, "2031": 7.0}
    figure = Observation.objects.get(period="2030")
    assert (figure.year_start, figure.year_end, figure.breakdown, figure.source) == (
        2030,
        2030,
        "sex=a\\b",
        "tab\there\\",
    )
    assert figure.import_run == second and figure.source_updated == dt.date(2026, 2, 20)
    first = Observation.objects.get(period="2022")
    assert first.import_run == run and first.source_updated is None
    replaced = Observation.objects.get(period="2020")
    assert replaced.import_run == second and replaced.source_updated == dt.date(2026, 2, 20)


@pytest.mark.parametrize("method", [None, "sqlite", "generic"])
def test_rows_in_any_order_are_stored_by_their_cell(knowledge_base, method):
    cells = [
        (region, str(year), f"sex={sex}")
        for region in ("4003", "0301", "40")
        for year in (2021, 2020)
        for sex in ("male", "female")
    ]
    run = import_run_start(kind="template", what="t", who="test")
    rows = [TidyRow("population", r, p, float(i), breakdown=b) for i, (r, p, b) in enumerate(cells)]
    source = "Skiens tal, 50 %s 'lokalt'"  # the same for every row: SQLite writes it as a literal
    assert observations_store(rows=rows, run=run, source=source, method=method) == len(cells)
    stored = Observation.objects.values_list("region", "period", "breakdown", "value", "source")
    assert sorted(stored) == sorted((*cell, float(i), source) for i, cell in enumerate(cells))
    assert Observation.objects.get(pk=("0301", "population", "2020", "sex=male")).value == 6.0


@pytest.mark.parametrize("method", [None, "sqlite", "generic"])
def test_parts_are_stored_as_one_whole(knowledge_base, method):
    """A column the same in every row of one part (written once, at the end of each line, on
    PostgreSQL) may vary in the next, and the other way round."""
    run = import_run_start(kind="template", what="t", who="test")
    first = [TidyRow("population", "0301", str(year), 1.0) for year in (2020, 2021)]
    second = [
        TidyRow("population", "4003", "2020", 2.0, source="Skien"),
        TidyRow("population", "4005", "2021", None, ".."),
    ]
    parts = [TidyColumns.of(first), TidyColumns.of([]), TidyColumns.of(second)]
    stored = observations_store_parts(
        parts=iter(parts), indicators={"population"}, run=run, source="SSB", method=method
    )
    assert stored == 4
    found = Observation.objects.values_list("region", "period", "value", "status", "source")
    assert sorted(found) == [
        ("0301", "2020", 1.0, "", "SSB"),
        ("0301", "2021", 1.0, "", "SSB"),
        ("4003", "2020", 2.0, "", "Skien"),
        ("4005", "2021", None, "..", "SSB"),
    ]


def test_an_import_in_parts_with_a_problem_in_its_last_part_stores_nothing(
    knowledge_base, monkeypatch
):
    monkeypatch.setattr("soslokal.indicators.services.STREAMED_PARTS", 3)
    regions = ["0301", "3905", "4003", "4005", "4020", "9998"]
    good = [TidyRow("population", code, "2024", 1.0, line=n) for n, code in enumerate(regions)]
    run = import_run_start(kind="template", what="f.csv", who="test")
    import_execute(run=run, read=lambda: Incoming(rows=good[:-1], source="x"))
    assert run.status == "succeeded" and Observation.objects.count() == 5
    bad = [row._replace(value=2.0) for row in good]
    run = import_run_start(kind="template", what="g.csv", who="test")
    import_execute(run=run, read=lambda: Incoming(rows=bad, source="x"))
    assert run.errors == ["line 5: unknown region code '9998'"]
    assert set(Observation.objects.values_list("value", flat=True)) == {1.0}


def _tables_holding(indicator):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM indicators_observation "
            "WHERE indicator_id = %s",
            [indicator],
        )
        return sorted(name for (name,) in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")
def test_each_indicator_is_stored_in_a_table_of_its_own(knowledge_base):
    """Figures the ORM stored (the default partition) move with the indicator's next import,
    and an import of two indicators fills one table each."""
    with connection.cursor() as cursor:  # left by a test that committed (rolled back here)
        cursor.execute(f'DROP TABLE IF EXISTS "{_partition_name("population")}"')
    run = import_run_start(kind="template", what="t", who="test")
    observations_store(rows=rows(), run=run, source="SSB", method="generic")
    assert _tables_holding("population") == ["indicators_observation_default"]
    housing = [TidyRow("crowded_housing", "4003", "2024", 9.5, breakdown="")]
    observations_store(rows=[*rows(1), *housing], run=run, source="SSB")
    population, crowded = _partition_name("population"), _partition_name("crowded_housing")
    assert _tables_holding("population") == [population]
    assert _tables_holding("crowded_housing") == [crowded] and population != crowded
    assert Observation.objects.filter(indicator="population").count() == 3
    assert Observation.objects.get(indicator="crowded_housing").value == 9.5
    observations_store(rows=[r._replace(value=1.0) for r in rows(4)], run=run, source="SSB")
    values = Observation.objects.filter(indicator="population").values_list("value", flat=True)
    assert sorted(values) == [1.0] * 4 and _tables_holding("population") == [population]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["population", "crowded_housing"])
def test_two_imports_at_once_take_turns(framework, second):
    """Each import swaps in a whole table: a second import waits for the first, so the
    figures of one indicator are all of one import, never a mix, and two indicators that
    both had figures do not deadlock over their old tables."""
    catalogue_load_file()
    regions_load()
    codes = ["3901", "3903", "3905", "4001", "4003", "4005"]
    started = threading.Barrier(2)

    def one_import(indicator, value):
        try:
            cells = [
                TidyRow(indicator, code, str(y), value) for code in codes for y in (2023, 2024)
            ]
            for rows in (cells[:2], cells):  # the indicator's table is there before the race
                run = import_run_start(kind="template", what=f"{value}.csv", who="test")
                if rows is cells:
                    started.wait()
                import_execute(run=run, read=lambda rows=rows: Incoming(rows=rows, source="x"))
            return run.status, run.errors
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(one_import, ["population", second], [1.0, 2.0]))
    assert statuses == [("succeeded", [])] * 2
    values = Observation.objects.values_list("indicator", "value")
    if second == "population":
        assert set(values) in ({("population", 1.0)}, {("population", 2.0)})
    else:
        assert set(values) == {("population", 1.0), ("crowded_housing", 2.0)}
    assert Observation.objects.count() == 12 * len({"population", second})


def test_key_order_sorts_rows_as_the_primary_key():
    cells = list(product(["4003", "0301", "40", "3"], ["2021", "2020", "2019-2021"], ["sex=m", ""]))
    given_columns = {
        "region_id": [region for region, _, _ in cells],
        "indicator_id": ["population"] * len(cells),
        "period": [period for _, period, _ in cells],
        "breakdown": [breakdown for _, _, breakdown in cells],
    }
    columns = [given_columns.get(name, [None] * len(cells)) for name in _COLUMNS]
    order = _key_order(columns)
    keys = list(zip(*(columns[_COLUMNS.index(name)] for name in _KEY), strict=True))
    assert [keys[i] for i in order] == sorted(keys)
    assert _key_order([[column[i] for i in order] for column in columns]) is None


def test_an_import_is_recorded_with_what_it_stored(knowledge_base, django_user_model):
    user = django_user_model.objects.create(username="analyst")
    run = import_run_start(kind="template", what="f.csv", who="analyst", user=user)
    import_execute(run=run, read=lambda: Incoming(rows=rows(), source="local"))
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.rows_stored, run.errors) == ("succeeded", 3, 3, [])
    assert run.started_by == user and run.finished_at is not None
    assert run.indicator_codes == ["population"]


def test_a_failing_import_stores_nothing_and_says_why(knowledge_base):
    run = import_run_start(kind="template", what="f.csv", who="test")

    def read():
        return Incoming(
            rows=[*rows(), TidyRow("population", "9998", "2024", 1.0, line=9)], source="x"
        )

    import_execute(run=run, read=read)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.errors == ["line 9: unknown region code '9998'"]
    assert not Observation.objects.exists()


def test_an_unknown_indicator_or_an_unexpected_error_is_recorded(knowledge_base):
    run = import_run_start(kind="template", what="f.csv", who="test")
    import_execute(
        run=run, read=lambda: Incoming(rows=[TidyRow("nope", "4003", "2024", 1.0)], source="x")
    )
    assert run.errors == ["unknown indicator 'nope': it is not in the catalogue"]

    def broken():
        raise OSError("disk on fire")

    run = import_run_start(kind="template", what="g.csv", who="test")
    import_execute(run=run, read=broken)
    assert run.errors == ["OSError: disk on fire"] and run.status == "failed"

    def problems():
        raise ImportProblems(["line 2: bad"])

    run = import_run_start(kind="template", what="h.csv", who="test")
    import_execute(run=run, read=problems)
    assert run.errors == ["line 2: bad"]
    assert ImportRun.objects.filter(status="failed").count() == 3


def test_deleting_an_indicator_deletes_its_figures_and_a_region_is_protected(knowledge_base):
    run = import_run_start(kind="template", what="t", who="test")
    observations_store(rows=rows(), run=run, source="SSB 07459")
    with pytest.raises(ProtectedError):
        Region.objects.get(code="4003").delete()
    Indicator.objects.get(code="population").delete()
    assert not Observation.objects.exists()


@given(st.one_of(st.text(), st.integers(-(2**63), 2**63 - 1), st.none()))
def test_an_sqlite_literal_reads_back_as_the_entry_it_was_made_from(entry):
    literal = _sqlite_literal(entry)
    if literal is None:  # bound instead
        assert "\x00" in entry
        return
    with closing(sqlite3.connect(":memory:")) as database:
        assert database.execute(f"SELECT {literal}").fetchone()[0] == entry
