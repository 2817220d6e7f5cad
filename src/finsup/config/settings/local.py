"""A single-machine install (`make run`): SQLite under var/ unless DATABASE_URL says otherwise.

Secrets are generated once under var/secrets/ unless given in the environment.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR
from .secrets import local_secret

DEBUG = os.environ.get("FINSUP_DEBUG") == "1"
SECRET_KEY = os.environ.get("FINSUP_SECRET_KEY") or local_secret(VAR_DIR, "secret_key")
FINSUP_FIELD_KEYS = [k for k in os.environ.get("FINSUP_FIELD_KEYS", "").split(",") if k] or [
    local_secret(VAR_DIR, "field_key", fernet=True)
]
FINSUP_LOOKUP_KEY = os.environ.get("FINSUP_LOOKUP_KEY") or local_secret(VAR_DIR, "lookup_key")
FINSUP_AUDIT_SIGNING_KEY = os.environ.get("FINSUP_AUDIT_SIGNING_KEY") or local_secret(
    VAR_DIR, "audit_signing_key", fernet=True
)
