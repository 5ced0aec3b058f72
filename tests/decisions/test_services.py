import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from soslokal.decisions import services
from soslokal.decisions.models import Assessment, Decision, EvidenceLink, Judgement
from tests.decisions.conftest import indicator
from tests.factories import ActionFactory, AreaFactory, CampaignFactory

pytestmark = pytest.mark.django_db

MEETING = dt.date(2026, 3, 12)


def create(municipality, **changes):
    fields = {
        "municipality": municipality,
        "case_number": "2026/1234",
        "title": "Ny barnehage på Gulset",
        "body": "council",
        "meeting_on": MEETING,
    }
    return services.assessment_create(**(fields | changes))


@pytest.mark.parametrize("number", ["2026/1234", "26/1234", "2026/1234-5", " 2026 / 88 "])
def test_case_numbers_as_archives_write_them_are_accepted(municipality, number):
    assert create(municipality, case_number=number).case_number == "".join(number.split())


@pytest.mark.parametrize("number", ["", "1234", "2026-1234", "2026/", "abc/12", "20261/1"])
def test_other_case_numbers_are_refused_with_an_example(municipality, number):
    with pytest.raises(ValidationError, match="2026/1234"):
        create(municipality, case_number=number)
    assert not Assessment.objects.exists()


def test_a_case_number_is_assessed_once_per_municipality(municipality):
    create(municipality)
    with pytest.raises(ValidationError, match="already has an assessment"):
        create(municipality, title="Again")
    other = AreaFactory().municipality
    assert create(other).municipality == other


def test_a_committee_must_be_named_and_the_council_needs_no_name(municipality, framework):
    with pytest.raises(ValidationError, match="Name the committee"):
        create(municipality, body="committee")
    assessment = create(municipality, body="council", body_name="ignored")
    assert assessment.body_name == ""
    assert assessment.framework_version  # the framework in force is recorded


def test_areas_of_another_municipality_are_refused(municipality):
    with pytest.raises(ValidationError):
        create(municipality, areas=[AreaFactory()])
    assert not Assessment.objects.exists()


def test_a_positive_or_negative_effect_needs_a_reason(municipality):
    assessment = create(municipality)
    with pytest.raises(ValidationError, match="reason"):
        services.judgement_save(assessment=assessment, dimension="access", effect="negative")
    judgement = services.judgement_save(
        assessment=assessment,
        dimension="access",
        effect="negative",
        reason="Lengre vei",
        groups=["older", "children"],
    )
    assert judgement.groups == ["children", "older"]  # in the list's order
    again = services.judgement_save(assessment=assessment, dimension="access", effect="neutral")
    assert again.pk == judgement.pk and Judgement.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [{"dimension": "nope"}, {"effect": "great"}, {"groups": ["aliens"]}, {"reason": "x" * 2001}],
)
def test_a_judgement_refuses_what_the_form_would_not_offer(municipality, changes):
    assessment = create(municipality)
    fields = {"dimension": "access", "effect": "unknown"} | changes
    with pytest.raises(ValidationError):
        services.judgement_save(assessment=assessment, **fields)
    assert not Judgement.objects.exists()


def test_evidence_from_another_municipality_is_refused_and_nothing_is_stored(municipality, sources):
    assessment = create(municipality)
    foreign_campaign = CampaignFactory()
    foreign_action = ActionFactory()
    for kind, source in (
        ("survey", {"campaign": foreign_campaign}),
        ("action", {"action": foreign_action}),
        ("indicator", {"indicator": sources[0], "area": AreaFactory()}),
    ):
        with pytest.raises(ValidationError, match="this municipality"):
            services.evidence_add(assessment=assessment, dimension="access", kind=kind, **source)
    assert not EvidenceLink.objects.exists() and not Judgement.objects.exists()


