"""Brief builder pages for staff under ``/staff/<number>/briefs/``, and the public pages of
published briefs under ``/briefs/<number>/``.

A brief is drawn in its own language whatever language the reader's interface uses: the
brief's part of each page is rendered under ``translation.override(brief language)``."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from soslokal.briefs import selectors, services
from soslokal.briefs.forms import BriefForm, TextsForm
from soslokal.briefs.models import Brief, BriefVersion
from soslokal.briefs.readability import lix
from soslokal.briefs.writing import SECTIONS, SUMMARY
from soslokal.core.access import staff_view
from soslokal.core.models import Area, Membership, Municipality
from soslokal.core.pdf import html_to_pdf
from soslokal.framework.models import Dimension, PlaceTheme

ANALYST = Membership.Role.ANALYST
PRINT_CSS = Path(__file__).resolve().parent / "static" / "briefs" / "print.css"
LIX_TARGET = {"summary": 40, "other": 50}  # UX.md: under 40 for the summary, 50 elsewhere


def brief_html(content: dict[str, Any], *, heading: int = 1, state: str = "") -> SafeString:
    """The brief's own part of a page (or of the PDF), in the brief's language."""
    with translation.override(content["language"]):
        html = render_to_string(
            "briefs/_brief.html",
            {
                "content": content,
                "texts": content["texts"],
                "h": heading,
                "h2": heading + 1,
                "h3": heading + 2,
                "state": state,
            },
        )
    return mark_safe(html)  # noqa: S308 - rendered by our own template, escaped there


def brief_pdf(content: dict[str, Any], *, state: str = "") -> bytes:
    with translation.override(content["language"]):
        html = render_to_string(
            "briefs/print.html",
            {"content": content, "body": brief_html(content, state=state), "state": state},
        )
    return html_to_pdf(html, stylesheets=[PRINT_CSS.read_text(encoding="utf-8")])


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Staff


def _brief(membership: Membership, brief_id: int) -> Brief:
    try:
        return selectors.brief_get(membership.municipality, brief_id)
    except Brief.DoesNotExist as error:
        raise Http404 from error


def _context(membership: Membership, **more: object) -> dict[str, object]:
    return {
        "membership": membership,
        "municipality": membership.municipality,
        "can_edit": membership.allows(ANALYST),
        **more,
    }


def _choices(municipality: Municipality) -> dict[str, list[Any]]:
    kinds = dict(Area.Kind.choices)
    return {
        "areas": [
            (area.pk, f"{area.name} ({kinds[area.kind]})")
            for area in Area.objects.in_municipality(municipality).order_by("kind", "name")
        ],
        "dimensions": [(d.slug, d.name) for d in Dimension.objects.order_by("order")],
        "themes": [(t.number, f"{t.number}. {t.name}") for t in PlaceTheme.objects.all()],
    }


@staff_view()
def brief_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "briefs/staff/brief_list.html",
        _context(membership, briefs=selectors.briefs_of(membership.municipality)),
    )


@staff_view(role=ANALYST)
def brief_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = BriefForm(request.POST or None, **_choices(municipality))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brief = services.brief_create(
                municipality=municipality,
                areas=list(Area.objects.in_municipality(municipality).filter(pk__in=data["areas"])),
                dimensions=data["dimensions"],
                themes=data["themes"],
                year_from=data["year_from"],
                year_to=data["year_to"],
                language=data["language"],
                title=data["title"],
                user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("The draft is ready. Read it, edit the texts, publish."))
            return redirect("briefs_staff:brief", municipality.number, brief.pk)
    return render(
        request,
        "briefs/staff/brief_form.html",
        _context(membership, form=form),
        status=400 if form.errors else 200,
    )


def _readability(texts: dict[str, str]) -> dict[str, dict[str, object]]:
    found = {}
    for section in SECTIONS:
        score = lix(texts.get(section, ""))
        target = LIX_TARGET["summary" if section in SUMMARY else "other"]
        found[section] = {
            "score": score,
            "target": target,
            "over": score.lix is not None and score.lix >= target,
        }
    return found


@staff_view()
def brief_edit(request: HttpRequest, membership: Membership, brief_id: int) -> HttpResponse:
    """The draft: its texts to edit, each with its LIX, and the whole brief as it stands."""
    brief = _brief(membership, brief_id)
    initial = {"title": brief.title, **{s: brief.texts.get(s, "") for s in SECTIONS}}
    form = TextsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not membership.allows(ANALYST):
            raise PermissionDenied
        if "reset" in request.POST:
            services.brief_texts_reset(brief=brief)
            messages.success(request, _("The texts are written again from today's figures."))
            return redirect("briefs_staff:brief", membership.municipality.number, brief.pk)
        if form.is_valid():
            try:
                services.brief_texts_update(
                    brief=brief,
                    title=form.cleaned_data["title"],
                    texts={s: form.cleaned_data[s] for s in SECTIONS},
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                messages.success(request, _("Saved."))
                return redirect("briefs_staff:brief", membership.municipality.number, brief.pk)
    content = services.brief_content(brief)
    texts = form.data if form.is_bound else brief.texts
    fields = [(form[s], _readability({s: str(texts.get(s, ""))})[s]) for s in SECTIONS]
    return render(
        request,
        "briefs/staff/brief_edit.html",
        _context(
            membership,
            brief=brief,
            form=form,
            fields=fields,
            preview=brief_html(content, heading=3, state="draft"),
            versions=selectors.versions_of(brief),
        ),
        status=400 if form.errors else 200,
    )


@staff_view()
def brief_preview_pdf(request: HttpRequest, membership: Membership, brief_id: int) -> HttpResponse:
    brief = _brief(membership, brief_id)
    pdf = brief_pdf(services.brief_content(brief), state="draft")
    return _pdf_response(pdf, f"brief-{brief.pk}-draft.pdf")


@staff_view(role=ANALYST)
@require_POST
def brief_publish(request: HttpRequest, membership: Membership, brief_id: int) -> HttpResponse:
    brief = _brief(membership, brief_id)
    version = services.brief_publish(
        brief=brief,
        user=request.user if request.user.is_authenticated else None,
    )
    messages.success(
        request,
        _("Published as version %(n)s. Its address stays the same for good.")
        % {"n": version.number},
    )
    return redirect("briefs_staff:brief", membership.municipality.number, brief.pk)


# Public


def version_url(version: BriefVersion) -> str:
    return reverse(
        "briefs:version",
        args=[version.brief.municipality.number, version.brief_id, version.number],
    )


@require_safe
def municipality_briefs(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, number=number)
    return render(
        request,
        "briefs/municipality_briefs.html",
        {"municipality": municipality, "published": selectors.published_of(municipality)},
    )


@require_safe
def brief_latest(request: HttpRequest, number: str, brief_id: int) -> HttpResponse:
    version = selectors.version_latest(number, brief_id)
    if version is None:
        raise Http404
    return redirect("briefs:version", number, brief_id, version.number)


def _version(number: str, brief_id: int, version: int) -> BriefVersion:
    try:
        return selectors.version_get(number, brief_id, version)
    except BriefVersion.DoesNotExist as error:
        raise Http404 from error


@require_safe
def version_page(request: HttpRequest, number: str, brief_id: int, version: int) -> HttpResponse:
    found = _version(number, brief_id, version)
    newest = selectors.version_latest(number, brief_id)
    return render(
        request,
        "briefs/version.html",
        {
            "version": found,
            "municipality": found.brief.municipality,
            "newest": newest if newest and newest.number != found.number else None,
            "others": selectors.versions_of(found.brief).exclude(pk=found.pk).defer("content"),
            "body": brief_html(found.content, state="published"),
        },
    )


@require_safe
def version_pdf(request: HttpRequest, number: str, brief_id: int, version: int) -> HttpResponse:
    found = _version(number, brief_id, version)
    return _pdf_response(
        brief_pdf(found.content, state="published"), f"brief-{brief_id}-v{found.number}.pdf"
    )
