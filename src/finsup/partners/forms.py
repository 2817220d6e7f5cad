from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import MatterKind, PartnerKind

_DATE = {"type": "date"}


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    county = forms.ModelChoiceField(label=_("Located in"), queryset=None)
    head_office = forms.CharField(label=_("Head office or superior body"), max_length=100, required=False)
    city_owned = forms.BooleanField(label=_("City-owned"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = offices
        self.fields["county"].label_from_instance = lambda o: o.name


class MatterForm(forms.Form):
    occurred_on = forms.DateField(label=_("Occurred on"), widget=forms.DateInput(attrs=_DATE))
    kind = forms.ChoiceField(label=_("Kind of matter"), choices=MatterKind.choices)
    summary = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("What the office did"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
