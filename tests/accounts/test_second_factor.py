"""The second factor: enrolment, the code step, recovery codes, the lockout of wrong codes, the
leaders' reset, and what the gate lets an unfinished login reach."""

import re
import subprocess
import sys

import pytest
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from finsup.accounts import second_factor as sf
from finsup.accounts.models import AuthFailure
from finsup.audit.models import AuditEntry
from tests import factories as f

from .totp import T0, code_at, device_clock

# The devices' own slow-down after a wrong code reads the wall clock: off here (our lockout is tested).
REQUIRED = override_settings(
    FINSUP_OTP_REQUIRED_ROLES=["leader", "clerk", "lead_supervisor"],
    OTP_TOTP_THROTTLE_FACTOR=0,
    OTP_STATIC_THROTTLE_FACTOR=0,
)


def _login(client, username, address="10.0.0.5"):
    return client.post("/accounts/login/", {"username": username, "password": f.PASSWORD}, REMOTE_ADDR=address)


def _enrolled(user, at=T0):
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    with device_clock(at):
        codes = sf.otp_enrol_confirm(user=user, device=device, code=code_at(device.key, at))
    return TOTPDevice.objects.get(pk=device.pk), codes


@REQUIRED
def test_a_required_role_enrols_before_anything_else(world, client):
    assert _login(client, "lanshan_clerk").status_code == 302
    # Every page, and the API by session, waits for the second factor.
    response = client.get("/institutions/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/enrol/?next=%2Finstitutions%2F"
    api = client.get("/api/v1/institutions/")
    assert api.status_code == 403 and api.json()["code"] == "login_incomplete"
    assert client.get("/accounts/otp/").status_code == 302  # nothing to verify yet: to enrolment

    page = client.get("/accounts/otp/enrol/")
    html = page.content.decode()
    assert page.status_code == 200 and 'src="data:image/svg+xml' in html and "no-store" in page["Cache-Control"]
    assert "设置两步验证" in html and "主导航" not in html  # no navigation before the login is finished
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    with device_clock(T0):
        wrong = client.post("/accounts/otp/enrol/", {"code": "000000" if code_at(secret, T0) != "000000" else "111111"})
        assert wrong.status_code == 400 and "验证码错误或已过期" in wrong.content.decode()
        done = client.post("/accounts/otp/enrol/", {"code": code_at(secret, T0), "next": "/institutions/"})
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", done.content.decode())
    assert done.status_code == 200 and len(codes) == 10 and "no-store" in done["Cache-Control"]
    assert client.get("/institutions/").status_code == 200
    # The codes are stored only as keyed hashes; the enrolment is audited.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    entry = AuditEntry.objects.filter(object_type="otp_totp.totpdevice", action="create").get()
    assert entry.actor.username == "lanshan_clerk" and entry.changes["recovery_codes"] == [None, 10]


@REQUIRED
def test_the_code_step_after_the_password(world, client):
    device, _codes = _enrolled(world.lanshan["clerk"])
    assert _login(client, "lanshan_clerk").status_code == 302
    assert client.get("/dashboard/")["Location"] == "/accounts/otp/?next=%2Fdashboard%2F"
    at = T0 + 30  # the next step: the enrolment used the code of T0's step
    with device_clock(at):
        response = client.post("/accounts/otp/", {"code": code_at(device.key, at), "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    assert AuditEntry.objects.filter(action="login", changes__second_factor=[None, "totp"]).count() == 1


@REQUIRED
def test_a_code_is_used_once(world, client):
    device, _codes = _enrolled(world.lanshan["clerk"])
    _login(client, "lanshan_clerk")
    with device_clock(T0 + 5):  # the code of the enrolment's own step, again
        response = client.post("/accounts/otp/", {"code": code_at(device.key, T0)})
    assert response.status_code == 400 and client.get("/dashboard/").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_user_who_enrolled_unasked_is_always_asked(world, client):
    _enrolled(world.city["inspector"])
    _login(client, "city_inspector")
    assert client.get("/dashboard/").status_code == 302


def test_without_a_required_role_the_password_is_enough(world, client):
    """The local and test settings: demo logins work with the password alone."""
    _login(client, "city_leader")
    assert client.get("/dashboard/").status_code == 200


@REQUIRED
def test_a_recovery_code_works_once_and_is_audited(world, client):
    _device, codes = _enrolled(world.lanshan["clerk"])
    _login(client, "lanshan_clerk")
    response = client.post("/accounts/otp/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302 and client.get("/dashboard/").status_code == 200
    entry = AuditEntry.objects.get(action="login", object_type="otp_static.staticdevice")
    assert entry.changes == {"second_factor": [None, "recovery_code"], "recovery_codes": [10, 9]}
    client.post("/accounts/logout/")
    _login(client, "lanshan_clerk")
    assert client.post("/accounts/otp/", {"code": codes[3]}).status_code == 400


@REQUIRED
@override_settings(FINSUP_LOGIN_THROTTLE={"address": (30, 900), "username": (20, 3600), "otp": (3, 1800)})
def test_wrong_codes_lock_the_code_step_and_count_as_failures(world, client):
    device, _codes = _enrolled(world.lanshan["clerk"])
    _login(client, "lanshan_clerk")
    right = code_at(device.key, T0 + 30)
    wrong = "123456" if right != "123456" else "654321"
    with device_clock(T0 + 30):
        for _ in range(3):
            assert client.post("/accounts/otp/", {"code": wrong}).status_code == 400
        locked = client.post("/accounts/otp/", {"code": right})
    assert locked.status_code == 429 and "验证码错误次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # the half-open session ended
    assert AuthFailure.objects.filter(kind="otp", username="lanshan_clerk").count() == 3
    assert AuditEntry.objects.filter(action="login_failed", changes__second_factor=[None, "wrong_code"]).count() == 3


@REQUIRED
def test_new_recovery_codes_replace_the_old(world, client):
    device, old = _enrolled(world.lanshan["clerk"])
    client.force_login(world.lanshan["clerk"])
    with device_clock(T0 + 30):
        client.post("/accounts/otp/", {"code": code_at(device.key, T0 + 30)})
    with device_clock(T0 + 60):
        page = client.post("/accounts/security/", {"code": code_at(device.key, T0 + 60)})
    new = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    user = world.lanshan["clerk"]
    with pytest.raises(sf.WrongCode):
        sf.otp_verify(user=user, code=old[0])
    assert isinstance(sf.otp_verify(user=user, code=new[0]), sf.StaticDevice)
    assert AuditEntry.objects.filter(action="update", object_type="otp_static.staticdevice").count() == 1


def test_a_leader_resets_a_lost_authenticator_in_the_jurisdiction(world, client):
    clerk = world.lanshan["clerk"]
    _enrolled(clerk)
    url = f"/accounts/security/users/{clerk.pk}/reset/"
    client.force_login(world.luozhuang["leader"])
    assert client.post(url).status_code == 404  # another county
    client.force_login(world.lanshan["inspector"])
    assert client.post(url).status_code == 404  # not a leader
    client.force_login(world.lanshan["leader"])
    listing = client.get("/accounts/security/users/").content.decode()
    assert clerk.display_name in listing and world.luozhuang["clerk"].display_name not in listing
    assert client.post(url).status_code == 302
    assert not sf.has_second_factor(clerk) and not StaticToken.objects.filter(device__user=clerk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="otp_totp.totpdevice")
    assert entry.actor == world.lanshan["leader"] and entry.changes == {"second_factor": ["totp", None]}
    _enrolled(world.lanshan["leader"])
    with pytest.raises(sf.ApplicationError):
        sf.otp_reset(by=world.lanshan["leader"], user=world.lanshan["leader"])  # never one's own


def test_production_requires_the_second_factor_of_every_office_role_and_the_oversight_bodies():
    from finsup.core.secrets_env import generate_secrets

    env = generate_secrets() | {"DJANGO_SETTINGS_MODULE": "finsup.config.settings.production", "PATH": "/usr/bin:/bin"}
    code = (
        "from django.conf import settings; "
        "print(sorted(settings.FINSUP_OTP_REQUIRED_ROLES), settings.FINSUP_PASSWORD_MAX_AGE_DAYS)"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "['auditor', 'clerk', 'inspector', 'lead_supervisor', 'leader', 'oversight'] 90", (
        out.stderr
    )


@REQUIRED
def test_an_htmx_request_of_an_unfinished_login_is_sent_to_the_step(world, client):
    _login(client, "lanshan_clerk")
    response = client.get("/institutions/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/otp/enrol/"


@REQUIRED
def test_a_reset_ends_the_sessions_that_used_the_authenticator(world, client):
    device, _codes = _enrolled(world.lanshan["clerk"])
    _login(client, "lanshan_clerk")
    with device_clock(T0 + 30):
        client.post("/accounts/otp/", {"code": code_at(device.key, T0 + 30)})
    assert client.get("/institutions/").status_code == 200
    sf.otp_reset(by=world.lanshan["leader"], user=world.lanshan["clerk"])
    response = client.get("/institutions/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
