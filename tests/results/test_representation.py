import pytest

from soslokal.results.representation import representation


def test_rates_index_and_whom_to_reach_next():
    # 1,000 young people gave 10 answers (10 per 1,000), 2,000 adults gave 80 (40 per 1,000),
    # 1,000 older people gave 30 (30 per 1,000): 120 of 4,000, 30 per 1,000 overall.
    found = representation(
        {"16-19": 10, "20-44": 80, "67-79": 30, "unknown": 7},
        {"16-19": 1000, "20-44": 2000, "67-79": 1000, "0-5": 0},
    )
    assert found.respondents == 120 and found.rate == pytest.approx(30.0)
    rates = {group.group: group.rate for group in found.groups}
    assert rates == pytest.approx({"16-19": 10.0, "20-44": 40.0, "67-79": 30.0})
    assert found.index == pytest.approx(10 / 40)
    # 10/30 = 0.33 is under three quarters of the overall rate; 30/30 = 1 is not.
    assert found.under_represented == ["16-19"]


def test_equal_participation_gives_index_one_and_nobody_missing():
    found = representation({"a": 5, "b": 10}, {"a": 100, "b": 200})
    assert found.index == pytest.approx(1.0) and found.under_represented == []


def test_no_population_gives_no_comparison():
    assert representation({"a": 5}, {"a": 0}) is None
