"""Everything that changes campaigns and responses."""

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from soslokal.core.cache import cache_count
from soslokal.core.models import Area, Municipality
from soslokal.framework.models import localized
from soslokal.surveys import background as questions
from soslokal.surveys.instrument import AUDIENCES, THEME_NUMBERS
from soslokal.surveys.models import Answer, Campaign, Channel, Response
from soslokal.surveys.selectors import TOKEN, instrument_get

TEXT_LIMIT = 2000


@dataclass
class Draft:
    """A questionnaire being filled in; kept in the respondent's session until sent."""

    token: str
    instrument: str
    answers: dict[int, dict[str, object]] = field(default_factory=dict)
    background: dict[str, str] = field(default_factory=dict)


@transaction.atomic
def campaign_create(
    *,
    municipality: Municipality,
    name: str,
    areas: list[Area],
    instruments: list[str],
    languages: list[str],
    background: list[str],
    opens_on: dt.date,
    closes_on: dt.date,
    results_note: str = "",
    channels: dict[str, int | None],
    is_simulated: bool = False,
    previous_round: Campaign | None = None,
) -> Campaign:
    if closes_on < opens_on:
        raise ValidationError(_("The survey must close after it opens."))
    if previous_round is not None and previous_round.municipality_id != municipality.pk:
        raise ValidationError(_("The earlier round must be a survey of this municipality."))
    if not areas or any(area.municipality_id != municipality.pk for area in areas):
        raise ValidationError(_("Choose one or more areas of this municipality."))
    if not instruments or any(instrument not in AUDIENCES for instrument in instruments):
        raise ValidationError(_("Choose one or more versions of the questionnaire."))
    allowed = set(questions.DEFAULT) | set(questions.OPTIONAL)
    if any(question not in allowed for question in background):
        raise ValidationError(_("Unknown background question."))
    offered = {code for code, _name in settings.LANGUAGES}
    if not languages or any(language not in offered for language in languages):
        raise ValidationError(_("Choose one or more languages."))
    if not channels or any(kind not in Channel.Kind.values for kind in channels):
        raise ValidationError(_("Choose one or more channels."))
    campaign = Campaign.objects.create(
        municipality=municipality,
        name=name,
        instruments=instruments,
        languages=languages,
        background=background,
        opens_on=opens_on,
        closes_on=closes_on,
        results_note=results_note,
        is_simulated=is_simulated,
        previous_round=previous_round,
    )
    campaign.areas.set(areas)
    for kind, invited in channels.items():
        Channel.objects.create(campaign=campaign, kind=kind, invited=invited)
    return campaign


def typed_text(text: str) -> str:
    """Free text as the person saw it while typing: each line break one LF, as browsers count
    it for ``maxlength`` (they send it as CR LF), and no NUL, which PostgreSQL cannot store and
    nobody types on purpose."""
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def draft_check_answer(
    *, instrument_id: str, theme: int, score: str, good_now: str, better: str
) -> dict[str, object]:
    """One theme's answer from a form, checked. Raises ``ValidationError`` with a clear text
    for each field in error, by field name (``score``, ``good_now``, ``better``)."""
    instrument = instrument_get(instrument_id)
    if theme not in THEME_NUMBERS:
        raise ValidationError(_("There is no such theme."))
    problems: dict[str, str] = {}
    value: int | None = None
    if score not in ("", "dont_know"):
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if (
            not (score.isascii() and score.isdigit())
            or not 1 <= int(score) <= instrument.scale.points
        ):
            problems["score"] = _("Choose a number from 1 to %(points)s, or Don't know.") % {
                "points": instrument.scale.points
            }
        else:
            value = int(score)
    texts = {"good_now": typed_text(good_now), "better": typed_text(better)}
    question = next(q for q in instrument.themes if q.theme == theme)
    for name, text in texts.items():
        if len(text) > TEXT_LIMIT:
            prompt = localized(question.good_now if name == "good_now" else question.better)
            problems[name] = _(
                "Your answer to “%(prompt)s” is too long. Write at most %(limit)s characters."
            ) % {"prompt": prompt, "limit": TEXT_LIMIT}
    if problems:
        raise ValidationError(problems)
    return {
        "score": value,
        "dont_know": score == "dont_know",
        "good_now": texts["good_now"].strip(),
        "better": texts["better"].strip(),
    }


