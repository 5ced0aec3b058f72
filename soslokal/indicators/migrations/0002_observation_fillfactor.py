"""PostgreSQL keeps half of each page of observations free (``fillfactor = 50``), so that an
import replacing figures updates each row on its own page without touching the indexes (a HOT
update). Other databases have no such setting; nothing to do there."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fillfactor_set(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicators_observation SET (fillfactor = 50)")


def fillfactor_reset(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indicators_observation RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(fillfactor_set, fillfactor_reset)]
