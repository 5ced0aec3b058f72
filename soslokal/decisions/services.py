"""Everything that changes impact assessments, their evidence links and the decision log.

Each function checks what it is given before it writes, and raises ``ValidationError`` with a
message people act on; what belongs to another municipality is refused like something that
does not exist."""

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from soslokal.briefs.models import BriefVersion
from soslokal.core.models import Area, Municipality
from soslokal.decisions import selectors
from soslokal.decisions.models import (
    Assessment,
    Body,
    Decision,
    Effect,
    EvidenceKind,
    EvidenceLink,
    Group,
    Judgement,
)
from soslokal.indicators.models import Indicator
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Campaign
from soslokal.workshops.models import Action

# Year/number as Norwegian archive systems write it (2026/1234, 26/1234), optionally with the
# document number after a hyphen (2026/1234-3).
CASE_NUMBER = re.compile(r"(?:\d{2}|\d{4})/\d{1,7}(?:-\d{1,4})?")
TEXT_LIMIT = 2000
DECISION_LIMIT = 4000
NOTE_LIMIT = 300
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100


def _required(value: str, limit: int, message: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(message)
    if len(value) > limit:
        raise ValidationError(_("Write at most %(n)s characters.") % {"n": limit})
    return value


def _optional(value: str, limit: int) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(_("Write at most %(n)s characters.") % {"n": limit})
    return value


def _date(value: dt.date, message: str) -> dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(message)
    return value


def case_number_clean(value: str) -> str:
    value = "".join(value.split())
    if not CASE_NUMBER.fullmatch(value):
        raise ValidationError(
            _("Write the case number as year/number, for example 2026/1234 (or 2026/1234-5).")
        )
    return value


def _own_areas(municipality: Municipality, areas: Iterable[Area]) -> list[Area]:
    areas = list(areas)
    if any(area.municipality_id != municipality.pk for area in areas):
        raise ValidationError(_("Choose areas of this municipality."))
    return areas


def _assessment_fields(
    *, case_number: str, title: str, body: str, body_name: str, meeting_on: dt.date
) -> dict[str, object]:
    if body not in Body.values:
        raise ValidationError(_("Choose the body that decides the case."))
    named = body in (Body.COMMITTEE, Body.OTHER)
    return {
        "case_number": case_number_clean(case_number),
        "title": _required(title, 200, _("Give the case its title.")),
        "body": body,
        "body_name": (
            _required(body_name, 150, _("Name the committee or body that decides the case."))
            if named
            else ""
        ),
        "meeting_on": _date(meeting_on, _("Give a meeting date between 1990 and 2100.")),
    }


def _unique_case(municipality: Municipality, case_number: str, exclude: int | None) -> None:
    taken = Assessment.objects.in_municipality(municipality).filter(case_number=case_number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            _("Case %(number)s already has an assessment. Open it from the list instead.")
            % {"number": case_number}
        )


@transaction.atomic
def assessment_create(
    *,
    municipality: Municipality,
    case_number: str,
    title: str,
    body: str,
    meeting_on: dt.date,
    body_name: str = "",
    areas: Iterable[Area] = (),
    is_demo: bool = False,
) -> Assessment:
    """A new assessment of a case; every dimension starts as "unknown"."""
    fields = _assessment_fields(
        case_number=case_number, title=title, body=body, body_name=body_name, meeting_on=meeting_on
    )
    chosen = _own_areas(municipality, areas)
    _unique_case(municipality, str(fields["case_number"]), None)
    version = selectors.framework_version()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                municipality=municipality, framework_version=version, is_demo=is_demo, **fields
            )
    except IntegrityError as error:  # the same case number saved at the same moment
        raise ValidationError(_("This case already has an assessment.")) from error
    assessment.areas.set(chosen)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    case_number: str,
    title: str,
    body: str,
    meeting_on: dt.date,
    body_name: str = "",
    areas: Iterable[Area] = (),
) -> Assessment:
    fields = _assessment_fields(
        case_number=case_number, title=title, body=body, body_name=body_name, meeting_on=meeting_on
    )
    chosen = _own_areas(assessment.municipality, areas)
    _unique_case(assessment.municipality, str(fields["case_number"]), assessment.pk)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    assessment.areas.set(chosen)
    return assessment


def assessment_delete(*, assessment: Assessment) -> None:
    """Remove an assessment with its judgements, evidence links and decisions."""
    assessment.delete()


def _dimension(dimension: str) -> str:
    if dimension not in selectors.dimension_ids():
        raise ValidationError(_("Unknown dimension."))
    return dimension


def judgement_save(
    *,
    assessment: Assessment,
    dimension: str,
    effect: str,
    reason: str = "",
    groups: Iterable[str] = (),
    other_groups: str = "",
    mitigation: str = "",
) -> Judgement:
    """Set what the assessment expects on one dimension of the framework in force."""
    _dimension(dimension)
    if effect not in Effect.values:
        raise ValidationError(_("Choose the expected effect."))
    chosen = set(groups)
    if chosen - set(Group.values):
        raise ValidationError(_("Unknown group."))
    fields = {
        "effect": effect,
        "reason": _optional(reason, TEXT_LIMIT),
        "groups": [group for group in Group.values if group in chosen],
        "other_groups": _optional(other_groups, 200),
        "mitigation": _optional(mitigation, TEXT_LIMIT),
    }
    if effect in (Effect.POSITIVE, Effect.NEGATIVE) and not fields["reason"]:
        raise ValidationError(_("Give a reason for a positive or negative effect."))
    judgement, _created = Judgement.objects.update_or_create(
        assessment=assessment, dimension=dimension, defaults=fields
    )
    return judgement


