"""Mapping service errors onto forms, so bad input is shown next to the field and saves nothing;
the staff picker every form shares."""

from django import forms
from django.core.exceptions import ValidationError

from finsup.accounts.selectors import staff_label
from finsup.core.errors import ApplicationError


def add_service_error(form, error: ApplicationError | ValidationError) -> None:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)


class StaffChoiceField(forms.ModelChoiceField):
    """A picker of staff (accounts.selectors.staff_pick), each shown with office and role."""

    def label_from_instance(self, obj) -> str:
        return staff_label(obj)
