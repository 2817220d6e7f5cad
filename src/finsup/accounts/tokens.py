"""API tokens for institutions' systems: shown once, stored as a SHA-256 hash, scoped to one
institution, revocable. Format: fsk_<8-char public prefix>_<secret>."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core.errors import ApplicationError, PermissionDenied

from .errors import Code
from .models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, by, name: str) -> tuple[ApiToken, str]:
    """A new token for the user's institution; returns the record and the clear token (shown once)."""
    if not by.institution_id:
        raise PermissionDenied(
            _("Only an institution's users create API tokens for it."), code=Code.TOKEN_FOR_INSTITUTION_USERS
        )
    name = name.strip()
    if not name:
        raise ApplicationError(
            _("Give the token a name, e.g. the system that will use it."), field="name", code=Code.TOKEN_NAME_REQUIRED
        )
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    clear = f"fsk_{prefix}_{secret}"
    token = ApiToken.objects.create(
        institution_id=by.institution_id, user=by, name=name[:100], prefix=prefix, digest=_digest(clear)
    )
    audit_record(action=AuditAction.CREATE, obj=token, changes={"name": [None, token.name], "prefix": [None, prefix]})
    return token, clear


@transaction.atomic
def api_token_revoke(*, by, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if by.institution_id != token.institution_id:
        raise PermissionDenied(
            _("Only the institution's own users revoke its API tokens."), code=Code.TOKEN_OF_OTHER_INSTITUTION
        )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action=AuditAction.UPDATE, obj=token, changes={"revoked_at": [None, token.revoked_at]})
    return token


def api_token_authenticate(clear: str):
    """The token's user if the token is valid and not revoked, else None. Constant-time by design:
    the lookup is by the hash of the whole token."""
    if not clear or not clear.startswith("fsk_"):
        return None
    token = (
        ApiToken.objects.select_related("user", "institution")
        .filter(digest=_digest(clear), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active or token.user.institution_id != token.institution_id:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
