"""Staff pages for place surveys, all scoped to the municipality in the URL."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from soslokal.core.access import staff_view
from soslokal.core.context import languages_local
from soslokal.core.models import Membership
from soslokal.surveys import selectors, services
from soslokal.surveys.forms import BACKGROUND_CHOICES, VERSION_CHOICES, CampaignForm
from soslokal.surveys.models import Campaign


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
    channels = [
        (channel, request.build_absolute_uri(reverse("surveys:start", args=[channel.code])))
        for channel in selectors.channels_with_counts(campaign)
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
        },
    )
