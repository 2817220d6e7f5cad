from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_within
from finsup.duties.selectors import item_choices
from finsup.web.forms import StaffChoiceField

from .choices import CASE_TRANSFER_BODIES, Body, Decision, StepKind, SubjectKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseOpenForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Case against"), choices=SubjectKind.choices, widget=forms.RadioSelect)
    subject_user = StaffChoiceField(label=_("Member of staff"), queryset=None, required=False)
    subject_office = forms.ModelChoiceField(label=_("Lower office"), queryset=None, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    allegation = forms.CharField(label=_("The failure alleged"), widget=forms.Textarea(attrs={"rows": 5}))
    items = forms.TypedMultipleChoiceField(
        label=_("Responsibility list items concerned"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    sources = forms.MultipleChoiceField(label=_("Records linked"), required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, staff, actor_office, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_user"].queryset = staff
        self.fields["subject_office"].queryset = offices_within(actor_office).exclude(pk=actor_office.pk)
        self.fields["items"].choices = item_choices()
        self.fields["sources"].choices = [(s, s) for s in sources]


class CaseStepForm(forms.Form):
    step_kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    text = forms.CharField(label=_("What was done and found"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseCloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TransferSendForm(forms.Form):
    to_body = forms.ChoiceField(label=_("Send to"), choices=[(b, Body(b).label) for b in CASE_TRANSFER_BODIES])
    reason = forms.CharField(label=_("Why it is transferred"), widget=forms.Textarea(attrs={"rows": 3}))


class TransferAnswerForm(forms.Form):
    """Accept (note optional), return (reasons) or conclude (how it was dealt with)."""

    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("return", _("Return")), ("conclude", _("Conclude"))],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(
        label=_("Note, reasons or conclusion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferSuperviseForm(forms.Form):
    text = forms.CharField(label=_("What is expected"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due by"), widget=DATE)
