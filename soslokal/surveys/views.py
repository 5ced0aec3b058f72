"""The answer form: public, anonymous, one theme per page, complete without JavaScript.

The questionnaire being filled in lives in the respondent's session (server side), so the back
link, a language switch half-way and a reload all keep the answers. Nothing is stored as a
response until the respondent sends it from the check page; the draft is then replaced by a
note that it was sent, which is what lets the thank-you page say so. No step queries the
database, and each page is rendered once per survey and language and kept (``_render``): the
form is what a whole town may use in the same hour (docs/surveys.md, "What each answer costs").

A theme or "about you" opened from the check page's Change links carries ``?return=check`` in
its address (and so in its form's, which posts to the page's own address): Next and Back then
lead back to the check page. Only that one value is followed, so it cannot send anyone
elsewhere."""

import functools
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from soslokal.core.context import language_cookie_set, languages_local
from soslokal.framework.models import localized
from soslokal.surveys import background, selectors, services
from soslokal.surveys.instrument import THEME_NUMBERS, Instrument
from soslokal.surveys.models import Campaign, Channel
from soslokal.surveys.services import Draft

RETURN_TO_CHECK = "check"  # the one value of ``?return=`` that the form follows
# How long the browser that sent the answers is shown the thank-you page; a session with
# nothing else in it ends that long after the send.
SENT_SECONDS = 30 * 60
SENT_NOTE = "survey-sent:"
# The id of the form of a theme page and of "about you". The language switch's buttons in the
# page's header belong to it there, so a switch half-way sends what is on the page with it.
LANGUAGE_FORM = "answers"
# The first control of each field of a theme page, where the error summary links to.
THEME_FIELDS = {"score": "score-1", "good_now": "good_now", "better": "better"}


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


def _switched_to(request: HttpRequest, channel: Channel) -> str | None:
    """The language chosen with the switch, when its button sent the step's form (``language``
    is no field of the form itself): one of the survey's languages, else None. The language is
    then the page's from here on, so that an error on it is shown in the language chosen."""
    chosen = request.POST.get("language", "")
    offered = channel.campaign.languages or [code for code, _name in languages_local()]
    if chosen not in offered:
        return None
    translation.activate(chosen)
    request.LANGUAGE_CODE = chosen
    return chosen


def _in_language(response: HttpResponse, language: str | None) -> HttpResponse:
    if language is not None:
        language_cookie_set(response, language)
    return response


def _same_page_in(request: HttpRequest, language: str) -> HttpResponse:
    """After a switch whose page's answers are kept: that page again, in ``language``."""
    return _in_language(HttpResponseRedirect(request.get_full_path()), language)


def _returns_to_check(request: HttpRequest) -> bool:
    return request.GET.get("return") == RETURN_TO_CHECK


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


def _begin(request: HttpRequest, code: str, draft: Draft) -> None:
    """Keep ``draft`` as the one being filled in; an earlier send's note goes, and so does the
    short life it gave a session with nothing else in it."""
    request.session.pop(f"{SENT_NOTE}{code}", None)
    request.session.set_expiry(None)
    _save(request, code, draft)


def _note_sent(request: HttpRequest, code: str) -> None:
    """Replace the draft by a note that it was sent, for the thank-you page. A session with
    nothing but such notes ends ``SENT_SECONDS`` later: it holds no answers, and the store
    removes it by itself."""
    session = request.session
    session.pop(f"survey:{code}", None)
    session[f"{SENT_NOTE}{code}"] = True
    # .keys(): a session cannot be iterated over itself.
    if all(key.startswith(SENT_NOTE) for key in session.keys()):  # noqa: SIM118
        session.set_expiry(SENT_SECONDS)


def _errors(problem: ValidationError) -> dict[str, str]:
    """The messages of ``problem`` by field name ("" for a message about no field)."""
    if hasattr(problem, "error_dict"):
        return {name: " ".join(texts) for name, texts in problem.message_dict.items()}
    return {"": " ".join(problem.messages)}


def _summary(errors: Mapping[str, str], anchors: Mapping[str, str]) -> list[dict[str, str]]:
    """The error summary's entries in the page's order, each linking to the first control of
    its field (``anchors``: field name to element id); a message about no field has no link."""
    linked = [
        {"href": f"#{anchor}", "text": errors[name]}
        for name, anchor in anchors.items()
        if name in errors
    ]
    unlinked = [{"href": "", "text": text} for name, text in errors.items() if name not in anchors]
    return linked + unlinked


