"""Actions as a CSV file: one row per action, with the expected effect on every dimension."""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from soslokal.workshops.models import Action

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text as a spreadsheet shows it, never as a formula it would run."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def actions_csv(actions: Iterable[Action], dimensions: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Id"),
            _("Area"),
            _("Action"),
            _("Description"),
            _("Owner"),
            _("The owner is"),
            _("Status"),
            _("Due date"),
            _("City lab"),
            _("Ideas"),
            *[
                _("Expected effect: %(dimension)s") % {"dimension": name}
                for _id, name in dimensions
            ],
            _("Demo data"),
            _("Changed"),
        ]
    )
    effects = dict(Action.Effect.choices)
    for action in actions:
        writer.writerow(
            [
                action.pk,
                _cell(action.area.name),
                _cell(action.title),
                _cell(action.description),
                _cell(action.owner),
                action.get_owner_kind_display(),
                action.get_status_display(),
                action.due_on.isoformat() if action.due_on else "",
                _cell(action.lab.title if action.lab else ""),
                _cell(" | ".join(idea.text for idea in action.ideas.all())),
                *[
                    effects[action.effects.get(slug, Action.Effect.UNKNOWN)]
                    for slug, _name in dimensions
                ],
                _("yes") if action.is_demo else _("no"),
                action.updated_at.isoformat(timespec="minutes"),
            ]
        )
    return out.getvalue()
