from django import template

from soslokal.results.figures import Figures

register = template.Library()


@register.filter
def mean_of(figures: Figures | None, theme: int) -> float | None:
    """``group|mean_of:3`` → the group's mean score on theme 3 (``None`` when hidden)."""
    return None if figures is None else figures.mean(theme)
