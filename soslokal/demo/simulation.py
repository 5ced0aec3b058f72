"""Simulated answers for the demo's closed survey (pure: no Django).

The demo needs a survey with results to show, and no resident has answered one. This module
makes up a few hundred answers to the adult questionnaire with a seeded random generator: the
same seed always gives the same answers, so the demo and its tests are reproducible.

Every difference between groups is written down below as a shift of the mean score on a theme,
so a reader can see what the demo's results will show and why. The tables describe no real
place: Gulset, Klyve and Falkum are the demo's illustrative neighbourhoods. The respondents are
deliberately not a fair sample of the population (``RESPONDENT_MIX``), so a comparison with the
population has something to show."""

import datetime as dt
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

THEMES = tuple(range(1, 15))
POINTS = 7  # the adult questionnaire's scale: 1 = a lot to improve, 7 = very little

# The mean score on each theme before any group's shift (1 Moving around … 14 Influence).
BASE_MEAN = {
    1: 4.9,  # Moving around
    2: 4.1,  # Public transport
    3: 4.4,  # Traffic and parking
    4: 4.3,  # Streets and spaces
    5: 5.7,  # Natural space
    6: 4.8,  # Play and recreation
    7: 4.5,  # Facilities and services
    8: 4.3,  # Work and local economy
    9: 4.7,  # Housing and community
    10: 4.5,  # Social contact
    11: 5.0,  # Identity and belonging
    12: 5.1,  # Feeling safe
    13: 4.1,  # Care and maintenance
    14: 3.5,  # Influence and sense of control
}
ANSWER_SD = 1.1  # how far one answer strays from its group's mean
PERSON_SD = 0.5  # some people score everything a little higher or lower

# Shifts of the mean, by group. A theme not named is not shifted.
AREA_SHIFT: dict[str, dict[int, float]] = {
    "Gulset": {7: +0.4},
    "Klyve": {8: -1.6, 1: -1.2, 13: -0.9, 7: -0.6},
    "Falkum": {2: +0.7, 3: -0.6},
}
AGE_SHIFT: dict[str, dict[int, float]] = {
    "16-19": {6: -1.4, 10: -1.0, 14: -0.7},
    "20-44": {9: -0.6},
    "45-66": {},
    "67-79": {1: -0.8, 2: -0.7},
    "80+": {1: -1.5, 2: -1.2, 7: -0.5},
}
GENDER_SHIFT: dict[str, dict[int, float]] = {
    "woman": {12: -0.4},
    "man": {12: +0.1},
    "other": {12: -1.0, 11: -0.6},
}

# How often a theme is answered "don't know": more where people know less.
DONT_KNOW = {8: 0.12, 14: 0.15, 2: 0.06, 9: 0.05, 6: 0.04}
DONT_KNOW_OTHERWISE = 0.02
DONT_KNOW_EXTRA_BY_AGE: dict[str, dict[int, float]] = {
    "16-19": {8: 0.10, 9: 0.10},
    "67-79": {6: 0.08, 8: 0.08},
    "80+": {6: 0.15, 8: 0.15},
}
SKIPPED = 0.015  # a theme left without any answer

# Who answered, in per cent of the individual respondents: women aged 45-66 are far more than
# their share of the population, young men far fewer. Empty means the question was not answered.
RESPONDENT_MIX: dict[tuple[str, str], float] = {
    ("16-19", "woman"): 3.0,
    ("16-19", "man"): 1.0,
    ("16-19", "other"): 0.5,
    ("20-44", "woman"): 16.0,
    ("20-44", "man"): 8.0,
    ("20-44", "other"): 1.0,
    ("45-66", "woman"): 29.0,
    ("45-66", "man"): 14.0,
    ("67-79", "woman"): 11.0,
    ("67-79", "man"): 9.0,
    ("80+", "woman"): 3.0,
    ("80+", "man"): 2.0,
    ("45-66", ""): 1.5,
    ("", "woman"): 0.5,
    ("", ""): 0.5,
}
AREA_MIX = {"Gulset": 42.0, "Klyve": 33.0, "Falkum": 23.0, "": 2.0}
LANGUAGE_MIX = {"nb": 90.0, "nn": 3.0, "en": 7.0}
# Older people more often answered on paper; everyone else by the SMS link or the web link.
PAPER_SHARE_BY_AGE = {"67-79": 0.06, "80+": 0.3}
SMS_SHARE = 0.6  # of those answering on a screen

