"""Ranking, the screening measures and the simulation, checked on small worked examples."""

import os
import subprocess
import sys

import pytest

from soslokal.evidence import ranking

TEXTS = [
    "social trust among neighbours",
    "sewage pipes in old buildings",
    "trust and belonging in the neighbourhood",
    "water pressure in pipes",
    "neighbours meet and build trust",
    "pipes corrode under pressure",
    "belonging and trust between residents",
    "buildings and their pipes",
]
LABELS = [True, False, True, False, True, False, True, False]


def test_random_order_until_both_kinds_are_known():
    matrix = ranking.features(TEXTS)
    order = ranking.rank(matrix, [0], [True], seed=3)
    assert sorted(order) == list(range(1, 8))
    assert order == ranking.rank(matrix, [0], [True], seed=3)  # the same seed, the same order


def test_the_model_puts_relevant_records_first():
    matrix = ranking.features(TEXTS)
    order = ranking.rank(matrix, [0, 1], [True, False])
    assert set(order[:3]) == {2, 4, 6}


def test_features_leave_out_ngrams_in_nearly_every_record_once_there_are_enough_records():
    texts = [*(f"{text} study" for text in TEXTS * 3), "study"]  # 25 records, all with "study"
    assert ranking.features(texts)[24].nnz == 0
    assert ranking.features(texts[-5:])[4].nnz > 0  # a small set keeps every n-gram


def test_records_without_words_still_get_an_order():
    matrix = ranking.features(["?", "!", "…"])
    assert ranking.rank(matrix, [0, 1], [True, False]) == [2]


def test_metrics_of_a_known_order():
    # 20 records after the priors, 4 relevant, found at positions 1, 2, 5 and 10.
    found = [False] * 20
    for position in (1, 2, 5, 10):
        found[position - 1] = True
    measured = ranking.metrics(found)
    # 95 % of 4 is 3.8: the 4th relevant record is needed, at position 10.
    assert measured.wss95 == pytest.approx((20 - 10) / 20 - 0.05)
    assert measured.rrf10 == pytest.approx(2 / 4)  # 10 % of 20 = 2 records screened
    assert measured.atd == pytest.approx((1 + 2 + 5 + 10) / 4)


def test_a_perfect_and_a_worst_order():
    best = ranking.metrics([True] * 2 + [False] * 18)
    worst = ranking.metrics([False] * 18 + [True] * 2)
    assert best.wss95 == pytest.approx(0.85) and best.rrf10 == 1.0
    assert worst.wss95 == pytest.approx(-0.05) and worst.rrf10 == 0.0


def test_metrics_need_relevant_records():
    with pytest.raises(ValueError):
        ranking.metrics([False] * 5)


def test_simulation_finds_every_relevant_record_and_beats_random():
    texts = TEXTS * 5
    labels = LABELS * 5
    matrix = ranking.features(texts)
    priors = ranking.priors_for(labels, runs=2, seed=1)
    runs = [ranking.simulate(matrix, labels, p) for p in priors]
    for run in runs:
        assert sum(run.found) == sum(labels) - 1  # all but the relevant prior
        assert all(run.found)  # a separable set: relevant ones come first, then it stops
    summary = ranking.summary(runs, labels)
    assert summary["rrf10"] > 0.1 and summary["wss95"] > 0.3
    assert priors == ranking.priors_for(labels, runs=2, seed=1)


def test_starting_the_site_does_not_load_scikit_learn():
    """Every server process loads the URL conf; scikit-learn (about 100 MB) waits for screening."""
    check = (
        "import django, sys; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "print('sklearn' in sys.modules)"
    )
    found = subprocess.run(  # noqa: S603
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "soslokal.settings"},
    )
    assert found.stdout.strip() == "False"