@transaction.atomic
def evidence_add(
    *,
    assessment: Assessment,
    dimension: str,
    kind: str,
    indicator: Indicator | None = None,
    area: Area | None = None,
    campaign: Campaign | None = None,
    theme: int | None = None,
    action: Action | None = None,
    brief: BriefVersion | None = None,
    note: str = "",
) -> EvidenceLink:
    """Link a source to the assessment's judgement on ``dimension`` (made "unknown" first if
    the dimension has not been judged yet)."""
    _dimension(dimension)
    municipality_id = assessment.municipality_id
    if kind not in EvidenceKind.values:
        raise ValidationError(_("Choose what kind of evidence this is."))
    if area is not None and area.municipality_id != municipality_id:
        raise ValidationError(_("Choose areas of this municipality."))
    if campaign is not None and campaign.municipality_id != municipality_id:
        raise ValidationError(_("Choose a survey of this municipality."))
    if action is not None and action.municipality_id != municipality_id:
        raise ValidationError(_("Choose an action of this municipality."))
    if brief is not None and brief.brief.municipality_id != municipality_id:
        raise ValidationError(_("Choose a brief of this municipality."))
    if theme is not None and theme not in THEME_NUMBERS:
        raise ValidationError(_("Unknown place theme."))
    judgement, _created = Judgement.objects.get_or_create(
        assessment=assessment, dimension=dimension
    )
    link = EvidenceLink(
        judgement=judgement,
        kind=kind,
        indicator=indicator,
        area=area,
        campaign=campaign,
        theme=theme,
        action=action,
        brief=brief,
        note=_optional(note, NOTE_LIMIT),
    )
    link.clean()
    same = {
        "kind": kind,
        "indicator": indicator,
        "area": area,
        "campaign": campaign,
        "theme": theme,
        "action": action,
        "brief": brief,
    }
    if judgement.links.filter(**same).exists():
        raise ValidationError(_("This source is already linked to the dimension."))
    link.save()
    return link


def evidence_remove(*, link: EvidenceLink) -> None:
    link.delete()


def _decision_fields(
    *,
    municipality: Municipality,
    text: str,
    decided_on: dt.date,
    follow_up_on: dt.date,
    dimensions: Iterable[str],
    areas: Iterable[Area],
    actions: Iterable[Action],
) -> tuple[dict[str, object], list[Area], list[Action]]:
    decided_on = _date(decided_on, _("Give a decision date between 1990 and 2100."))
    follow_up_on = _date(follow_up_on, _("Give a follow-up date between 1990 and 2100."))
    if follow_up_on < decided_on:
        raise ValidationError(_("The follow-up date cannot be before the decision date."))
    known = selectors.dimension_ids()
    chosen = set(dimensions)
    if chosen - set(known):
        raise ValidationError(_("Unknown dimension."))
    actions = list(actions)
    if any(action.municipality_id != municipality.pk for action in actions):
        raise ValidationError(_("Choose an action of this municipality."))
    fields: dict[str, object] = {
        "text": _required(text, DECISION_LIMIT, _("Write what was decided.")),
        "decided_on": decided_on,
        "follow_up_on": follow_up_on,
        "dimensions": [slug for slug in known if slug in chosen],
    }
    return fields, _own_areas(municipality, areas), actions


@transaction.atomic
def decision_create(
    *,
    assessment: Assessment,
    text: str,
    decided_on: dt.date,
    follow_up_on: dt.date,
    indicators: Iterable[Indicator] = (),
    areas: Iterable[Area] = (),
    dimensions: Iterable[str] = (),
    actions: Iterable[Action] = (),
    is_public: bool = True,
    is_demo: bool = False,
) -> Decision:
    fields, chosen_areas, chosen_actions = _decision_fields(
        municipality=assessment.municipality,
        text=text,
        decided_on=decided_on,
        follow_up_on=follow_up_on,
        dimensions=dimensions,
        areas=areas,
        actions=actions,
    )
    decision = Decision.objects.create(
        assessment=assessment, is_public=is_public, is_demo=is_demo, **fields
    )
    decision.indicators.set(list(indicators))
    decision.areas.set(chosen_areas)
    decision.actions.set(chosen_actions)
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    text: str,
    decided_on: dt.date,
    follow_up_on: dt.date,
    indicators: Iterable[Indicator],
    areas: Iterable[Area],
    dimensions: Iterable[str],
    actions: Iterable[Action],
    is_public: bool,
) -> Decision:
    fields, chosen_areas, chosen_actions = _decision_fields(
        municipality=decision.assessment.municipality,
        text=text,
        decided_on=decided_on,
        follow_up_on=follow_up_on,
        dimensions=dimensions,
        areas=areas,
        actions=actions,
    )
    if decision.followed_up_on is not None and decision.followed_up_on < decided_on:
        raise ValidationError(_("The follow-up cannot be before the decision."))
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.is_public = is_public
    decision.save()
    decision.indicators.set(list(indicators))
    decision.areas.set(chosen_areas)
    decision.actions.set(chosen_actions)
    return decision


def decision_follow_up(
    *, decision: Decision, followed_up_on: dt.date | None, note: str = ""
) -> Decision:
    """Record that a decision was followed up, and what was found; ``None`` opens it again."""
    note = _optional(note, TEXT_LIMIT)
    if followed_up_on is not None:
        _date(followed_up_on, _("Give a follow-up date between 1990 and 2100."))
        if followed_up_on < decision.decided_on:
            raise ValidationError(_("The follow-up cannot be before the decision."))
        if not note:
            raise ValidationError(_("Say briefly what the follow-up found."))
    decision.followed_up_on = followed_up_on
    decision.follow_up_note = note
    decision.save(update_fields=["followed_up_on", "follow_up_note", "updated_at"])
    return decision


def decision_delete(*, decision: Decision) -> None:
    decision.delete()