# When answers came in: most in the days after the SMS on the first day and its reminder.
REMINDER_DAY = 14
# Local hours of the day, with weights: lunchtime and evenings.
HOUR_WEIGHTS = dict.fromkeys(range(7, 24), 1.0) | {12: 2.0, 19: 3.0, 20: 3.0, 21: 2.5, 22: 1.5}
PAPER_HOURS = range(9, 16)  # paper forms are keyed in by staff in office hours

# Short comments, written for the demo. A respondent who scores a theme high may say what is
# good now; one who scores it low, what could be better.
GOOD_NOW: dict[int, list[str]] = {
    1: ["Fine turstier og fortau de fleste steder.", "Lett å gå og sykle til skolen."],
    2: ["Bussen til sentrum går ofte på dagtid."],
    3: ["Rolig i boligfeltet."],
    4: ["Torget er blitt mye finere etter oppussingen."],
    5: ["Skogen og lysløypa er rett utenfor døra.", "Fint å gå tur langs elva."],
    6: ["Ballbingen blir brukt hver eneste dag."],
    7: ["Kort vei til butikk og legesenter."],
    8: ["Et par nye bedrifter har kommet til."],
    9: ["Trivelige hus og gode naboer."],
    10: ["Bra dugnadsånd i borettslaget."],
    11: ["Jeg er stolt av å bo her.", "Godt miljø, mange har bodd her hele livet."],
    12: ["Trygt å gå ute om dagen."],
    13: ["Parkene holdes pene om sommeren."],
    14: ["Kommunen hadde et godt folkemøte om skolen."],
}
BETTER: dict[int, list[str]] = {
    1: ["Fortauene blir ikke strødd om vinteren.", "Høye kantsteiner, vanskelig med rullator."],
    2: ["Bussen går for sjelden om kvelden og i helgene.", "Ingen direkte buss til sykehuset."],
    3: ["Bilene kjører for fort forbi skolen.", "Kaos med foreldrekjøring om morgenen."],
    4: ["Mye grå asfalt og få benker."],
    5: ["Stiene er gjørmete og vanskelige med barnevogn."],
    6: ["Ingenting å gjøre for ungdom om kvelden.", "Lekeplassen er gammel og slitt."],
    7: ["Savner et sted å være uten å måtte handle.", "Posten og banken er borte."],
    8: ["Lite jobber her, nesten alle må pendle.", "Mange tomme lokaler på senteret."],
    9: ["For få små og rimelige leiligheter for unge."],
    10: ["Mangler møteplasser som er åpne for alle.", "Lite kontakt mellom nye og gamle beboere."],
    11: ["Området har fått et dårlig rykte som ikke stemmer."],
    12: ["Mørke stier uten gatelys.", "Ubehagelig ved busstoppet sent på kvelden."],
    13: ["Mye søppel og tagging ved undergangen.", "Hull i veien som aldri blir fikset."],
    14: ["Vi blir ikke hørt før alt er bestemt.", "Vet ikke hvem jeg skal kontakte i kommunen."],
}
COMMENTING = 0.15  # share of respondents who comment, on one or two themes
# One comment holds an (obviously made-up) phone number, for masking personal data in free text.
PHONE_COMMENT = (
    12,
    "Gatelyset på stien ned mot skolen har vært ute hele vinteren. "
    "Ring meg gjerne på 400 00 000 om dere vil vite hvor.",
)


@dataclass(frozen=True)
class Group:
    """A facilitated group that agreed on one score per theme."""

    area: str
    day: int  # days after the survey opened
    hour: int
    participants: int
    notes: str
    shift: dict[int, float]
    dont_know: tuple[int, ...] = ()
    comments: dict[int, tuple[str, str]] = field(default_factory=dict)  # theme: (good, better)


