"""A single-machine install (`make run`): SQLite under var/ unless DATABASE_URL says otherwise.

Secrets come from the environment or var/secrets/; they are generated there only for a new
install (see secrets.py: never a new key over existing data).
"""

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    FINSUP_AUDIT_SIGNING_KEY,
    FINSUP_FIELD_KEYS,
    FINSUP_LOAN_KEY_LAYERS,
    FINSUP_LOOKUP_KEY,
    VAR_DIR,
)
from .environment import env_flag, env_str
from .secrets import database_exists, key_list, local_secret

DEBUG = env_flag("FINSUP_DEBUG", False)
_NEW_INSTALL = not database_exists(DATABASES["default"])
# The Django secret signs sessions and the captcha only: a new one logs everybody out, no more.
SECRET_KEY = env_str("FINSUP_SECRET_KEY") or local_secret(VAR_DIR, "secret_key")
# The keys of base.py (from the environment), else those of var/secrets/.
FINSUP_FIELD_KEYS = FINSUP_FIELD_KEYS or key_list(local_secret(VAR_DIR, "field_key", fernet=True, create=_NEW_INSTALL))
FINSUP_LOOKUP_KEY = FINSUP_LOOKUP_KEY or local_secret(VAR_DIR, "lookup_key", create=_NEW_INSTALL)
FINSUP_LOAN_KEY_LAYERS = FINSUP_LOAN_KEY_LAYERS or key_list(local_secret(VAR_DIR, "loan_key_layers", create=False))
FINSUP_SECRETS_MISSING = [
    name for name, value in (("field_key", FINSUP_FIELD_KEYS), ("lookup_key", FINSUP_LOOKUP_KEY)) if not value
]
# Signs the audit checkpoints only: a new one makes old checkpoints "untrusted key" in verify, loudly.
FINSUP_AUDIT_SIGNING_KEY = FINSUP_AUDIT_SIGNING_KEY or local_secret(VAR_DIR, "audit_signing_key", fernet=True)
