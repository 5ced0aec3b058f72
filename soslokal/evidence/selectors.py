"""Reads of the evidence library: reviews, the screening queue and its ranking, progress and
the stopping aid, conflicts, the evidence map, and the key sources other apps cite."""

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from scipy.sparse import csr_matrix

from soslokal.core.models import Municipality
from soslokal.evidence import formats, ranking
from soslokal.evidence.models import (
    Coding,
    Decision,
    EvidenceType,
    ImportBatch,
    Reference,
    Review,
    Scale,
    Status,
    StudyType,
)
from soslokal.framework.models import Dimension, PlaceTheme

MATRIX_SECONDS = 24 * 3600
THIN = 2  # a cell with at most this many studies is thin evidence
RECENT = 50  # decisions the stopping aid looks back on


def reviews_of(municipality: Municipality) -> QuerySet[Review]:
    return Review.objects.filter(municipality=municipality).annotate(
        record_count=Count("references", distinct=True),
        included_count=Count(
            "references", filter=Q(references__status=Status.INCLUDED), distinct=True
        ),
    )


def review_get(municipality: Municipality, review_id: int) -> Review:
    return Review.objects.get(municipality=municipality, pk=review_id)


def reference_get(review: Review, reference_id: int) -> Reference:
    return Reference.objects.select_related("review").get(review=review, pk=reference_id)


def batch_get(review: Review, batch_id: int) -> ImportBatch:
    return ImportBatch.objects.get(review=review, pk=batch_id)


def batches_of(review: Review) -> QuerySet[ImportBatch]:
    return review.batches.filter(status=ImportBatch.Status.DONE)


# --- ranking -------------------------------------------------------------------------------------


def review_features(review: Review) -> tuple[list[int], csr_matrix]:
    """The TF-IDF matrix of the review's records, built once per version of the set of
    records and kept in the cache: a ranking update then only fits the classifier. Confirming
    an import builds it (``services.import_confirm``), so the first screening request after
    an import finds it ready."""
    key = f"evidence:tfidf:{review.pk}:{review.records_version}"
    cached = cache.get(key)
    if cached is not None:
        ids, matrix = cached
        return list(ids), matrix
    rows = list(
        Reference.objects.filter(review=review)
        .order_by("pk")
        .values_list("pk", "title", "abstract")
    )
    ids = [pk for pk, _title, _abstract in rows]
    matrix = ranking.features([f"{title} {abstract}" for _pk, title, abstract in rows])
    cache.set(key, (ids, matrix), MATRIX_SECONDS)
    return ids, matrix


def training_labels(review: Review) -> dict[int, bool]:
    """Reference id → relevant, from what the reviewers decided: a settled record by its
    status, a record waiting for its second reviewer by the first decision. Conflicts and
    maybes teach the model nothing."""
    labels: dict[int, bool] = {}
    settled = Reference.objects.filter(
        review=review, status__in=[Status.INCLUDED, Status.EXCLUDED]
    ).values_list("pk", "status")
    for pk, status in settled:
        labels[pk] = status == Status.INCLUDED
    partly = Decision.objects.filter(
        reference__review=review, reference__status=Status.PARTLY
    ).exclude(choice=Decision.Choice.MAYBE)
    for pk, choice in partly.values_list("reference_id", "choice"):
        labels[pk] = choice == Decision.Choice.INCLUDE
    return labels


@dataclass(frozen=True)
class Queue:
    next: Reference | None
    by_model: bool  # False while the order is still random
    waiting: int  # records this reviewer may still screen


def screening_queue(review: Review, reviewer: User) -> Queue:
    """The record ``reviewer`` should screen next: the one the model finds most likely
    relevant among those still needing a decision that the reviewer has not made."""
    open_ids = set(
        Reference.objects.filter(review=review, status__in=[Status.UNSCREENED, Status.PARTLY])
        .exclude(decisions__reviewer=reviewer)
        .values_list("pk", flat=True)
    )
    if not open_ids:
        return Queue(None, by_model=False, waiting=0)
    labels = training_labels(review)
    ids, matrix = review_features(review)
    row_of = {pk: row for row, pk in enumerate(ids)}
    labelled = [row_of[pk] for pk in labels if pk in row_of]
    known = [labels[ids[row]] for row in labelled]
    by_model = ranking.has_both(known)
    order = ranking.rank(matrix, labelled, known, seed=review.pk)
    chosen = next((ids[row] for row in order if ids[row] in open_ids), None)
    if chosen is None:  # a record added since the matrix was built
        chosen = min(open_ids)
        by_model = False
    return Queue(
        Reference.objects.get(pk=chosen),
        by_model=by_model and chosen is not None,
        waiting=len(open_ids),
    )


