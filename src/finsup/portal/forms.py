from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.institutions.choices import InstitutionKind


class DirectoryFilterForm(forms.Form):
    """GET filters of the public directory; an unknown value is ignored, never an error page."""

    q = forms.CharField(
        label=_("Name or credit code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 兰山 or 91371300…")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    county = forms.ChoiceField(label=_("County or zone"), required=False)

    def __init__(self, *args, county_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *InstitutionKind.choices]
        self.fields["county"].choices = [("", _("All counties and zones")), *county_choices]

    def filters(self) -> dict[str, str | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "name": (data.get("q") or "").strip() or None,
            "kind": data.get("kind") or None,
            "county_code": data.get("county") or None,
        }
