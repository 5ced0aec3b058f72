"""Impact assessments of political cases against the social-sustainability framework, and the
decision log that follows a case from the decision to its follow-up.

Dimensions are kept as the framework's own keys (``access``, ``safety`` …), not as foreign keys,
as the city labs do: the framework is data that may be loaded again in a new version, and an
assessment made for a case document must outlive that. The assessment records the framework
version it was made against."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.briefs.models import BriefVersion
from soslokal.core.models import Area, Municipality
from soslokal.indicators.models import Indicator
from soslokal.surveys.models import Campaign
from soslokal.workshops.models import Action


class Body(models.TextChoices):
    """Who takes the decision. A committee or another body is named in ``body_name``."""

    COUNCIL = "council", _("The municipal council (kommunestyret)")
    EXECUTIVE = "executive", _("The executive committee (formannskapet)")
    COMMITTEE = "committee", _("A committee (utvalg)")
    OTHER = "other", _("Another body")


class Effect(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    UNKNOWN = "unknown", _("Unknown")


class Group(models.TextChoices):
    """Groups a case may affect in particular; anything else goes in ``other_groups``."""

    CHILDREN = "children", _("Children and young people")
    FAMILIES = "families", _("Families with children")
    OLDER = "older", _("Older people")
    LOW_INCOME = "low_income", _("People with low income")
    IMMIGRANTS = "immigrants", _("Immigrants")
    DISABILITIES = "disabilities", _("People with disabilities")
    OUTSIDE_WORK = "outside_work", _("People outside work and education")
    LIVING_ALONE = "living_alone", _("People who live alone")


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def in_municipality(self, municipality: Municipality) -> "AssessmentQuerySet":
        return self.filter(municipality=municipality)


class Assessment(models.Model):
    """A political case and its assessment against each dimension of the framework."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("municipality"),
    )
    case_number = models.CharField(_("case number"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    body = models.CharField(_("decision body"), max_length=10, choices=Body.choices)
    body_name = models.CharField(_("name of the body"), max_length=150, blank=True)
    meeting_on = models.DateField(_("meeting date"))
    areas = models.ManyToManyField(
        Area, blank=True, related_name="assessments", verbose_name=_("areas")
    )
    framework_version = models.CharField(_("framework version"), max_length=40, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting_on", "case_number"]
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "case_number"], name="assessment_unique_case_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"


class Judgement(models.Model):
    """What an assessment expects of a case on one dimension: the effect and why, who is
    affected, the evidence (``links``) and what would soften a negative effect."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="judgements",
        verbose_name=_("impact assessment"),
    )
    dimension = models.SlugField(_("dimension"), max_length=40)
    effect = models.CharField(
        _("expected effect"), max_length=8, choices=Effect.choices, default=Effect.UNKNOWN
    )
    reason = models.TextField(_("reason"), blank=True)
    groups = models.JSONField(_("affected groups"), default=list)
    other_groups = models.CharField(_("other affected groups"), max_length=200, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("judgement on a dimension")
        verbose_name_plural = _("judgements on dimensions")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="judgement_one_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.dimension} {self.effect}"

    @property
    def group_labels(self) -> list[str]:
        """The affected groups in words, in the interface's language, then the other groups."""
        labels = {value: str(label) for value, label in Group.choices}
        named = [labels[key] for key in self.groups if key in labels]
        return named + ([self.other_groups] if self.other_groups else [])


class EvidenceKind(models.TextChoices):
    INDICATOR = "indicator", _("Statistics")
    SURVEY = "survey", _("Survey results")
    ACTION = "action", _("City-lab action")
    BRIEF = "brief", _("Brief for councillors")


# Each kind of evidence names its source in one foreign key of ``EvidenceLink``; every other
# source field stays empty. A new kind is one choice above, one nullable foreign key below and
# one entry here (the check constraint and ``clean`` follow from it).
KIND_FIELDS: dict[str, str] = {
    EvidenceKind.INDICATOR: "indicator",
    EvidenceKind.SURVEY: "campaign",
    EvidenceKind.ACTION: "action",
    EvidenceKind.BRIEF: "brief",
}
# Fields that only one kind may fill in besides its source.
KIND_EXTRAS: dict[str, tuple[str, ...]] = {
    EvidenceKind.INDICATOR: ("area",),
    EvidenceKind.SURVEY: ("theme",),
}


def _kind_rule() -> models.Q:
    """One branch per kind: its own source set, every other source (and extra) empty. Built in
    a fixed order, so the migration that holds it stays the same from run to run."""
    sources = list(KIND_FIELDS.values())
    extras = sorted({field for fields in KIND_EXTRAS.values() for field in fields})
    rule = models.Q()
    for kind, own in KIND_FIELDS.items():
        branch = models.Q(kind=kind, **{f"{own}__isnull": False})
        for other in sources:
            if other != own:
                branch &= models.Q(**{f"{other}__isnull": True})
        for extra in extras:
            if extra not in KIND_EXTRAS.get(kind, ()):
                branch &= models.Q(**{f"{extra}__isnull": True})
        rule |= branch
    return rule


class EvidenceLink(models.Model):
    """One source behind a judgement: an indicator (for an area, or the whole municipality),
    a survey's results (for one theme, or all), an action from a city lab, or a published
    version of a brief (a version, since a brief's later versions may say otherwise)."""

    judgement = models.ForeignKey(
        Judgement, on_delete=models.CASCADE, related_name="links", verbose_name=_("judgement")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey"),
    )
    theme = models.PositiveSmallIntegerField(_("place theme"), null=True, blank=True)
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_links",
        verbose_name=_("action"),
    )
    brief = models.ForeignKey(
        BriefVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("brief"),
    )
    note = models.CharField(_("what it shows"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["judgement", "pk"]
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        constraints = [models.CheckConstraint(condition=_kind_rule(), name="evidence_link_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id}"

    @property
    def source_id(self) -> object:
        field = KIND_FIELDS.get(self.kind)
        return getattr(self, f"{field}_id") if field else None

    def clean(self) -> None:
        """The kind's own source is given, and no other."""
        own = KIND_FIELDS.get(self.kind)
        if own is None:
            raise ValidationError(_("Choose what kind of evidence this is."))
        if getattr(self, f"{own}_id") is None:
            raise ValidationError(_("Choose the source of the evidence."))
        allowed = {own, *KIND_EXTRAS.get(self.kind, ())}
        extras = {field for fields in KIND_EXTRAS.values() for field in fields}
        for field in (set(KIND_FIELDS.values()) | extras) - allowed:
            if getattr(self, field if field == "theme" else f"{field}_id") is not None:
                raise ValidationError(_("An evidence link names one source only."))


class DecisionQuerySet(models.QuerySet["Decision"]):
    def in_municipality(self, municipality: Municipality) -> "DecisionQuerySet":
        return self.filter(assessment__municipality=municipality)


class Decision(models.Model):
    """What was decided in a case, and when to check what came of it."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("case")
    )
    text = models.TextField(_("decision"))
    decided_on = models.DateField(_("decision date"))
    follow_up_on = models.DateField(_("follow-up date"))
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicators to watch")
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="+", verbose_name=_("areas"))
    dimensions = models.JSONField(_("dimensions"), default=list)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="decisions", verbose_name=_("actions")
    )
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("what the follow-up found"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown in the municipality's public decision log."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up for the demonstration.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up_on", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]
