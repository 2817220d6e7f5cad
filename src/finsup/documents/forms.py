"""The register's filter and the forms of a document's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DocumentKind, DocumentStatus
from .selectors import AWAITING_ACKNOWLEDGEMENT, AWAITING_CHECK, AWAITING_SIGN_OFF

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RegisterFilterForm(forms.Form):
    """GET filters of the register; an institution's users get no status, office or quick filter."""

    q = forms.CharField(label=_("search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("status"), required=False)
    kind = forms.ChoiceField(label=_("kind"), required=False)
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)
    office = forms.ChoiceField(label=_("issuing office"), required=False)
    awaiting = forms.ChoiceField(label=_("waiting for me"), required=False)

    def __init__(self, *args, years, offices, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["status"].choices = everything + list(DocumentStatus.choices)
        self.fields["kind"].choices = everything + list(DocumentKind.choices)
        self.fields["year"].choices = everything + [(y, str(y)) for y in years]
        self.fields["office"].choices = everything + [(o.code, o.name) for o in offices]
        self.fields["awaiting"].choices = everything + [
            (AWAITING_CHECK, _("awaiting my check")),
            (AWAITING_SIGN_OFF, _("awaiting my sign-off")),
        ]
        if not staff:
            del self.fields["status"], self.fields["office"]
            self.fields["awaiting"].choices = everything + [
                (AWAITING_ACKNOWLEDGEMENT, _("awaiting my acknowledgement"))
            ]


class PaperDeliveryForm(forms.Form):
    recipient_name = forms.CharField(label=_("recipient (who signed the receipt)"), max_length=100)
    place = forms.CharField(label=_("place of delivery"), max_length=200, required=False)
    delivered_at = forms.DateTimeField(label=_("delivered at"), widget=DATETIME)
