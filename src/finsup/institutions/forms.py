from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.accounts.choices import Role
from finsup.accounts.selectors import office_scope, offices_supervising, staff_label, staff_pick

from .choices import InstitutionStatus
from .models import Institution, KeyPerson, RelatedParty, Shareholder, ShareholderGroup, TrainingRecord
from .services import INSTITUTION_FIELDS

if TYPE_CHECKING:
    from finsup.accounts.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def jurisdiction_counties(user):
    counties = offices_supervising()
    return counties.filter(path__startswith=user.office.path) if user.office_id else counties.none()


class InstitutionForm(forms.ModelForm):
    business_region = forms.ModelMultipleChoiceField(
        queryset=offices_supervising(),
        required=False,
        label=_("approved business region"),
        help_text=_("Counties where it may do business; its own county when none is chosen."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS
        widgets = {"established_on": DATE, "approved_on": DATE, "lead_supervisor_filed_on": DATE}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = jurisdiction_counties(user)
        supervisor = self.fields["lead_supervisor"]
        supervisor.queryset = staff_pick(offices=office_scope(actor=user), roles={Role.LEAD_SUPERVISOR})
        supervisor.label_from_instance = staff_label
        if self.instance.pk:
            self.fields["business_region"].initial = self.instance.business_region.all()

    def clean_credit_code(self):
        return self.cleaned_data["credit_code"].strip().upper()


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("new status"), choices=InstitutionStatus.choices)
    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    document_no = forms.CharField(label=_("document number"), max_length=60, required=False)


class ShareholderForm(forms.ModelForm):
    class Meta:
        model = Shareholder
        fields = [
            "name",
            "holder_type",
            "id_number",
            "credit_code",
            "stake",
            "subscribed_capital",
            "since",
            "related_group",
        ]
        widgets = {"since": DATE, "id_number": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hide_personal_initial(self, "id_number")
        self.fields["related_group"].queryset = ShareholderGroup.objects.filter(
            institution_id=self.instance.institution_id
        )


class ShareholderGroupForm(forms.ModelForm):
    class Meta:
        model = ShareholderGroup
        fields = ["name", "basis", "note"]


class KeyPersonForm(forms.ModelForm):
    class Meta:
        model = KeyPerson
        fields = [
            "name",
            "position",
            "id_number",
            "phone",
            "approval_status",
            "approval_doc_no",
            "approved_on",
            "took_office_on",
            "left_office_on",
        ]
        widgets = {
            "approved_on": DATE,
            "took_office_on": DATE,
            "left_office_on": DATE,
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hide_personal_initial(self, "id_number", "phone")


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "organizer", "attended_on", "hours", "certificate_no"]
        widgets = {"attended_on": DATE}


class RelatedPartyForm(forms.ModelForm):
    class Meta:
        model = RelatedParty
        fields = ["name", "relation", "credit_code", "id_number", "note"]
        widgets = {"id_number": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _hide_personal_initial(self, "id_number")


def _hide_personal_initial(form, *names):
    """Editing never shows stored personal data: the field starts empty and keeps the stored
    value unless a new one is typed."""
    for name in names:
        stored = getattr(form.instance, name, "") if form.instance.pk else ""
        form.initial[name] = ""
        if stored:
            form.fields[name].required = False
            form.fields[name].help_text = _("Stored; leave empty to keep it.")
            form._stored_personal = {**getattr(form, "_stored_personal", {}), name: stored}

    original_clean = form.clean

    def clean():
        data = original_clean()
        for field, value in getattr(form, "_stored_personal", {}).items():
            if not data.get(field):
                data[field] = value
                setattr(form.instance, field, value)
        return data

    form.clean = clean
