"""Do groups score a theme differently? Rank tests on histograms (pure, no Django).

Scores are ordinal (a 6 is better than a 3, but not "twice as good"), so groups are compared by
rank tests, which only use the order of the scores:

* two groups: the **Mann–Whitney U test** with the normal approximation, the tie correction of
  its variance and a continuity correction of 0.5 (as R's ``wilcox.test(correct=TRUE)`` and
  ``scipy.stats.mannwhitneyu(method="asymptotic")``); the effect size is **Cliff's delta**
  δ = P(A > B) − P(A < B), which equals the rank-biserial correlation. Magnitude words for |δ|
  after Romano et al. (2006): below 0.147 negligible, below 0.33 small, below 0.474 medium,
  otherwise large.
* more groups: the **Kruskal–Wallis H test** with tie correction and the chi-square
  approximation (k − 1 degrees of freedom); the effect size is **epsilon squared**
  ε² = H / (N − 1) (Tomczak & Tomczak 2014). Magnitude words after Field (2013), the default of
  R's ``effectsize::interpret_epsilon_squared``: below 0.01 negligible, below 0.06 small,
  below 0.14 medium, otherwise large.

With so many answers per score, ties are the rule: every answer with the same score shares one
mid-rank, so the whole computation runs over the bins of the histograms.

The tests count people, so they take **unweighted** histograms; a weighted one is refused
(a rank test under survey weights needs a design-based method, which this module does not do).
When several pairs are compared on one page, :func:`holm` corrects the p-values (Holm 1979).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from soslokal.results.stats import Histogram, normal_sf

__all__ = [
    "Comparison",
    "Magnitude",
    "compare_groups",
    "describe_comparison",
    "holm",
    "holm_adjust",
    "kruskal_wallis",
    "magnitude_of_cliffs_delta",
    "magnitude_of_epsilon_squared",
    "mann_whitney",
    "regularized_gamma_q",
]

Magnitude = Literal["negligible", "small", "medium", "large"]

CLIFFS_DELTA_THRESHOLDS = (0.147, 0.33, 0.474)  # Romano et al. 2006
EPSILON_SQUARED_THRESHOLDS = (0.01, 0.06, 0.14)  # Field 2013
ALPHA = 0.05


@dataclass(frozen=True)
class Comparison:
    """The result of comparing groups on one theme.

    ``statistic`` is U of the first group (Mann–Whitney) or H (Kruskal–Wallis). ``effect_size``
    is Cliff's delta, positive when the first group scores higher, or epsilon squared (0 to 1).
    ``p_value`` is the test's own; ``p_adjusted`` is set by :func:`holm`, and ``significant``
    (p < ``alpha``) then follows the adjusted value. ``means`` and ``n`` are per group, in
    the order given; ``mean_difference`` is first minus second, for two groups only."""

    test: Literal["mann-whitney", "kruskal-wallis"]
    statistic: float
    p_value: float
    effect_measure: Literal["cliffs_delta", "epsilon_squared"]
    effect_size: float
    magnitude: Magnitude
    significant: bool
    n: tuple[float, ...]
    means: tuple[float, ...]
    mean_difference: float | None
    df: int | None = None
    z: float | None = None
    alpha: float = ALPHA
    p_adjusted: float | None = None


def _magnitude(value: float, thresholds: tuple[float, float, float]) -> Magnitude:
    small, medium, large = thresholds
    if value < small:
        return "negligible"
    if value < medium:
        return "small"
    if value < large:
        return "medium"
    return "large"


def magnitude_of_cliffs_delta(delta: float) -> Magnitude:
    """|δ| < 0.147 negligible, < 0.33 small, < 0.474 medium, else large (Romano et al. 2006)."""
    return _magnitude(abs(delta), CLIFFS_DELTA_THRESHOLDS)


def magnitude_of_epsilon_squared(epsilon_squared: float) -> Magnitude:
    """ε² < 0.01 negligible, < 0.06 small, < 0.14 medium, else large (Field 2013)."""
    return _magnitude(epsilon_squared, EPSILON_SQUARED_THRESHOLDS)


def _check(histograms: Sequence[Histogram]) -> None:
    points = {hist.points for hist in histograms}
    if len(points) != 1:
        raise ValueError(f"groups must be on one scale, got {sorted(points)} points")
    if any(hist.weighted for hist in histograms):
        raise ValueError("rank tests count people: pass unweighted histograms")
    if any(hist.n <= 0 for hist in histograms):
        raise ValueError("every group needs at least one answer with a score")


def _mean(hist: Histogram) -> float:
    return math.fsum((i + 1) * count for i, count in enumerate(hist.counts)) / hist.n


def _midranks(histograms: Sequence[Histogram]) -> tuple[list[float], list[float], float]:
    """Per score: the pooled count and the mid-rank shared by its answers; and Σ(t³ − t)."""
    pooled = [math.fsum(column) for column in zip(*(h.counts for h in histograms), strict=True)]
    ranks = []
    below = 0.0
    for count in pooled:
        ranks.append(below + (count + 1) / 2)
        below += count
    ties = math.fsum(t**3 - t for t in pooled)
    return pooled, ranks, ties


def mann_whitney(first: Histogram, second: Histogram, *, alpha: float = ALPHA) -> Comparison:
    """Mann–Whitney U (normal approximation, tie and continuity corrections), two-sided."""
    _check((first, second))
    n1, n2 = first.n, second.n
    total = n1 + n2
    _, ranks, ties = _midranks((first, second))
    rank_sum = math.fsum(count * rank for count, rank in zip(first.counts, ranks, strict=True))
    u1 = rank_sum - n1 * (n1 + 1) / 2
    expected = n1 * n2 / 2
    variance = n1 * n2 / 12 * ((total + 1) - ties / (total * (total - 1))) if total > 1 else 0.0
    if variance > 0:
        z = (abs(u1 - expected) - 0.5) / math.sqrt(variance)
        z = max(z, 0.0)
        p = min(1.0, 2 * normal_sf(z))
        z = math.copysign(z, u1 - expected)
    else:  # every answer has the same score: nothing to tell apart
        z, p = 0.0, 1.0
    delta = (2 * u1 - n1 * n2) / (n1 * n2)
    mean1, mean2 = _mean(first), _mean(second)
    return Comparison(
        test="mann-whitney",
        statistic=u1,
        p_value=p,
        effect_measure="cliffs_delta",
        effect_size=delta,
        magnitude=magnitude_of_cliffs_delta(delta),
        significant=p < alpha,
        n=(n1, n2),
        means=(mean1, mean2),
        mean_difference=mean1 - mean2,
        z=z,
        alpha=alpha,
    )


def kruskal_wallis(histograms: Sequence[Histogram], *, alpha: float = ALPHA) -> Comparison:
    """Kruskal–Wallis H (tie-corrected, chi-square approximation) for two or more groups."""
    if len(histograms) < 2:
        raise ValueError("a comparison needs at least two groups")
    _check(histograms)
    sizes = tuple(hist.n for hist in histograms)
    total = math.fsum(sizes)
    _, ranks, ties = _midranks(histograms)
    between = math.fsum(
        math.fsum(count * rank for count, rank in zip(hist.counts, ranks, strict=True)) ** 2 / size
        for hist, size in zip(histograms, sizes, strict=True)
    )
    h = 12 / (total * (total + 1)) * between - 3 * (total + 1)
    correction = 1 - ties / (total**3 - total) if total > 1 else 0.0
    df = len(histograms) - 1
    if correction > 0:
        h = max(h / correction, 0.0)
        p = regularized_gamma_q(df / 2, h / 2)
    else:  # every answer has the same score
        h, p = 0.0, 1.0
    epsilon_squared = min(h / (total - 1), 1.0) if total > 1 else 0.0
    means = tuple(_mean(hist) for hist in histograms)
    return Comparison(
        test="kruskal-wallis",
        statistic=h,
        p_value=p,
        effect_measure="epsilon_squared",
        effect_size=epsilon_squared,
        magnitude=magnitude_of_epsilon_squared(epsilon_squared),
        significant=p < alpha,
        n=sizes,
        means=means,
        mean_difference=means[0] - means[1] if len(means) == 2 else None,
        df=df,
        alpha=alpha,
    )


def compare_groups(histograms: Sequence[Histogram], *, alpha: float = ALPHA) -> Comparison:
    """Mann–Whitney for two groups, Kruskal–Wallis for more; unweighted histograms only.

    Raises ``ValueError`` for fewer than two groups, a group without scored answers, mixed
    scales or weighted histograms. Suppressing small groups is the caller's job."""
    if len(histograms) == 2:
        return mann_whitney(histograms[0], histograms[1], alpha=alpha)
    return kruskal_wallis(histograms, alpha=alpha)


