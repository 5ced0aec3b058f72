"""Theme figures from histograms, by hand and against numpy and scipy on the expanded answers."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special
from scipy import stats as scipy_stats

from soslokal.results.stats import (
    Histogram,
    good_scores,
    poor_scores,
    regularized_beta,
    sum_histograms,
    t_ppf,
    theme_stats,
)


def expand(hist):
    """The single answers behind an unweighted histogram."""
    return np.repeat(np.arange(1, hist.points + 1), np.array(hist.counts, dtype=int))


histograms = st.builds(
    lambda points, counts, dont_know: Histogram(
        points=points, counts=tuple(float(c) for c in counts[:points]), dont_know=dont_know
    ),
    st.sampled_from([3, 7]),
    st.lists(st.integers(0, 40), min_size=7, max_size=7),
    st.integers(0, 10).map(float),
)


def test_hand_computed_figures_for_a_small_histogram():
    # One 1, two 3s, three 5s, four 7s and two "don't know": n = 10.
    stats = theme_stats(Histogram(points=7, counts=(1, 0, 2, 0, 3, 0, 4), dont_know=2))
    assert stats.n == 10
    assert stats.dont_know == 2
    assert stats.dont_know_share == pytest.approx(2 / 12)
    # mean = (1·1 + 3·2 + 5·3 + 7·4) / 10 = (1 + 6 + 15 + 28) / 10 = 50 / 10 = 5
    assert stats.mean == 5
    # Σ(x − 5)² = 16·1 + 4·2 + 0·3 + 4·4 = 40; variance = 40 / 9; SD = √(40/9) = 2.1081851…
    assert stats.sd == pytest.approx(math.sqrt(40 / 9), rel=1e-12)
    # SE = SD / √10 = √(40/90) = 2/3; t(0.975, 9) = 2.2621571628; half width = 1.5081047752
    assert stats.ci_low == pytest.approx(5 - 2.2621571628 * 2 / 3, abs=1e-9)
    assert stats.ci_high == pytest.approx(5 + 2.2621571628 * 2 / 3, abs=1e-9)
    # Sorted: 1 3 3 5 5 5 7 7 7 7; the 5th and 6th answers are both 5.
    assert stats.median == 5
    assert stats.shares == (0.1, 0.0, 0.2, 0.0, 0.3, 0.0, 0.4)
    assert stats.share_poor == pytest.approx(0.3)  # scores 1–3
    assert stats.share_good == pytest.approx(0.7)  # scores 5–7
    assert not stats.weighted
    assert stats.effective_n == stats.people == 10


def test_median_at_exactly_half_is_the_midpoint_of_the_neighbouring_scores():
    # Sorted: 1 1 7 7; half the answers are at or below 1, so (1 + 7) / 2 = 4, as numpy says.
    assert theme_stats(Histogram(points=7, counts=(2, 0, 0, 0, 0, 0, 2))).median == 4
    assert theme_stats(Histogram.from_scores(7, [1, 2])).median == 1.5
    # Just over half at 3: no midpoint.
    assert theme_stats(Histogram.from_scores(7, [1, 3, 3, 6])).median == 3
    assert theme_stats(Histogram.from_scores(7, [1, 3, 3, 6, 6])).median == 3


def test_childrens_scale_counts_one_as_poor_and_three_as_good():
    assert list(poor_scores(3)) == [1]
    assert list(good_scores(3)) == [3]
    assert list(poor_scores(7)) == [1, 2, 3]
    assert list(good_scores(7)) == [5, 6, 7]
    stats = theme_stats(Histogram(points=3, counts=(2, 1, 3)))
    assert stats.share_poor == pytest.approx(2 / 6)
    assert stats.share_good == pytest.approx(3 / 6)
    # Sorted: 1 1 2 3 3 3; the 3rd and 4th answers are 2 and 3.
    assert stats.median == 2.5


def test_no_answers_or_one_answer_gives_what_it_can():
    empty = theme_stats(Histogram(points=7, counts=(0,) * 7, dont_know=3))
    assert empty.n == 0
    assert empty.mean is empty.sd is empty.ci_low is empty.median is empty.shares is None
    assert empty.share_poor is None
    assert empty.dont_know_share == 1
    nothing = theme_stats(Histogram.empty(7))
    assert nothing.dont_know_share is None
    one = theme_stats(Histogram.from_scores(7, [6]))
    assert one.mean == one.median == 6
    assert one.sd is one.ci_low is one.ci_high is None


@settings(max_examples=200, deadline=None)
@given(histograms)
def test_agrees_with_numpy_and_scipy_on_the_expanded_answers(hist):
    answers = expand(hist)
    stats = theme_stats(hist)
    assert stats.n == len(answers)
    if len(answers) == 0:
        assert stats.mean is None
        return
    assert stats.mean == pytest.approx(np.mean(answers), rel=1e-12)
    assert stats.median == np.median(answers)
    assert stats.share_poor == pytest.approx(np.mean(answers <= hist.points // 2))
    if len(answers) < 2:
        assert stats.sd is None
        return
    sd = np.std(answers, ddof=1)
    assert stats.sd == pytest.approx(sd, rel=1e-9, abs=1e-12)
    if sd > 0:
        low, high = scipy_stats.t.interval(
            0.95, len(answers) - 1, loc=np.mean(answers), scale=sd / np.sqrt(len(answers))
        )
        assert stats.ci_low == pytest.approx(low, abs=1e-9)
        assert stats.ci_high == pytest.approx(high, abs=1e-9)


def test_median_follows_numpy_on_tie_heavy_histograms():
    rng = np.random.default_rng(20240601)
    for _ in range(500):
        points = int(rng.choice([3, 7]))
        counts = rng.integers(0, 4, size=points) * rng.integers(0, 2, size=points)
        if counts.sum() == 0:
            continue
        hist = Histogram(points=points, counts=tuple(float(c) for c in counts))
        assert theme_stats(hist).median == np.median(expand(hist)), counts


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, 20), min_size=7, max_size=7),
            st.floats(0.1, 5.0),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_weighted_figures_agree_with_numpy_average_and_weighted_covariance(cells):
    hist = sum_histograms(
        (
            Histogram(points=7, counts=tuple(map(float, counts))).scaled(weight)
            for counts, weight in cells
        ),
        points=7,
    )
    answers = np.concatenate([np.repeat(np.arange(1, 8), counts) for counts, _ in cells]).astype(
        float
    )
    weights = np.concatenate([np.full(sum(counts), weight) for counts, weight in cells])
    stats = theme_stats(hist)
    assert stats.weighted
    assert stats.people == len(answers)
    if len(answers) == 0:
        assert stats.mean is None
        return
    assert stats.mean == pytest.approx(np.average(answers, weights=weights), rel=1e-12)
    ess = weights.sum() ** 2 / (weights**2).sum()
    assert stats.effective_n == pytest.approx(ess, rel=1e-12)
    if ess <= 1 + 1e-9:
        return
    if ess < 2 - 1e-9:
        assert stats.ci_low is None
        return
    # numpy's reliability-weighted covariance: Σw(x − m)² / (Σw − Σw²/Σw).
    variance = np.cov(answers, aweights=weights, ddof=1)
    assert stats.sd == pytest.approx(math.sqrt(variance), rel=1e-9, abs=1e-12)
    half = scipy_stats.t.ppf(0.975, ess - 1) * stats.sd / math.sqrt(ess)
    assert stats.ci_high - stats.mean == pytest.approx(half, rel=1e-9, abs=1e-12)


def test_weighted_interval_uses_kish_effective_size_by_hand():
    # Scores 1 and 3 with weight 2 each, 7 with weight 1: Σw = 5, Σw² = 4 + 4 + 1 = 9.
    hist = Histogram.from_scores(7, [1, 3]).scaled(2) + Histogram.from_scores(7, [7])
    assert hist.weighted
    assert hist.n == 5
    assert hist.people == 3
    stats = theme_stats(hist)
    # mean = (2·1 + 2·3 + 1·7) / 5 = 15 / 5 = 3; ESS = 5² / 9 = 25/9
    assert stats.mean == 3
    assert stats.effective_n == pytest.approx(25 / 9)
    # Σw(x − 3)² = 2·4 + 2·0 + 1·16 = 24; variance = 24/5 · ESS/(ESS − 1) = 4.8 · 25/16 = 7.5
    assert stats.sd == pytest.approx(math.sqrt(7.5))
    overridden = theme_stats(hist, effective_n=4)
    assert overridden.effective_n == 4
    # 4.8 · 4/3 = 6.4; half width = t(0.975, 3) · √6.4 / 2
    assert overridden.ci_high - 3 == pytest.approx(3.182446305284263 * math.sqrt(6.4) / 2)


def test_weighted_interval_needs_an_effective_size_of_two():
    # Weights 3 and 1: Σw = 4, Σw² = 10, ESS = 1.6 — a spread, but not one degree of freedom.
    hist = Histogram.from_scores(7, [2]).scaled(3) + Histogram.from_scores(7, [6])
    stats = theme_stats(hist)
    assert stats.effective_n == pytest.approx(1.6)
    assert stats.sd is not None
    assert stats.ci_low is stats.ci_high is None


def test_histograms_add_and_scale():
    a = Histogram.from_mapping(7, {1: 2, 7: 1}, dont_know=1)
    b = Histogram.from_scores(7, [7, None, None])
    both = a + b
    assert both.counts == (2, 0, 0, 0, 0, 0, 2)
    assert both.dont_know == 3
    assert not both.weighted
    doubled = both.scaled(0.5)
    assert doubled.counts == (1, 0, 0, 0, 0, 0, 1)
    assert doubled.people == 4
    assert doubled.sum_sq_weights == 1  # four answers with weight 0.5: 4 · 0.25
    with pytest.raises(ValueError, match="cannot add"):
        a + Histogram.empty(3)
    with pytest.raises(ValueError, match="outside"):
        Histogram.from_mapping(3, {4: 1})
    with pytest.raises(ValueError, match="expected 7 counts"):
        Histogram(points=7, counts=(1, 2))
    with pytest.raises(ValueError, match="not negative"):
        Histogram(points=3, counts=(1, -1, 0))


PROBABILITIES = [1e-6, 0.025, 0.5000001, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-7]
DEGREES = [1, 1.3, 2, 2.5, 3, 4, 5, 9, 10, 29, 30.7, 100, 999, 1000, 1001, 5000, 1e5, 1e7, 0.5]


@pytest.mark.parametrize("df", DEGREES)
def test_t_quantile_matches_scipy(df):
    for p in PROBABILITIES:
        expected = scipy_stats.t.ppf(p, df)
        assert t_ppf(p, df) == pytest.approx(expected, rel=1e-9, abs=1e-9), (p, df)


@settings(max_examples=300, deadline=None)
@given(st.floats(0.001, 0.999), st.floats(1.0, 5000.0))
def test_t_quantile_matches_scipy_anywhere(p, df):
    assert t_ppf(p, df) == pytest.approx(scipy_stats.t.ppf(p, df), abs=1e-6)


def test_t_quantile_refuses_nonsense():
    assert t_ppf(0.5, 7) == 0
    for p, df in [(0, 3), (1, 3), (0.5, 0), (0.9, float("inf"))]:
        with pytest.raises(ValueError):
            t_ppf(p, df)


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.05, 500.0), st.floats(0.05, 500.0))
def test_regularized_beta_matches_scipy(x, a, b):
    assert regularized_beta(x, a, b) == pytest.approx(special.betainc(a, b, x), abs=1e-12)
