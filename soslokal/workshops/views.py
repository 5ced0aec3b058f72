"""The public "you said, we did" page of an area: what residents said (the survey's lowest
themes, once its results are published, and the topics of the city labs) and what the
municipality did (the actions, with their status)."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from soslokal.core.models import Area
from soslokal.results.masking import mask_personal_data
from soslokal.workshops import selectors
from soslokal.workshops.models import Action, Lab


@dataclass(frozen=True)
class PublicAction:
    action: Action
    owner: str  # empty when the owner is a person: the public page names no one
    effects: list[tuple[str, str, str]]  # (dimension name, effect, its label)
    ideas: list[str]  # masked


def _public_action(
    action: Action, dimensions: list[tuple[str, str]], language: str
) -> PublicAction:
    labels = dict(Action.Effect.choices)
    return PublicAction(
        action=action,
        owner=action.owner if action.owner_kind == Action.OwnerKind.ORGANISATION else "",
        effects=[
            (name, action.effects[slug], str(labels[action.effects[slug]]))
            for slug, name in dimensions
            if slug in action.effects
        ],
        ideas=[mask_personal_data(i.text, language=language).text for i in action.ideas.all()],
    )


@require_safe
def area_follow_up(request: HttpRequest, number: str, area_id: int) -> HttpResponse:
    area = get_object_or_404(
        Area.objects.select_related("municipality", "parent"),
        pk=area_id,
        municipality__number=number,
    )
    language = (get_language() or "nb").split("-")[0]
    labs: list[Lab] = list(selectors.labs_for(area).order_by("-held_on", "pk"))
    names = selectors.theme_names()
    campaigns = {lab.campaign_id: lab.campaign for lab in labs}
    said = [found for c in campaigns.values() if (found := selectors.survey_said(c, area))]
    dimensions = selectors.dimensions()
    actions = [_public_action(a, dimensions, language) for a in selectors.actions_for(area)]
    return render(
        request,
        "workshops/area_follow_up.html",
        {
            "area": area,
            "municipality": area.municipality,
            "said": said,
            "labs": [(lab, [names.get(n, str(n)) for n in lab.topics]) for lab in labs],
            "actions": actions,
            "statuses": [
                (label, n)
                for value, label in Action.Status.choices
                if (n := sum(1 for a in actions if a.action.status == value))
            ],
            "today": timezone.localdate(),
            "has_demo": any(lab.is_demo for lab in labs) or any(a.action.is_demo for a in actions),
        },
    )
