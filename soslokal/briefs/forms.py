"""Forms of the brief builder. Choices come from the municipality's own areas and the framework
in force, so a forged id is simply not a valid choice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from soslokal.briefs.models import LANGUAGES
from soslokal.briefs.services import FIRST_YEAR, MAX_TITLE
from soslokal.briefs.writing import SECTIONS, SUMMARY, max_length


class BriefForm(forms.Form):
    areas = forms.TypedMultipleChoiceField(
        label=_("Areas"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The brief covers these areas together."),
        error_messages={"required": _("Choose at least one area.")},
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to cover every dimension."),
    )
    themes = forms.TypedMultipleChoiceField(
        label=_("Or a topic: place themes"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The dimensions these themes belong to are covered too."),
    )
    year_from = forms.IntegerField(label=_("From year"), min_value=FIRST_YEAR)
    year_to = forms.IntegerField(label=_("To year"), min_value=FIRST_YEAR)
    language = forms.ChoiceField(
        label=_("Language of the brief"),
        choices=LANGUAGES,
        initial="nb",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=MAX_TITLE,
        help_text=_("Leave empty for a title made from the areas."),
    )

    def __init__(
        self,
        *args: object,
        areas: list[tuple[int, str]],
        dimensions: list[tuple[str, str]],
        themes: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["areas"].choices = areas  # type: ignore[attr-defined]
        self.fields["dimensions"].choices = dimensions  # type: ignore[attr-defined]
        self.fields["themes"].choices = themes  # type: ignore[attr-defined]
        this_year = timezone.localdate().year
        self.fields["year_from"].initial = this_year - 5
        self.fields["year_to"].initial = this_year

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        last = timezone.localdate().year + 1
        if isinstance(end, int) and end > last:
            self.add_error("year_to", _("Give a year no later than %(year)s.") % {"year": last})
        elif isinstance(start, int) and isinstance(end, int) and start > end:
            self.add_error("year_to", _("The last year cannot come before the first."))
        return cleaned


class TextsForm(forms.Form):
    """The title and one text per section of the brief."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)

    LABELS = {
        "thing1": _("Three things to know: the first"),
        "thing2": _("Three things to know: the second"),
        "thing3": _("Three things to know: the third"),
        "challenges": _("Challenges"),
        "voices": _("Residents' voices"),
        "heard": _("Who has not been heard yet"),
        "evidence": _("What research says"),
        "measures": _("Suggested local measures"),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for section in SECTIONS:
            self.fields[section] = forms.CharField(
                label=self.LABELS[section],
                required=False,
                max_length=max_length(section),
                widget=forms.Textarea(attrs={"rows": 2 if section in SUMMARY else 4}),
                error_messages={
                    "max_length": _(
                        "This text is too long: at most %(limit_value)d characters "
                        "(it has %(show_value)d)."
                    )
                },
            )
