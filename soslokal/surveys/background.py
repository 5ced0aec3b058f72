"""The background questions a campaign may ask, with their answer options.

One list serves the web form, the paper form and the keying screen, so a value means the same
wherever it was given. Every question is optional. The sensitive ones (special-category data
under GDPR: health and ethnic origin) are asked only with a plain explanation and are stored
only when the respondent says yes to storing them."""

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BackgroundQuestion:
    key: str
    label: Promise
    options: tuple[tuple[str, Promise | str], ...]
    sensitive: bool = False
    reason: Promise | str = ""  # one line under the question: why it is asked


# Age bands are whole years, so results can be set against SSB's population by age.
AGE_BANDS = (
    ("under 13", 0, 12),
    ("13-15", 13, 15),
    ("16-19", 16, 19),
    ("20-44", 20, 44),
    ("45-66", 45, 66),
    ("67-79", 67, 79),
    ("80+", 80, None),
)

# Whom each version of the questionnaire is written for, by age (to, None: no upper limit).
VERSION_AGES = {
    "adult": (16, None),
    "easy_read": (16, None),
    "youth": (12, 19),  # "12 and over", as its file says
    "children": (6, 12),
}


def age_bands_for(versions: list[str]) -> list[tuple[str, int, int | None]]:
    """The age bands whose people the ``versions`` are written for, the youngest band starting
    at the youngest age any version is for (children answer from 6, not from 0)."""
    ranges = [VERSION_AGES[v] for v in versions if v in VERSION_AGES]
    bands = []
    for band, age_from, age_to in AGE_BANDS:
        for low, high in ranges:
            if (high is None or age_from <= high) and (age_to is None or age_to >= low):
                bands.append((band, max(age_from, min(lo for lo, _hi in ranges)), age_to))
                break
    return bands


QUESTIONS = (
    BackgroundQuestion(
        "age_band",
        _("How old are you?"),
        tuple((band, _("under 13") if band == "under 13" else band) for band, *_r in AGE_BANDS),
        reason=_("So we can see whether young and old are heard alike."),
    ),
    BackgroundQuestion(
        "gender",
        _("Gender"),
        (("woman", _("Woman")), ("man", _("Man")), ("other", _("Another gender"))),
        reason=_("So we can see whether women, men and others see the area differently."),
    ),
    BackgroundQuestion(
        "residence_length",
        _("How long have you lived in the area?"),
        (
            ("under 2", _("Less than 2 years")),
            ("2-9", _("2 to 9 years")),
            ("10+", _("10 years or more")),
        ),
        reason=_("So we hear from newcomers as well as from those who have lived here long."),
    ),
    BackgroundQuestion(
        "tenure",
        _("Do you own or rent your home?"),
        (
            ("own", _("Own (also a housing co-operative)")),
            ("rent_private", _("Rent privately")),
            ("rent_municipal", _("Rent from the municipality")),
            ("other", _("Other, for example living with parents")),
        ),
        reason=_("So we can see whether those who rent are heard as well as those who own."),
    ),
    BackgroundQuestion(
        "immigrant_background",
        _("Were you or your parents born outside Norway?"),
        (
            ("no", _("No, I and both my parents were born in Norway")),
            ("parents", _("I was born in Norway, both my parents abroad")),
            ("self", _("I was born abroad and moved to Norway")),
            ("mixed", _("Something else, for example one parent born abroad")),
        ),
        sensitive=True,
        reason=_("So we can see whether people who have moved here are heard."),
    ),
    BackgroundQuestion(
        "disability",
        _("Do you have a disability or long-term illness that limits you in everyday life?"),
        (("yes", _("Yes")), ("some", _("Somewhat")), ("no", _("No"))),
        sensitive=True,
        reason=_("So we can see whether the area works for people with a disability."),
    ),
)
BY_KEY = {question.key: question for question in QUESTIONS}

# "neighbourhood" is answered with one of the campaign's areas, so it has no fixed options.
NEIGHBOURHOOD_REASON = _("So we can see how each part of the area is doing.")
DEFAULT = ("neighbourhood", "age_band", "gender")
OPTIONAL = ("residence_length", "tenure", "immigrant_background", "disability")
SENSITIVE = tuple(question.key for question in QUESTIONS if question.sensitive)

SENSITIVE_EXPLANATION = _(
    "The questions below are about health or about where you and your parents were born. "
    "The law counts such answers as sensitive, so we only store them if you say yes. "
    "They help us see whether people with a disability and people who have moved here are "
    "heard as well as everyone else. Your answers are anonymous, and results for groups "
    "of fewer than five people are never shown."
)


def age_bands_offered(version: str) -> set[str]:
    """The age bands the age question offers to someone answering ``version``: those of the
    ages the version is written for and the band on either side, for a respondent a little
    younger or older (a child of 8 is not asked whether they are 80)."""
    low, high = VERSION_AGES.get(version, (0, None))
    fitting = [
        position
        for position, (_band, age_from, age_to) in enumerate(AGE_BANDS)
        if (high is None or age_from <= high) and (age_to is None or age_to >= low)
    ]
    first, last = max(fitting[0] - 1, 0), min(fitting[-1] + 1, len(AGE_BANDS) - 1)
    return {band for band, _from, _to in AGE_BANDS[first : last + 1]}


def asked(
    keys: list[str], version: str | None = None, *, chosen_age: str = ""
) -> list[BackgroundQuestion]:
    """The fixed-option questions among ``keys``, in the order the form asks them; for
    ``version``, the age question with the bands offered to it and the band ``chosen_age``
    answered before (under another version, say), which must not be lost. Any band stays a
    valid answer."""
    found = [question for question in QUESTIONS if question.key in keys]
    if version is None:
        return found
    bands = age_bands_offered(version) | {chosen_age}
    return [
        replace(q, options=tuple(o for o in q.options if o[0] in bands))
        if q.key == "age_band"
        else q
        for q in found
    ]
