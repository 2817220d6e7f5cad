from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.complaints.attachments import check_attachments
from finsup.core.errors import ApplicationError

from .choices import JustificationStatus, WarningStatus

# What the button that moves a warning to each status says.
TRANSITION_LABELS = {
    WarningStatus.ACKNOWLEDGED: _("Acknowledge"),
    WarningStatus.RECTIFYING: _("Start rectification"),
    WarningStatus.CLOSED: _("Close the warning"),
}


class WarningTransitionForm(forms.Form):
    """Every status is a valid choice here: whether this warning may move there is the service's
    decision (ALLOWED_TRANSITIONS), and its refusal is shown on the form."""

    to_status = forms.ChoiceField(label=_("new status"), choices=WarningStatus.choices)
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was found, decided or done. It is kept in the warning's history."),
        max_length=2000,
    )


class JustificationForm(forms.Form):
    """The institution's answer to a breach. The file, if any, is checked by its content (PDF, PNG
    or JPEG, within the size limit of attachments) before the service sees it."""

    text = forms.CharField(
        label=_("justification"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the figure is what it is, whether it is correct, and what the institution is doing about it."),
        max_length=4000,
    )
    attachment = forms.FileField(
        label=_("attachment (optional)"),
        required=False,
        help_text=_("One PDF, PNG or JPEG file, for example a board resolution or a bank statement."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            return check_attachments([upload])[0]
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None


# What the supervisor may decide on a breach, and the button that says it.
DECISION_LABELS = {
    JustificationStatus.JUSTIFIED: _("Accept: the breach is justified"),
    JustificationStatus.REJECTED: _("Reject the justification"),
    JustificationStatus.FALSE_ALARM: _("Mark as a false alarm"),
}


class JustificationDecisionForm(forms.Form):
    """Every decision is a valid choice here: whether the breach may take it is the service's call.
    Prefixed: it shares the warning's page with the transition form, which also has a reason."""

    prefix = "justification"
    decision = forms.ChoiceField(label=_("decision"), choices=list(DECISION_LABELS.items()))
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The institution reads it, with the decision."),
        max_length=2000,
    )
