"""Done means, tried as a new user would: from the demo, an analyst assesses a mock case
against the framework and copies the generated text block in nynorsk; the decision log shows
the overdue follow-up first. axe-core, 320 px, no site scripts and the keyboard on the way."""

from tests.browser.pages import page_problems, tab_through
from tests.browser.test_labs import log_in
from tests.browser.test_public_pages import PHONE


def test_an_analyst_assesses_a_case_and_copies_the_text_block_in_nynorsk(
    browser, live_server, demo, axe_source
):
    from soslokal.decisions.models import Assessment, EvidenceLink, Judgement

    analyst = next(login for login in demo if login.role == "analyst")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.route("**/*.js", lambda route: route.abort())  # none of the site's scripts
    page = log_in(context, live_server, analyst)
    problems = {}

    def look():
        page.wait_for_load_state("load")  # measured once the style sheets apply
        path = page.url.removeprefix(live_server.url)
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)

    page.get_by_role("link", name="Skien", exact=True).click()
    page.get_by_role("navigation", name="Meny for ansatte").get_by_role(
        "link", name="Vedtak"
    ).click()
    look()
    # The demo's overdue follow-up is listed first, under its own heading.
    overdue = page.locator(
        "section", has=page.get_by_role("heading", name="Oppfølginger på overtid")
    )
    assert overdue.get_by_text("På overtid", exact=True).is_visible()
    assert "nærmiljøhus" in overdue.locator("tbody tr").first.inner_text()

    page.get_by_role("link", name="Vurder en ny sak").first.click()
    look()
    expected, stops = tab_through(page)
    assert stops and stops[0]["skip"] and len(stops) >= expected
    assert all(stop["visible"] for stop in stops), [s["key"] for s in stops if not s["visible"]]
    page.get_by_label("Saksnummer").fill("2026/301")
    page.get_by_label("Sakens tittel").fill("Ny gang- og sykkelvei til Gulset skole")
    page.get_by_label("Et utvalg").check()
    page.get_by_label("Navnet på utvalget eller organet").fill("Hovudutval for teknikk")
    page.get_by_label("Møtedato").fill("2026-09-17")
    page.get_by_label("Gulset").check()
    page.get_by_role("button", name="Lagre og start vurderingen").click()
    look()
    assessment = Assessment.objects.get(case_number="2026/301")

    # The first dimension, by keyboard: choose the effect, write why, tick a group.
    assert page.get_by_role("heading", level=1).inner_text() == "Rettferdig tilgang"
    page.get_by_label("Positiv", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Begrunnelse").fill("Tryggere skolevei for barn som går og sykler")
    page.get_by_label("Barn og unge").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Lagre og gå til neste dimensjon").press("Enter")
    look()
    assert page.get_by_role("heading", level=1).inner_text() == "Gode boliger og bomiljø"
    judgement = Judgement.objects.get(assessment=assessment, dimension="access")
    assert (judgement.effect, judgement.groups) == ("positive", ["children"])

    # Evidence for the second dimension: an indicator of the catalogue.
    page.get_by_label("Indikator", exact=True).select_option("crowded_housing")
    page.get_by_role("button", name="Koble til indikatoren").click()
    look()
    assert EvidenceLink.objects.get(judgement__assessment=assessment).indicator_id == (
        "crowded_housing"
    )
    page.get_by_role("link", name="2026/301 Ny gang- og sykkelvei til Gulset skole").click()
    look()
    page.get_by_role("link", name="Norsk nynorsk", exact=True).click()
    look()
    box = page.get_by_label("Teksten på Norsk nynorsk")
    text = box.input_value()
    assert text.startswith("Vurdering av sosial berekraft\n\nSak 2026/301: Ny gang- og sykkelvei")
    assert "Vedtaksorgan: Hovudutval for teknikk\nMøtedato: 17. september 2026\n" in text
    assert (
        "1. Rettferdig tilgang\nSaka er venta å ha positiv verknad. Grunngjeving: Tryggere "
        "skolevei for barn som går og sykler.\nGrupper som blir påverka: born og unge.\n"
    ) in text
    assert "\n– Statistikk: " in text and "crowded_housing" in text
    # Select it all by keyboard, ready to copy.
    box.focus()
    page.keyboard.press("Control+A")
    selected = page.evaluate(
        "() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]"
    )
    assert selected == [0, len(text)]
    context.close()
    assert not problems, problems


def test_the_text_block_page_needs_no_javascript(browser, live_server, demo):
    from soslokal.decisions.models import Assessment

    analyst = next(login for login in demo if login.role == "analyst")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = log_in(context, live_server, analyst)
    assessment = Assessment.objects.get()
    page.goto(f"{live_server.url}/staff/4003/decisions/cases/{assessment.pk}/text/nb/")
    text = page.locator("textarea#text-block").input_value()
    assert text.startswith("Vurdering av sosial bærekraft\nDemodata: dette er ikke en ekte sak.")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
