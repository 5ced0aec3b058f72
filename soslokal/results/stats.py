"""Figures for one theme of a place survey, computed from a histogram (pure, no Django).

Results never arrive here as one row per response. The database counts answers per score value
(and per cell, such as area × age band × gender); Python adds those counts up, with or without
weights, into one :class:`Histogram` per theme and group, and :func:`theme_stats` turns it into
the figures a page shows. A histogram has at most seven bins, so a million responses cost the
same as ten.

Conventions (also in ``docs/results.md``):

* **Median**: the score where the cumulative share of answers first reaches one half. When it
  reaches exactly one half at score *k* (possible only with an even number of answers), the
  median is the midpoint of *k* and the next score anyone gave, exactly as ``numpy.median`` on
  the expanded answers. The same rule is applied to weighted counts.
* **Standard deviation** is the sample one (divisor *n* − 1). With weights it is the square
  root of Σw(x − m)² / (Σw − Σw²/Σw), which is the same thing with all weights 1.
* **Confidence interval** (95 %) for the mean: mean ± t × SD / √n with the t distribution on
  n − 1 degrees of freedom. With weights, *n* in both places is Kish's effective sample size
  (Σw)²/Σw² of the answers with a score (or the caller's ``effective_n``). This treats the
  weighted sample as a simple random sample of that size; it ignores that raking to population
  margins often *lowers* the variance a little, so the interval errs on the wide side. There is
  an interval only with an effective size of at least 2 (one degree of freedom).
* **Poor and good**: on the 7-point scale the shares scoring 1–3 and 5–7 (4 is the middle); on
  the children's 3-point scale the shares scoring 1 and 3. In general the scores below and above
  the middle of the scale (for an even number of points, the lower and upper half).
* The t quantile is computed here, without scipy: by inverting the regularized incomplete beta
  function (a continued fraction, Numerical Recipes §6.4) with safeguarded Halley steps, and for
  more than 1000 degrees of freedom by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5).
  Both agree with ``scipy.stats.t.ppf`` to better than 1e-9.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from statistics import NormalDist

__all__ = [
    "Histogram",
    "ThemeStats",
    "good_scores",
    "normal_sf",
    "poor_scores",
    "regularized_beta",
    "sum_histograms",
    "t_ppf",
    "theme_stats",
]


@dataclass(frozen=True)
class Histogram:
    """Answers to one theme: ``counts[i]`` gave score ``i + 1``; ``dont_know`` said "don't know".

    Counts are floats so that weighted sums fit too. A weighted histogram (made by
    :meth:`scaled`, by adding a weighted one, or by ``raking.weighted_histogram``) also carries
    ``unweighted_n``, the number of people behind the scored answers, and ``sum_sq_weights``,
    Σw² over them, from which Kish's effective sample size follows. Both are ``None`` for an
    unweighted histogram, where they equal ``n``."""

    points: int
    counts: tuple[float, ...]
    dont_know: float = 0.0
    unweighted_n: float | None = None
    sum_sq_weights: float | None = None

    def __post_init__(self) -> None:
        if self.points < 2:
            raise ValueError(f"a scale needs at least two points, got {self.points}")
        if len(self.counts) != self.points:
            raise ValueError(f"expected {self.points} counts, got {len(self.counts)}")
        values = (*self.counts, self.dont_know)
        if any(not math.isfinite(value) or value < 0 for value in values):
            raise ValueError(f"counts must be finite and not negative: {values}")
        if (self.unweighted_n is None) != (self.sum_sq_weights is None):
            raise ValueError("unweighted_n and sum_sq_weights come together or not at all")

    @classmethod
    def empty(cls, points: int) -> "Histogram":
        """No answers on a ``points``-point scale."""
        return cls(points=points, counts=(0.0,) * points)

    @classmethod
    def from_mapping(
        cls, points: int, counts: Mapping[int, float], *, dont_know: float = 0.0
    ) -> "Histogram":
        """From ``{score: count}``, as a ``GROUP BY score`` gives it; absent scores count 0."""
        wrong = [score for score in counts if not 1 <= score <= points]
        if wrong:
            raise ValueError(f"scores outside 1–{points}: {sorted(wrong)}")
        return cls(
            points=points,
            counts=tuple(float(counts.get(score, 0)) for score in range(1, points + 1)),
            dont_know=float(dont_know),
        )

    @classmethod
    def from_scores(cls, points: int, scores: Iterable[int | None]) -> "Histogram":
        """From single answers, ``None`` meaning "don't know" (handy in tests and small sets)."""
        counts = [0.0] * points
        dont_know = 0.0
        for score in scores:
            if score is None:
                dont_know += 1
            elif 1 <= score <= points:
                counts[score - 1] += 1
            else:
                raise ValueError(f"score outside 1–{points}: {score}")
        return cls(points=points, counts=tuple(counts), dont_know=dont_know)

    @property
    def n(self) -> float:
        """Answers with a score (weighted if the histogram is)."""
        return math.fsum(self.counts)

    @property
    def weighted(self) -> bool:
        return self.sum_sq_weights is not None

    @property
    def people(self) -> float:
        """The number of people behind the scored answers (``n`` when unweighted)."""
        return self.n if self.unweighted_n is None else self.unweighted_n

    @property
    def effective_n(self) -> float:
        """Kish's effective sample size (Σw)²/Σw² of the scored answers (``n`` when unweighted)."""
        if self.sum_sq_weights is None:
            return self.n
        if self.sum_sq_weights == 0:
            return 0.0
        return self.n**2 / self.sum_sq_weights

    def _squares(self) -> float:
        return self.n if self.sum_sq_weights is None else self.sum_sq_weights

    def __add__(self, other: "Histogram") -> "Histogram":
        if not isinstance(other, Histogram):
            return NotImplemented
        if other.points != self.points:
            raise ValueError(f"cannot add a {self.points}-point and a {other.points}-point scale")
        weighted = self.weighted or other.weighted
        return Histogram(
            points=self.points,
            counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            dont_know=self.dont_know + other.dont_know,
            unweighted_n=self.people + other.people if weighted else None,
            sum_sq_weights=self._squares() + other._squares() if weighted else None,
        )

    def scaled(self, weight: float) -> "Histogram":
        """Every answer counted ``weight`` times: a weighted histogram (even for weight 1)."""
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"a weight must be finite and not negative, got {weight}")
        return Histogram(
            points=self.points,
            counts=tuple(count * weight for count in self.counts),
            dont_know=self.dont_know * weight,
            unweighted_n=self.people,
            sum_sq_weights=self._squares() * weight * weight,
        )


