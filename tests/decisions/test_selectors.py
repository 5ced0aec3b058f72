import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from soslokal.decisions import selectors, services
from soslokal.decisions.follow_up import FollowUp
from tests.decisions.conftest import TODAY, indicator, published_brief
from tests.factories import ActionFactory, CampaignFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def absolute(path):
    return "https://kommune.example" + path


@pytest.fixture
def assessment(municipality, areas):
    return services.assessment_create(
        municipality=municipality,
        case_number="2026/1234",
        title="Ny barnehage på Gulset",
        body="committee",
        body_name="Utval for oppvekst",
        meeting_on=dt.date(2026, 3, 12),
        areas=[areas[1]],
    )


def test_the_stored_assessment_comes_out_right_in_nynorsk_and_bokmal(assessment, sources):
    item, campaign, action = sources
    services.judgement_save(
        assessment=assessment,
        dimension="access",
        effect="positive",
        reason="Kortare veg til barnehage for familiar på Gulset.",
        groups=["children", "families"],
    )
    services.evidence_add(
        assessment=assessment, dimension="access", kind="indicator", indicator=item
    )
    services.evidence_add(
        assessment=assessment, dimension="access", kind="survey", campaign=campaign, theme=6
    )
    services.judgement_save(
        assessment=assessment,
        dimension="housing",
        effect="negative",
        reason="Tomta tek ein del av friområdet.",
        mitigation="Nytt leikeområde på taket.",
    )
    services.evidence_add(
        assessment=assessment, dimension="housing", kind="action", action=action, note="Dugnad"
    )
    nn = selectors.assessment_text(assessment, "nn", absolute, TODAY)
    nb = selectors.assessment_text(assessment, "nb", absolute, TODAY)

    assert nn.startswith(
        "Vurdering av sosial berekraft\n\nSak 2026/1234: Ny barnehage på Gulset\n"
        "Vedtaksorgan: Utval for oppvekst\nMøtedato: 12. mars 2026\nOmråde: Gulset\n\n"
        "Saka er vurdert opp mot åtte dimensjonar for sosial berekraft i rammeverket «"
    )
    assert "Positiv verknad: Rettferdig tilgang.\n" in nn
    assert "Negativ verknad: Gode bustader og bumiljø.\n" in nn
    assert (
        "1. Rettferdig tilgang\n"
        "Saka er venta å ha positiv verknad. Grunngjeving: Kortare veg til barnehage for "
        "familiar på Gulset.\n"
        "Grupper som blir påverka: born og unge, barnefamiliar.\n"
        "Kunnskapsgrunnlag:\n"
        "– Statistikk: Born i låginntektshushald (SSB, tabell 08764). "
        "https://kommune.example/indicators/4003/#indicator-low_income_children\n"
        "– Innbyggjarundersøking: Stedskompasset Skien 2025, tema «Leik og fritid». "
        f"https://kommune.example/results/{campaign.pk}/\n"
    ) in nn
    assert (
        "Avbøtande tiltak: Nytt leikeområde på taket.\n"
        "Kunnskapsgrunnlag:\n"
        f"– Tiltak frå byverkstad: Vårdugnad, {action.area.name} (status: gjennomført). "
        f"Dugnad. https://kommune.example/municipalities/4003/areas/{action.area_id}"
        f"/you-said-we-did/#action-{action.pk}\n"
    ) in nn
    assert "3. Levekår, helse og utjamning\nVerknaden er ukjend.\n" in nn
    assert "Born i låginntektshushald" in nn and "Barn i lavinntektshusholdninger" in nb
    assert "Berørte grupper: barn og unge, barnefamilier.\n" in nb
    assert "Negativ virkning: Gode boliger og bomiljø.\n" in nb
    assert "Ukjent virkning: Levekår, helse og utjevning, Sosiale relasjoner og møteplasser, " in nb


def test_an_indicator_without_figures_for_the_place_links_to_the_catalogue(assessment, areas):
    item = indicator("no_figures", "99999")
    link = services.evidence_add(
        assessment=assessment, dimension="living", kind="indicator", indicator=item, area=areas[1]
    )
    assert selectors.link_path(link) == "/indicators/#no_figures"


