from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.institutions.choices import InstitutionKind

from .choices import AppealDecision


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("year rated"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("kind"), choices=InstitutionKind.choices)
    sample_size = forms.IntegerField(label=_("sample size"), min_value=0, initial=3)


class ScoresForm(forms.Form):
    """One score (0–100) and one written reason per qualitative indicator of the scheme."""

    def __init__(self, *args, scheme, explanation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        for ind in scheme.qualitative:
            self.fields[f"score_{ind.id}"] = forms.DecimalField(
                label=ind.name_zh, min_value=0, max_value=100, decimal_places=2
            )
            self.fields[f"reason_{ind.id}"] = forms.CharField(
                label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2})
            )
        if explanation:
            self.fields["explanation"] = forms.CharField(
                label=_("Difference from the county explained"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Required when the city's level differs from the county's."),
            )

    def rows(self):
        return [(self[f"score_{i.id}"], self[f"reason_{i.id}"]) for i in self.scheme.qualitative]

    def scores(self) -> dict:
        return {
            i.id: (self.cleaned_data[f"score_{i.id}"], self.cleaned_data[f"reason_{i.id}"])
            for i in self.scheme.qualitative
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=AppealDecision.choices)
    level = forms.CharField(label=_("new level"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ProvinceLevelForm(forms.Form):
    """The province confirms the city's final level or adjusts it (reasons required then)."""

    level = forms.ChoiceField(label=_("level decided by the province"), choices=())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the province's level differs from the city's."),
    )

    def __init__(self, *args, scheme, **kwargs):
        from .choices import Level

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(b.level, Level(b.level).label) for b in scheme.bands]


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Every level not decided yet is confirmed as the city gave it."),
    )