def sum_histograms(histograms: Iterable[Histogram], *, points: int) -> Histogram:
    """The sum of ``histograms`` (an empty ``points``-point histogram when there are none)."""
    total = Histogram.empty(points)
    for histogram in histograms:
        total = total + histogram
    return total


def poor_scores(points: int) -> range:
    """Scores below the middle: 1–3 on the 7-point scale, 1 on the 3-point scale."""
    return range(1, points // 2 + 1)


def good_scores(points: int) -> range:
    """Scores above the middle: 5–7 on the 7-point scale, 3 on the 3-point scale."""
    return range(points - points // 2 + 1, points + 1)


@dataclass(frozen=True)
class ThemeStats:
    """The figures for one theme and group. Anything that needs answers is ``None`` without.

    ``n`` is the (weighted) number of answers with a score; ``people`` the number of people
    behind them; ``effective_n`` Kish's effective sample size (``n`` when unweighted). ``sd``
    needs an effective size above 1, ``ci_low`` and ``ci_high`` one of at least 2. ``shares``
    are of the answers with a score; ``dont_know_share`` is of all answers including "don't
    know"."""

    points: int
    n: float
    people: float
    effective_n: float
    weighted: bool
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    median: float | None
    counts: tuple[float, ...]
    shares: tuple[float, ...] | None
    share_poor: float | None
    share_good: float | None
    dont_know: float
    dont_know_share: float | None


def theme_stats(
    hist: Histogram, *, effective_n: float | None = None, confidence: float = 0.95
) -> ThemeStats:
    """Mean, SD, confidence interval, median, distribution and shares for one histogram.

    ``effective_n`` overrides the effective sample size (by default Kish's, from the
    histogram's weights; ``n`` when unweighted) wherever it is used: the standard error, the
    degrees of freedom, and the SD's small-sample factor ESS / (ESS − 1)."""
    if effective_n is not None and not (math.isfinite(effective_n) and effective_n >= 0):
        raise ValueError(f"effective_n must be finite and not negative, got {effective_n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie between 0 and 1, got {confidence}")
    n = hist.n
    ess = hist.effective_n if effective_n is None else effective_n
    answered = n + hist.dont_know
    stats = ThemeStats(
        points=hist.points,
        n=n,
        people=hist.people,
        effective_n=ess,
        weighted=hist.weighted or effective_n is not None,
        mean=None,
        sd=None,
        ci_low=None,
        ci_high=None,
        median=None,
        counts=hist.counts,
        shares=None,
        share_poor=None,
        share_good=None,
        dont_know=hist.dont_know,
        dont_know_share=hist.dont_know / answered if answered > 0 else None,
    )
    if n <= 0:
        return stats
    scores = range(1, hist.points + 1)
    mean = math.fsum(score * count for score, count in zip(scores, hist.counts, strict=True)) / n
    shares = tuple(count / n for count in hist.counts)
    sd = ci_low = ci_high = None
    if ess > 1:
        squares = math.fsum(
            count * (score - mean) ** 2 for score, count in zip(scores, hist.counts, strict=True)
        )
        sd = math.sqrt(squares / n * ess / (ess - 1))
    if sd is not None and ess >= 2 - 1e-9:  # at least one degree of freedom, up to rounding
        half_width = t_ppf(0.5 + confidence / 2, max(ess - 1, 1.0)) * sd / math.sqrt(ess)
        ci_low, ci_high = mean - half_width, mean + half_width
    return replace(
        stats,
        mean=mean,
        sd=sd,
        ci_low=ci_low,
        ci_high=ci_high,
        median=_median(hist.counts, n),
        shares=shares,
        share_poor=math.fsum(shares[score - 1] for score in poor_scores(hist.points)),
        share_good=math.fsum(shares[score - 1] for score in good_scores(hist.points)),
    )


def _median(counts: tuple[float, ...], n: float) -> float:
    """See the module docstring: numpy's median on the expanded answers, for weights too."""
    half = n / 2
    cumulative = 0.0
    for index, count in enumerate(counts):
        if count <= 0:
            continue
        cumulative += count
        exactly_half = math.isclose(cumulative, half, rel_tol=1e-12)
        if cumulative < half and not exactly_half:
            continue
        following = next((i for i in range(index + 1, len(counts)) if counts[i] > 0), None)
        if exactly_half and following is not None:
            return (index + 1 + following + 1) / 2
        return float(index + 1)
    raise AssertionError("unreachable: the counts add up to n")  # pragma: no cover


# --- Distributions -----------------------------------------------------------------------------

_TINY = 1e-300
_EPSILON = 1e-15


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z, accurate in the far tail too."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            delta = d * c
            h *= delta
        if abs(delta - 1) < _EPSILON:
            return h
    raise ArithmeticError(f"incomplete beta did not converge for a={a}, b={b}, x={x}")


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def regularized_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1 - front * _beta_continued_fraction(b, a, 1 - x) / b


def _inverse_regularized_beta(target: float, a: float, b: float) -> float:
    """The x in (0, 1) with I_x(a, b) = target: Halley steps kept inside a shrinking bracket."""
    # A first guess as in Numerical Recipes' invbetai: the two power-law ends of I_x.
    log_ab = math.log(a + b)
    t = math.exp(a * (math.log(a) - log_ab)) / a
    u = math.exp(b * (math.log(b) - log_ab)) / b
    w = t + u
    lower_end = target < t / w
    x = math.pow(a * w * target, 1 / a) if lower_end else 1 - math.pow(b * w * (1 - target), 1 / b)
    low, high = 0.0, 1.0
    log_norm = _log_beta(a, b)
    for _ in range(200):
        if not low < x < high:
            x = (low + high) / 2
        error = regularized_beta(x, a, b) - target
        if error == 0:
            return x
        if error > 0:
            high = x
        else:
            low = x
        density = math.exp((a - 1) * math.log(x) + (b - 1) * math.log1p(-x) - log_norm)
        newton = error / density
        curvature = (a - 1) / x - (b - 1) / (1 - x)
        step = newton / (1 - 0.5 * min(1.0, newton * curvature))
        new_x = x - step
        if not low < new_x < high:
            new_x = (low + high) / 2
        if abs(new_x - x) <= 4 * _EPSILON * x or high - low <= 4 * _EPSILON * x:
            return new_x
        x = new_x
    return x  # pragma: no cover - Halley steps settle within a handful of iterations


def _t_ppf_cornish_fisher(p: float, df: float) -> float:
    """Abramowitz & Stegun 26.7.5: the t quantile from the normal one, error O(df⁻⁵)."""
    z = NormalDist().inv_cdf(p)
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


def t_ppf(p: float, df: float) -> float:
    """The p-quantile of Student's t distribution with ``df`` > 0 degrees of freedom.

    ``t_ppf(0.975, n - 1)`` is the multiplier of a two-sided 95 % interval. Non-integer
    ``df`` are allowed (they arise from Kish's effective sample size)."""
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p}")
    if not (df > 0 and math.isfinite(df)):
        raise ValueError(f"degrees of freedom must be positive and finite, got {df}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_ppf(1 - p, df)
    if df == 1:
        return 1 / math.tan(math.pi * (1 - p))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    if df > 1000:
        return _t_ppf_cornish_fisher(p, df)
    # P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t²). Solve whichever of x and 1 − x
    # is small, so that t is not computed from a difference of two numbers close to 1.
    tail = 2 * (1 - p)
    if tail < 0.5:
        x = _inverse_regularized_beta(tail, df / 2, 0.5)
        return math.sqrt(df * (1 - x) / x) if x > 0 else math.inf  # inf: only for df ≪ 1
    y = _inverse_regularized_beta(1 - tail, 0.5, df / 2)
    return math.sqrt(df * y / (1 - y))
