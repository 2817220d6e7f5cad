"""The upload form of a microloan company's loan-level data. The rows themselves are checked by the
feed service (all or nothing); this form refuses only what is not a loan file at all."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from .ingest import CONTRACT_VERSION

UPLOAD_SUFFIXES = (".csv", ".parquet", ".xlsx")
MB = 1024 * 1024


def size_text(max_bytes: int) -> str:
    return f"{max_bytes // MB} MB" if max_bytes >= MB else f"{max_bytes} B"


class LoanUploadForm(forms.Form):
    contract_version = forms.ChoiceField(
        label=_("data contract version"),
        choices=[(CONTRACT_VERSION, f"v{CONTRACT_VERSION}")],
        initial=CONTRACT_VERSION,
        help_text=_("The version of the loan-level data contract the file follows."),
    )
    file = forms.FileField(
        label=_("loan-level data file"),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("No file was received: choose the file again."),
        },
        widget=forms.FileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )

    def __init__(self, *args, max_bytes: int, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes, self.too_large = max_bytes, too_large
        self.fields["file"].help_text = _("CSV (UTF-8), Parquet or Excel .xlsx, at most %(size)s.") % {
            "size": size_text(max_bytes)
        }
        if too_large:
            # The upload was cut off while it was received: say why, rather than "choose a file".
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > self.max_bytes):
            raise forms.ValidationError(
                _("The file is larger than %(size)s: split it into several files and upload each."),
                code="too_large",
                params={"size": size_text(self.max_bytes)},
            )
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                _("“%(name)s” is not a CSV, Parquet or Excel .xlsx file."),
                code="suffix",
                params={"name": upload.name},
            )
        return upload
