"""A brief for the demo's Gulset: its numbers are the underlying data's, small groups stay
hidden, and every figure says where it comes from."""

import re

import pytest
from django.utils import translation

from soslokal.briefs.assembly import Scope, brief_assemble, evidence_for, focus_dimensions
from soslokal.core.templatetags.soslokal import number
from soslokal.demo.services import SIMULATED_CAMPAIGN
from soslokal.evidence.selectors import key_sources
from soslokal.indicators.formatting import format_figure
from soslokal.indicators.models import Indicator, Observation
from soslokal.results.figures import campaign_figures
from soslokal.surveys.models import Answer, Campaign

pytestmark = pytest.mark.django_db


def scope(demo, areas, **more):
    return Scope(municipality=demo, areas=areas, year_from=2019, year_to=2026, **more)


def test_indicator_figures_equal_the_stored_observations(demo, gulset):
    content = brief_assemble(scope(demo, [gulset], language="nn"))
    items = content["challenges"] + content["watch"]
    assert content["challenges"], "the demo's Skien has figures clearly worse than the county"
    assert content["statistics"] == [
        {"name": "Skien", "code": "4003", "own": "", "url": "/indicators/4003/"}
    ]
    for item in items:
        indicator = Indicator.objects.get(code=item["code"])
        stored = Observation.objects.get(
            indicator=indicator,
            region_id=item["region_code"],
            period=item["period"],
            breakdown=indicator.headline,
        )
        assert item["raw"] == stored.value
        with translation.override("nn"):
            shown = format_figure(stored.value, unit=indicator.unit, decimals=indicator.decimals)
        assert item["value"] == shown
        for compared in item["compared"]:
            code = {"Telemark": "40", "Noreg": "0"}[compared["name"]]
            other = Observation.objects.get(
                indicator=indicator,
                region_id=code,
                period=item["period"],
                breakdown=indicator.headline,
            )
            with translation.override("nn"):
                assert compared["value"] == format_figure(
                    other.value, unit=indicator.unit, decimals=indicator.decimals
                )
        assert item["url"] == f"/indicators/4003/#indicator-{item['code']}"
    assert all(item["clearly_worse"] for item in content["challenges"])


def test_survey_figures_equal_campaign_figures_for_the_area(demo, gulset):
    content = brief_assemble(scope(demo, [gulset], language="nn"))
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    figures = campaign_figures(campaign, breakdown="area", rounds=False)
    own = next(g for g in figures.groups if g.key == str(gulset.pk))
    voices = content["voices"]
    assert voices["respondents_raw"] == own.respondents
    with translation.override("nn"):
        for row in voices["themes"]:
            assert row["raw"] == own.mean(row["number"])
            assert row["mean"] == number(own.mean(row["number"]), 1)
            assert row["url"] == f"/results/{campaign.pk}/?by=area#group-theme-{row['number']}"
    lowest = sorted((own.mean(n), n) for n, _name in figures.themes)[0][1]
    assert voices["lowest"][0]["number"] == lowest
    assert "<svg" in voices["compass"] and 'role="img"' in voices["compass"]


def test_a_brief_for_all_the_surveys_areas_shows_everyone_and_the_weighted_figures(demo):
    areas = list(Campaign.objects.get(name=SIMULATED_CAMPAIGN).areas.order_by("name"))
    content = brief_assemble(scope(demo, areas, language="en"))
    figures = campaign_figures(Campaign.objects.get(name=SIMULATED_CAMPAIGN), rounds=False)
    assert content["voices"]["respondents_raw"] == figures.overall.respondents
    assert content["voices"]["weighted"] is bool(figures.weighting.figures)
    assert content["area_label"] == "Falkum, Gulset and Klyve"


def test_groups_under_the_minimum_never_appear(demo, gulset, settings):
    settings.SOSLOKAL_MIN_GROUP = 20
    content = brief_assemble(scope(demo, [gulset], language="en"))
    figures = campaign_figures(Campaign.objects.get(name=SIMULATED_CAMPAIGN), rounds=False)
    small = {g.group: g.respondents for g in figures.heard.groups if g.respondents < 20}
    assert small, "the demo has age groups with fewer than 20 answers"
    for group in content["heard"]["groups"]:
        band = group["label"].removeprefix("aged ")
        if band in small:
            assert group["respondents"] == "fewer than 20"
            assert group["rate"] == ""
    # An area resting on fewer answers than the minimum falls back to everyone.
    settings.SOSLOKAL_MIN_GROUP = 200
    content = brief_assemble(scope(demo, [gulset], language="en"))
    voices = content["voices"]
    assert voices["scope"] == ""
    assert (
        voices["respondents_raw"]
        == campaign_figures(
            Campaign.objects.get(name=SIMULATED_CAMPAIGN), rounds=False
        ).overall.respondents
    )


