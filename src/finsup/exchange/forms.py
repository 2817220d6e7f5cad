"""The forms of the exchange page: what to export, and the province's receipt of an export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ExportKind, ReceiptOutcome


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of export"), choices=ExportKind.choices)
    office = forms.CharField(label=_("office"), required=False, max_length=6)
    period = forms.CharField(label=_("period"), required=False, max_length=10)
    cycle = forms.IntegerField(label=_("rating cycle"), required=False, min_value=1)
    submission = forms.IntegerField(label=_("office report"), required=False, min_value=1)
    rows = forms.BooleanField(label=_("with one row per institution"), required=False, initial=True)


class ReceiptForm(forms.Form):
    number = forms.CharField(label=_("receipt number"), max_length=64)
    received_at = forms.DateTimeField(
        label=_("received at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReceiptOutcome.choices)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
