"""Reads for place surveys."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Model, QuerySet, Sum
from django.utils import timezone

from soslokal.core.cache import ProcessMemo
from soslokal.core.models import Municipality
from soslokal.core.pages import PageCache
from soslokal.framework.models import PlaceTheme
from soslokal.surveys.instrument import Instrument, shipped_instruments
from soslokal.surveys.models import Answer, Campaign, Channel, Response


@cache
def _instruments() -> dict[str, Instrument]:
    return {instrument.id: instrument for instrument in shipped_instruments()}


def instrument_get(instrument_id: str) -> Instrument:
    """The shipped instrument ``instrument_id`` (raises ``KeyError`` for an unknown one)."""
    return _instruments()[instrument_id]


def instruments_all() -> list[Instrument]:
    return list(_instruments().values())


def channel_by_code(code: str) -> Channel | None:
    if CODE.fullmatch(code) is None:
        return None
    # get() rather than first(): the code is unique, and first() would sort by the campaign.
    try:
        return Channel.objects.select_related("campaign").get(code=code)
    except Channel.DoesNotExist:
        return None


# The answer form reads its survey on every request. Each process keeps what it read for this
# many seconds; a change saved in this process is seen at once (``form_cache_clear``, called
# by signals), one saved in another process within this time.
FORM_CACHE_SECONDS = 5
_form_channels: ProcessMemo[str, Channel | None] = ProcessMemo(FORM_CACHE_SECONDS)
_form_theme_names: ProcessMemo[str, dict[int, dict[str, str]]] = ProcessMemo(FORM_CACHE_SECONDS)
# The form's pages (``core.pages``; ``views._render`` says which) are kept longer: their key
# holds the survey's ``form_revision``, which changes when a read of the survey finds anything
# about it changed. Kept for as long as the survey was, each process rendered every page of
# the form anew every 5 seconds: 8 % of the CPU of a busy form (``bench/README.md``).
FORM_PAGE_SECONDS = 600
form_pages = PageCache(FORM_PAGE_SECONDS)


@dataclass(frozen=True)
class NextLab:
    """A city lab that a survey's thank-you page invites to (UX.md: "where the campaign has one,
    the next city lab")."""

    title: str
    held_on: datetime.date
    place: str


# The city labs live in an app built on surveys, which registers how to find a survey's next
# one here (``register_next_lab``, in its ``AppConfig.ready``).
_next_lab: list[Callable[[Campaign, datetime.date], NextLab | None]] = []


def register_next_lab(find: Callable[[Campaign, datetime.date], NextLab | None]) -> None:
    _next_lab[:] = [find]


def _values(instance: Model) -> tuple[object, ...]:
    return tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields)


def _channel_with_areas(code: str) -> Channel | None:
    if CODE.fullmatch(code) is None:
        return None
    channel = (
        Channel.objects.select_related("campaign__municipality")
        .prefetch_related("campaign__areas")
        .filter(code=code)
        .order_by()
        .first()
    )
    if channel is not None:
        campaign = channel.campaign
        today = timezone.localdate()
        campaign.next_lab = _next_lab[0](campaign, today) if _next_lab else None
        # Everything of the survey a page of the form may show, in one number.
        shown = (
            _values(channel),
            _values(campaign),
            _values(campaign.municipality),
            [_values(area) for area in campaign.areas.all()],
            sorted(theme_names_for_form().items()),
            campaign.next_lab,
        )
        campaign.form_revision = hash(repr(shown))
    return channel


def channel_for_form(code: str) -> Channel | None:
    """The channel of ``code`` with its campaign, the campaign's municipality and its areas
    (``campaign.areas.all()`` sends no query), as read at most ``FORM_CACHE_SECONDS`` ago.
    For the answer form only: it must not change what it gets."""
    return _form_channels.get(code, lambda: _channel_with_areas(code))


def theme_names_for_form() -> dict[int, dict[str, str]]:
    """``theme_names``, as read at most ``FORM_CACHE_SECONDS`` ago; not to be changed."""
    return _form_theme_names.get("", theme_names)


def form_cache_clear(**_signal: object) -> None:
    """Forget what the answer form read, in this process (a signal receiver)."""
    _form_channels.clear()
    _form_theme_names.clear()
    form_pages.clear()


def campaigns_of(municipality: Municipality) -> QuerySet[Campaign]:
    return (
        Campaign.objects.in_municipality(municipality)
        .annotate(response_count=Count("responses"))
        .prefetch_related("areas")
    )


def campaign_get(municipality: Municipality, campaign_id: int) -> Campaign:
    return Campaign.objects.in_municipality(municipality).get(pk=campaign_id)


def channels_with_counts(campaign: Campaign) -> list[tuple[Channel, int]]:
    """The campaign's channels, each with its number of responses."""
    counted = campaign.channels.annotate(n=Count("responses"))
    return [(channel, channel.n) for channel in counted]


def channel_of(campaign: Campaign, *kinds: str) -> Channel | None:
    """The campaign's channel of the first of ``kinds`` it has (a campaign has one per kind)."""
    found = {channel.kind: channel for channel in campaign.channels.filter(kind__in=kinds)}
    return next((found[kind] for kind in kinds if kind in found), None)


def theme_names() -> dict[int, dict[str, str]]:
    """Each place theme's name per language, by theme number."""
    return dict(PlaceTheme.objects.values_list("number", "names"))


def group_participants(campaign: Campaign, instrument: str) -> int:
    """How many people took part in the campaign's group sessions on ``instrument``."""
    found = campaign.responses.filter(
        participants__isnull=False, instrument=instrument, flagged=False
    ).aggregate(total=Sum("participants"))
    return int(found["total"] or 0)


# What the form's one-time tokens look like (secrets.token_urlsafe). Anything else is never
# looked up: a forged token with a NUL character would otherwise reach PostgreSQL and fail there.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
CODE = re.compile(r"[a-z0-9]{1,12}")


def response_exists(token: str) -> bool:
    return TOKEN.fullmatch(token) is not None and Response.objects.filter(token=token).exists()


def open_surveys(today: datetime.date) -> QuerySet[Channel]:
    """The public web link of every survey open on ``today``."""
    return (
        Channel.objects.filter(
            kind=Channel.Kind.WEB, campaign__opens_on__lte=today, campaign__closes_on__gte=today
        )
        .select_related("campaign__municipality")
        .order_by("campaign__municipality__name", "campaign__name")
    )


def closed_surveys(municipality: Municipality, today: datetime.date) -> QuerySet[Campaign]:
    """The municipality's surveys that closed before ``today``, the latest first."""
    return (
        Campaign.objects.in_municipality(municipality)
        .filter(closes_on__lt=today)
        .order_by("-closes_on", "name")
    )


EARLIER_SHOWN = 5


def surveys_section(municipality: Municipality) -> dict[str, object]:
    """What the municipality's public page shows of its surveys: those open now, and the
    latest few that have closed."""
    today = timezone.localdate()
    return {
        "channels": open_surveys(today).filter(campaign__municipality=municipality),
        "earlier": closed_surveys(municipality, today)[:EARLIER_SHOWN],
    }


def comments_of(campaign: Campaign, *, status: str = "", theme: int = 0) -> QuerySet[Answer]:
    """The campaign's written comments, newest first, with the response they belong to."""
    found = (
        Answer.objects.filter(response__campaign=campaign)
        .exclude(good_now="", better="")
        .select_related("response")
        .order_by("-response_id", "theme")
    )
    if status:
        found = found.filter(moderation=status)
    if theme:
        found = found.filter(theme=theme)
    return found
