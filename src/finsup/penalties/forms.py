from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from finsup.core import clock
from finsup.rulebook.penalties import Penalty, default_penalties, penalties_for

from .choices import ServiceManner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = {"rows": 4}


def provision_label(p: Penalty) -> str:
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{p.citation}：{p.conduct_zh}（{p.range_zh}）"
    return f"{p.document_en}, {p.article}: {p.conduct_en} ({p.low:,.0f}–{p.high:,.0f} yuan)"


def provision_choices(kind: str | None) -> list[tuple[str, str]]:
    found = penalties_for(kind, clock.today()) if kind else list(default_penalties().values())
    return [("", "—")] + [(p.id, provision_label(p)) for p in found]


class ProposeForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("party"), queryset=None)
    facts = forms.CharField(label=_("facts of the suspected breach (one per line)"), widget=forms.Textarea(attrs=TEXT))
    rule_breached = forms.CharField(label=_("rule breached"), max_length=500)
    penalty = forms.ChoiceField(label=_("penalty provision"))
    evidence = forms.CharField(
        label=_("evidence so far (one item per line)"), required=False, widget=forms.Textarea(attrs=TEXT)
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["penalty"].choices = provision_choices(None)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("leader's opinion"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    evidence = forms.CharField(label=_("evidence (one item per line)"), widget=forms.Textarea(attrs=TEXT))


class FineForm(forms.Form):
    """A provision of the rulebook's penalty ranges for the institution's kind and a fine in 万元,
    handed on in yuan; the range is the service's check."""

    penalty = forms.ChoiceField(label=_("penalty provision"))
    fine = forms.DecimalField(label=_("fine (10,000 yuan)"), min_value=Decimal(0), max_digits=14, decimal_places=6)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["penalty"].choices = provision_choices(kind)

    def clean_fine(self):
        return (self.cleaned_data["fine"] * 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class NoticeForm(FineForm):
    defence_days = forms.IntegerField(
        label=_("working days for statement and defence"), min_value=3, max_value=15, initial=5
    )
    contact = forms.CharField(label=_("contact person and telephone"), max_length=100, required=False)


class DecisionForm(FineForm):
    review = forms.CharField(
        label=_("the office's review of the statement and defence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PaperForm(forms.Form):
    paper = forms.IntegerField(widget=forms.HiddenInput)


class DecideForm(forms.Form):
    """The leader signs off the checked decision: nothing to enter."""


class ServeForm(PaperForm):
    served_on = forms.DateField(label=_("served on"), widget=DATE)
    manner = forms.ChoiceField(label=_("manner of service"), choices=ServiceManner.choices)
    served_to = forms.CharField(label=_("received by"), max_length=100)


class StatementForm(forms.Form):
    at = forms.DateTimeField(label=_("time"), widget=DATETIME)
    place = forms.CharField(label=_("place"), max_length=200)
    persons = forms.CharField(label=_("persons stating (separated by 、)"), max_length=200, required=False)
    statement = forms.CharField(
        label=_("statement and defence (one point per line)"), widget=forms.Textarea(attrs=TEXT)
    )
    review = forms.CharField(label=_("the office's review"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WaiveForm(forms.Form):
    waived_on = forms.DateField(label=_("waiver dated"), widget=DATE)


class HearingRequestForm(forms.Form):
    requested_on = forms.DateField(label=_("hearing requested on"), widget=DATE)


class HearingScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("hearing at"), widget=DATETIME)
    place = forms.CharField(label=_("place"), max_length=200)
    hearer = forms.CharField(label=_("hearing officer"), max_length=100)


class HearingRecordForm(forms.Form):
    hearer = forms.CharField(label=_("hearing officer"), max_length=100)
    persons = forms.CharField(label=_("persons present (separated by 、)"), max_length=300)
    content = forms.CharField(label=_("what was said (one point per line)"), widget=forms.Textarea(attrs=TEXT))


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("fine paid on"), widget=DATE)
