from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AuditAction, AuditChannel


class AuditEntry(models.Model):
    """One write, append-only. `entry_hash` covers this entry and the previous entry's hash,
    so altering or removing any record breaks the chain from there on (`finsup audit verify`).
    Database triggers refuse UPDATE and DELETE on this table."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=AuditChannel.choices)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Path of office codes of the office the object belongs to, for scoping the trail.
    office_path = models.CharField(max_length=255, blank=True)
    # The record this entry is about at the top level ("institutions.institution:42"), so a
    # shareholder's change shows in its institution's history.
    subject = models.CharField(_("subject"), max_length=120, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # The hash algorithm of this entry (FINSUP_AUDIT_HASH when written): sha256 or sm3.
    algorithm = models.CharField(max_length=10, default="sha256")

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["at"]),
            models.Index(fields=["office_path"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditHead(models.Model):
    """A single row locked while appending, so that concurrent writers chain in order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
