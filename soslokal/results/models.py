"""Survey answers counted per cell, kept up to date without ever serving a stale figure.

A results page for a campaign of a million responses cannot scan fourteen million answers each
time. ``ResultCell`` holds, for every cell (everything a result can be split by: area, channel,
version, edition, group or not, flagged, background answers), the number of responses and per
theme how many gave each score, for every response up to ``ResultState.last_response``. The
responses that arrived since are counted live and added on top, so a page always shows every
stored answer. When staff change an answer that is already counted (a paper form corrected
after the second keying, a flood-flagged answer let in), the campaign's ``results_revision``
moves on and the cells are counted again from scratch.

``ResultState`` keeps the written comments of the same responses counted by theme and
moderation status the same way; moderating a comment moves the campaign's
``comments_revision`` on, and they are counted again."""

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
    # Written comments of the same responses: [[theme, moderation status, count], ...].
    comments = models.JSONField(_("comments per theme and status"), default=list)
    comments_revision = models.PositiveIntegerField(_("comments counted at revision"), default=0)

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
    responses = models.PositiveIntegerField(_("responses"), default=0)
    # {"<theme>": [don't know, score 1, score 2, ...]}: the index is the score, 0 "don't know".
    answers = models.JSONField(_("answers per theme and score"), default=dict)

    class Meta:
        verbose_name = _("result cell")
        verbose_name_plural = _("result cells")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.responses} responses"
