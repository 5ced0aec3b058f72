from django import template

from soslokal.indicators.formatting import format_figure, format_status
from soslokal.indicators.models import Indicator

register = template.Library()


@register.filter
def figure(value: float | None, indicator: Indicator) -> str:
    """``value|figure:indicator`` → "12,3 %" in nb, "12.3%"-like in en; ``None`` → ""."""
    return format_figure(value, unit=indicator.unit, decimals=indicator.decimals)


@register.filter
def status_text(status: str) -> str:
    return format_status(status)
