"""Forms of the filing pages. The figures form is built from the report definition; its fields
stay raw text so that every channel goes through the same validation (validation.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.reporting.catalogue import ReportVersion

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
