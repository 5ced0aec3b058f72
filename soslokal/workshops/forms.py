"""Forms for city labs. Their choices come from the survey and the framework in force; every
rule about what may be stored lives in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area
from soslokal.workshops.models import Action, Idea, Sector

MAX_PEOPLE = 10_000
MAX_VOTES = 100_000


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=MAX_PEOPLE)


class LabForm(forms.Form):
    area = forms.TypedChoiceField(label=_("Area"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=150)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=150)
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics"),
        help_text=_(
            "Lowest score first. The two lowest are chosen for you; choose up to five in all."
        ),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes for staff (not published)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: object,
        areas: list[Area],
        topics: list[tuple[int, str]],
        groups: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = [(a.pk, a.name) for a in areas]  # type: ignore[attr-defined]
        self.fields["topics"].choices = topics  # type: ignore[attr-defined]
        for value, sector in Sector.choices:
            self.fields[f"sector_{value}"] = _count(str(sector))
        self.group_keys = [key for key, _label in groups]
        for key, group in groups:
            self.fields[f"group_{key}"] = _count(group)

    def sector_fields(self) -> list[forms.BoundField]:
        return [self[f"sector_{value}"] for value in Sector.values]

    def group_fields(self) -> list[forms.BoundField]:
        return [self[f"group_{key}"] for key in self.group_keys]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("area", "title", "held_on", "place", "facilitator")]

    def sectors(self) -> dict[str, int]:
        return {v: self.cleaned_data.get(f"sector_{v}") or 0 for v in Sector.values}

    def groups(self) -> dict[str, int]:
        return {key: self.cleaned_data.get(f"group_{key}") or 0 for key in self.group_keys}


class IdeaForm(forms.Form):
    topic = forms.TypedChoiceField(label=_("Topic"), coerce=int)
    text = forms.CharField(
        label=_("The idea"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Other place themes it touches"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions of social sustainability it touches"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: object,
        topics: list[tuple[int, str]],
        themes: list[tuple[int, str]],
        dimensions: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]
        self.fields["themes"].choices = themes  # type: ignore[attr-defined]
        self.fields["dimensions"].choices = dimensions  # type: ignore[attr-defined]


class VotesForm(forms.Form):
    """One number per idea: the dots it got."""

    def __init__(self, *args: object, ideas: list[Idea], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.ideas = ideas
        for idea in ideas:
            self.fields[f"idea_{idea.pk}"] = forms.IntegerField(
                label=idea.text,
                min_value=0,
                max_value=MAX_VOTES,
                initial=idea.votes,
                error_messages={"required": _("Write a number, 0 if the idea got no votes.")},
            )

    def votes(self) -> dict[int, int]:
        return {idea.pk: self.cleaned_data[f"idea_{idea.pk}"] for idea in self.ideas}


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP. Location and camera details are removed when it is saved."),
    )
    caption = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    description = forms.CharField(
        label=_("More about it (shown to the public)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(
        label=_("Who is responsible"),
        max_length=150,
        help_text=_("A unit, an organisation or a person."),
    )
    owner_kind = forms.ChoiceField(
        label=_("The owner is"),
        choices=Action.OwnerKind.choices,
        initial=Action.OwnerKind.ORGANISATION,
        widget=forms.RadioSelect,
        help_text=_("The public page names an organisation, but never a person."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Action.Status.choices,
        initial=Action.Status.PLANNED,
        widget=forms.RadioSelect,
    )
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ideas = forms.TypedMultipleChoiceField(
        label=_("The ideas it builds on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: object,
        ideas: list[tuple[int, str]],
        dimensions: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["ideas"].choices = ideas  # type: ignore[attr-defined]
        self.dimension_ids = [slug for slug, _name in dimensions]
        for slug, name in dimensions:
            self.fields[f"effect_{slug}"] = forms.ChoiceField(
                label=name,
                choices=Action.Effect.choices,
                initial=Action.Effect.UNKNOWN,
            )

    def main_fields(self) -> list[forms.BoundField]:
        names = ("title", "description", "owner", "owner_kind", "status", "due_on", "ideas")
        return [self[name] for name in names]

    def effect_fields(self) -> list[forms.BoundField]:
        return [self[f"effect_{slug}"] for slug in self.dimension_ids]

    def effects(self) -> dict[str, str]:
        return {slug: self.cleaned_data[f"effect_{slug}"] for slug in self.dimension_ids}
