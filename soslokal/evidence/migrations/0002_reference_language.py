"""References know the language of their title and abstract; those stored before are given
the one their words suggest (``formats.guess_language``), as a new import would."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from soslokal.evidence.formats import guess_language


def guess_stored(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Reference = apps.get_model("evidence", "Reference")
    changed = []
    for reference in Reference.objects.only("title", "abstract").iterator(chunk_size=2000):
        reference.language = guess_language(reference.title, reference.abstract)
        if reference.language:
            changed.append(reference)
    Reference.objects.bulk_update(changed, ["language"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="language",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Of the title and abstract, as a language tag (en, nb, nn …): as the file "
                    "says, or guessed from their words. Pages mark the title with it, for "
                    "screen readers."
                ),
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(guess_stored, migrations.RunPython.noop),
    ]
