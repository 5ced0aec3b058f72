"""The shared social-sustainability framework: dimensions, SDG targets and place themes.

The framework is data, loaded from a versioned file (``data/framework.yaml``) or from another
installation's JSON export. Texts are kept per language code so that a new language is data."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(texts: dict[str, str]) -> str:
    """The text in the active language, falling back to bokmål, then to any language."""
    language = (get_language() or "nb").split("-")[0]
    return texts.get(language) or texts.get("nb") or next(iter(texts.values()), "")


class FrameworkVersion(models.Model):
    """One loaded version of the framework; the newest row is the one in force."""

    version = models.CharField(_("version"), max_length=40)
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"))
    sources = models.JSONField(_("sources"), default=list)
    origin = models.CharField(_("loaded from"), max_length=300)
    checksum = models.CharField(_("checksum"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")

    def __str__(self) -> str:
        return self.version

    @property
    def title_text(self) -> str:
        return localized(self.title)

    @property
    def summary_text(self) -> str:
        return localized(self.summary)


class PlaceTheme(models.Model):
    """One of the 14 themes of the place survey, numbered in the instrument's order."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    group = models.CharField(_("group"), max_length=20)
    names = models.JSONField(_("names"))
    descriptions = models.JSONField(_("descriptions"))
    former_name_en = models.CharField(_("former English name"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("place theme")
        verbose_name_plural = _("place themes")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return localized(self.names)

    @property
    def description(self) -> str:
        return localized(self.descriptions)


class SdgTarget(models.Model):
    """A target of the UN Sustainable Development Goals, such as 11.7."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    goal = models.PositiveSmallIntegerField(_("goal"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    titles = models.JSONField(_("titles"))

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return localized(self.titles)


class Dimension(models.Model):
    """A dimension of local social sustainability; its ``slug`` is the key other apps use."""

    slug = models.SlugField(_("identifier"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    names = models.JSONField(_("names"))
    definitions = models.JSONField(_("definitions"))
    source_ids = models.JSONField(_("sources"), default=list)
    themes = models.ManyToManyField(PlaceTheme, related_name="dimensions", verbose_name=_("themes"))
    sdg_targets = models.ManyToManyField(
        SdgTarget, related_name="dimensions", verbose_name=_("SDG targets")
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.names)

    @property
    def definition(self) -> str:
        return localized(self.definitions)
