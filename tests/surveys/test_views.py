import datetime
import html
import re
import time

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone, translation

from soslokal.core import pages
from soslokal.core.models import Area
from soslokal.surveys import selectors, views
from soslokal.surveys.models import Campaign, Response
from tests.factories import AreaFactory, CampaignFactory, ChannelFactory, LabFactory
from tests.surveys.helpers import sent_token

pytestmark = pytest.mark.django_db
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def channel(framework):
    return ChannelFactory()


def start(client, channel, instrument="adult"):
    return client.post(reverse("surveys:start", args=[channel.code]), {"instrument": instrument})


def answer(client, channel, number, **fields):
    url = reverse("surveys:theme", args=[channel.code, number])
    return client.post(url, {"go": "next", **fields})


def test_a_resident_answers_every_theme_and_sends_once(client, channel):
    assert start(client, channel).status_code == 302
    for number in range(1, 15):
        response = answer(client, channel, number, score=str(1 + number % 7))
        assert response.status_code == 302
    assert response["Location"] == reverse("surveys:about", args=[channel.code])
    client.post(reverse("surveys:about", args=[channel.code]), {"age_band": "20-44"})
    check = client.get(reverse("surveys:check", args=[channel.code]))
    token = sent_token(check)
    sent = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert sent["Location"] == reverse("surveys:thanks", args=[channel.code])
    again = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert again["Location"] == reverse("surveys:thanks", args=[channel.code])
    stored = Response.objects.get()
    assert stored.answers.count() == 14
    assert stored.background == {"age_band": "20-44"}


def test_a_sent_form_leaves_no_answers_in_the_session_store_and_it_ends_soon(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="4", better="Benches by the river")
    token = sent_token(client.get(reverse("surveys:check", args=[channel.code])))
    assert Session.objects.count() == 1
    sent = client.post(reverse("surveys:check", args=[channel.code]), {"token": token})
    assert sent["Location"] == reverse("surveys:thanks", args=[channel.code])
    session = Session.objects.get()
    # Only the note that lets the thank-you page say the answers were sent, for half an hour.
    kept = {key for key in session.get_decoded() if key != "_session_expiry"}
    assert kept == {f"survey-sent:{channel.code}"}
    ends_in = session.expire_date - timezone.now()
    assert datetime.timedelta(0) < ends_in <= datetime.timedelta(seconds=views.SENT_SECONDS)
    assert Response.objects.get().answers.get().better == "Benches by the river"


def test_the_first_page_says_how_far_one_has_come(client, channel):
    start(client, channel)
    page = client.get(reverse("surveys:theme", args=[channel.code, 3])).content.decode()
    assert "Tema 3 av 14" in page
    assert "1 – mye å forbedre" in page and "7 – lite å forbedre" in page
    assert 'type="radio"' in page and "<legend>" in page


def test_the_answer_form_loads_no_script(client, channel):
    pages = [client.get(reverse("surveys:start", args=[channel.code])).content.decode()]
    start(client, channel)
    pages.append(client.get(reverse("surveys:theme", args=[channel.code, 1])).content.decode())
    for page in pages:
        assert 'type="radio"' in page
        assert "<script" not in page


