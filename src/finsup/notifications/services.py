from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification


@transaction.atomic
def notify(*, users: Iterable, title: str, body: str = "", url: str = "", key: str = "") -> int:
    """Sends a notification to each user; with a key, a user gets it once however often it is sent."""
    sent = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        Notification.objects.create(user=user, title=title[:200], body=body, url=url, key=key[:200])
        sent += 1
    return sent


def notification_mark_read(*, user, pk: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