def holm_adjust(p_values: Sequence[float]) -> tuple[float, ...]:
    """Holm's step-down adjusted p-values, in the order given (each at most 1).

    Sorted ascending, the i-th smallest (from 0) becomes max over j ≤ i of (m − j)·p₍ⱼ₎.
    Rejecting where the adjusted value is below α keeps the family-wise error at α."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return tuple(adjusted)


def holm(comparisons: Sequence[Comparison]) -> tuple[Comparison, ...]:
    """The comparisons with Holm-adjusted p-values set and ``significant`` following them."""
    adjusted = holm_adjust([comparison.p_value for comparison in comparisons])
    return tuple(
        replace(comparison, p_adjusted=p, significant=p < comparison.alpha)
        for comparison, p in zip(comparisons, adjusted, strict=True)
    )


# --- Regularized gamma (chi-square tail) --------------------------------------------------------


def regularized_gamma_q(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a), the upper tail; the chi-square survival at 2x with 2a df."""
    if a <= 0:
        raise ValueError(f"a must be positive, got {a}")
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:  # the series for P converges fast here
        term = total = 1 / a
        ap = a
        for _ in range(10_000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                return max(0.0, 1 - total * math.exp(log_front))
        raise ArithmeticError(f"gamma series did not converge for a={a}, x={x}")
    tiny = 1e-300  # the continued fraction for Q (modified Lentz's method)
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1 / (d if abs(d) > tiny else tiny)
        c = b + an / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            return math.exp(log_front) * h
    raise ArithmeticError(f"gamma fraction did not converge for a={a}, x={x}")


# --- One sentence for a municipal reader ---------------------------------------------------------

_TWO_GROUPS = {
    "en": {
        "differ": "{a} score {theme} {degree} {direction} than {b} (average {ma} against {mb})",
        "same": "{a} and {b} score {theme} about the same (average {ma} against {mb})",
        "higher": "higher",
        "lower": "lower",
        "small": "a little",
        "medium": "clearly",
        "large": "much",
    },
    "nb": {
        "differ": "{a} gir «{theme}» {degree} {direction} skår enn {b} "
        "(gjennomsnitt {ma} mot {mb})",
        "same": "{a} og {b} gir «{theme}» omtrent lik skår (gjennomsnitt {ma} mot {mb})",
        "higher": "høyere",
        "lower": "lavere",
        "small": "litt",
        "medium": "klart",
        "large": "mye",
    },
    "nn": {
        "differ": "{a} gir «{theme}» {degree} {direction} skår enn {b} "
        "(gjennomsnitt {ma} mot {mb})",
        "same": "{a} og {b} gir «{theme}» om lag same skår (gjennomsnitt {ma} mot {mb})",
        "higher": "høgare",
        "lower": "lågare",
        "small": "litt",
        "medium": "klart",
        "large": "mykje",
    },
}

_MANY_GROUPS = {
    "en": {
        "differ": "{theme} is scored {degree} differently across the groups, from an average of "
        "{lo_mean} among {lo} to {hi_mean} among {hi}",
        "same": "{theme} is scored about the same across the groups, from an average of "
        "{lo_mean} among {lo} to {hi_mean} among {hi}",
        "small": "a little",
        "medium": "clearly",
        "large": "very",
    },
    "nb": {
        "differ": "«{theme}» får {degree} ulik skår i gruppene, fra gjennomsnitt {lo_mean} blant "
        "{lo} til {hi_mean} blant {hi}",
        "same": "«{theme}» får omtrent lik skår i gruppene, fra gjennomsnitt {lo_mean} blant "
        "{lo} til {hi_mean} blant {hi}",
        "small": "litt",
        "medium": "klart",
        "large": "svært",
    },
    "nn": {
        "differ": "«{theme}» får {degree} ulik skår i gruppene, frå gjennomsnitt {lo_mean} blant "
        "{lo} til {hi_mean} blant {hi}",
        "same": "«{theme}» får om lag same skår i gruppene, frå gjennomsnitt {lo_mean} blant "
        "{lo} til {hi_mean} blant {hi}",
        "small": "litt",
        "medium": "klart",
        "large": "svært",
    },
}

# Keyed by (several groups?, significant?, negligible?).
_TAILS = {
    "en": {
        (False, True, False): "a difference this large is unlikely to be chance.",
        (False, False, False): "the difference may be chance.",
        (False, True, True): "the difference is unlikely to be chance but too small to matter.",
        (False, False, True): "any difference may be chance.",
        (True, True, False): "differences this large are unlikely to be chance.",
        (True, False, False): "the differences may be chance.",
        (True, True, True): "the differences are unlikely to be chance but too small to matter.",
        (True, False, True): "any differences may be chance.",
    },
    "nb": {
        (False, True, False): "en så stor forskjell er neppe tilfeldig.",
        (False, False, False): "forskjellen kan være tilfeldig.",
        (False, True, True): "forskjellen er neppe tilfeldig, men for liten til å bety noe.",
        (False, False, True): "en eventuell forskjell kan være tilfeldig.",
        (True, True, False): "så store forskjeller er neppe tilfeldige.",
        (True, False, False): "forskjellene kan være tilfeldige.",
        (True, True, True): "forskjellene er neppe tilfeldige, men for små til å bety noe.",
        (True, False, True): "eventuelle forskjeller kan være tilfeldige.",
    },
    "nn": {
        (False, True, False): "ein så stor skilnad er truleg ikkje tilfeldig.",
        (False, False, False): "skilnaden kan vere tilfeldig.",
        (False, True, True): "skilnaden er truleg ikkje tilfeldig, men for liten til å bety noko.",
        (False, False, True): "ein eventuell skilnad kan vere tilfeldig.",
        (True, True, False): "så store skilnader er truleg ikkje tilfeldige.",
        (True, False, False): "skilnadene kan vere tilfeldige.",
        (True, True, True): "skilnadene er truleg ikkje tilfeldige, men for små til å bety noko.",
        (True, False, True): "eventuelle skilnader kan vere tilfeldige.",
    },
}

LANGUAGES = tuple(_TWO_GROUPS)


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text if language == "en" else text.replace(".", ",")


def _capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def describe_comparison(
    comparison: Comparison, *, theme: str, groups: Sequence[str], language: str
) -> str:
    """One plain sentence about the comparison, in ``language`` ("nb", "nn" or "en").

    ``theme`` and ``groups`` come translated, groups as they read inside a sentence ("people
    aged 67–79", "personer 67–79 år"), in the order of the comparison. Whether the difference
    is called unlikely to be chance follows ``comparison.significant`` (Holm-adjusted when
    :func:`holm` was applied); a negligible effect is called "about the same" however small p.
    Two groups give e.g. "People aged 67–79 score Moving around clearly lower than people aged
    20–44 (average 3.1 against 4.6); a difference this large is unlikely to be chance." """
    if language not in LANGUAGES:
        raise ValueError(f"no sentences in {language!r}; choose one of {', '.join(LANGUAGES)}")
    if len(groups) != len(comparison.means):
        raise ValueError(f"expected {len(comparison.means)} group names, got {len(groups)}")
    negligible = comparison.magnitude == "negligible"
    several = len(groups) > 2
    tail = _TAILS[language][(several, comparison.significant, negligible)]
    if several:
        words = _MANY_GROUPS[language]
        low = min(range(len(groups)), key=lambda i: comparison.means[i])
        high = max(range(len(groups)), key=lambda i: comparison.means[i])
        body = words["same" if negligible else "differ"].format(
            theme=theme,
            degree=words.get(comparison.magnitude, ""),
            lo=groups[low],
            hi=groups[high],
            lo_mean=_number(comparison.means[low], language),
            hi_mean=_number(comparison.means[high], language),
        )
    else:
        words = _TWO_GROUPS[language]
        # The direction follows the rank test (Cliff's delta for two groups), not the means.
        first_higher = (
            comparison.effect_size > 0
            if comparison.effect_measure == "cliffs_delta"
            else comparison.means[0] > comparison.means[1]
        )
        body = words["same" if negligible else "differ"].format(
            a=groups[0],
            b=groups[1],
            theme=theme,
            degree=words.get(comparison.magnitude, ""),
            direction=words["higher" if first_higher else "lower"],
            ma=_number(comparison.means[0], language),
            mb=_number(comparison.means[1], language),
        )
    return f"{_capitalise(body)}; {tail}"
