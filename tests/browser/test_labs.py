"""Done means, tried as a new user would: after the demo survey has closed, a facilitator plans
a city lab on its two lowest themes, records ideas and votes, turns two ideas into actions, and
residents see them on the area's public page. axe-core checks every page on the way."""

import re

from tests.browser.pages import page_problems
from tests.browser.test_public_pages import PHONE

IDEAS = [
    (14, "Åpen kontordag med kommunen på biblioteket"),
    (14, "Nabolagsbudsjett som innbyggerne fordeler"),
    (13, "Faddere for lekeplassene"),
]
VOTES = ["6", "9", "4"]


def log_in(context, live_server, login):
    page = context.new_page()
    page.goto(live_server.url + "/staff/")
    page.get_by_label("Brukernavn").fill(login.username)
    page.get_by_label("Passord").fill(login.password)
    page.get_by_role("button", name="Logg inn").click()
    return page


def test_a_facilitator_turns_the_survey_into_a_lab_ideas_votes_and_actions(
    browser, live_server, demo, axe_source
):
    from soslokal.demo.services import SIMULATED_CAMPAIGN
    from soslokal.results.figures import campaign_figures
    from soslokal.surveys.models import Campaign
    from soslokal.workshops.models import Action, Idea, Lab

    lowest = campaign_figures(Campaign.objects.get(name=SIMULATED_CAMPAIGN)).lowest(count=2)
    assert lowest == [14, 13]  # the ideas below are written for these two themes
    facilitator = next(login for login in demo if login.role == "facilitator")
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = log_in(context, live_server, facilitator)
    problems = {}

    def look():
        path = page.url.removeprefix(live_server.url)
        if found := page_problems(page, axe_source, PHONE["width"]):
            problems.setdefault(path, []).extend(found)

    page.get_by_role("link", name="Skien", exact=True).click()
    page.get_by_role("navigation", name="Meny for ansatte").get_by_role(
        "link", name="Byverksted"
    ).click()
    look()
    page.get_by_role("link", name="Planlegg et byverksted").click()
    look()
    page.get_by_role(
        "link", name=f"Skien: alle områdene i undersøkelsen – {SIMULATED_CAMPAIGN}"
    ).click()
    look()
    ticked = page.locator("input[name=topics]:checked")
    assert [int(ticked.nth(i).get_attribute("value")) for i in range(ticked.count())] == lowest
    page.get_by_label("Tittel").fill("Byverksted om innflytelse og vedlikehold")
    page.get_by_label("Dato").fill("2025-05-27")
    page.get_by_label("Sted", exact=True).fill("Klyve skole")
    page.get_by_label("Fasilitator").fill("Ola Nordmann")
    page.get_by_role("textbox", name="Innbyggere").fill("11")
    page.get_by_role("textbox", name="Næringsliv").fill("2")
    page.get_by_role("button", name="Planlegg byverkstedet").click()
    look()
    lab = Lab.objects.get(title="Byverksted om innflytelse og vedlikehold")
    assert lab.topics == lowest and lab.participants == 13

    page.get_by_role("link", name="Legg til og endre ideer").click()
    for topic, text in IDEAS:
        page.locator("#id_topic").select_option(str(topic))
        page.get_by_label("Ideen").fill(text)
        page.get_by_role("button", name="Lagre ideen").click()
        look()
    assert sorted(lab.ideas.values_list("topic", flat=True)) == [13, 14, 14]

    page.get_by_role("link", name="Ferdig: skriv inn stemmene").click()
    look()
    for (_topic, text), votes in zip(IDEAS, VOTES, strict=True):
        page.get_by_label(text).fill(votes)
    page.get_by_role("button", name="Lagre stemmene").click()
    look()
    assert dict(lab.ideas.values_list("text", "votes")) == {
        text: int(votes) for (_topic, text), votes in zip(IDEAS, VOTES, strict=True)
    }

    # The most-voted idea of each topic becomes an action.
    actions = [
        ("Nabolagsbudsjett på 200 000 kroner", "I gang", "Bydelsutvalget"),
        ("Lekeplassfaddere fra neste vår", "Planlagt", "Park og idrett"),
    ]
    for (title, status, owner), idea in zip(actions, [IDEAS[1][1], IDEAS[2][1]], strict=True):
        # The idea's text is in the link for screen readers (after a visually hidden colon).
        page.get_by_role("link", name=re.compile(f"^Gjør den til et tiltak.*{idea}$")).click()
        assert page.get_by_label(idea).is_checked()
        look()
        page.get_by_label("Hva som skal gjøres").fill(title)
        page.get_by_label("Hvem som er ansvarlig").fill(owner)
        page.get_by_label(status).check()
        page.get_by_label("Frist").fill("2026-06-01")
        page.locator("#id_effect_voice").select_option("positive")
        page.get_by_role("button", name="Lagre tiltaket").click()
        look()
    made = Action.objects.filter(lab=lab).order_by("pk")
    assert [a.title for a in made] == [title for title, _s, _o in actions]
    assert [a.ideas.get().text for a in made] == [IDEAS[1][1], IDEAS[2][1]]
    assert Idea.objects.filter(lab=lab, actions__isnull=True).count() == 1

    # A resident, not logged in, finds them from the municipality's page.
    resident = browser.new_context(viewport=PHONE, java_script_enabled=False)
    public = resident.new_page()
    public.goto(live_server.url + "/municipalities/4003/")
    section = public.locator(
        "section", has=public.get_by_role("heading", name="Dere sa, vi gjorde")
    )
    section.get_by_role("link", name="Skien", exact=True).click()
    assert public.get_by_role("heading", level=1).inner_text() == "Dere sa, vi gjorde: Skien"
    for title, status, owner in actions:
        card = public.locator("article", has=public.get_by_role("heading", name=title))
        assert card.get_by_text(status, exact=True).is_visible()
        assert card.get_by_text(owner).is_visible()
    resident.close()
    context.close()
    assert not problems, problems