GROUPS = [
    Group(
        area="Klyve",
        day=8,
        hour=11,
        participants=11,
        notes="Seniortreff, 11 deltakere, halvannen time. Mest snakk om glatte fortau, få benker "
        "og at bussen nesten ikke går utenom rushtida. Gruppen ble enig om poengene tema for tema.",
        shift={1: -1.5, 2: -1.3, 10: +0.5},
        dont_know=(6,),
        comments={
            2: ("", "Bussen må gå oftere på formiddagen, da vi skal til lege og butikk."),
            10: ("Seniortreffet er det viktigste vi har.", ""),
        },
    ),
    Group(
        area="Gulset",
        day=16,
        hour=18,
        participants=8,
        notes="Norskkurs for voksne, 8 deltakere. Flere visste ikke at kommunen spør innbyggerne, "
        "og ønsket informasjon på flere språk. På arbeid delte gruppen seg; vi skrev midtverdien.",
        shift={14: -1.4, 8: -0.9, 10: -0.7},
        dont_know=(3,),
        comments={
            14: ("", "Informasjon fra kommunen bare på norsk, og vanskelige ord."),
            8: ("", "Vanskelig å få praksisplass uten kontakter."),
        },
    ),
    Group(
        area="Falkum",
        day=21,
        hour=19,
        participants=7,
        notes="Foreldremøte ved skolen, 7 deltakere. Trafikken ved skolen om morgenen var det "
        "viktigste temaet; ellers var gruppen stort sett fornøyd.",
        shift={3: -1.6, 6: +0.6, 12: -0.4},
        comments={3: ("", "Trenger hjertesone og fotgjengerfelt ved skoleporten.")},
    ),
]


@dataclass(frozen=True)
class SimulatedAnswer:
    theme: int
    score: int | None  # None: don't know
    good_now: str = ""
    better: str = ""


@dataclass(frozen=True)
class SimulatedResponse:
    channel: str  # a channel kind: "sms", "web", "paper" or "group"
    area: str  # a neighbourhood's name; empty when not given
    background: dict[str, str]  # age_band and gender, when given
    language: str
    submitted_hour: dt.datetime
    token: str
    answers: tuple[SimulatedAnswer, ...]
    paper_ref: str = ""
    verified: bool = False
    participants: int | None = None
    notes: str = ""


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _score(mean: float, noise: float) -> int:
    return max(1, min(POINTS, round(mean + noise)))


def _mean(theme: int, *shifts: Mapping[int, float]) -> float:
    return BASE_MEAN[theme] + sum(shift.get(theme, 0.0) for shift in shifts)


def _day_weight(day: int) -> float:
    """Most answers in the days after the SMS and after its reminder, a trickle otherwise."""
    weight = 0.1 + math.exp(-day / 3)
    if day >= REMINDER_DAY:
        weight += 0.6 * math.exp(-(day - REMINDER_DAY) / 3)
    return weight


def _moment(
    rng: random.Random, opens_on: dt.date, closes_on: dt.date, zone: dt.tzinfo, paper: bool
) -> dt.datetime:
    days = (closes_on - opens_on).days + 1
    if paper:  # keyed in on a weekday in office hours
        weekdays = [d for d in range(days) if (opens_on + dt.timedelta(d)).weekday() < 5]
        day, hour = rng.choice(weekdays), rng.choice(PAPER_HOURS)
    else:
        day = rng.choices(range(days), weights=[_day_weight(d) for d in range(days)])[0]
        hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
    date = opens_on + dt.timedelta(days=day)
    return dt.datetime(date.year, date.month, date.day, hour, tzinfo=zone)


def _token(rng: random.Random) -> str:
    return f"sim-{rng.getrandbits(128):032x}"


