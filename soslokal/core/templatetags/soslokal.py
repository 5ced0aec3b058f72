"""Numbers as people write them: a space between thousands in Norwegian, a comma in English."""

from django import template
from django.utils.translation import get_language

register = template.Library()

# Norwegian typography uses a (no-break) space between thousands and a decimal comma.
_SEPARATORS = {"nb": ("\u00a0", ","), "nn": ("\u00a0", ","), "en": (",", ".")}


@register.filter
def number(value: int | float | None, decimals: int = 0) -> str:
    """``56906|number`` → "56 906" in nb and nn, "56,906" in en; ``None`` → ""."""
    if value is None:
        return ""
    thousands, decimal = _SEPARATORS.get((get_language() or "nb").split("-")[0], (",", "."))
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)
