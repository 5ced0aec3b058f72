import pytest
from django.utils import translation

from soslokal.core.templatetags.soslokal import number


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("nb", 56906, 0, "56\u00a0906"),
        ("nn", 1234567.891, 1, "1\u00a0234\u00a0567,9"),
        ("en", 56906, 0, "56,906"),
        ("en", 0.5, 2, "0.50"),
        ("nb", 471, 0, "471"),
    ],
)
def test_numbers_are_written_as_in_each_language(language, value, decimals, expected):
    with translation.override(language):
        assert number(value, decimals) == expected


def test_a_missing_number_is_empty():
    assert number(None) == ""
