"""Figures as people read them, in the active language: ``12,3 %``, ``56 906``, ``80,6 år``."""

from django.utils.translation import gettext as _

from soslokal.core.templatetags.soslokal import number


def format_figure(value: float | None, *, unit: str, decimals: int) -> str:
    """A value with its unit; ``""`` for ``None``."""
    if value is None:
        return ""
    shown = number(value, decimals)
    if unit == "percent":
        return _("%(value)s%%") % {"value": shown}
    if unit == "years":
        return _("%(value)s years") % {"value": shown}
    if unit == "nok":
        return _("NOK %(value)s") % {"value": shown}
    return shown


def format_status(status: str) -> str:
    """What a status flag means, for a cell that has no figure."""
    return {
        ":": _("confidential"),
        ".": _("not applicable"),
    }.get(status, _("missing"))
