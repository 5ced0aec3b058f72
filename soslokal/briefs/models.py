"""Briefs for councillors: a draft that staff shape, and the versions they publish.

A ``Brief`` is the draft: what it covers (areas, dimensions or themes, years) and in which
language, and the texts staff have edited. Its figures are never stored on it; they are drawn
from the knowledge base each time the draft is shown. Publishing takes a snapshot: a
``BriefVersion`` holds the whole brief as it was rendered then, texts and figures alike, so a
published version never changes when the data behind it does."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area, Municipality

LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]


class Brief(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="briefs",
        verbose_name=_("municipality"),
    )
    title = models.CharField(_("title"), max_length=200)
    areas = models.ManyToManyField(Area, related_name="briefs", verbose_name=_("areas"))
    dimensions = models.JSONField(_("dimensions"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="nb")
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")

    def __str__(self) -> str:
        return self.title


class BriefVersion(models.Model):
    """A published version: created once by ``brief_publish`` and never changed."""

    brief = models.ForeignKey(
        Brief, on_delete=models.PROTECT, related_name="versions", verbose_name=_("brief")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    content = models.JSONField(_("content"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["brief", "-number"]
        verbose_name = _("published brief")
        verbose_name_plural = _("published briefs")
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="brief_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"
