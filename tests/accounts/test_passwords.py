"""Password history and expiry (FINSUP_PASSWORD_HISTORY, FINSUP_PASSWORD_MAX_AGE_DAYS)."""

import datetime
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from finsup.accounts.models import PasswordHistory
from finsup.accounts.passwords import password_expired, password_set_at
from finsup.audit.models import AuditEntry
from tests import factories as f

NEW = ["Yimeng-Mountain-2026", "Yihe-River-Bridge-2027", "Mengshan-Tea-Garden-28"]


def _change(client, old, new):
    return client.post(
        "/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new}, follow=False
    )


@override_settings(FINSUP_PASSWORD_HISTORY=2)
def test_a_new_password_may_not_repeat_the_last_ones(world, client):
    user = world.lanshan["clerk"]
    client.force_login(user)
    same = _change(client, f.PASSWORD, f.PASSWORD)
    assert same.status_code == 200 and "不得与最近 2 次使用过的密码相同" in same.content.decode()
    assert _change(client, f.PASSWORD, NEW[0]).status_code == 302
    assert _change(client, NEW[0], NEW[1]).status_code == 302
    assert _change(client, NEW[1], NEW[0]).status_code == 200  # one of the last two
    assert _change(client, NEW[1], f.PASSWORD).status_code == 302  # three back: allowed again
    assert PasswordHistory.objects.filter(user=user).count() == 4  # creation and three changes
    changes = AuditEntry.objects.filter(action="update", object_type="accounts.user", object_id=str(user.pk))
    assert changes.count() == 3 and changes.first().changes == {"password": [None, "changed"]}


def test_the_history_is_append_only(world):
    row = PasswordHistory.objects.filter(user=world.lanshan["clerk"]).first()
    with pytest.raises(ValueError):
        row.delete()
    with pytest.raises(ValueError):
        row.save()


@override_settings(FINSUP_PASSWORD_MAX_AGE_DAYS=90)
def test_expiry_is_measured_from_the_last_change(world):
    user = world.lanshan["clerk"]
    set_at = password_set_at(user)
    assert not password_expired(user, now=set_at + datetime.timedelta(days=90))
    assert password_expired(user, now=set_at + datetime.timedelta(days=90, seconds=1))
    with override_settings(FINSUP_PASSWORD_MAX_AGE_DAYS=0):
        assert not password_expired(user, now=set_at + datetime.timedelta(days=3650))


@override_settings(FINSUP_PASSWORD_MAX_AGE_DAYS=90)
def test_an_old_password_sends_the_user_to_change_it(world, client):
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now - datetime.timedelta(days=100)):
        f.make_user("old_password_clerk", "clerk", "371302")
    response = client.post("/accounts/login/", {"username": "old_password_clerk", "password": f.PASSWORD})
    assert response.status_code == 302
    page = client.get("/institutions/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/password/")
    form = client.get("/accounts/password/")
    assert "您的密码已过期" in form.content.decode()
    assert _change(client, f.PASSWORD, NEW[2])["Location"] == "/dashboard/"
    assert client.get("/institutions/").status_code == 200


def test_demo_style_logins_are_not_sent_to_change_a_password(world, client):
    """Local and test settings: no expiry."""
    client.post("/accounts/login/", {"username": "city_leader", "password": f.PASSWORD})
    assert client.get("/institutions/").status_code == 200
