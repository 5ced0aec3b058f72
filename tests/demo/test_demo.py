from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse

from soslokal.core.models import Area, Membership, Municipality, PopulationCount
from soslokal.core.selectors import population_latest
from soslokal.demo.services import (
    DEMO_CAMPAIGN,
    SIMULATED_CAMPAIGN,
    SIMULATED_DATES,
    demo_load,
)
from soslokal.surveys.models import Answer, Campaign, Channel, Response
from soslokal.surveys.selectors import instrument_get
from soslokal.surveys.services import Draft, response_submit

pytestmark = pytest.mark.django_db

LABEL = {"nb": "Simulerte data", "nn": "Simulerte data", "en": "Simulated data"}


def test_the_demo_holds_skien_with_its_real_population(capsys):
    call_command("demo")
    skien = Municipality.objects.get(number="4003")
    assert (skien.name, skien.county_number, skien.county_name) == ("Skien", "40", "Telemark")
    root = Area.objects.get(municipality=skien, kind=Area.Kind.MUNICIPALITY)
    table = population_latest(root)
    # SSB 07459: Skien had 56 906 residents on 1 January 2026 (population_total.csv agrees).
    assert (table.year, table.total) == (2026, 56906)
    neighbourhoods = Area.objects.filter(municipality=skien, kind=Area.Kind.NEIGHBOURHOOD)
    assert sorted(neighbourhoods.values_list("name", flat=True)) == ["Falkum", "Gulset", "Klyve"]
    assert all(area.is_illustrative for area in neighbourhoods)
    out = capsys.readouterr().out
    assert "demo-admin" in out and "/s/" in out
    assert f"simulated answers: {SIMULATED_CAMPAIGN}" in out


def test_the_demo_holds_a_closed_survey_of_simulated_answers():
    demo_load()
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    assert campaign.is_simulated and campaign.municipality.number == "4003"
    assert (campaign.opens_on, campaign.closes_on) == SIMULATED_DATES
    assert campaign.closes_on.year == 2025
    assert sorted(campaign.areas.values_list("name", flat=True)) == ["Falkum", "Gulset", "Klyve"]
    assert sorted(campaign.channels.values_list("kind", "invited")) == [
        ("group", None),
        ("paper", 60),
        ("sms", 1500),
        ("web", None),
    ]
    responses = Response.objects.filter(campaign=campaign)
    assert 300 <= responses.count() <= 450
    assert set(responses.values_list("instrument", "instrument_version")) == {
        ("adult", instrument_get("adult").version)
    }
    assert all(
        campaign.opens_on <= r.submitted_hour.date() <= campaign.closes_on for r in responses
    )
    answers = Answer.objects.filter(response__campaign=campaign)
    per_response = Counter(answers.values_list("response_id", flat=True))
    assert max(per_response.values()) <= 14 and len(per_response) == responses.count()
    scores = set(answers.values_list("score", flat=True))
    assert None in scores and scores - {None} == set(range(1, 8))
    assert responses.filter(channel__kind="paper").exclude(paper_ref="").exists()
    groups = responses.filter(channel__kind="group")
    assert groups.count() == 3 and all(6 <= g.participants <= 12 and g.notes for g in groups)


def test_loading_the_demo_again_changes_nothing_but_passwords():
    call_command("demo")
    counts = (
        PopulationCount.objects.count(),
        Area.objects.count(),
        Membership.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    )
    tokens = set(Response.objects.values_list("token", flat=True))
    call_command("demo")
    assert counts == (
        PopulationCount.objects.count(),
        Area.objects.count(),
        Membership.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    )
    assert set(Response.objects.values_list("token", flat=True)) == tokens
    assert sorted(Campaign.objects.values_list("name", flat=True)) == sorted(
        [DEMO_CAMPAIGN, SIMULATED_CAMPAIGN]
    )


def test_the_demo_loads_again_after_someone_answered_its_open_survey():
    demo_load()
    channel = Channel.objects.get(campaign__name=DEMO_CAMPAIGN, kind=Channel.Kind.WEB)
    draft = Draft(token="t" * 32, instrument="adult", answers={1: {"score": 5}})
    response_submit(channel=channel, draft=draft, language="nb")
    demo_load()
    assert not Response.objects.filter(campaign__name=DEMO_CAMPAIGN).exists()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_public_page_of_skien_lists_the_closed_survey_as_simulated(client, language):
    demo_load()
    client.cookies["django_language"] = language
    page = client.get(reverse("core:municipality", args=["4003"])).content.decode()
    earlier = page[page.index('id="earlier-surveys-heading"') :]
    assert SIMULATED_CAMPAIGN in earlier
    assert f'<span class="ds-tag" data-color="warning">{LABEL[language]}</span>' in earlier
    # The open demo survey is not simulated, and is not labelled so.
    assert page.count('data-color="warning"') == 1


