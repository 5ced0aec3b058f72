import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from soslokal.core.sections import dimension_sections
from soslokal.framework import selectors


@require_safe
def framework_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "framework/overview.html",
        {
            "framework": selectors.framework_current(),
            "dimensions": selectors.dimensions_with_links(),
            "themes": selectors.themes_with_dimensions(),
        },
    )


@require_safe
def dimension_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dimension = selectors.dimensions_with_links().filter(slug=slug).first()
    framework = selectors.framework_current()
    if dimension is None or framework is None:
        raise Http404
    sources = [s for s in framework.sources if s["id"] in dimension.source_ids]
    return render(
        request,
        "framework/dimension_detail.html",
        {
            "framework": framework,
            "dimension": dimension,
            "sources": sources,
            "sections": dimension_sections(dimension),
        },
    )


@require_safe
def framework_export(request: HttpRequest) -> HttpResponse:
    document = selectors.framework_document()
    if document is None:
        raise Http404
    response = HttpResponse(
        json.dumps(document.to_dict(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"soslokal-framework-{document.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
