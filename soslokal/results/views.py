"""Results pages: for staff under ``/staff/<number>/campaigns/<id>/results/``, and the public
page of a campaign whose results staff have published. Every figure comes from
``figures.campaign_figures``, which has already applied the small-group rule."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from soslokal.core.access import staff_view
from soslokal.core.models import Membership
from soslokal.core.pdf import html_to_pdf
from soslokal.framework.models import localized
from soslokal.results import exports
from soslokal.results.compass import Series, compass_png, compass_svg
from soslokal.results.figures import CampaignFigures, Figures, breakdowns, campaign_figures
from soslokal.results.masking import mask_personal_data
from soslokal.results.services import result_comments
from soslokal.surveys import background
from soslokal.surveys import selectors as surveys
from soslokal.surveys import services as survey_services
from soslokal.surveys.models import Answer, Campaign

MAX_SERIES = 4


def _campaign(membership: Membership, campaign_id: int) -> Campaign:
    try:
        return surveys.campaign_get(membership.municipality, campaign_id)
    except Campaign.DoesNotExist as error:
        raise Http404 from error


def _language() -> str:
    return (get_language() or "nb").split("-")[0]


def _chosen(request: HttpRequest, campaign: Campaign, *, public: bool = False) -> CampaignFigures:
    """The figures the query asks for. The public page offers no breakdown by the sensitive
    background questions; staff may look at those (suppressed like everything else)."""
    breakdown = request.GET.get("by", "")
    if public and breakdown in background.SENSITIVE:
        breakdown = ""
    return campaign_figures(
        campaign, instrument=request.GET.get("version", ""), breakdown=breakdown
    )


def _shown_groups(request: HttpRequest, figures: CampaignFigures) -> list[Figures]:
    """The groups drawn in the second compass: those ticked, else the first four with figures."""
    candidates = [group for group in figures.groups if group.respondents is not None]
    ticked = set(request.GET.getlist("show"))
    chosen = [group for group in candidates if group.key in ticked] or candidates
    return chosen[:MAX_SERIES]


def _compass(figures: CampaignFigures, series: list[Figures], *, title: str, prefix: str) -> str:
    instrument = surveys.instrument_get(figures.instrument)
    low, high = localized(instrument.scale.low), localized(instrument.scale.high)
    return compass_svg(
        labels=[name for _number, name in figures.themes],
        series=[
            Series(f.label, [f.mean(number) for number, _name in figures.themes]) for f in series
        ],
        title=title,
        id_prefix=prefix,
        points=figures.points,
        language=_language(),
        missing_label=_("Hollow marker: no figure (fewer than %(n)s answers)")
        % {"n": figures.minimum},
        scale_note=f"1 = {low}, {figures.points} = {high}",
    )


def _overall_series(figures: CampaignFigures) -> list[Figures]:
    series = [figures.overall]
    if figures.weighting.figures:
        series.append(figures.weighting.figures)
    if figures.group_sessions and figures.group_sessions.respondents:
        series.append(figures.group_sessions)
    if figures.previous_round and figures.previous_round.respondents:
        series.append(figures.previous_round)
    return series


def _page_context(
    request: HttpRequest, figures: CampaignFigures, *, public: bool = False
) -> dict[str, object]:
    campaign = figures.campaign
    shown = _shown_groups(request, figures)
    context: dict[str, object] = {
        "campaign": campaign,
        "figures": figures,
        "versions": [(v, localized(surveys.instrument_get(v).title)) for v in campaign.instruments],
        "breakdowns": [
            (key, label)
            for key, label in breakdowns(campaign)
            if not (public and key in background.SENSITIVE)
        ],
        "shown_keys": {group.key for group in shown},
        "lowest": [(n, figures.theme_name(n), figures.overall.mean(n)) for n in figures.lowest()],
        "highest": [(n, figures.theme_name(n), figures.overall.mean(n)) for n in figures.highest()],
        "compass": _compass(
            figures,
            _overall_series(figures),
            title=_("Place compass: %(name)s") % {"name": campaign.name},
            prefix="compass-all",
        ),
        "group_compass": _compass(
            figures,
            shown,
            title=_("Place compass by group: %(name)s") % {"name": campaign.name},
            prefix="compass-groups",
        )
        if shown
        else "",
        "series": _overall_series(figures),
        "query": request.GET.urlencode(),
        "pdf_url": reverse("results:public_pdf", args=[campaign.pk])
        if public
        else reverse("results_staff:pdf", args=[campaign.municipality.number, campaign.pk]),
        "priorities": [
            (group.label, [figures.theme_name(n) for n in figures.lowest(group)])
            for group in figures.groups
            if group.respondents is not None and figures.lowest(group)
        ],
    }
    return context


@staff_view()
def results(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    figures = _chosen(request, campaign)
    counts = result_comments(campaign)
    return render(
        request,
        "results/staff_results.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "can_publish": membership.allows(Membership.Role.ANALYST),
            "can_moderate": membership.allows(Membership.Role.FACILITATOR),
            "can_download_records": membership.allows(Membership.Role.ANALYST),
            "pending_comments": sum(n for (_t, s), n in counts.items() if s == "pending"),
            **_page_context(request, figures),
        },
    )


@staff_view()
def compass_download(
    request: HttpRequest, membership: Membership, campaign_id: int, kind: str
) -> HttpResponse:
    """The first compass of the results page as an SVG or PNG file."""
    if kind not in ("svg", "png"):
        raise Http404
    campaign = _campaign(membership, campaign_id)
    figures = _chosen(request, campaign)
    groups = request.GET.get("by") and _shown_groups(request, figures)
    svg = _compass(
        figures,
        groups or _overall_series(figures),
        title=_("Place compass: %(name)s") % {"name": campaign.name},
        prefix="compass",
    )
    filename = f"compass-{campaign.pk}"
    if kind == "png":
        response = HttpResponse(compass_png(svg, 1600), content_type="image/png")
    else:
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


PRINT_CSS = Path(__file__).resolve().parent / "static" / "results" / "print.css"


def _pdf(request: HttpRequest, figures: CampaignFigures) -> HttpResponse:
    """The results as a PDF with the same content, compass and order as the page."""
    html = render_to_string(
        "results/print.html",
        {"public": True, "printed": timezone.now(), **_page_context(request, figures)},
        request=request,
    )
    pdf = html_to_pdf(html, stylesheets=[PRINT_CSS.read_text(encoding="utf-8")])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="results-{figures.campaign.pk}.pdf"'
    return response


@staff_view()
def results_pdf(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    return _pdf(request, _chosen(request, _campaign(membership, campaign_id)))


@staff_view()
def download(
    request: HttpRequest, membership: Membership, campaign_id: int, kind: str
) -> HttpResponse:
    """Aggregated results (suppression applied) as CSV or XLSX."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    campaign = _campaign(membership, campaign_id)
    tables = exports.aggregated_tables(campaign)
    if kind == "xlsx":
        content, media = exports.to_xlsx(tables), exports.XLSX
    else:
        content, media = exports.to_csv(tables).encode("utf-8-sig"), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="results-{campaign.pk}.{kind}"'
    return response


