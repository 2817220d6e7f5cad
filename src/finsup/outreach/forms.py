from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.core import clock

from .choices import CampaignKind, Channel, MaterialKind

_DATE = {"type": "date"}


class CampaignForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs=_DATE))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs=_DATE))
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Aims, the events planned, who takes part and the channels used."),
    )

    def __init__(self, *args, offices=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["office"], self.fields["year"]
        else:
            self.fields["office"].queryset = offices
            self.fields["year"].initial = clock.today().year


class EventForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=_DATE))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    place = forms.CharField(label=_("Place or outlet"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    audience = forms.IntegerField(label=_("People reached"), initial=0, required=False)
    copies = forms.IntegerField(label=_("Materials distributed (copies)"), initial=0, required=False)
    views = forms.IntegerField(
        label=_("Views or listeners"),
        initial=0,
        required=False,
        help_text=_("For television, radio and the web: the audience counted by the outlet."),
    )


class EventCorrectionForm(EventForm):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    file = forms.FileField(label=_("Material file"), help_text=_("A PDF, PNG or JPEG file of at most 20 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was done, whom it reached and what is learnt for next year."),
    )