def _choice_text(instrument: Instrument, value: int) -> str:
    """What the answer ``value`` is called on the version's theme page: the scale's own word
    for it ("Helt greit"), or the number, with the words for the scale's ends at either end
    ("1 – mye å forbedre")."""
    for label in instrument.scale.labels:
        if label.value == value:
            return localized(label.text)
    if value == 1:
        return f"1 – {localized(instrument.scale.low)}"
    if value == instrument.scale.points:
        return f"{value} – {localized(instrument.scale.high)}"
    return str(value)


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
    language, which every key includes (with the campaign's ``form_revision``, which says what
    the page shows of it). ``context`` may then be a function of the slots,
    called only when the page is rendered in full."""

    def full_context(values: Mapping[str, str]) -> dict[str, Any]:
        found = context(values) if callable(context) else context
        offered = languages_local(campaign.languages or None)
        return {"offered_languages": offered, "campaign": campaign, **found}

    kept = None if key is None else (campaign.pk, campaign.form_revision, key)
    return selectors.form_pages.render(
        request, template, full_context, key=kept, slots=slots, status=status
    )


def _closed(request: HttpRequest, channel: Channel) -> HttpResponse:
    """A survey outside its dates: one still to open, or one that has closed."""
    opens_later = channel.campaign.opens_on > timezone.localdate()
    context = {"opens_later": opens_later}
    return _render(request, channel.campaign, "surveys/closed.html", context, status=410)


def survey_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "surveys/index.html",
        {"channels": selectors.open_surveys(timezone.localdate())},
    )


def _offline(request: HttpRequest, channel: Channel) -> HttpResponse:
    """The code of a paper form or group session, typed into the web form's address: it is
    not answered there (``Channel.is_online``); the survey's web link, if it has one, is."""
    web = channel.campaign.channels.filter(kind=Channel.Kind.WEB).first()
    context = {"offline": channel, "web": web if web is not None and _is_open(web) else None}
    return _render(request, channel.campaign, "surveys/closed.html", context, status=404)