# --- progress and the stopping aid -------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    counts: dict[str, int]
    screened: int
    percent: int
    since_last_include: int
    recent_rate: float | None  # includes per decision over the last RECENT decisions
    estimated_found: int | None  # percent of relevant records found, a rough estimate
    decisions: int


def progress(review: Review) -> Progress:
    counts = dict(
        Reference.objects.filter(review=review)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    total = sum(counts.values())
    screened = total - counts.get(Status.UNSCREENED, 0) - counts.get(Status.PARTLY, 0)
    choices = list(
        Decision.objects.filter(reference__review=review)
        .order_by("-created_at", "-pk")
        .values_list("choice", flat=True)
    )
    since = 0
    for choice in choices:
        if choice == Decision.Choice.INCLUDE:
            break
        since += 1
    recent = choices[:RECENT]
    rate = recent.count(Decision.Choice.INCLUDE) / len(recent) if recent else None
    included = counts.get(Status.INCLUDED, 0) + counts.get(Status.MAYBE, 0)
    remaining = counts.get(Status.UNSCREENED, 0)
    estimate = None
    if rate is not None and included and len(recent) >= 10:
        # If the rest held relevant records at the recent rate, how much have we found? The
        # ranking puts likely records first, so the rest holds fewer: this is a floor.
        expected_left = rate * remaining
        estimate = math.floor(100 * included / (included + expected_left))
    return Progress(
        total=total,
        counts={status: counts.get(status, 0) for status in Status.values},
        screened=screened,
        percent=math.floor(100 * screened / total) if total else 0,
        since_last_include=since,
        recent_rate=rate,
        estimated_found=estimate,
        decisions=len(choices),
    )


def to_resolve(review: Review) -> QuerySet[Reference]:
    """Records the reviewers disagree on, and those marked maybe."""
    return (
        Reference.objects.filter(review=review, status__in=[Status.CONFLICT, Status.MAYBE])
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("reviewer"))
        )
        .order_by("pk")
    )


def included(review: Review) -> QuerySet[Reference]:
    return (
        Reference.objects.filter(review=review, status=Status.INCLUDED)
        .select_related("coding")
        .prefetch_related("coding__dimensions")
        .order_by("pk")
    )


# --- the evidence map ----------------------------------------------------------------------------


def published_reviews() -> QuerySet[Review]:
    return (
        Review.objects.filter(published=True)
        .select_related("municipality")
        .annotate(
            study_count=Count(
                "references",
                filter=Q(references__status=Status.INCLUDED, references__coding__isnull=False),
            )
        )
    )


def published_review(review_id: int) -> Review:
    return Review.objects.select_related("municipality").get(pk=review_id, published=True)


@dataclass(frozen=True)
class Filters:
    country: str = ""
    scale: str = ""
    year_from: int | None = None
    year_to: int | None = None


def coded_studies(review: Review, filters: Filters) -> QuerySet[Coding]:
    studies = Coding.objects.filter(reference__review=review, reference__status=Status.INCLUDED)
    if filters.country:
        studies = studies.filter(country__iexact=filters.country)
    if filters.scale:
        studies = studies.filter(scale=filters.scale)
    if filters.year_from:
        studies = studies.filter(reference__year__gte=filters.year_from)
    if filters.year_to:
        studies = studies.filter(reference__year__lte=filters.year_to)
    return studies


def countries(review: Review) -> list[str]:
    found = Coding.objects.filter(
        reference__review=review, reference__status=Status.INCLUDED
    ).exclude(country="")
    return sorted(set(found.values_list("country", flat=True)), key=str.casefold)


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Cell:
    dimension: Dimension
    column: Column
    total: int = 0
    by_type: list[tuple[str, str, int]] = field(default_factory=list)  # key, label, count

    @property
    def gap(self) -> bool:
        return self.total == 0

    @property
    def thin(self) -> bool:
        return 0 < self.total <= THIN

    @property
    def main_type(self) -> str:
        return max(self.by_type, key=lambda t: t[2])[0] if self.by_type else ""


@dataclass(frozen=True)
class Row:
    dimension: Dimension
    cells: list[Cell]
    total: int


@dataclass(frozen=True)
class EvidenceMap:
    columns: list[Column]
    rows: list[Row]
    studies: int
    empty_rows: list[Dimension]


