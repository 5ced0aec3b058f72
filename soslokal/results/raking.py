"""Weights that make a survey sample look like its population: raking (pure, no Django).

The sample arrives as **cells**: one per combination of the background answers
(``{"age_band": "20-44", "gender": "woman", "area": "Gulset"}``) with its number of respondents.
Everyone in a cell gets the same weight. The population is known only by its **margins**, one
table per variable (``{"gender": {"woman": 9000, "man": 8800}}``), as totals or shares.

**Raking** (iterative proportional fitting; Deming & Stephan 1940) adjusts the weights to one
variable's margin at a time (every respondent in a category is multiplied by the same factor, so
that the category's weighted share equals its population share) and cycles through the variables
until every margin holds to ``tolerance`` (largest difference between a weighted share and its
target share). Weights are scaled so that their mean is 1: they sum to the number of respondents.

**Trimming.** Extreme weights make estimates unstable, so weights are kept within ``bounds``
times the mean weight (default 0.2 to 5). Battaglia, Hoaglin & Frankel (2009, "Practical
considerations in raking survey data", *Survey Practice* 2(5)) describe trimming as alternating
with raking: cap the weights, rake again, and repeat until the weights stay within the caps and
the margins hold. Here that alternation is carried out inside every adjustment step: a category's
factor is found such that, *after* capping, the category still reaches its target exactly (the
weight the capped respondents cannot carry goes to the others in the category). So the caps hold
at every step, and cycling continues until the margins are stable. When the caps make the margins
impossible to meet, the result says ``converged=False`` with the remaining error.

**Thin groups.** Weighting by a category with hardly anyone in it lets a few people speak for many.
If a margin category with a positive population target has fewer than ``min_group`` respondents
(zero included), no weights are computed: the result has ``weights=None`` and names each such
variable and category in ``problems``, so a page can say why instead of showing a number.

**Missing values.** A respondent with no answer on a variable (the key is absent or ``None``)
takes no part in that variable's adjustment and keeps the weight the other variables give; the
margin is then met among those who answered it. Someone who answered none of the variables keeps
weight 1. Counts per variable are in ``missing``.

**Categories the population lacks.** A sample category with no positive population target (gender
"other" when Statistics Norway counts only women and men, an area outside the margin table) is
treated the same way: its respondents take no part in that variable's adjustment. They are listed
in ``unmatched`` so the caller can say so.

**Diagnostics.** Kish's effective sample size (Σw)²/Σw² is the number of unweighted respondents
that would give the same precision; the design effect n / ESS says how much the weighting costs.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from soslokal.results.stats import Histogram

_STALL_CYCLES = 10

__all__ = [
    "RakingResult",
    "SampleCell",
    "ThinGroup",
    "UnmatchedCategory",
    "kish_effective_sample_size",
    "rake",
    "weighted_histogram",
]


@dataclass(frozen=True)
class SampleCell:
    """Respondents sharing one combination of categories (``None`` or absent: no answer)."""

    categories: Mapping[str, str | None]
    count: float


@dataclass(frozen=True)
class ThinGroup:
    """A margin category with too few respondents to weight by."""

    variable: str
    category: str
    respondents: float


@dataclass(frozen=True)
class UnmatchedCategory:
    """A sample category without a population target, left out of that variable's raking."""

    variable: str
    category: str
    respondents: float


@dataclass(frozen=True)
class RakingResult:
    """Weights per cell (input order; the same for every respondent in the cell), or the reason
    why not: ``weights`` is ``None`` exactly when ``problems`` is not empty.

    ``max_margin_error`` is the largest difference between a weighted share and its target
    share; ``converged`` says it fell below the tolerance. ``effective_sample_size``,
    ``design_effect`` and the smallest and largest weight (over cells with respondents) are
    ``None`` without weights."""

    weights: tuple[float, ...] | None
    iterations: int
    converged: bool
    max_margin_error: float | None
    sample_size: float
    effective_sample_size: float | None
    design_effect: float | None
    min_weight: float | None
    max_weight: float | None
    problems: tuple[ThinGroup, ...]
    unmatched: tuple[UnmatchedCategory, ...]
    missing: Mapping[str, float]

    @property
    def ok(self) -> bool:
        return self.weights is not None


def kish_effective_sample_size(counts: Sequence[float], weights: Sequence[float]) -> float:
    """(Σ nᵢwᵢ)² / Σ nᵢwᵢ² over cells of ``counts[i]`` respondents with weight ``weights[i]``."""
    total = math.fsum(n * w for n, w in zip(counts, weights, strict=True))
    squares = math.fsum(n * w * w for n, w in zip(counts, weights, strict=True))
    return total * total / squares if squares > 0 else 0.0


