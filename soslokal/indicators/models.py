"""The indicator knowledge base: the catalogue, regions by today's codes, observations and the
import runs that stored them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from soslokal.framework.models import localized


class Indicator(models.Model):
    """An indicator of the catalogue (``data/catalogue.yaml``); ``code`` is its id there."""

    class Unit(models.TextChoices):
        PERSONS = "persons", _("persons")
        PERCENT = "percent", _("per cent")
        RATIO = "ratio", _("ratio")
        YEARS = "years", _("years")
        NOK = "nok", _("kroner")

    class Direction(models.TextChoices):
        HIGHER_BETTER = "higher_better", _("Higher is better")
        HIGHER_WORSE = "higher_worse", _("Higher is worse")
        NEUTRAL = "neutral", _("Neither better nor worse")

    code = models.CharField(_("identifier"), max_length=60, primary_key=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    names = models.JSONField(_("names"))
    definitions = models.JSONField(_("definitions"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(_("direction"), max_length=14, choices=Direction.choices)
    additive = models.BooleanField(
        _("additive"), default=False, help_text=_("Counts that may be summed over merged regions.")
    )
    dimension_slugs = models.JSONField(_("framework dimensions"), default=list)
    sdg_targets = models.JSONField(_("SDG targets"), default=list)
    levels = models.JSONField(_("levels"), default=list)
    headline = models.CharField(_("breakdown shown in profiles"), max_length=100, blank=True)
    agency = models.CharField(_("agency"), max_length=10)
    table = models.CharField(_("table"), max_length=20)
    source_url = models.URLField(_("source address"), blank=True)
    source = models.JSONField(_("source and query"), default=dict)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.names)

    @property
    def definition(self) -> str:
        return localized(self.definitions)

    @property
    def source_label(self) -> str:
        return f"{self.agency} {self.table}"


class CatalogueVersion(models.Model):
    """One loaded version of the catalogue; loading the same file again adds no row."""

    version = models.CharField(_("version"), max_length=40)
    origin = models.CharField(_("loaded from"), max_length=300)
    checksum = models.CharField(_("checksum"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")

    def __str__(self) -> str:
        return self.version


class Region(models.Model):
    """A country, county, municipality, city district or basic statistical unit by its official
    code. Codes no longer in use are kept with ``valid_to`` set, so figures that cannot be moved
    to today's codes (splits, shares of merged municipalities) stay where they belong."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        COUNTY = "county", _("County")
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("City district")
        BASIC_UNIT = "basic_unit", _("Basic statistical unit")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The day a change took the code out of use; empty while it is in use."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def short_name(self) -> str:
        """``Oslo - Oslove`` → ``Oslo``: KLASS joins the names in several languages. The
        whole country is named in the reader's language."""
        if self.code == "0":
            return gettext("Norway")
        return self.name.split(" - ")[0]


class RegionChange(models.Model):
    """A code change from KLASS: ``old_code`` became (part of) ``new_code`` on ``changed_on``."""

    old_code = models.CharField(_("old code"), max_length=8)
    old_name = models.CharField(_("old name"), max_length=150, blank=True)
    new_code = models.CharField(_("new code"), max_length=8)
    new_name = models.CharField(_("new name"), max_length=150, blank=True)
    changed_on = models.DateField(_("changed on"))

    class Meta:
        ordering = ["changed_on", "old_code", "new_code"]
        verbose_name = _("region change")
        verbose_name_plural = _("region changes")
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_code", "changed_on"], name="region_change_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code} ({self.changed_on})"


class ImportRun(models.Model):
    """One import or fetch: who started it, what it read, how many rows it stored and every
    problem it met. A run either stores all its rows or none."""

    class Kind(models.TextChoices):
        JSONSTAT = "jsonstat", _("JSON-stat file")
        TEMPLATE = "template", _("Template (CSV or XLSX)")
        SNAPSHOT = "snapshot", _("Snapshot file")
        FETCH = "fetch", _("Fetch from the API")
        REGIONS = "regions", _("Region codes")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    what = models.CharField(_("what"), max_length=300)
    indicator_codes = models.JSONField(_("indicators"), default=list)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    who = models.CharField(_("who"), max_length=150)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_flagged = models.PositiveIntegerField(
        _("rows flagged"),
        default=0,
        help_text=_("Kept on a code no longer in use: a split, or a share of a merger."),
    )
    errors = models.JSONField(_("errors"), default=list)
    notes = models.JSONField(_("notes"), default=list)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.kind} {self.what} ({self.status})"


class Observation(models.Model):
    """One figure: an indicator for a region and period, with its status flag and breakdown.

    ``value`` is empty when the source gives a flag instead (``..`` missing, ``.`` not
    applicable, ``:`` confidential). ``harmonisation`` tells how it came to its region: as
    published, ``renumbered``, ``summed`` over a merger, or kept on an old code (``merged``,
    ``split``)."""

    # The cell is the primary key: no surrogate id, sequence and second index for each of the
    # hundreds of thousands of rows an import brings (migration 0003). The key starts with the
    # region, so it also serves the reads of an area's figures; on SQLite the table is stored
    # in key order (WITHOUT ROWID). No foreign-key constraints or indexes of their own in the
    # database: the import checks every indicator and region before it stores anything, and
    # with constraints each row of a COPY would fire three checks. Django still cascades and
    # protects on delete.
    pk = models.CompositePrimaryKey("region_id", "indicator_id", "period", "breakdown")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
        db_constraint=False,
        db_index=False,
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("region"),
        db_constraint=False,
        db_index=False,
    )
    period = models.CharField(_("period"), max_length=20)
    year_start = models.PositiveSmallIntegerField(_("first year"))
    year_end = models.PositiveSmallIntegerField(_("last year"))
    breakdown = models.CharField(_("breakdown"), max_length=100, blank=True, default="")
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=4, blank=True, default="")
    harmonisation = models.CharField(_("harmonisation"), max_length=12, blank=True, default="")
    source = models.CharField(_("source"), max_length=100)
    source_updated = models.DateField(_("source updated"), null=True, blank=True)
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("import run"),
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["indicator", "region", "year_end", "period", "breakdown"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period} {self.breakdown}: {self.value}"
