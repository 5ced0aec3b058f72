"""Path converters for the site's addresses."""


class IdConverter:
    """A database id in an address: at most 18 digits, so every id the pattern lets through
    fits a 64-bit integer column. Django's ``int`` takes any number of digits, and a lookup
    with a larger one fails in the database (an error page, not "not found")."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
