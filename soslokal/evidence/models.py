"""The evidence library: literature reviews, their references, screening decisions, merges of
duplicates and the coding of included studies against the framework.

A review belongs to the municipality whose staff run it; its evidence map is public once the
review is published. Coding links to the framework's own rows (dimensions, place themes, SDG
targets), which survive a new framework version as long as their keys stay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Municipality
from soslokal.framework.models import Dimension, PlaceTheme, SdgTarget


class Review(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("review question"), blank=True)
    reviewers_per_record = models.PositiveSmallIntegerField(
        _("reviewers per record"),
        default=1,
        choices=[(1, _("One reviewer")), (2, _("Two reviewers, independently"))],
    )
    published = models.BooleanField(
        _("evidence map public"),
        default=False,
        help_text=_("The evidence map and the key sources are shown to everyone."),
    )
    records_version = models.PositiveIntegerField(
        _("version of the set of records"), default=0, editable=False
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("literature review")
        verbose_name_plural = _("literature reviews")

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """One uploaded file: ``pending`` while its preview is shown, ``done`` once confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        DONE = "done", _("Imported")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="batches", verbose_name=_("review")
    )
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    payload = models.JSONField(_("records waiting"), default=list, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    added = models.PositiveIntegerField(_("added"), default=0)
    merged = models.PositiveIntegerField(_("merged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class Status(models.TextChoices):
    """Where a reference stands in screening."""

    UNSCREENED = "unscreened", _("Not screened")
    PARTLY = "partly", _("Waiting for the second reviewer")
    INCLUDED = "included", _("Included")
    EXCLUDED = "excluded", _("Excluded")
    MAYBE = "maybe", _("Maybe")
    CONFLICT = "conflict", _("Reviewers disagree")


class Reference(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="references", verbose_name=_("review")
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="references",
        verbose_name=_("import"),
    )
    position = models.PositiveIntegerField(_("record in the file"), default=0)
    title = models.TextField(_("title"))
    abstract = models.TextField(_("abstract"), blank=True)
    authors = models.JSONField(_("authors"), default=list, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    journal = models.CharField(_("journal or source"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, db_index=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    kind = models.CharField(_("type of reference"), max_length=20, blank=True)
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=81, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_(
            "Of the title and abstract, as a language tag (en, nb, nn …): as the file says, or "
            "guessed from their words. Pages mark the title with it, for screen readers."
        ),
    )
    file_label = models.BooleanField(_("label in the file"), null=True, blank=True)
    notes = models.JSONField(_("notes from the import"), default=list, blank=True)
    status = models.CharField(
        _("screening"), max_length=12, choices=Status.choices, default=Status.UNSCREENED
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conflict resolved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["review", "status"])]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def first_author(self) -> str:
        return str(self.authors[0]) if self.authors else ""

    @property
    def citation(self) -> str:
        """Author, year and title, as a line in a list of sources."""
        if not self.authors:
            who = ""
        elif len(self.authors) > 2:
            who = f"{self.first_author.split(',')[0]} et al."
        else:
            who = " & ".join(str(a).split(",")[0] for a in self.authors)
        year = f" ({self.year})" if self.year else ""
        journal = f" {self.journal}." if self.journal else ""
        lead = f"{who}{year}. " if who or year else ""
        return f"{lead}{self.title.rstrip('.')}.{journal}"


class MergeRecord(models.Model):
    """A duplicate merged into ``reference``: what it held, how it matched, what it gave."""

    reference = models.ForeignKey(
        Reference, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept record")
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="merges",
        verbose_name=_("import"),
    )
    matched_by = models.CharField(_("matched by"), max_length=10)
    duplicate = models.JSONField(_("the duplicate"))
    fields_taken = models.JSONField(_("fields taken from the duplicate"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("merged duplicate")
        verbose_name_plural = _("merged duplicates")

    def __str__(self) -> str:
        return f"{self.reference_id} ← {self.duplicate.get('title', '')[:40]}"


class Decision(models.Model):
    class Choice(models.TextChoices):
        INCLUDE = "include", _("Include")
        EXCLUDE = "exclude", _("Exclude")
        MAYBE = "maybe", _("Maybe")

    class Reason(models.TextChoices):
        TOPIC = "topic", _("Not about the topic")
        POPULATION = "population", _("Wrong population or setting")
        DESIGN = "design", _("Wrong study design")
        PUBLICATION = "publication", _("Wrong type of publication")
        LANGUAGE = "language", _("Language not covered")
        DUPLICATE = "duplicate", _("Duplicate")
        OTHER = "other", _("Other reason")

    reference = models.ForeignKey(
        Reference, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("reference")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="screening_decisions",
        verbose_name=_("reviewer"),
    )
    choice = models.CharField(_("decision"), max_length=10, choices=Choice.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "reviewer"], name="one_decision_each")
        ]
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")

    def __str__(self) -> str:
        return f"{self.reference_id}: {self.choice}"


class StudyType(models.TextChoices):
    REVIEW = "review", _("Systematic or scoping review")
    QUANTITATIVE = "quantitative", _("Quantitative study")
    QUALITATIVE = "qualitative", _("Qualitative study")
    MIXED = "mixed", _("Mixed methods")
    CASE = "case", _("Case study or evaluation")
    CONCEPTUAL = "conceptual", _("Theory or concept")


class EvidenceType(models.TextChoices):
    """What kind of knowledge a study is: the colour of a cell in the evidence map."""

    SYNTHESIS = "synthesis", _("Research synthesis")
    EMPIRICAL = "empirical", _("Peer-reviewed empirical research")
    GREY = "grey", _("Grey literature and reports")
    PRACTICE = "practice", _("Practice and local knowledge")


class Scale(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class Coding(models.Model):
    """An included study coded against the framework, with what it found."""

    reference = models.OneToOneField(
        Reference, on_delete=models.CASCADE, related_name="coding", verbose_name=_("study")
    )
    dimensions = models.ManyToManyField(
        Dimension, related_name="codings", verbose_name=_("dimensions")
    )
    themes = models.ManyToManyField(
        PlaceTheme, related_name="codings", blank=True, verbose_name=_("place themes")
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, related_name="codings", blank=True, verbose_name=_("SDG targets")
    )
    study_type = models.CharField(_("study type"), max_length=20, choices=StudyType.choices)
    evidence_type = models.CharField(
        _("evidence type"), max_length=20, choices=EvidenceType.choices
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    scale = models.CharField(_("scale"), max_length=20, choices=Scale.choices)
    findings = models.TextField(_("findings"), blank=True)
    key_source = models.BooleanField(
        _("key source"),
        default=False,
        help_text=_("Listed first on the framework's pages for its dimensions."),
    )
    coded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("coded by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")

    def __str__(self) -> str:
        return str(self.reference)
