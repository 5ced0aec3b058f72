"""Small groups are never shown: the one rule every page, export, API and brief goes through.

A figure resting on fewer than ``minimum`` people (``SOSLOKAL_MIN_GROUP``, 5 by default, the
rule Norwegian official statistics apply) is not shown. Hiding the small groups alone is not
enough: with the total and all the other groups shown, one hidden group's count and mean can
be worked out by subtraction. So when the hidden groups of a breakdown together still rest on
fewer than ``minimum`` people, the smallest shown group is hidden as well, until the hidden
ones together rest on enough people that nothing about any one of them can be worked out.
(Statistical offices call this secondary or complementary suppression.)"""

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def is_shown(n: float, minimum: int) -> bool:
    """Whether a figure resting on ``n`` people may be shown."""
    return n >= minimum


def hidden_groups(sizes: Mapping[K, float], minimum: int) -> set[K]:
    """The groups of one breakdown (group → number of people) whose figures must be hidden.

    Groups of nobody have no figures and are never counted as hiding anything."""
    hidden = {group for group, n in sizes.items() if 0 < n < minimum}
    shown = sorted(
        ((n, str(group), group) for group, n in sizes.items() if n >= minimum),
        key=lambda item: (item[0], item[1]),
    )
    while hidden and sum(sizes[group] for group in hidden) < minimum and shown:
        _n, _name, group = shown.pop(0)
        hidden.add(group)
    return hidden
