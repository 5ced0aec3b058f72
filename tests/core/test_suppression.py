from hypothesis import given
from hypothesis import strategies as st

from soslokal.core.suppression import hidden_groups, is_shown


def test_a_group_of_four_is_hidden_and_five_is_shown():
    assert not is_shown(4, 5) and is_shown(5, 5)


def test_one_small_group_takes_the_next_smallest_with_it():
    # With the total 100 shown, "other" (3) could be worked out from women and men;
    # hiding men too leaves 3 + 37 = 40 hidden people whose split cannot be told.
    assert hidden_groups({"woman": 60, "man": 37, "other": 3}, 5) == {"other", "man"}


def test_small_groups_that_together_reach_the_minimum_hide_nothing_more():
    assert hidden_groups({"a": 50, "b": 3, "c": 2}, 5) == {"b", "c"}


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert hidden_groups({"a": 5, "b": 6, "empty": 0}, 5) == set()


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 40), max_size=8), st.integers(1, 10))
def test_no_hidden_figure_can_be_worked_out_by_subtraction(sizes, minimum):
    hidden = hidden_groups(sizes, minimum)
    assert all(is_shown(sizes[g], minimum) for g in sizes.keys() - hidden if sizes[g] > 0)
    hidden_total = sum(sizes[g] for g in hidden)
    assert (
        hidden_total == 0 or hidden_total >= minimum or hidden == {g for g in sizes if sizes[g] > 0}
    )
