"""The answer form: public, anonymous, one theme per page, complete without JavaScript.

The questionnaire being filled in lives in the respondent's session (server side), so the back
link, a language switch half-way and a reload all keep the answers. Nothing is stored as a
response until the respondent sends it from the check page. No step queries the database, and
each page is rendered once per survey and language and kept (``_render``): the form is what a
whole town may use in the same hour (docs/surveys.md, "What each answer costs")."""

import functools
import secrets
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from soslokal.core.context import languages_local
from soslokal.framework.models import localized
from soslokal.surveys import background, selectors, services
from soslokal.surveys.instrument import THEME_NUMBERS, Instrument
from soslokal.surveys.models import Campaign, Channel
from soslokal.surveys.services import Draft


def _channel(request: HttpRequest, code: str) -> Channel:
    """The channel of ``code``; the page is then in one of its campaign's languages."""
    channel = selectors.channel_for_form(code)
    if channel is None:
        raise Http404
    offered = channel.campaign.languages or [code for code, _name in languages_local()]
    if get_language() not in offered:
        translation.activate(offered[0])
        request.LANGUAGE_CODE = offered[0]
    return channel


@functools.lru_cache(maxsize=4096)
def _url(urlconf: str | None, prefix: str, name: str, args: tuple[str | int, ...]) -> str:
    return reverse(name, args=args)


def _redirect(name: str, *args: str | int) -> HttpResponseRedirect:
    """``redirect(name, *args)``, each address reversed once per process: every step of the
    form ends in a redirect, and reversing costs as much as the rest of the redirect."""
    return HttpResponseRedirect(_url(get_urlconf(), get_script_prefix(), name, args))


def _is_open(channel: Channel) -> bool:
    campaign = channel.campaign
    return campaign.opens_on <= timezone.localdate() <= campaign.closes_on


def _draft(request: HttpRequest, code: str) -> Draft | None:
    data = request.session.get(f"survey:{code}")
    if not data:
        return None
    draft = Draft(**data)
    draft.answers = {int(theme): answer for theme, answer in draft.answers.items()}
    return draft


def _save(request: HttpRequest, code: str, draft: Draft) -> None:
    # By hand rather than dataclasses.asdict, which deep-copies every answer on every step.
    request.session[f"survey:{code}"] = {
        "token": draft.token,
        "instrument": draft.instrument,
        "answers": {str(theme): answer for theme, answer in draft.answers.items()},
        "background": draft.background,
    }


def _texts(instrument: Instrument) -> dict[str, Any]:
    return {
        "title": localized(instrument.title),
        "intro": localized(instrument.intro),
        "low": localized(instrument.scale.low),
        "high": localized(instrument.scale.high),
        "dont_know": localized(instrument.dont_know),
    }


