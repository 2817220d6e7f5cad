"""The test suite: fixed throwaway keys, fast hashing, a temporary var directory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-any-real-install-0123456789abcdef"
FINSUP_FIELD_KEYS = ["9no5PXoHvFCuNeKYc9i5oZ5h8WbeaDOHhdcH-CZnd-8="]
FINSUP_LOOKUP_KEY = "test-only-lookup-key-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="finsup-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
FINSUP_LOAN_STORE = Path(tempfile.mkdtemp(prefix="finsup-loans-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="finsup-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
FINSUP_CAPTCHA_DETERMINISTIC = True  # the browser test answers the captcha (3 + 4)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
FINSUP_AUDIT_SIGNING_KEY = "dGVzdC1vbmx5LWF1ZGl0LXNpZ25pbmcta2V5LTAwMDA="  # 32 bytes, tests only
FINSUP_AUDIT_ANCHOR_DIR = Path(tempfile.mkdtemp(prefix="finsup-anchors-"))
# A task runs when it is enqueued, inside the test's transaction (the PDF of a sign-off is ready when
# the sign-off returns); tests/documents/test_pdf_queue.py runs the database queue and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# On PostgreSQL, no parallel workers and no JIT compilation for a query, and commits not waiting for the
# disk: the test database is small and thrown away, and CI runs the SQLite pass on the other core,
# from which parallel workers and the JIT would only take time.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c max_parallel_workers_per_gather=0 -c jit=off -c synchronous_commit=off"
    )
