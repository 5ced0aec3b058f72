"""Everything that changes the evidence library: reviews, imports (preview, then confirm, all
or nothing), screening decisions and their conflicts, and the coding of included studies."""

import dataclasses
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from soslokal.core.models import Municipality
from soslokal.evidence import dedupe, formats, selectors
from soslokal.evidence.models import (
    Coding,
    Decision,
    EvidenceType,
    ImportBatch,
    MergeRecord,
    Reference,
    Review,
    Scale,
    Status,
    StudyType,
)
from soslokal.framework.models import Dimension, PlaceTheme, SdgTarget

TEXT_LIMIT = 5000


def _text(value: str, limit: int, *, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError(required)
    if len(value) > limit:
        raise ValidationError(_("Write at most %(n)s characters.") % {"n": limit})
    return value


# --- reviews -------------------------------------------------------------------------------------


def review_create(
    *,
    municipality: Municipality,
    title: str,
    question: str = "",
    reviewers_per_record: int = 1,
    is_demo: bool = False,
) -> Review:
    if reviewers_per_record not in (1, 2):
        raise ValidationError(_("A record is screened by one or two reviewers."))
    return Review.objects.create(
        municipality=municipality,
        title=_text(title, 200, required=_("Give the review a title.")),
        question=_text(question, TEXT_LIMIT),
        reviewers_per_record=reviewers_per_record,
        is_demo=is_demo,
    )


@transaction.atomic
def review_update(
    *, review: Review, title: str, question: str, reviewers_per_record: int, published: bool
) -> Review:
    if reviewers_per_record not in (1, 2):
        raise ValidationError(_("A record is screened by one or two reviewers."))
    changed_reviewers = reviewers_per_record != review.reviewers_per_record
    review.title = _text(title, 200, required=_("Give the review a title."))
    review.question = _text(question, TEXT_LIMIT)
    review.reviewers_per_record = reviewers_per_record
    review.published = published
    review.save()
    if changed_reviewers:
        for reference in review.references.filter(resolved_by=None).exclude(
            status=Status.UNSCREENED
        ):
            _update_status(reference, review)
    return review


# --- imports -------------------------------------------------------------------------------------


class ImportRefused(ValueError):
    """A file that cannot be imported; ``message`` is for people, already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_upload_bytes() -> int:
    return int(settings.SOSLOKAL_EVIDENCE_MAX_UPLOAD_MB) * 1024 * 1024


def refusal_message(error: formats.ReferenceFileError) -> str:
    messages = {
        formats.Problem.EMPTY: _("The file is empty."),
        formats.Problem.BINARY: _(
            "The file is not text in a known encoding (UTF-8, UTF-16 with a byte-order mark, "
            "Latin-1) nor an XLSX spreadsheet."
        ),
        formats.Problem.UNKNOWN_FORMAT: _(
            "The file is none of the formats we read: RIS, BibTeX, Web of Science or PubMed "
            "text, CSV or XLSX."
        ),
        formats.Problem.NO_TITLE_COLUMN: _(
            "The table has no column for the title. Columns found: %(detail)s."
        ),
        formats.Problem.BROKEN_SPREADSHEET: _("The spreadsheet cannot be read; it may be damaged."),
        formats.Problem.TOO_MANY_RECORDS: _(
            "The file holds more than %(detail)s records; split it into smaller files."
        ),
        formats.Problem.NO_RECORDS: _("The file holds no references."),
    }
    return messages[error.problem] % {"detail": error.detail}


def _record_to_json(record: formats.Record) -> dict[str, Any]:
    data = dataclasses.asdict(record)
    data["notes"] = [[note.value, value] for note, value in record.notes]
    return data


def _record_from_json(data: dict[str, Any]) -> formats.Record:
    values = dict(data)
    values["authors"] = tuple(values.get("authors", ()))
    values["keywords"] = tuple(values.get("keywords", ()))
    values["notes"] = tuple((formats.Note(n), v) for n, v in values.get("notes", ()))
    return formats.Record(**values)


def _existing(review: Review) -> tuple[list[Reference], list[formats.Record]]:
    references = list(Reference.objects.filter(review=review).order_by("pk"))
    return references, [selectors.record_of(r) for r in references]


def import_report(
    review: Review, records: list[formats.Record], skipped: Iterable[formats.Skip]
) -> dict[str, Any]:
    """What confirming would do: counts, the first records, skipped ones, duplicates."""
    references, existing = _existing(review)
    plan = dedupe.plan(records, existing)
    duplicates = []
    for merge in plan.merges:
        kept = references[merge.kept].title if merge.into_existing else records[merge.kept].title
        duplicates.append(
            {
                "position": records[merge.duplicate].position,
                "title": records[merge.duplicate].title[:200],
                "kept": kept[:200],
                "existing": merge.into_existing,
                "matched_by": merge.matched_by,
                "fields": list(merge.fields_taken),
            }
        )
    return {
        "total": len(records) + len(list(skipped)),
        "to_add": len(plan.records),
        "duplicates": duplicates,
        "first": [
            {
                "title": r.title[:300],
                "authors": list(r.authors[:3]),
                "more_authors": len(r.authors) > 3,
                "year": r.year,
                "journal": r.journal,
                "doi": r.doi,
                "has_abstract": bool(r.abstract),
            }
            for r in plan.records[:5]
        ],
        "unclear_years": [
            {"position": r.position, "value": value, "title": r.title[:120]}
            for r in records
            for note, value in r.notes
            if note is formats.Note.YEAR_NOT_UNDERSTOOD
        ][:50],
        "with_labels": sum(1 for r in records if r.label is not None),
    }


@transaction.atomic
def import_preview(*, review: Review, filename: str, data: bytes, user: User | None) -> ImportBatch:
    """Read ``data`` and keep it waiting for confirmation, with the report of what confirming
    would do; raises ``ImportRefused`` (nothing kept) for a file that cannot be imported."""
    if len(data) > max_upload_bytes():
        raise ImportRefused(
            _("The file is larger than %(n)s MB; split it into smaller files.")
            % {"n": settings.SOSLOKAL_EVIDENCE_MAX_UPLOAD_MB}
        )
    try:
        parsed = formats.parse(data, filename)
    except formats.ReferenceFileError as error:
        raise ImportRefused(refusal_message(error)) from error
    if not parsed.records:
        raise ImportRefused(
            _("None of the %(n)s records in the file has a title; nothing can be imported.")
            % {"n": len(parsed.skipped)}
        )
    report = import_report(review, parsed.records, parsed.skipped)
    report["skipped"] = [
        {"position": s.position, "reason": s.reason.value, "hint": s.hint} for s in parsed.skipped
    ]
    # An abandoned preview is replaced by the next one.
    review.batches.filter(status=ImportBatch.Status.PENDING).delete()
    return ImportBatch.objects.create(
        review=review,
        filename=filename[:255] or "upload",
        format=parsed.format,
        encoding=parsed.encoding,
        status=ImportBatch.Status.PENDING,
        payload=[_record_to_json(r) for r in parsed.records],
        report=report,
        skipped=len(parsed.skipped),
        created_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def import_confirm(*, batch: ImportBatch) -> ImportBatch:
    """Add the waiting records and merge their duplicates, all in one transaction; once it is
    committed, build the TF-IDF matrix of the new set of records for screening."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PENDING:
        raise ImportRefused(_("This import has already been confirmed."))
    review = Review.objects.select_for_update().get(pk=batch.review_id)
    records = [_record_from_json(r) for r in batch.payload]
    references, existing = _existing(review)
    plan = dedupe.plan(records, existing)

    created = Reference.objects.bulk_create(
        [_reference(review, batch, record) for record in plan.records], batch_size=500
    )
    by_new_index = dict(zip(plan.record_index, created, strict=True))
    for index, record in plan.existing_updates.items():
        reference = references[index]
        for name in dedupe.MERGED_FIELDS:
            value = getattr(record, name)
            setattr(reference, name, list(value) if isinstance(value, tuple) else value)
        if reference.file_label is None:
            reference.file_label = record.label
        reference.save()
    MergeRecord.objects.bulk_create(
        [
            MergeRecord(
                reference=references[m.kept] if m.into_existing else by_new_index[m.kept],
                batch=batch,
                matched_by=m.matched_by,
                duplicate=_record_to_json(records[m.duplicate]),
                fields_taken=list(m.fields_taken),
            )
            for m in plan.merges
        ],
        batch_size=500,
    )
    batch.status = ImportBatch.Status.DONE
    batch.added = len(created)
    batch.merged = len(plan.merges)
    batch.payload = []
    batch.save()
    Review.objects.filter(pk=review.pk).update(records_version=F("records_version") + 1)
    transaction.on_commit(lambda: selectors.review_features(Review.objects.get(pk=review.pk)))
    return batch


def _reference(review: Review, batch: ImportBatch, record: formats.Record) -> Reference:
    return Reference(
        review=review,
        batch=batch,
        position=record.position,
        title=record.title,
        abstract=record.abstract,
        authors=list(record.authors),
        year=record.year if record.year and 0 < record.year < 32768 else None,
        journal=record.journal,
        doi=record.doi,
        url=record.url,
        keywords=list(record.keywords),
        kind=record.kind,
        volume=record.volume,
        issue=record.issue,
        pages=record.pages[:81],
        file_label=record.label,
        notes=[[note.value, value] for note, value in record.notes],
        language=record.language or formats.guess_language(record.title, record.abstract),
    )


def import_discard(*, batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.PENDING:
        batch.delete()


# --- screening -----------------------------------------------------------------------------------


def _status_of(choices: list[str], needed: int) -> str:
    if not choices:
        return Status.UNSCREENED
    if len(choices) < needed:
        return Status.PARTLY
    if len(set(choices)) > 1:
        return Status.CONFLICT
    return {
        Decision.Choice.INCLUDE: Status.INCLUDED,
        Decision.Choice.EXCLUDE: Status.EXCLUDED,
        Decision.Choice.MAYBE: Status.MAYBE,
    }[Decision.Choice(choices[0])]


def _update_status(reference: Reference, review: Review) -> None:
    choices = list(reference.decisions.values_list("choice", flat=True))
    status = _status_of(choices, review.reviewers_per_record)
    if status != reference.status:
        reference.status = status
        reference.save(update_fields=["status"])


def _check_choice(choice: str, reason: str) -> tuple[str, str]:
    if choice not in Decision.Choice.values:
        raise ValidationError(_("Choose include, exclude or maybe."))
    if choice == Decision.Choice.EXCLUDE:
        if reason not in Decision.Reason.values:
            raise ValidationError(_("Give a reason for excluding the record."))
        return choice, reason
    return choice, ""


@transaction.atomic
def decision_record(
    *,
    reference: Reference,
    reviewer: User,
    choice: str,
    reason: str = "",
    note: str = "",
) -> Decision:
    """``reviewer``'s decision on ``reference`` (a second decision replaces their first).
    A record already decided by as many other reviewers as the review asks for, or settled
    by resolving a conflict, takes no more decisions."""
    reference = Reference.objects.select_for_update().select_related("review").get(pk=reference.pk)
    choice, reason = _check_choice(choice, reason)
    note = _text(note, 500)
    review = reference.review
    others = reference.decisions.exclude(reviewer=reviewer).count()
    if reference.resolved_by_id is not None or others >= review.reviewers_per_record:
        raise ValidationError(_("This record has already been screened by enough reviewers."))
    decision, _created = Decision.objects.update_or_create(
        reference=reference,
        reviewer=reviewer,
        defaults={"choice": choice, "reason": reason, "note": note},
    )
    _update_status(reference, review)
    return decision


@transaction.atomic
def conflict_resolve(
    *, reference: Reference, user: User, choice: str, reason: str = ""
) -> Reference:
    """Settle a record the reviewers disagree on, or one marked maybe."""
    reference = Reference.objects.select_for_update().get(pk=reference.pk)
    if reference.status not in (Status.CONFLICT, Status.MAYBE):
        raise ValidationError(_("Only a conflict or a maybe can be resolved."))
    choice, _reason = _check_choice(choice, reason)
    if choice == Decision.Choice.MAYBE:
        raise ValidationError(_("Resolve by including or excluding the record."))
    reference.status = Status.INCLUDED if choice == Decision.Choice.INCLUDE else Status.EXCLUDED
    reference.resolved_by = user
    reference.save(update_fields=["status", "resolved_by"])
    return reference


# --- coding --------------------------------------------------------------------------------------


@transaction.atomic
def coding_save(
    *,
    reference: Reference,
    user: User | None,
    dimensions: Iterable[Dimension],
    themes: Iterable[PlaceTheme] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    study_type: str,
    evidence_type: str,
    scale: str,
    country: str = "",
    findings: str = "",
    key_source: bool = False,
) -> Coding:
    if reference.status != Status.INCLUDED:
        raise ValidationError(_("Only included studies are coded."))
    dimensions = list(dimensions)
    if not dimensions:
        raise ValidationError(_("Choose at least one dimension."))
    if study_type not in StudyType.values:
        raise ValidationError(_("Choose a study type."))
    if evidence_type not in EvidenceType.values:
        raise ValidationError(_("Choose an evidence type."))
    if scale not in Scale.values:
        raise ValidationError(_("Choose a scale."))
    coding, _created = Coding.objects.update_or_create(
        reference=reference,
        defaults={
            "study_type": study_type,
            "evidence_type": evidence_type,
            "scale": scale,
            "country": " ".join(_text(country, 100).split()),
            "findings": _text(findings, TEXT_LIMIT),
            "key_source": key_source,
            "coded_by": user if user is not None and user.is_authenticated else None,
        },
    )
    coding.dimensions.set(dimensions)
    coding.themes.set(list(themes))
    coding.sdg_targets.set(list(sdg_targets))
    return coding
