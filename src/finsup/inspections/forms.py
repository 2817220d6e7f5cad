"""Forms of the inspection pages: they only parse; every rule is checked by the services."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import staff_label
from finsup.core import clock
from finsup.rulebook.penalties import Penalty, penalties_for
from finsup.web.forms import StaffChoiceField

from .choices import InspectionKind, RectificationDecisionKind, Severity, TeamRole
from .selectors import team_candidates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """One item per line (facts, requirements, materials)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        return _lines(super().to_python(value))


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)


class InspectionForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=InspectionKind.choices)
    unannounced = forms.BooleanField(
        label=_("unannounced"), required=False, help_text=_("Only an ad hoc inspection; no notice is sent.")
    )
    plan = forms.ModelChoiceField(label=_("plan"), queryset=None, required=False)
    scope_text = forms.CharField(label=_("scope"), widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    planned_start = forms.DateField(label=_("planned start"), widget=DATE)
    planned_end = forms.DateField(label=_("planned end"), widget=DATE)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class MemberForm(forms.Form):
    user = StaffChoiceField(label=_("inspector"), queryset=None)
    team_role = forms.ChoiceField(label=_("team role"), choices=TeamRole.choices, initial=TeamRole.MEMBER)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = team_candidates(office=office)


class DeclarationForm(forms.Form):
    has_conflict = forms.BooleanField(label=_("I have a conflict of interest"), required=False)
    declaration = forms.CharField(label=_("declaration"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(forms.Form):
    materials = LinesField(label=_("materials to prepare (one per line)"), required=False)
    contact = forms.CharField(label=_("contact"), max_length=100, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("file"))
    description = forms.CharField(label=_("description"), max_length=300, required=False)


class FindingForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}))
    rule_id = forms.CharField(label=_("rule"), max_length=60, required=False)
    citation = forms.CharField(label=_("regulation breached"), max_length=300)
    severity = forms.ChoiceField(label=_("severity"), choices=Severity.choices)
    evidence = forms.ModelMultipleChoiceField(
        label=_("evidence"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(
        label=_("rectification deadline"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for 30 days from the opinion letter."),
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = evidence
        self.fields["evidence"].label_from_instance = lambda e: f"{e.original_name} ({e.sha256[:12]}…)"


class StartForm(forms.Form):
    """Starting on site: a button, with the reason when the team goes before the planned start."""

    def __init__(self, *args, planned_start, **kwargs):
        super().__init__(*args, **kwargs)
        if clock.today() < planned_start:
            self.fields["early_start_reason"] = forms.CharField(
                label=_("reason for starting before the planned date"),
                help_text=_("The inspection is planned to start on %(date)s.") % {"date": planned_start.isoformat()},
                widget=forms.Textarea(attrs={"rows": 2}),
            )


class FactsForm(forms.Form):
    facts = LinesField(label=_("facts found on site (one per line)"))
    assessment = forms.CharField(label=_("assessment"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    confirmed_by = forms.CharField(label=_("confirmation of facts signed by"), max_length=50)
    confirmed_on = forms.DateField(label=_("signed on"), widget=DATE, initial=clock.today)
    overview = forms.CharField(label=_("overview"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = LinesField(label=_("recommendations (one per line)"), required=False)


class OpinionForm(forms.Form):
    requirements = LinesField(label=_("requirements on the institution (one per line)"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class RectificationForm(forms.Form):
    text = forms.CharField(
        label=_("measures taken"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, who is responsible and when each step was completed."),
    )
    files = MultipleFileField(label=_("evidence files"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=RectificationDecisionKind.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    visited_on = forms.DateField(label=_("visited on"), widget=DATE, initial=clock.today)
    finding = forms.ModelChoiceField(label=_("finding"), queryset=None, required=False)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


def penalty_label(p: Penalty) -> str:
    if (get_language() or "zh-hans").startswith("zh"):
        return f"{p.citation}：{p.conduct_zh}（{p.range_zh}）"
    return f"{p.document_en}, {p.article}: {p.conduct_en} ({p.low:,.0f}–{p.high:,.0f} yuan)"


class FineFields:
    """The fine a leader may decide with a measure: a penalty range of rulebook/data/penalties.toml
    for the institution's kind, and the amount, entered in 万元 and handed on in yuan. Whether the
    amount lies in the range is the service's check (so that the API and the pages say the same)."""

    def add_fine_fields(self, kind: str) -> None:
        choices = [("", "—")] + [(p.id, penalty_label(p)) for p in penalties_for(kind, clock.today())]
        self.fields["penalty"] = forms.ChoiceField(
            label=_("penalty provision"),
            choices=choices,
            required=False,
            help_text=_("Only when the decision also imposes a fine; the amount must lie within its range."),
        )
        self.fields["fine"] = forms.DecimalField(
            label=_("fine (10,000 yuan)"), required=False, min_value=Decimal(0), max_digits=14, decimal_places=6
        )

    def clean_fine(self):
        value = self.cleaned_data.get("fine")
        if value is None:
            return None
        return (value * 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ProvinceDecisionForm(forms.Form):
    """The province's answer to the city's request: approve or refuse, with reasons."""

    outcome = forms.ChoiceField(label=_("decision of the province"), widget=forms.RadioSelect, choices=())
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from .choices import ProvinceOutcome

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = ProvinceOutcome.choices


class StaffCheckboxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return staff_label(obj)


class PastInspectionForm(forms.Form):
    """An inspection carried out before the platform was in use, from the office's ledger (补录)."""

    institution = forms.ModelChoiceField(label=_("institution"), queryset=None)
    kind = forms.ChoiceField(label=_("kind"), choices=InspectionKind.choices)
    started_on = forms.DateField(label=_("first day on site"), widget=DATE)
    ended_on = forms.DateField(label=_("last day on site"), widget=DATE)
    leader = StaffChoiceField(label=_("team leader"), queryset=None)
    members = StaffCheckboxes(label=_("team members"), queryset=None)
    findings_summary = forms.CharField(
        label=_("findings (rectification completed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave empty if the inspection found nothing."),
    )
    source = forms.CharField(
        label=_("recorded from"), max_length=200, help_text=_("For example: the office's inspection ledger of 2025.")
    )

    def __init__(self, *args, institutions, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["leader"].queryset = team_candidates(office=office)
        self.fields["members"].queryset = team_candidates(office=office)

    def clean(self):
        data = super().clean()
        if data.get("leader") is not None and data.get("members") is not None:
            data["team"] = [data["leader"], *[u for u in data["members"] if u != data["leader"]]]
        return data