@staff_view(role=Membership.Role.ANALYST)
def records(
    request: HttpRequest, membership: Membership, campaign_id: int, kind: str
) -> HttpResponse:
    """One anonymised row per response, for analysts; free text only when approved."""
    if kind not in ("csv", "xlsx"):
        raise Http404
    campaign = _campaign(membership, campaign_id)
    table = exports.record_table(campaign)
    if kind == "xlsx":
        content, media = exports.to_xlsx([table]), exports.XLSX
    else:
        content, media = exports.to_csv([table]).encode("utf-8-sig"), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="responses-{campaign.pk}.{kind}"'
    return response


@staff_view(role=Membership.Role.ANALYST)
def publish(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    if request.method == "POST":
        publish_now = request.POST.get("publish") == "yes"
        campaign.results_published_at = timezone.now() if publish_now else None
        campaign.save(update_fields=["results_published_at"])
        messages.success(
            request,
            _("The results are published.") if publish_now else _("The results are withdrawn."),
        )
    return redirect("results_staff:results", membership.municipality.number, campaign.pk)


@staff_view(role=Membership.Role.FACILITATOR)
def comments(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    """The moderation queue: approve a comment for publishing, or hide it."""
    campaign = _campaign(membership, campaign_id)
    status = request.GET.get("status", Answer.Moderation.PENDING)
    if status not in Answer.Moderation.values:
        status = Answer.Moderation.PENDING
    if request.method == "POST":
        answer_id = request.POST.get("answer", "")
        try:
            survey_services.answer_moderate(
                campaign=campaign,
                answer_id=int(answer_id) if answer_id.isascii() and answer_id.isdigit() else 0,
                status=request.POST.get("decision", ""),
            )
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{request.path}?status={status}")
    names = dict(surveys.theme_names())
    counts = result_comments(campaign)
    language = _language()
    listed = [
        {
            "answer": answer,
            "theme": localized(names.get(answer.theme, {})) or answer.theme,
            "good_now": mask_personal_data(answer.good_now, language=language),
            "better": mask_personal_data(answer.better, language=language),
        }
        for answer in surveys.comments_of(campaign, status=status)[:100]
    ]
    return render(
        request,
        "results/comments.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaign": campaign,
            "status": status,
            "statuses": Answer.Moderation.choices,
            "listed": listed,
            "per_theme": [
                (
                    number,
                    localized(theme_names) or number,
                    counts.get((number, "approved"), 0),
                    counts.get((number, "pending"), 0),
                    counts.get((number, "hidden"), 0),
                )
                for number, theme_names in sorted(names.items())
            ],
        },
    )


def _published(campaign_id: int) -> Campaign:
    campaign = (
        Campaign.objects.filter(pk=campaign_id, results_published_at__isnull=False)
        .select_related("municipality")
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


@require_safe
def public_results_pdf(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _pdf(request, _chosen(request, _published(campaign_id), public=True))


@require_safe
def public_results(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A campaign's results once staff have published them, for everyone."""
    campaign = _published(campaign_id)
    figures = _chosen(request, campaign, public=True)
    language = _language()
    approved = surveys.comments_of(campaign, status=Answer.Moderation.APPROVED)
    names = dict(surveys.theme_names())
    quotes = [
        {
            "theme": localized(names.get(answer.theme, {})) or answer.theme,
            "good_now": mask_personal_data(answer.good_now, language=language).text,
            "better": mask_personal_data(answer.better, language=language).text,
        }
        for answer in approved[:30]
    ]
    return render(
        request,
        "results/public_results.html",
        {"quotes": quotes, "public": True, **_page_context(request, figures, public=True)},
    )
