"""LIX, the readability index used for Swedish and Norwegian text (pure, no Django).

Björnsson's läsbarhetsindex: the mean sentence length in words plus the share of long words
(more than six letters) in per cent,

    LIX = words / sentences + 100 × long words / words.

A word is a run of letters or digits (``12,3`` is one word, a hyphenated compound is one);
a sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a space or the end of the text, or at
a line break, so a list without full stops still counts one sentence per line. A decimal
point inside a number ends nothing. A text with words but no end mark is one sentence."""

import re
from dataclasses import dataclass

LONG_WORD = 6  # a word with more letters than this is long
WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")

# The scale as Norwegian plain-language guidance reads it: (upper bound, band).
BANDS = [
    (30.0, "very_easy"),
    (40.0, "easy"),
    (50.0, "medium"),
    (60.0, "hard"),
]
VERY_HARD = "very_hard"


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int
    lix: float | None  # None for a text without words

    @property
    def band(self) -> str:
        """very_easy (< 30), easy (30–39), medium (40–49), hard (50–59), very_hard (60 and
        over); "" for a text without words."""
        if self.lix is None:
            return ""
        for bound, band in BANDS:
            if self.lix < bound:
                return band
        return VERY_HARD


def _letters(word: str) -> int:
    return sum(1 for character in word if character.isalpha())


def lix(text: str) -> Readability:
    """The LIX of ``text`` with the counts behind it."""
    words = WORD.findall(text)
    if not words:
        return Readability(0, 0, 0, None)
    stripped = text.strip()
    ends = list(SENTENCE_END.finditer(stripped))
    sentences = len(ends)
    if not ends or ends[-1].end() < len(stripped):
        sentences += 1  # the last sentence has no end mark
    long_words = sum(1 for word in words if _letters(word) > LONG_WORD)
    value = len(words) / sentences + 100 * long_words / len(words)
    return Readability(len(words), sentences, long_words, round(value, 1))
