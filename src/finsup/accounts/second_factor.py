"""The second factor of a login: a TOTP authenticator app (django-otp), with one-time recovery
codes for when the phone is lost. Required of the roles in FINSUP_OTP_REQUIRED_ROLES; a user who
enrolled of their own accord is always asked too. Every enrolment, use of a recovery code, new
set of codes, reset and wrong code goes to the audit trail; wrong codes count towards the login
throttles (accounts/throttle.py).

Recovery codes are stored as keyed hashes (HMAC with FINSUP_LOOKUP_KEY), never in clear: the
user sees them once."""

from __future__ import annotations

import base64
import hashlib
import hmac

import segno
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError
from finsup.core.request_context import current_actor

from .errors import Code
from .models import AuthFailure
from .throttle import auth_failure_record, otp_throttled

TOTP_TYPE, STATIC_TYPE = "otp_totp.totpdevice", "otp_static.staticdevice"


class WrongCode(ApplicationError):
    code = "otp_wrong_code"


class CodesLocked(ApplicationError):
    code = "otp_locked"


def otp_required(user) -> bool:
    roles = settings.FINSUP_OTP_REQUIRED_ROLES
    return bool(roles) and (user.role in roles or user.is_superuser)


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _audit(action, user, object_type: str, object_id, changes: dict, label: str | None = None) -> None:
    audit_record(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=label or str(user),
        office_path=user.audit_office_path,
        changes=changes,
    )


def _digest(code: str) -> str:
    normal = "".join(code.split()).replace("-", "").lower()
    return hmac.new(settings.FINSUP_LOOKUP_KEY.encode(), normal.encode(), hashlib.sha256).hexdigest()[:16]


def _new_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.FINSUP_OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_digest(c)) for c in codes)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


# Enrolment ------------------------------------------------------------------------------------


def otp_enrol_device(*, user) -> TOTPDevice:
    """The unconfirmed device an enrolment shows (the same one until confirmed, so a reload does not
    change the secret the user may already have scanned)."""
    return totp_device(user, confirmed=False) or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def otp_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed: Base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def otp_qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def otp_enrol_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirms the device with a first code; returns the recovery codes (shown once). A wrong code
    is counted outside the transaction, so that it stays counted."""
    if has_second_factor(user):
        raise ApplicationError(
            _("You already have an authenticator. Ask a leader to reset it first."), code=Code.AUTHENTICATOR_EXISTS
        )
    _check_not_locked(user)
    if not device.verify_token(_digits(code)):
        raise _wrong(user)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
        codes = _new_codes(static)
        _audit(
            AuditAction.CREATE,
            user,
            TOTP_TYPE,
            device.pk,
            {"second_factor": [None, "totp"], "recovery_codes": [None, len(codes)]},
        )
    return codes


# Verification ---------------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join((code or "").split())


def _check_not_locked(user) -> None:
    if otp_throttled(username=user.get_username()):
        raise CodesLocked(_("Too many wrong codes. Log in again in 30 minutes, or ask a leader to help."))


def _wrong(user) -> WrongCode:
    """Counts the wrong code (in its own write, kept when the caller's transaction rolls back)."""
    auth_failure_record(kind=AuthFailure.Kind.OTP, username=user.get_username(), address=current_actor().address)
    _audit(
        AuditAction.LOGIN_FAILED,
        user,
        "accounts.user",
        user.pk,
        {"second_factor": [None, "wrong_code"]},
        label=user.get_username(),
    )
    return WrongCode(_("The code is wrong or has expired. Enter the current code from your authenticator."))


def otp_verify(*, user, code: str):
    """The device that accepts `code` (a 6-digit code or a recovery code), or WrongCode/CodesLocked.
    A recovery code is spent and its use audited."""
    _check_not_locked(user)
    code = _digits(code)
    six_digits = code.isdigit() and len(code) == 6  # else a recovery code ("abcd-efgh")
    with transaction.atomic():
        device = totp_device(user)
        if (
            device is not None
            and six_digits
            and TOTPDevice.objects.select_for_update().get(pk=device.pk).verify_token(code)
        ):
            _audit(AuditAction.LOGIN, user, TOTP_TYPE, device.pk, {"second_factor": [None, "totp"]})
            return TOTPDevice.objects.get(pk=device.pk)
        static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if static is not None and not six_digits and static.verify_token(_digest(code)):
            left = static.token_set.count()
            _audit(
                AuditAction.LOGIN,
                user,
                STATIC_TYPE,
                static.pk,
                {"second_factor": [None, "recovery_code"], "recovery_codes": [left + 1, left]},
            )
            return static
    raise _wrong(user)


def recovery_codes_regenerate(*, user, code: str) -> list[str]:
    """A new set of recovery codes (the old ones stop working), confirmed with a current code."""
    _check_not_locked(user)
    device = totp_device(user)
    if device is None:
        raise ApplicationError(_("Set up an authenticator first."), code=Code.AUTHENTICATOR_REQUIRED)
    with transaction.atomic():
        accepted = TOTPDevice.objects.select_for_update().get(pk=device.pk).verify_token(_digits(code))
    if not accepted:
        raise _wrong(user)
    with transaction.atomic():
        static, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
        before = static.token_set.count()
        codes = _new_codes(static)
        _audit(AuditAction.UPDATE, user, STATIC_TYPE, static.pk, {"recovery_codes": [before, len(codes)]})
    return codes


@transaction.atomic
@transaction.atomic
def otp_reset(*, by, user) -> None:
    """A leader removes a user's authenticator and recovery codes (a lost phone): the user enrols
    again at the next login. Never one's own (that takes a second person). `by` is None for an
    operator at the command line (`finsup users reset-otp`), for an office with no leader at hand."""
    if by is not None and by.pk == user.pk:
        raise ApplicationError(
            _("You cannot reset your own authenticator; ask another leader."), code=Code.RESET_OWN_AUTHENTICATOR
        )
    devices = list(TOTPDevice.objects.filter(user=user)) + list(StaticDevice.objects.filter(user=user))
    if not any(isinstance(d, TOTPDevice) and d.confirmed for d in devices):
        raise ApplicationError(_("This user has no authenticator to reset."), code=Code.NO_AUTHENTICATOR)
    for d in devices:
        d.delete()
    _audit(AuditAction.DELETE, user, TOTP_TYPE, user.pk, {"second_factor": ["totp", None]})