def _individual(
    rng: random.Random, opens_on: dt.date, closes_on: dt.date, zone: dt.tzinfo
) -> SimulatedResponse:
    age_band, gender = rng.choices(list(RESPONDENT_MIX), weights=list(RESPONDENT_MIX.values()))[0]
    area = _pick(rng, AREA_MIX)
    if rng.random() < PAPER_SHARE_BY_AGE.get(age_band, 0.0):
        channel = "paper"
    else:
        channel = "sms" if rng.random() < SMS_SHARE else "web"
    language = "nb" if channel == "paper" else _pick(rng, LANGUAGE_MIX)
    shifts = (AREA_SHIFT.get(area, {}), AGE_SHIFT.get(age_band, {}), GENDER_SHIFT.get(gender, {}))
    person = rng.gauss(0.0, PERSON_SD)
    extra_dont_know = DONT_KNOW_EXTRA_BY_AGE.get(age_band, {})
    commented = set(rng.sample(THEMES, rng.randint(1, 2))) if rng.random() < COMMENTING else set()
    answers = []
    for theme in THEMES:
        if rng.random() < SKIPPED:
            continue
        dont_know = DONT_KNOW.get(theme, DONT_KNOW_OTHERWISE) + extra_dont_know.get(theme, 0)
        if rng.random() < dont_know:
            answers.append(SimulatedAnswer(theme, None))
            continue
        score = _score(_mean(theme, *shifts), person + rng.gauss(0.0, ANSWER_SD))
        good_now = better = ""
        if theme in commented:
            if score >= 5:
                good_now = rng.choice(GOOD_NOW[theme])
            if score <= 4:
                better = rng.choice(BETTER[theme])
        answers.append(SimulatedAnswer(theme, score, good_now, better))
    return SimulatedResponse(
        channel=channel,
        area=area,
        background={k: v for k, v in (("age_band", age_band), ("gender", gender)) if v},
        language=language,
        submitted_hour=_moment(rng, opens_on, closes_on, zone, paper=channel == "paper"),
        token=_token(rng),
        answers=tuple(answers),
    )


def _group(
    rng: random.Random, group: Group, opens_on: dt.date, zone: dt.tzinfo
) -> SimulatedResponse:
    date = opens_on + dt.timedelta(days=group.day)
    answers = []
    for theme in THEMES:
        good_now, better = group.comments.get(theme, ("", ""))
        score = (
            None
            if theme in group.dont_know
            else _score(_mean(theme, AREA_SHIFT[group.area], group.shift), 0.0)
        )
        answers.append(SimulatedAnswer(theme, score, good_now, better))
    return SimulatedResponse(
        channel="group",
        area=group.area,
        background={},
        language="nb",
        submitted_hour=dt.datetime(date.year, date.month, date.day, group.hour, tzinfo=zone),
        token=_token(rng),
        answers=tuple(answers),
        participants=group.participants,
        notes=group.notes,
    )


def _with_phone_comment(response: SimulatedResponse) -> SimulatedResponse:
    theme, text = PHONE_COMMENT
    others = [answer for answer in response.answers if answer.theme != theme]
    answers = sorted([*others, SimulatedAnswer(theme, 2, better=text)], key=lambda a: a.theme)
    return replace(response, answers=tuple(answers))


def simulate_responses(
    *, seed: int, opens_on: dt.date, closes_on: dt.date, zone: dt.tzinfo, count: int = 380
) -> list[SimulatedResponse]:
    """``count`` individual answers and one answer per facilitated group in ``GROUPS``, between
    ``opens_on`` and ``closes_on`` (local time in ``zone``, to the hour). Paper forms are
    numbered P-001, P-002, …; the last two have not been checked by a second keying yet."""
    rng = random.Random(seed)  # noqa: S311 - reproducible on purpose, not a secret
    responses = [_individual(rng, opens_on, closes_on, zone) for _ in range(count)]
    paper = [i for i, response in enumerate(responses) if response.channel == "paper"]
    for number, i in enumerate(paper, start=1):
        responses[i] = replace(
            responses[i], paper_ref=f"P-{number:03d}", verified=number <= len(paper) - 2
        )
    on_screen = [i for i, response in enumerate(responses) if response.channel != "paper"]
    if on_screen:
        phone = on_screen[len(on_screen) // 3]
        responses[phone] = _with_phone_comment(responses[phone])
    return responses + [_group(rng, group, opens_on, zone) for group in GROUPS]
