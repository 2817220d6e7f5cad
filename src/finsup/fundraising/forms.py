from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, Origin, Outcome, PoliceAnswer, StepKind
from .presentation import WEIGHT_LABELS
from .weights import SIGNALS, WeightsError, words_as_lines, words_from_lines

_DATE = {"type": "date"}
_LINES = {"rows": 3}


class EntityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=18, required=False)
    office = forms.ModelChoiceField(label=_("Handling office"), queryset=None)
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.MANUAL)
    addresses = forms.CharField(
        label=_("Addresses (one per line)"), widget=forms.Textarea(attrs=_LINES), required=False
    )
    people = forms.CharField(
        label=_("People involved (one per line)"), widget=forms.Textarea(attrs=_LINES), required=False
    )
    channels = forms.CharField(
        label=_("Channels: websites, chat groups, phones (one per line)"),
        widget=forms.Textarea(attrs=_LINES),
        required=False,
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices


class TextForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    file = forms.FileField(label=_("Or a file (.txt, .html, .docx)"), required=False)


class StepForm(forms.Form):
    kind = forms.ChoiceField(choices=StepKind.choices, widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    text = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    outcome = forms.ChoiceField(label=_("Determination"), choices=[("", "—"), *Outcome.choices], required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    disposal_due = forms.DateField(
        label=_("Disposal due by"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"), required=False
    )
    body = forms.CharField(label=_("Police organ"), max_length=200, required=False)
    materials = forms.CharField(
        label=_("Other materials (one per line)"), widget=forms.Textarea(attrs=_LINES), required=False
    )
    answer = forms.ChoiceField(label=_("Police's answer"), choices=[("", "—"), *PoliceAnswer.choices], required=False)
    reference = forms.CharField(label=_("Number of the police's decision or receipt"), max_length=100, required=False)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Merge into (register number)"))
    reason = forms.CharField(label=_("Why the two are one"), max_length=500)


class WeightsForm(forms.Form):
    """A new version of the index's weights: the feature words one per line with their points, then
    one number per signal, labelled as the page's table labels them."""

    words = forms.CharField(
        label=_("Feature words and their points (one per line, e.g. 保本保息 8)"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    valid_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Reason for the change"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for signal in SIGNALS:
            self.fields[signal] = forms.DecimalField(
                label=WEIGHT_LABELS[signal],
                min_value=0,
                max_value=100 if signal == "near_duplicate_threshold" else None,
                max_digits=8,
                decimal_places=2,
            )
        order = ["words", *SIGNALS, "valid_from", "note"]
        self.order_fields(order)

    def clean_words(self):
        try:
            return words_from_lines(self.cleaned_data["words"])
        except WeightsError as exc:
            raise forms.ValidationError(str(exc), code="weights_invalid") from None

    def weights_data(self) -> dict:
        """The version's data, as data/weights.toml holds it."""
        c = self.cleaned_data
        return {"words": c["words"], "signals": {s: str(c[s]) for s in SIGNALS}}

    @staticmethod
    def initial_for(weights, day) -> dict:
        return {
            "words": words_as_lines(weights),
            "valid_from": day,
            **{s: f"{weights.signals[s].normalize():f}" for s in SIGNALS},
        }
