from django import forms
from django.utils.translation import gettext_lazy as _

# A package checked in the browser is read whole; larger ones are checked by `finsup archives verify`.
MAX_PACKAGE_BYTES = 200 * 1024 * 1024


class PackageForm(forms.Form):
    package = forms.FileField(label=_("Archive package (ZIP)"))

    def clean_package(self):
        package = self.cleaned_data["package"]
        if package.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(_("The package is too large to check here; use the command."))
        return package
