"""Forms of special surveys. A survey's items and checks are rows of plain inputs named
f-<n>-<key> and c-<n>-<key> (as many rows as the page shows), read by `items_from`/`checks_from`;
the service checks them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import FieldUnit

_DATE = {"type": "date"}
ITEM_KEYS = ("id", "label_zh", "unit", "required", "min", "max")
MAX_ROWS = 60


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    basis = forms.CharField(
        label=_("Legal basis and purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The provision the survey rests on and what the figures are for."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs=_DATE))
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 10})
    )
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices below"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Resident institutions and partners"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, institutions=None, offices=None, partners=None, forwarded=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = institutions
        self.fields["offices"].queryset = offices
        self.fields["partners"].queryset = partners
        self.fields["institutions"].label_from_instance = lambda i: f"{i.name}（{i.county.short_name}）"
        self.fields["offices"].label_from_instance = lambda o: o.name
        if forwarded:
            self.fields["title"].disabled = self.fields["basis"].disabled = True


def items_from(data) -> list[dict]:
    """The item rows filled in (a row with neither identifier nor name is left out)."""
    rows = []
    for n in range(MAX_ROWS):
        row = {k: (data.get(f"f-{n}-{k}") or "").strip() for k in ITEM_KEYS}
        if not row["id"] and not row["label_zh"]:
            continue
        row["required"] = bool(row["required"])
        rows.append(row)
    return rows


def checks_from(data) -> list[dict]:
    rows = []
    for n in range(MAX_ROWS):
        expr = (data.get(f"c-{n}-expr") or "").strip()
        if expr:
            rows.append({"expr": expr, "message_zh": (data.get(f"c-{n}-message_zh") or "").strip()})
    return rows


def item_rows(items: list[dict], extra: int = 4) -> list[dict]:
    """The rows a page shows: the items, then empty ones; each with its unit choices."""
    rows = [dict(i, unit=i.get("unit") if ":" in (i.get("unit") or "") else f"{i['type']}:{i['unit']}") for i in items]
    rows += [{"id": "", "label_zh": "", "unit": FieldUnit.WAN_YUAN, "required": True, "min": "", "max": ""}] * extra
    return [dict(r, n=n) for n, r in enumerate(rows[:MAX_ROWS])]


def check_rows(checks: list[dict], extra: int = 2) -> list[dict]:
    rows = list(checks) + [{"expr": "", "message_zh": ""}] * extra
    return [dict(r, n=n) for n, r in enumerate(rows[:MAX_ROWS])]


class AnswerForm(forms.Form):
    """One input per item (the validation is the service's: figures as typed, in the unit shown)."""

    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the survey is already answered: the new answer is a new version."),
    )

    def __init__(self, *args, version=None, initial_values=None, correcting=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        if not correcting:
            del self.fields["correction_reason"]
        items = {}
        for fdef in version.fields if version else ():
            unit = f"（{fdef.unit_zh}）" if fdef.unit_zh else ""
            widget = (
                forms.DateInput(attrs=_DATE)
                if fdef.type == "date"
                else forms.TextInput(attrs={"inputmode": "decimal"} if fdef.type != "text" else {})
            )
            items[f"v_{fdef.id}"] = forms.CharField(
                label=f"{fdef.label_zh}{unit}",
                required=False,
                widget=widget,
                initial=(initial_values or {}).get(fdef.id),
            )
        self.fields = {**items, **self.fields}

    def raw(self) -> dict:
        return {k.removeprefix("v_"): v for k, v in self.cleaned_data.items() if k.startswith("v_")}

    def reason(self) -> str:
        return self.cleaned_data.get("correction_reason") or ""


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled template (.xlsx)"))
    correction_reason = forms.CharField(label=_("Reason for the correction"), required=False, max_length=2000)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs=_DATE))
