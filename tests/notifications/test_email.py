"""Notifications are copied by e-mail to users who have an address, once committed."""

import pytest

from finsup.accounts.choices import Role
from finsup.notifications.models import Notification
from finsup.notifications.services import notify
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_committed_notification_is_mailed_to_each_user_with_an_address(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.FINSUP_BASE_URL = "https://finsup.example"
    a = f.make_user("mail_a", Role.LEAD_SUPERVISOR, "371302", email="a@example.org")
    b = f.make_user("mail_b", Role.CLERK, "371302", email="b@example.org")
    c = f.make_user("mail_c", Role.CLERK, "371302")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(users=[a, b, c], title="新的风险预警", body="请处理。", url="/warnings/1/") == 3
    assert Notification.objects.count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    message = mailoutbox[0]
    assert len(message.to) == 1 and "新的风险预警" in message.subject
    assert "https://finsup.example/warnings/1/" in message.body


def test_nothing_is_mailed_when_switched_off_or_not_committed(mailoutbox, django_capture_on_commit_callbacks, settings):
    a = f.make_user("mail_a", Role.LEAD_SUPERVISOR, "371302", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[a], title="t")
    assert mailoutbox == [] and len(callbacks) == 1  # waits for the commit
    settings.FINSUP_NOTIFY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[a], title="t2")
    assert mailoutbox == []


def test_a_failing_mail_server_does_not_undo_the_notification(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    a = f.make_user("mail_a", Role.LEAD_SUPERVISOR, "371302", email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[a], title="t")
    assert Notification.objects.filter(user=a).count() == 1
