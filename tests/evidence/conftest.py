from pathlib import Path

import pytest

from soslokal.core.models import Membership
from tests.factories import MembershipFactory, ReviewFactory

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "references"  # see its README.md

RIS = """TY  - JOUR
TI  - Social trust in Norwegian neighbourhoods
AU  - Hansen, Kari
PY  - 2019
DO  - 10.1234/trust.1
AB  - Residents of ten neighbourhoods were asked about trust and belonging.
ER  -

TY  - JOUR
TI  - Parks and play: green space for children
AU  - Berg, Anne
PY  - 2021
AB  - Children's use of parks was observed in three towns.
ER  -

TY  - JOUR
AB  - A record without a title.
ER  -
"""


@pytest.fixture
def analyst(db):
    return MembershipFactory(role=Membership.Role.ANALYST)


@pytest.fixture
def review(analyst):
    return ReviewFactory(municipality=analyst.municipality)


def ris_records(n, *, start=0, relevant_every=5):
    """``n`` RIS records; every ``relevant_every``-th is about trust, the rest about pipes."""
    parts = []
    for i in range(start, start + n):
        topic = (
            "social trust and belonging among neighbours"
            if i % relevant_every == 0
            else "sewage pipes and water pressure in buildings"
        )
        parts.append(
            f"TY  - JOUR\nTI  - Study {i} of {topic}\nAU  - Author{i}, A\nPY  - 2020\n"
            f"AB  - We studied {topic} in town {i}.\nER  -\n"
        )
    return "\n".join(parts).encode()
