"""Forms of the filing pages. The figures form is built from the report definition; its fields
stay raw text so that every channel goes through the same validation (validation.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.catalogue import ReportVersion

from .validation import field_label

NUMERIC = {"money", "count", "ratio", "rate"}


def figures_form_class(version: ReportVersion, *, correcting: bool):
    fields = {}
    for f in version.fields:
        unit = f.unit_zh if f.unit_zh else ""
        attrs = {"inputmode": "decimal", "class": "num"} if f.type in NUMERIC else {}
        widget = forms.Textarea(attrs={"rows": 3}) if f.type == "text" else forms.TextInput(attrs=attrs)
        if f.type == "date":
            widget = forms.DateInput(attrs={"type": "date"})
        fields[f.id] = forms.CharField(
            label=field_label(f) + (f"（{unit}）" if unit else ""),
            required=False,
            widget=widget,
            help_text=f.help_zh,
            max_length=2100,
        )
    if correcting:
        fields["correction_reason"] = forms.CharField(
            label=_("reason for the correction"),
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=2000,
            help_text=_("This period was already filed; a correction is kept as a new version beside the old one."),
        )
    form_class = type("FiguresForm", (forms.Form,), fields)
    form_class.groups = _groups(version)
    return form_class


def _groups(version: ReportVersion):
    """[(group label, [field ids])] in the definition's order."""
    out: list[tuple[str, list[str]]] = []
    for f in version.fields:
        label = f.group_zh or f.group_en or ""
        if not out or out[-1][0] != label:
            out.append((label, []))
        out[-1][1].append(f.id)
    return out


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class FilingUploadForm(forms.Form):
    # The file itself is checked by the upload service (reporting.excel), like every caller's.
    file = forms.FileField(
        label=_("filled Excel template (.xlsx)"),
        help_text=_("At most 5 MB. Use the template downloaded for the report and period you are filing."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    correction_reason = forms.CharField(
        label=_("reason for the correction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the period was already filed: what you corrected and why."),
    )


class RuleReplayForm(forms.Form):
    """A rule to replay over past filings: one of the rulebook with, optionally, another limit; or an
    uploaded rule file (its rules replace those of the same id, or are added)."""

    MAX_FILE = 256 * 1024

    rule = forms.ChoiceField(label=_("rule"), required=False)
    limit = forms.DecimalField(
        label=_("new limit"),
        required=False,
        max_digits=24,
        decimal_places=10,
        help_text=_(
            "In the unit the rule's limit is shown in: a percentage (8 for 8%), 10k yuan, or a number of times. "
            "Leave empty to replay the rule as it stands (e.g. a rule in test before it goes active)."
        ),
    )
    low = forms.DecimalField(label=_("new lower limit"), required=False, max_digits=24, decimal_places=10)
    high = forms.DecimalField(label=_("new upper limit"), required=False, max_digits=24, decimal_places=10)
    rules_file = forms.FileField(
        label=_("or a rule file (.toml)"),
        required=False,
        help_text=_(
            "In the format of the rule files (kind and [[rules]]); a rule with the id of one in force replaces it."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".toml"}),
    )
    as_of = forms.DateField(
        label=_("evaluate under the rules in force on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Empty: each filing under the rules in force for its period. A date: e.g. the day a new rule starts."
        ),
    )

    def __init__(self, *args, rule_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "—")] + list(rule_choices)

    def clean_rules_file(self):
        upload = self.cleaned_data.get("rules_file")
        if upload and upload.size > self.MAX_FILE:
            raise forms.ValidationError(_("A rule file is at most 256 KB."))
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("rule")) == bool(data.get("rules_file")):
            raise forms.ValidationError(_("Choose a rule or upload a rule file (one of the two)."))
        if data.get("rules_file") and any(data.get(k) is not None for k in ("limit", "low", "high")):
            raise forms.ValidationError(_("A new limit goes with a chosen rule, not with a rule file."))
        return data


class OverdueFilterForm(forms.Form):
    """The toolbar of the overdue filings list (rows computed in memory, filtered by `filter_overdue`)."""

    q = forms.CharField(label=_("institution"), required=False)
    county = forms.ChoiceField(label=_("county"), required=False)
    report = forms.ChoiceField(label=_("report"), required=False)
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=[("", _("All")), ("missing", _("Missing")), ("late", _("Filed late"))],
    )

    def __init__(self, *args, counties=(), reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("All")), *counties]
        self.fields["report"].choices = [("", _("All")), *reports]


def filter_overdue(rows, form: OverdueFilterForm) -> list:
    """The rows the valid form asks for (all of them when it is not valid)."""
    if not form.is_valid():
        return list(rows)
    data = form.cleaned_data
    q = data["q"].strip()
    return [
        r
        for r in rows
        if (not q or q in r.institution.name)
        and (not data["county"] or r.institution.county.code == data["county"])
        and (not data["report"] or r.report_code == data["report"])
        and (not data["state"] or r.state == data["state"])
    ]
