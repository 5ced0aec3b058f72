"""What a printed questionnaire says, in one language (pure: no Django).

The paper form shows the same questions as the answer form, in the instrument's own wording for
the chosen language, with the themes in their numbered order 1 to 14: the order in which staff
key the answers in afterwards."""

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from soslokal.surveys.instrument import PICTOGRAM_DIR, Instrument


class LanguageNotOffered(LookupError):
    """The instrument has no wording in the language asked for."""


@dataclass(frozen=True)
class PrintedChoice:
    """One box to tick: its value, its words (if the scale names it) and its pictogram as a
    ``data:`` URL (if it has one)."""

    value: int
    text: str
    pictogram: str
    alt: str


@dataclass(frozen=True)
class PrintedTheme:
    number: int
    name: str
    question: str
    help: str
    good_now: str
    better: str


@dataclass(frozen=True)
class PrintedQuestionnaire:
    instrument: str
    version: str
    language: str
    title: str
    intro: str
    low: str
    high: str
    dont_know: str
    choices: list[PrintedChoice]
    themes: list[PrintedTheme]

    @property
    def has_pictograms(self) -> bool:
        return any(choice.pictogram for choice in self.choices)


@cache
def pictogram_data_url(name: str) -> str:
    """The pictogram ``name`` as a ``data:`` URL, so a PDF carries it inside itself."""
    svg = (PICTOGRAM_DIR / f"{name}.svg").read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def printed_questionnaire(
    instrument: Instrument, language: str, theme_names: Mapping[int, Mapping[str, str]]
) -> PrintedQuestionnaire:
    """The questionnaire ``instrument`` in ``language``; ``theme_names`` holds each theme's
    name per language (from the framework). A theme without a name in ``language`` falls back
    to bokmål. Raises ``LanguageNotOffered`` if the instrument lacks the language."""
    if language not in instrument.languages:
        raise LanguageNotOffered(language)

    def name(number: int) -> str:
        names = theme_names.get(number, {})
        return names.get(language) or names.get("nb") or ""

    labels = {label.value: label for label in instrument.scale.labels}
    choices = [
        PrintedChoice(
            value=value,
            text=labels[value].text[language] if value in labels else "",
            pictogram=(
                pictogram_data_url(labels[value].pictogram)
                if value in labels and labels[value].pictogram
                else ""
            ),
            alt=labels[value].alt.get(language, "") if value in labels else "",
        )
        for value in range(1, instrument.scale.points + 1)
    ]
    themes = [
        PrintedTheme(
            number=question.theme,
            name=name(question.theme),
            question=question.question[language],
            help=question.help[language],
            good_now=question.good_now[language],
            better=question.better[language],
        )
        for question in sorted(instrument.themes, key=lambda question: question.theme)
    ]
    return PrintedQuestionnaire(
        instrument=instrument.id,
        version=instrument.version,
        language=language,
        title=instrument.title[language],
        intro=instrument.intro[language],
        low=instrument.scale.low[language],
        high=instrument.scale.high[language],
        dont_know=instrument.dont_know[language],
        choices=choices,
        themes=themes,
    )