def _render(
    request: HttpRequest,
    campaign: Campaign,
    template: str,
    context: dict[str, Any] | Callable[[Mapping[str, str]], dict[str, Any]],
    status: int = 200,
    *,
    key: Hashable | None = None,
    slots: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A form page whose language switch offers only the campaign's languages.

    With a ``key`` the page is kept (``selectors.form_pages``), and only ``slots`` (see
    ``core.pages``) are filled in for the next requests with the same key; the key must then
    tell apart everything but the slots that the page shows, apart from the campaign and the
    language, which every key includes. ``context`` may then be a function of the slots,
    called only when the page is rendered in full."""

    def full_context(values: Mapping[str, str]) -> dict[str, Any]:
        found = context(values) if callable(context) else context
        offered = languages_local(campaign.languages or None)
        return {"offered_languages": offered, "campaign": campaign, **found}

    kept = None if key is None else (campaign.pk, key)
    return selectors.form_pages.render(
        request, template, full_context, key=kept, slots=slots, status=status
    )


def _closed(request: HttpRequest, channel: Channel) -> HttpResponse:
    return _render(request, channel.campaign, "surveys/closed.html", {}, status=410)


def survey_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/index.html",
        {"channels": selectors.open_surveys(timezone.localdate())},
    )


def survey_start(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    if not _is_open(channel):
        return _closed(request, channel)
    campaign = channel.campaign
    instruments = [selectors.instrument_get(i) for i in campaign.instruments]
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("instrument") or (
            instruments[0].id if len(instruments) == 1 else ""
        )
        if chosen in campaign.instruments:
            _save(request, code, Draft(token=secrets.token_urlsafe(24), instrument=chosen))
            return _redirect("surveys:theme", code, 1)
        error = _("Choose the version you want to answer.")
    return _render(
        request,
        campaign,
        "surveys/start.html",
        {
            "channel": channel,
            "versions": [(i.id, _texts(i)) for i in instruments],
            "error": error,
        },
        status=400 if error else 200,
        key=None if error else ("start", code),
    )


def survey_theme(request: HttpRequest, code: str, number: int) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if draft is None:
        return _redirect("surveys:start", code)
    if number not in THEME_NUMBERS:
        raise Http404
    instrument = selectors.instrument_get(draft.instrument)
    question = next(q for q in instrument.themes if q.theme == number)
    saved = draft.answers.get(number, {})
    error = ""
    if request.method == "POST":
        score = request.POST.get("score", "")
        entered = {
            "score": score,
            "good_now": request.POST.get("good_now", ""),
            "better": request.POST.get("better", ""),
        }
        try:
            draft.answers[number] = services.draft_check_answer(
                instrument_id=draft.instrument, theme=number, **entered
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
            saved = {
                **entered,
                "score": int(score) if score.isascii() and score.isdigit() else None,
            }
        else:
            _save(request, code, draft)
            if request.POST.get("go") == "back":
                return (
                    _redirect("surveys:theme", code, number - 1)
                    if number > 1
                    else _redirect("surveys:start", code)
                )
            if number < len(THEME_NUMBERS):
                return _redirect("surveys:theme", code, number + 1)
            return _redirect("surveys:about", code)
    # Kept per survey, version and theme; what the respondent answered before goes in slots.
    points = instrument.scale.points
    slots = {
        "good_now": str(saved.get("good_now") or ""),
        "better": str(saved.get("better") or ""),
        "dont_know": " checked" if saved.get("dont_know") else "",
    }
    for value in range(1, points + 1):
        slots[f"score_{value}"] = " checked" if saved.get("score") == value else ""

    def context(values: Mapping[str, str]) -> dict[str, Any]:
        labels = {label.value: label for label in instrument.scale.labels}
        choices = [
            {
                "value": value,
                "text": localized(labels[value].text) if value in labels else "",
                "pictogram": labels[value].pictogram if value in labels else "",
                "alt": localized(labels[value].alt) if value in labels else "",
                "checked": values[f"score_{value}"],
            }
            for value in range(1, points + 1)
        ]
        return {
            "channel": channel,
            "number": number,
            "count": len(THEME_NUMBERS),
            "theme_name": localized(selectors.theme_names_for_form().get(number, {})),
            "question": localized(question.question),
            "help": localized(question.help),
            "good_prompt": localized(question.good_now),
            "better_prompt": localized(question.better),
            "texts": _texts(instrument),
            "choices": choices,
            "points": points,
            "dont_know_checked": values["dont_know"],
            "good_now": values["good_now"],
            "better": values["better"],
            "error": error,
        }

    return _render(
        request,
        channel.campaign,
        "surveys/theme.html",
        context,
        status=400 if error else 200,
        key=None if error else ("theme", code, instrument.id, number),
        slots=slots,
    )


def survey_about(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if draft is None:
        return _redirect("surveys:start", code)
    campaign = channel.campaign
    entered, error = draft.background, ""
    consent = any(key in background.SENSITIVE for key in entered)
    if request.method == "POST":
        entered = {key: request.POST.get(key, "") for key in campaign.background}
        consent = request.POST.get("consent") == "yes"
        try:
            draft.background = services.draft_check_background(
                campaign=campaign, entered=entered, consent=consent
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            _save(request, code, draft)
            if request.POST.get("go") == "back":
                return _redirect("surveys:theme", code, len(THEME_NUMBERS))
            return _redirect("surveys:check", code)
    # Kept per survey; what the respondent chose before goes in slots.
    areas = list(campaign.areas.all()) if "neighbourhood" in campaign.background else []
    asked = background.asked(campaign.background)
    slots = {"consent": " checked" if consent else ""}
    for area in areas:
        chosen = entered.get("neighbourhood") == str(area.pk)
        slots[f"area_{area.pk}"] = " selected" if chosen else ""
    for question in asked:
        saved_value = entered.get(question.key, "")
        for n, (value, _label) in enumerate(question.options, start=1):
            slots[f"{question.key}_{n}"] = " checked" if saved_value == value else ""
        slots[f"{question.key}_none"] = "" if saved_value else " checked"

    def context(values: Mapping[str, str]) -> dict[str, Any]:
        def options(question: background.BackgroundQuestion) -> dict[str, Any]:
            return {
                "key": question.key,
                "label": question.label,
                "options": [
                    {"value": value, "label": label, "checked": values[f"{question.key}_{n}"]}
                    for n, (value, label) in enumerate(question.options, start=1)
                ],
                "none_checked": values[f"{question.key}_none"],
            }

        return {
            "channel": channel,
            "areas": [
                {"pk": area.pk, "name": area.name, "selected": values[f"area_{area.pk}"]}
                for area in areas
            ],
            "questions": [options(question) for question in asked if not question.sensitive],
            "sensitive": [options(question) for question in asked if question.sensitive],
            "sensitive_explanation": background.SENSITIVE_EXPLANATION,
            "consent_checked": values["consent"],
            "error": error,
        }

    return _render(
        request,
        campaign,
        "surveys/about.html",
        context,
        status=400 if error else 200,
        key=None if error else ("about", code),
        slots=slots,
    )


def survey_check(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if request.method == "POST":
        token = request.POST.get("token", "")
        if draft is None or draft.token != token:
            # Sent twice, or the session ended after the first send: acknowledge if stored.
            if selectors.response_exists(token):
                return _redirect("surveys:thanks", code)
            return _redirect("surveys:start", code)
        try:
            services.response_submit(channel=channel, draft=draft, language=get_language() or "nb")
        except ValidationError as problem:
            return _render(
                request,
                channel.campaign,
                "surveys/closed.html",
                {"message": " ".join(problem.messages)},
                status=400,
            )
        request.session.pop(f"survey:{code}", None)
        if not request.session.keys():
            # Nothing else in the session: remove it from the store instead of keeping it empty.
            request.session.flush()
        return _redirect("surveys:thanks", code)
    if draft is None:
        return _redirect("surveys:start", code)
    # Kept per survey and version; each answer as the table shows it goes in a slot.
    instrument = selectors.instrument_get(draft.instrument)
    dont_know, not_answered = localized(instrument.dont_know), _("Not answered")
    slots = {"token": draft.token}
    for number in THEME_NUMBERS:
        answer = draft.answers.get(number, {})
        score = answer.get("score")
        shown = str(score) if score else dont_know if answer.get("dont_know") else not_answered
        if answer.get("good_now") or answer.get("better"):
            shown = f"{shown} · {_('with comments')}"
        slots[f"answer_{number}"] = shown

    def context(values: Mapping[str, str]) -> dict[str, Any]:
        names = selectors.theme_names_for_form()
        rows = [
            {
                "number": number,
                "name": localized(names.get(number, {})) or str(number),
                "answer": values[f"answer_{number}"],
            }
            for number in THEME_NUMBERS
        ]
        return {"channel": channel, "rows": rows, "token": values["token"]}

    return _render(
        request,
        channel.campaign,
        "surveys/check.html",
        context,
        key=("check", code, instrument.id),
        slots=slots,
    )


def survey_thanks(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    return _render(request, channel.campaign, "surveys/thanks.html", {}, key=("thanks", code))
