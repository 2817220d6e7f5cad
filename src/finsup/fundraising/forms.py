from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, Origin, Outcome, PoliceAnswer, StepKind

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
    text = forms.CharField(label=_("Weights"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))
    valid_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Reason for the change"), max_length=300)
