import datetime
import os
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finsup.audit.models import AuditEntry
from finsup.core import clock
from tests import factories as f


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from finsup.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("weak", ["short1A!", "alllowercaseletters", "1234567890123", "linyilinyi2026"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_strong_password_is_accepted():
    validate_password("Yimeng-Mountain-2026")


def test_five_failed_logins_lock_the_account(world, client):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "city_leader", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "city_leader", "password": f.PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", object_repr="city_leader").count() >= 5


def test_successful_login_is_audited_with_address(world, client):
    response = client.post(
        "/accounts/login/", {"username": "lanshan_clerk", "password": f.PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="login").latest("seq")
    assert entry.actor.username == "lanshan_clerk" and entry.address == "10.1.2.3"


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_REFRESH_SECONDS <= 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY


def _session_writes(client, at):
    with clock.at(at), CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_a_session_in_use_is_written_once_a_minute_not_on_every_request(world, client):
    """Its idle half hour starts again when it is refreshed: within the minute a page only reads it."""
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with clock.at(start):
        client.force_login(world.lanshan["clerk"])  # saved at sign-in: its first refresh
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert _session_writes(client, start + datetime.timedelta(seconds=1)) == []
    assert _session_writes(client, start + datetime.timedelta(seconds=30)) == []
    assert _session_writes(client, start + datetime.timedelta(seconds=59)) == []
    assert _session_writes(client, start + datetime.timedelta(seconds=61))
    assert Session.objects.get(session_key=client.session.session_key).expire_date >= expires
    assert client.session["_refreshed_at"] == int((start + datetime.timedelta(seconds=61)).timestamp())
    # a clock set back (a refresh stamped later than now) refreshes too, rather than never again
    assert _session_writes(client, start - datetime.timedelta(days=1))


def test_a_visitor_without_a_session_gets_none_written(db, client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("django_session" in q["sql"] for q in queries)


def test_security_headers(world, client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lanshan["clerk"])
    response = client.post(f"/institutions/{world.inst_lanshan.pk}/edit/", {"name": "x"})
    assert response.status_code == 403


def _start_production(extra_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSUP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # A var directory of its own: the checkout's var/ may hold `make run`'s database, whose personal data
    # were written under other keys (the check would rightly refuse to start).
    with tempfile.TemporaryDirectory(prefix="finsup-production-check-") as var_dir:
        env.update({"DJANGO_SETTINGS_MODULE": "finsup.config.settings.production", "FINSUP_VAR_DIR": var_dir})
        env.update(extra_env)
        return subprocess.run(
            [sys.executable, "-m", "finsup.manage", "check", "--deploy"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    result = _start_production({})
    assert result.returncode != 0 and "FINSUP_SECRET_KEY" in result.stderr
    result = _start_production({"FINSUP_SECRET_KEY": "django-insecure-" + "x" * 60})
    assert result.returncode != 0 and "FINSUP_SECRET_KEY" in result.stderr


def test_production_settings_start_with_real_secrets():
    from cryptography.fernet import Fernet

    result = _start_production(
        {
            "FINSUP_SECRET_KEY": "k7#Vq2!pZr9@Lm4$Wx8^Tn1&Yb6*Hc3(Jd5)Fg0-Se2+Ua7=Oi9?",
            "FINSUP_LOOKUP_KEY": "Nw3-Rt8-Yu1-Io5-Pa7-Sd2-Fg9-Hj4-Kl6",
            "FINSUP_FIELD_KEYS": Fernet.generate_key().decode(),
            "FINSUP_AUDIT_SIGNING_KEY": "q1Xb0mYc9Jr4Tn7Wv2Lk5Pz8Hs3Fd6Ga1Qe4Ru7Iy0o=",
        }
    )
    assert result.returncode == 0, result.stderr


def test_no_secret_is_committed():
    """The repository holds no generated secret: local ones live under var/ (ignored by git)."""
    root = settings.BASE_DIR
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True).stdout.split()
    assert not [p for p in tracked if p.startswith("var/") or "secret_key" in p]
