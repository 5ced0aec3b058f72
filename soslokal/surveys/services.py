"""Everything that changes campaigns and responses."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from soslokal.core.cache import cache_count
from soslokal.core.models import Area, Municipality
from soslokal.surveys.instrument import AUDIENCES, THEME_NUMBERS
from soslokal.surveys.models import (
    BACKGROUND_DEFAULT,
    BACKGROUND_OPTIONAL,
    Answer,
    Campaign,
    Channel,
    Response,
)
from soslokal.surveys.selectors import instrument_get

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
) -> Campaign:
    if closes_on < opens_on:
        raise ValidationError(_("The survey must close after it opens."))
    if not areas or any(area.municipality_id != municipality.pk for area in areas):
        raise ValidationError(_("Choose one or more areas of this municipality."))
    if not instruments or any(instrument not in AUDIENCES for instrument in instruments):
        raise ValidationError(_("Choose one or more versions of the questionnaire."))
    allowed = set(BACKGROUND_DEFAULT) | set(BACKGROUND_OPTIONAL)
    if any(question not in allowed for question in background):
        raise ValidationError(_("Unknown background question."))
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
    )
    campaign.areas.set(areas)
    for kind, invited in channels.items():
        Channel.objects.create(campaign=campaign, kind=kind, invited=invited)
    return campaign


def draft_check_answer(
    *, instrument_id: str, theme: int, score: str, good_now: str, better: str
) -> dict[str, object]:
    """One theme's answer from a form, checked; raises ``ValidationError`` with a clear text."""
    instrument = instrument_get(instrument_id)
    if theme not in THEME_NUMBERS:
        raise ValidationError(_("There is no such theme."))
    value: int | None = None
    if score not in ("", "dont_know"):
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if (
            not (score.isascii() and score.isdigit())
            or not 1 <= int(score) <= instrument.scale.points
        ):
            raise ValidationError(
                _("Choose a number from 1 to %(points)s, or Don't know.")
                % {"points": instrument.scale.points}
            )
        value = int(score)
    # PostgreSQL cannot store the NUL character; nobody types it on purpose.
    good_now, better = good_now.replace("\x00", ""), better.replace("\x00", "")
    for text in (good_now, better):
        if len(text) > TEXT_LIMIT:
            raise ValidationError(_("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT})
    return {
        "score": value,
        "dont_know": score == "dont_know",
        "good_now": good_now.strip(),
        "better": better.strip(),
    }


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

    The unique token decides, not a look-up first: the insert of a token already stored fails
    and the stored response is returned. A send that fails a check (the survey closed in the
    meantime, say) is also acknowledged when its token was stored before."""
    try:
        return _response_store(channel=channel, draft=draft, language=language, today=today)
    except ValidationError:
        stored = Response.objects.filter(token=draft.token).order_by().first()
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
        if not campaign.areas.filter(pk=area_id).exists():
            raise ValidationError(_("That area is not part of the survey."))
    flagged = _flood_count(campaign) > settings.SOSLOKAL_SURVEY_FLOOD_PER_MINUTE
    allowed = set(campaign.background)
    background = {
        k: v for k, v in draft.background.items() if k in allowed and k != "neighbourhood"
    }
    with transaction.atomic():
        response = Response.objects.create(
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
        Answer.objects.bulk_create(
            Answer(
                response=response,
                theme=int(str(answer["theme"])),
                score=answer["score"],  # type: ignore[misc]
                good_now=str(answer["good_now"]),
                better=str(answer["better"]),
            )
            for answer in answers
            if answer["score"] is not None
            or answer["dont_know"]
            or answer["good_now"]
            or answer["better"]
        )
    return response, True
