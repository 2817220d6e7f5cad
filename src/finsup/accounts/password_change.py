"""Changing one's own password: Django's validators (with the history, passwords.py) and the audit."""

from __future__ import annotations

from django.db import transaction

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record


@transaction.atomic
def password_change(*, user, new_password: str):
    """The form has checked the old password and the validators; the history row is written by
    PasswordHistoryValidator.password_changed when the user is saved."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(action=AuditAction.UPDATE, obj=user, changes={"password": [None, "changed"]})
    return user