def test_an_out_of_range_score_is_explained_and_the_text_is_kept(client, channel):
    start(client, channel)
    url = reverse("surveys:theme", args=[channel.code, 1])
    response = client.post(url, {"go": "next", "score": "9", "good_now": "Nice benches"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Velg et tall fra 1 til 7" in page
    assert "Nice benches" in page


def test_switching_language_half_way_keeps_the_answers(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="4", better="More light")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("surveys:theme", args=[channel.code, 1])).content.decode()
    assert 'lang="en"' in page
    assert 'value="4" checked' in page
    assert "More light" in page


def test_the_language_switch_sends_what_is_on_the_page_with_it(client, channel):
    start(client, channel)
    theme_3 = reverse("surveys:theme", args=[channel.code, 3]) + "?return=check"
    page = client.get(theme_3).content.decode()
    # On a step of the form, the switch's buttons belong to the step's form.
    assert '<form method="post" class="form-stack answer-form" id="answers"' in page
    assert 'name="language" value="nn" lang="nn" form="answers"' in page
    switched = client.post(theme_3, {"language": "nn", "score": "5", "good_now": "Benkene"})
    assert switched.status_code == 302 and switched["Location"] == theme_3  # the same page
    assert switched.cookies["django_language"].value == "nn"
    page = client.get(theme_3).content.decode()
    assert 'lang="nn"' in page and 'value="5" checked' in page and "Benkene" in page
    # "About you" too; a language the survey does not offer is no switch.
    about_you = reverse("surveys:about", args=[channel.code])
    assert client.post(about_you, {"language": "en", "gender": "woman"})["Location"] == about_you
    assert 'value="woman" checked' in client.get(about_you).content.decode()
    channel.campaign.languages = ["nb", "nn"]
    channel.campaign.save()
    stay = client.post(about_you, {"language": "en", "gender": "man", "go": "next"})
    assert stay["Location"] == reverse("surveys:check", args=[channel.code])


def test_the_switch_on_the_start_page_keeps_the_version_chosen(client, channel):
    start_url = reverse("surveys:start", args=[channel.code])
    assert 'id="answers"' in client.get(start_url).content.decode()
    switched = client.post(start_url, {"language": "en", "instrument": "children"})
    assert switched["Location"] == start_url
    assert switched.cookies["django_language"].value == "en"
    page = client.get(start_url).content.decode()
    assert '<html lang="en"' in page
    assert re.search(r'id="version-children"[^>]* checked', page)


def test_a_switch_with_an_error_on_the_page_shows_it_in_the_language_chosen(client, channel):
    start(client, channel)
    theme_1 = reverse("surveys:theme", args=[channel.code, 1])
    response = client.post(theme_1, {"language": "en", "score": "9", "better": "Lys"})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="en"' in page and "Lys" in page  # nothing typed is lost
    assert response.cookies["django_language"].value == "en"


def test_the_age_question_offers_the_bands_of_the_version_answered(client, channel):
    about_you = reverse("surveys:about", args=[channel.code])

    def bands(page):
        return re.findall(r'name="age_band" id="age_band-\d+" value="([^"]+)"', page)

    start(client, channel, "children")
    assert bands(client.get(about_you).content.decode()) == ["under 13", "13-15"]
    start(client, channel, "adult")
    offered = bands(client.get(about_you).content.decode())
    assert offered == ["13-15", "16-19", "20-44", "45-66", "67-79", "80+"]
    # A band answered before stays on offer, under any version: it must not be lost.
    client.post(about_you, {"go": "next", "age_band": "45-66"})
    start(client, channel, "children")
    page = client.get(about_you).content.decode()
    assert bands(page) == ["under 13", "13-15", "45-66"]
    assert 'value="45-66" checked' in page


def test_back_keeps_the_answer(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="6")
    response = client.post(
        reverse("surveys:theme", args=[channel.code, 2]), {"go": "back", "score": "dont_know"}
    )
    assert response["Location"] == reverse("surveys:theme", args=[channel.code, 1])
    page = client.get(response["Location"]).content.decode()
    assert 'value="6" checked' in page


def test_an_unknown_code_is_not_found_and_a_closed_survey_says_when_it_was_open(client, channel):
    assert client.get("/s/nosuchcode/").status_code == 404
    campaign = channel.campaign
    campaign.closes_on = campaign.opens_on
    campaign.save()
    response = client.get(reverse("surveys:start", args=[channel.code]))
    assert response.status_code == 410
    assert "Den er stengt." in response.content.decode()


def test_a_survey_not_yet_open_says_when_it_opens(client, channel):
    campaign = channel.campaign
    campaign.opens_on = timezone.localdate() + datetime.timedelta(days=3)
    campaign.closes_on = campaign.opens_on + datetime.timedelta(days=30)
    campaign.save()
    response = client.get(reverse("surveys:start", args=[channel.code]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "Den er ikke åpen ennå." in page
    assert dateformat.format(campaign.opens_on, "j. F Y") in page


def test_a_forged_token_stores_nothing(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="3")
    response = client.post(reverse("surveys:check", args=[channel.code]), {"token": "forged"})
    assert response["Location"] == reverse("surveys:start", args=[channel.code])
    assert not Response.objects.exists()


def test_open_surveys_are_listed_publicly_and_closed_ones_are_not(client, channel):
    page = client.get(reverse("surveys:index")).content.decode()
    assert channel.campaign.name in page
    assert f"/s/{channel.code}/" in page
    campaign = channel.campaign
    campaign.closes_on = campaign.opens_on
    campaign.save()
    assert channel.campaign.name not in client.get(reverse("surveys:index")).content.decode()


def test_the_municipality_page_links_its_open_surveys(client, channel):
    municipality = channel.campaign.municipality
    page = client.get(reverse("core:municipality", args=[municipality.number])).content.decode()
    assert f"/s/{channel.code}/" in page


def about(client, channel, **fields):
    start(client, channel)
    return client.post(reverse("surveys:about", args=[channel.code]), {"go": "next", **fields})


def stored_background(client, channel):
    check = client.get(reverse("surveys:check", args=[channel.code]))
    client.post(reverse("surveys:check", args=[channel.code]), {"token": sent_token(check)})
    return Response.objects.get().background


@pytest.fixture
def sensitive_channel(framework):
    channel = ChannelFactory()
    channel.campaign.background = ["age_band", "tenure", "immigrant_background", "disability"]
    channel.campaign.save()
    return channel


def test_sensitive_questions_come_with_an_explanation_and_a_consent_box(client, sensitive_channel):
    start(client, sensitive_channel)
    page = client.get(reverse("surveys:about", args=[sensitive_channel.code])).content.decode()
    assert "Spørsmål vi bare lagrer hvis du sier ja" in page
    assert 'type="checkbox" name="consent"' in page
    assert page.index('name="tenure"') < page.index('name="consent"')
    assert page.index('name="consent"') < page.index('name="disability"')
    # Each question says in one line why it is asked, and is described by it.
    assert 'aria-describedby="age_band-reason"' in page
    assert '<p class="ds-paragraph" id="age_band-reason">Så vi kan se om unge og eldre' in page


def test_a_sensitive_answer_without_the_yes_is_asked_about_not_dropped(client, sensitive_channel):
    fields = {"tenure": "rent_municipal", "immigrant_background": "self", "disability": "yes"}
    response = about(client, sensitive_channel, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#consent"' in page  # the error summary leads to the box
    assert 'id="consent-error"' in page and 'aria-invalid="true"' in page
    # What was chosen stays chosen.
    assert re.search(r'name="immigrant_background"[^>]*value="self"[^>]* checked', page)
    assert client.session[f"survey:{sensitive_channel.code}"]["background"] == {}
    # Choosing "Do not want to say" instead needs no yes.
    url = reverse("surveys:about", args=[sensitive_channel.code])
    client.post(url, {"go": "next", "tenure": "rent_municipal"})
    assert stored_background(client, sensitive_channel) == {"tenure": "rent_municipal"}


def test_sensitive_answers_are_kept_with_consent(client, sensitive_channel):
    fields = {"immigrant_background": "self", "disability": "no", "consent": "yes"}
    about(client, sensitive_channel, **fields)
    assert stored_background(client, sensitive_channel) == {
        "immigrant_background": "self",
        "disability": "no",
    }


def test_a_background_answer_no_form_offers_is_refused(client, sensitive_channel):
    response = about(client, sensitive_channel, tenure="castle", age_band="20-44")
    assert response.status_code == 400
    assert "Velg et av svarene" in response.content.decode()
    check = client.get(reverse("surveys:check", args=[sensitive_channel.code]))
    client.post(
        reverse("surveys:check", args=[sensitive_channel.code]), {"token": sent_token(check)}
    )
    assert Response.objects.get().background == {}


def test_the_form_speaks_only_the_campaigns_languages(client, framework):
    channel = ChannelFactory()
    channel.campaign.languages = ["en"]
    channel.campaign.save()
    client.cookies["django_language"] = "nn"
    page = client.get(reverse("surveys:start", args=[channel.code])).content.decode()
    assert '<html lang="en"' in page
    assert "Norsk nynorsk" not in page and "Start" in page


def close(campaign, *, simulated=False):
    campaign.closes_on = campaign.opens_on
    campaign.is_simulated = simulated
    campaign.save()


def test_a_closed_survey_of_simulated_answers_says_so_on_its_link(client, channel):
    close(channel.campaign, simulated=True)
    response = client.get(reverse("surveys:start", args=[channel.code]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "Simulerte data" in page and "ingen innbyggere har gitt dem" in page


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("nb", "Tidligere undersøkelser", "Simulerte data"),
        ("nn", "Tidlegare undersøkingar", "Simulerte data"),
        ("en", "Earlier surveys", "Simulated data"),
    ],
)
def test_the_municipality_page_lists_closed_surveys_and_labels_simulated_ones(
    client, channel, language, heading, label
):
    campaign = channel.campaign
    real = CampaignFactory(municipality=campaign.municipality, name="Bydelsundersøkelse 2024")
    close(campaign, simulated=True)
    close(real)
    client.cookies["django_language"] = language
    page = client.get(reverse("core:municipality", args=[campaign.municipality.number]))
    earlier = page.content.decode().split(heading, 1)[1]
    simulated_item = earlier.split(campaign.name, 1)[1].split("</li>", 1)[0]
    real_item = earlier.split(real.name, 1)[1].split("</li>", 1)[0]
    assert label in simulated_item and label not in real_item
    # Results are not published yet, so a closed survey has nothing to link to.
    assert f"/s/{channel.code}/" not in page.content.decode()


def test_the_municipality_page_shows_no_earlier_surveys_when_none_has_closed(client, channel):
    page = client.get(reverse("core:municipality", args=[channel.campaign.municipality.number]))
    assert "Tidligere undersøkelser" not in page.content.decode()


# Pages kept per process (core.pages): what a respondent gets is what the template renders.

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page_text(response):
    """The page, with the CSRF token (masked anew for every request) blanked out."""
    assert response.status_code == 200
    return CSRF_FIELD.sub('name="csrfmiddlewaretoken" value="-"', response.content.decode())


@pytest.fixture
def two_area_channel(framework):
    channel = ChannelFactory()
    campaign = channel.campaign
    campaign.background = ["neighbourhood", "age_band", "gender", "disability"]
    campaign.save()
    area = AreaFactory(municipality=campaign.municipality, kind=Area.Kind.NEIGHBOURHOOD, code="")
    campaign.areas.add(area)
    return channel


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    ("fields", "about_you"),
    [
        ({}, {}),
        ({"score": "4"}, {"age_band": "20-44"}),
        (
            {
                "score": "dont_know",
                "good_now": '<b>"Fish" & chips</b>',
                "better": "Lys </textarea>",
            },
            {"gender": "woman", "disability": "yes", "consent": "yes", "neighbourhood": "last"},
        ),
    ],
)
def test_a_kept_page_is_the_page_its_template_renders(
    client, two_area_channel, monkeypatch, language, fields, about_you
):
    channel, about_you = two_area_channel, dict(about_you)  # the parameter is shared
    client.cookies["django_language"] = language
    start(client, channel)
    if fields:
        answer(client, channel, 2, **fields)
    if about_you.get("neighbourhood") == "last":
        about_you["neighbourhood"] = str(channel.campaign.areas.order_by("pk").last().pk)
    if about_you:
        sent = client.post(reverse("surveys:about", args=[channel.code]), about_you)
        assert sent.status_code == 302
    urls = [
        reverse("surveys:start", args=[channel.code]),
        reverse("surveys:theme", args=[channel.code, 2]),
        reverse("surveys:theme", args=[channel.code, 3]) + "?from=%3Cb%3E&to=x",
        reverse("surveys:about", args=[channel.code]),
        reverse("surveys:check", args=[channel.code]),
    ]
    kept = [[page_text(client.get(url)) for _ in range(2)] for url in urls]
    render = selectors.form_pages.render
    monkeypatch.setattr(
        selectors.form_pages, "render", lambda *a, key, **kw: render(*a, key=None, **kw)
    )
    for url, (first, second) in zip(urls, kept, strict=True):
        full = page_text(client.get(url))
        assert first == full and second == full, url
    theme, about_page, check = kept[1][1], kept[3][1], kept[4][1]
    if "good_now" in fields:
        assert "&lt;b&gt;&quot;Fish&quot; &amp; chips&lt;/b&gt;" in theme
        assert "Lys &lt;/textarea&gt;</textarea>" in theme
        assert 'value="dont_know" checked' in theme
        assert f'value="{about_you["neighbourhood"]}" selected' in about_page
        assert 'value="woman" checked' in about_page and 'id="consent"' in about_page
        assert 'value="yes" checked' in about_page
        assert 'aria-describedby="sensitive-explanation" checked' in about_page
    else:
        assert " selected" not in about_page and 'sensitive-explanation" checked' not in about_page
    assert ('value="4" checked' in theme) == (fields.get("score") == "4")
    assert ('value="20-44" checked' in about_page) == ("age_band" in about_you)
    assert sent_token(client.get(urls[4])) in check
    back_to = reverse("surveys:theme", args=[channel.code, 3]) + "?from=%3Cb%3E&amp;to=x"
    assert f'name="next" value="{back_to}"' in kept[2][0]


def test_a_kept_page_shows_no_other_respondents_answers(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="5", good_now="Secret garden")
    url = reverse("surveys:theme", args=[channel.code, 1])
    assert "Secret garden" in client.get(url).content.decode()
    other = Client()
    start(other, channel)
    page = other.get(url).content.decode()
    assert "Secret garden" not in page and " checked" not in page
    assert client.get(url).content.decode().count(" checked") == 1


def test_a_changed_survey_shows_at_once_on_its_kept_pages(client, channel):
    url = reverse("surveys:start", args=[channel.code])
    assert channel.campaign.name in client.get(url).content.decode()
    channel.campaign.name = "Nabolagsundersøkelsen"
    channel.campaign.save()
    assert "Nabolagsundersøkelsen" in client.get(url).content.decode()
    close(channel.campaign)
    assert client.get(url).status_code == 410


def test_a_page_with_a_message_waiting_is_rendered_in_full(rf, channel):
    def request(message=""):
        made = rf.get(reverse("surveys:thanks", args=[channel.code]))
        SessionMiddleware(lambda r: HttpResponse()).process_request(made)
        made.user = AnonymousUser()
        made._messages = default_storage(made)
        if message:
            messages.info(made, message)
        made.session[f"survey-sent:{channel.code}"] = True  # as after a send
        return made

    assert "Shown once" in views.survey_thanks(request("Shown once"), channel.code).content.decode()
    assert "Shown once" not in views.survey_thanks(request(), channel.code).content.decode()


def test_the_tokens_on_kept_pages_pass_the_csrf_check(channel):
    # core.pages masks the CSRF token itself (faster than Django): Django's check must take it.
    browser = Client(enforce_csrf_checks=True)
    field = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    start_url = reverse("surveys:start", args=[channel.code])
    first = browser.get(start_url)  # no cookie yet: a new secret, set as a cookie
    token = field.search(first.content.decode()).group(1)
    assert first.cookies["csrftoken"].value
    assert (
        browser.post(
            start_url, {"instrument": "adult", "csrfmiddlewaretoken": "x" * 64}
        ).status_code
        == 403
    )
    sent = browser.post(start_url, {"instrument": "adult", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    theme_url = reverse("surveys:theme", args=[channel.code, 1])
    tokens = [field.search(browser.get(theme_url).content.decode()).group(1) for _ in range(2)]
    assert tokens[0] != tokens[1]  # masked anew for every page
    sent = browser.post(theme_url, {"go": "next", "score": "4", "csrfmiddlewaretoken": tokens[1]})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("surveys:theme", args=[channel.code, 2])


# What a review of the form in a browser with JavaScript off found.

ERROR_SUMMARY = re.compile(r'<div class="ds-error-summary[^>]*>.*?</div>', re.S)


def summary_of(page):
    return ERROR_SUMMARY.search(page).group(0)


def element(page, element_id):
    """The opening tag of the element with ``element_id``."""
    return re.search(rf'<[^>]* id="{element_id}"[^>]*>', page).group(0)


def test_a_comment_the_browser_took_is_not_refused_for_its_line_breaks(client, channel):
    # 2,000 characters as the browser's maxlength counts them, 117 of them line breaks,
    # which the browser sends as CR LF (2,117 characters on the wire).
    typed = "\n".join(["x" * 16] * 117 + ["x" * 11])
    assert len(typed) == 2000 and typed.count("\n") == 117
    start(client, channel)
    sent = answer(client, channel, 1, score="4", good_now=typed.replace("\n", "\r\n"))
    assert sent.status_code == 302
    old_mac = answer(client, channel, 2, better="First\rsecond")  # a lone CR is a line break
    assert old_mac.status_code == 302
    check = client.get(reverse("surveys:check", args=[channel.code]))
    client.post(reverse("surveys:check", args=[channel.code]), {"token": sent_token(check)})
    stored = dict(Response.objects.get().answers.values_list("theme", "good_now"))
    assert stored[1] == typed
    assert Response.objects.get().answers.get(theme=2).better == "First\nsecond"


@pytest.mark.parametrize(("field", "other"), [("good_now", "better"), ("better", "good_now")])
def test_a_too_long_comment_is_named_and_marked_in_its_own_box(client, channel, field, other):
    start(client, channel)
    response = answer(client, channel, 1, score="4", **{field: "x" * 2001, other: "Fine"})
    assert response.status_code == 400
    page = response.content.decode()
    prompt = re.search(rf'<label class="ds-label" for="{field}">([^<]+) <', page).group(1)
    summary = summary_of(page)
    assert f'href="#{field}"' in summary and 'href="#score-1"' not in summary
    message = re.search(rf'<p class="ds-validation-message" id="{field}-error">([^<]+)</p>', page)
    assert prompt.strip() in message.group(1) and message.group(1) in summary
    box = element(page, field)
    assert 'aria-invalid="true"' in box and f'aria-describedby="{field}-error"' in box
    assert "aria-invalid" not in element(page, other)
    assert "aria-invalid" not in element(page, "score-1")
    assert "score-error" not in page
    assert "x" * 2001 in page and "Fine" in page  # what was typed is kept


def two_versions_on_one_scale(channel):
    channel.campaign.instruments = ["adult", "easy_read", "children"]
    channel.campaign.save()
    return channel


def check_page(client, channel):
    return client.get(reverse("surveys:check", args=[channel.code])).content.decode()


def test_back_to_the_start_page_shows_the_version_and_start_keeps_the_answers(client, channel):
    start(client, channel, "children")
    answer(client, channel, 1, score="2", good_now="The swings")
    token = sent_token(client.get(reverse("surveys:check", args=[channel.code])))
    back = client.post(  # the page's form, with the answer in it
        reverse("surveys:theme", args=[channel.code, 1]),
        {"go": "back", "score": "2", "good_now": "The swings"},
    )
    assert back["Location"] == reverse("surveys:start", args=[channel.code])
    page = client.get(back["Location"]).content.decode()
    assert 'value="children" checked' in page and 'value="adult" checked' not in page
    assert start(client, channel, "children")["Location"] == reverse(
        "surveys:theme", args=[channel.code, 1]
    )
    theme = client.get(reverse("surveys:theme", args=[channel.code, 1])).content.decode()
    assert 'value="2" checked' in theme and "The swings" in theme
    assert sent_token(client.get(reverse("surveys:check", args=[channel.code]))) == token


def test_another_version_on_the_same_scale_keeps_the_answers(client, channel):
    two_versions_on_one_scale(channel)
    start(client, channel, "adult")
    answer(client, channel, 3, score="6", better="Crossings")
    start(client, channel, "easy_read")
    page = client.get(reverse("surveys:theme", args=[channel.code, 3])).content.decode()
    assert "mye må bli bedre" in page  # the easy-read version's words
    assert 'value="6" checked' in page and "Crossings" in page


def test_a_version_on_another_scale_starts_the_themes_afresh(client, channel):
    start(client, channel, "adult")
    answer(client, channel, 3, score="6", better="Crossings")
    client.post(reverse("surveys:about", args=[channel.code]), {"age_band": "20-44"})
    start(client, channel, "children")
    page = client.get(reverse("surveys:theme", args=[channel.code, 3])).content.decode()
    assert " checked" not in page and "Crossings" not in page
    about_page = client.get(reverse("surveys:about", args=[channel.code])).content.decode()
    assert 'value="20-44" checked' in about_page  # about the person, not the version


CHANGE_LINK = re.compile(r'<a class="ds-link" href="([^"]+)">Endre')


@pytest.mark.parametrize("go", ["next", "back"])
def test_change_on_the_check_page_leads_back_to_it(client, channel, go):
    start(client, channel)
    links = CHANGE_LINK.findall(check_page(client, channel))
    theme_5 = reverse("surveys:theme", args=[channel.code, 5]) + "?return=check"
    about_you = reverse("surveys:about", args=[channel.code]) + "?return=check"
    assert theme_5 in links
    assert any(link.startswith(about_you + "#") for link in links)
    assert "?return=check" in client.get(theme_5).content.decode()  # the language switch's
    changed = client.post(theme_5, {"go": go, "score": "2"})
    assert changed["Location"] == reverse("surveys:check", args=[channel.code])
    about_changed = client.post(about_you, {"go": go, "gender": "man"})
    assert about_changed["Location"] == reverse("surveys:check", args=[channel.code])
    page = check_page(client, channel)
    assert "2" in page and "Mann" in page
    # Back, without changing anything: to "about you", answers kept, and on through the themes.
    back = reverse("surveys:about", args=[channel.code])
    assert f'<a class="ds-link" href="{back}">Tilbake til «Om deg»</a>' in page
    assert 'value="man" checked' in client.get(back).content.decode()


@pytest.mark.parametrize("value", ["https://example.com/", "//example.com", "CHECK", ""])
def test_return_leads_nowhere_but_the_check_page(client, channel, value):
    start(client, channel)
    url = reverse("surveys:theme", args=[channel.code, 5]) + f"?return={value}"
    assert client.post(url, {"go": "next"})["Location"] == reverse(
        "surveys:theme", args=[channel.code, 6]
    )


def error_pages(client, channel):
    """A page in each error state of the public form, in the order a respondent meets them."""
    start_url = reverse("surveys:start", args=[channel.code])
    yield "start", client.post(start_url, {}), ["version-adult"]
    start(client, channel)
    theme = reverse("surveys:theme", args=[channel.code, 1])
    yield "theme", client.post(theme, {"score": "9", "better": "x" * 2001}), ["score-1", "better"]
    about_url = reverse("surveys:about", args=[channel.code])
    yield "about", client.post(about_url, {"gender": "castle"}), ["gender-1"]
    token = sent_token(client.get(reverse("surveys:check", args=[channel.code])))
    close(channel.campaign)
    yield "send", client.post(reverse("surveys:check", args=[channel.code]), {"token": token}), []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_error_state_has_a_focused_summary_and_says_error_in_the_title(
    client, two_area_channel, language
):
    client.cookies["django_language"] = language
    with translation.override(language):
        prefix = translation.pgettext("before the page title", "Error:")
        heading = translation.gettext("There is a problem")
    for name, response, anchors in error_pages(client, two_area_channel):
        assert response.status_code == 400, name
        page = response.content.decode()
        assert re.search(r"<title>([^<]*)</title>", page).group(1).startswith(f"{prefix} "), name
        summary = summary_of(page)
        opening = summary.split(">", 1)[0]
        assert 'tabindex="-1"' in opening and " autofocus" in opening, name
        assert 'aria-labelledby="error-summary-heading"' in opening, name
        assert f'id="error-summary-heading">{heading}</h2>' in summary, name
        assert 'role="alert"' not in page, name  # focus announces it; an alert would twice
        assert re.findall(r'href="#([^"]+)"', summary) == anchors, name
        for anchor in anchors:
            assert 'aria-invalid="true"' in element(page, anchor), (name, anchor)


def test_a_page_without_errors_has_no_summary_and_no_error_title(client, channel):
    start(client, channel)
    page = client.get(reverse("surveys:theme", args=[channel.code, 1])).content.decode()
    assert "error-summary" not in page and "autofocus" not in page and "aria-invalid" not in page


@pytest.mark.parametrize(
    ("version", "language", "expected"),
    [
        ("children", "nb", ["Ikke bra", "Helt greit", "Bra"]),
        ("children", "nn", ["Ikkje bra", "Heilt greitt", "Bra"]),
        ("children", "en", ["Not good", "Okay", "Good"]),
        ("adult", "nb", ["1 – mye å forbedre", "4", "7 – lite å forbedre"]),
        (
            "easy_read",
            "en",
            ["1 – a lot needs to get better", "4", "7 – little needs to get better"],
        ),
    ],
)
def test_the_check_page_shows_each_answer_in_the_words_of_its_version(
    client, channel, version, language, expected
):
    two_versions_on_one_scale(channel)
    client.cookies["django_language"] = language
    start(client, channel, version)
    scores = ["1", "2", "3"] if version == "children" else ["1", "4", "7"]
    for number, score in enumerate(scores, start=1):
        answer(client, channel, number, score=score)
    answer(client, channel, 4, score="dont_know", good_now="Nice")
    page = html.unescape(check_page(client, channel))
    cells = re.findall(r"</th>\s*<td>([^<]*)</td>", page)
    assert cells[:3] == expected
    with translation.override(language):
        dont_know = {"nb": "Vet ikke", "nn": "Veit ikkje", "en": "Don't know"}[language]
        assert cells[3] == translation.gettext("%(answer)s · with comments") % {"answer": dont_know}
        assert cells[4] == translation.gettext("Not answered")


def send(client, channel):
    check = client.get(reverse("surveys:check", args=[channel.code]))
    return client.post(reverse("surveys:check", args=[channel.code]), {"token": sent_token(check)})


def test_the_thank_you_page_is_only_for_the_browser_that_sent(client, channel):
    thanks = reverse("surveys:thanks", args=[channel.code])
    start_url = reverse("surveys:start", args=[channel.code])
    assert client.get(thanks)["Location"] == start_url  # nothing sent
    start(client, channel)
    answer(client, channel, 1, score="4")
    assert client.get(thanks)["Location"] == start_url  # begun, not sent
    assert send(client, channel)["Location"] == thanks
    page = client.get(thanks)
    assert page.status_code == 200 and "svarene dine er sendt" in page.content.decode()
    # Where the results will be, before they are published.
    municipality = channel.campaign.municipality
    link = reverse("core:municipality", args=[municipality.number])
    where = f'<a class="ds-link" href="{link}">siden til {municipality.name}</a>'
    assert where in page.content.decode()
    assert Client().get(thanks)["Location"] == start_url  # another browser
    assert Response.objects.count() == 1


def test_the_thank_you_page_invites_to_the_surveys_next_city_lab(client, channel):
    campaign = channel.campaign
    today = timezone.localdate()
    LabFactory(campaign=campaign, municipality=campaign.municipality, held_on=today - ONE_DAY)
    LabFactory(
        campaign=campaign,
        municipality=campaign.municipality,
        title="Byverksted Gulset",
        held_on=today + 10 * ONE_DAY,
        place="Gulset bibliotek",
    )
    LabFactory(campaign=campaign, municipality=campaign.municipality, held_on=today + 40 * ONE_DAY)
    start(client, channel)
    send(client, channel)
    page = client.get(reverse("surveys:thanks", args=[channel.code])).content.decode()
    day = dateformat.format(today + 10 * ONE_DAY, "j. F Y")
    assert f"Kom på byverkstedet «Byverksted Gulset» {day} på Gulset bibliotek" in page
    assert page.count("byverkstedet") == 1  # the next one only


def test_a_doubled_send_is_thanked_in_a_browser_whose_session_ended(client, channel):
    start(client, channel)
    check = client.get(reverse("surveys:check", args=[channel.code]))
    token = sent_token(check)
    send_url = reverse("surveys:check", args=[channel.code])
    assert client.post(send_url, {"token": token}).status_code == 302
    other = Client()  # the same form sent again from a browser without the session
    thanks = other.post(send_url, {"token": token})
    assert thanks["Location"] == reverse("surveys:thanks", args=[channel.code])
    assert other.get(thanks["Location"]).status_code == 200


def test_the_thank_you_page_after_a_send_reads_only_the_session(
    client, channel, django_assert_max_num_queries
):
    start(client, channel)
    send(client, channel)
    thanks = reverse("surveys:thanks", args=[channel.code])
    client.get(thanks)  # the survey as read for the form, kept for a few seconds
    with django_assert_max_num_queries(1) as queries:  # the session, unless it is in Redis
        assert client.get(thanks).status_code == 200
    assert all("django_session" in query["sql"] for query in queries.captured_queries)


def test_a_closed_survey_s_thank_you_page_speaks_of_its_closing_in_the_past(client, channel):
    start(client, channel)
    answer(client, channel, 1, score="4")
    send(client, channel)
    campaign = channel.campaign
    thanks = reverse("surveys:thanks", args=[channel.code])
    with translation.override("nb"):
        closes_on = dateformat.format(campaign.closes_on, "j. F Y")
        future = translation.gettext(
            "The survey closes on %(date)s. The municipality publishes the results after that."
        )
    assert future % {"date": closes_on} in client.get(thanks).content.decode()
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save()
    page = client.get(thanks).content.decode()
    with translation.override("nb"):
        closed_on = dateformat.format(campaign.closes_on, "j. F Y")
        past = translation.gettext(
            "The survey closed on %(date)s. The municipality publishes the results after that."
        )
    assert past % {"date": closed_on} in page
    assert future % {"date": closed_on} not in page


@pytest.mark.parametrize("closed", [False, True])
def test_a_kept_thank_you_page_is_the_page_its_template_renders(
    client, channel, monkeypatch, closed
):
    start(client, channel)
    send(client, channel)
    if closed:
        close(channel.campaign)
    url = reverse("surveys:thanks", args=[channel.code])
    kept = [page_text(client.get(url)) for _ in range(2)]
    render = selectors.form_pages.render
    monkeypatch.setattr(
        selectors.form_pages, "render", lambda *a, key, **kw: render(*a, key=None, **kw)
    )
    assert kept == [page_text(client.get(url))] * 2


@pytest.mark.parametrize(
    ("kind", "says"),
    [("paper", "papirskjemaene"), ("group", "gruppesamlingene")],
)
def test_the_code_of_paper_forms_or_groups_is_not_answered_on_the_web(client, channel, kind, says):
    offline = ChannelFactory(campaign=channel.campaign, kind=kind)
    url = reverse("surveys:start", args=[offline.code])
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert says in page
    assert f'href="{reverse("surveys:start", args=[channel.code])}"' in page
    assert client.post(url, {"instrument": "adult"}).status_code == 404
    follow = client.get(reverse("surveys:theme", args=[offline.code, 1]))
    assert follow["Location"] == url
    assert not any(key.startswith("survey:") for key in client.session.keys())  # noqa: SIM118


def test_a_paper_code_without_an_open_web_link_says_so(client, framework):
    offline = ChannelFactory(kind="paper")
    page = client.get(reverse("surveys:start", args=[offline.code])).content.decode()
    assert "Undersøkelsen kan ikke besvares på nettet nå." in page


def test_kept_pages_follow_a_change_saved_in_another_process(client, channel, monkeypatch):
    url = reverse("surveys:start", args=[channel.code])
    skeletons = []
    render = pages._skeleton
    monkeypatch.setattr(pages, "_skeleton", lambda *a: skeletons.append(a) or render(*a))
    assert channel.campaign.name in client.get(url).content.decode()
    # An update() sends no signal, as a save in another process reaches none in this one.
    Campaign.objects.filter(pk=channel.campaign_id).update(name="Trygge gater i Bø")
    assert "Trygge gater" not in client.get(url).content.decode()  # read 5 s ago at most
    later = time.monotonic() + selectors.FORM_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert "Trygge gater i Bø" in client.get(url).content.decode()
    assert len(skeletons) == 2
    # Read again with nothing changed, the page is not rendered again.
    even_later = later + selectors.FORM_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: even_later)
    assert "Trygge gater i Bø" in client.get(url).content.decode()
    assert len(skeletons) == 2
