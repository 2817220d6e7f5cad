"""What went up to the province: each export with the exact bytes sent and their SHA-256, and the
province's receipt of it. Both are written once and never changed (append-only, database triggers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import ExportKind, ReceiptOutcome


class ProvinceExport(AppendOnly):
    """One document exported for the province, as the bytes that left the platform."""

    # The office whose data it is: the consolidating office, the rating cycle's, the filing office.
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="province_exports", verbose_name=_("office")
    )
    kind = models.CharField(_("kind of export"), max_length=30, choices=ExportKind.choices)
    period_label = models.CharField(_("period"), max_length=20)
    subject = models.CharField(_("exported"), max_length=200)
    contract_version = models.CharField(_("schema version"), max_length=10)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("exported document"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("exported at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("export to the province")
        verbose_name_plural = _("exports to the province")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class ProvinceReceipt(AppendOnly):
    """The province's receipt of one export: its number, when it was received, accepted or rejected."""

    export = models.OneToOneField(
        ProvinceExport, on_delete=models.PROTECT, related_name="receipt", verbose_name=_("export to the province")
    )
    number = models.CharField(_("receipt number"), max_length=64)
    received_at = models.DateTimeField(_("received at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReceiptOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="export__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("province receipt")
        verbose_name_plural = _("province receipts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="rejected") | ~models.Q(reason=""), name="province_receipt_rejection_reason"
            )
        ]

    def __str__(self) -> str:
        return self.number
