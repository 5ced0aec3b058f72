import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

DAY = dt.date(2027, 1, 27)


@pytest.mark.parametrize(
    ("language", "written"),
    [("nb", "27. januar 2027"), ("nn", "27. januar 2027"), ("en", "27 January 2027")],
)
def test_a_date_is_written_as_the_pages_language_writes_it(language, written):
    with translation.override(language):
        assert Template("{{ day|date }}").render(Context({"day": DAY})) == written
