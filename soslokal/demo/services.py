"""The demo: Skien and Porsgrunn with real population figures, the framework and staff users."""

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from soslokal.briefs.models import Brief
from soslokal.briefs.services import brief_create, brief_publish
from soslokal.core.models import Area, Membership, Municipality
from soslokal.core.population import read_population_csv
from soslokal.core.services import (
    area_upsert,
    membership_grant,
    municipality_upsert,
    population_replace,
)
from soslokal.decisions.models import Assessment, EvidenceLink
from soslokal.decisions.services import (
    assessment_create,
    decision_create,
    evidence_add,
    judgement_save,
)
from soslokal.demo.simulation import simulate_responses
from soslokal.evidence import services as evidence
from soslokal.evidence.models import Reference, Review, Status
from soslokal.framework.models import Dimension, PlaceTheme
from soslokal.framework.services import DEFAULT_FRAMEWORK_FILE, framework_load_file
from soslokal.indicators.importing import demo_indicators_load
from soslokal.indicators.models import Indicator
from soslokal.surveys.models import Answer, Campaign, Response
from soslokal.surveys.selectors import instrument_get
from soslokal.surveys.services import campaign_create
from soslokal.workshops.models import Action, Lab
from soslokal.workshops.selectors import lab_areas, survey_priorities
from soslokal.workshops.services import (
    action_create,
    idea_create,
    idea_votes_set,
    lab_create,
    lab_delete,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_FILE = DATA_DIR / "ssb_07459_population_by_age_telemark.csv"
POPULATION_SOURCE = "SSB 07459 (CC BY 4.0)"
TELEMARK = ("40", "Telemark")
MUNICIPALITIES = [("4003", "Skien"), ("4001", "Porsgrunn")]
SKIEN_NEIGHBOURHOODS = ["Gulset", "Klyve", "Falkum"]
DEMO_USERS = [
    ("demo-admin", Membership.Role.ADMIN),
    ("demo-analyst", Membership.Role.ANALYST),
    ("demo-facilitator", Membership.Role.FACILITATOR),
]


DEMO_CAMPAIGN = "Stedskompasset Gulset, Klyve og Falkum (demo)"
SIMULATED_CAMPAIGN = "Stedskompasset Skien 2025 (simulert)"
SIMULATED_DATES = (dt.date(2025, 3, 3), dt.date(2025, 3, 30))
SIMULATED_SEED = 4003


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Load or refresh the demo; returns fresh passwords for the demo users of Skien."""
    framework_load_file(path=DEFAULT_FRAMEWORK_FILE)
    lines = POPULATION_FILE.read_text(encoding="utf-8").splitlines()
    roots = {}
    for number, name in MUNICIPALITIES:
        municipality = municipality_upsert(
            number=number, name=name, county_number=TELEMARK[0], county_name=TELEMARK[1]
        )
        root = area_upsert(
            municipality=municipality, kind=Area.Kind.MUNICIPALITY, name=name, code=number
        )
        population_replace(
            area=root, rows=read_population_csv(lines, region=name), source=POPULATION_SOURCE
        )
        roots[number] = root
    skien = roots["4003"]
    for name in SKIEN_NEIGHBOURHOODS:
        area_upsert(
            municipality=skien.municipality,
            kind=Area.Kind.NEIGHBOURHOOD,
            name=name,
            parent=skien,
            is_illustrative=True,
        )
    demo_indicators_load()
    demo_campaign_load(skien.municipality)
    simulated = demo_simulated_campaign_load(skien.municipality)
    lab = demo_lab_load(simulated)
    brief = demo_brief_load(skien.municipality)
    demo_case_load(lab, brief)
    logins = []
    user_model = get_user_model()
    for username, role in DEMO_USERS:
        password = secrets.token_urlsafe(9)
        user, _ = user_model.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()
        membership_grant(user=user, municipality=skien.municipality, role=role)
        logins.append(DemoLogin(username, password, role))
    analyst = user_model.objects.get(username="demo-analyst")
    demo_evidence_load(skien.municipality, reviewer=analyst)
    return logins


def _campaign_remove(municipality: Municipality, name: str) -> None:
    """Remove the demo campaign ``name`` with its responses, so loading it again starts afresh.
    The responses go first: a channel that has responses is protected from deletion."""
    campaigns = Campaign.objects.filter(municipality=municipality, name=name)
    for lab in Lab.objects.filter(campaign__in=campaigns):
        lab_delete(lab=lab)
    Response.objects.filter(campaign__in=campaigns).delete()
    campaigns.delete()


def demo_campaign_load(municipality: Municipality) -> Campaign:
    """An open demo survey in Skien's three demo neighbourhoods, open from a week ago for
    two months, so the answer form can be tried at once."""
    _campaign_remove(municipality, DEMO_CAMPAIGN)
    today = timezone.localdate()
    return campaign_create(
        municipality=municipality,
        name=DEMO_CAMPAIGN,
        areas=list(Area.objects.filter(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD)),
        instruments=["adult", "youth", "children", "easy_read"],
        languages=["nb", "nn", "en"],
        background=["neighbourhood", "age_band", "gender"],
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=60),
        results_note="",
        channels={"web": None, "qr": None, "paper": 300},
    )


def demo_simulated_campaign_load(municipality: Municipality) -> Campaign:
    """A closed survey from spring 2025 in the same neighbourhoods, holding a few hundred
    simulated answers (``soslokal.demo.simulation``), so there are results to show. The campaign
    is marked simulated, and every page that shows it says so."""
    _campaign_remove(municipality, SIMULATED_CAMPAIGN)
    areas = {
        area.name: area
        for area in Area.objects.filter(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD)
    }
    opens_on, closes_on = SIMULATED_DATES
    campaign = campaign_create(
        municipality=municipality,
        name=SIMULATED_CAMPAIGN,
        areas=[areas[name] for name in SKIEN_NEIGHBOURHOODS],
        instruments=["adult"],
        languages=["nb", "nn", "en"],
        background=["neighbourhood", "age_band", "gender"],
        opens_on=opens_on,
        closes_on=closes_on,
        results_note="",
        channels={"sms": 1500, "web": None, "paper": 60, "group": None},
        is_simulated=True,
    )
    channels = {channel.kind: channel for channel in campaign.channels.all()}
    version = instrument_get("adult").version
    simulated = simulate_responses(
        seed=SIMULATED_SEED,
        opens_on=opens_on,
        closes_on=closes_on,
        zone=timezone.get_default_timezone(),
    )
    responses = Response.objects.bulk_create(
        Response(
            campaign=campaign,
            channel=channels[item.channel],
            area=areas[item.area] if item.area else None,
            instrument="adult",
            instrument_version=version,
            language=item.language,
            background=item.background,
            token=item.token,
            submitted_hour=item.submitted_hour,
            paper_ref=item.paper_ref,
            verified=item.verified,
            participants=item.participants,
            notes=item.notes,
        )
        for item in simulated
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            theme=answer.theme,
            score=answer.score,
            dont_know=answer.score is None,
            good_now=answer.good_now,
            better=answer.better,
        )
        for response, item in zip(responses, simulated, strict=True)
        for answer in item.answers
    )
    # The survey is over: its results are published, with every other comment approved and
    # the rest left for a planner to moderate in the demo.
    commented = Answer.objects.filter(response__campaign=campaign).exclude(good_now="", better="")
    approved = list(commented.order_by("pk").values_list("pk", flat=True))[::2]
    commented.filter(pk__in=approved).update(moderation=Answer.Moderation.APPROVED)
    campaign.results_published_at = timezone.make_aware(
        dt.datetime.combine(closes_on + dt.timedelta(days=30), dt.time(12))
    )
    campaign.save(update_fields=["results_published_at"])
    return campaign


# The demo's city lab: ideas in Norwegian, as staff would write them, for the themes the
# simulated survey puts lowest; any other theme gets plain placeholder ideas.
DEMO_LAB = "Byverksted: Gulset, Klyve og Falkum (demo)"
DEMO_LAB_DATE = dt.date(2025, 5, 13)
DEMO_IDEAS: dict[int, list[tuple[str, int, list[str]]]] = {
    14: [
        (
            "Innbyggermøte i nærmiljøet to ganger i året, der kommunen forteller hva som er "
            "gjort siden sist",
            11,
            ["voice", "belonging"],
        ),
        ("Forslagskasse på biblioteket og på nett, med svar innen en måned", 7, ["voice"]),
        ("Ungdomsråd for nærmiljøet med egne midler å fordele", 5, ["voice", "adapt"]),
    ],
    13: [
        ("Ryddedugnad hver vår, med containere og redskap fra kommunen", 9, ["social"]),
        (
            "Meld fra om ødelagte benker og lys med en QR-kode på stedet",
            8,
            ["safety", "voice"],
        ),
        ("Flere søppelbøtter langs turveien", 3, ["access"]),
    ],
}
DEMO_ACTIONS = {
    14: (
        "Innbyggermøte om nærmiljøet hvert halvår (demo)",
        "Første møte holdes i høst. Kommunen legger fram hva som er gjort med innspillene "
        "fra byverkstedet.",
        "Skien kommune, Plan og samfunn (demo)",
        Action.Status.IN_PROGRESS,
        dt.date(2025, 12, 1),
        {"voice": "positive", "belonging": "positive"},
    ),
    13: (
        "Vårdugnad med containere og redskap (demo)",
        "Kommunen stilte med containere, hansker og ryddeutstyr en lørdag i mai.",
        "Park og idrett (demo)",
        Action.Status.DONE,
        dt.date(2025, 6, 1),
        {"social": "positive", "belonging": "positive", "safety": "neutral"},
    ),
}


def demo_lab_load(campaign: Campaign) -> Lab:
    """A city lab after the simulated survey, on its two lowest themes, for all three
    neighbourhoods together: participants, ideas with votes and two actions (one in progress,
    one done). Everything is marked as demo data and says so on every page."""
    area = lab_areas(campaign)[0]
    priorities = survey_priorities(campaign, area)
    topics = priorities.lowest[:2]
    lab = lab_create(
        municipality=campaign.municipality,
        campaign=campaign,
        area=area,
        title=DEMO_LAB,
        held_on=DEMO_LAB_DATE,
        place="Skien bibliotek, møterommet (demo)",
        facilitator="Kari Nordmann (demo)",
        topics=topics,
        sectors={"residents": 14, "voluntary": 4, "business": 2, "municipality": 3, "other": 1},
        groups=dict.fromkeys(priorities.under_represented, 2),
        notes="Demodata: et byverksted som aldri ble holdt.",
        is_demo=True,
    )
    for topic in topics:
        ideas = DEMO_IDEAS.get(topic) or [
            (f"Idé {n} fra gruppearbeidet (demo)", 6 - 2 * n, []) for n in (1, 2)
        ]
        votes = {
            idea_create(lab=lab, topic=topic, text=text, dimensions=dimensions).pk: dots
            for text, dots, dimensions in ideas
        }
        idea_votes_set(lab=lab, votes=votes)
    statuses = [Action.Status.IN_PROGRESS, Action.Status.DONE]
    for topic, status in zip(topics, statuses, strict=False):
        best = lab.ideas.filter(topic=topic).order_by("-votes", "pk").first()
        title, description, owner, _status, due_on, effects = DEMO_ACTIONS.get(
            topic,
            (f"Tiltak {topic} (demo)", "", "Skien kommune (demo)", status, None, {}),
        )
        action_create(
            lab=lab,
            title=title,
            description=description,
            owner=owner,
            status=status,
            due_on=due_on,
            ideas=[best] if best else [],
            effects=effects,
            is_demo=True,
        )
    return lab


DEMO_BRIEF_AREA = "Gulset"
DEMO_BRIEF_TITLE = "Gulset: det vi veit (demo)"


def demo_brief_load(municipality: Municipality) -> Brief:
    """A brief in nynorsk for Gulset, written from the demo's figures and published once, so
    the public list of briefs and a published version can be seen at once. It is marked as
    demo data, and the brief itself says its areas and answers are made up."""
    for old in Brief.objects.filter(municipality=municipality, title=DEMO_BRIEF_TITLE):
        # Published versions are kept from deletion while a case cites them; the demo's own
        # are made anew, so the links to them go with them, as links to demo actions do.
        EvidenceLink.objects.filter(brief__brief=old).delete()
        old.versions.all().delete()
        old.delete()
    today = timezone.localdate()
    brief = brief_create(
        municipality=municipality,
        areas=[Area.objects.get(municipality=municipality, name=DEMO_BRIEF_AREA)],
        dimensions=[],
        themes=[],
        year_from=SIMULATED_DATES[0].year - 5,
        year_to=today.year,
        language="nn",
        title=DEMO_BRIEF_TITLE,
        is_demo=True,
    )
    brief_publish(brief=brief)
    return brief


# The demo's political case: an impact assessment of a made-up case in Skien, with evidence
# from the indicators, the simulated survey and the city lab's action, and two decisions, one
# of whose follow-ups is overdue, so the decision log has something to show first.
DEMO_CASE = "2025/4711"
DEMO_JUDGEMENTS: list[tuple[str, str, str, list[str], str]] = [
    (
        "access",
        "positive",
        "Møteplassen ligger midt i boligområdet, nær bussholdeplass og skole, og er gratis å "
        "bruke.",
        ["children", "older", "low_income"],
        "",
    ),
    (
        "social",
        "positive",
        "Beboerne savner et sted å møtes innendørs; huset gir rom for lag, foreninger og "
        "leksehjelp.",
        ["children", "immigrants", "living_alone"],
        "",
    ),
    (
        "voice",
        "positive",
        "Innbyggerne i stedsundersøkelsen ga innflytelse lavest skår, og byverkstedet ba om "
        "faste møter med kommunen.",
        [],
        "",
    ),
    (
        "housing",
        "negative",
        "Bygget tar en del av ballplassen ved skolen.",
        ["children"],
        "Ny ballbinge på den andre siden av skolen, ferdig før bygget tas i bruk.",
    ),
    ("safety", "neutral", "", [], ""),
]


def demo_case_load(lab: Lab, brief: Brief) -> Assessment:
    """A made-up case before Skien's municipal council, assessed against the framework and
    citing the demo brief, with a decision whose follow-up is overdue and one still ahead.
    Marked as demo data."""
    municipality = lab.municipality
    Assessment.objects.filter(municipality=municipality, case_number=DEMO_CASE).delete()
    today = timezone.localdate()
    assessment = assessment_create(
        municipality=municipality,
        case_number=DEMO_CASE,
        title="Nærmiljøhus og møteplass på Klyve (demo)",
        body="council",
        meeting_on=today - dt.timedelta(days=120),
        areas=[lab.area],
        is_demo=True,
    )
    for dimension, effect, reason, groups, mitigation in DEMO_JUDGEMENTS:
        judgement_save(
            assessment=assessment,
            dimension=dimension,
            effect=effect,
            reason=reason,
            groups=groups,
            mitigation=mitigation,
        )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["living_alone"])}
    if "living_alone" in indicators:
        evidence_add(
            assessment=assessment,
            dimension="social",
            kind="indicator",
            indicator=indicators["living_alone"],
            note="Mange bor alene i Skien.",
        )
    evidence_add(
        assessment=assessment,
        dimension="voice",
        kind="survey",
        campaign=lab.campaign,
        theme=14,
    )
    evidence_add(
        assessment=assessment,
        dimension="voice",
        kind="brief",
        brief=brief.versions.order_by("-number")[0],
    )
    actions = list(lab.actions.order_by("pk"))
    if actions:
        evidence_add(assessment=assessment, dimension="voice", kind="action", action=actions[0])
    decision_create(
        assessment=assessment,
        text="Kommunestyret vedtar å bygge nærmiljøhus på Klyve. Rådmannen legger fram en "
        "plan for ny ballbinge før bygget tas i bruk. (Demo)",
        decided_on=assessment.meeting_on,
        follow_up_on=today - dt.timedelta(days=14),
        dimensions=["access", "social", "voice", "housing"],
        areas=[lab.area],
        indicators=list(indicators.values()),
        actions=actions[:1],
        is_demo=True,
    )
    decision_create(
        assessment=assessment,
        text="Huset skal drives sammen med lag og foreninger i nærmiljøet; ordningen "
        "evalueres etter ett år. (Demo)",
        decided_on=assessment.meeting_on,
        follow_up_on=today + dt.timedelta(days=240),
        dimensions=["social", "voice"],
        areas=[lab.area],
        is_demo=True,
    )
    return assessment


EVIDENCE_FILE = DATA_DIR / "nagtegaal_2019_subset.csv"
EVIDENCE_REVIEW = "Dytting i offentlig forvaltning (demo)"
EVIDENCE_SCREENED = 60
# Made-up coding of the first included studies: dimensions, study type, evidence type, scale,
# country, place themes.
EVIDENCE_CODING = [
    (["voice", "social"], "quantitative", "empirical", "local", "USA", [14]),
    (["access"], "quantitative", "empirical", "regional", "USA", [7]),
    (["safety", "living"], "mixed", "empirical", "national", "Netherlands", [12]),
    (["social"], "qualitative", "grey", "local", "Norway", [10]),
    (["voice"], "review", "synthesis", "international", "", []),
    (["access", "housing"], "case", "practice", "local", "Norway", [9, 7]),
]


@transaction.atomic
def demo_evidence_load(municipality: Municipality, *, reviewer: Any) -> Review:
    """A published demo review: 120 real, labelled records (CC0), the first 60 screened by the
    demo analyst as their labels say, and six included studies coded (made-up coding)."""
    Review.objects.filter(municipality=municipality, is_demo=True).delete()
    review = evidence.review_create(
        municipality=municipality,
        title=EVIDENCE_REVIEW,
        question=(
            "Hvordan kan dytting (nudging) hjelpe fagfolk i offentlig sektor til å følge "
            "kunnskapsbasert praksis? Demodata: ekte referanser, oppdiktet koding."
        ),
        is_demo=True,
    )
    batch = evidence.import_preview(
        review=review, filename=EVIDENCE_FILE.name, data=EVIDENCE_FILE.read_bytes(), user=None
    )
    evidence.import_confirm(batch=batch)
    for reference in review.references.order_by("pk")[:EVIDENCE_SCREENED]:
        evidence.decision_record(
            reference=reference,
            reviewer=reviewer,
            choice="include" if reference.file_label else "exclude",
            reason="" if reference.file_label else "topic",
        )
    included = Reference.objects.filter(review=review, status=Status.INCLUDED).order_by("pk")
    for reference, (slugs, study, kind, scale, country, themes) in zip(
        included, EVIDENCE_CODING, strict=False
    ):
        evidence.coding_save(
            reference=reference,
            user=reviewer,
            dimensions=Dimension.objects.filter(slug__in=slugs),
            themes=PlaceTheme.objects.filter(number__in=themes),
            study_type=study,
            evidence_type=kind,
            scale=scale,
            country=country,
            findings="Demo: oppdiktet sammendrag av funnene, for å vise kodingen.",
            key_source=study == "review",
        )
    review.published = True
    review.save(update_fields=["published"])
    return review
