"""The compass as a person on a phone sees it: Chromium shows the SVG 320 px wide."""

import pytest

from soslokal.results.compass import Series, compass_svg
from tests.results.test_compass import THEMES

from .pages import axe_violations, page_problems

NB = THEMES  # the theme names in bokmål
EN = [
    "Moving around",
    "Public transport",
    "Traffic and parking",
    "Streets and spaces",
    "Natural space",
    "Play and recreation",
    "Facilities and services",
    "Work and local economy",
    "Housing and community",
    "Social contact",
    "Identity and belonging",
    "Feeling safe",
    "Care and maintenance",
    "Influence and sense of control",
]
SERIES = [  # areas, weighted, extremes and gaps
    Series(
        "Kvernevik 2024", [4.2, 3.1, 2.4, 4.0, 5.8, 4.4, 3.6, 3.0, 4.8, 4.1, 5.2, 5.5, 3.3, 2.6]
    ),
    Series(
        "Tinnheia 2021 (vektet)",
        [3.5, 4.6, 3.8, None, 6.1, 3.2, 2.9, 2.2, 4.1, 3.6, 4.4, 4.9, 2.8, None],
    ),
    Series("Alle svar", [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 7]),
    Series(
        "Unge 16–24 år", [5.5, 5.0, 4.0, 3.0, 2.0, 1.5, None, 6.8, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    ),
]

MEASURE = """() => [...document.querySelectorAll('svg')].map(svg => {
  const frame = svg.getBoundingClientRect();
  const outside = [...svg.querySelectorAll('text')].filter(t => {
    const b = t.getBoundingClientRect();
    return b.left < frame.left - 0.5 || b.right > frame.right + 0.5
      || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5;
  }).map(t => t.textContent);
  const labels = [...svg.querySelectorAll('text.label')];
  const boxes = labels.map(t => t.getBoundingClientRect());
  const overlapping = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      overlapping.push([labels[i].textContent, labels[i + 1 + j].textContent]);
  }));
  const scale = frame.width / svg.viewBox.baseVal.width;
  const smallest = Math.min(...labels.map(t => parseFloat(t.getAttribute('font-size')))) * scale;
  return {width: frame.width, outside, overlapping, smallest};
})"""


@pytest.mark.parametrize(("labels", "language"), [(NB, "nb"), (EN, "en")])
@pytest.mark.parametrize("count", [1, 2, 4])
def test_compass_labels_are_readable_and_unclipped_at_320_px(
    browser, axe_source, labels, language, count
):
    children = Series("Barn", [1, 2, 3, 2, 1, 3, 2, 2, None, 3, 1, 2, 3, 2.5])
    svgs = [
        compass_svg(labels=labels, series=SERIES[:count], title="Kompass", language=language),
        compass_svg(
            labels=labels,
            series=[children],
            title="Barn",
            language=language,
            id_prefix="b",
            points=3,
        ),
    ]
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        # Like the site's stylesheet: a picture is never wider than its column.
        page.set_content(
            f'<!doctype html><html lang="{language}"><title>Kompass</title>'
            "<style>body{margin:0} svg{display:block;max-width:100%;height:auto}</style>"
            f"<main><h1>Kompass</h1>{''.join(svgs)}</main></html>"
        )
        for measured in page.evaluate(MEASURE):
            assert measured["width"] == 320
            assert measured["outside"] == []
            assert measured["overlapping"] == []
            assert measured["smallest"] >= 9.5
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
        assert axe_violations(page, axe_source) == []
    finally:
        page.close()


# The answer form's error states as a person on a phone meets them, with JavaScript off (here
# rather than beside the other public pages, which another change is editing at the moment).

SUMMARY_FOCUSED = "() => document.activeElement && document.activeElement.id === 'error-summary'"


@pytest.fixture
def form_channel(transactional_db):
    from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file
    from tests.factories import ChannelFactory

    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    return ChannelFactory()


def error_page_problems(page, axe_source, prefix):
    """What is wrong with an error state: the focus not on the summary, the title not saying
    "Error", sideways scrolling at 320 px, and axe's findings."""
    page.wait_for_load_state("load")  # autofocus acts once the page has loaded
    problems = [] if page.evaluate(SUMMARY_FOCUSED) else ["the focus is not on the summary"]
    if not page.title().startswith(f"{prefix} "):
        problems.append(f"the title is {page.title()!r}")
    return problems + page_problems(page, axe_source, 320)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_answer_form_focuses_its_error_summary_and_returns_to_the_check_page(
    browser, live_server, form_channel, axe_source, language
):
    from django.utils import translation

    with translation.override(language):
        prefix = translation.pgettext("before the page title", "Error:")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    start_url = f"{live_server.url}/s/{form_channel.code}/"
    # axe-core needs JavaScript; the form loads no script, so the page is the same without it.
    page.goto(start_url)
    page.locator("main button[type=submit]").click()  # no version chosen
    assert error_page_problems(page, axe_source, prefix) == []
    assert page.locator("#error-summary a").get_attribute("href") == "#version-adult"

    page.locator("#version-adult").check()
    page.locator("main button[type=submit]").click()
    # More than maxlength lets a person type, as a program may send it.
    page.locator("#better").evaluate("(box, text) => { box.value = text; }", "x" * 2001)
    page.locator("button[value=next]").click()
    assert error_page_problems(page, axe_source, prefix) == []
    assert page.locator("#error-summary a").get_attribute("href") == "#better"
    assert page.locator("#better").get_attribute("aria-invalid") == "true"
    assert page.locator("#good_now").get_attribute("aria-invalid") is None
    context.close()

    # Without JavaScript: autofocus alone puts the focus on the summary; a comment of 2,000
    # characters with 117 line breaks (sent as 2,117) is taken, and Change comes back.
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(start_url)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.evaluate(SUMMARY_FOCUSED)
    page.locator("#version-adult").check()
    page.locator("main button[type=submit]").click()
    page.locator("#score-4").check()
    page.locator("#good_now").fill("\n".join(["x" * 16] * 117 + ["x" * 11]))
    page.locator("button[value=next]").click()
    assert page.url.endswith("/theme/2/")
    page.goto(f"{start_url}check/")
    page.locator(f"a[href='/s/{form_channel.code}/theme/1/?return=check']").click()
    page.locator("#score-5").check()
    page.locator("button[value=next]").click()
    assert page.url == f"{start_url}check/"
    context.close()


def test_switching_language_on_a_theme_keeps_what_was_on_the_page(
    browser, live_server, form_channel
):
    # Without JavaScript, in a real browser: the switch's button belongs to the step's form.
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    start_url = f"{live_server.url}/s/{form_channel.code}/"
    page.goto(start_url)
    page.locator("#version-adult").check()
    page.locator("main button[type=submit]").click()
    page.locator("#score-3").check()
    page.locator("#good_now").fill("Benkene ved elva")
    page.locator("header button[name=language][value=nn]").click()
    page.wait_for_load_state("load")
    assert page.url == f"{start_url}theme/1/"
    assert page.get_attribute("html", "lang") == "nn"
    assert page.locator("#score-3").is_checked()
    assert page.locator("#good_now").input_value() == "Benkene ved elva"
    context.close()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_new_states_of_the_form_pass_axe(
    browser, live_server, form_channel, axe_source, language
):
    """The consent error on "about you", the check page with its back link, and the thank-you
    page inviting to a city lab: axe finds nothing, and nothing scrolls sideways at 320 px."""
    from django.utils import timezone, translation

    from tests.factories import LabFactory

    campaign = form_channel.campaign
    campaign.background = ["age_band", "disability"]
    campaign.save()
    LabFactory(campaign=campaign, municipality=campaign.municipality, held_on=timezone.localdate())
    with translation.override(language):
        prefix = translation.pgettext("before the page title", "Error:")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    start_url = f"{live_server.url}/s/{form_channel.code}/"
    page.goto(start_url)
    page.locator("#version-adult").check()
    page.locator("main button[type=submit]").click()
    page.goto(f"{start_url}about-you/")
    page.locator("#disability-1").check()
    page.locator("button[value=next]").click()
    assert error_page_problems(page, axe_source, prefix) == []
    assert page.locator("#error-summary a").get_attribute("href") == "#consent"
    page.locator("#consent").check()
    page.locator("button[value=next]").click()
    assert page.url == f"{start_url}check/"
    assert page_problems(page, axe_source, 320) == []
    page.locator("main button[type=submit]").click()
    assert page.url == f"{start_url}thanks/"
    assert page.locator("main p", has_text=campaign.labs.get().place).count() == 1
    assert page_problems(page, axe_source, 320) == []
    context.close()