def test_quotes_are_approved_and_masked(demo, gulset):
    campaign = Campaign.objects.get(name=SIMULATED_CAMPAIGN)
    approved = Answer.objects.filter(
        response__campaign=campaign, moderation=Answer.Moderation.APPROVED
    ).exclude(better="")
    answer = approved.filter(response__area=gulset).order_by("pk").first()
    Answer.objects.filter(response__campaign=campaign).exclude(pk=answer.pk).update(
        moderation=Answer.Moderation.HIDDEN
    )
    answer.better = "Ring meg på 912 34 567 om parken"
    answer.good_now = ""
    answer.save()
    quotes = brief_assemble(scope(demo, [gulset], language="nb"))["voices"]["quotes"]
    assert len(quotes) == 1
    assert "912 34 567" not in quotes[0]["text"] and "parken" in quotes[0]["text"]
    answer.moderation = Answer.Moderation.PENDING
    answer.save()
    assert brief_assemble(scope(demo, [gulset], language="nb"))["voices"]["quotes"] == []


def test_every_figure_refers_to_a_listed_source(demo, gulset):
    content = brief_assemble(scope(demo, [gulset], language="nb"))
    refs = {s["ref"] for s in content["sources"]}
    cited = [i["ref"] for i in content["challenges"] + content["watch"] + content["measures"]]
    cited += [content["voices"]["ref"], content["heard"]["ref"]]
    cited += [c["ref"] for e in content["evidence"] for c in e["citations"]]
    assert cited and set(cited) <= refs
    assert content["measures"], "the demo's city-lab actions are suggested measures"


def test_a_focus_narrows_the_dimensions_and_evidence(demo, gulset):
    content = brief_assemble(scope(demo, [gulset], dimensions=["access"], language="nb"))
    assert [e["dimension"] for e in content["evidence"]] == content["focus"]
    assert len(content["focus"]) == 1
    assert all(
        item["dimension"] == content["focus"][0]
        for item in content["challenges"] + content["watch"]
    )
    dimensions = focus_dimensions(scope(demo, [gulset], themes=[1]))
    assert dimensions and all(d.themes.filter(number=1).exists() for d in dimensions)


def test_the_brief_is_in_its_own_language(demo, gulset):
    nn = brief_assemble(scope(demo, [gulset], language="nn"))
    en = brief_assemble(scope(demo, [gulset], language="en"))
    assert nn["default_title"] == "Gulset: dette veit vi"
    assert en["default_title"] == "Gulset: what we know"
    assert nn["challenges"][0]["value"].endswith("%") and "," in nn["challenges"][0]["value"]
    assert re.search(r"\d\.\d", en["challenges"][0]["value"])


def test_evidence_is_built_by_one_function(demo):
    from soslokal.briefs.assembly import _Sources

    sources = _Sources()
    with translation.override("en"):
        found = evidence_for(focus_dimensions(scope(demo, [])), sources)
    assert len(found) == 8 and all(e["citations"] for e in found)
    assert len(sources.entries) == len({c["ref"] for e in found for c in e["citations"]})


def test_the_evidence_library_s_key_studies_are_cited(demo, gulset):
    coded = next(
        d for d in focus_dimensions(scope(demo, [gulset])) if len(key_sources(d, limit=3)) >= 2
    )
    with translation.override("nn"):
        studies = key_sources(coded, limit=3)
    content = brief_assemble(scope(demo, [gulset], dimensions=[coded.slug], language="nn"))
    listed = {s["label"]: s for s in content["sources"]}
    for study in studies:  # a brief about one dimension cites up to three
        assert listed[study.citation]["url"] == study.url
        assert listed[study.citation]["detail"] == study.study_type
    (evidence,) = content["evidence"]
    assert {c["citation"] for c in evidence["citations"]} >= {s.citation for s in studies}
    wide = brief_assemble(scope(demo, [gulset], language="nn"))  # every dimension: two each
    cited = {c["citation"] for e in wide["evidence"] for c in e["citations"]}
    assert {s.citation for s in studies[:2]} <= cited
