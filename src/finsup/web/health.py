"""`/healthz` for the monitoring system (and nginx or a load balancer): is this instance able to serve?

It answers 200 when the database answers and the folders the platform writes to (loan store, media)
are writable (or can be created), otherwise 503, with one word per check and nothing else: no version, no counts, no
paths, so it can be public."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy", which is the answer
        return False


def _writable(folder) -> bool:
    """The folder, or the nearest existing folder above it (it is created on first use), is writable."""
    path = Path(folder)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def checks() -> dict[str, bool]:
    return {
        "database": _database(),
        "loan_store": _writable(settings.FINSUP_LOAN_STORE),
        "media": _writable(settings.MEDIA_ROOT),
    }


@never_cache
@require_GET
def healthz(request):
    results = checks()
    healthy = all(results.values())
    body = {"status": "ok" if healthy else "failing"} | {k: "ok" if v else "failing" for k, v in results.items()}
    return JsonResponse(body, status=200 if healthy else 503)
