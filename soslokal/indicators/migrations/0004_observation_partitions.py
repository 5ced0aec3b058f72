"""On PostgreSQL, observations are partitioned by indicator: each indicator's figures are a
table of their own under ``indicators_observation``. An import then replaces an indicator's
table as a whole (``services._partition_replace``): a new table filled by ``COPY`` with no
index to keep up, its key built once at the end, and swapped in. For 686,000 rows
(``bench/README.md``, Indicators) the database's work fell from 4.1 to 1.8 s on a first import
and from 10 to 3.2 s on a re-import, where every row used to be looked up and updated in place.

Rows of an indicator with no table of its own (figures stored before this migration, or by the
ORM) are in the default partition ``indicators_observation_default`` until the indicator is
next imported. The fill factor of 50 (migration 0002) served the updates in place that no
longer happen, and is not kept. Other databases keep one table; nothing to do there."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "indicators_observation"
OLD = f"{TABLE}_unpartitioned"
KEY = "region_id, indicator_id, period, breakdown"


def _remake(schema_editor: BaseDatabaseSchemaEditor, options: str) -> None:
    """The table made again with ``options`` after its columns and key, with its rows."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    schema_editor.execute(f"ALTER INDEX {TABLE}_pkey RENAME TO {OLD}_pkey")
    schema_editor.execute(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
        f"PRIMARY KEY ({KEY})) {options}"
    )
    if "PARTITION BY" in options:
        schema_editor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    schema_editor.execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD} ORDER BY {KEY}")  # noqa: S608
    schema_editor.execute(f"DROP TABLE {OLD}")  # going back, its partitions go with it


def partitioned(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _remake(schema_editor, "PARTITION BY LIST (indicator_id)")


def unpartitioned(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _remake(schema_editor, "WITH (fillfactor = 50)")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_observation_cell_key")]

    operations = [migrations.RunPython(partitioned, unpartitioned)]
