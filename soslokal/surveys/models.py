"""Campaigns, their channels, and the anonymous responses they collect.

A response carries no account, IP address or user agent, and its time is kept to the hour."""

import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area, Municipality

if TYPE_CHECKING:
    from soslokal.surveys.selectors import NextLab


def new_code() -> str:
    """A short public code, easy to type from a poster: no 0/O or 1/l/I."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def in_municipality(self, municipality: Municipality) -> "CampaignQuerySet":
        return self.filter(municipality=municipality)


class Campaign(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="campaigns",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    areas = models.ManyToManyField(Area, related_name="campaigns", verbose_name=_("areas"))
    instruments = models.JSONField(_("versions"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    background = models.JSONField(_("background questions"), default=list)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    results_note = models.TextField(
        _("when and where results are shown"),
        blank=True,
        help_text=_(
            "Shown on the thank-you page, for example: Results at skien.kommune.no in June."
        ),
    )
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("previous round"),
        help_text=_("The same survey run earlier in the same place, to compare over time."),
    )
    results_published_at = models.DateTimeField(
        _("results published"),
        null=True,
        blank=True,
        help_text=_("Empty until staff publish the results on the public pages."),
    )
    results_revision = models.PositiveIntegerField(
        _("results revision"),
        default=0,
        help_text=_("Moves on whenever a stored answer changes, so results are counted again."),
    )
    comments_revision = models.PositiveIntegerField(
        _("comments revision"),
        default=0,
        help_text=_("Moves on whenever a comment is moderated, so comments are counted again."),
    )
    is_simulated = models.BooleanField(
        _("simulated answers"),
        default=False,
        help_text=_("The answers were generated for a demonstration; no resident gave them."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()
    # Not stored: set by ``selectors.channel_for_form``, which the answer form reads the
    # survey with; it changes whenever anything the form's pages show of the survey does.
    form_revision: int = 0
    # The same: the next city lab of the survey, for its thank-you page (``selectors.NextLab``).
    next_lab: "NextLab | None" = None

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    class Kind(models.TextChoices):
        WEB = "web", _("Web link")
        SMS = "sms", _("SMS link")
        QR = "qr", _("QR poster")
        PAPER = "paper", _("Paper form")
        GROUP = "group", _("Facilitated group")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="channels", verbose_name=_("campaign")
    )
    kind = models.CharField(_("channel"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_code)
    invited = models.PositiveIntegerField(
        _("number invited"), null=True, blank=True, help_text=_("For the response rate.")
    )

    class Meta:
        ordering = ["campaign", "kind"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="channel_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.get_kind_display()}"

    @property
    def is_online(self) -> bool:
        """Whether residents answer this channel on the web form. The codes of paper forms
        and group sessions are printed for staff, who key the answers in; answered on the web
        they would be counted under the wrong channel."""
        return self.kind in {self.Kind.WEB, self.Kind.SMS, self.Kind.QR}


class Response(models.Model):
    """One submitted questionnaire. ``token`` makes a doubled submit store once."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("campaign"),
        db_index=False,  # the index on (campaign, id) below serves every lookup by campaign
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="responses", verbose_name=_("channel")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("area")
    )
    instrument = models.CharField(_("version"), max_length=40)
    instrument_version = models.CharField(
        _("edition of the questionnaire"),
        max_length=40,
        blank=True,
        help_text=_("The version of the questionnaire file the answers were given on."),
    )
    language = models.CharField(_("language"), max_length=10)
    background = models.JSONField(_("background"), default=dict)
    # Unique by the constraint below rather than unique=True, which on PostgreSQL adds a
    # second index for LIKE searches that no query makes.
    token = models.CharField(_("submission token"), max_length=64)
    submitted_hour = models.DateTimeField(_("submitted (to the hour)"))
    flagged = models.BooleanField(
        _("arrived in a flood"),
        default=False,
        help_text=_(
            "Sent while the survey got more answers a minute than people can give; "
            "kept, but left out of results until staff have looked at it."
        ),
    )
    # Paper forms keyed in by staff, and scores agreed by a facilitated group.
    paper_ref = models.CharField(
        _("form number"),
        max_length=20,
        blank=True,
        help_text=_("The number written on the paper form, so it can be keyed in a second time."),
    )
    verified = models.BooleanField(
        _("checked by second keying"),
        default=False,
        help_text=_("A second person keyed in the same paper form and every value matched."),
    )
    participants = models.PositiveSmallIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("Set only for a group answer: how many people agreed on the scores."),
    )
    notes = models.TextField(_("notes from the session"), blank=True)

    class Meta:
        ordering = ["campaign", "submitted_hour"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="response_one_per_token"),
            models.UniqueConstraint(
                fields=["campaign", "paper_ref"],
                condition=~models.Q(paper_ref=""),
                name="response_one_per_paper_form",
            ),
            models.CheckConstraint(
                condition=models.Q(participants__isnull=True) | models.Q(participants__gte=2),
                name="response_group_of_two_or_more",
            ),
        ]
        indexes = [
            # A campaign's responses in the order they arrived: its latest response, and those
            # that arrived after the results were counted, are found without reading the rest.
            models.Index(fields=["campaign", "id"], name="response_campaign_id"),
            # Group answers are a handful among a campaign's responses; results add up their
            # participants on every page.
            models.Index(
                fields=["campaign", "instrument"],
                condition=models.Q(participants__isnull=False),
                name="response_group_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"

    @property
    def is_group(self) -> bool:
        return self.participants is not None


class Answer(models.Model):
    class Moderation(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved for publishing")
        HIDDEN = "hidden", _("Hidden")

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
        # The unique index on (response, theme) below serves every lookup by response; a
        # second index would only cost fourteen more entries to write with every response.
        db_index=False,
    )
    theme = models.PositiveSmallIntegerField(_("theme"))
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("Empty when there is no score.")
    )
    dont_know = models.BooleanField(_("don't know"), default=False)
    good_now = models.TextField(_("what is good now"), blank=True)
    better = models.TextField(_("what could be better"), blank=True)
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        help_text=_("Written comments are published only once approved, and always masked."),
    )

    class Meta:
        ordering = ["response", "theme"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="answer_one_per_theme"),
        ]
        indexes = [
            # Few answers carry a comment: counting and listing them reads this index alone
            # instead of every answer of the campaign.
            models.Index(
                fields=["response", "theme", "moderation"],
                condition=~models.Q(good_now="", better=""),
                name="answer_with_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}: {self.theme} = {self.score}"
