"""Rank tests on histograms, by hand and against scipy on the expanded answers."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import special
from scipy import stats as scipy_stats

from soslokal.results.compare import (
    compare_groups,
    describe_comparison,
    holm,
    holm_adjust,
    kruskal_wallis,
    magnitude_of_cliffs_delta,
    magnitude_of_epsilon_squared,
    mann_whitney,
    regularized_gamma_q,
)
from soslokal.results.stats import Histogram


def expand(hist):
    return np.repeat(np.arange(1, hist.points + 1), np.array(hist.counts, dtype=int))


def group(points=7):
    return st.lists(st.integers(0, 30), min_size=points, max_size=points).map(
        lambda counts: Histogram(points=points, counts=tuple(map(float, counts)))
    )


def not_all_tied(*hists):
    pooled = [sum(column) for column in zip(*(h.counts for h in hists), strict=True)]
    return sum(1 for count in pooled if count > 0) > 1


def test_mann_whitney_by_hand():
    # A = 1 2 3, B = 2 4. Pooled and sorted: 1a 2a 2b 3a 4b with ranks 1, 2.5, 2.5, 4, 5.
    a = Histogram.from_scores(7, [1, 2, 3])
    b = Histogram.from_scores(7, [2, 4])
    result = mann_whitney(a, b)
    # R_A = 1 + 2.5 + 4 = 7.5; U_A = 7.5 − 3·4/2 = 1.5 (pairs A > B: 3>2; ties: 2=2 → 1 + 0.5)
    assert result.statistic == 1.5
    # Cliff's delta: P(A > B) − P(A < B) = 1/6 − 4/6 = −0.5 (= 2·1.5/6 − 1)
    assert result.effect_size == -0.5
    assert result.magnitude == "large"
    # σ² = 3·2/12 · ((5 + 1) − (2³ − 2)/(5·4)) = 0.5 · (6 − 0.3) = 2.85; z = (|1.5 − 3| − 0.5)/√2.85
    z = (1.5 - 0.5) / np.sqrt(2.85)
    assert result.p_value == pytest.approx(2 * scipy_stats.norm.sf(z), rel=1e-12)
    assert result.means == (2, 3)
    assert result.mean_difference == -1
    assert not result.significant


@settings(max_examples=200, deadline=None)
@given(group(), group())
def test_mann_whitney_agrees_with_scipy(a, b):
    assume(a.n > 0 and b.n > 0 and not_all_tied(a, b))
    result = mann_whitney(a, b)
    expected = scipy_stats.mannwhitneyu(
        expand(a), expand(b), alternative="two-sided", method="asymptotic", use_continuity=True
    )
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-14)
    assert result.effect_size == pytest.approx(2 * expected.statistic / (a.n * b.n) - 1, abs=1e-12)
    assert result.mean_difference == pytest.approx(
        np.mean(expand(a)) - np.mean(expand(b)), abs=1e-12
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(group(), min_size=2, max_size=6))
def test_kruskal_wallis_agrees_with_scipy(groups):
    assume(all(g.n > 0 for g in groups) and not_all_tied(*groups))
    result = kruskal_wallis(groups)
    expected = scipy_stats.kruskal(*(expand(g) for g in groups))
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-9, abs=1e-12)
    # Identical groups can leave scipy with H a rounding error below 0 and p = nan; ours is 1.
    p = 1.0 if np.isnan(expected.pvalue) else expected.pvalue
    assert result.p_value == pytest.approx(p, rel=1e-9, abs=1e-14)
    assert result.df == len(groups) - 1
    total = sum(g.n for g in groups)
    assert result.effect_size == pytest.approx(expected.statistic / (total - 1), abs=1e-12)


def test_children_scale_kruskal_wallis_agrees_with_scipy():
    groups = [
        Histogram(points=3, counts=(10, 5, 2)),
        Histogram(points=3, counts=(3, 6, 9)),
        Histogram(points=3, counts=(4, 4, 4)),
    ]
    result = compare_groups(groups)
    expected = scipy_stats.kruskal(*(expand(g) for g in groups))
    assert result.test == "kruskal-wallis"
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)


def test_two_groups_get_mann_whitney_and_more_get_kruskal_wallis():
    a, b, c = (Histogram.from_scores(7, s) for s in ([1, 2, 3], [4, 5, 6], [2, 6]))
    assert compare_groups([a, b]).test == "mann-whitney"
    assert compare_groups([a, b, c]).test == "kruskal-wallis"
    assert compare_groups([a, b, c]).mean_difference is None


def test_identical_scores_everywhere_are_no_difference():
    same = Histogram.from_scores(7, [4, 4, 4])
    for result in (compare_groups([same, same]), compare_groups([same, same, same])):
        assert result.p_value == 1
        assert result.effect_size == 0
        assert result.magnitude == "negligible"
        assert not result.significant


def test_weighted_or_empty_groups_are_refused():
    a = Histogram.from_scores(7, [1, 2])
    with pytest.raises(ValueError, match="unweighted"):
        compare_groups([a, a.scaled(2)])
    with pytest.raises(ValueError, match="at least one answer"):
        compare_groups([a, Histogram.empty(7)])
    with pytest.raises(ValueError, match="one scale"):
        compare_groups([a, Histogram.from_scores(3, [1])])
    with pytest.raises(ValueError, match="two groups"):
        compare_groups([a])


def test_magnitude_words_follow_the_cited_thresholds():
    assert magnitude_of_cliffs_delta(0.146) == "negligible"
    assert magnitude_of_cliffs_delta(-0.147) == "small"
    assert magnitude_of_cliffs_delta(0.33) == "medium"
    assert magnitude_of_cliffs_delta(-0.474) == "large"
    assert magnitude_of_epsilon_squared(0.009) == "negligible"
    assert magnitude_of_epsilon_squared(0.01) == "small"
    assert magnitude_of_epsilon_squared(0.06) == "medium"
    assert magnitude_of_epsilon_squared(0.14) == "large"


def test_holm_by_hand():
    # Sorted: 0.005·4 = 0.02; 0.01·3 = 0.03; 0.03·2 = 0.06; 0.04·1 = 0.04 → kept at 0.06.
    assert holm_adjust([0.01, 0.04, 0.03, 0.005]) == pytest.approx((0.03, 0.06, 0.06, 0.02))
    # 0.5·2 = 1.0 first, so 0.9·1 is raised to it: adjusted values never fall with rank.
    assert holm_adjust([0.5, 0.9]) == (1.0, 1.0)
    assert holm_adjust([]) == ()


def test_holm_changes_what_counts_as_significant():
    low = Histogram(points=7, counts=(30, 20, 10, 5, 5, 5, 5))
    high = Histogram(points=7, counts=(5, 5, 5, 5, 10, 20, 30))
    near = Histogram(points=7, counts=(20, 20, 10, 5, 5, 10, 10))
    pairs = [mann_whitney(low, high), mann_whitney(low, near)]
    adjusted = holm(pairs)
    assert adjusted[0].significant
    assert adjusted[0].p_adjusted == pytest.approx(2 * pairs[0].p_value)
    assert all(a.p_adjusted >= p.p_value for a, p in zip(adjusted, pairs, strict=True))
    # Significant before, not after: a p between 0.025 and 0.05 doubled by Holm.
    fake = [replace(pairs[1], p_value=p, significant=True) for p in (0.03, 0.04)]
    assert all(f.p_value < 0.05 for f in fake)
    assert not any(f.significant for f in holm(fake))


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 200), st.floats(0, 400))
def test_regularized_gamma_matches_scipy(a, x):
    assert regularized_gamma_q(a, x) == pytest.approx(special.gammaincc(a, x), abs=1e-11)


def sample_pair():
    older = Histogram(points=7, counts=(30, 30, 25, 10, 5, 3, 2))
    younger = Histogram(points=7, counts=(2, 5, 10, 20, 30, 25, 15))
    return mann_whitney(older, younger)


def test_sentence_for_a_clear_difference_in_three_languages():
    result = sample_pair()
    assert result.significant
    assert result.magnitude == "large"
    mean_old, mean_young = (f"{m:.1f}" for m in result.means)
    en = describe_comparison(
        result,
        theme="Moving around",
        groups=["people aged 67–79", "people aged 20–44"],
        language="en",
    )
    assert en == (
        f"People aged 67–79 score Moving around much lower than people aged 20–44 "
        f"(average {mean_old} against {mean_young}); a difference this large is unlikely to be "
        "chance."
    )
    nb = describe_comparison(
        result,
        theme="Å bevege seg",
        groups=["personer 67–79 år", "personer 20–44 år"],
        language="nb",
    )
    assert nb.startswith("Personer 67–79 år gir «Å bevege seg» mye lavere skår enn")
    assert f"(gjennomsnitt {mean_old.replace('.', ',')} mot" in nb
    assert nb.endswith("en så stor forskjell er neppe tilfeldig.")
    nn = describe_comparison(
        result,
        theme="Å bevege seg",
        groups=["personar 67–79 år", "personar 20–44 år"],
        language="nn",
    )
    assert "mykje lågare skår" in nn
    assert nn.endswith("ein så stor skilnad er truleg ikkje tilfeldig.")


def test_sentence_says_may_be_chance_when_not_significant():
    a = Histogram.from_scores(7, [2, 3, 5])
    b = Histogram.from_scores(7, [4, 6, 7])
    result = mann_whitney(a, b)
    assert not result.significant
    assert result.magnitude != "negligible"
    en = describe_comparison(result, theme="Play", groups=["girls", "boys"], language="en")
    assert en.startswith("Girls score Play")
    assert "lower than boys" in en
    assert en.endswith("; the difference may be chance.")
    assert "tilfeldig" in describe_comparison(result, theme="Lek", groups=["a", "b"], language="nb")


def test_sentence_calls_a_negligible_difference_about_the_same():
    a = Histogram(points=7, counts=(100, 100, 100, 100, 100, 100, 100))
    b = Histogram(points=7, counts=(100, 100, 100, 100, 100, 100, 110))
    result = mann_whitney(a, b)
    assert result.magnitude == "negligible"
    en = describe_comparison(result, theme="Housing", groups=["owners", "renters"], language="en")
    assert en.startswith("Owners and renters score Housing about the same (average 4.0 against")
    assert en.endswith("any difference may be chance.")


def test_sentence_for_several_groups_names_the_lowest_and_highest():
    groups = [
        Histogram(points=7, counts=(5, 5, 10, 20, 30, 20, 10)),
        Histogram(points=7, counts=(30, 30, 20, 10, 5, 3, 2)),
        Histogram(points=7, counts=(10, 10, 20, 30, 20, 5, 5)),
    ]
    result = compare_groups(groups)
    assert result.significant
    en = describe_comparison(
        result, theme="Feeling safe", groups=["Gulset", "Myren", "Klyve"], language="en"
    )
    low, high = f"{result.means[1]:.1f}", f"{result.means[0]:.1f}"
    assert result.magnitude == "large"
    assert en.startswith("Feeling safe is scored very differently across the groups")
    assert f"from an average of {low} among Myren to {high} among Gulset" in en
    assert en.endswith("differences this large are unlikely to be chance.")
    nn = describe_comparison(result, theme="Tryggleik", groups=["G", "M", "K"], language="nn")
    assert nn.startswith("«Tryggleik» får") and "frå gjennomsnitt" in nn


def test_sentence_refuses_unknown_languages_and_wrong_group_counts():
    result = sample_pair()
    with pytest.raises(ValueError, match="no sentences"):
        describe_comparison(result, theme="x", groups=["a", "b"], language="se")
    with pytest.raises(ValueError, match="group names"):
        describe_comparison(result, theme="x", groups=["a"], language="en")