def draft_check_background(
    *, campaign: Campaign, entered: Mapping[str, str], consent: bool, ask_consent: bool = True
) -> dict[str, str]:
    """The background answers to keep from a form: only questions the campaign asks, only known
    options, and the sensitive ones only with the respondent's yes. Raises ``ValidationError``
    for a value no form offers, by question key, and, with ``ask_consent``, for a sensitive
    answer given without the yes (under "consent"): the web form then asks for it rather than
    drop what the respondent chose. A paper form cannot be asked, so keying (``ask_consent``
    False) keeps such answers out."""
    kept: dict[str, str] = {}
    problems: dict[str, str] = {}
    if ask_consent and not consent and any(entered.get(key) for key in questions.SENSITIVE):
        problems["consent"] = _(
            "You answered a question we only store with your yes. Tick the box to let us "
            "store the answer, or choose “Do not want to say”."
        )
    for key in campaign.background:
        value = entered.get(key, "")
        if not value or (key in questions.SENSITIVE and not consent):
            continue
        if key == "neighbourhood":
            known = {str(area.pk) for area in campaign.areas.all()}
        else:
            known = {option for option, _label in questions.BY_KEY[key].options}
        if value not in known:
            problems[key] = _("Choose one of the answers offered, or leave it empty.")
            continue
        kept[key] = value
    if problems:
        raise ValidationError(problems)
    return kept


def draft_start(*, draft: Draft | None, instrument_id: str) -> Draft:
    """The draft to go on with when the respondent presses Start with ``instrument_id`` chosen.

    The same version as the draft's: the draft as it is, so going back to the start page and
    on again keeps every answer. Another version on a scale of as many points (adult, youth
    and easy-read all go from 1, much to improve, to 7, little to improve, in other words): the
    answers are kept under the new version, since a score means the same on both and every
    version asks the same 14 themes. A scale of another length (the children's three faces
    against 1 to 7): no score can be carried over, so the themes start empty in a new draft.
    The answers about the person ("about you") do not depend on the version and are kept."""
    if draft is not None and draft.instrument == instrument_id:
        return draft
    points = instrument_get(instrument_id).scale.points
    if draft is not None and instrument_get(draft.instrument).scale.points == points:
        return Draft(
            token=draft.token,
            instrument=instrument_id,
            answers=draft.answers,
            background=draft.background,
        )
    return Draft(
        token=secrets.token_urlsafe(24),
        instrument=instrument_id,
        background=draft.background if draft is not None else {},
    )


def _flood_count(campaign: Campaign) -> int:
    """Answers to ``campaign`` in the current minute, this one included.

    Counted per survey, not per network address: a school class answering together from one
    network is about 30 answers in a minute, far below the limit, and is never locked out."""
    key = f"survey-flood:{campaign.pk}:{int(timezone.now().timestamp()) // 60}"
    return cache_count(key, timeout=120)