def weighted_histogram(cells_hist: Sequence[Histogram], weights: Sequence[float]) -> Histogram:
    """The sum of each cell's histogram times the cell's weight, as one weighted histogram.

    The result knows the number of people and Σw² of its scored answers, so ``theme_stats``
    gives the confidence interval on the effective sample size of exactly those answers."""
    if len(cells_hist) != len(weights):
        raise ValueError(f"{len(cells_hist)} histograms but {len(weights)} weights")
    if not cells_hist:
        raise ValueError("no cells to combine")
    points = cells_hist[0].points
    counts = [0.0] * points
    dont_know = people = squares = 0.0
    for hist, weight in zip(cells_hist, weights, strict=True):
        if hist.points != points:
            raise ValueError(f"cannot combine a {points}-point and a {hist.points}-point scale")
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"a weight must be finite and not negative, got {weight}")
        for index, count in enumerate(hist.counts):
            counts[index] += count * weight
        dont_know += hist.dont_know * weight
        people += hist.people
        squares += (hist.n if hist.sum_sq_weights is None else hist.sum_sq_weights) * weight**2
    return Histogram(
        points=points,
        counts=tuple(counts),
        dont_know=dont_know,
        unweighted_n=people,
        sum_sq_weights=squares,
    )


def _target_shares(margins: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    if not margins:
        raise ValueError("no margins to rake to")
    shares = {}
    for variable, targets in margins.items():
        if any(not math.isfinite(value) or value < 0 for value in targets.values()):
            raise ValueError(f"{variable}: population figures must be finite and not negative")
        positive = {category: value for category, value in targets.items() if value > 0}
        total = math.fsum(positive.values())
        if total <= 0:
            raise ValueError(f"{variable}: the population margin is empty")
        shares[variable] = {category: value / total for category, value in positive.items()}
    return shares


def _solve_capped_factor(
    members: list[int],
    counts: list[float],
    weights: list[float],
    target: float,
    cap: tuple[float, float],
) -> float | None:
    """The factor f with Σ nᵢ·clip(wᵢ·f, low, high) = target over ``members``; ``None`` if no f
    reaches it (then every member should sit at the nearer cap)."""
    low, high = cap

    def reached(factor: float) -> float:
        return math.fsum(counts[i] * min(high, max(low, weights[i] * factor)) for i in members)

    if target <= reached(0.0) or target >= math.fsum(counts[i] * high for i in members):
        return None
    breaks = sorted({bound / weights[i] for i in members for bound in (low, high)})
    lo_index, hi_index = 0, len(breaks) - 1
    if reached(breaks[0]) >= target:
        lower, upper = 0.0, breaks[0]
    elif reached(breaks[-1]) <= target:
        lower, upper = breaks[-1], breaks[-1] * 2
    else:  # binary search for neighbouring breakpoints around the target
        while hi_index - lo_index > 1:
            middle = (lo_index + hi_index) // 2
            if reached(breaks[middle]) <= target:
                lo_index = middle
            else:
                hi_index = middle
        lower, upper = breaks[lo_index], breaks[hi_index]
    # Between two breakpoints every member is either capped or free, so the sum is linear.
    probe = (lower + upper) / 2
    fixed = free = 0.0
    for i in members:
        scaled = weights[i] * probe
        if scaled <= low:
            fixed += counts[i] * low
        elif scaled >= high:
            fixed += counts[i] * high
        else:
            free += counts[i] * weights[i]
    return lower if free <= 0 else (target - fixed) / free


def rake(
    cells: Sequence[SampleCell],
    margins: Mapping[str, Mapping[str, float]],
    *,
    bounds: tuple[float, float] | None = (0.2, 5.0),
    min_group: int = 5,
    tolerance: float = 1e-8,
    max_iterations: int = 200,
) -> RakingResult:
    """Rake cell weights to the population ``margins``; see the module docstring.

    ``bounds`` are the smallest and largest weight allowed, as multiples of the mean weight
    (``None``: no trimming). ``min_group`` is the fewest respondents a margin category needs.
    Raking stops when no weighted share differs from its target share by more than
    ``tolerance``, after ``max_iterations`` cycles through the variables, or when ten cycles
    have not reduced that difference by 1 % (the caps or the sample make the margins
    unreachable); ``iterations`` counts the cycles."""
    shares = _target_shares(margins)
    if bounds is not None and not 0 <= bounds[0] <= 1 <= bounds[1]:
        raise ValueError(f"bounds must satisfy 0 ≤ low ≤ 1 ≤ high, got {bounds}")
    counts = [float(cell.count) for cell in cells]
    if any(not math.isfinite(count) or count < 0 for count in counts):
        raise ValueError("cell counts must be finite and not negative")
    sample_size = math.fsum(counts)

    # Per variable, the cells in each category that takes part, and what does not take part.
    members: dict[str, dict[str, list[int]]] = {}
    respondents: dict[tuple[str, str], float] = {}
    missing: dict[str, float] = {}
    for variable, targets in shares.items():
        members[variable] = {category: [] for category in targets}
        missing[variable] = 0.0
        for index, cell in enumerate(cells):
            category = cell.categories.get(variable)
            if category is None:
                missing[variable] += counts[index]
                continue
            key = (variable, category)
            respondents[key] = respondents.get(key, 0.0) + counts[index]
            if category in targets:
                members[variable][category].append(index)
    problems = tuple(
        ThinGroup(variable, category, respondents.get((variable, category), 0.0))
        for variable, targets in shares.items()
        for category in targets
        if respondents.get((variable, category), 0.0) < max(min_group, 1)
    )
    unmatched = tuple(
        UnmatchedCategory(variable, category, count)
        for (variable, category), count in respondents.items()
        if category not in shares[variable]
    )
    if problems or sample_size <= 0:
        return RakingResult(
            weights=None,
            iterations=0,
            converged=False,
            max_margin_error=None,
            sample_size=sample_size,
            effective_sample_size=None,
            design_effect=None,
            min_weight=None,
            max_weight=None,
            problems=problems,
            unmatched=unmatched,
            missing=missing,
        )

    weights = [1.0] * len(cells)

    def category_totals(variable: str) -> dict[str, float]:
        return {
            category: math.fsum(counts[i] * weights[i] for i in cell_indices)
            for category, cell_indices in members[variable].items()
        }

    def margin_error() -> float:
        worst = 0.0
        for variable, targets in shares.items():
            totals = category_totals(variable)
            overall = math.fsum(totals.values())
            for category, share in targets.items():
                worst = max(worst, abs(totals[category] / overall - share))
        return worst

    iterations = 0
    error = margin_error()
    history = [error]
    while error > tolerance and iterations < max_iterations:
        iterations += 1
        for variable, targets in shares.items():
            totals = category_totals(variable)
            taking_part = math.fsum(totals.values())
            # Aim at what the respondents left out of this variable leave of the sample size, so
            # that rounding, or a cap that cannot be met, does not let the mean weight drift.
            left_out = math.fsum(n * w for n, w in zip(counts, weights, strict=True)) - taking_part
            overall = sample_size - left_out if sample_size > left_out else taking_part
            for category, cell_indices in members[variable].items():
                target = targets[category] * overall
                _adjust(cell_indices, counts, weights, target, totals[category], bounds)
        error = margin_error()
        history.append(error)
        if len(history) > _STALL_CYCLES and error > 0.99 * history[-1 - _STALL_CYCLES]:
            break  # the caps make the margins unreachable: more cycles will not help

    # The mean weight is 1 up to rounding; make it exact, and keep the caps.
    total = math.fsum(n * w for n, w in zip(counts, weights, strict=True))
    low, high = bounds if bounds is not None else (0.0, math.inf)
    weights[:] = [min(high, max(low, w * sample_size / total)) for w in weights]
    error = margin_error()
    used = [w for n, w in zip(counts, weights, strict=True) if n > 0]
    ess = kish_effective_sample_size(counts, weights)
    return RakingResult(
        weights=tuple(weights),
        iterations=iterations,
        converged=error <= tolerance,
        max_margin_error=error,
        sample_size=sample_size,
        effective_sample_size=ess,
        design_effect=sample_size / ess,
        min_weight=min(used),
        max_weight=max(used),
        problems=(),
        unmatched=unmatched,
        missing=missing,
    )


def _adjust(
    cell_indices: list[int],
    counts: list[float],
    weights: list[float],
    target: float,
    current: float,
    bounds: tuple[float, float] | None,
) -> None:
    """Scale one category's weights so that its weighted total becomes ``target``, capped."""
    factor = target / current
    if bounds is None or all(bounds[0] <= weights[i] * factor <= bounds[1] for i in cell_indices):
        for i in cell_indices:
            weights[i] *= factor
        return
    low, high = bounds
    capped = _solve_capped_factor(cell_indices, counts, weights, target, bounds)
    if capped is None:  # the caps cannot reach the target: go as near as they allow
        nearest = low if target <= math.fsum(counts[i] * low for i in cell_indices) else high
        for i in cell_indices:
            weights[i] = nearest
        return
    for i in cell_indices:
        weights[i] = min(high, max(low, weights[i] * capped))
