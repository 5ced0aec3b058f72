"""Everything that changes city labs, their ideas, votes and photos, and actions."""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from soslokal.core.models import Area, Municipality
from soslokal.surveys.background import AGE_BANDS
from soslokal.surveys.instrument import THEME_NUMBERS
from soslokal.surveys.models import Campaign
from soslokal.workshops import selectors
from soslokal.workshops.models import Action, Idea, Lab, Photo, Sector
from soslokal.workshops.photos import PhotoRefused, Problem, clean_photo

MAX_TOPICS = 5
MAX_PEOPLE = 10_000
MAX_VOTES = 100_000
IDEA_LIMIT = 1000
TEXT_LIMIT = 2000
GROUPS = {band for band, _from, _to in AGE_BANDS}


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


def _counts(counts: Mapping[str, int], allowed: Iterable[str]) -> dict[str, int]:
    """Counts of people, without the zeros; refuses unknown keys and impossible numbers."""
    allowed = set(allowed)
    kept = {}
    for key, count in counts.items():
        if key not in allowed:
            raise ValidationError(_("Unknown group of participants: %(key)s.") % {"key": key})
        if not 0 <= count <= MAX_PEOPLE:
            raise ValidationError(
                _("A number of participants lies between 0 and %(n)s.") % {"n": MAX_PEOPLE}
            )
        if count:
            kept[key] = int(count)
    return kept


def _topics(topics: list[int]) -> list[int]:
    if not topics:
        raise ValidationError(_("Choose one or more topics."))
    if len(topics) > MAX_TOPICS:
        raise ValidationError(_("Choose at most %(n)s topics.") % {"n": MAX_TOPICS})
    if len(set(topics)) != len(topics) or any(t not in THEME_NUMBERS for t in topics):
        raise ValidationError(_("Each topic is one of the 14 place themes, once."))
    return list(topics)


def _lab_fields(
    *,
    campaign: Campaign,
    area: Area,
    title: str,
    held_on: dt.date,
    place: str,
    facilitator: str,
    topics: list[int],
    sectors: Mapping[str, int],
    groups: Mapping[str, int],
    notes: str,
) -> dict[str, object]:
    if area not in selectors.lab_areas(campaign):
        raise ValidationError(_("Choose one of the survey's areas."))
    return {
        "area": area,
        "title": _required(title, 150, _("Give the city lab a title.")),
        "held_on": held_on,
        "place": _required(place, 200, _("Say where the city lab is held.")),
        "facilitator": _required(facilitator, 150, _("Say who leads the city lab.")),
        "topics": _topics(topics),
        "sectors": _counts(sectors, Sector.values),
        "groups": _counts(groups, GROUPS),
        "notes": _optional(notes, TEXT_LIMIT),
    }


def lab_create(
    *,
    municipality: Municipality,
    campaign: Campaign,
    area: Area,
    title: str,
    held_on: dt.date,
    place: str,
    facilitator: str,
    topics: list[int],
    sectors: Mapping[str, int],
    groups: Mapping[str, int],
    notes: str = "",
    is_demo: bool = False,
) -> Lab:
    if campaign.municipality_id != municipality.pk:
        raise ValidationError(_("Choose a survey of this municipality."))
    fields = _lab_fields(
        campaign=campaign,
        area=area,
        title=title,
        held_on=held_on,
        place=place,
        facilitator=facilitator,
        topics=topics,
        sectors=sectors,
        groups=groups,
        notes=notes,
    )
    return Lab.objects.create(
        municipality=municipality, campaign=campaign, is_demo=is_demo, **fields
    )


@transaction.atomic
def lab_update(
    *,
    lab: Lab,
    area: Area,
    title: str,
    held_on: dt.date,
    place: str,
    facilitator: str,
    topics: list[int],
    sectors: Mapping[str, int],
    groups: Mapping[str, int],
    notes: str = "",
) -> Lab:
    """Change a lab's details. A topic that has ideas cannot be dropped: move or remove its
    ideas first, so no idea is left without a topic."""
    fields = _lab_fields(
        campaign=lab.campaign,
        area=area,
        title=title,
        held_on=held_on,
        place=place,
        facilitator=facilitator,
        topics=topics,
        sectors=sectors,
        groups=groups,
        notes=notes,
    )
    dropped = set(lab.topics) - set(topics)
    if dropped and lab.ideas.filter(topic__in=dropped).exists():
        raise ValidationError(
            _("A topic that has ideas cannot be removed. Move its ideas to another topic first.")
        )
    for name, value in fields.items():
        setattr(lab, name, value)
    lab.save()
    return lab