def test_an_evidence_link_names_its_own_source_only(municipality, sources):
    _item, campaign, action = sources
    assessment = create(municipality)
    with pytest.raises(ValidationError, match="one source only"):
        services.evidence_add(
            assessment=assessment,
            dimension="access",
            kind="survey",
            campaign=campaign,
            action=action,
        )
    with pytest.raises(ValidationError, match="Choose the source"):
        services.evidence_add(assessment=assessment, dimension="access", kind="action")
    link = services.evidence_add(
        assessment=assessment, dimension="access", kind="survey", campaign=campaign, theme=6
    )
    assert link.judgement.effect == "unknown"  # judged later; the source is kept
    with pytest.raises(ValidationError, match="already linked"):
        services.evidence_add(
            assessment=assessment, dimension="access", kind="survey", campaign=campaign, theme=6
        )


def test_the_database_refuses_a_link_whose_source_does_not_match_its_kind(municipality, sources):
    item, campaign, _action = sources
    judgement = Judgement.objects.create(assessment=create(municipality), dimension="access")
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(judgement=judgement, kind="indicator", campaign=campaign)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(
            judgement=judgement, kind="survey", campaign=campaign, area=None, indicator=item
        )
    EvidenceLink.objects.create(judgement=judgement, kind="indicator", indicator=item)


def decide(assessment, **changes):
    fields = {
        "assessment": assessment,
        "text": "Kommunestyret vedtar å bygge barnehagen.",
        "decided_on": MEETING,
        "follow_up_on": dt.date(2027, 3, 1),
    }
    return services.decision_create(**(fields | changes))


def test_a_decision_links_indicators_areas_dimensions_and_actions(municipality, areas, sources):
    item, _campaign, action = sources
    decision = decide(
        create(municipality),
        indicators=[item],
        areas=[areas[1]],
        dimensions=["voice", "access", "voice"],
        actions=[action],
    )
    assert decision.dimensions == ["access", "voice"]  # the framework's order, once each
    assert list(decision.areas.all()) == [areas[1]]
    assert list(decision.indicators.all()) == [item]
    assert list(action.decisions.all()) == [decision]  # the action knows the decision


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"follow_up_on": dt.date(2026, 1, 1)}, "before the decision date"),
        ({"text": "   "}, "what was decided"),
        ({"text": "x" * 4001}, "at most"),
        ({"dimensions": ["made_up"]}, "Unknown dimension"),
        ({"decided_on": dt.date(1900, 1, 1)}, "between 1990 and 2100"),
    ],
)
def test_a_decision_refuses_bad_input_and_stores_nothing(municipality, changes, message):
    assessment = create(municipality)
    with pytest.raises(ValidationError, match=message):
        decide(assessment, **changes)
    assert not Decision.objects.exists()


def test_a_decision_refuses_another_municipalitys_action_or_area(municipality):
    assessment = create(municipality)
    with pytest.raises(ValidationError):
        decide(assessment, actions=[ActionFactory()])
    with pytest.raises(ValidationError):
        decide(assessment, areas=[AreaFactory()])
    assert not Decision.objects.exists()


def test_a_follow_up_says_what_it_found_and_can_be_opened_again(municipality):
    decision = decide(create(municipality))
    with pytest.raises(ValidationError, match="what the follow-up found"):
        services.decision_follow_up(decision=decision, followed_up_on=dt.date(2027, 3, 2))
    with pytest.raises(ValidationError, match="before the decision"):
        services.decision_follow_up(decision=decision, followed_up_on=dt.date(2025, 1, 1), note="x")
    services.decision_follow_up(
        decision=decision, followed_up_on=dt.date(2027, 3, 2), note="Barnehagen er bygd."
    )
    decision.refresh_from_db()
    assert decision.followed_up_on == dt.date(2027, 3, 2)
    services.decision_follow_up(decision=decision, followed_up_on=None)
    decision.refresh_from_db()
    assert decision.followed_up_on is None and decision.follow_up_note == ""


def test_an_indicator_without_a_municipality_is_fine_to_watch(municipality):
    assert list(decide(create(municipality), indicators=[indicator("x", "1")]).indicators.all())
