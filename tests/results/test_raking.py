"""Raking cell weights: a published worked example, trimming, thin groups and missing values."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soslokal.results.raking import (
    SampleCell,
    ThinGroup,
    UnmatchedCategory,
    kish_effective_sample_size,
    rake,
    weighted_histogram,
)
from soslokal.results.stats import Histogram, theme_stats

# The worked example of Wikipedia's "Iterative proportional fitting" article: a seed table Z
# with row targets u and column targets v.
SEED = [[40, 30, 20, 10], [35, 50, 100, 75], [30, 80, 70, 120], [20, 30, 40, 50]]
ROWS = [150, 300, 400, 150]
COLUMNS = [200, 300, 400, 100]
# Its fitted table as published (to six significant figures) in the documentation of the Julia
# package ItPropFit.jl (vankesteren/ProportionalFitting.jl, docs/src/index.md).
PUBLISHED = [
    [64.5585, 46.2325, 35.3843, 3.82473],
    [49.9679, 68.1594, 156.499, 25.3742],
    [56.7219, 144.428, 145.082, 53.7673],
    [28.7516, 41.18, 63.0347, 17.0337],
]


def seed_cells():
    return [
        SampleCell({"row": str(i), "column": str(j)}, SEED[i][j])
        for i in range(4)
        for j in range(4)
    ]


def seed_margins():
    return {
        "row": {str(i): value for i, value in enumerate(ROWS)},
        "column": {str(j): value for j, value in enumerate(COLUMNS)},
    }


def fitted_table(result):
    """Weighted counts scaled to the population total (weights themselves have mean 1)."""
    scale = sum(ROWS) / sum(map(sum, SEED))
    weights = iter(result.weights)
    return [[SEED[i][j] * next(weights) * scale for j in range(4)] for i in range(4)]


def test_wikipedia_example_meets_the_margins():
    result = rake(seed_cells(), seed_margins(), bounds=None, tolerance=1e-12)
    assert result.ok
    assert result.converged
    table = fitted_table(result)
    for i in range(4):
        assert sum(table[i]) == pytest.approx(ROWS[i], abs=1e-6)
    for j in range(4):
        assert sum(row[j] for row in table) == pytest.approx(COLUMNS[j], abs=1e-6)
    assert result.max_margin_error < 1e-12


def test_wikipedia_example_keeps_the_seeds_cross_product_ratios():
    # X = P Z Q for diagonal P and Q exactly when every ratio x_ij x_kl / (x_il x_kj) equals
    # that of Z; with the margins this pins down the unique solution.
    table = fitted_table(rake(seed_cells(), seed_margins(), bounds=None, tolerance=1e-12))
    for (i, k), (j, m) in itertools.product(
        itertools.combinations(range(4), 2), itertools.combinations(range(4), 2)
    ):
        fitted = table[i][j] * table[k][m] / (table[i][m] * table[k][j])
        seed = SEED[i][j] * SEED[k][m] / (SEED[i][m] * SEED[k][j])
        assert fitted == pytest.approx(seed, rel=1e-9)


def test_wikipedia_example_matches_the_published_table():
    table = fitted_table(rake(seed_cells(), seed_margins(), bounds=None, tolerance=1e-12))
    for i, j in itertools.product(range(4), range(4)):
        assert table[i][j] == pytest.approx(PUBLISHED[i][j], rel=5e-6)


def test_weights_have_mean_one_and_shares_or_totals_give_the_same_weights():
    result = rake(seed_cells(), seed_margins(), bounds=None)
    assert math.fsum(c.count * w for c, w in zip(seed_cells(), result.weights, strict=True)) == (
        pytest.approx(result.sample_size)
    )
    shares = {
        variable: {category: value / sum(targets.values()) for category, value in targets.items()}
        for variable, targets in seed_margins().items()
    }
    assert rake(seed_cells(), shares, bounds=None).weights == pytest.approx(result.weights)


def test_diagnostics_by_hand():
    # 10 women and 30 men in a population half women: weights 20/10 = 2 and 20/30 = 2/3.
    cells = [SampleCell({"gender": "woman"}, 10), SampleCell({"gender": "man"}, 30)]
    result = rake(cells, {"gender": {"woman": 500, "man": 500}})
    assert result.weights == pytest.approx((2, 2 / 3))
    assert result.iterations == 1
    # ESS = (10·2 + 30·2/3)² / (10·4 + 30·4/9) = 40² / (40 + 40/3) = 1600 / 53.33… = 30
    assert result.effective_sample_size == pytest.approx(30)
    assert result.design_effect == pytest.approx(40 / 30)
    assert (result.min_weight, result.max_weight) == pytest.approx((2 / 3, 2))
    assert kish_effective_sample_size([10, 30], [2, 2 / 3]) == pytest.approx(30)


def skewed_sample():
    """Young people badly under-represented: untrimmed weights reach well above 5."""
    cells = []
    for age, area in itertools.product(["young", "middle", "old"], ["east", "west"]):
        count = {"young": 4, "middle": 60, "old": 120}[age] + (10 if area == "east" else 0)
        cells.append(SampleCell({"age": age, "area": area}, count))
    margins = {
        "age": {"young": 3000, "middle": 4000, "old": 3000},
        "area": {"east": 5500, "west": 4500},
    }
    return cells, margins


def margin_shares(cells, weights, variable):
    totals: dict[str, float] = {}
    for cell, weight in zip(cells, weights, strict=True):
        category = cell.categories.get(variable)
        if category is not None:
            totals[category] = totals.get(category, 0) + cell.count * weight
    overall = sum(totals.values())
    return {category: total / overall for category, total in totals.items()}


def test_trimming_keeps_weights_within_bounds_and_the_margins_where_it_can():
    cells, margins = skewed_sample()
    untrimmed = rake(cells, margins, bounds=None)
    assert untrimmed.max_weight > 5
    trimmed = rake(cells, margins, bounds=(0.2, 5.0))
    assert trimmed.ok
    assert all(0.2 <= w <= 5.0 for w in trimmed.weights)
    assert trimmed.max_weight == pytest.approx(5.0)
    # With young people at the cap, their 30 % share cannot be reached: the caps win, the
    # remaining error is reported and the area margin still holds.
    assert not trimmed.converged
    assert trimmed.max_margin_error > 0.01
    assert margin_shares(cells, trimmed.weights, "area")["east"] == pytest.approx(0.55, abs=1e-6)
    assert trimmed.design_effect < untrimmed.design_effect
    assert math.fsum(
        c.count * w for c, w in zip(cells, trimmed.weights, strict=True)
    ) == pytest.approx(trimmed.sample_size)


def test_trimming_meets_the_margins_when_the_caps_allow_it():
    # Few young people in the west: their untrimmed weight is about 3. Capped at 2.5, the young
    # in the east carry the rest of the young's share, and every margin still holds.
    sizes = {
        "east": {"young": 60, "middle": 60, "old": 100},
        "west": {"young": 6, "middle": 60, "old": 120},
    }
    cells = [
        SampleCell({"age": age, "area": area}, count)
        for area, counts in sizes.items()
        for age, count in counts.items()
    ]
    margins = {
        "age": {"young": 3000, "middle": 4000, "old": 3000},
        "area": {"east": 5000, "west": 5000},
    }
    untrimmed = rake(cells, margins, bounds=None)
    assert untrimmed.max_weight > 2.9
    trimmed = rake(cells, margins, bounds=(0.3, 2.5))
    assert trimmed.converged
    assert all(0.3 <= w <= 2.5 for w in trimmed.weights)
    assert trimmed.max_weight == pytest.approx(2.5)
    for variable, targets in margins.items():
        total = sum(targets.values())
        for category, share in margin_shares(cells, trimmed.weights, variable).items():
            assert share == pytest.approx(targets[category] / total, abs=1e-7)


def test_thin_groups_get_a_warning_instead_of_weights():
    cells = [
        SampleCell({"gender": "woman", "age": "20-44"}, 40),
        SampleCell({"gender": "man", "age": "20-44"}, 30),
        SampleCell({"gender": "man", "age": "67-79"}, 3),
    ]
    margins = {
        "gender": {"woman": 9000, "man": 8800},
        "age": {"20-44": 6000, "45-66": 5000, "67-79": 3000, "80+": 0},
    }
    result = rake(cells, margins)
    assert not result.ok
    assert result.weights is None
    assert result.problems == (
        ThinGroup("age", "45-66", 0),
        ThinGroup("age", "67-79", 3),
    )
    # "80+" has no one in the population, so no one is needed in the sample.
    assert rake(cells, margins, min_group=3).problems == (ThinGroup("age", "45-66", 0),)


def test_an_empty_category_is_a_problem_whatever_min_group_says():
    cells = [SampleCell({"gender": "woman"}, 10)]
    result = rake(cells, {"gender": {"woman": 1, "man": 1}}, min_group=0)
    assert result.problems == (ThinGroup("gender", "man", 0),)


def test_categories_the_population_lacks_keep_out_of_that_margin():
    cells = [
        SampleCell({"gender": "woman"}, 30),
        SampleCell({"gender": "man"}, 10),
        SampleCell({"gender": "other"}, 2),
    ]
    result = rake(cells, {"gender": {"woman": 50, "man": 50}})
    assert result.unmatched == (UnmatchedCategory("gender", "other", 2),)
    # Women and men share their 40 weighted respondents half and half; "other" keeps weight 1.
    assert result.weights == pytest.approx((20 / 30, 20 / 10, 1))
    assert result.converged


def test_missing_answers_keep_out_of_that_margin_but_follow_the_others():
    cells = [
        SampleCell({"gender": "woman", "age": "young"}, 20),
        SampleCell({"gender": "man", "age": "young"}, 20),
        SampleCell({"gender": "woman", "age": "old"}, 20),
        SampleCell({"gender": "man", "age": "old"}, 10),
        SampleCell({"gender": None, "age": "old"}, 10),
        SampleCell({"age": "young"}, 5),
        SampleCell({}, 7),
    ]
    margins = {"gender": {"woman": 50, "man": 50}, "age": {"young": 40, "old": 60}}
    result = rake(cells, margins, tolerance=1e-12)
    assert result.converged
    assert result.missing == {"gender": 22, "age": 7}
    weights = result.weights
    assert weights[-1] == pytest.approx(1)  # answered nothing
    gender = margin_shares(cells, weights, "gender")
    assert gender == pytest.approx({"woman": 0.5, "man": 0.5})
    age = margin_shares(cells, weights, "age")
    assert age == pytest.approx({"young": 0.4, "old": 0.6})  # includes the gender-missing
    assert weights[4] != pytest.approx(1)  # raked by age although gender is missing
    assert math.fsum(c.count * w for c, w in zip(cells, weights, strict=True)) == pytest.approx(
        sum(c.count for c in cells)
    )


def test_nonsense_input_is_refused():
    cells = [SampleCell({"gender": "woman"}, 10)]
    with pytest.raises(ValueError, match="no margins"):
        rake(cells, {})
    with pytest.raises(ValueError, match="empty"):
        rake(cells, {"gender": {"woman": 0}})
    with pytest.raises(ValueError, match="not negative"):
        rake(cells, {"gender": {"woman": -1, "man": 2}})
    with pytest.raises(ValueError, match="bounds"):
        rake(cells, {"gender": {"woman": 1}}, bounds=(1.5, 3))
    with pytest.raises(ValueError, match="counts"):
        rake([SampleCell({"gender": "woman"}, -1)], {"gender": {"woman": 1}})


def test_weighted_histogram_combines_cells_and_carries_the_effective_size():
    cells = [Histogram.from_scores(7, [1, 2, None]), Histogram.from_scores(7, [7])]
    combined = weighted_histogram(cells, [2.0, 0.5])
    assert combined.counts == (2, 2, 0, 0, 0, 0, 0.5)
    assert combined.dont_know == 2
    assert combined.people == 3
    # Σw² over the scored answers: 2² + 2² + 0.5² = 8.25; ESS = 4.5² / 8.25
    assert combined.sum_sq_weights == pytest.approx(8.25)
    assert theme_stats(combined).effective_n == pytest.approx(4.5**2 / 8.25)
    with pytest.raises(ValueError, match="weights"):
        weighted_histogram(cells, [1.0])


categories = st.sampled_from(["a", "b", "c"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(5, 60), min_size=9, max_size=9),
    st.lists(st.integers(1, 100), min_size=3, max_size=3),
    st.lists(st.integers(1, 100), min_size=3, max_size=3),
)
def test_raking_a_full_table_always_meets_both_margins(counts, rows, columns):
    cells = [
        SampleCell({"row": r, "column": c}, count)
        for (r, c), count in zip(itertools.product("abc", "abc"), counts, strict=True)
    ]
    margins = {
        "row": dict(zip("abc", rows, strict=True)),
        "column": dict(zip("abc", columns, strict=True)),
    }
    result = rake(cells, margins, bounds=None, tolerance=1e-10, max_iterations=2000)
    assert result.converged
    for variable, targets in margins.items():
        shares = margin_shares(cells, result.weights, variable)
        for category, value in targets.items():
            assert shares[category] == pytest.approx(value / sum(targets.values()), abs=1e-9)
    assert result.design_effect >= 1 - 1e-12
