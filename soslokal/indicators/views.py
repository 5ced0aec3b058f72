import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from soslokal.indicators import selectors
from soslokal.indicators.profile import CLEARLY_MARGIN


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "indicators/catalogue.html",
        {"dimensions": selectors.catalogue_by_dimension()},
    )


@require_safe
def profile(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_profile(code)
    if region is None:
        raise Http404
    built = selectors.profile_build(region)
    if not built.count:
        raise Http404
    return render(
        request,
        "indicators/profile.html",
        {
            "profile": built,
            "region": region,
            "margin": round(CLEARLY_MARGIN * 100),
            "districts": selectors.districts_with_figures(region),
        },
    )


@require_safe
def profile_csv(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.region_for_profile(code)
    if region is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="soslokal-indicators-{code}.csv"'
    response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "indicator",
            _("Indicator"),
            "region",
            _("Region"),
            "period",
            "breakdown",
            "value",
            "status",
            "unit",
            "source",
            "source_updated",
            "harmonisation",
        ]
    )
    for row in selectors.profile_rows(region):
        writer.writerow(
            [
                row.indicator_id,
                row.indicator.name,
                row.region_id,
                row.region.name,
                row.period,
                row.breakdown,
                "" if row.value is None else repr(row.value).removesuffix(".0"),
                row.status,
                row.indicator.unit,
                row.source,
                row.source_updated.isoformat() if row.source_updated else "",
                row.harmonisation,
            ]
        )
    return response
