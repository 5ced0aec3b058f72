"""Every public page, found by following links from the front page, in a real Chromium:
axe-core finds nothing, a keyboard reaches everything with visible focus, and the pages work
with JavaScript switched off, at 320 px wide, in all three languages."""

from urllib.parse import urlparse

import pytest

from soslokal.surveys.models import Channel
from tests.browser.pages import ERROR_PAGES, EXTRA_PAGES, crawl, page_problems, tab_through

LANGUAGES = ["nb", "nn", "en"]
PHONE = {"width": 320, "height": 640}


def open_context(browser, live_server, language, **options):
    context = browser.new_context(viewport=PHONE, **options)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_every_public_page_passes_axe(browser, live_server, demo, axe_source, language, javascript):
    # bypass_csp lets the test inject axe-core; the policy itself is checked below. axe-core
    # cannot run in a context with JavaScript disabled, so "JavaScript off" here means that
    # none of the site's scripts load: the page is exactly what a browser without them shows.
    context = open_context(browser, live_server, language, bypass_csp=True)
    if not javascript:
        context.route("**/*.js", lambda route: route.abort())
    page = context.new_page()
    problems = {}

    def check(path, _response):
        assert page.get_attribute("html", "lang") == language
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)

    # Not linked from anywhere: what a resident sees who types a paper form's code.
    paper = Channel.objects.filter(kind=Channel.Kind.PAPER).first()
    pages = crawl(page, live_server.url, extra=[*EXTRA_PAGES, f"/s/{paper.code}/"], visit=check)
    assert len(pages) >= 12, pages  # front page, 2 municipalities, framework, 8 dimensions, …
    context.close()
    assert not problems, problems


