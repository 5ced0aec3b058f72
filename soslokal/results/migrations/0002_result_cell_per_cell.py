# One row per cell, with every theme's scores in it, instead of one row per cell, theme and
# score: a campaign of a million responses has a few hundred cells but tens of thousands of
# (cell, theme, score) rows, and every results page reads them all. The written comments of the
# counted responses are kept beside the cells.

from django.db import migrations, models


def forget_counts(apps, schema_editor):
    """The cells are counted again from the answers on the next results page."""
    apps.get_model("results", "ResultCell").objects.all().delete()
    apps.get_model("results", "ResultState").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_result_cells"),
    ]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="resultcell",
            name="results_res_campaig_778622_idx",
        ),
        migrations.RemoveField(model_name="resultcell", name="count"),
        migrations.RemoveField(model_name="resultcell", name="score"),
        migrations.RemoveField(model_name="resultcell", name="theme"),
        migrations.AddField(
            model_name="resultcell",
            name="responses",
            field=models.PositiveIntegerField(default=0, verbose_name="responses"),
        ),
        migrations.AddField(
            model_name="resultcell",
            name="answers",
            field=models.JSONField(default=dict, verbose_name="answers per theme and score"),
        ),
        migrations.AddField(
            model_name="resultstate",
            name="comments",
            field=models.JSONField(default=list, verbose_name="comments per theme and status"),
        ),
        migrations.AddField(
            model_name="resultstate",
            name="comments_revision",
            field=models.PositiveIntegerField(
                default=0, verbose_name="comments counted at revision"
            ),
        ),
    ]
