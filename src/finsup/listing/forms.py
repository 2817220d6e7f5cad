"""The listing pipeline's forms: a company entered in the reserve, a stage reached, a subsidy and
its payment, the office's opinion, a restructuring and its next step. Amounts are typed in 万元
(the unit the office reads) and cleaned to yuan; each form's fields are its service's arguments."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.core.numbers import WAN

from .choices import Board, OfficeRole, RestructuringKind, Stage

_DATE = {"type": "date"}


def _date_field(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))


class WanField(forms.DecimalField):
    """An amount typed in 万元 (the unit the office reads), cleaned to yuan for the services."""

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else amount * WAN


def _wan_field(label, required=True):
    return WanField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=6,
        help_text=_("in 10k yuan"),
    )


class _CountyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.short_name


class CompanyForm(forms.Form):
    office = _CountyChoice(label=_("County"), queryset=None)
    name = forms.CharField(label=_("Company name"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=30)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    board = forms.ChoiceField(label=_("Target board"), choices=Board.choices)
    sponsor = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    entered_on = _date_field(_("Entered in the reserve on"))
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=300,
        help_text=_("e.g. the decision to include the company in the city's reserve"),
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = counties


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=())
    happened_on = _date_field(_("Date"))
    evidence = forms.CharField(
        label=_("Evidence"), max_length=300, help_text=_("An announcement, a notice or an approval, with its date.")
    )
    stock_code = forms.CharField(label=_("Stock code"), max_length=20, required=False, help_text=_("when listed"))
    ipo_amount = _wan_field(_("Amount raised at listing"), required=False)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s.value, s.label) for s in stages]


class SubsidyForm(forms.Form):
    basis = forms.CharField(
        label=_("Policy basis"),
        max_length=300,
        help_text=_("The measure and its article, e.g. 临沂市促进企业上市奖励办法 第五条"),
    )
    for_stage = forms.ChoiceField(
        label=_("For the stage"), choices=[(s.value, s.label) for s in Stage if s != Stage.WITHDRAWN]
    )
    amount = _wan_field(_("Amount granted"))
    granted_on = _date_field(_("Granted on"))


class PaymentForm(forms.Form):
    amount = _wan_field(_("Amount paid"))
    paid_on = _date_field(_("Paid on"))
    voucher = forms.CharField(label=_("Voucher number"), max_length=60)


class OpinionForm(forms.Form):
    addressee = forms.CharField(
        label=_("Addressed to"), max_length=200, required=False, help_text=_("The securities regulator by default.")
    )
    facts = forms.CharField(
        label=_("What the office found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One fact per line."),
    )
    opinion_text = forms.CharField(label=_("The office's opinion"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_facts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["facts"].splitlines() if line.strip()]


class RestructuringForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RestructuringKind.choices)
    office_role = forms.ChoiceField(label=_("The office's part"), choices=OfficeRole.choices)
    counterparty = forms.CharField(label=_("Counterparty"), max_length=200)
    amount = _wan_field(_("Amount"), required=False)
    started_on = _date_field(_("Started on"))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RestructuringUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=())
    happened_on = _date_field(_("Date"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in statuses]
