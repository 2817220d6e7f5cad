"""Forms of the licensing pages: they parse; the services decide."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import offices_supervising
from finsup.institutions.choices import ApprovalStatus, HolderType, InstitutionKind, Position
from finsup.institutions.forms import jurisdiction_counties
from finsup.institutions.selectors import institution_scope

from .choices import ApplicationStatus, ApplicationType, ChangeKind, CheckResult, Consequence, ReviewOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewOpenForm(forms.Form):
    institution = forms.ModelChoiceField(queryset=None, label=_("institution"))  # the user's, set in __init__
    year = forms.IntegerField(label=_("year reviewed"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_scope(actor=user).select_related("county")


class CheckForm(forms.Form):
    result = forms.ChoiceField(label=_("result"), choices=CheckResult.choices)
    evidence = forms.CharField(label=_("evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    remark = forms.CharField(label=_("remark"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    reason = forms.CharField(label=_("reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consequences = forms.MultipleChoiceField(
        label=_("consequences to propose"),
        choices=Consequence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Left empty, those the source attaches to the outcome are proposed."),
    )
    rectification_due = forms.DateField(label=_("rectification due"), required=False, widget=DATE)


class ApplicationForm(forms.Form):
    type = forms.ChoiceField(label=_("type"), choices=ApplicationType.choices)
    # The institution and county querysets are the user's, set in __init__.
    institution = forms.ModelChoiceField(queryset=None, label=_("institution"), required=False)
    county = forms.ModelChoiceField(
        queryset=None,
        label=_("county office"),
        required=False,
        help_text=_("For an establishment: the county office of the proposed institution."),
    )
    proposed_name = forms.CharField(label=_("proposed name"), max_length=100, required=False)
    proposed_kind = forms.ChoiceField(
        label=_("proposed kind"), choices=[("", "—"), *InstitutionKind.choices], required=False
    )
    change_kinds = forms.MultipleChoiceField(
        label=_("what changes"), choices=ChangeKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    resolution_date = forms.DateField(
        label=_("date of the resolution"),
        required=False,
        widget=DATE,
        help_text=_("For a change: the shareholders' or board resolution that decided it."),
    )
    name = forms.CharField(label=_("new name"), max_length=100, required=False)
    registered_capital = forms.DecimalField(label=_("new registered capital (yuan)"), required=False, decimal_places=2)
    paid_in_capital = forms.DecimalField(label=_("new paid-in capital (yuan)"), required=False, decimal_places=2)
    address = forms.CharField(label=_("new address"), max_length=200, required=False)
    business_region = forms.ModelMultipleChoiceField(
        queryset=offices_supervising(),
        label=_("new business region"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("For an establishment: the company's unified social credit code."),
    )
    legal_representative = forms.CharField(label=_("legal representative"), max_length=50, required=False)
    shareholders = forms.CharField(
        label=_("shareholders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: name, natural person / enterprise / state-owned body, ID number or credit code, "
            "stake in per cent, subscribed capital in 10,000 yuan. For a change: each shareholder's new "
            "stake (0 when it leaves)."
        ),
    )
    executives = forms.CharField(
        label=_("directors, supervisors and executives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: name, position, resident ID number; for a change add “leaves” for one leaving office."
        ),
    )
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}))
    document_title = forms.CharField(label=_("document title"), max_length=200)
    document = forms.FileField(label=_("document"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_institution_user:
            for name in ("institution", "county", "proposed_name", "proposed_kind"):
                del self.fields[name]
            self.fields["type"].choices = [c for c in ApplicationType.choices if c[0] != ApplicationType.ESTABLISH]
        else:
            self.fields["institution"].queryset = institution_scope(actor=user).select_related("county")
            self.fields["county"].queryset = jurisdiction_counties(user)

    def clean_shareholders(self) -> list[dict]:
        rows = []
        for n, cells in _lines(self.cleaned_data.get("shareholders", "")):
            if len(cells) != 5:
                raise forms.ValidationError(_("Line %(n)s: give the five items of a shareholder.") % {"n": n})
            name, holder, identifier, stake, capital = cells
            holder_type = _choice(HolderType, holder)
            if holder_type is None:
                raise forms.ValidationError(
                    _("Line %(n)s: choose natural person, enterprise or state-owned body.") % {"n": n}
                )
            try:
                yuan = (Decimal(capital.replace(",", "")) * 10000).quantize(Decimal("0.01"))
                stake_value = Decimal(stake.rstrip("%％"))
            except InvalidOperation:
                raise forms.ValidationError(_("Line %(n)s: stake and capital are numbers.") % {"n": n}) from None
            rows.append(
                {
                    "name": name,
                    "holder_type": holder_type,
                    "identifier": identifier,
                    "stake": stake_value,
                    "subscribed_capital": yuan,
                }
            )
        return rows

    def clean_executives(self) -> list[dict]:
        rows = []
        for n, cells in _lines(self.cleaned_data.get("executives", "")):
            if len(cells) not in (3, 4):
                raise forms.ValidationError(_("Line %(n)s: give the name, position and ID number.") % {"n": n})
            position = _choice(Position, cells[1])
            if position is None:
                raise forms.ValidationError(_("Line %(n)s: unknown position.") % {"n": n})
            leaves = len(cells) == 4 and cells[3] in (str(_("leaves")), "leaves", "离任")
            rows.append({"name": cells[0], "position": position, "id_number": cells[2], "leaves": leaves})
        return rows

    def proposed_values(self) -> dict:
        data = self.cleaned_data
        keys = ("name", "registered_capital", "paid_in_capital", "address", "credit_code", "legal_representative")
        values = {k: data.get(k) for k in keys}
        values = {k: v for k, v in values.items() if v not in (None, "")}
        if data.get("business_region"):
            values["business_region"] = [o.code for o in data["business_region"]]
        for key in ("shareholders", "executives"):
            if data.get(key):
                values[key] = data[key]
        return values


def _lines(text: str):
    """(line number, cells) of each non-empty line, cells split at commas (Chinese or not)."""
    for n, line in enumerate((text or "").splitlines(), start=1):
        cells = [c.strip() for c in line.replace("，", ",").replace("、", ",").split(",")]
        if any(cells):
            yield n, cells


def _choice(choices, text: str):
    """The value of a choice named by its value or its label (in either language)."""
    text = text.strip()
    for value, label in choices.choices:
        if text in (value, str(label)) or text == str(label).split("（")[0]:
            return value
    return None


class StepForm(forms.Form):
    # A status the services know, or a clear refusal (an unknown one used to reach the service and fail).
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = forms.DateField(
        label=_("effective on"), required=False, widget=DATE, help_text=_("For an approval: when it takes effect.")
    )
    decision_doc_no = forms.CharField(label=_("decision document number"), max_length=60, required=False)


class ProvinceDecisionForm(StepForm):
    """The province's decision on a forwarded application: its approval (or refusal) document's
    number is required, the reasons of a refusal are told to the applicant."""

    reason = forms.CharField(label=_("reasons of the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    decision_doc_no = forms.CharField(
        label=_("the province's decision document number"),
        max_length=60,
        help_text=_("E.g. 鲁金监许〔2026〕12号."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("document title"), max_length=200)
    file = forms.FileField(label=_("document"))


class FitAndProperForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (ApprovalStatus.APPROVED, ApprovalStatus.APPROVED.label),
            (ApprovalStatus.REFUSED, ApprovalStatus.REFUSED.label),
        ],
    )
    qualification_ok = forms.BooleanField(label=_("qualification meets the requirements"), required=False)
    clean_record_ok = forms.BooleanField(label=_("clean record"), required=False)
    reason = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("decided on"), required=False, widget=DATE)
    document_no = forms.CharField(label=_("approval document number"), max_length=60, required=False)
