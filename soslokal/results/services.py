"""Counting a campaign's answers per cell (see ``models``)."""

import json
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q

from soslokal.results.models import DONT_KNOW, RESPONSES, ResultCell, ResultState
from soslokal.surveys.models import Answer, Campaign, Response

# Fold the responses counted live into the stored cells once there are this many of them.
FOLD_AFTER = 5000


@dataclass(frozen=True)
class CellKey:
    """Everything one answer can be split by, apart from theme and score."""

    area_id: int | None
    channel_id: int
    instrument: str
    instrument_version: str
    is_group: bool
    flagged: bool
    background: tuple[tuple[str, str], ...]

    def answer(self, key: str) -> str:
        """The background answer ``key`` ("" when not given)."""
        return dict(self.background).get(key, "")


# (cell, theme, score) -> count; theme RESPONSES counts responses, score DONT_KNOW "don't know".
Counts = Counter[tuple[CellKey, int, int]]

_CELL_FIELDS = (
    "area_id",
    "channel_id",
    "instrument",
    "instrument_version",
    "flagged",
    "background",
)


def _key(row: dict[str, object], prefix: str = "") -> CellKey:
    background = row[f"{prefix}background"]
    if isinstance(background, str):  # some backends hand JSON back as text in GROUP BY
        background = json.loads(background)
    if not isinstance(background, dict):
        background = {}
    return CellKey(
        area_id=row[f"{prefix}area_id"],  # type: ignore[arg-type]
        channel_id=row[f"{prefix}channel_id"],  # type: ignore[arg-type]
        instrument=str(row[f"{prefix}instrument"]),
        instrument_version=str(row[f"{prefix}instrument_version"]),
        is_group=bool(row["grouped"]),
        flagged=bool(row[f"{prefix}flagged"]),
        background=tuple(sorted((str(k), str(v)) for k, v in background.items())),
    )


def _count_live(campaign: Campaign, after: int, upto: int) -> Counts:
    """Responses and answers with ``after < id <= upto``, counted per cell in two queries."""
    counts: Counts = Counter()
    responses = (
        Response.objects.filter(campaign=campaign, pk__gt=after, pk__lte=upto)
        .annotate(grouped=Q(participants__isnull=False))
        .values(*_CELL_FIELDS, "grouped")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in responses:
        counts[(_key(row), RESPONSES, 0)] += row["n"]
    prefixed = [f"response__{name}" for name in _CELL_FIELDS]
    answers = (
        Answer.objects.filter(
            Q(score__isnull=False) | Q(dont_know=True),
            response__campaign=campaign,
            response_id__gt=after,
            response_id__lte=upto,
        )
        .annotate(grouped=Q(response__participants__isnull=False))
        .values(*prefixed, "grouped", "theme", "score")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in answers:
        score = row["score"] if row["score"] is not None else DONT_KNOW
        counts[(_key(row, "response__"), row["theme"], score)] += row["n"]
    return counts


def _stored(campaign: Campaign) -> Counts:
    counts: Counts = Counter()
    for cell in ResultCell.objects.filter(campaign=campaign).iterator(chunk_size=10_000):
        key = CellKey(
            area_id=cell.area_id,
            channel_id=cell.channel_id,
            instrument=cell.instrument,
            instrument_version=cell.instrument_version,
            is_group=cell.is_group,
            flagged=cell.flagged,
            background=tuple(sorted(cell.background.items())),
        )
        counts[(key, cell.theme, cell.score)] += cell.count
    return counts


@transaction.atomic
def _fold(campaign: Campaign) -> Counts:
    """Count everything again under a lock and store it as the campaign's cells."""
    state, _created = ResultState.objects.select_for_update().get_or_create(campaign=campaign)
    revision = Campaign.objects.values_list("results_revision", flat=True).get(pk=campaign.pk)
    upto = campaign.responses.aggregate(last=Max("pk"))["last"] or 0
    if state.revision == revision:
        counts = _stored(campaign) + _count_live(campaign, state.last_response, upto)
    else:
        counts = _count_live(campaign, 0, upto)
    ResultCell.objects.filter(campaign=campaign).delete()
    ResultCell.objects.bulk_create(
        (
            ResultCell(
                campaign=campaign,
                area_id=key.area_id,
                channel_id=key.channel_id,
                instrument=key.instrument,
                instrument_version=key.instrument_version,
                is_group=key.is_group,
                flagged=key.flagged,
                background=dict(key.background),
                theme=theme,
                score=score,
                count=count,
            )
            for (key, theme, score), count in counts.items()
        ),
        batch_size=5000,
    )
    state.last_response, state.revision = upto, revision
    state.save()
    return counts


def result_counts(campaign: Campaign) -> Counts:
    """Every stored answer of ``campaign``, counted per cell; never stale.

    The stored cells plus the responses that arrived since they were counted. When those are
    many, or an answer already counted has changed, everything is counted again and stored."""
    state = ResultState.objects.filter(campaign=campaign).first()
    upto = campaign.responses.aggregate(last=Max("pk"))["last"] or 0
    if state is None or state.revision != campaign.results_revision:
        return _fold(campaign)
    live = _count_live(campaign, state.last_response, upto)
    arrived = sum(count for (_key, theme, _score), count in live.items() if theme == RESPONSES)
    if arrived > FOLD_AFTER:
        return _fold(campaign)
    return _stored(campaign) + live
