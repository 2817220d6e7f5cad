from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from finsup.institutions.selectors import institution_choices

from .choices import MANUAL_LOG_KINDS, IncidentKind, IncidentSeverity, LogEntryKind


class IncidentReportForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=IncidentSeverity.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}))
    occurred_at = forms.DateTimeField(
        label=_("Occurred at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        if user.is_institution_user:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institution_choices(actor=user)
            self.fields["institution"].help_text = _("Leave empty for an event that concerns no single institution.")


class IncidentTransitionForm(forms.Form):
    text = forms.CharField(label=_("What was done or decided"), widget=forms.Textarea(attrs={"rows": 3}))


class IncidentLogForm(forms.Form):
    kind = forms.ChoiceField(label=_("Entry"), choices=[(k, LogEntryKind(k).label) for k in MANUAL_LOG_KINDS])
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class IncidentWarningForm(forms.Form):
    warning = forms.ModelChoiceField(label=_("Risk warning"), queryset=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warning"].queryset = queryset


class IncidentRecordForm(forms.Form):
    record = forms.ChoiceField(label=_("Inspection or measure"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [(c.source, c.label) for c in choices]
