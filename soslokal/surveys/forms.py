from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from soslokal.core.models import Area, Municipality
from soslokal.surveys import background as questions
from soslokal.surveys.models import Campaign, Channel

VERSION_CHOICES = [
    ("adult", _("Adults")),
    ("youth", _("Young people (12 and over)")),
    ("children", _("Children (6 to 12)")),
    ("easy_read", _("Easy to read")),
]
BACKGROUND_CHOICES = [
    ("neighbourhood", _("Neighbourhood")),
    ("age_band", _("Age band")),
    ("gender", _("Gender")),
    ("residence_length", _("Years lived in the area")),
    ("tenure", _("Own or rent their home")),
    ("immigrant_background", _("Immigrant background (sensitive: asked with consent)")),
    ("disability", _("Disability or long-term illness (sensitive: asked with consent)")),
]


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name of the survey"), max_length=150)
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"), queryset=Area.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    instruments = forms.MultipleChoiceField(
        label=_("Versions"),
        choices=VERSION_CHOICES,
        initial=["adult"],
        widget=forms.CheckboxSelectMultiple,
    )
    background = forms.MultipleChoiceField(
        label=_("Background questions"),
        choices=BACKGROUND_CHOICES,
        initial=list(questions.DEFAULT),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        help_text=_("The answer form offers these languages and no others."),
        choices=settings.LANGUAGES,
        initial=[code for code, _name in settings.LANGUAGES],
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.Kind.choices,
        initial=[Channel.Kind.WEB],
        widget=forms.CheckboxSelectMultiple,
    )
    invited_sms = forms.IntegerField(
        label=_("People invited by SMS"), required=False, min_value=0, max_value=10_000_000
    )
    invited_paper = forms.IntegerField(
        label=_("Paper forms handed out"), required=False, min_value=0, max_value=10_000_000
    )
    opens_on = forms.DateField(label=_("Opens"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("Closes"), widget=forms.DateInput(attrs={"type": "date"}))
    previous_round = forms.ModelChoiceField(
        label=_("Earlier round of the same survey (to compare over time)"),
        queryset=Campaign.objects.none(),
        required=False,
    )
    results_note = forms.CharField(
        label=_("When and where will the results be shown?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, municipality: Municipality, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["areas"]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = Area.objects.filter(municipality=municipality)
        rounds = self.fields["previous_round"]
        if isinstance(rounds, forms.ModelChoiceField):
            rounds.queryset = Campaign.objects.in_municipality(municipality)

    def channel_invitations(self) -> dict[str, int | None]:
        """The chosen channels with the number invited where it is known (for response rates)."""
        invited = {
            Channel.Kind.SMS: self.cleaned_data.get("invited_sms"),
            Channel.Kind.PAPER: self.cleaned_data.get("invited_paper"),
        }
        return {kind: invited.get(kind) for kind in self.cleaned_data["channels"]}
