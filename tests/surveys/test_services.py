import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from soslokal.surveys import services
from soslokal.surveys.models import Answer, Response
from soslokal.surveys.services import Draft, answer_moderate, campaign_create, response_submit
from tests.factories import AreaFactory, ChannelFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


TOKEN = "t" * 32


def draft(**changes):
    values = {
        "token": TOKEN,
        "instrument": "adult",
        "answers": {
            1: {"score": 2, "good_now": "Fine paths", "better": ""},
            2: {"dont_know": True},
        },
        "background": {"age_band": "20-44"},
    }
    return Draft(**(values | changes))


def test_a_response_is_stored_with_its_answers_and_no_trace_of_the_person():
    channel = ChannelFactory()
    response, created = response_submit(channel=channel, draft=draft(), language="nn")
    assert created
    assert response.submitted_hour.minute == 0 and response.submitted_hour.second == 0
    assert list(response.answers.values_list("theme", "score", "good_now")) == [
        (1, 2, "Fine paths"),
        (2, None, ""),
    ]
    assert response.background == {"age_band": "20-44"}
    names = {field.name for field in Response._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "user", "created_at"}


def test_a_doubled_submit_is_stored_once_and_acknowledged_twice():
    channel = ChannelFactory()
    first, created_first = response_submit(channel=channel, draft=draft(), language="nb")
    second, created_second = response_submit(channel=channel, draft=draft(), language="nb")
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_a_closed_campaign_rejects_answers():
    channel = ChannelFactory()
    later = channel.campaign.closes_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="closed"):
        response_submit(channel=channel, draft=draft(), language="nb", today=later)
    assert not Response.objects.exists()


@pytest.mark.parametrize("kind", ["paper", "group"])
def test_the_web_form_cannot_send_under_a_paper_or_group_code(kind):
    channel = ChannelFactory(kind=kind)
    with pytest.raises(ValidationError, match="staff enter"):
        response_submit(channel=channel, draft=draft(), language="nb")
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answers": {1: {"score": 8}}}, "1 to 7"),
        ({"answers": {15: {"score": 3}}}, "no such theme"),
        ({"answers": {1: {"score": 3, "better": "x" * 2001}}}, "2000"),
        ({"background": {"neighbourhood": "999999"}}, "not part of the survey"),
        ({"instrument": "youth"}, "not part of the survey"),
        ({"token": "short"}, "expired"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(changes, message):
    channel = ChannelFactory()
    with pytest.raises(ValidationError, match=message):
        response_submit(channel=channel, draft=draft(**changes), language="nb")
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_children_answer_on_three_points():
    channel = ChannelFactory()
    with pytest.raises(ValidationError, match="1 to 3"):
        response_submit(
            channel=channel,
            draft=draft(instrument="children", answers={1: {"score": 5}}),
            language="nb",
        )


def test_a_campaign_needs_its_own_areas_and_sensible_dates():
    municipality = MunicipalityFactory()
    other_area = AreaFactory()
    values = {
        "municipality": municipality,
        "name": "Test",
        "areas": [AreaFactory(municipality=municipality)],
        "instruments": ["adult"],
        "languages": ["nb"],
        "background": ["age_band"],
        "opens_on": datetime.date(2026, 5, 1),
        "closes_on": datetime.date(2026, 6, 1),
        "channels": {"web": None, "paper": 200},
    }
    campaign = campaign_create(**values)
    assert sorted(campaign.channels.values_list("kind", "invited")) == [
        ("paper", 200),
        ("web", None),
    ]
    with pytest.raises(ValidationError):
        campaign_create(**values | {"areas": [other_area]})
    with pytest.raises(ValidationError):
        campaign_create(**values | {"closes_on": datetime.date(2026, 4, 1)})


def test_a_flood_is_kept_but_flagged_and_a_class_is_not(settings, monkeypatch):
    settings.SOSLOKAL_SURVEY_FLOOD_PER_MINUTE = 30
    one_minute = timezone.now().replace(second=5)
    monkeypatch.setattr(timezone, "now", lambda: one_minute)
    channel = ChannelFactory()
    for pupil in range(32):
        response_submit(channel=channel, draft=draft(token=f"{pupil:032d}"), language="nb")
    assert Response.objects.count() == 32  # nothing refused, nothing lost
    assert Response.objects.filter(flagged=False).count() == 30  # the class
    assert Response.objects.filter(flagged=True).count() == 2


def test_moderating_a_comment_moves_the_comments_revision_on():
    channel = ChannelFactory()
    response, _created = response_submit(channel=channel, draft=draft(), language="nb")
    answer = response.answers.get(theme=1)
    answer_moderate(campaign=channel.campaign, answer_id=answer.pk, status="approved")
    channel.campaign.refresh_from_db()
    assert channel.campaign.comments_revision == 1
    assert channel.campaign.results_revision == 0  # the scores have not changed
    with pytest.raises(ValidationError):
        answer_moderate(campaign=channel.campaign, answer_id=answer.pk, status="maybe")
    channel.campaign.refresh_from_db()
    assert channel.campaign.comments_revision == 1


def test_a_send_racing_another_with_the_same_token_is_stored_once(monkeypatch):
    """The other send wins between this one's checks and its insert, as two requests of one
    double click can: the unique token refuses the second insert and both are acknowledged."""
    channel = ChannelFactory()
    count = services._flood_count
    winner = []

    def other_send_first(campaign):
        if not winner:
            monkeypatch.setattr(services, "_flood_count", count)
            winner.append(response_submit(channel=channel, draft=draft(), language="nb"))
        return count(campaign)

    monkeypatch.setattr(services, "_flood_count", other_send_first)
    response, created = response_submit(channel=channel, draft=draft(), language="nb")
    assert not created
    assert winner[0] == (response, True)
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


def test_a_retry_after_the_survey_closed_is_acknowledged_when_the_first_send_was_stored():
    channel = ChannelFactory()
    first, _ = response_submit(channel=channel, draft=draft(), language="nb")
    later = channel.campaign.closes_on + datetime.timedelta(days=1)
    again, created = response_submit(channel=channel, draft=draft(), language="nb", today=later)
    assert (again.pk, created) == (first.pk, False)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Benches\r\nby the river", "Benches\nby the river"),  # as every browser sends it
        ("Benches\rby the river", "Benches\nby the river"),  # a lone CR, as old Macs did
        ("Lys\x00 her", "Lys her"),
    ],
)
def test_a_comment_keeps_each_line_break_as_one_character(typed, kept):
    checked = services.draft_check_answer(
        instrument_id="adult", theme=1, score="", good_now=typed, better=typed
    )
    assert checked["good_now"] == kept and checked["better"] == kept


