"""Mapping service errors onto forms, so bad input is shown next to the field and saves nothing."""

from django.core.exceptions import ValidationError

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
