"""Forms for impact assessments and the decision log. Choices come from the framework in force
and the municipality's own areas, surveys and actions; every rule about what may be stored
lives in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from soslokal.decisions.models import Body, Effect, Group

DATE = forms.DateInput(attrs={"type": "date"})
Choices = list[tuple[object, str]]


class AssessmentForm(forms.Form):
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=30,
        help_text=_("As in the archive system: year/number, for example 2026/1234."),
    )
    title = forms.CharField(label=_("Title of the case"), max_length=200)
    body = forms.ChoiceField(label=_("Who decides"), choices=Body.choices, widget=forms.RadioSelect)
    body_name = forms.CharField(
        label=_("Name of the committee or body"),
        required=False,
        max_length=150,
        help_text=_("Only for a committee or another body, for example Utval for oppvekst."),
    )
    meeting_on = forms.DateField(label=_("Meeting date"), widget=DATE)
    areas = forms.TypedMultipleChoiceField(
        label=_("Areas the case is about"),
        help_text=_("Leave empty when the case concerns the whole municipality."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, areas: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["areas"].choices = areas  # type: ignore[attr-defined]


class JudgementForm(forms.Form):
    effect = forms.ChoiceField(
        label=_("Expected effect"),
        choices=Effect.choices,
        initial=Effect.UNKNOWN,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed for a positive or negative effect. One or two plain sentences."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups affected in particular"),
        required=False,
        choices=Group.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    other_groups = forms.CharField(
        label=_("Other groups affected"),
        required=False,
        max_length=200,
        help_text=_("Written as it should appear in the text, for example students."),
    )
    mitigation = forms.CharField(
        label=_("Mitigation"),
        help_text=_("What would soften a negative effect, or make a positive one reach more."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("What it shows (optional)"),
        required=False,
        max_length=300,
        help_text=_("One sentence for the case document."),
    )


class IndicatorLinkForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    area = forms.TypedChoiceField(
        label=_("For the area"), coerce=int, required=False, empty_value=None
    )
    note = _note()

    def __init__(
        self, *args: object, indicators: Choices, areas: Choices, **kwargs: object
    ) -> None:
        kwargs["prefix"] = "indicator"
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].choices = indicators  # type: ignore[attr-defined]
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole municipality")),
            *areas,
        ]


class SurveyLinkForm(forms.Form):
    campaign = forms.TypedChoiceField(label=_("Survey"), coerce=int)
    theme = forms.TypedChoiceField(label=_("Theme"), coerce=int, required=False, empty_value=None)
    note = _note()

    def __init__(
        self, *args: object, campaigns: Choices, themes: Choices, **kwargs: object
    ) -> None:
        kwargs["prefix"] = "survey"
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["campaign"].choices = campaigns  # type: ignore[attr-defined]
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("All themes")),
            *themes,
        ]


class ActionLinkForm(forms.Form):
    action = forms.TypedChoiceField(label=_("Action"), coerce=int)
    note = _note()

    def __init__(self, *args: object, actions: Choices, **kwargs: object) -> None:
        kwargs["prefix"] = "action"
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["action"].choices = actions  # type: ignore[attr-defined]


class BriefLinkForm(forms.Form):
    brief = forms.TypedChoiceField(label=_("Published brief"), coerce=int)
    note = _note()

    def __init__(self, *args: object, briefs: Choices, **kwargs: object) -> None:
        kwargs["prefix"] = "brief"
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["brief"].choices = briefs  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("The decision"),
        max_length=4000,
        help_text=_("As it stands in the minutes."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    follow_up_on = forms.DateField(
        label=_("Follow-up date"),
        help_text=_("When to check what came of the decision."),
        widget=DATE,
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Dimensions it concerns"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.TypedMultipleChoiceField(
        label=_("Areas it concerns"),
        help_text=_("Leave empty when it concerns the whole municipality."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators to watch"), required=False, widget=forms.CheckboxSelectMultiple
    )
    actions = forms.TypedMultipleChoiceField(
        label=_("Actions it builds on or starts"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    is_public = forms.TypedChoiceField(
        label=_("Show in the public decision log"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: object,
        dimensions: Choices,
        areas: Choices,
        indicators: Choices,
        actions: Choices,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dimensions"].choices = dimensions  # type: ignore[attr-defined]
        self.fields["areas"].choices = areas  # type: ignore[attr-defined]
        self.fields["indicators"].choices = indicators  # type: ignore[attr-defined]
        self.fields["actions"].choices = actions  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    followed_up_on = forms.DateField(label=_("Followed up on"), widget=DATE)
    note = forms.CharField(
        label=_("What the follow-up found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