def _hour(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def response_submit(
    *, channel: Channel, draft: Draft, language: str, today: dt.date | None = None
) -> tuple[Response, bool]:
    """Store the draft once. Sending the same token again stores nothing and returns the first
    response, so a doubled or retried submit is acknowledged both times.

    The unique token decides, not a look-up first: the insert of a token already stored
    stores nothing (on PostgreSQL) or fails (elsewhere), and the stored response is returned.
    A send that fails a check (the survey closed in the meantime, say) is also acknowledged
    when its token was stored before."""
    try:
        return _response_store(channel=channel, draft=draft, language=language, today=today)
    except ValidationError:
        stored = (
            Response.objects.filter(token=draft.token).order_by().first()
            if TOKEN.fullmatch(draft.token)
            else None
        )
        if stored is None:
            raise
        return stored, False
    except IntegrityError:
        # The same token arrived twice at once, or again later: the first send stored it.
        return Response.objects.get(token=draft.token), False


def _response_store(
    *, channel: Channel, draft: Draft, language: str, today: dt.date | None
) -> tuple[Response, bool]:
    campaign = channel.campaign
    today = today or timezone.localdate()
    if not channel.is_online:
        raise ValidationError(
            _(
                "This code belongs to the survey's paper forms or group sessions, whose "
                "answers staff enter. To answer on the web, use the survey's web link."
            )
        )
    if not campaign.opens_on <= today <= campaign.closes_on:
        raise ValidationError(_("This survey is closed."))
    if draft.instrument not in campaign.instruments:
        raise ValidationError(_("This version of the questionnaire is not part of the survey."))
    if not 16 <= len(draft.token) <= 64:
        raise ValidationError(_("The form has expired. Please start again."))
    answers = [
        draft_check_answer(
            instrument_id=draft.instrument,
            theme=int(theme),
            score="dont_know" if answer.get("dont_know") else str(answer.get("score") or ""),
            good_now=str(answer.get("good_now", "")),
            better=str(answer.get("better", "")),
        )
        | {"theme": int(theme)}
        for theme, answer in draft.answers.items()
    ]
    area_id = None
    neighbourhood = draft.background.get("neighbourhood", "")
    if neighbourhood:
        area_id = int(neighbourhood) if neighbourhood.isascii() and neighbourhood.isdigit() else 0
        # .all(): the answer form's channel comes with its campaign's areas already read.
        if area_id not in {area.pk for area in campaign.areas.all()}:
            raise ValidationError(_("That area is not part of the survey."))
    flagged = _flood_count(campaign) > settings.SOSLOKAL_SURVEY_FLOOD_PER_MINUTE
    allowed = set(campaign.background)
    background = {
        k: v for k, v in draft.background.items() if k in allowed and k != "neighbourhood"
    }
    response = Response(
        campaign=campaign,
        channel=channel,
        area_id=area_id,
        instrument=draft.instrument,
        instrument_version=instrument_get(draft.instrument).version,
        language=language,
        background=background,
        token=draft.token,
        submitted_hour=_hour(timezone.now()),
        flagged=flagged,
    )
    stored = [
        answer
        for answer in answers
        if answer["score"] is not None
        or answer["dont_know"]
        or answer["good_now"]
        or answer["better"]
    ]
    if connection.vendor == "postgresql":
        new_id = _insert_at_once(response, stored)
        if new_id is None:
            # The token is stored already: a doubled send, the first one stored it.
            return Response.objects.get(token=draft.token), False
        response.pk = new_id
        return response, True
    with transaction.atomic():
        response.save(force_insert=True)
        Answer.objects.bulk_create(Answer(response=response, **answer) for answer in stored)
    return response, True


def _insert_at_once(response: Response, answers: list[dict[str, object]]) -> int | None:
    """Insert ``response`` and its ``answers`` (``Answer`` fields by name) in one PostgreSQL
    statement: one round trip, and no transaction to open and commit around it. Returns the
    new response's id, or ``None`` when its token is stored already; nothing is then inserted.

    Every send of the answer form ends here, so it is written for speed: ``ON CONFLICT DO
    NOTHING`` settles a doubled send without an error and a rolled-back transaction, and the
    answers travel as one JSON array, so the statement's text is the same for any number."""
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(response, f.attname), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"WITH stored AS (INSERT INTO {quote(Response._meta.db_table)} ({columns}) "  # noqa: S608 – names are ours
        f"VALUES ({placeholders}) ON CONFLICT (token) DO NOTHING RETURNING id), "
        f"answered AS (INSERT INTO {quote(Answer._meta.db_table)} "
        "(response_id, theme, score, dont_know, good_now, better, moderation) "
        "SELECT stored.id, a.theme, a.score, a.dont_know, a.good_now, a.better, %s "
        "FROM stored, jsonb_to_recordset(%s::jsonb) AS a (theme smallint, score smallint, "
        "dont_know boolean, good_now text, better text)) "
        "SELECT id FROM stored"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, Answer.Moderation.PENDING, json.dumps(answers)])
        row = cursor.fetchone()
    return int(row[0]) if row else None


# Paper forms and group sessions, keyed in by staff. They are not subject to the survey's
# dates (forms come back after it closes) nor to flood counting (staff type them in).

DONT_KNOW_KEY = "0"  # what staff type for a ticked "don't know" box on a paper form


@dataclass
class Keyed:
    """One paper form or group sheet as staff typed it: every value as text, before checks."""

    token: str
    instrument: str
    language: str
    scores: dict[int, str] = field(default_factory=dict)
    texts: dict[int, tuple[str, str]] = field(default_factory=dict)
    background: dict[str, str] = field(default_factory=dict)
    consent: bool = False


