import pytest
from django.core.management import call_command

from soslokal.core.models import Area, Membership, Municipality, PopulationCount
from soslokal.core.selectors import population_latest
from soslokal.demo.services import DEMO_CAMPAIGN, demo_load
from soslokal.surveys.models import Campaign, Channel, Response
from soslokal.surveys.services import Draft, response_submit

pytestmark = pytest.mark.django_db


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


def test_loading_the_demo_again_changes_nothing_but_passwords():
    call_command("demo")
    counts = (PopulationCount.objects.count(), Area.objects.count(), Membership.objects.count())
    call_command("demo")
    assert counts == (
        PopulationCount.objects.count(),
        Area.objects.count(),
        Membership.objects.count(),
    )
    assert Campaign.objects.count() == 1


def test_the_demo_loads_again_after_someone_answered_its_open_survey():
    demo_load()
    channel = Channel.objects.get(campaign__name=DEMO_CAMPAIGN, kind=Channel.Kind.WEB)
    draft = Draft(token="t" * 32, instrument="adult", answers={1: {"score": 5}})
    response_submit(channel=channel, draft=draft, language="nb")
    demo_load()
    assert not Response.objects.filter(campaign__name=DEMO_CAMPAIGN).exists()
