"""Staff pages of the evidence library, scoped to the municipality in the URL: reviews,
imports with their preview, screening, conflicts, coding and exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from soslokal.core.access import staff_view
from soslokal.core.models import Membership
from soslokal.evidence import exports, selectors, services
from soslokal.evidence.forms import (
    CodingForm,
    DecisionForm,
    ResolveForm,
    ReviewForm,
    UploadForm,
)
from soslokal.evidence.models import Decision, ImportBatch, Reference, Review, Status

REVIEWER = Membership.Role.FACILITATOR
LEAD = Membership.Role.ANALYST


def _review(membership: Membership, review_id: int) -> Review:
    try:
        return selectors.review_get(membership.municipality, review_id)
    except Review.DoesNotExist as error:
        raise Http404 from error


def _reference(review: Review, reference_id: int | str | None) -> Reference:
    if not str(reference_id or "").isdigit():
        raise Http404
    try:
        return selectors.reference_get(review, int(str(reference_id)))
    except Reference.DoesNotExist as error:
        raise Http404 from error


def _context(membership: Membership, **more: object) -> dict[str, object]:
    return {
        "membership": membership,
        "municipality": membership.municipality,
        "can_screen": membership.allows(REVIEWER),
        "can_lead": membership.allows(LEAD),
        **more,
    }


@staff_view()
def review_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "evidence/staff/review_list.html",
        _context(membership, reviews=selectors.reviews_of(membership.municipality)),
    )


@staff_view(role=LEAD)
def review_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.review_create(
                municipality=membership.municipality,
                title=data["title"],
                question=data["question"],
                reviewers_per_record=data["reviewers_per_record"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review is created. Import its references next."))
            return redirect("evidence_staff:review", membership.municipality.number, review.pk)
    return render(
        request,
        "evidence/staff/review_form.html",
        _context(membership, form=form, review=None),
        status=400 if form.errors else 200,
    )


@staff_view(role=LEAD)
def review_edit(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    review = _review(membership, review_id)
    form = ReviewForm(
        request.POST or None,
        initial={
            "title": review.title,
            "question": review.question,
            "reviewers_per_record": review.reviewers_per_record,
            "published": review.published,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_update(review=review, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review's settings are saved."))
            return redirect("evidence_staff:review", membership.municipality.number, review.pk)
    return render(
        request,
        "evidence/staff/review_form.html",
        _context(membership, form=form, review=review),
        status=400 if form.errors else 200,
    )


@staff_view()
def review_detail(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    review = _review(membership, review_id)
    return render(
        request,
        "evidence/staff/review_detail.html",
        _context(
            membership,
            review=review,
            progress=selectors.progress(review),
            batches=selectors.batches_of(review),
            pending=review.batches.filter(status=ImportBatch.Status.PENDING).first(),
            conflicts=selectors.to_resolve(review).count(),
        ),
    )


# --- imports -------------------------------------------------------------------------------------


@staff_view(role=LEAD)
def import_upload(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    review = _review(membership, review_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = services.max_upload_bytes()
        data = upload.read(limit + 1)
        try:
            batch = services.import_preview(
                review=review,
                filename=upload.name or "",
                data=data,
                user=request.user,  # type: ignore[arg-type]
            )
        except services.ImportRefused as error:
            form.add_error("file", error.message)
        else:
            return redirect(
                "evidence_staff:import_preview", membership.municipality.number, review.pk, batch.pk
            )
    return render(
        request,
        "evidence/staff/import_form.html",
        _context(membership, form=form, review=review),
        status=400 if form.errors else 200,
    )


@staff_view(role=LEAD)
def import_preview(
    request: HttpRequest, membership: Membership, review_id: int, batch_id: int
) -> HttpResponse:
    review = _review(membership, review_id)
    try:
        batch = selectors.batch_get(review, batch_id)
    except ImportBatch.DoesNotExist as error:
        raise Http404 from error
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.import_discard(batch=batch)
            messages.info(request, _("The import was cancelled; nothing was added."))
            return redirect("evidence_staff:review", membership.municipality.number, review.pk)
        try:
            batch = services.import_confirm(batch=batch)
        except services.ImportRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Imported %(added)s records; %(merged)s duplicates were merged.")
                % {"added": batch.added, "merged": batch.merged},
            )
        return redirect(
            "evidence_staff:import_preview", membership.municipality.number, review.pk, batch.pk
        )
    merges = batch.merges.select_related("reference") if batch.status == "done" else []
    return render(
        request,
        "evidence/staff/import_preview.html",
        _context(membership, review=review, batch=batch, report=batch.report, merges=merges),
    )


# --- screening -----------------------------------------------------------------------------------


@staff_view(role=REVIEWER)
def screen(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    """One record at a time: decide, and the next most likely relevant record follows."""
    review = _review(membership, review_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        reference = _reference(review, request.POST.get("reference"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decision_record(
                    reference=reference,
                    reviewer=request.user,  # type: ignore[arg-type]
                    choice=data["choice"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("evidence_staff:screen", membership.municipality.number, review.pk)
        queue = selectors.screening_queue(review, request.user)  # type: ignore[arg-type]
    else:
        queue = selectors.screening_queue(review, request.user)  # type: ignore[arg-type]
        reference = queue.next  # type: ignore[assignment]
        form = DecisionForm(initial={"reason": Decision.Reason.TOPIC})
    last = (
        Decision.objects.filter(reference__review=review, reviewer=request.user)  # type: ignore[misc]
        .select_related("reference")
        .order_by("-created_at", "-pk")
        .first()
    )
    return render(
        request,
        "evidence/staff/screen.html",
        _context(
            membership,
            review=review,
            reference=reference,
            queue=queue,
            form=form,
            progress=selectors.progress(review),
            last=last,
            reasons=Decision.Reason.choices,
        ),
        status=400 if form.errors else 200,
    )


@staff_view()
def reference_detail(
    request: HttpRequest, membership: Membership, review_id: int, reference_id: int
) -> HttpResponse:
    review = _review(membership, review_id)
    reference = _reference(review, reference_id)
    return render(
        request,
        "evidence/staff/reference_detail.html",
        _context(
            membership,
            review=review,
            reference=reference,
            decisions=reference.decisions.select_related("reviewer"),
            merges=reference.merges.all(),
        ),
    )


@staff_view(role=LEAD)
def resolve(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    review = _review(membership, review_id)
    form = ResolveForm(request.POST or None)
    if request.method == "POST":
        reference = _reference(review, request.POST.get("reference"))
        if form.is_valid():
            try:
                services.conflict_resolve(
                    reference=reference,
                    user=request.user,  # type: ignore[arg-type]
                    choice=form.cleaned_data["choice"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Resolved: %(title)s") % {"title": reference.title})
        return redirect("evidence_staff:resolve", membership.municipality.number, review.pk)
    return render(
        request,
        "evidence/staff/resolve.html",
        _context(
            membership,
            review=review,
            references=selectors.to_resolve(review),
            reasons=Decision.Reason.choices,
        ),
    )


# --- coding and exports --------------------------------------------------------------------------


@staff_view()
def included_list(request: HttpRequest, membership: Membership, review_id: int) -> HttpResponse:
    review = _review(membership, review_id)
    return render(
        request,
        "evidence/staff/included.html",
        _context(membership, review=review, references=selectors.included(review)),
    )


@staff_view(role=REVIEWER)
def coding_edit(
    request: HttpRequest, membership: Membership, review_id: int, reference_id: int
) -> HttpResponse:
    review = _review(membership, review_id)
    reference = _reference(review, reference_id)
    if reference.status != Status.INCLUDED:
        raise Http404
    coding = getattr(reference, "coding", None)
    initial = {}
    if coding is not None:
        initial = {
            "dimensions": list(coding.dimensions.all()),
            "themes": list(coding.themes.all()),
            "sdg_targets": list(coding.sdg_targets.all()),
            "study_type": coding.study_type,
            "evidence_type": coding.evidence_type,
            "scale": coding.scale,
            "country": coding.country,
            "findings": coding.findings,
            "key_source": coding.key_source,
        }
    form = CodingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coding_save(reference=reference, user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The coding is saved."))
            return redirect("evidence_staff:included", membership.municipality.number, review.pk)
    return render(
        request,
        "evidence/staff/coding_form.html",
        _context(membership, review=review, reference=reference, form=form),
        status=400 if form.errors else 200,
    )


@staff_view()
def export(request: HttpRequest, membership: Membership, review_id: int, kind: str) -> HttpResponse:
    review = _review(membership, review_id)
    if kind not in exports.KINDS:
        raise Http404
    content, media_type = exports.included_export(review, kind)
    response = HttpResponse(content, content_type=media_type)
    filename = f"{slugify(review.title) or 'review'}-included.{exports.KINDS[kind]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
