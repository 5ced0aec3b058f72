"""Paper forms and group sessions keyed in by staff: services and the keying screens."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from soslokal.core.models import Area, Membership
from soslokal.surveys.models import Response
from soslokal.surveys.services import Keyed, group_response_enter, paper_response_enter
from tests.factories import AreaFactory, CampaignFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SCORES = {theme: str(1 + theme % 7) for theme in range(1, 15)}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def campaign(framework):
    campaign = CampaignFactory(background=["neighbourhood", "age_band", "disability"])
    campaign.areas.set(
        [
            AreaFactory(municipality=campaign.municipality, kind=Area.Kind.MUNICIPALITY),
            AreaFactory(
                municipality=campaign.municipality,
                kind=Area.Kind.NEIGHBOURHOOD,
                name="Gulset",
                code="",
            ),
        ]
    )
    return campaign


@pytest.fixture
def facilitator(campaign, client):
    membership = MembershipFactory(
        municipality=campaign.municipality, role=Membership.Role.FACILITATOR
    )
    client.force_login(membership.user)
    client.cookies["django_language"] = "en"
    return membership


def keyed(token="k" * 24, **changes):
    values = {
        "token": token,
        "instrument": "adult",
        "language": "nn",
        "scores": dict(SCORES),
        "background": {"age_band": "67-79"},
    }
    return Keyed(**(values | changes))


def test_first_keying_stores_the_form_and_a_resend_stores_nothing_more(campaign):
    first, mismatches = paper_response_enter(campaign=campaign, paper_ref="17", keyed=keyed())
    again, mismatches_again = paper_response_enter(campaign=campaign, paper_ref="17", keyed=keyed())
    assert mismatches is None and mismatches_again is None
    assert again.pk == first.pk and Response.objects.count() == 1
    assert first.channel.kind == "paper" and first.paper_ref == "17"
    assert first.language == "nn" and not first.verified
    assert dict(first.answers.values_list("theme", "score")) == {
        theme: int(score) for theme, score in SCORES.items()
    }


def test_a_matching_second_keying_marks_the_form_checked(campaign):
    paper_response_enter(campaign=campaign, paper_ref="17", keyed=keyed())
    response, mismatches = paper_response_enter(
        campaign=campaign, paper_ref="17", keyed=keyed(token="m" * 24)
    )
    assert mismatches == []
    response.refresh_from_db()
    assert response.verified and Response.objects.count() == 1


def test_a_differing_second_keying_changes_nothing_and_lists_the_differences(campaign):
    paper_response_enter(campaign=campaign, paper_ref="17", keyed=keyed())
    second = keyed(
        token="m" * 24,
        scores=SCORES | {3: "6", 9: "0"},
        background={"age_band": "45-66"},
    )
    response, mismatches = paper_response_enter(campaign=campaign, paper_ref="17", keyed=second)
    assert [(m.key, m.first, m.second) for m in mismatches] == [
        ("score:3", SCORES[3], "6"),
        ("score:9", SCORES[9], "0"),
        ("background:age_band", "67-79", "45-66"),
    ]
    response.refresh_from_db()
    assert not response.verified
    assert response.answers.get(theme=3).score == int(SCORES[3])


def test_settling_keeps_the_chosen_values_and_marks_the_form_checked(campaign, client, facilitator):
    response, _none = paper_response_enter(campaign=campaign, paper_ref="17", keyed=keyed())
    url = reverse(
        "surveys_staff:paper_settle", args=[campaign.municipality.number, campaign.pk, response.pk]
    )
    client.post(url, {"keep:score:3": "6", "keep:score:9": "0", "keep:background:age_band": ""})
    response.refresh_from_db()
    assert response.verified
    assert response.answers.get(theme=3).score == 6
    assert response.answers.get(theme=9).score is None  # don't know
    assert response.background == {}


def test_a_wrong_score_names_every_theme_in_error_and_stores_nothing(campaign):
    with pytest.raises(ValidationError) as error:
        paper_response_enter(
            campaign=campaign, paper_ref="5", keyed=keyed(scores=SCORES | {2: "8", 11: "x"})
        )
    assert [m.split(":")[0] for m in error.value.messages] == ["Theme 2", "Theme 11"]
    assert not Response.objects.exists()


def test_the_children_version_takes_three_points_only(campaign):
    with pytest.raises(ValidationError):
        paper_response_enter(campaign=campaign, paper_ref="5", keyed=keyed(instrument="children"))
    scores = dict.fromkeys(range(1, 15), "3")
    response, _none = paper_response_enter(
        campaign=campaign, paper_ref="5", keyed=keyed(instrument="children", scores=scores)
    )
    assert response.instrument == "children" and response.instrument_version


def test_a_sensitive_answer_is_kept_only_when_the_consent_box_was_ticked(campaign):
    without, _none = paper_response_enter(
        campaign=campaign, paper_ref="1", keyed=keyed(background={"disability": "yes"})
    )
    with_consent, _none = paper_response_enter(
        campaign=campaign,
        paper_ref="2",
        keyed=keyed(token="c" * 24, background={"disability": "yes"}, consent=True),
    )
    assert without.background == {} and with_consent.background == {"disability": "yes"}


def test_a_group_answer_is_marked_with_its_participants_and_notes(campaign):
    response, created = group_response_enter(
        campaign=campaign, keyed=keyed(), participants=9, notes="Youth club, Tuesday"
    )
    assert created and response.is_group and response.participants == 9
    assert response.channel.kind == "group" and response.notes == "Youth club, Tuesday"
    with pytest.raises(ValidationError):
        group_response_enter(campaign=campaign, keyed=keyed(token="g" * 24), participants=1)


def test_the_paper_screen_keys_a_form_and_comes_back_empty_for_the_next(
    campaign, client, facilitator
):
    url = reverse("surveys_staff:paper_entry", args=[campaign.municipality.number, campaign.pk])
    page = client.get(url)
    fields = {f"score_{theme}": score for theme, score in SCORES.items()}
    sent = client.post(
        url,
        {
            "token": page.context["token"],
            "paper_ref": "A-1",
            "instrument": "adult",
            "language": "en",
            "age_band": "20-44",
            **fields,
        },
    )
    assert sent.status_code == 302 and "language=en" in sent["Location"]
    assert Response.objects.get().paper_ref == "A-1"
    after = client.get(sent["Location"]).content.decode()
    assert "Form A-1 is stored." in after
    second = client.post(
        url,
        {
            "token": "z" * 24,
            "paper_ref": "A-1",
            "instrument": "adult",
            "language": "en",
            **fields | {"score_4": "1"},
        },
    )
    page = second.content.decode()
    assert "the two keyings differ" in page
    assert page.count('type="radio"') == 4  # score 4 and age band, first or second each


def test_the_paper_screen_explains_a_wrong_score_and_keeps_what_was_typed(
    campaign, client, facilitator
):
    url = reverse("surveys_staff:paper_entry", args=[campaign.municipality.number, campaign.pk])
    sent = client.post(
        url,
        {
            "token": "p" * 24,
            "paper_ref": "9",
            "instrument": "adult",
            "language": "nb",
            "score_1": "9",
            "score_2": "4",
        },
    )
    assert sent.status_code == 400
    page = sent.content.decode()
    assert "Theme 1: Choose a number from 1 to 7" in page
    assert 'name="score_2" value="4"' in page
    assert not Response.objects.exists()


def test_a_viewer_cannot_key_in_forms(campaign, client):
    membership = MembershipFactory(municipality=campaign.municipality)
    client.force_login(membership.user)
    for name in ("surveys_staff:paper_entry", "surveys_staff:group_entry"):
        url = reverse(name, args=[campaign.municipality.number, campaign.pk])
        assert client.get(url).status_code == 403


def test_the_group_screen_refuses_a_missing_participant_count(campaign, client, facilitator):
    url = reverse("surveys_staff:group_entry", args=[campaign.municipality.number, campaign.pk])
    sent = client.post(url, {"token": "g" * 24, "instrument": "adult", "language": "nb"})
    assert sent.status_code == 400
    assert "Write how many took part" in sent.content.decode()
    assert not Response.objects.exists()
