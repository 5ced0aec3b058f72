"""Counting a campaign's answers per cell (see ``models``)."""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, FilteredRelation, Max, Q

from soslokal.results.models import DONT_KNOW, RESPONSES, ResultCell, ResultState
from soslokal.surveys.models import Answer, Campaign, Response

# Fold the responses counted live into the stored cells once there are this many of them.
FOLD_AFTER = 5000
# Answers of at most this many new responses are looked up by the responses' ids.
BY_ID = 50_000


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


@dataclass
class Tally:
    """One cell's responses and, per theme, how many answers gave each score:
    ``answers[theme][score]``, where score ``DONT_KNOW`` (0) counts "don't know"."""

    responses: int = 0
    answers: dict[int, list[int]] = field(default_factory=dict)

    def add(self, theme: int, score: int, count: int) -> None:
        found = self.answers.setdefault(theme, [])
        if len(found) <= score:
            found.extend([0] * (score + 1 - len(found)))
        found[score] += count

    def merge(self, other: "Tally") -> None:
        self.responses += other.responses
        for theme, counts in other.answers.items():
            for score, count in enumerate(counts):
                if count:
                    self.add(theme, score, count)


# Every stored answer of a campaign, one tally per cell; ``result_cells`` gives it.
Cells = dict[CellKey, Tally]
# The same counts flat: (cell, theme, score) -> count; theme RESPONSES counts responses.
Counts = Counter[tuple[CellKey, int, int]]
# Written comments: (theme, moderation status) -> count.
Comments = Counter[tuple[int, str]]

_CELL_FIELDS = (
    "area_id",
    "channel_id",
    "instrument",
    "instrument_version",
    "flagged",
    "background",
)


def counts_of(cells: Cells) -> Counts:
    """``cells`` flat, as ``result_counts`` returns them."""
    counts: Counts = Counter()
    for key, tally in cells.items():
        if tally.responses:
            counts[(key, RESPONSES, 0)] = tally.responses
        for theme, found in tally.answers.items():
            for score, count in enumerate(found):
                if count:
                    counts[(key, theme, score)] = count
    return counts


def cells_of(counts: Counts) -> Cells:
    """``counts`` (as ``result_counts`` returns them) by cell."""
    cells: Cells = {}
    for (key, theme, score), count in counts.items():
        tally = cells.setdefault(key, Tally())
        if theme == RESPONSES:
            tally.responses += count
        else:
            tally.add(theme, score, count)
    return cells


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


def _responses(campaign: Campaign, after: int, upto: int) -> Q | None:
    """The campaign's responses with ``after < id <= upto``, as a condition on an answer's
    ``response`` in the join (``FilteredRelation``), so that the database starts from them and
    looks up their answers; ``None`` when there are none. New responses since a count are
    named by their ids: PostgreSQL cannot tell how few of the responses in an id range are this
    campaign's (others may have come in between), and for a short tail would read every
    answer. (A plain filter on ``response__id`` would be turned by Django into one on the
    answer's ``response_id``, from which side the range does not help either.)"""
    if after:
        ids = list(
            Response.objects.filter(campaign=campaign, pk__gt=after, pk__lte=upto)
            .order_by()
            .values_list("pk", flat=True)[: BY_ID + 1]
        )
        if not ids:
            return None
        if len(ids) <= BY_ID:
            return Q(response__id__in=ids)
    return Q(response__campaign=campaign, response__id__gt=after, response__id__lte=upto)


