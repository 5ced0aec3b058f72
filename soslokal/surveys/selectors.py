"""Reads for place surveys."""

import datetime
from functools import cache

from django.db.models import Count, QuerySet
from django.utils import timezone

from soslokal.core.models import Municipality
from soslokal.surveys.instrument import Instrument, shipped_instruments
from soslokal.surveys.models import Campaign, Channel, Response


@cache
def _instruments() -> dict[str, Instrument]:
    return {instrument.id: instrument for instrument in shipped_instruments()}


def instrument_get(instrument_id: str) -> Instrument:
    """The shipped instrument ``instrument_id`` (raises ``KeyError`` for an unknown one)."""
    return _instruments()[instrument_id]


def instruments_all() -> list[Instrument]:
    return list(_instruments().values())


def channel_by_code(code: str) -> Channel | None:
    # get() rather than first(): the code is unique, and first() would sort by the campaign.
    try:
        return Channel.objects.select_related("campaign").get(code=code)
    except Channel.DoesNotExist:
        return None


def campaigns_of(municipality: Municipality) -> QuerySet[Campaign]:
    return (
        Campaign.objects.in_municipality(municipality)
        .annotate(response_count=Count("responses"))
        .prefetch_related("areas")
    )


def campaign_get(municipality: Municipality, campaign_id: int) -> Campaign:
    return Campaign.objects.in_municipality(municipality).get(pk=campaign_id)


def channels_with_counts(campaign: Campaign) -> QuerySet[Channel]:
    return campaign.channels.annotate(response_count=Count("responses"))


def response_exists(token: str) -> bool:
    return bool(token) and Response.objects.filter(token=token).exists()


def open_surveys(today: datetime.date) -> QuerySet[Channel]:
    """The public web link of every survey open on ``today``."""
    return (
        Channel.objects.filter(
            kind=Channel.Kind.WEB, campaign__opens_on__lte=today, campaign__closes_on__gte=today
        )
        .select_related("campaign__municipality")
        .order_by("campaign__municipality__name", "campaign__name")
    )


def open_surveys_section(municipality: Municipality) -> dict[str, object]:
    """What the municipality's public page shows of its surveys."""
    today = timezone.localdate()
    return {"channels": open_surveys(today).filter(campaign__municipality=municipality)}
