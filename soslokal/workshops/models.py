"""City labs (byverksted): sessions that turn survey results into ideas, and the actions the
municipality takes on them.

Theme and dimension tags are kept as the framework's own keys (theme numbers 1–14, dimension
ids such as ``safety``), not as foreign keys: the framework is data that may be loaded again in
a new version, and a city lab's record must outlive that."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area, Municipality
from soslokal.surveys.models import Campaign


class Sector(models.TextChoices):
    """Where the people taking part in a city lab come from."""

    RESIDENTS = "residents", _("Residents")
    VOLUNTARY = "voluntary", _("Voluntary organisations")
    BUSINESS = "business", _("Business")
    MUNICIPALITY = "municipality", _("The municipality")
    OTHER = "other", _("Other")


class LabQuerySet(models.QuerySet["Lab"]):
    def in_municipality(self, municipality: Municipality) -> "LabQuerySet":
        return self.filter(municipality=municipality)


class Lab(models.Model):
    """One city lab: a session on the two or three topics a survey found most in need."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="labs", verbose_name=_("municipality")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="labs", verbose_name=_("survey")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="labs", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    facilitator = models.CharField(_("facilitator"), max_length=150)
    topics = models.JSONField(
        _("topics"), default=list, help_text=_("Place theme numbers, in the order of the day.")
    )
    sectors = models.JSONField(
        _("participants by sector"), default=dict, help_text=_("Sector → number of people.")
    )
    groups = models.JSONField(
        _("participants from groups not heard enough"),
        default=dict,
        help_text=_("Group (an age band) → number of people."),
    )
    notes = models.TextField(_("notes for staff"), blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LabQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name = _("city lab")
        verbose_name_plural = _("city labs")

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return sum(int(n) for n in self.sectors.values())


class Idea(models.Model):
    """An idea from a city lab, under one of its topics, with the votes it got."""

    lab = models.ForeignKey(
        Lab, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("city lab")
    )
    topic = models.PositiveSmallIntegerField(_("topic"), help_text=_("A place theme number."))
    text = models.TextField(_("idea"))
    themes = models.JSONField(_("place themes"), default=list)
    dimensions = models.JSONField(_("dimensions"), default=list)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["lab", "topic", "pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.text[:60]


class Photo(models.Model):
    """A photo of what a city lab put on paper: re-encoded on upload with no metadata, kept
    under ``MEDIA_ROOT`` and shown only to the municipality's staff."""

    class Format(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"

    lab = models.ForeignKey(
        Lab, on_delete=models.CASCADE, related_name="photos", verbose_name=_("city lab")
    )
    file = models.FileField(_("file"), max_length=200)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    caption = models.CharField(_("what the photo shows"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["lab", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.file.name

    @property
    def extension(self) -> str:
        return "jpg" if self.format == self.Format.JPEG else str(self.format)


class Action(models.Model):
    """What the municipality does about the ideas of a city lab; shown to the public on the
    area's "you said, we did" page. Other parts (briefs, the decision log) refer to an action
    by its id."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class OwnerKind(models.TextChoices):
        ORGANISATION = "organisation", _("An organisation or a unit")
        PERSON = "person", _("A person")

    class Effect(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEGATIVE = "negative", _("Negative")
        NEUTRAL = "neutral", _("Neutral")
        UNKNOWN = "unknown", _("Unknown")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="lab_actions",
        verbose_name=_("municipality"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="lab_actions", verbose_name=_("area")
    )
    lab = models.ForeignKey(
        Lab,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("city lab"),
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=150)
    owner_kind = models.CharField(
        _("the owner is"),
        max_length=12,
        choices=OwnerKind.choices,
        default=OwnerKind.ORGANISATION,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    ideas = models.ManyToManyField(
        Idea, blank=True, related_name="actions", verbose_name=_("ideas")
    )
    effects = models.JSONField(
        _("expected effect per dimension"),
        default=dict,
        help_text=_("Dimension id → positive, negative, neutral or unknown."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["area", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title
