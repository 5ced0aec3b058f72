"""Imports (preview, confirm, all or nothing, duplicates), decisions, conflicts and coding."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from soslokal.evidence import services
from soslokal.evidence.models import (
    Decision,
    ImportBatch,
    MergeRecord,
    Reference,
    Status,
)
from soslokal.framework.models import Dimension
from tests.evidence.conftest import EXAMPLES, RIS
from tests.factories import ReferenceFactory, UserFactory


def imported(review, data, name="search.ris"):
    batch = services.import_preview(review=review, filename=name, data=data, user=None)
    return services.import_confirm(batch=batch)


def test_preview_adds_nothing_and_reports_what_confirming_would_do(review):
    batch = services.import_preview(review=review, filename="s.ris", data=RIS.encode(), user=None)
    assert Reference.objects.count() == 0
    assert batch.status == ImportBatch.Status.PENDING
    assert batch.report["total"] == 3 and batch.report["to_add"] == 2
    assert batch.report["skipped"] == [
        {"position": 3, "reason": "no_title", "hint": "A record without a title."}
    ]
    assert batch.report["first"][0]["title"] == "Social trust in Norwegian neighbourhoods"


def test_confirm_adds_the_records_once(review):
    batch = imported(review, RIS.encode())
    assert (batch.added, batch.skipped, batch.merged) == (2, 1, 0)
    assert review.references.count() == 2
    # The file does not say their language; their words do.
    assert set(review.references.values_list("language", flat=True)) == {"en"}
    with pytest.raises(services.ImportRefused):
        services.import_confirm(batch=batch)
    assert review.references.count() == 2
    review.refresh_from_db()
    assert review.records_version == 1


def test_confirming_an_import_builds_the_screening_matrix(
    review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        imported(review, RIS.encode())
    review.refresh_from_db()
    ids, matrix = cache.get(f"evidence:tfidf:{review.pk}:{review.records_version}")
    assert ids == sorted(review.references.values_list("pk", flat=True))
    assert matrix.shape[0] == 2


def test_duplicates_by_doi_and_by_title_are_merged_with_a_record(review):
    imported(review, RIS.encode())
    again = RIS.replace("PY  - 2021", "PY  - 2021\nDO  - 10.1234/parks.2").replace(
        "TI  - Social trust in Norwegian neighbourhoods",
        "TI  - SOCIAL TRUST in Norwegian neighbourhoods.",
    )
    batch = imported(review, again.encode())
    assert (batch.added, batch.merged) == (0, 2)
    merges = {m.matched_by: m for m in MergeRecord.objects.all()}
    assert set(merges) == {"doi", "title"}
    assert merges["title"].fields_taken == ["doi"]
    parks = Reference.objects.get(title__startswith="Parks")
    assert parks.doi == "10.1234/parks.2"  # the field the kept record lacked
    assert merges["title"].reference == parks


def test_duplicates_inside_one_file_are_merged(review):
    data = (EXAMPLES / "duplicate_records.csv").read_bytes()
    batch = imported(review, data, "duplicate_records.csv")
    # a/a by title; "10.3" (b, c) is no DOI (no prefix/suffix), so b and c stay apart;
    # four rows without a title are skipped.
    assert (batch.added, batch.merged, batch.skipped) == (9, 1, 4)


def test_an_import_that_fails_half_way_leaves_nothing(review, monkeypatch):
    batch = services.import_preview(review=review, filename="s.ris", data=RIS.encode(), user=None)

    def broken(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(MergeRecord.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        services.import_confirm(batch=batch)
    assert review.references.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01binary",
        b"name,email\nx,y\n",
        RIS.encode("utf-16")[:7],
        b"TY  - JOUR\nAB  - x\nER  -\n",
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_kept(review, data):
    with pytest.raises(services.ImportRefused) as caught:
        services.import_preview(review=review, filename="bad.txt", data=data, user=None)
    assert caught.value.message
    assert not ImportBatch.objects.exists() and not Reference.objects.exists()


def test_a_file_over_the_limit_is_refused(review, settings):
    settings.SOSLOKAL_EVIDENCE_MAX_UPLOAD_MB = 1
    with pytest.raises(services.ImportRefused) as caught:
        services.import_preview(
            review=review, filename="big.ris", data=b"x" * (1024 * 1024 + 1), user=None
        )
    assert "1 MB" in caught.value.message


def test_excluding_needs_a_reason(review):
    reference = ReferenceFactory(review=review)
    with pytest.raises(ValidationError):
        services.decision_record(reference=reference, reviewer=UserFactory(), choice="exclude")
    assert not Decision.objects.exists()


def test_two_reviewers_who_disagree_make_a_conflict_that_is_resolved(review):
    review.reviewers_per_record = 2
    review.save()
    reference = ReferenceFactory(review=review)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    services.decision_record(reference=reference, reviewer=first, choice="include")
    reference.refresh_from_db()
    assert reference.status == Status.PARTLY
    services.decision_record(reference=reference, reviewer=second, choice="exclude", reason="topic")
    reference.refresh_from_db()
    assert reference.status == Status.CONFLICT
    with pytest.raises(ValidationError):
        services.decision_record(reference=reference, reviewer=third, choice="include")
    services.conflict_resolve(reference=reference, user=third, choice="include")
    reference.refresh_from_db()
    assert reference.status == Status.INCLUDED and reference.resolved_by == third


def test_agreeing_reviewers_settle_the_record(review):
    review.reviewers_per_record = 2
    review.save()
    reference = ReferenceFactory(review=review)
    for user in (UserFactory(), UserFactory()):
        services.decision_record(
            reference=reference, reviewer=user, choice="exclude", reason="design"
        )
    reference.refresh_from_db()
    assert reference.status == Status.EXCLUDED


def test_only_included_studies_are_coded_and_need_a_dimension(review, framework):
    reference = ReferenceFactory(review=review)
    values = {"study_type": "qualitative", "evidence_type": "empirical", "scale": "local"}
    with pytest.raises(ValidationError):
        services.coding_save(
            reference=reference, user=None, dimensions=Dimension.objects.all()[:1], **values
        )
    reference.status = Status.INCLUDED
    reference.save()
    with pytest.raises(ValidationError):
        services.coding_save(reference=reference, user=None, dimensions=[], **values)
    coding = services.coding_save(
        reference=reference,
        user=None,
        dimensions=Dimension.objects.all()[:2],
        country=" Norway ",
        **values,
    )
    assert coding.dimensions.count() == 2 and coding.country == "Norway"