def _count_live(campaign: Campaign, after: int, upto: int, cells: Cells) -> int:
    """Add the responses and answers with ``after < id <= upto`` to ``cells``, counted per
    cell in the database; returns how many responses that was."""
    arrived = 0
    responses = (
        Response.objects.filter(campaign=campaign, pk__gt=after, pk__lte=upto)
        .annotate(grouped=Q(participants__isnull=False))
        .values(*_CELL_FIELDS, "grouped")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in responses:
        cells.setdefault(_key(row), Tally()).responses += row["n"]
        arrived += row["n"]
    condition = _responses(campaign, after, upto) if arrived else None
    if condition is None:
        return arrived
    counted = FilteredRelation("response", condition=condition)
    prefixed = [f"counted__{name}" for name in _CELL_FIELDS]
    answers = (
        Answer.objects.annotate(counted=counted)
        .filter(
            Q(score__isnull=False) | Q(dont_know=True),
            counted__isnull=False,
        )
        .annotate(grouped=Q(counted__participants__isnull=False))
        .values(*prefixed, "grouped", "theme", "score")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in answers:
        score = row["score"] if row["score"] is not None else DONT_KNOW
        cells.setdefault(_key(row, "counted__"), Tally()).add(row["theme"], score, row["n"])
    return arrived


def _count_comments(campaign: Campaign, after: int, upto: int) -> Comments:
    """Written comments of the responses with ``after < id <= upto``, by theme and status."""
    condition = _responses(campaign, after, upto)
    if condition is None:
        return Counter()
    counted = FilteredRelation("response", condition=condition)
    rows = (
        Answer.objects.annotate(counted=counted)
        .filter(counted__isnull=False)
        .exclude(good_now="", better="")
        .values_list("theme", "moderation")
        .annotate(n=Count("*"))
        .order_by()
    )
    return Counter({(theme, status): n for theme, status, n in rows})


def _stored(campaign: Campaign) -> Cells:
    cells: Cells = {}
    rows = ResultCell.objects.filter(campaign=campaign).values_list(
        "area_id",
        "channel_id",
        "instrument",
        "instrument_version",
        "is_group",
        "flagged",
        "background",
        "responses",
        "answers",
    )
    for area, channel, instrument, edition, group, flagged, background, responses, answers in rows:
        key = CellKey(
            area_id=area,
            channel_id=channel,
            instrument=instrument,
            instrument_version=edition,
            is_group=group,
            flagged=flagged,
            background=tuple(sorted(background.items())),
        )
        tally = Tally(responses, {int(theme): found for theme, found in answers.items()})
        if key in cells:  # not stored twice, but a sum is right either way
            cells[key].merge(tally)
        else:
            cells[key] = tally
    return cells


@dataclass
class _Counted:
    """Cells counted outside the lock: the stored ones (up to ``after``, at ``revision``) and
    the live ones up to ``upto``."""

    after: int
    revision: int
    upto: int
    cells: Cells


@transaction.atomic
def _fold(campaign: Campaign, counted: _Counted | None = None) -> Cells:
    """Count everything again under a lock and store it as the campaign's cells (reusing
    ``counted`` when nothing has been stored or changed since it was counted)."""
    state, created = ResultState.objects.select_for_update().get_or_create(campaign=campaign)
    revisions = Campaign.objects.values_list("results_revision", "comments_revision")
    revision, comments_revision = revisions.get(pk=campaign.pk)
    current = not created and state.revision == revision  # the stored cells still hold
    if (
        counted is not None
        and current
        and counted.revision == revision
        and counted.after == state.last_response
    ):
        cells, upto = counted.cells, counted.upto
    else:
        upto = campaign.responses.aggregate(last=Max("pk"))["last"] or 0
        if current:
            cells = _stored(campaign)
            _count_live(campaign, state.last_response, upto, cells)
        else:
            cells = {}
            _count_live(campaign, 0, upto, cells)
    if current and state.comments_revision == comments_revision:
        comments = _comments_stored(state) + _count_comments(campaign, state.last_response, upto)
    else:
        comments = _count_comments(campaign, 0, upto)
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
                responses=tally.responses,
                answers={str(theme): found for theme, found in sorted(tally.answers.items())},
            )
            for key, tally in cells.items()
        ),
        batch_size=1000,
    )
    state.last_response, state.revision = upto, revision
    state.comments = [[theme, status, n] for (theme, status), n in sorted(comments.items())]
    state.comments_revision = comments_revision
    state.save()
    return cells


def _comments_stored(state: ResultState) -> Comments:
    return Counter({(theme, status): n for theme, status, n in state.comments})


def result_cells(campaign: Campaign) -> Cells:
    """Every stored answer of ``campaign``, counted per cell; never stale.

    The stored cells plus the responses that arrived since they were counted. When those are
    many, or an answer already counted has changed, everything is counted again and stored.
    The caller owns the result: it is built afresh on every call."""
    state = ResultState.objects.filter(campaign=campaign).first()
    if state is None or state.revision != campaign.results_revision:
        return _fold(campaign)
    upto = campaign.responses.aggregate(last=Max("pk"))["last"] or 0
    cells = _stored(campaign)
    if _count_live(campaign, state.last_response, upto, cells) > FOLD_AFTER:
        return _fold(campaign, _Counted(state.last_response, state.revision, upto, cells))
    return cells


def result_counts(campaign: Campaign) -> Counts:
    """``result_cells`` flat: (cell, theme, score) -> count, theme ``RESPONSES`` counting
    responses and score ``DONT_KNOW`` "don't know"."""
    return counts_of(result_cells(campaign))


def result_comments(campaign: Campaign) -> Comments:
    """The campaign's written comments by theme and moderation status; never stale.

    Those counted with the cells (see ``result_cells``), counted again and stored when a
    comment has been moderated since, plus those of the responses that arrived since; all
    of them live when an answer has changed since the cells were counted."""
    state = ResultState.objects.filter(campaign=campaign).first()
    upto = campaign.responses.aggregate(last=Max("pk"))["last"] or 0
    if state is None or state.revision != campaign.results_revision:
        return _count_comments(campaign, 0, upto)  # all live; the next fold stores them
    if state.comments_revision == campaign.comments_revision:
        comments = _comments_stored(state)
    else:
        comments = _count_comments(campaign, 0, state.last_response)
        # Stored only if no fold has moved the state on meanwhile.
        ResultState.objects.filter(pk=state.pk, last_response=state.last_response).update(
            comments=[[theme, status, n] for (theme, status), n in sorted(comments.items())],
            comments_revision=campaign.comments_revision,
        )
    return comments + _count_comments(campaign, state.last_response, upto)
