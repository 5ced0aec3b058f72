"""Random and malformed data against every form of impact assessments and the decision log:
never a 500, and nothing stored unless it was sent whole and valid."""

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soslokal.decisions import services
from soslokal.decisions.models import Assessment, Decision, EvidenceLink, Judgement

pytestmark = pytest.mark.django_db

FIELDS = [
    "case_number",
    "title",
    "body",
    "body_name",
    "meeting_on",
    "areas",
    "effect",
    "reason",
    "groups",
    "other_groups",
    "mitigation",
    "next",
    "kind",
    "indicator-indicator",
    "indicator-area",
    "indicator-note",
    "survey-campaign",
    "survey-theme",
    "action-action",
    "text",
    "decided_on",
    "follow_up_on",
    "dimensions",
    "indicators",
    "actions",
    "is_public",
    "followed_up_on",
    "note",
    "delete",
    "reopen",
]
values = st.one_of(
    st.text(max_size=4100),
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            "2026/1234",
            "council",
            "committee",
            "positive",
            "negative",
            "children",
            "access",
            "voice",
            "indicator",
            "survey",
            "action",
            "yes",
            "2026-02-30",
            "2026-03-12",
            "1899-01-01",
            "99999999999999999999",
            "-1",
            "\x00",
            "٣",
        ]
    ),
)
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def case(municipality, analyst):
    return services.assessment_create(
        municipality=municipality,
        case_number="2026/1",
        title="Sak",
        body="council",
        meeting_on=dt.date(2026, 3, 12),
    )


def urls(municipality, case, ids):
    number = municipality.number
    return [
        reverse("decisions_staff:assessment_create", args=[number]),
        reverse("decisions_staff:assessment_edit", args=[number, ids]),
        reverse("decisions_staff:judgement", args=[number, ids, "access"]),
        reverse("decisions_staff:evidence_add", args=[number, ids, "voice"]),
        reverse("decisions_staff:evidence_remove", args=[number, ids, ids]),
        reverse("decisions_staff:decision_create", args=[number, ids]),
        reverse("decisions_staff:decision", args=[number, ids]),
        reverse("decisions_staff:follow_up", args=[number, ids]),
        reverse("decisions_staff:text", args=[number, ids, "nn"]),
    ]


@FUZZ
@given(data=forms, forged=st.integers(0, 10**12))
def test_no_random_post_breaks_a_form(client, municipality, case, data, forged):
    Assessment.objects.exclude(pk=case.pk).delete()
    for ids in (case.pk, forged):
        for address in urls(municipality, case, ids):
            assert client.post(address, data).status_code < 500, address
    # Only a complete, valid post stores anything; check every stored row is whole.
    for assessment in Assessment.objects.all():
        assessment.full_clean()
        assert len(assessment.title) <= 200
    for judgement in Judgement.objects.all():
        assert judgement.effect in ("positive", "negative", "neutral", "unknown")
        if judgement.effect in ("positive", "negative"):
            assert judgement.reason
    for link in EvidenceLink.objects.all():
        link.clean()
    for decision in Decision.objects.all():
        assert decision.text.strip() and decision.follow_up_on >= decision.decided_on


@FUZZ
@given(reason=st.text(max_size=2100), mitigation=st.text(max_size=2100))
def test_whatever_is_typed_is_stored_whole_or_refused(
    client, municipality, case, reason, mitigation
):
    Judgement.objects.all().delete()
    response = client.post(
        reverse("decisions_staff:judgement", args=[municipality.number, case.pk, "access"]),
        {"effect": "negative", "reason": reason, "mitigation": mitigation},
    )
    assert response.status_code in (302, 400)
    stored = list(Judgement.objects.values_list("reason", "mitigation"))
    if response.status_code == 302:
        assert stored == [
            (reason.replace("\x00", "").strip(), mitigation.replace("\x00", "").strip())
        ]
    else:
        assert stored == []