def test_a_comment_is_measured_as_the_browser_counted_it():
    typed = ("x" * 99 + "\r\n") * 20  # 2,000 characters in the box, 2,020 as sent
    checked = services.draft_check_answer(
        instrument_id="adult", theme=1, score="4", good_now=typed, better=""
    )
    assert len(checked["good_now"]) == 1999  # the last line break is trimmed


def test_each_field_in_error_is_named_with_its_own_message():
    with pytest.raises(ValidationError) as raised:
        services.draft_check_answer(
            instrument_id="adult", theme=1, score="9", good_now="x" * 2001, better="y" * 2001
        )
    errors = raised.value.message_dict
    assert list(errors) == ["score", "good_now", "better"]
    # Each comment's message names its own prompt, as the theme page asks it.
    assert "What makes it easy to walk or cycle here today?" in errors["good_now"][0]
    assert "What could make it easier or nicer to walk" in errors["better"][0]


def test_starting_again_with_the_same_version_keeps_the_draft():
    begun = draft()
    assert services.draft_start(draft=begun, instrument_id="adult") is begun


@pytest.mark.parametrize("version", ["youth", "easy_read"])
def test_another_version_on_a_scale_as_long_keeps_the_answers(version):
    begun = draft()
    again = services.draft_start(draft=begun, instrument_id=version)
    assert again.instrument == version
    assert (again.token, again.answers, again.background) == (
        begun.token,
        begun.answers,
        begun.background,
    )


def test_a_version_on_another_scale_starts_a_new_draft_with_the_same_background():
    begun = draft()
    again = services.draft_start(draft=begun, instrument_id="children")
    assert again.instrument == "children" and again.answers == {}
    assert again.token != begun.token and len(again.token) >= 16
    assert again.background == begun.background


def test_a_first_start_makes_a_new_draft():
    first = services.draft_start(draft=None, instrument_id="children")
    other = services.draft_start(draft=None, instrument_id="children")
    assert first.answers == {} and first.background == {} and first.token != other.token
