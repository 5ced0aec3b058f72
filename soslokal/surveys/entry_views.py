"""Staff keying of paper forms (with an optional second keying) and of group sessions.

Built for speed by keyboard: the form number first, then one small field per theme in the
order the paper form prints them, then the background questions; written comments sit in a
closed section that the tab key passes by. Version and language stay chosen from one form to
the next, so a pile of forms is keyed without touching the mouse."""

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from soslokal.core.access import staff_view
from soslokal.core.context import languages_local
from soslokal.core.models import Membership
from soslokal.framework.models import PlaceTheme, localized
from soslokal.surveys import background, selectors, services
from soslokal.surveys.forms import VERSION_CHOICES
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Campaign
from soslokal.surveys.services import DONT_KNOW_KEY, Keyed, Mismatch


def _campaign(membership: Membership, campaign_id: int) -> Campaign:
    try:
        return selectors.campaign_get(membership.municipality, campaign_id)
    except Campaign.DoesNotExist as error:
        raise Http404 from error


def _keyed(data: QueryDict, campaign: Campaign) -> Keyed:
    """What staff typed, as text; the services check it."""
    return Keyed(
        token=data.get("token", ""),
        instrument=data.get("instrument", ""),
        language=data.get("language", ""),
        scores={theme: data.get(f"score_{theme}", "") for theme in THEME_NUMBERS},
        texts={
            theme: (data.get(f"good_now_{theme}", ""), data.get(f"better_{theme}", ""))
            for theme in THEME_NUMBERS
        },
        background={key: data.get(key, "") for key in campaign.background},
        consent=data.get("consent") == "yes",
    )


def _fields(campaign: Campaign, data: QueryDict | None) -> dict[str, Any]:
    """What the keying template needs: choices, theme rows and the values typed so far."""
    values = data or QueryDict()
    names = dict(PlaceTheme.objects.values_list("number", "names"))
    versions = dict(VERSION_CHOICES)
    questions = [
        (question, values.get(question.key, ""))
        for question in background.asked(campaign.background)
    ]
    return {
        "versions": [(id, versions.get(id, id)) for id in campaign.instruments],
        "languages": languages_local(campaign.languages),
        "chosen_version": values.get("instrument") or campaign.instruments[0],
        "chosen_language": values.get("language") or campaign.languages[0],
        "themes": [
            {
                "number": number,
                "name": localized(names.get(number, {})) or str(number),
                "score": values.get(f"score_{number}", ""),
                "good_now": values.get(f"good_now_{number}", ""),
                "better": values.get(f"better_{number}", ""),
            }
            for number in THEME_NUMBERS
        ],
        "areas": campaign.areas.all() if "neighbourhood" in campaign.background else [],
        "area_chosen": values.get("neighbourhood", ""),
        "questions": questions,
        "asks_sensitive": any(q.sensitive for q, _value in questions),
        "consent": values.get("consent") == "yes",
        "dont_know_key": DONT_KNOW_KEY,
        "token": secrets.token_urlsafe(24),
    }


def _next_form(campaign: Campaign, instrument: str, language: str) -> HttpResponse:
    """An empty paper entry screen with the same version and language chosen. The fragment
    puts the keyboard's starting point at the form, so one Tab reaches the form number."""
    url = reverse("surveys_staff:paper_entry", args=[campaign.municipality.number, campaign.pk])
    query = urlencode({"instrument": instrument, "language": language})
    return redirect(f"{url}?{query}#entry")


def _label(key: str, names: dict[int, str]) -> str:
    kind, _sep, rest = key.partition(":")
    if kind == "instrument":
        return _("Version")
    if kind == "background":
        question = background.BY_KEY.get(rest)
        return str(question.label) if question else _("Which area do you live in?")
    theme = names.get(int(rest), rest)
    return {
        "score": _("Score for %(theme)s"),
        "good_now": _("What is good now: %(theme)s"),
        "better": _("What could be better: %(theme)s"),
    }[kind] % {"theme": theme}


