"""Staff and oversight accounts created by an operator (`finsup users`): the first accounts of a new
install, and those of people who join later. Institution users are created by their office in the
registry; nobody gets an account any other way (there is no admin site)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError

from .choices import OversightBody, Role
from .errors import Code
from .models import Office
from .second_factor import otp_reset

OPERATOR_ROLES = [r for r in Role if r != Role.INSTITUTION]


def staff_account_create(
    *,
    username: str,
    role: str,
    office_code: str,
    password: str,
    display_name: str = "",
    email: str = "",
    oversight_body: str = "",
):
    """A user of an office (a staff role, or the oversight role with its body). The password must pass
    the platform's password rules; the account is audited like every write."""
    User = get_user_model()
    if role not in OPERATOR_ROLES:
        raise ApplicationError(f"unknown role {role!r} (one of {', '.join(OPERATOR_ROLES)})", code=Code.UNKNOWN_ROLE)
    if (role == Role.OVERSIGHT) != bool(oversight_body):
        raise ApplicationError(
            "--oversight-body is required for the oversight role, and only for it", code=Code.OVERSIGHT_BODY_MISMATCH
        )
    if oversight_body and oversight_body not in OversightBody.values:
        raise ApplicationError(
            f"unknown oversight body {oversight_body!r} (one of {', '.join(OversightBody.values)})",
            code=Code.UNKNOWN_OVERSIGHT_BODY,
        )
    office = Office.objects.filter(code=office_code).first()
    if office is None:
        raise ApplicationError(f"no office with the code {office_code!r}", code=Code.UNKNOWN_OFFICE)
    if User.objects.filter(username=username).exists():
        raise ApplicationError(f"the username {username!r} is taken", code=Code.USERNAME_TAKEN)
    user = User(
        username=username,
        role=role,
        office=office,
        display_name=display_name,
        email=email,
        oversight_body=oversight_body,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(action=AuditAction.CREATE, obj=user, changes=_public_fields(user))
    return user


def account_set_password(*, username: str, password: str):
    user = _existing(username)
    validate_password(password, user)
    user.set_password(password)
    return _save(user, "password", ["***", "***"])


def account_set_active(*, username: str, active: bool):
    user = _existing(username)
    before, user.is_active = user.is_active, active
    return _save(user, "is_active", [before, active])


def account_reset_second_factor(*, username: str):
    user = _existing(username)
    otp_reset(by=None, user=user)
    return user


def _existing(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ApplicationError(f"no user {username!r}", code=Code.UNKNOWN_USER)
    return user


def _save(user, field: str, change: list):
    with transaction.atomic():
        user.save(update_fields=[field])
        audit_record(action=AuditAction.UPDATE, obj=user, changes={field: change})
    return user


def _public_fields(user) -> dict:
    fields = ("username", "role", "display_name", "email", "oversight_body")
    return {name: [None, getattr(user, name)] for name in fields} | {"office": [None, user.office.code]}
