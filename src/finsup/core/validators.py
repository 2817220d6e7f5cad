"""Identifiers with check characters: unified social credit codes (GB 32100-2015) and resident
ID numbers (GB 11643-1999), validated with python-stdnum; messages in the user's language."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError


def normalize_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_credit_code(value: str) -> None:
    try:
        uscc.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("The check character of unified social credit code %(value)s is wrong."),
            code="credit_code_checksum",
            params={"value": value},
        ) from None
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a unified social credit code (18 characters, GB 32100-2015)."),
            code="credit_code_format",
            params={"value": value},
        ) from None


def normalize_id_number(value: str) -> str:
    return ric.compact(value or "")


def validate_id_number(value: str) -> None:
    try:
        ric.validate(value)
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit of the resident ID number is wrong."),
            code="id_number_checksum",
        ) from None
    except StdnumError:
        raise ValidationError(
            _("This is not a valid resident ID number (18 characters, GB 11643-1999)."),
            code="id_number_format",
        ) from None
