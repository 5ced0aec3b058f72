from soslokal.indicators.profile import (
    Point,
    clearly,
    compare,
    latest,
    rank,
    relation,
)


def series(*pairs):
    return [Point(str(year), year, value) for year, value in pairs]


def figure(own, county, country, *, direction="higher_worse", neighbours=None):
    return compare(
        series(*own),
        around={"40": series(*county), "0": series(*country)},
        country_key="0",
        neighbours=neighbours or {"own": series(*own)},
        direction=direction,
        decimals=1,
    )


def test_the_latest_point_with_a_value_counts():
    points = [Point("2023", 2023, 1.0), Point("2024", 2024, None, "..")]
    assert latest(points) == points[0]
    assert latest([]) is None


def test_comparisons_use_the_same_period():
    result = figure([(2023, 10.0), (2024, 12.0)], [(2023, 9.0)], [(2024, 10.0)])
    assert result.latest.period == "2024"
    assert [(c.key, c.value, c.relation) for c in result.compared] == [
        ("40", None, None),
        ("0", 10.0, "worse"),
    ]


def test_a_flag_instead_of_another_areas_figure_is_kept_with_its_reason():
    county = [Point("2023", 2023, 9.0), Point("2024", 2024, None, ":")]
    result = compare(
        series((2024, 12.0)),
        around={"40": county, "0": series((2024, 10.0))},
        country_key="0",
        neighbours={},
        direction="higher_worse",
        decimals=1,
    )
    assert [(c.value, c.relation, c.status) for c in result.compared] == [
        (None, None, ":"),
        (10.0, "worse", ""),
    ]


def test_clearly_worse_needs_worse_than_every_area_and_the_margin():
    assert figure([(2024, 12.0)], [(2024, 11.0)], [(2024, 10.0)]).clearly_worse
    # Only 5 % worse than the country: not clearly.
    assert not figure([(2024, 10.5)], [(2024, 10.0)], [(2024, 10.0)]).clearly_worse
    # Worse than the country by far, but better than the county.
    assert not figure([(2024, 12.0)], [(2024, 13.0)], [(2024, 10.0)]).clearly_worse
    # Higher is better: lower is worse.
    assert figure(
        [(2024, 80.0)], [(2024, 90.0)], [(2024, 95.0)], direction="higher_better"
    ).clearly_worse
    # Neutral indicators are never marked.
    assert not figure(
        [(2024, 50.0)], [(2024, 10.0)], [(2024, 10.0)], direction="neutral"
    ).clearly_worse
    # No county figure for the period: nothing to be clearly worse than.
    assert clearly(12.0, [None, 10.0], 10.0, direction="higher_worse") == ""


def test_clearly_better_is_the_same_rule_the_other_way():
    assert figure([(2024, 8.0)], [(2024, 9.5)], [(2024, 10.0)]).clearly_better
    assert not figure([(2024, 8.0)], [(2024, 9.5)], [(2024, 10.0)]).clearly_worse
    # Only 5 % better than the country: not clearly.
    assert not figure([(2024, 9.5)], [(2024, 10.0)], [(2024, 10.0)]).clearly_better
    # Better than the country by far, but worse than the county.
    assert not figure([(2024, 8.0)], [(2024, 7.0)], [(2024, 10.0)]).clearly_better
    assert figure(
        [(2024, 99.0)], [(2024, 90.0)], [(2024, 85.0)], direction="higher_better"
    ).clearly_better
    assert clearly(8.0, [10.0, 10.0], 10.0, direction="neutral") == ""
    # Equal to an area compared with is not better than every one.
    assert clearly(8.0, [8.0, 10.0], 10.0, direction="higher_worse") == ""


def test_rank_counts_from_the_best_and_ties_share():
    assert rank(5.0, [5.0, 3.0, 7.0], direction="higher_worse") == 2
    assert rank(5.0, [5.0, 3.0, 7.0], direction="higher_better") == 2
    assert rank(7.0, [5.0, 7.0, 7.0], direction="higher_better") == 1
    neighbours = {"a": series((2024, 3.0)), "b": series((2024, 9.0)), "own": series((2024, 5.0))}
    result = figure([(2024, 5.0)], [], [], neighbours=neighbours)
    assert (result.rank, result.of) == (2, 3)


def test_relations_in_words():
    assert relation(5.0, 5.04, direction="higher_worse", decimals=1) == "same"
    assert relation(6.0, 5.0, direction="higher_worse", decimals=1) == "worse"
    assert relation(6.0, 5.0, direction="higher_better", decimals=1) == "better"
    assert relation(6.0, 5.0, direction="neutral", decimals=1) == "higher"


def test_no_figure_without_a_value():
    assert figure([], [(2024, 1.0)], [(2024, 1.0)]) is None
