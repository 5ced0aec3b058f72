"""Staff key in a paper form, check it by a second keying and enter a group session, by
keyboard only, in a real Chromium at phone width; axe-core checks every page on the way."""

import re

from tests.browser.pages import page_problems
from tests.browser.test_public_pages import PHONE, log_in_as_demo_admin

SCORES = "45362713526471"  # one digit per theme, in theme order


def type_scores(page, digits):
    for digit in digits:
        page.keyboard.type(digit)
        page.keyboard.press("Tab")


def send(page):
    """From the age band on: past gender and the closed comments to the save button."""
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")


def test_a_paper_form_and_a_group_session_are_keyed_by_keyboard(
    browser, live_server, demo, axe_source
):
    from soslokal.surveys.models import Campaign, Response

    campaign = Campaign.objects.get(is_simulated=False)
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = log_in_as_demo_admin(context, live_server, demo)
    problems = {}

    def look():
        path = page.url.removeprefix(live_server.url)
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)

    entry = f"{live_server.url}/staff/4003/campaigns/{campaign.pk}/paper/#entry"
    page.goto(entry)
    look()
    page.keyboard.press("Tab")  # the fragment puts one Tab before the form number
    assert page.evaluate("document.activeElement.id") == "paper_ref"
    page.keyboard.type("101")
    page.keyboard.press("Tab")  # version
    page.keyboard.press("Tab")  # language
    page.keyboard.press("Tab")
    type_scores(page, SCORES)
    page.keyboard.type("Falkum")  # type-ahead in the area list
    page.keyboard.press("Tab")
    page.keyboard.type("20")  # age band 20-44
    send(page)
    page.wait_for_url("**/paper/?*")
    look()
    first = Response.objects.get(campaign=campaign, paper_ref="101")
    assert [a.score for a in first.answers.order_by("theme")] == [int(d) for d in SCORES]
    assert first.area.name == "Falkum" and first.background == {"age_band": "20-44"}

    # A second person keys the same form and mistypes theme 5.
    page.goto(entry)
    page.keyboard.press("Tab")
    page.keyboard.type("101")
    for _ in range(3):
        page.keyboard.press("Tab")
    type_scores(page, SCORES[:4] + "1" + SCORES[5:])
    page.keyboard.type("Falkum")
    page.keyboard.press("Tab")
    page.keyboard.type("20")
    send(page)
    page.wait_for_selector("form[action$='/settle/']")
    look()
    assert page.locator("main fieldset").count() == 1  # only the score of theme 5 differs
    # The paper says 1: keep the second keying. Tab to the radio group, arrow to the second.
    page.locator("main fieldset input").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/paper/?*")
    first.refresh_from_db()
    assert first.verified and first.answers.get(theme=5).score == 1

    page.goto(f"{live_server.url}/staff/4003/campaigns/{campaign.pk}/group/#entry")
    look()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "participants"
    page.keyboard.type("8")
    for _ in range(3):
        page.keyboard.press("Tab")
    type_scores(page, "7" * 14)
    page.locator("#notes").fill("Seniorsenteret, tirsdag")
    page.locator("#notes").press("Tab")
    page.keyboard.press("Enter")  # the save button
    page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/(#entry)?$"))
    look()
    group = Response.objects.get(campaign=campaign, participants=8)
    assert group.channel.kind == "group" and group.answers.filter(score=7).count() == 14
    context.close()
    assert not problems, problems