@transaction.atomic
def lab_delete(*, lab: Lab) -> None:
    """Remove a city lab with its ideas, its photos (files too) and the actions built on it."""
    for photo in lab.photos.all():
        photo_delete(photo=photo)
    lab.actions.all().delete()
    lab.delete()


def _idea_fields(
    *, lab: Lab, topic: int, text: str, themes: list[int], dimensions: list[str]
) -> dict[str, object]:
    if topic not in lab.topics:
        raise ValidationError(_("Choose one of the city lab's topics."))
    if any(theme not in THEME_NUMBERS for theme in themes):
        raise ValidationError(_("Unknown place theme."))
    known = selectors.dimension_ids()
    if any(dimension not in known for dimension in dimensions):
        raise ValidationError(_("Unknown dimension."))
    return {
        "topic": topic,
        "text": _required(text, IDEA_LIMIT, _("Write the idea.")),
        # The topic is always among the idea's themes.
        "themes": sorted(set(themes) | {topic}),
        "dimensions": [d for d in known if d in set(dimensions)],
    }


def idea_create(
    *,
    lab: Lab,
    topic: int,
    text: str,
    themes: list[int] | None = None,
    dimensions: list[str] | None = None,
) -> Idea:
    fields = _idea_fields(
        lab=lab, topic=topic, text=text, themes=themes or [], dimensions=dimensions or []
    )
    return Idea.objects.create(lab=lab, **fields)


def idea_update(
    *, idea: Idea, topic: int, text: str, themes: list[int], dimensions: list[str]
) -> Idea:
    fields = _idea_fields(
        lab=idea.lab, topic=topic, text=text, themes=themes, dimensions=dimensions
    )
    for name, value in fields.items():
        setattr(idea, name, value)
    idea.save()
    return idea


def idea_delete(*, idea: Idea) -> None:
    """Remove an idea; an idea an action builds on stays, so the action keeps its reason."""
    if idea.actions.exists():
        raise ValidationError(_("An action builds on this idea, so it cannot be removed."))
    idea.delete()


@transaction.atomic
def idea_votes_set(*, lab: Lab, votes: Mapping[int, int]) -> int:
    """Set the dot-votes of the lab's ideas (idea id → votes), all or nothing; returns how
    many ideas changed."""
    ideas = {idea.pk: idea for idea in lab.ideas.select_for_update()}
    if any(idea_id not in ideas for idea_id in votes):
        raise ValidationError(_("Votes can only be given to this city lab's ideas."))
    if any(not 0 <= count <= MAX_VOTES for count in votes.values()):
        raise ValidationError(_("A number of votes lies between 0 and %(n)s.") % {"n": MAX_VOTES})
    changed = [ideas[i] for i, count in votes.items() if ideas[i].votes != count]
    for idea in changed:
        idea.votes = votes[idea.pk]
    Idea.objects.bulk_update(changed, ["votes"])
    return len(changed)


class Upload(Protocol):
    """What a photo arrives as: Django's ``UploadedFile``, or any file with a size and name."""

    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...


def photo_refusal(refused: PhotoRefused, max_bytes: int) -> str:
    """Why a photo was refused, in words people act on."""
    megabytes = max_bytes // (1024 * 1024)
    messages = {
        Problem.EMPTY: _("The file is empty. Choose the photo again."),
        Problem.TOO_BIG: _(
            "The photo is larger than %(mb)s MB. Take it with a lower resolution, "
            "or shrink it, and try again."
        )
        % {"mb": megabytes},
        Problem.NOT_AN_IMAGE: _(
            "The file is not a photo we can read. Upload a JPEG, PNG or WebP picture."
        ),
        Problem.WRONG_NAME: _(
            "The file is named %(named)s, but it holds a %(found)s picture. "
            "It may have been renamed: give it the right ending, or save it again, and retry."
        )
        % {"named": refused.named, "found": refused.found.upper()},
        Problem.TOO_MANY_PIXELS: _("The picture has too many pixels. Shrink it and try again."),
    }
    return str(messages[refused.problem])


