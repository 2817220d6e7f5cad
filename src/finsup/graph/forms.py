from django import forms

from .models import DeclaredHolding


class DeclaredHoldingForm(forms.ModelForm):
    class Meta:
        model = DeclaredHolding
        fields = [
            "held_name",
            "held_credit_code",
            "holder_name",
            "holder_type",
            "holder_credit_code",
            "holder_id_number",
            "stake",
            "concert_group",
            "declared_on",
        ]
        widgets = {
            "declared_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "holder_id_number": forms.TextInput(attrs={"autocomplete": "off"}),
        }
