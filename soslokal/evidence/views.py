"""The public evidence map of a published review, and the studies behind each cell."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from soslokal.evidence import selectors
from soslokal.evidence.forms import MapFilterForm
from soslokal.evidence.models import EvidenceType, Review, StudyType
from soslokal.framework.models import Dimension, PlaceTheme

BY = ("types", "themes")


def _review(review_id: int) -> Review:
    try:
        return selectors.published_review(review_id)
    except Review.DoesNotExist as error:
        raise Http404 from error


def _filters(request: HttpRequest, review: Review) -> tuple[MapFilterForm, selectors.Filters]:
    form = MapFilterForm(request.GET or None, countries=selectors.countries(review))
    if not request.GET or not form.is_valid():
        # A filter not understood is left out rather than refused: the map still shows.
        valid = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
        return form, selectors.Filters(**valid)
    data = form.cleaned_data
    return form, selectors.Filters(
        country=data["country"] or "",
        scale=data["scale"] or "",
        year_from=data["year_from"],
        year_to=data["year_to"],
    )


@require_safe
def review_index(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/index.html", {"reviews": selectors.published_reviews()})


@require_safe
def evidence_map(request: HttpRequest, review_id: int, by: str = "types") -> HttpResponse:
    review = _review(review_id)
    form, filters = _filters(request, review)
    return render(
        request,
        "evidence/map.html",
        {
            "review": review,
            "by": by,
            "form": form,
            "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
            "map": selectors.evidence_map(review, by=by, filters=filters),
            "evidence_types": EvidenceType.choices,
            "thin": selectors.THIN,
        },
    )


@require_safe
def cell(
    request: HttpRequest, review_id: int, by: str, dimension: str, column: str
) -> HttpResponse:
    review = _review(review_id)
    if by not in BY:
        raise Http404
    try:
        found = Dimension.objects.get(slug=dimension)
    except Dimension.DoesNotExist as error:
        raise Http404 from error
    if by == "themes":
        theme = PlaceTheme.objects.filter(number=column if column.isdigit() else -1).first()
        if theme is None:
            raise Http404
        column_label = theme.name
    else:
        if column not in StudyType.values:
            raise Http404
        column_label = str(StudyType(column).label)
    form, filters = _filters(request, review)
    studies = selectors.cell_studies(review, dimension=found, by=by, column=column, filters=filters)
    return render(
        request,
        "evidence/cell.html",
        {
            "review": review,
            "by": by,
            "dimension": found,
            "column_label": column_label,
            "studies": studies,
            "filters": filters,
            "query": request.GET.urlencode() if form.is_bound and form.is_valid() else "",
        },
    )