def test_the_staff_pages_label_the_closed_survey_as_simulated(client):
    demo_load()
    admin = Membership.objects.get(user__username="demo-admin")
    client.force_login(admin.user)
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    listing = client.get(reverse("surveys_staff:campaigns", args=["4003"])).content.decode()
    assert listing.count(LABEL["nb"]) == 1
    detail = client.get(reverse("surveys_staff:campaign", args=["4003", campaign.pk]))
    assert LABEL["nb"] in detail.content.decode()


def test_the_demo_has_a_city_lab_on_the_two_lowest_themes_with_two_actions():
    from soslokal.demo.services import DEMO_LAB
    from soslokal.results.figures import campaign_figures
    from soslokal.workshops.models import Action, Lab

    demo_load()
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    lab = Lab.objects.get()
    assert (lab.title, lab.campaign, lab.is_demo) == (DEMO_LAB, campaign, True)
    assert lab.area.kind == Area.Kind.MUNICIPALITY  # all three neighbourhoods together
    assert lab.topics == campaign_figures(campaign).lowest(count=2)
    assert lab.held_on > campaign.closes_on and lab.participants > 0
    assert lab.ideas.count() >= 4 and lab.ideas.filter(votes__gt=0).count() >= 4
    actions = Action.objects.all()
    assert sorted(a.status for a in actions) == ["done", "in_progress"]
    assert all(a.is_demo and "(demo)" in a.title and a.ideas.exists() for a in actions)


def test_the_demos_actions_are_on_skiens_public_page_marked_as_demo_data(client):
    from soslokal.workshops.models import Action

    demo_load()
    client.cookies["django_language"] = "en"
    municipality = client.get(reverse("core:municipality", args=["4003"])).content.decode()
    lab_area = Action.objects.first().area
    page_url = reverse("workshops:area", args=["4003", lab_area.pk])
    assert page_url in municipality
    page = client.get(page_url).content.decode()
    for action in Action.objects.all():
        assert action.title in page
    assert "In progress" in page and "Done" in page and "Demo data" in page
    assert "Simulated data" in page  # the survey the lab started from


def test_the_demo_loads_again_after_someone_planned_a_lab_on_its_survey():
    from soslokal.workshops.models import Action, Idea, Lab
    from soslokal.workshops.services import lab_create

    demo_load()
    counts = (Lab.objects.count(), Idea.objects.count(), Action.objects.count())
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    lab_create(
        municipality=campaign.municipality,
        campaign=campaign,
        area=campaign.areas.first(),
        title="Prøve",
        held_on=SIMULATED_DATES[1],
        place="Her",
        facilitator="Meg",
        topics=[1],
        sectors={},
        groups={},
    )
    demo_load()
    assert (Lab.objects.count(), Idea.objects.count(), Action.objects.count()) == counts


def test_the_demo_has_an_assessed_case_with_an_overdue_follow_up(client):
    from django.utils import timezone

    from soslokal.decisions.models import Assessment, Decision, EvidenceLink
    from soslokal.decisions.selectors import decision_log

    demo_load()
    demo_load()  # loading again keeps one case
    assessment = Assessment.objects.get()
    assert assessment.is_demo and "(demo)" in assessment.title
    kinds = set(EvidenceLink.objects.values_list("kind", flat=True))
    assert kinds == {"indicator", "survey", "action", "brief"}
    log = decision_log(assessment.municipality, timezone.localdate())
    assert len(log.overdue) == 1 and Decision.objects.count() == 2
    assert all(row.decision.is_demo for row in log.rows)
    public = client.get(reverse("decisions:log", args=["4003"])).content.decode()
    assert "Demodata" in public and "(Demo)" in public


def test_the_demo_loads_again_after_someone_assessed_a_case_on_its_action_and_brief():
    from soslokal.briefs.models import BriefVersion
    from soslokal.decisions.models import Assessment
    from soslokal.decisions.services import assessment_create, evidence_add
    from soslokal.workshops.models import Action

    demo_load()
    action = Action.objects.first()
    other = assessment_create(
        municipality=action.municipality,
        case_number="2026/1",
        title="Ekte sak",
        body="council",
        meeting_on=action.created_at.date(),
    )
    evidence_add(assessment=other, dimension="voice", kind="action", action=action)
    brief = BriefVersion.objects.get()
    evidence_add(assessment=other, dimension="voice", kind="brief", brief=brief)
    demo_load()
    assert Assessment.objects.count() == 2  # the staff's own case stays; its demo link goes
    assert not other.judgements.get().links.exists()