def survey_start(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    if not channel.is_online:
        return _offline(request, channel)
    if not _is_open(channel):
        return _closed(request, channel)
    campaign = channel.campaign
    instruments = [selectors.instrument_get(i) for i in campaign.instruments]
    draft = _draft(request, code)
    errors: dict[str, str] = {}
    if request.method == "POST":
        switched = _switched_to(request, channel)
        chosen = request.POST.get("instrument") or (
            instruments[0].id if len(instruments) == 1 else ""
        )
        if chosen in campaign.instruments:
            _begin(request, code, services.draft_start(draft=draft, instrument_id=chosen))
        if switched:  # the start page again, the version chosen kept as the draft's
            return _same_page_in(request, switched)
        if chosen in campaign.instruments:
            return _redirect("surveys:theme", code, 1)
        errors = {"instrument": _("Choose the version you want to answer.")}
    # Kept per survey; the version of the answers begun, if any, goes in slots.
    slots = {
        f"version_{i.id}": " checked" if draft is not None and draft.instrument == i.id else ""
        for i in instruments
    }

    def context(values: Mapping[str, str]) -> dict[str, Any]:
        return {
            "channel": channel,
            "versions": [(i.id, _texts(i), values[f"version_{i.id}"]) for i in instruments],
            "errors": errors,
            "problems": _summary(errors, {"instrument": f"version-{instruments[0].id}"}),
            "language_form": LANGUAGE_FORM,
        }

    return _render(
        request,
        campaign,
        "surveys/start.html",
        context,
        status=400 if errors else 200,
        key=None if errors else ("start", code),
        slots=slots,
    )


def _after_theme(request: HttpRequest, code: str, number: int) -> HttpResponseRedirect:
    """Where Next or Back leads from theme ``number``: to the check page when it was opened
    from there, else to the theme before or after (the start page, "about you")."""
    if _returns_to_check(request):
        return _redirect("surveys:check", code)
    if request.POST.get("go") == "back":
        if number > 1:
            return _redirect("surveys:theme", code, number - 1)
        return _redirect("surveys:start", code)
    if number < len(THEME_NUMBERS):
        return _redirect("surveys:theme", code, number + 1)
    return _redirect("surveys:about", code)


def _theme_context(
    values: Mapping[str, str],
    *,
    channel: Channel,
    instrument: Instrument,
    number: int,
    errors: Mapping[str, str],
) -> dict[str, Any]:
    question = next(q for q in instrument.themes if q.theme == number)
    labels = {label.value: label for label in instrument.scale.labels}
    choices = [
        {
            "value": value,
            "text": _choice_text(instrument, value),
            "pictogram": labels[value].pictogram if value in labels else "",
            "alt": localized(labels[value].alt) if value in labels else "",
            "checked": values[f"score_{value}"],
        }
        for value in range(1, instrument.scale.points + 1)
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
        "points": instrument.scale.points,
        "dont_know_checked": values["dont_know"],
        "good_now": values["good_now"],
        "better": values["better"],
        "errors": errors,
        "problems": _summary(errors, THEME_FIELDS),
        "language_form": LANGUAGE_FORM,
    }


def survey_theme(request: HttpRequest, code: str, number: int) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if draft is None:
        return _redirect("surveys:start", code)
    if number not in THEME_NUMBERS:
        raise Http404
    instrument = selectors.instrument_get(draft.instrument)
    saved = draft.answers.get(number, {})
    errors: dict[str, str] = {}
    switched = None
    if request.method == "POST":
        switched = _switched_to(request, channel)
        entered = {name: request.POST.get(name, "") for name in THEME_FIELDS}
        try:
            draft.answers[number] = services.draft_check_answer(
                instrument_id=draft.instrument, theme=number, **entered
            )
        except ValidationError as problem:
            errors = _errors(problem)
            score = entered["score"]
            saved = {
                **entered,
                "score": int(score) if score.isascii() and score.isdigit() else None,
                "dont_know": score == "dont_know",
            }
        else:
            _save(request, code, draft)
            if switched:
                return _same_page_in(request, switched)
            return _after_theme(request, code, number)
    # Kept per survey, version and theme; what the respondent answered before goes in slots.
    slots = {
        "good_now": str(saved.get("good_now") or ""),
        "better": str(saved.get("better") or ""),
        "dont_know": " checked" if saved.get("dont_know") else "",
    }
    for value in range(1, instrument.scale.points + 1):
        slots[f"score_{value}"] = " checked" if saved.get("score") == value else ""
    context = functools.partial(
        _theme_context, channel=channel, instrument=instrument, number=number, errors=errors
    )
    page = _render(
        request,
        channel.campaign,
        "surveys/theme.html",
        context,
        status=400 if errors else 200,
        key=None if errors else ("theme", code, instrument.id, number),
        slots=slots,
    )
    return _in_language(page, switched)


def _about_anchors(campaign: Campaign, *, shows_areas: bool) -> dict[str, str]:
    """The first control of each question on "about you", in the page's order."""
    anchors = {"neighbourhood": "neighbourhood"} if shows_areas else {}
    for question in background.asked(campaign.background):
        if question.sensitive and "consent" not in anchors:
            anchors["consent"] = "consent"  # the box comes before the sensitive questions
        anchors[question.key] = f"{question.key}-1"
    return anchors


def survey_about(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if draft is None:
        return _redirect("surveys:start", code)
    campaign = channel.campaign
    entered, errors = draft.background, {}
    consent = any(key in background.SENSITIVE for key in entered)
    switched = None
    if request.method == "POST":
        switched = _switched_to(request, channel)
        entered = {key: request.POST.get(key, "") for key in campaign.background}
        consent = request.POST.get("consent") == "yes"
        try:
            draft.background = services.draft_check_background(
                campaign=campaign, entered=entered, consent=consent
            )
        except ValidationError as problem:
            errors = _errors(problem)
        else:
            _save(request, code, draft)
            if switched:
                return _same_page_in(request, switched)
            if _returns_to_check(request) or request.POST.get("go") != "back":
                return _redirect("surveys:check", code)
            return _redirect("surveys:theme", code, len(THEME_NUMBERS))
    # Kept per survey; what the respondent chose before goes in slots.
    areas = list(campaign.areas.all()) if "neighbourhood" in campaign.background else []
    chosen_age = entered.get("age_band", "")
    asked = background.asked(campaign.background, draft.instrument, chosen_age=chosen_age)
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
                "error": errors.get(question.key, ""),
                "reason": question.reason,
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
            "neighbourhood_reason": background.NEIGHBOURHOOD_REASON,
            "consent_checked": values["consent"],
            "errors": errors,
            "problems": _summary(errors, _about_anchors(campaign, shows_areas=len(areas) > 1)),
            "language_form": LANGUAGE_FORM,
        }

    page = _render(
        request,
        campaign,
        "surveys/about.html",
        context,
        status=400 if errors else 200,
        key=None if errors else ("about", code, draft.instrument, chosen_age),
        slots=slots,
    )
    return _in_language(page, switched)


def _answer_text(instrument: Instrument, answer: Mapping[str, object]) -> str:
    """A theme's answer as the check page shows it: the chosen answer in the version's own
    words, "don't know" or "not answered", and whether it has comments."""
    score = answer.get("score")
    if isinstance(score, int) and score:
        shown = _choice_text(instrument, score)
    elif answer.get("dont_know"):
        shown = localized(instrument.dont_know)
    else:
        shown = _("Not answered")
    if answer.get("good_now") or answer.get("better"):
        return _("%(answer)s · with comments") % {"answer": shown}
    return shown


def _about_questions(campaign: Campaign) -> list[tuple[str, str, dict[str, str]]]:
    """Each question "about you" asks, as (key, question, the answer shown for each value)."""
    areas = list(campaign.areas.all()) if "neighbourhood" in campaign.background else []
    asked = []
    if len(areas) > 1:
        names = {str(area.pk): area.name for area in areas}
        asked.append(("neighbourhood", _("Which area do you live in?"), names))
    for question in background.asked(campaign.background):
        shown = {value: str(label) for value, label in question.options}
        asked.append((question.key, str(question.label), shown))
    return asked


def _send(request: HttpRequest, channel: Channel, draft: Draft | None) -> HttpResponse:
    """Send the draft from the check page, once; then the thank-you page."""
    code = channel.code
    token = request.POST.get("token", "")
    if draft is None or draft.token != token:
        # Sent twice, or the session ended after the first send: acknowledge if stored.
        if selectors.response_exists(token):
            _note_sent(request, code)
            return _redirect("surveys:thanks", code)
        return _redirect("surveys:start", code)
    try:
        services.response_submit(channel=channel, draft=draft, language=get_language() or "nb")
    except ValidationError as problem:
        errors = _errors(problem)
        return _render(
            request,
            channel.campaign,
            "surveys/closed.html",
            {"problems": _summary(errors, {})},
            status=400,
        )
    _note_sent(request, code)
    return _redirect("surveys:thanks", code)


def survey_check(request: HttpRequest, code: str) -> HttpResponse:
    channel = _channel(request, code)
    draft = _draft(request, code)
    if request.method == "POST":
        return _send(request, channel, draft)
    if draft is None:
        return _redirect("surveys:start", code)
    # Kept per survey and version; each answer as the tables show it goes in a slot.
    instrument = selectors.instrument_get(draft.instrument)
    about = _about_questions(channel.campaign)
    slots = {"token": draft.token}
    for number in THEME_NUMBERS:
        slots[f"answer_{number}"] = _answer_text(instrument, draft.answers.get(number, {}))
    not_said = _("Do not want to say")
    for key, _question, shown in about:
        slots[f"about_{key}"] = shown.get(draft.background.get(key, ""), not_said)

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
        anchors = _about_anchors(channel.campaign, shows_areas=True)
        about_rows = [
            {"question": question, "answer": values[f"about_{key}"], "anchor": anchors[key]}
            for key, question, _shown in about
        ]
        return {
            "channel": channel,
            "rows": rows,
            "about": about_rows,
            "return_to": RETURN_TO_CHECK,
            "token": values["token"],
        }

    return _render(
        request,
        channel.campaign,
        "surveys/check.html",
        context,
        key=("check", code, instrument.id),
        slots=slots,
    )


def survey_thanks(request: HttpRequest, code: str) -> HttpResponse:
    """The thank-you page, only for the browser that has just sent its answers (the note in
    its session says so): anyone else is sent to the survey's start page."""
    channel = _channel(request, code)
    if not request.session.get(f"{SENT_NOTE}{code}"):
        return _redirect("surveys:start", code)
    campaign = channel.campaign
    closed = campaign.closes_on < timezone.localdate()
    return _render(
        request, campaign, "surveys/thanks.html", {"closed": closed}, key=("thanks", code, closed)
    )
