"""Masking personal data in published free text: what goes, what stays, and properties."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soslokal.results.masking import (
    EMAIL,
    NATIONAL_ID,
    NUMBER,
    PHONE,
    PLACEHOLDERS,
    mask_personal_data,
)

# Independent of the module's own patterns: what a reader would call an e-mail address.
EMAIL_SHAPE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_GROUPINGS = (
    re.compile(r"(?<!\d)\d{3}[ .\-]\d{2}[ .\-]\d{3}(?!\d)"),
    re.compile(r"(?<!\d)\d{2}[ .\-]\d{2}[ .\-]\d{2}[ .\-]\d{2}(?!\d)"),
)


@pytest.mark.parametrize(
    "text",
    [
        "40000000",
        "400 00 000",
        "40 00 00 00",
        "22-00-00-00",
        "400.00.000",
        "+47 400 00 000",
        "+4740000000",
        "+47-40000000",
        "0047 400 00 000",
        "004740000000",
        "(+47) 22 00 00 00",
        "4000 0000",
        "+46 70 123 45 67",
        "+44 20 7946 0958",
        "+1 (555) 123-4567",
        "0046 70 123 45 67",
    ],
)
def test_phone_numbers_are_masked(text):
    result = mask_personal_data(f"Ring meg på {text} i kveld.")
    assert result.text == "Ring meg på [telefonnummer fjernet] i kveld."
    assert result.counts == {PHONE: 1}


@pytest.mark.parametrize("text", ["01019012345", "010190 12345", "010190-12345", "410190 12345"])
def test_national_identity_numbers_are_masked_without_checking_them(text):
    # 01019012345 has no valid check digits and 41… is a D-number: both are masked.
    result = mask_personal_data(f"Fødselsnummeret mitt er {text}.")
    assert result.text == "Fødselsnummeret mitt er [personnummer fjernet]."
    assert result.counts == {NATIONAL_ID: 1}


@pytest.mark.parametrize(
    "text",
    [
        "ola.nordmann@skien.kommune.no",
        "kari+planer@example.org",
        "bjørn_ås@nabolag.no",
        "ola (at) skien.kommune.no",
        "ola[at]skien.kommune.no",
    ],
)
def test_email_addresses_are_masked(text):
    result = mask_personal_data(f"Skriv til {text}.")
    assert result.text == "Skriv til [e-post fjernet]."
    assert result.counts == {EMAIL: 1}


@pytest.mark.parametrize(
    "text", ["1234 56 78901", "1234.56.78901", "4111111111111111", "123456789"]
)
def test_other_long_numbers_are_masked(text):
    result = mask_personal_data(f"Nummer {text} her")
    assert result.text == "Nummer [nummer fjernet] her"
    assert result.counts == {NUMBER: 1}


@pytest.mark.parametrize(
    "text",
    [
        "I 2024 ble det bedre enn i 2019.",
        "Jeg gir 4 av 7, i fjor 5,5.",
        "Skoleveien 12, 3714 Skien",
        "Det kostet kr 1 500 og ikke 2 000 kr.",
        "Budsjettet var kr 12 500 000.",
        "Parken fikk 150 000 000 kroner.",
        "Møtet er 24.12.2024 kl. 18.30.",
        "Fra 2020-2024 og 2019 2020 skjedde lite.",
        "+5 poeng for lekeplassen",
        "Buss 3, 12 og 101 går hver 15. minutt.",
        "Tinnheia (352 svar) og Kvernevik (1 000 svar)",
        "Hjemmesiden skien.kommune.no og @skien på Instagram",
    ],
)
def test_ordinary_numbers_and_text_are_left_alone(text):
    result = mask_personal_data(text)
    assert result.text == text
    assert result.counts == {}
    assert not result.found


def test_counts_every_kind_found():
    text = "Ring 400 00 000 eller 22 00 00 00, skriv til a@b.no, fnr 01019012345."
    result = mask_personal_data(text)
    assert result.counts == {PHONE: 2, EMAIL: 1, NATIONAL_ID: 1}
    assert result.total == 4


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_placeholders_follow_the_language(language):
    result = mask_personal_data("a@b.no 40000000 01019012345 123456789", language=language)
    words = PLACEHOLDERS[language]
    assert result.text == f"{words[EMAIL]} {words[PHONE]} {words[NATIONAL_ID]} {words[NUMBER]}"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        mask_personal_data("hei", language="se")


def test_a_long_run_of_digits_or_letters_is_quick():
    # The patterns cannot backtrack badly: 200 000 characters take well under a second.
    text = "+1" + "2" * 100_000 + " " + "a" * 100_000
    result = mask_personal_data(text)
    assert result.counts == {NUMBER: 1}


# Property-based tests.

phone_numbers = st.builds(
    lambda digits, form, prefix: prefix + form.format(*digits),
    st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8).map(
        lambda ds: [str(4 + int(ds[0]) % 6), *ds[1:]]
    ),
    st.sampled_from(
        [
            "{}{}{}{}{}{}{}{}",
            "{}{}{} {}{} {}{}{}",
            "{}{} {}{} {}{} {}{}",
            "{}{}-{}{}-{}{}-{}{}",
            "{}{}{}-{}{}-{}{}{}",
        ]
    ),
    st.sampled_from(["", "+47 ", "0047 ", "+47"]),
)
national_ids = st.builds(
    lambda digits, sep: digits[:6] + sep + digits[6:],
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from(["", " ", "-"]),
)
emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.from_regex(r"[a-zæøå0-9][a-zæøå0-9._+-]{0,12}", fullmatch=True),
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True),
    st.sampled_from(["no", "com", "kommune.no"]),
)
words = st.from_regex(r"[A-Za-zÆØÅæøå]{1,10}[.,!?]?", fullmatch=True)
short_numbers = st.from_regex(r"[0-9]{1,4}(,[0-9])?", fullmatch=True)
ordinary_parts = st.lists(st.one_of(words, short_numbers), max_size=30)
anything = st.lists(
    st.one_of(words, short_numbers, phone_numbers, national_ids, emails, st.text(max_size=12)),
    max_size=20,
)
joiners = st.sampled_from([" ", ", ", " og ", "\n", ": "])


def _no_adjacent_numbers(parts):
    """Join parts with a word between any two numbers, so digits never group into a phone."""
    out = []
    for part in parts:
        if out and out[-1][-1:].isdigit() and part[:1].isdigit():
            out.append("og")
        out.append(part)
    return " ".join(out)


@given(anything.map(" ".join))
def test_masking_is_idempotent(text):
    once = mask_personal_data(text).text
    assert mask_personal_data(once).text == once


@given(st.lists(st.one_of(words, phone_numbers, national_ids, emails), max_size=15), joiners)
def test_no_phone_id_or_email_survives(parts, joiner):
    masked = mask_personal_data(joiner.join(parts)).text
    assert not re.search(r"\d{8,}", masked)
    assert not any(pattern.search(masked) for pattern in PHONE_GROUPINGS)
    assert not EMAIL_SHAPE.search(masked)


@given(anything.map(" ".join))
def test_no_run_of_eight_digits_or_email_survives_in_any_text(text):
    masked = mask_personal_data(text).text
    assert not re.search(r"\d{8,}", masked)
    assert not EMAIL_SHAPE.search(masked)


@given(phone_numbers, words, words)
def test_every_phone_number_is_found(number, before, after):
    result = mask_personal_data(f"{before} {number} {after}")
    assert result.counts == {PHONE: 1}
    assert not any(char.isdigit() for char in result.text.replace(before, "").replace(after, ""))


@given(ordinary_parts.map(_no_adjacent_numbers))
def test_text_without_personal_data_is_unchanged(text):
    result = mask_personal_data(text)
    assert result.text == text
    assert not result.found
