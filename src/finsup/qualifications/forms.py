"""The practitioner qualification's forms: register a practitioner, training, an examination, a
certificate issued, a certificate revoked; a self-regulatory organisation and a guidance record."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import AssociationKind, GuidanceKind

_DATE = {"type": "date"}


def _date_field(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))


class RegisterForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("Resident ID number"), max_length=18, min_length=15)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    position = forms.CharField(label=_("Position"), max_length=50, required=False)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class TrainingForm(forms.Form):
    on = _date_field(_("Date of the training"))
    course = forms.CharField(label=_("Course"), max_length=100, required=False)
    organiser = forms.CharField(label=_("Organiser"), max_length=100)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0)


class ExamForm(forms.Form):
    on = _date_field(_("Date of the examination"))
    organiser = forms.CharField(label=_("Organiser"), max_length=100, required=False)
    score = forms.DecimalField(label=_("Score"), max_digits=5, decimal_places=1, min_value=0)
    pass_mark = forms.DecimalField(label=_("Pass mark"), max_digits=5, decimal_places=1, min_value=0)


class CertificateForm(forms.Form):
    on = _date_field(_("Issue date"))


class RevokeForm(forms.Form):
    on = _date_field(_("Date of the revocation"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AssociationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssociationKind.choices)
    members = forms.ModelMultipleChoiceField(
        label=_("Member institutions"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = institutions


class GuidanceForm(forms.Form):
    on = _date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind of guidance"), choices=GuidanceKind.choices)
    summary = forms.CharField(
        label=pgettext_lazy("guidance", "Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    attendees = forms.CharField(
        label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