def map_columns(by: str) -> list[Column]:
    if by == "themes":
        return [Column(str(t.number), t.name) for t in PlaceTheme.objects.order_by("number")]
    return [Column(key, str(label)) for key, label in StudyType.choices]


def evidence_map(review: Review, *, by: str, filters: Filters) -> EvidenceMap:
    """Dimensions × study types (or × place themes): studies per cell by evidence type, each
    counted once in a cell, in two queries."""
    studies = coded_studies(review, filters)
    columns = map_columns(by)
    column_field = "themes__number" if by == "themes" else "study_type"
    counts: Counter[tuple[str, str, str]] = Counter()
    rows_found = studies.values_list("pk", "dimensions__slug", column_field, "evidence_type")
    seen: set[tuple[int, str, str]] = set()
    for pk, slug, column, evidence in rows_found:
        if slug is None or column is None or (pk, slug, str(column)) in seen:
            continue
        seen.add((pk, slug, str(column)))
        counts[(slug, str(column), evidence)] += 1
    labels = dict(EvidenceType.choices)
    rows = []
    empty = []
    for dimension in Dimension.objects.order_by("order"):
        cells = []
        for column in columns:
            by_type = [
                (key, str(labels[key]), counts[(dimension.slug, column.key, key)])
                for key in EvidenceType.values
                if counts[(dimension.slug, column.key, key)]
            ]
            cells.append(Cell(dimension, column, sum(n for _k, _l, n in by_type), by_type))
        total = len({pk for pk, slug, _c in seen if slug == dimension.slug})
        rows.append(Row(dimension, cells, total))
        if not total:
            empty.append(dimension)
    return EvidenceMap(columns, rows, studies.count(), empty)


def cell_studies(
    review: Review, *, dimension: Dimension, by: str, column: str, filters: Filters
) -> QuerySet[Coding]:
    studies = coded_studies(review, filters).filter(dimensions=dimension)
    studies = (
        studies.filter(themes__number=column)
        if by == "themes"
        else studies.filter(study_type=column)
    )
    return studies.select_related("reference").distinct().order_by("-reference__year", "pk")


# --- key sources, for the framework's pages and for briefs ------------------------------------


@dataclass(frozen=True)
class KeySource:
    citation: str
    language: str  # of the title: a language tag, or "" when not known
    year: int | None
    doi: str
    url: str
    study_type: str  # the label, in the active language
    study_type_key: str
    findings: str
    review_id: int


def key_sources(dimension: Dimension | str, limit: int = 5) -> list[KeySource]:
    """Included, coded studies of published reviews for ``dimension`` (the object or its
    slug): key sources first, then syntheses, then the newest."""
    slug = dimension if isinstance(dimension, str) else dimension.slug
    codings = (
        Coding.objects.filter(
            dimensions__slug=slug,
            reference__status=Status.INCLUDED,
            reference__review__published=True,
        )
        .select_related("reference")
        .order_by("-key_source", "-reference__year", "pk")
        .distinct()
    )
    found = []
    types = dict(StudyType.choices)
    for coding in sorted(
        codings[:200],
        key=lambda c: (
            not c.key_source,
            c.study_type != StudyType.REVIEW,
            -(c.reference.year or 0),
        ),
    ):
        reference = coding.reference
        found.append(
            KeySource(
                citation=reference.citation,
                language=reference.language,
                year=reference.year,
                doi=reference.doi,
                url=f"https://doi.org/{reference.doi}" if reference.doi else reference.url,
                study_type=str(types.get(coding.study_type, coding.study_type)),
                study_type_key=coding.study_type,
                findings=coding.findings,
                review_id=reference.review_id,
            )
        )
        if len(found) == limit:
            break
    return found


def key_sources_section(dimension: Any) -> dict[str, Any] | None:
    sources = key_sources(dimension)
    reviews = [r for r in published_reviews() if getattr(r, "study_count", 0)][:3]
    if not sources and not reviews:
        return None
    return {"sources": sources, "reviews": reviews}


def scales() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in Scale.choices]


def record_of(reference: Reference) -> formats.Record:
    """The stored reference as a record of a reference file, as the importer read it."""
    return formats.Record(
        title=reference.title,
        position=reference.position,
        abstract=reference.abstract,
        authors=tuple(reference.authors),
        year=reference.year,
        journal=reference.journal,
        doi=reference.doi,
        url=reference.url,
        keywords=tuple(reference.keywords),
        kind=reference.kind,
        volume=reference.volume,
        issue=reference.issue,
        pages=reference.pages,
        label=reference.file_label,
        language=reference.language,
    )
