from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core import clock


class Notification(models.Model):
    """Something waiting for one user (a filing to review, a reminder, a warning). Personal, so
    it is scoped by its recipient, not by office: selectors filter on `user`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(max_length=200, blank=True, help_text="Same key for the same user: sent once")
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""), name="notification_once")
        ]

    def __str__(self) -> str:
        return self.title