def photo_add(*, lab: Lab, upload: Upload, caption: str = "") -> Photo:
    """Check a photo by its content, strip everything but its pixels and keep it under
    ``MEDIA_ROOT``; a refused photo stores nothing."""
    max_bytes = settings.SOSLOKAL_PHOTO_MAX_MB * 1024 * 1024
    caption = _optional(caption, 200)
    try:
        if upload.size is not None and upload.size > max_bytes:
            raise PhotoRefused(Problem.TOO_BIG)
        clean = clean_photo(
            upload.read(max_bytes + 1), filename=upload.name or "", max_bytes=max_bytes
        )
    except PhotoRefused as refused:
        raise ValidationError(photo_refusal(refused, max_bytes)) from refused
    name = f"labs/{lab.municipality.number}/{lab.pk}/{secrets.token_hex(12)}.{clean.extension}"
    stored = default_storage.save(name, ContentFile(clean.content))
    try:
        return Photo.objects.create(
            lab=lab,
            file=stored,
            format=clean.format,
            caption=caption,
            width=clean.width,
            height=clean.height,
            size=len(clean.content),
        )
    except Exception:
        default_storage.delete(stored)
        raise


def photo_delete(*, photo: Photo) -> None:
    name = photo.file.name
    photo.delete()
    if name:
        default_storage.delete(name)


def _action_fields(
    *,
    lab_id: int | None,
    title: str,
    description: str,
    owner: str,
    owner_kind: str,
    status: str,
    due_on: dt.date | None,
    ideas: list[Idea],
    effects: Mapping[str, str],
) -> dict[str, object]:
    if owner_kind not in Action.OwnerKind.values:
        raise ValidationError(_("Say whether the owner is a person or an organisation."))
    if status not in Action.Status.values:
        raise ValidationError(_("Choose a status."))
    if any(idea.lab_id != lab_id for idea in ideas):
        raise ValidationError(_("An action can only build on ideas from its city lab."))
    known = selectors.dimension_ids()
    if any(dimension not in known for dimension in effects):
        raise ValidationError(_("Unknown dimension."))
    if any(effect not in Action.Effect.values for effect in effects.values()):
        raise ValidationError(_("Unknown effect."))
    return {
        "title": _required(title, 200, _("Say what will be done.")),
        "description": _optional(description, TEXT_LIMIT),
        "owner": _required(owner, 150, _("Say who is responsible.")),
        "owner_kind": owner_kind,
        "status": status,
        "due_on": due_on,
        # Unknown is what is not said: only the effects someone judged are kept.
        "effects": {
            dimension: effects[dimension]
            for dimension in known
            if effects.get(dimension, Action.Effect.UNKNOWN) != Action.Effect.UNKNOWN
        },
    }


@transaction.atomic
def action_create(
    *,
    lab: Lab,
    title: str,
    owner: str,
    owner_kind: str = Action.OwnerKind.ORGANISATION,
    status: str = Action.Status.PLANNED,
    due_on: dt.date | None = None,
    ideas: list[Idea] | None = None,
    effects: Mapping[str, str] | None = None,
    description: str = "",
    is_demo: bool = False,
) -> Action:
    """An action taken on ideas of ``lab``, in the lab's area."""
    fields = _action_fields(
        lab_id=lab.pk,
        title=title,
        description=description,
        owner=owner,
        owner_kind=owner_kind,
        status=status,
        due_on=due_on,
        ideas=ideas or [],
        effects=effects or {},
    )
    action = Action.objects.create(
        municipality=lab.municipality, area=lab.area, lab=lab, is_demo=is_demo, **fields
    )
    action.ideas.set(ideas or [])
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    title: str,
    owner: str,
    owner_kind: str,
    status: str,
    due_on: dt.date | None,
    ideas: list[Idea],
    effects: Mapping[str, str],
    description: str = "",
) -> Action:
    fields = _action_fields(
        lab_id=action.lab_id,
        title=title,
        description=description,
        owner=owner,
        owner_kind=owner_kind,
        status=status,
        due_on=due_on,
        ideas=ideas,
        effects=effects,
    )
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    action.ideas.set(ideas)
    return action
