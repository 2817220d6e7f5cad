"""The inputs the qualification's services share: a line of text, a day not in the future, and a
new record's filled fields as the audit trail keeps them."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from finsup.audit.services import diff, snapshot
from finsup.core import clock
from finsup.core.errors import ApplicationError

from .errors import Code


def text(value, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def past_day(value, field: str = "on") -> datetime.date:
    if not isinstance(value, datetime.date) or value > clock.today():
        raise ApplicationError(_("Give a date: today or earlier."), field=field, code=Code.DATE_INVALID)
    return value


def written(record) -> dict:
    """The record's filled fields as the audit trail keeps them (personal data masked)."""
    return {k: v for k, v in diff(None, snapshot(record)).items() if v[1] not in ("", None)}
