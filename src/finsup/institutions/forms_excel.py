from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .excel_import import MAX_BYTES, MAX_ROWS


class InstitutionImportForm(forms.Form):
    # The file itself is checked by the import service, so that every caller gets the same checks.
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=format_lazy(_("At most {size} MB and {rows} rows."), size=MAX_BYTES // (1024 * 1024), rows=MAX_ROWS),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
