"""Staff pages for place surveys, all scoped to the municipality in the URL."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from soslokal.core.access import staff_view
from soslokal.core.context import languages_local
from soslokal.core.models import Membership
from soslokal.core.pdf import html_to_pdf
from soslokal.core.qr import qr_svg
from soslokal.core.suppression import hidden_groups
from soslokal.surveys import background, selectors, services
from soslokal.surveys.forms import BACKGROUND_CHOICES, VERSION_CHOICES, CampaignForm
from soslokal.surveys.models import Campaign, Channel
from soslokal.surveys.printing import LanguageNotOffered, printed_questionnaire


@staff_view()
def campaign_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "surveys/staff/campaign_list.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaigns": selectors.campaigns_of(membership.municipality),
        },
    )


@staff_view(role=Membership.Role.FACILITATOR)
def campaign_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    municipality = membership.municipality
    form = CampaignForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_create(
                municipality=municipality,
                name=data["name"],
                areas=list(data["areas"]),
                instruments=data["instruments"],
                languages=data["languages"],
                background=data["background"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                results_note=data["results_note"],
                channels=form.channel_invitations(),
                previous_round=data["previous_round"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys_staff:campaign", municipality.number, campaign.pk)
    return render(
        request,
        "surveys/staff/campaign_form.html",
        {"membership": membership, "municipality": municipality, "form": form},
        status=400 if form.errors else 200,
    )


@staff_view()
def campaign_detail(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    try:
        campaign = selectors.campaign_get(membership.municipality, campaign_id)
    except Campaign.DoesNotExist as error:
        raise Http404 from error
    counted = selectors.channels_with_counts(campaign)
    # Counts under the minimum are not shown, nor one that would give them away.
    hidden = hidden_groups({channel.pk: n for channel, n in counted}, settings.SOSLOKAL_MIN_GROUP)
    # The public form's address for the channels residents answer themselves; the template
    # links the others (paper, group) to their entry screens.
    channels = [
        (
            channel,
            request.build_absolute_uri(reverse("surveys:start", args=[channel.code]))
            if channel.is_online
            else "",
            None if channel.pk in hidden else n,
        )
        for channel, n in counted
    ]
    versions, questions = dict(VERSION_CHOICES), dict(BACKGROUND_CHOICES)
    return render(
        request,
        "surveys/staff/campaign_detail.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaign": campaign,
            "channels": channels,
            "versions": [versions.get(id, id) for id in campaign.instruments],
            "languages": languages_local(campaign.languages),
            "background": [questions.get(key, key) for key in campaign.background],
            "can_enter": membership.allows(Membership.Role.FACILITATOR),
            **_printables(campaign),
        },
    )


# Printing: the QR poster and the paper forms. The PDFs are drawn from HTML by WeasyPrint.

POSTER_CHANNELS = (Channel.Kind.QR, Channel.Kind.WEB)  # the QR poster's own code, else the web's
PRINT_CSS = Path(__file__).resolve().parent / "static" / "surveys" / "print"


def _campaign(membership: Membership, campaign_id: int) -> Campaign:
    try:
        return selectors.campaign_get(membership.municipality, campaign_id)
    except Campaign.DoesNotExist as error:
        raise Http404 from error


def _printables(campaign: Campaign) -> dict[str, object]:
    """What the campaign page offers to print: a poster and a paper form per version and
    language, each in the campaign's languages."""
    languages = languages_local(campaign.languages)
    names = dict(VERSION_CHOICES)
    paper = selectors.channel_of(campaign, Channel.Kind.PAPER)
    return {
        "poster_channel": selectors.channel_of(campaign, *POSTER_CHANNELS),
        "paper_channel": paper,
        "print_languages": languages,
        "paper_versions": [
            (version, names.get(version, version)) for version in campaign.instruments
        ]
        if paper
        else [],
    }


def _pdf(html: str, *, stylesheet: str, filename: str) -> HttpResponse:
    css = (PRINT_CSS / stylesheet).read_text(encoding="utf-8")
    response = HttpResponse(html_to_pdf(html, stylesheets=[css]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Poster:
    language: str
    channel: Channel
    title: str
    typed_url: str  # what a person types: no scheme, no final slash (the site adds it)
    qr: str  # an inline <svg>


def _poster(request: HttpRequest, campaign: Campaign) -> Poster:
    """The poster in the campaign language chosen with ``?lang=`` (else the page's language, if
    the campaign has it, else the campaign's first)."""
    current = translation.get_language()
    fallback = current if current in campaign.languages else next(iter(campaign.languages), "")
    language = request.GET.get("lang", fallback)
    channel = selectors.channel_of(campaign, *POSTER_CHANNELS)
    if channel is None or language not in campaign.languages or not campaign.instruments:
        raise Http404
    path = reverse("surveys:start", args=[channel.code])
    url = request.build_absolute_uri(path)
    main = "adult" if "adult" in campaign.instruments else campaign.instruments[0]
    title = selectors.instrument_get(main).title
    with translation.override(language):
        qr = qr_svg(url, title=_("QR code that opens %(url)s") % {"url": url})
    return Poster(
        language=language,
        channel=channel,
        title=title.get(language) or title.get("nb", ""),
        typed_url=request.get_host() + path.rstrip("/"),
        qr=qr,
    )


@staff_view()
def campaign_poster(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    return render(
        request,
        "surveys/staff/poster.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaign": campaign,
            "poster": _poster(request, campaign),
            **_printables(campaign),
        },
    )


@staff_view()
def campaign_poster_pdf(
    request: HttpRequest, membership: Membership, campaign_id: int
) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    poster = _poster(request, campaign)
    with translation.override(poster.language):
        html = render_to_string(
            "surveys/print/poster.html",
            {"municipality": membership.municipality, "campaign": campaign, "poster": poster},
        )
    filename = f"poster-{campaign.pk}-{poster.language}.pdf"
    return _pdf(html, stylesheet="poster.css", filename=filename)


@staff_view()
def campaign_paper_form(
    request: HttpRequest, membership: Membership, campaign_id: int, version: str, lang: str
) -> HttpResponse:
    """The paper form of one version of the questionnaire in one language, as a PDF."""
    campaign = _campaign(membership, campaign_id)
    channel = selectors.channel_of(campaign, Channel.Kind.PAPER)
    if channel is None or version not in campaign.instruments or lang not in campaign.languages:
        raise Http404
    try:
        questionnaire = printed_questionnaire(
            selectors.instrument_get(version), lang, selectors.theme_names()
        )
    except (KeyError, LanguageNotOffered) as error:
        raise Http404 from error
    asks = set(campaign.background)
    asked = background.asked(campaign.background, version)
    areas = list(campaign.areas.all())  # in the order the answer form lists them
    with translation.override(lang):
        html = render_to_string(
            "surveys/print/paper_form.html",
            {
                "municipality": membership.municipality,
                "campaign": campaign,
                "channel": channel,
                "form": questionnaire,
                "version_name": dict(VERSION_CHOICES).get(version, version),
                "areas": areas if "neighbourhood" in asks and len(areas) > 1 else [],
                "questions": [q for q in asked if not q.sensitive],
                "sensitive": [q for q in asked if q.sensitive],
                "sensitive_explanation": background.SENSITIVE_EXPLANATION,
            },
        )
    return _pdf(html, stylesheet="paper.css", filename=f"form-{campaign.pk}-{version}-{lang}.pdf")