def test_every_public_page_loads_with_javascript_disabled(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    statuses = {}

    def record(path, response):
        statuses[path] = response.status
        assert page.locator("main h1").count() == 1, path

    crawl(page, live_server.url, visit=record)
    context.close()
    # So the accessibility tests of every public page, in every language, cover them:
    assert "/municipalities/4003/decisions/" in statuses, statuses
    assert any(path.endswith("/you-said-we-did/") for path in statuses), statuses
    for path, status in ERROR_PAGES.items():
        assert statuses.pop(path) == status
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_works_by_keyboard_with_visible_focus(
    browser, live_server, demo, language
):
    context = open_context(browser, live_server, language)
    page = context.new_page()
    console_errors = []

    def on_console(message):
        # An error page reports its own status as a console error; anything else is a fault.
        if message.type == "error" and urlparse(message.location["url"]).path not in ERROR_PAGES:
            console_errors.append(f"{message.location['url']}: {message.text}")

    page.on("console", on_console)
    problems = {}

    def check(path, _response):
        expected, stops = tab_through(page)
        if not stops or not stops[0]["skip"]:
            problems[path] = ["the first Tab does not reach the skip link"]
            return
        if len(stops) < expected:
            problems.setdefault(path, []).append(f"Tab reached {len(stops)} of {expected}")
        hidden = [stop["key"] for stop in stops if not stop["visible"]]
        if hidden:
            problems.setdefault(path, []).append(f"focus not visible on {hidden[:3]}")
        page.goto(live_server.url + path)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        if page.evaluate("() => document.activeElement.id") != "main":
            problems.setdefault(path, []).append("the skip link does not move focus to main")

    crawl(page, live_server.url, visit=check)
    context.close()
    assert not problems, problems
    assert not console_errors, console_errors  # CSP violations show up here


def test_the_language_switch_works_without_javascript_and_persists(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/framework/")
    assert page.get_attribute("html", "lang") == "nb"
    page.get_by_role("button", name="Norsk nynorsk").click()
    assert page.url.endswith("/framework/")
    assert page.get_attribute("html", "lang") == "nn"
    page.goto(live_server.url + "/accessibility/")
    assert page.get_attribute("html", "lang") == "nn"
    assert page.get_by_role("heading", level=1).inner_text() == "Tilgjengelegheitserklæring"
    context.close()


def log_in_as_demo_admin(context, live_server, demo, start="/staff/"):
    """Log in through the form, as a person would; returns the page, on ``start``."""
    admin = next(login for login in demo if login.role == "admin")
    page = context.new_page()
    page.goto(live_server.url + start)
    page.get_by_label("Brukernavn").fill(admin.username)
    page.get_by_label("Passord").fill(admin.password)
    page.get_by_role("button", name="Logg inn").click()
    return page


def test_staff_log_in_without_javascript(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = log_in_as_demo_admin(context, live_server, demo)
    assert page.url.endswith("/staff/")
    page.get_by_role("link", name="Skien").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Skien"
    assert page.get_by_text("Gulset").is_visible()
    context.close()


def test_every_staff_page_passes_axe_and_works_by_keyboard(browser, live_server, demo, axe_source):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = log_in_as_demo_admin(context, live_server, demo)
    problems = {}

    def check(path, _response):
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)
        expected, stops = tab_through(page)
        if len(stops) < expected:
            problems.setdefault(path, []).append(f"Tab reached {len(stops)} of {expected}")
        if hidden := [stop["key"] for stop in stops if not stop["visible"]]:
            problems.setdefault(path, []).append(f"focus not visible on {hidden[:3]}")

    pages = crawl(page, live_server.url, "/staff/", within="/staff/", extra=[], visit=check)
    assert "/staff/4003/members/" in pages and "/staff/password/" in pages, pages
    context.close()
    assert not problems, problems


def answer_the_survey(page, start_url, look=lambda page: None):
    """Walk the answer form as a resident would, calling ``look`` on every page on the way."""
    page.goto(start_url)
    look(page)
    page.locator("#version-adult").check()
    page.locator("main button[type=submit]").last.click()
    for number in range(1, 15):
        look(page)
        assert page.locator("legend h1").count() == 1
        page.locator(f"#score-{1 + number % 7}").check()
        page.locator("button[value=next]").click()
    look(page)  # about you
    page.locator("button[value=next]").click()
    look(page)  # check your answers
    page.locator("main button[type=submit]").last.click()
    look(page)  # thank you
    return page.url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answer_form_works_without_javascript_and_passes_axe(
    browser, live_server, demo, axe_source, language
):
    from soslokal.demo.services import DEMO_CAMPAIGN
    from soslokal.surveys.models import Channel, Response

    channel = Channel.objects.get(campaign__name=DEMO_CAMPAIGN, kind="web")
    start_url = f"{live_server.url}/s/{channel.code}/"
    context = open_context(browser, live_server, language, java_script_enabled=False)
    assert answer_the_survey(context.new_page(), start_url).endswith("/thanks/")
    context.close()

    problems = {}

    def look(page):
        path = page.url.removeprefix(live_server.url)
        assert page.get_attribute("html", "lang") == language
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)

    checker = open_context(browser, live_server, language, bypass_csp=True)
    answer_the_survey(checker.new_page(), start_url, look)
    checker.close()
    assert not problems, problems
    assert Response.objects.filter(channel=channel).count() == 2


def test_the_poster_prints_alone_on_one_a4_page(browser, live_server, demo):
    import io

    from pypdf import PdfReader

    from soslokal.surveys.models import Campaign

    campaign = Campaign.objects.get(is_simulated=False)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = log_in_as_demo_admin(context, live_server, demo)
    page.goto(f"{live_server.url}/staff/4003/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Norsk nynorsk").first.click()
    page.wait_for_load_state()  # the style sheets too
    assert page.locator("article.poster").get_attribute("lang") == "nn"
    page.emulate_media(media="print")
    assert page.locator(".poster svg[role=img]").is_visible()
    for chrome in (".site-header", ".site-footer", ".poster-tools"):
        assert page.locator(chrome).is_hidden(), chrome
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert len(printed.pages) == 1
    width, height = printed.pages[0].mediabox.width, printed.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    context.close()
