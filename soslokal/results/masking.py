"""Masking personal data in free text before it is published (pure, no Django).

Residents' comments ("what is good now", "what could be better") are published in results,
briefs and exports. Whatever else moderation does, every published comment goes through
:func:`mask_personal_data`, which replaces

- e-mail addresses (also written with ``(at)`` or ``[at]``),
- phone numbers: Norwegian 8-digit numbers as people write them (``40000000``, ``400 00 000``,
  ``40 00 00 00``, ``4000 0000`` for mobiles), with or without ``+47``/``0047``, and
  international numbers that start with ``+`` or ``00`` and a country code,
- Norwegian national identity numbers (fødselsnummer and D-nummer): 11 digits, also written
  ``DDMMYY NNNNN`` or ``DDMMYY-NNNNN``,
- and any other run of 8 or more digits (an account or card number, say),

with a visible placeholder in the reader's language, such as "[telefonnummer fjernet]".

Identity numbers are not validated by their check digits, nor dates by the calendar: masking
only has to be safe. Masking a number that was not a real identity number costs a reader one
number in a comment; publishing a real one is a breach that cannot be undone, and a number
with a typing error in it is just as personal. So every 11-digit run is masked.

Years ("2024"), scores ("4,5"), postcodes ("3714 Skien"), dates ("24.12.2024") and amounts
("kr 1 500", "kr 12 500 000") are left alone: their digit groups do not add up to a phone or
identity number's shape.
"""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

EMAIL = "email"
PHONE = "phone"
NATIONAL_ID = "national_id"
NUMBER = "number"
KINDS = (EMAIL, PHONE, NATIONAL_ID, NUMBER)

PLACEHOLDERS: Mapping[str, Mapping[str, str]] = {
    "nb": {
        EMAIL: "[e-post fjernet]",
        PHONE: "[telefonnummer fjernet]",
        NATIONAL_ID: "[personnummer fjernet]",
        NUMBER: "[nummer fjernet]",
    },
    "nn": {
        EMAIL: "[e-post fjerna]",
        PHONE: "[telefonnummer fjerna]",
        NATIONAL_ID: "[personnummer fjerna]",
        NUMBER: "[nummer fjerna]",
    },
    "en": {
        EMAIL: "[e-mail removed]",
        PHONE: "[phone number removed]",
        NATIONAL_ID: "[ID number removed]",
        NUMBER: "[number removed]",
    },
}


@dataclass(frozen=True)
class MaskResult:
    """The masked text, and how many of each kind (``email``, ``phone``, ``national_id``,
    ``number``) were replaced; kinds not found are absent from ``counts``."""

    text: str
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# Between digit groups: a space, a no-break space, a narrow no-break space, a dash or a dot.
_SEP = r"[ \u00a0\u202f.\-]"
_NOT_BEFORE = r"(?<!\d)"
_NOT_AFTER = r"(?!\d)"

# The local part starts where a run of its characters starts (the lookbehind), which keeps the
# search linear on long runs of letters.
_EMAIL = (
    r"(?<![\w.%+'-])[\w.%+'-]+"
    r"(?:@|\s?\((?i:at)\)\s?|\s?\[(?i:at)\]\s?)"
    r"[\w-]+(?:\.[\w-]+)+"
)
_NATIONAL_ID = rf"{_NOT_BEFORE}\d{{6}}[ \u00a0\-]?\d{{5}}{_NOT_AFTER}"
_NORWEGIAN = (
    r"(?:"
    r"\d{8}"
    rf"|\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{3}}"
    rf"|\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    r"|[49]\d{3}[ \u00a0]\d{4}"
    r")"
)
_PREFIX = r"(?:\+|\b00|\(\+)47\)?[ \u00a0\-]?"
_NORWEGIAN_PHONE = rf"(?:{_PREFIX}|{_NOT_BEFORE}){_NORWEGIAN}{_NOT_AFTER}"
# A country code, then digit groups (one may be in brackets); the digits are counted after.
# The groups are possessive, so a long run of digits cannot make the search backtrack.
_INTERNATIONAL = (
    rf"(?:\+|{_NOT_BEFORE}00)[1-9]\d{{0,2}}"
    rf"(?:{_SEP}?(?:\(\d{{1,5}}+\)|\d{{1,5}}+)){{1,8}}+{_NOT_AFTER}"
)
# A Norwegian bank account number, 1234 56 78901.
_ACCOUNT = rf"{_NOT_BEFORE}\d{{4}}[ \u00a0.]\d{{2}}[ \u00a0.]\d{{5}}{_NOT_AFTER}"
_LONG = rf"{_NOT_BEFORE}\d{{8,}}{_NOT_AFTER}"

_PATTERN = re.compile(
    rf"(?P<{EMAIL}>{_EMAIL})"
    rf"|(?P<{NATIONAL_ID}>{_NATIONAL_ID})"
    rf"|(?P<{PHONE}>{_NORWEGIAN_PHONE})"
    rf"|(?P<international>{_INTERNATIONAL})"
    rf"|(?P<account>{_ACCOUNT})"
    rf"|(?P<{NUMBER}>{_LONG})"
)
_LONG_ONLY = re.compile(_LONG)

# International numbers have at most 15 digits with the country code (ITU-T E.164); fewer
# than 8 is a short code or not a phone number at all ("+5 poeng").
_INTERNATIONAL_DIGITS = range(8, 16)


def mask_personal_data(text: str, *, language: str = "nb") -> MaskResult:
    """``text`` with e-mail addresses, phone numbers, national identity numbers and other long
    numbers replaced by a placeholder in ``language`` ("nb", "nn" or "en").

    Idempotent: masking masked text changes nothing.
    """
    if language not in PLACEHOLDERS:
        raise ValueError(f"language must be one of {', '.join(PLACEHOLDERS)}, got {language!r}")
    placeholders = PLACEHOLDERS[language]
    counts: Counter[str] = Counter()

    def long_number(match: re.Match[str]) -> str:
        kind = NATIONAL_ID if len(match.group(0)) == 11 else NUMBER
        counts[kind] += 1
        return placeholders[kind]

    def replace(match: re.Match[str]) -> str:
        kind = match.lastgroup or NUMBER
        found = match.group(0)
        if kind == "international":
            if sum(char.isdigit() for char in found) not in _INTERNATIONAL_DIGITS:
                # Too short or too long for a phone number; it may still hold a long run.
                return _LONG_ONLY.sub(long_number, found)
            kind = PHONE
        elif kind == "account":
            kind = NUMBER
        counts[kind] += 1
        return placeholders[kind]

    masked = _PATTERN.sub(replace, text)
    return MaskResult(text=masked, counts=dict(counts))
