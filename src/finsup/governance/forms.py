"""The assessment form: a score and a note for each item of the checklist, a year and a summary."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .checklist import checklist


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    summary = forms.CharField(
        label=pgettext_lazy("assessment", "Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in checklist().items:
            self.fields[f"score_{item.key}"] = forms.DecimalField(
                label=item.text, min_value=0, max_value=item.points, decimal_places=1, max_digits=5
            )
            self.fields[f"note_{item.key}"] = forms.CharField(label=_("Note"), max_length=300, required=False)

    def rows(self):
        """(item, its score field, its note field) in the checklist's order, for the template."""
        return [(i, self[f"score_{i.key}"], self[f"note_{i.key}"]) for i in checklist().items]

    def scores(self) -> dict:
        return {i.key: self.cleaned_data[f"score_{i.key}"] for i in checklist().items}

    def notes(self) -> dict:
        return {i.key: self.cleaned_data[f"note_{i.key}"] for i in checklist().items}
