from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.institutions.choices import InstitutionStatus
from finsup.institutions.models import Institution

from .choices import ComplaintKind, ReferralBody


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class PublicComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("This is a"), choices=ComplaintKind.choices, initial=ComplaintKind.COMPLAINT)
    institution = forms.ModelChoiceField(
        label=_("Institution concerned"),
        queryset=Institution.objects.filter(status=InstitutionStatus.OPERATING).order_by("county__code", "name"),
        required=False,
        empty_label=_("Not a licensed institution / not listed"),
        help_text=_("Complaints about a licensed institution go to the office of its county."),
    )
    respondent_name = forms.CharField(label=_("Or the name of the company or person"), max_length=200, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6}))
    illegal_fundraising = forms.BooleanField(label=_("This concerns possible illegal fundraising"), required=False)
    anonymous = forms.BooleanField(
        label=_("File anonymously"),
        required=False,
        help_text=_("Anonymous complaints are handled too; we cannot contact you, so keep your tracking code."),
    )
    name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    id_number = forms.CharField(label=_("Your resident ID number (optional)"), max_length=18, required=False)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to 3 PDF, PNG or JPEG files of at most 5 MB each."),
    )
    captcha = forms.CharField(label=_("Answer of the sum in the picture"), max_length=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
        self.fields["captcha"].widget.attrs.update(autocomplete="off", inputmode="numeric")
        self.fields["institution"].label_from_instance = lambda i: f"{i.name}（{i.county.short_name}）"
        self.fields["institution"].queryset = self.fields["institution"].queryset.select_related("county")


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class ComplaintStepForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this step"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when not accepting: the reason is the reply."),
    )


class ComplaintResultForm(forms.Form):
    result = forms.CharField(
        label=_("Result of the investigation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Published after redaction of names, ID numbers and phone numbers."),
    )


class ComplaintPublishForm(forms.Form):
    extra_names = forms.CharField(
        label=_("Other names to mask"),
        required=False,
        help_text=_("Names of other people in the result, separated by commas; the complainant's is masked anyway."),
    )

    def clean_extra_names(self):
        raw = self.cleaned_data["extra_names"].replace("，", ",").replace("、", ",")
        return [n.strip() for n in raw.split(",") if n.strip()]


class ComplaintNoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class ComplaintReferralForm(forms.Form):
    body = forms.ChoiceField(label=_("Referred to"), choices=ReferralBody.choices)
    referred_on = forms.DateField(label=_("Referred on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
