"""Random and malformed data against every public survey endpoint: never a 500, and nothing
stored that the respondent did not send whole."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soslokal.surveys.models import Answer, Response
from soslokal.surveys.services import typed_text
from tests.factories import ChannelFactory
from tests.surveys.helpers import sent_token

pytestmark = pytest.mark.django_db

FIELDS = [
    "score",
    "good_now",
    "better",
    "go",
    "instrument",
    "token",
    "age_band",
    "gender",
    "neighbourhood",
    "consent",
    "csrfmiddlewaretoken",
]
values = st.one_of(
    st.text(max_size=2100),
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            "dont_know",
            "next",
            "back",
            "adult",
            "children",
            "0",
            "8",
            "-1",
            "1e9",
            "\x00",
            "²",
            "٣",
        ]
    ),
)
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def channel(framework):
    return ChannelFactory()


def urls(code, number):
    return [
        reverse("surveys:index"),
        reverse("surveys:start", args=[code]),
        reverse("surveys:theme", args=[code, number]),
        reverse("surveys:about", args=[code]),
        reverse("surveys:check", args=[code]),
        reverse("surveys:thanks", args=[code]),
    ]


@FUZZ
@given(
    data=forms,
    started=st.booleans(),
    number=st.integers(0, 30),
    code=st.one_of(st.just(None), st.text(alphabet="abc123-_%.", min_size=1, max_size=20)),
)
def test_no_random_post_breaks_the_form_or_stores_a_response(
    client, channel, data, started, number, code
):
    if started:
        client.post(reverse("surveys:start", args=[channel.code]), {"instrument": "adult"})
    for url in urls(code or channel.code, number):
        assert client.post(url, data).status_code < 500, url
        assert client.get(url).status_code < 500, url
    assert not Response.objects.exists() and not Answer.objects.exists()


@FUZZ
@given(good_now=st.text(max_size=2000), better=st.text(max_size=2000), score=values)
def test_whatever_is_typed_is_stored_whole_or_refused(client, channel, good_now, better, score):
    Response.objects.all().delete()
    client.post(reverse("surveys:start", args=[channel.code]), {"instrument": "adult"})
    step = client.post(
        reverse("surveys:theme", args=[channel.code, 1]),
        {"go": "next", "score": score, "good_now": good_now, "better": better},
    )
    assert step.status_code in (302, 400)
    check = client.get(reverse("surveys:check", args=[channel.code]))
    sent = client.post(reverse("surveys:check", args=[channel.code]), {"token": sent_token(check)})
    assert sent.status_code == 302
    stored = list(Response.objects.get().answers.values_list("good_now", "better"))
    texts = (typed_text(good_now).strip(), typed_text(better).strip())
    valid_score = score == "dont_know" or (
        score.isascii() and score.isdigit() and 1 <= int(score) <= 7
    )
    if step.status_code == 302 and (valid_score or any(texts)):
        assert stored == [texts]
    else:
        assert stored == []


KEYING_FIELDS = [
    "paper_ref",
    "token",
    "instrument",
    "language",
    "score_1",
    "score_7",
    "score_14",
    "good_now_3",
    "neighbourhood",
    "age_band",
    "disability",
    "consent",
    "participants",
    "notes",
]
keying_values = st.one_of(
    values, st.sampled_from(["nb", "nn", "xx", "k" * 24, "7", "20-44", "yes", "3", "1001"])
)
keying_forms = st.dictionaries(st.sampled_from(KEYING_FIELDS), keying_values, max_size=10)


@FUZZ
@given(data=keying_forms, screen=st.sampled_from(["paper_entry", "group_entry"]))
def test_no_random_keying_breaks_the_screens_or_stores_half_a_form(client, channel, data, screen):
    from soslokal.core.models import Membership
    from tests.factories import MembershipFactory

    Response.objects.all().delete()
    campaign = channel.campaign
    membership = MembershipFactory(
        municipality=campaign.municipality, role=Membership.Role.FACILITATOR
    )
    client.force_login(membership.user)
    url = reverse(f"surveys_staff:{screen}", args=[campaign.municipality.number, campaign.pk])
    sent = client.post(url, data)
    assert sent.status_code in (200, 302, 400)
    if sent.status_code == 400:
        assert not Response.objects.exists() and not Answer.objects.exists()
    for response in Response.objects.all():
        typed = {int(key.removeprefix("score_")) for key in data if key.startswith("score_")}
        assert set(response.answers.values_list("theme", flat=True)) <= typed | {3}


@FUZZ
@given(
    chosen=st.dictionaries(
        st.sampled_from(
            [
                "score:1",
                "score:2",
                "background:age_band",
                "good_now:1",
                "instrument",
                "nonsense",
                "score:99",
            ]
        ),
        keying_values,
        max_size=4,
    )
)
def test_settling_random_values_changes_all_or_nothing(client, channel, chosen):
    from soslokal.core.models import Membership
    from soslokal.surveys.services import Keyed, paper_response_enter
    from tests.factories import MembershipFactory

    Response.objects.all().delete()
    campaign = channel.campaign
    scores = dict.fromkeys(range(1, 15), "4")
    response, _none = paper_response_enter(
        campaign=campaign,
        paper_ref="1",
        keyed=Keyed(token="s" * 24, instrument="adult", language="nb", scores=scores),
    )
    before = list(response.answers.values_list("theme", "score"))
    membership = MembershipFactory(
        municipality=campaign.municipality, role=Membership.Role.FACILITATOR
    )
    client.force_login(membership.user)
    url = reverse(
        "surveys_staff:paper_settle",
        args=[campaign.municipality.number, campaign.pk, response.pk],
    )
    sent = client.post(url, {f"keep:{key}": value for key, value in chosen.items()})
    assert sent.status_code == 302
    response.refresh_from_db()
    after = list(response.answers.values_list("theme", "score"))
    assert response.verified or after == before
