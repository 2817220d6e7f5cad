from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import WarningStatus

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