def _keyed_answers(keyed: Keyed) -> list[Answer]:
    """The answers of ``keyed``; raises one ``ValidationError`` naming every theme in error."""
    answers, problems = [], []
    for theme in THEME_NUMBERS:
        score = keyed.scores.get(theme, "").strip()
        good_now, better = keyed.texts.get(theme, ("", ""))
        try:
            checked = draft_check_answer(
                instrument_id=keyed.instrument,
                theme=theme,
                score="dont_know" if score == DONT_KNOW_KEY else score,
                good_now=good_now,
                better=better,
            )
        except ValidationError as error:
            for message in error.messages:
                problems.append(
                    _("Theme %(number)s: %(problem)s") % {"number": theme, "problem": message}
                )
            continue
        value = checked["score"]
        if value is not None or checked["dont_know"] or good_now or better:
            answers.append(
                Answer(
                    theme=theme,
                    score=value if isinstance(value, int) else None,
                    dont_know=bool(checked["dont_know"]),
                    good_now=str(checked["good_now"]),
                    better=str(checked["better"]),
                )
            )
    if problems:
        raise ValidationError(problems)
    return answers


def _keyed_check(campaign: Campaign, keyed: Keyed) -> tuple[list[Answer], dict[str, str]]:
    """The answers and background of ``keyed``, checked as the web form checks them."""
    if keyed.instrument not in campaign.instruments:
        raise ValidationError(_("This version of the questionnaire is not part of the survey."))
    if keyed.language not in campaign.languages:
        raise ValidationError(_("Choose one of the survey's languages."))
    background = draft_check_background(
        campaign=campaign, entered=keyed.background, consent=keyed.consent, ask_consent=False
    )
    return _keyed_answers(keyed), background


