"""Forms of the evidence library; the rules about what may be stored live in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from soslokal.evidence.models import Decision, EvidenceType, Scale, StudyType
from soslokal.framework.models import Dimension, PlaceTheme, SdgTarget


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Review question"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reviewers_per_record = forms.TypedChoiceField(
        label=_("Reviewers per record"),
        coerce=int,
        choices=[(1, _("One reviewer")), (2, _("Two reviewers, independently"))],
        widget=forms.RadioSelect,
        initial=1,
    )
    published = forms.BooleanField(
        label=_("Show the evidence map and the key sources to everyone"), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Reference file"),
        help_text=_(
            "RIS, BibTeX, Web of Science or PubMed text, CSV or XLSX, as exported from Zotero, "
            "EndNote, Scopus, Web of Science, PubMed, Embase or Ovid."
        ),
    )


class DecisionForm(forms.Form):
    reference = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=Decision.Choice.choices)
    reason = forms.ChoiceField(
        label=_("Reason for excluding"),
        choices=Decision.Reason.choices,
        required=False,
        widget=forms.RadioSelect,
        initial=Decision.Reason.TOPIC,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ResolveForm(forms.Form):
    reference = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        choices=[(Decision.Choice.INCLUDE, _("Include")), (Decision.Choice.EXCLUDE, _("Exclude"))]
    )
    reason = forms.ChoiceField(choices=Decision.Reason.choices, required=False)


class CodingForm(forms.Form):
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Dimensions"),
        queryset=Dimension.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
    )
    study_type = forms.ChoiceField(
        label=_("Study type"), choices=StudyType.choices, widget=forms.RadioSelect
    )
    evidence_type = forms.ChoiceField(
        label=_("Evidence type"), choices=EvidenceType.choices, widget=forms.RadioSelect
    )
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, widget=forms.RadioSelect)
    country = forms.CharField(label=_("Country"), required=False, max_length=100)
    themes = forms.ModelMultipleChoiceField(
        label=_("Place themes"),
        queryset=PlaceTheme.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"),
        queryset=SdgTarget.objects.order_by("goal", "position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    key_source = forms.BooleanField(
        label=_("Key source for its dimensions (shown first on the framework's pages)"),
        required=False,
    )


class MapFilterForm(forms.Form):
    """The evidence map's filters, sent by GET; anything not understood is left out."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    scale = forms.ChoiceField(label=_("Scale"), required=False)
    year_from = forms.IntegerField(
        label=_("Published from (year)"), required=False, min_value=1500, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Published up to (year)"), required=False, min_value=1500, max_value=2100
    )

    def __init__(self, *args: object, countries: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country"].choices = [("", _("All countries"))] + [  # type: ignore[attr-defined]
            (c, c) for c in countries
        ]
        self.fields["scale"].choices = [("", _("All scales")), *Scale.choices]  # type: ignore[attr-defined]
