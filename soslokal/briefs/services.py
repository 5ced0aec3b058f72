"""Writes of briefs: create a draft, edit its texts, publish a version."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from soslokal.briefs.assembly import Scope, brief_assemble
from soslokal.briefs.models import LANGUAGES, Brief, BriefVersion
from soslokal.briefs.selectors import scope_of
from soslokal.briefs.writing import SECTIONS, max_length, texts_generate
from soslokal.core.models import Area, Municipality

MAX_TITLE = 200
FIRST_YEAR = 2000


def _check_scope(scope: Scope) -> None:
    if not scope.areas:
        raise ValidationError(_("Choose at least one area."))
    if any(area.municipality_id != scope.municipality.pk for area in scope.areas):
        raise ValidationError(_("Choose areas of this municipality only."))
    if scope.language not in dict(LANGUAGES):
        raise ValidationError(_("Choose bokmål, nynorsk or English."))
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= scope.year_from <= scope.year_to <= last:
        raise ValidationError(
            _("Give years from %(first)s to %(last)s, the first no later than the last.")
            % {"first": FIRST_YEAR, "last": last}
        )


@transaction.atomic
def brief_create(
    *,
    municipality: Municipality,
    areas: list[Area],
    dimensions: list[str],
    themes: list[int],
    year_from: int,
    year_to: int,
    language: str,
    title: str = "",
    user: User | None = None,
    is_demo: bool = False,
) -> Brief:
    """A draft brief with the texts written from the figures of today."""
    scope = Scope(
        municipality=municipality,
        areas=areas,
        dimensions=dimensions,
        themes=themes,
        year_from=year_from,
        year_to=year_to,
        language=language,
    )
    _check_scope(scope)
    content = brief_assemble(scope)
    title = title.strip() or content["default_title"]
    if len(title) > MAX_TITLE:
        raise ValidationError(_("The title is too long."))
    brief = Brief.objects.create(
        municipality=municipality,
        title=title,
        dimensions=dimensions,
        themes=themes,
        year_from=year_from,
        year_to=year_to,
        language=language,
        texts=texts_generate(content),
        created_by=user if user is not None and user.is_authenticated else None,
        is_demo=is_demo,
    )
    brief.areas.set(areas)
    return brief


def brief_texts_update(*, brief: Brief, title: str, texts: dict[str, str]) -> Brief:
    """Staff's own texts for the draft; every section must fit its length."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the brief a title."))
    if len(title) > MAX_TITLE:
        raise ValidationError(_("The title is too long."))
    cleaned = {}
    for section in SECTIONS:
        text = texts.get(section, "").replace("\r\n", "\n").strip()
        if len(text) > max_length(section):
            raise ValidationError(
                _("A text is too long: at most %(n)s characters.") % {"n": max_length(section)}
            )
        cleaned[section] = text
    brief.title = title
    brief.texts = cleaned
    brief.save(update_fields=["title", "texts", "updated_at"])
    return brief


def brief_texts_reset(*, brief: Brief) -> Brief:
    """Write the texts again from today's figures, dropping staff's edits."""
    brief.texts = texts_generate(brief_assemble(scope_of(brief)))
    brief.save(update_fields=["texts", "updated_at"])
    return brief


def brief_content(brief: Brief) -> dict[str, Any]:
    """The draft as it would be published now: today's figures with staff's texts."""
    content = brief_assemble(scope_of(brief))
    content["title"] = brief.title
    content["texts"] = {section: brief.texts.get(section, "") for section in SECTIONS}
    return content


@transaction.atomic
def brief_publish(
    *, brief: Brief, user: User | None = None, now: dt.datetime | None = None
) -> BriefVersion:
    """A new published version: a snapshot of the brief as it is now, figures and texts, that
    stays as it is whatever happens to the data later. Earlier versions stay as they were."""
    locked = Brief.objects.select_for_update().get(pk=brief.pk)
    content = brief_content(locked)
    last = locked.versions.aggregate(n=Max("number"))["n"] or 0
    content["version"] = last + 1
    published = now or timezone.now()
    content["published"] = published.isoformat()
    with translation.override(locked.language):
        content["published_label"] = formats.date_format(timezone.localtime(published))
    return BriefVersion.objects.create(
        brief=locked,
        number=last + 1,
        title=locked.title,
        language=locked.language,
        content=content,
        published_at=published,
        published_by=user if user is not None and user.is_authenticated else None,
    )
