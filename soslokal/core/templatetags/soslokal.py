"""Numbers as people write them: a space between thousands in Norwegian, a comma in English;
and the ``lang`` attribute of text in another language than the page's."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
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


@register.filter
def percent(share: float | None) -> str:
    """``0.423|percent`` → "42 %" in nb and nn, "42%" in en; ``None`` → ""."""
    if share is None:
        return ""
    language = (get_language() or "nb").split("-")[0]
    return (
        f"{number(100 * share)}\u00a0%" if language in ("nb", "nn") else f"{number(100 * share)}%"
    )


@register.filter
def get_item(mapping: dict[object, object] | None, key: object) -> object:
    """``mapping|get_item:key`` → ``mapping[key]``, or ``None``."""
    return None if mapping is None else mapping.get(key)


@register.filter
def lang_attr(language: str | None) -> SafeString | str:
    """`` lang="en"`` for an element holding text in ``language`` on a page in another one, so
    that a screen reader reads it in its own language (WCAG 3.1.2); "" when the text is in the
    page's language or its language is not known. ``<p{{ source.language|lang_attr }}>``."""
    if not language or language == (get_language() or "nb"):
        return ""
    return format_html(' lang="{}"', language)
