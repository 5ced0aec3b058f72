"""Survey answers counted per cell, kept up to date without ever serving a stale figure.

A results page for a campaign of a million responses cannot scan fourteen million answers each
time. ``ResultCell`` holds the answers counted per cell (everything a result can be split by,
one theme, one score) for every response up to ``ResultState.last_response``; the responses
that arrived since are counted live and added on top, so a page always shows every stored
answer. When staff change an answer that is already counted (a paper form corrected after the
second keying, a flood-flagged answer let in), the campaign's ``results_revision`` moves on and
the cells are counted again from scratch."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area
from soslokal.surveys.models import Campaign, Channel

RESPONSES = 0  # the theme number under which a cell counts responses rather than answers
DONT_KNOW = 0  # the score under which a cell counts "don't know"


class ResultState(models.Model):
    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="result_state", verbose_name=_("campaign")
    )
    last_response = models.PositiveBigIntegerField(_("counted up to response"), default=0)
    revision = models.PositiveIntegerField(_("counted at revision"), default=0)

    class Meta:
        verbose_name = _("result count")
        verbose_name_plural = _("result counts")

    def __str__(self) -> str:
        return f"{self.campaign}: up to {self.last_response}"


class ResultCell(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="result_cells", verbose_name=_("campaign")
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("area")
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, verbose_name=_("channel"))
    instrument = models.CharField(_("version"), max_length=40)
    instrument_version = models.CharField(_("edition of the questionnaire"), max_length=40)
    is_group = models.BooleanField(_("group answer"), default=False)
    flagged = models.BooleanField(_("arrived in a flood"), default=False)
    background = models.JSONField(_("background"), default=dict)
    theme = models.PositiveSmallIntegerField(_("theme"))
    score = models.PositiveSmallIntegerField(_("score"))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("result cell")
        verbose_name_plural = _("result cells")
        indexes = [models.Index(fields=["campaign", "theme"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} theme {self.theme} score {self.score}: {self.count}"
