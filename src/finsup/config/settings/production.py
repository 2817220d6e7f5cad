"""Production: every secret from the environment; refuses to start without them."""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from finsup.audit.algorithms import signer  # no Django inside: usable while settings load

from .base import *  # noqa: F403
from .base import FINSUP_AUDIT_SIGNATURE, FINSUP_AUDIT_SIGNING_KEY, FINSUP_FIELD_KEYS, FINSUP_LOOKUP_KEY
from .environment import env_flag, env_int, env_list, env_str


def _require(name: str, value: str, min_length: int) -> str:
    if len(value) < min_length or value.startswith("django-insecure") or len(set(value)) < 10:
        raise ImproperlyConfigured(f"{name} must be set to a real secret of at least {min_length} characters")
    return value


SECRET_KEY = _require("FINSUP_SECRET_KEY", env_str("FINSUP_SECRET_KEY"), 50)
_require("FINSUP_LOOKUP_KEY", FINSUP_LOOKUP_KEY, 32)
if not FINSUP_FIELD_KEYS:
    raise ImproperlyConfigured("FINSUP_FIELD_KEYS must list at least one Fernet key")
for _key in FINSUP_FIELD_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured("FINSUP_FIELD_KEYS holds a value that is not a Fernet key") from None
# The key that signs the audit chain's checkpoints (32 random bytes, base64); unanchored entries fail verify.
_require("FINSUP_AUDIT_SIGNING_KEY", FINSUP_AUDIT_SIGNING_KEY, 43)
try:
    signer(FINSUP_AUDIT_SIGNATURE, FINSUP_AUDIT_SIGNING_KEY)
except ValueError as exc:
    raise ImproperlyConfigured(f"FINSUP_AUDIT_SIGNING_KEY: {exc}") from None
# Stricter than base.py: an entry left unanchored fails `audit verify` unless FINSUP_AUDIT_ANCHOR_REQUIRED=0.
FINSUP_AUDIT_ANCHOR_REQUIRED = env_flag("FINSUP_AUDIT_ANCHOR_REQUIRED", True)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_flag("FINSUP_SSL_REDIRECT", True)
# The monitoring system polls gunicorn itself, over plain HTTP on 127.0.0.1 (docs/operations.md).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("FINSUP_CSRF_TRUSTED_ORIGINS")

# Second factor for every office role and the oversight bodies (institution users may enrol of their
# own accord); a comma-separated list of roles in FINSUP_OTP_REQUIRED_ROLES overrides it.
FINSUP_OTP_REQUIRED_ROLES = env_list(
    "FINSUP_OTP_REQUIRED_ROLES", "leader,lead_supervisor,inspector,clerk,auditor,oversight"
)
# Passwords expire after 90 days here (base.py: never); FINSUP_PASSWORD_MAX_AGE_DAYS overrides it.
FINSUP_PASSWORD_MAX_AGE_DAYS = env_int("FINSUP_PASSWORD_MAX_AGE_DAYS", 90)
