"""Done means, tried as a new user would: from the demo, an analyst builds a brief for one
neighbourhood in nynorsk, edits one paragraph, publishes it and opens the public page; axe-core
checks every page on the way, at 320 px wide, with the site's scripts blocked."""

from tests.browser.pages import page_problems
from tests.browser.test_labs import log_in
from tests.browser.test_public_pages import PHONE


def test_an_analyst_builds_edits_and_publishes_a_brief(browser, live_server, demo, axe_source):
    from soslokal.briefs.models import BriefVersion

    analyst = next(login for login in demo if login.role == "analyst")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.route("**/*.js", lambda route: route.abort())
    page = log_in(context, live_server, analyst)
    problems = {}

    def check(name):
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems[name] = found

    page.goto(live_server.url + "/staff/4003/")
    page.get_by_role("link", name="Kunnskapsnotat").click()
    check("list")
    page.get_by_role("link", name="Lag et kunnskapsnotat").click()
    check("form")
    page.get_by_label("Gulset (Nabolag)").check()
    page.get_by_label("Norsk nynorsk").check()
    page.get_by_role("button", name="Skriv utkastet").click()
    assert page.locator("article.brief[lang=nn] h4", has_text="Tre ting å vite").count() == 1
    check("draft")
    page.get_by_role("textbox", name="Innbyggernes stemme").fill(
        "Folk på Gulset vil bli høyrde. Dei vil vere med å bestemme."
    )
    page.get_by_role("button", name="Lagre tekstene").click()
    assert page.get_by_text("Lesbarhet (LIX): 14").count() == 1
    check("edited")
    page.get_by_role("button", name="Publiser notatet").click()
    check("published")
    version = BriefVersion.objects.exclude(brief__is_demo=True).get()
    page.goto(live_server.url + f"/briefs/4003/{version.brief_id}/v1/")
    assert page.locator("main h1").inner_text() == version.title
    assert page.get_by_text("Folk på Gulset vil bli høyrde.").count() == 1
    check("public")
    context.close()
    assert not problems, problems
