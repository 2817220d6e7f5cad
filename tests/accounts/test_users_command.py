"""`finsup users`: the operator's way to create the first accounts of an install."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from finsup.accounts.models import User
from finsup.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = "Linyi-Ops-2026!"


def test_add_creates_an_audited_account_that_can_log_in(client, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", GOOD)
    call_command(
        "users",
        "add",
        "ops_leader",
        "--role",
        "leader",
        "--office",
        "371300",
        "--name",
        "张三",
        "--password-env",
        "NEW_PASSWORD",
    )
    user = User.objects.get(username="ops_leader")
    assert (user.role, user.office.code, user.display_name) == ("leader", "371300", "张三")
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk), action="create")
    assert entry.channel == "command" and entry.actor_label == "command:users add"
    assert "password" not in entry.changes and GOOD not in str(entry.changes)
    assert _logs_in(client, "ops_leader", GOOD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "leader", "--office", "999999"], "no office"),
        (["--role", "oversight", "--office", "371300"], "--oversight-body"),
        (["--role", "leader", "--office", "371300", "--oversight-body", "court"], "--oversight-body"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(monkeypatch, args, message):
    monkeypatch.setenv("NEW_PASSWORD", GOOD)
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("users", "add", "someone", *args, "--password-env", "NEW_PASSWORD")
    assert not User.objects.filter(username="someone").exists()
    assert AuditEntry.objects.count() == before


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "123456")
    with pytest.raises(CommandError, match="password refused"):
        call_command("users", "add", "weak", "--role", "clerk", "--office", "371302", "--password-env", "NEW_PASSWORD")
    assert not User.objects.filter(username="weak").exists()


def test_set_password_and_disable(client, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", GOOD)
    call_command("users", "add", "ops_clerk", "--role", "clerk", "--office", "371302", "--password-env", "NEW_PASSWORD")
    monkeypatch.setenv("NEW_PASSWORD", "Another-Pass-77")
    call_command("users", "set-password", "ops_clerk", "--password-env", "NEW_PASSWORD")
    assert _logs_in(client, "ops_clerk", "Another-Pass-77")
    call_command("users", "disable", "ops_clerk")
    assert not User.objects.get(username="ops_clerk").is_active
    assert AuditEntry.objects.filter(object_type="accounts.user", changes__is_active=[True, False]).exists()


def _logs_in(client, username, password) -> bool:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_reset_otp_removes_a_lost_authenticator_for_an_office_without_a_leader(monkeypatch):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    monkeypatch.setenv("NEW_PASSWORD", GOOD)
    call_command(
        "users", "add", "lost_phone", "--role", "inspector", "--office", "371302", "--password-env", "NEW_PASSWORD"
    )
    user = User.objects.get(username="lost_phone")
    with pytest.raises(CommandError, match="身份验证器"):
        call_command("users", "reset-otp", "lost_phone")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    call_command("users", "reset-otp", "lost_phone")
    assert not TOTPDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.filter(action="delete", object_id=str(user.pk)).latest("seq")
    assert (entry.channel, entry.actor_label) == ("command", "command:users reset-otp")