def _keyed_store(
    *, campaign: Campaign, channel: Channel, keyed: Keyed, **extra: object
) -> tuple[Response, bool]:
    """Store ``keyed`` once: a resent token returns the first response, unchanged."""
    if TOKEN.fullmatch(keyed.token) is None:
        raise ValidationError(_("The form has expired. Please start again."))
    existing = Response.objects.filter(token=keyed.token).first()
    if existing is not None:
        return existing, False
    answers, background = _keyed_check(campaign, keyed)
    area_id = background.pop("neighbourhood", "")
    try:
        with transaction.atomic():
            response = Response.objects.create(
                campaign=campaign,
                channel=channel,
                area_id=int(area_id) if area_id else None,
                instrument=keyed.instrument,
                instrument_version=instrument_get(keyed.instrument).version,
                language=keyed.language,
                background=background,
                token=keyed.token,
                submitted_hour=_hour(timezone.now()),
                **extra,
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        return Response.objects.get(token=keyed.token), False
    return response, True


def _channel_of(campaign: Campaign, kind: str) -> Channel:
    channel, _created = Channel.objects.get_or_create(campaign=campaign, kind=kind)
    return channel


@dataclass(frozen=True)
class Mismatch:
    """A value the second keying of a paper form typed differently from the first."""

    key: str
    first: str
    second: str


def _flat(answers: list[Answer], background: dict[str, str], area_id: int | None) -> dict[str, str]:
    """Every value of a response as text under one key each, for comparing two keyings."""
    flat = {f"background:{key}": value for key, value in background.items()}
    if area_id is not None:
        flat["background:neighbourhood"] = str(area_id)
    for answer in answers:
        flat[f"score:{answer.theme}"] = (
            DONT_KNOW_KEY if answer.dont_know else "" if answer.score is None else str(answer.score)
        )
        flat[f"good_now:{answer.theme}"] = answer.good_now
        flat[f"better:{answer.theme}"] = answer.better
    return {key: value for key, value in flat.items() if value}


def _response_flat(response: Response) -> dict[str, str]:
    flat = _flat(list(response.answers.all()), response.background, response.area_id)
    return flat | {"instrument": response.instrument}


@transaction.atomic
def paper_response_enter(
    *, campaign: Campaign, paper_ref: str, keyed: Keyed
) -> tuple[Response, list[Mismatch] | None]:
    """Key in paper form ``paper_ref``.

    The first keying stores the form; mismatches is then ``None``. Keying a form number that is
    already stored is the second keying: nothing changes, and the values that differ are
    returned for staff to settle with ``paper_response_settle``. When nothing differs, the
    form is marked as checked. A resent first keying is stored once."""
    paper_ref = paper_ref.strip()
    if not paper_ref or len(paper_ref) > 20 or not paper_ref.isprintable():
        raise ValidationError(_("Write the number on the paper form (at most 20 characters)."))
    first = (
        Response.objects.select_for_update()
        .filter(campaign=campaign, paper_ref=paper_ref)
        .exclude(token=keyed.token)
        .first()
    )
    if first is None:
        channel = _channel_of(campaign, Channel.Kind.PAPER)
        response, _created = _keyed_store(
            campaign=campaign, channel=channel, keyed=keyed, paper_ref=paper_ref
        )
        return response, None
    answers, background = _keyed_check(campaign, keyed)
    area_id = background.pop("neighbourhood", "")
    second = _flat(answers, background, int(area_id) if area_id else None)
    second["instrument"] = keyed.instrument
    stored = _response_flat(first)
    mismatches = [
        Mismatch(key=key, first=stored.get(key, ""), second=second.get(key, ""))
        for key in sorted(stored.keys() | second.keys(), key=_field_order)
        if stored.get(key, "") != second.get(key, "")
    ]
    if not mismatches and not first.verified:
        first.verified = True
        first.save(update_fields=["verified"])
    return first, mismatches


def _field_order(key: str) -> tuple[int, int, str]:
    kind, _sep, rest = key.partition(":")
    order = {"instrument": 0, "score": 1, "good_now": 2, "better": 2, "background": 3}
    return order.get(kind, 4), int(rest) if rest.isdigit() else 0, key


@transaction.atomic
def paper_response_settle(*, response: Response, chosen: dict[str, str]) -> Response:
    """Set the values staff read off the paper where two keyings differed, and mark the form
    as checked. ``chosen`` maps keys from ``Mismatch.key`` to the right value ("" for empty)."""
    flat = _response_flat(response) | chosen
    keyed = Keyed(
        token=response.token,
        instrument=flat.pop("instrument", response.instrument),
        language=response.language,
        consent=True,  # sensitive values were kept at the first keying only with consent
    )
    for key, value in flat.items():
        kind, _sep, rest = key.partition(":")
        if kind in ("score", "good_now", "better") and not (rest.isascii() and rest.isdigit()):
            continue  # no form sends such a key
        if kind == "score":
            keyed.scores[int(rest)] = value
        elif kind in ("good_now", "better"):
            good_now, better = keyed.texts.get(int(rest), ("", ""))
            keyed.texts[int(rest)] = (value, better) if kind == "good_now" else (good_now, value)
        elif kind == "background":
            keyed.background[rest] = value
    answers, background = _keyed_check(response.campaign, keyed)
    area_id = background.pop("neighbourhood", "")
    response.instrument = keyed.instrument
    response.instrument_version = instrument_get(keyed.instrument).version
    response.area_id = int(area_id) if area_id else None
    response.background = background
    response.verified = True
    response.save()
    Campaign.objects.filter(pk=response.campaign_id).update(
        results_revision=F("results_revision") + 1
    )
    response.answers.all().delete()
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response


def group_response_enter(
    *, campaign: Campaign, keyed: Keyed, participants: int, notes: str = ""
) -> tuple[Response, bool]:
    """Store the scores a facilitated group agreed on, marked as a group answer."""
    if not 2 <= participants <= 1000:
        raise ValidationError(_("A group has from 2 to 1,000 participants."))
    notes = typed_text(notes)
    if len(notes) > TEXT_LIMIT:
        raise ValidationError(_("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT})
    channel = _channel_of(campaign, Channel.Kind.GROUP)
    return _keyed_store(
        campaign=campaign,
        channel=channel,
        keyed=keyed,
        participants=participants,
        notes=notes.strip(),
    )


@transaction.atomic
def answer_moderate(*, campaign: Campaign, answer_id: int, status: str) -> Answer:
    """Approve a written comment for publishing, or hide it. Published text is masked anyway."""
    if status not in Answer.Moderation.values:
        raise ValidationError(_("Unknown moderation decision."))
    answer = Answer.objects.filter(response__campaign=campaign, pk=answer_id).first()
    if answer is None:
        raise ValidationError(_("There is no such comment in this survey."))
    answer.moderation = status
    answer.save(update_fields=["moderation"])
    Campaign.objects.filter(pk=campaign.pk).update(comments_revision=F("comments_revision") + 1)
    return answer
