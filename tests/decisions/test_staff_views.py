import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from soslokal.core.models import Membership
from soslokal.decisions import services
from soslokal.decisions.models import Assessment, Decision, EvidenceLink, Judgement
from tests.decisions.conftest import member, published_brief
from tests.factories import ActionFactory, AreaFactory, CampaignFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def url(name, municipality, *args):
    return reverse(f"decisions_staff:{name}", args=[municipality.number, *args])


@pytest.fixture
def assessment(municipality):
    return services.assessment_create(
        municipality=municipality,
        case_number="2026/1234",
        title="Ny barnehage på Gulset",
        body="council",
        meeting_on=dt.date(2026, 3, 12),
    )


def test_an_analyst_assesses_a_case_and_gets_the_text_block(client, analyst, municipality, areas):
    response = client.post(
        url("assessment_create", municipality),
        {
            "case_number": "2026/55",
            "title": "Ny gang- og sykkelveg",
            "body": "committee",
            "body_name": "Hovudutval for teknikk",
            "meeting_on": "2026-04-02",
            "areas": [areas[1].pk],
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert list(assessment.areas.all()) == [areas[1]]
    response = client.post(
        url("judgement", municipality, assessment.pk, "safety"),
        {
            "effect": "positive",
            "reason": "Tryggare skuleveg",
            "groups": ["children"],
            "next": "voice",
        },
    )
    assert response["Location"] == url("judgement", municipality, assessment.pk, "voice")
    page = client.get(url("text", municipality, assessment.pk, "nn")).content.decode()
    assert '<textarea class="ds-input text-block" id="text-block" readonly' in page
    assert "Vedtaksorgan: Hovudutval for teknikk" in page
    assert (
        "6. Tryggleik og tillit\nSaka er venta å ha positiv verknad. Grunngjeving: Tryggare "
        "skuleveg.\nGrupper som blir påverka: born og unge.\nDet er ikkje lagt ved kjelder."
    ) in page
    text = client.get(url("text_txt", municipality, assessment.pk, "nb"))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert 'filename="vurdering-2026-55-nb.txt"' in text["Content-Disposition"]
    assert text.content.decode().startswith("Vurdering av sosial bærekraft\n\nSak 2026/55:")


def test_the_pdf_holds_the_same_text(client, analyst, municipality, assessment):
    services.judgement_save(
        assessment=assessment, dimension="access", effect="negative", reason="Lengre veg"
    )
    response = client.get(url("text_pdf", municipality, assessment.pk, "nn"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Vurdering av sosial berekraft" in flat
    assert "Saka er venta å ha negativ verknad. Grunngjeving: Lengre veg." in flat
    assert "Det er ikkje føreslått avbøtande tiltak." in flat


def test_a_language_without_a_text_block_is_not_found(client, analyst, municipality, assessment):
    assert client.get(url("text", municipality, assessment.pk, "se")).status_code == 404


def test_bad_input_gets_a_message_beside_the_field_and_stores_nothing(
    client, analyst, municipality
):
    response = client.post(
        url("assessment_create", municipality),
        {"case_number": "1234", "title": "x" * 201, "body": "senate", "meeting_on": "2026-13-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 200 characters" in page
    assert "Select a valid choice. senate is not one of the available choices." in page
    assert 'id="error-summary"' in page
    assert not Assessment.objects.exists()


def test_a_forged_source_id_is_refused_and_nothing_is_linked(
    client, analyst, municipality, assessment, sources
):
    foreign = CampaignFactory()
    for data in (
        {"kind": "survey", "survey-campaign": foreign.pk},
        {"kind": "action", "action-action": ActionFactory().pk},
        {"kind": "brief", "brief-brief": published_brief(MunicipalityFactory()).pk},
        {"kind": "indicator", "indicator-indicator": "nope"},
        {
            "kind": "indicator",
            "indicator-indicator": sources[0].pk,
            "indicator-area": AreaFactory().pk,
        },
    ):
        response = client.post(url("evidence_add", municipality, assessment.pk, "access"), data)
        assert response.status_code == 400, data
        assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url("evidence_add", municipality, assessment.pk, "access"), {"kind": "x"}
    )
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    assert not EvidenceLink.objects.exists() and not Judgement.objects.exists()


def test_evidence_is_linked_shown_and_removed(client, analyst, municipality, assessment, sources):
    item, _campaign, _action = sources
    response = client.post(
        url("evidence_add", municipality, assessment.pk, "living"),
        {"kind": "indicator", "indicator-indicator": item.pk, "indicator-note": "12 %"},
    )
    assert response.status_code == 302
    link = EvidenceLink.objects.get()
    page = client.get(url("judgement", municipality, assessment.pk, "living")).content.decode()
    assert "Statistics: Barn i lavinntektshusholdninger (SSB, table 08764). 12 %." in page
    foreign = services.assessment_create(
        municipality=AreaFactory().municipality,
        case_number="2026/1",
        title="Annen",
        body="council",
        meeting_on=dt.date(2026, 1, 1),
    )
    assert client.post(url("evidence_remove", municipality, foreign.pk, link.pk)).status_code == 404
    client.post(url("evidence_remove", municipality, assessment.pk, link.pk))
    assert not EvidenceLink.objects.exists()


def test_a_published_brief_is_linked_from_the_form(client, analyst, municipality, assessment):
    version = published_brief(municipality)
    page = client.get(url("judgement", municipality, assessment.pk, "voice")).content.decode()
    assert "Gulset: det vi veit, version 1" in page
    response = client.post(
        url("evidence_add", municipality, assessment.pk, "voice"),
        {"kind": "brief", "brief-brief": version.pk},
    )
    assert response.status_code == 302
    assert EvidenceLink.objects.get().brief == version


def test_viewers_read_but_do_not_write(client, municipality, assessment):
    member(client, municipality, Membership.Role.VIEWER)
    assert client.get(url("assessment", municipality, assessment.pk)).status_code == 200
    assert client.get(url("text", municipality, assessment.pk, "nb")).status_code == 200
    response = client.post(
        url("judgement", municipality, assessment.pk, "access"), {"effect": "neutral"}
    )
    assert response.status_code == 403
    assert not Judgement.objects.exists()


def test_a_decision_is_logged_and_its_overdue_follow_up_leads_the_log(
    client, analyst, municipality, assessment, areas, sources
):
    item, _campaign, action = sources
    today = timezone.localdate()
    services.judgement_save(assessment=assessment, dimension="voice", effect="positive", reason="r")
    form = client.get(url("decision_create", municipality, assessment.pk))
    assert form.context["form"].initial["dimensions"] == ["voice"]
    response = client.post(
        url("decision_create", municipality, assessment.pk),
        {
            "text": "Vedtatt som innstilt.",
            "decided_on": (today - dt.timedelta(days=200)).isoformat(),
            "follow_up_on": (today - dt.timedelta(days=3)).isoformat(),
            "dimensions": ["voice"],
            "areas": [areas[1].pk],
            "indicators": [item.pk],
            "actions": [action.pk],
            "is_public": "yes",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    services.decision_create(
        assessment=assessment,
        text="Utsatt.",
        decided_on=today,
        follow_up_on=today + dt.timedelta(days=300),
    )
    page = client.get(url("log", municipality)).content.decode()
    overdue = page.index('id="overdue-heading"')
    assert page.index("Vedtatt som innstilt.", overdue) < page.index("Utsatt.")
    assert "3 days overdue" in page
    client.post(
        url("follow_up", municipality, decision.pk),
        {"followed_up_on": today.isoformat(), "note": "Tiltaket er i gang."},
    )
    page = client.get(url("log", municipality)).content.decode()
    assert "No follow-up is overdue." in page


def test_a_decision_with_a_foreign_area_or_action_is_refused(
    client, analyst, municipality, assessment
):
    today = timezone.localdate().isoformat()
    base = {"text": "Vedtak", "decided_on": today, "follow_up_on": today, "is_public": "yes"}
    for extra in ({"areas": [AreaFactory().pk]}, {"actions": [ActionFactory().pk]}):
        response = client.post(url("decision_create", municipality, assessment.pk), base | extra)
        assert response.status_code == 400
    assert not Decision.objects.exists()


def test_the_public_log_is_linked_from_the_municipality_page(client, municipality, assessment):
    services.decision_create(
        assessment=assessment,
        text="Offentleg vedtak",
        decided_on=dt.date(2026, 3, 12),
        follow_up_on=dt.date(2026, 4, 1),
    )
    services.decision_create(
        assessment=assessment,
        text="Internt notat",
        decided_on=dt.date(2026, 3, 12),
        follow_up_on=dt.date(2026, 4, 1),
        is_public=False,
    )
    page = client.get(reverse("core:municipality", args=[municipality.number])).content.decode()
    log_url = reverse("decisions:log", args=[municipality.number])
    assert f'href="{log_url}"' in page
    public = client.get(log_url).content.decode()
    assert "Offentleg vedtak" in public and "Internt notat" not in public
    assert "/staff/" not in public.split("<main", 1)[1]


def test_a_case_number_in_another_form_is_explained(client, analyst, municipality):
    response = client.post(
        url("assessment_create", municipality),
        {"case_number": "1234", "title": "T", "body": "council", "meeting_on": "2026-03-12"},
    )
    assert response.status_code == 400
    assert "Write the case number as year/number, for example 2026/1234" in (
        response.content.decode()
    )
    assert not Assessment.objects.exists()