def test_unpublished_survey_results_have_no_public_link(assessment, municipality):
    link = services.evidence_add(
        assessment=assessment,
        dimension="voice",
        kind="survey",
        campaign=CampaignFactory(municipality=municipality),
    )
    assert selectors.link_path(link) == ""
    assert "(resultata er ikkje publiserte enno)" in selectors.assessment_text(
        assessment, "nn", absolute, TODAY
    )


def decide(assessment, follow_up_on, *, followed_up_on=None, dimensions=(), areas=(), public=True):
    decision = services.decision_create(
        assessment=assessment,
        text=f"Vedtak med oppfølging {follow_up_on}",
        decided_on=dt.date(2026, 1, 1),
        follow_up_on=follow_up_on,
        dimensions=dimensions,
        areas=areas,
        is_public=public,
    )
    if followed_up_on:
        services.decision_follow_up(decision=decision, followed_up_on=followed_up_on, note="Sjekka")
    return decision


def test_the_log_lists_overdue_follow_ups_first_longest_overdue_first(assessment, areas):
    later = decide(assessment, dt.date(2026, 12, 1), dimensions=["access"])
    done = decide(assessment, dt.date(2026, 2, 1), followed_up_on=dt.date(2026, 2, 3))
    overdue = decide(assessment, dt.date(2026, 5, 1), dimensions=["access", "voice"])
    oldest = decide(assessment, dt.date(2026, 4, 1), areas=[areas[1]])
    soon = decide(assessment, dt.date(2026, 6, 1), areas=[areas[1]], dimensions=["voice"])

    log = selectors.decision_log(assessment.municipality, TODAY)

    assert [row.decision for row in log.rows] == [oldest, overdue, soon, later, done]
    assert [row.decision for row in log.overdue] == [oldest, overdue]
    assert [row.days_overdue for row in log.overdue] == [49, 19]
    assert [row.decision for row in log.due_soon] == [soon]
    tallies = {t.key: t.counts for t in log.by_dimension}
    assert tallies["access"] == {
        FollowUp.OVERDUE: 1,
        FollowUp.DUE_SOON: 0,
        FollowUp.NOT_DUE: 1,
        FollowUp.DONE: 0,
    }
    assert tallies["voice"][FollowUp.OVERDUE] == 1 and tallies["voice"][FollowUp.DUE_SOON] == 1
    by_area = {t.key: t for t in log.by_area}
    assert by_area["all"].total == 3 and by_area[str(areas[1].pk)].total == 2
    assert [
        r.decision
        for r in selectors.decision_log(assessment.municipality, TODAY, dimension="voice").shown
    ] == [overdue, soon]
    assert [
        r.decision for r in selectors.decision_log(assessment.municipality, TODAY, area="all").shown
    ] == [overdue, later, done]


def test_the_public_log_leaves_out_what_staff_keep_internal(assessment):
    shown = decide(assessment, dt.date(2026, 12, 1))
    decide(assessment, dt.date(2026, 12, 2), public=False)
    log = selectors.decision_log(assessment.municipality, TODAY, public=True)
    assert [row.decision for row in log.rows] == [shown]
    assert selectors.public_section(assessment.municipality)["decision_count"] == 1


def test_the_log_of_one_municipality_holds_none_of_another(assessment):
    decide(assessment, dt.date(2026, 12, 1))
    other = ActionFactory().municipality
    assert selectors.decision_log(other, TODAY).rows == []


def test_a_published_brief_is_cited_by_its_permanent_version_address(assessment, municipality):
    version = published_brief(municipality)
    link = services.evidence_add(
        assessment=assessment, dimension="voice", kind="brief", brief=version
    )
    path = f"/briefs/{municipality.number}/{version.brief_id}/v1/"
    assert selectors.link_path(link) == path
    nn = selectors.assessment_text(assessment, "nn", absolute, TODAY)
    assert (
        f"– Notat til folkevalde: Gulset: det vi veit (versjon 1). https://kommune.example{path}\n"
    ) in nn
    assert "– Notat til folkevalgte: Gulset: det vi veit (versjon 1)." in selectors.assessment_text(
        assessment, "nb", absolute, TODAY
    )


def test_a_brief_of_another_municipality_is_refused(assessment):
    with pytest.raises(ValidationError, match="brief of this municipality"):
        services.evidence_add(
            assessment=assessment,
            dimension="voice",
            kind="brief",
            brief=published_brief(MunicipalityFactory()),
        )
    assert not assessment.judgements.exists()
