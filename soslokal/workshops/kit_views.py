"""The workshop kit, printed for a city lab: an A3 poster of the survey's compass for the lab's
area, a sheet on which each group agrees a score per theme, and an agenda to fill in. Each is
HTML turned into PDF (WeasyPrint), in one of the survey's languages."""

from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from soslokal.core.access import staff_view
from soslokal.core.models import Membership
from soslokal.core.pdf import html_to_pdf
from soslokal.framework.models import PlaceTheme
from soslokal.results.compass import Series, compass_svg
from soslokal.surveys import selectors as surveys
from soslokal.surveys.instrument import Instrument
from soslokal.workshops import selectors
from soslokal.workshops.models import Lab, Sector

PRINT_CSS = Path(__file__).resolve().parent / "static" / "workshops" / "print"


def _lab(membership: Membership, lab_id: int, lang: str) -> Lab:
    try:
        lab = selectors.lab_get(membership.municipality, lab_id)
    except Lab.DoesNotExist as error:
        raise Http404 from error
    if lang not in lab.campaign.languages:
        raise Http404
    return lab


def _instrument(lab: Lab) -> Instrument:
    """The version of the questionnaire a kit speaks for: the adults', where the survey has it."""
    versions = lab.campaign.instruments
    return surveys.instrument_get("adult" if "adult" in versions else versions[0])


def _text(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nb") or next(iter(texts.values()), "")


def _pdf(html: str, *, stylesheet: str, filename: str) -> HttpResponse:
    css = (PRINT_CSS / stylesheet).read_text(encoding="utf-8")
    response = HttpResponse(html_to_pdf(html, stylesheets=[css]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _common(request: HttpRequest, lab: Lab, lang: str) -> dict[str, object]:
    names = selectors.theme_names()
    return {
        "lab": lab,
        "language": lang,
        "municipality": lab.municipality,
        "campaign": lab.campaign,
        "topics": [(n, names.get(n, str(n))) for n in lab.topics],
        "printed": timezone.localdate(),
        "public_url": request.build_absolute_uri(
            reverse("workshops:area", args=[lab.municipality.number, lab.area_id])
        ),
    }


@staff_view()
def poster_pdf(
    request: HttpRequest, membership: Membership, lab_id: int, lang: str
) -> HttpResponse:
    """An A3 poster: the compass of the lab's area with the same numbers in a table, the lab's
    topics marked. Every figure comes through the small-group rule."""
    lab = _lab(membership, lab_id, lang)
    with translation.override(lang):
        priorities = selectors.survey_priorities(lab.campaign, lab.area)
        figures = priorities.figures
        shown = [priorities.series] + ([figures.overall] if priorities.of_area else [])
        scale = _instrument(lab).scale
        low, high = _text(scale.low, lang), _text(scale.high, lang)
        compass = ""
        if priorities.has_figures:
            compass = compass_svg(
                labels=[name for _number, name in figures.themes],
                series=[Series(f.label, [f.mean(n) for n, _name in figures.themes]) for f in shown],
                title=_("Place compass: %(area)s") % {"area": lab.area.name},
                id_prefix="poster-compass",
                points=figures.points,
                language=lang,
                missing_label=_("Hollow marker: no figure (fewer than %(n)s answers)")
                % {"n": figures.minimum},
                scale_note=f"1 = {low}, {figures.points} = {high}",
            )
        html = render_to_string(
            "workshops/print/poster.html",
            {
                **_common(request, lab, lang),
                "priorities": priorities,
                "figures": figures,
                "compass": compass,
                "rows": [
                    (n, name, [f.mean(n) for f in shown], n in lab.topics)
                    for n, name in figures.themes
                ],
                "shown": shown,
                "lowest": [figures.theme_name(n) for n in figures.lowest(priorities.series)],
            },
        )
    return _pdf(html, stylesheet="poster.css", filename=f"lab-{lab.pk}-poster-{lang}.pdf")


@staff_view()
def scoring_pdf(
    request: HttpRequest, membership: Membership, lab_id: int, lang: str
) -> HttpResponse:
    """A sheet for one group: the 14 themes, boxes for the score the group agrees on, and room
    for notes on what is good now and what could be better."""
    lab = _lab(membership, lab_id, lang)
    instrument = _instrument(lab)
    themes = [
        {
            "number": theme.number,
            "name": _text(theme.names, lang),
            "description": _text(theme.descriptions, lang),
            "topic": theme.number in lab.topics,
        }
        for theme in PlaceTheme.objects.order_by("number")
    ]
    with translation.override(lang):
        html = render_to_string(
            "workshops/print/scoring.html",
            {
                **_common(request, lab, lang),
                "themes": themes,
                "points": list(range(1, instrument.scale.points + 1)),
                "low": _text(instrument.scale.low, lang),
                "high": _text(instrument.scale.high, lang),
                "dont_know": _text(instrument.dont_know, lang),
            },
        )
    return _pdf(html, stylesheet="scoring.css", filename=f"lab-{lab.pk}-scoring-{lang}.pdf")


@staff_view()
def agenda_pdf(
    request: HttpRequest, membership: Membership, lab_id: int, lang: str
) -> HttpResponse:
    """An agenda to fill in: the parts of a city lab with suggested minutes."""
    lab = _lab(membership, lab_id, lang)
    with translation.override(lang):
        html = render_to_string(
            "workshops/print/agenda.html",
            {**_common(request, lab, lang), "sectors": [str(label) for label in Sector.labels]},
        )
    return _pdf(html, stylesheet="agenda.css", filename=f"lab-{lab.pk}-agenda-{lang}.pdf")
