import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils.translation import gettext as _

from finsup.core import clock

from .models import Notification

log = logging.getLogger(__name__)


@transaction.atomic
def notify(*, users: Iterable, title: str, body: str = "", url: str = "", key: str = "") -> int:
    """Sends a notification to each user; with a key, a user gets it once however often it is sent."""
    sent, mail_to = 0, []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        Notification.objects.create(user=user, title=title[:200], body=body, url=url, key=key[:200])
        sent += 1
        if user.email:
            mail_to.append(user.email)
    if mail_to and settings.FINSUP_NOTIFY_EMAIL:
        message = _mail(title=title[:200], body=body, url=url, to=mail_to)
        transaction.on_commit(lambda: _deliver(message))  # only what was committed is announced
    return sent


def _mail(*, title: str, body: str, url: str, to: list[str]) -> list[EmailMessage]:
    lines = [body] if body else []
    if url:
        lines.append(_("Open it in the platform: %(url)s") % {"url": settings.FINSUP_BASE_URL.rstrip("/") + url})
    platform = _("Linyi local financial supervision platform")
    subject = f"[{platform}] {title}"
    # One message per recipient: no one sees who else was told.
    return [EmailMessage(subject=subject, body="\n\n".join(lines), to=[address]) for address in to]


def _deliver(messages: list[EmailMessage]) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception:  # e-mail is a copy: the notification in the platform stands whatever happens
        log.exception("notification e-mail not delivered to %d recipients", len(messages))


def notification_mark_read(*, user, pk: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=clock.now())


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