def _mismatch_rows(mismatches: list[Mismatch]) -> list[dict[str, str]]:
    names = {
        number: localized(texts)
        for number, texts in PlaceTheme.objects.values_list("number", "names")
    }
    return [
        {"key": m.key, "label": _label(m.key, names), "first": m.first, "second": m.second}
        for m in mismatches
    ]


@staff_view(role=Membership.Role.FACILITATOR)
def paper_entry(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    errors: list[str] = []
    if request.method == "POST":
        keyed = _keyed(request.POST, campaign)
        paper_ref = request.POST.get("paper_ref", "")
        try:
            response, mismatches = services.paper_response_enter(
                campaign=campaign, paper_ref=paper_ref, keyed=keyed
            )
        except ValidationError as problem:
            errors = problem.messages
        else:
            if mismatches:
                return render(
                    request,
                    "surveys/staff/paper_mismatch.html",
                    {
                        "membership": membership,
                        "municipality": membership.municipality,
                        "campaign": campaign,
                        "response": response,
                        "rows": _mismatch_rows(mismatches),
                    },
                )
            if mismatches is None:
                message = _("Form %(ref)s is stored.")
            else:
                message = _("Form %(ref)s keyed a second time: every value matches.")
            messages.success(request, message % {"ref": response.paper_ref})
            return _next_form(campaign, keyed.instrument, keyed.language)
    return render(
        request,
        "surveys/staff/paper_entry.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaign": campaign,
            "paper_ref": request.POST.get("paper_ref", ""),
            "errors": errors,
            "checked_count": campaign.responses.filter(verified=True).count(),
            "paper_count": campaign.responses.exclude(paper_ref="").count(),
            **_fields(campaign, request.POST if errors else request.GET),
        },
        status=400 if errors else 200,
    )


@staff_view(role=Membership.Role.FACILITATOR)
def paper_settle(
    request: HttpRequest, membership: Membership, campaign_id: int, response_id: int
) -> HttpResponse:
    """Keep the value staff read off the paper for every field the two keyings disagreed on."""
    campaign = _campaign(membership, campaign_id)
    response = campaign.responses.exclude(paper_ref="").filter(pk=response_id).first()
    if response is None:
        raise Http404
    if request.method != "POST":
        return redirect("surveys_staff:paper_entry", membership.municipality.number, campaign.pk)
    prefix = "keep:"
    chosen = {
        key.removeprefix(prefix): request.POST.get(key, "")
        for key in request.POST
        if key.startswith(prefix)
    }
    try:
        services.paper_response_settle(response=response, chosen=chosen)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request, _("Form %(ref)s is corrected and checked.") % {"ref": response.paper_ref}
        )
    return _next_form(campaign, response.instrument, response.language)


@staff_view(role=Membership.Role.FACILITATOR)
def group_entry(request: HttpRequest, membership: Membership, campaign_id: int) -> HttpResponse:
    campaign = _campaign(membership, campaign_id)
    errors: list[str] = []
    if request.method == "POST":
        keyed = _keyed(request.POST, campaign)
        participants = request.POST.get("participants", "").strip()
        try:
            if not (participants.isascii() and participants.isdigit()):
                raise ValidationError(_("Write how many took part, as a number."))
            response, _created = services.group_response_enter(
                campaign=campaign,
                keyed=keyed,
                participants=int(participants),
                notes=request.POST.get("notes", ""),
            )
        except ValidationError as problem:
            errors = problem.messages
        else:
            messages.success(
                request,
                _("The group's answer is stored: %(count)s participants.")
                % {"count": response.participants},
            )
            return redirect("surveys_staff:campaign", membership.municipality.number, campaign.pk)
    return render(
        request,
        "surveys/staff/group_entry.html",
        {
            "membership": membership,
            "municipality": membership.municipality,
            "campaign": campaign,
            "participants": request.POST.get("participants", ""),
            "notes": request.POST.get("notes", ""),
            "errors": errors,
            **_fields(campaign, request.POST if errors else request.GET),
        },
        status=400 if errors else 200,
    )
