"""LIX: words per sentence plus the share of long words, on texts counted by hand."""

import pytest

from soslokal.briefs.readability import lix


def test_lix_of_a_short_plain_text():
    # 7 words, 2 sentences, 1 long word ("låginntekt"): 7/2 + 100*1/7 = 3.5 + 14.29
    found = lix("Skien har 12,3 % låginntekt. Fylket har 10,1 %.")
    assert (found.words, found.sentences, found.long_words) == (7, 2, 1)
    assert found.lix == pytest.approx(17.8)
    assert found.band == "very_easy"


def test_long_words_and_long_sentences_make_a_hard_text():
    text = (
        "Kommunestyret behandlet budsjettforslaget og tilhørende økonomiplan for perioden "
        "sammen med utredningene fra administrasjonen om tjenestetilbudet."
    )
    found = lix(text)
    assert found.sentences == 1
    assert found.words == 15
    assert found.long_words == 9  # og, for, sammen, med, fra, om are short
    assert found.lix == pytest.approx(15 + 100 * 9 / 15)
    assert found.band == "very_hard"


def test_a_decimal_point_ends_no_sentence_but_a_line_break_does():
    assert lix("Verdien er 12.3 i år").sentences == 1
    assert lix("Første punkt\nAndre punkt\nTredje punkt").sentences == 3
    assert lix("Hei. Hei! Hei? Hei: hei").sentences == 5  # the last one has no end mark


def test_a_text_without_words_has_no_score():
    found = lix("  … – ")
    assert found.lix is None and found.band == ""


@pytest.mark.parametrize(
    ("value", "band"),
    [(29.9, "very_easy"), (30, "easy"), (45, "medium"), (55, "hard"), (60, "very_hard")],
)
def test_the_bands_of_the_scale(value, band):
    from soslokal.briefs.readability import Readability

    assert Readability(1, 1, 0, value).band == band


def test_hyphenated_compounds_count_as_one_word():
    found = lix("Nav-kontoret er åpent.")
    assert found.words == 3
    assert found.long_words == 1  # "Nav-kontoret" has 11 letters, "åpent" 5
